"""An answer a parameter chooses (x-soundspec-chosen-by, the linked paging form), for every API
of the project: the facade has an overload per form, and the call reads the answer as the form
its argument chose, from data the mock would send for that form."""

from __future__ import annotations

import importlib
import typing
from typing import Any

import pytest
from openapi_python_client.parser import GeneratorData

from generator.clients.lower import lower_spec
from generator.clients.plan import Planner
from generator.config import load_project
from generator.generator_config import make_config
from generator.mock.synth import Synth, rng
from generator.specs import load_spec
from tests.support import ROOT

APIS = load_project(ROOT).apis


def _chosen_operations(api: Any) -> list[tuple[Any, Any, Any]]:
    spec = load_spec(api.spec)
    data = GeneratorData.from_dict(lower_spec(spec.model), config=make_config(package_name="p", project_name="p"))
    assert isinstance(data, GeneratorData)
    planner = Planner(spec.model)
    planner.models = {m.class_info.name: m for m in data.models}
    found = []
    for tag, collection in data.endpoint_collections_by_tag.items():
        for endpoint in collection.endpoints:
            plan = planner(endpoint)
            if plan.choice is not None:
                found.append((spec, (tag, endpoint.name), plan))
    return found


def _argument(branch: Any) -> Any:
    return {"absent": None, "present": "id", "equals": branch.value}[branch.when]


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_each_form_of_a_chosen_answer_reads_as_its_type(api: Any) -> None:
    chosen = _chosen_operations(api)
    assert chosen, f"{api.name}: no answer is chosen by a parameter"
    for spec, (tag, name), plan in chosen:
        module = importlib.import_module(f"{api.package}.api.{tag}.{name}")
        resource = importlib.import_module(f"{api.package}.api.{tag}._resource")
        facade = getattr(
            next(v for k, v in vars(resource).items() if k.endswith("Resource") and not k.startswith("Async")),
            plan.facade_name,
        )
        assert len(typing.get_overloads(facade)) >= len(plan.choice.branches), plan.operation_id
        op = next(o for o in spec.model.operations if o.operation_id == plan.operation_id)
        media = next(
            m for r in op.responses if r.status == str(plan.choice.status) for m in r.content if "json" in m.media_type
        )
        schema = media.resolved_schema
        branches = schema.get("anyOf") or schema.get("oneOf")
        synth = Synth(spec.data, spec.model.quirks)
        for branch, branch_schema in zip(plan.choice.branches, branches, strict=True):
            data = synth.value(branch_schema, rng(plan.operation_id))
            value = _argument(branch)
            parse = module._chosen(module.UNSET if value is None else value)
            parsed = parse(plan.choice.status, data)
            expected = branch.type_string
            if expected.startswith("list["):
                assert isinstance(parsed, list), (plan.operation_id, expected)
            else:
                assert type(parsed).__name__ == expected, (plan.operation_id, expected, type(parsed).__name__)
