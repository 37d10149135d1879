"""Usage examples for a generated package's README, written with the spec's own operations and examples."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.openapi import Endpoint

from .. import naming
from ..refs import DanglingRef, deref
from .plan import Planner, raw


@dataclass
class Call:
    tag: str
    method: str
    module: str
    args: str  # the call's arguments as Python source


@dataclass
class Examples:
    get: Call | None
    pager: Call | None
    first_tag: str


def _example(spec: dict[str, Any], op: dict[str, Any], name: str) -> Any:
    for ref in op.get("parameters", []):
        try:
            param = deref(spec, ref)
        except DanglingRef:
            continue
        if isinstance(param, dict) and param.get("name") == name:
            if "example" in param:
                return param["example"]
            for example in (param.get("examples") or {}).values():
                if isinstance(example, dict) and "value" in example:
                    return example["value"]
            schema = deref(spec, param.get("schema") or {})
            return schema.get("example", schema.get("default"))
    return None


def _args(spec: dict[str, Any], op: dict[str, Any], endpoint: Endpoint, path_item: dict[str, Any]) -> str:
    merged = {**op, "parameters": [*path_item.get("parameters", []), *op.get("parameters", [])]}
    parts = []
    for prop in endpoint.path_parameters:
        value = _example(spec, merged, raw(prop.name))
        parts.append(repr(value if value is not None else 1))
    for prop in endpoint.query_parameters:
        value = _example(spec, merged, raw(prop.name))
        if prop.required or (prop.python_name == "q" and isinstance(value, str) and value):
            parts.append(f"{prop.python_name}={value if value is not None else 'x'!r}")
    return ", ".join(parts)


def readme_examples(spec: dict[str, Any], data: GeneratorData, planner: Planner) -> Examples:
    get = pager = None
    for tag, collection in data.endpoint_collections_by_tag.items():
        for endpoint in collection.endpoints:
            if endpoint.bodies or endpoint.method != "get":
                continue
            plan = planner(endpoint)
            op = planner.spec_operation(endpoint)
            path_item = next(i for p, i in spec["paths"].items() if isinstance(i, dict) and i.get("get") is op)
            args = _args(spec, op, endpoint, path_item)
            call = Call(naming.tag_attribute(tag), plan.facade_name, raw(endpoint.name), args)
            if pager is None and plan.paging is not None:
                pager = Call(call.tag, plan.pager_name, call.module, call.args)
            if get is None and endpoint.path_parameters and plan.results and plan.results[0].kind == "data":
                get = call
    first = next(iter(data.endpoint_collections_by_tag), "default")
    return Examples(get, pager, first)
