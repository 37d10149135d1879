"""Usage examples for a generated package's README, written with the spec's own operations and examples."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.openapi import Endpoint

from .. import naming
from ..apimodel import Operation
from .plan import Planner, raw


@dataclass
class Call:
    tag: str
    method: str
    module: str
    args: str  # the call's arguments as Python source


# where `soundspec mock <name>` listens unless told otherwise (generator/mock/commands.py)
MOCK_ORIGIN = "http://127.0.0.1:8000"


@dataclass
class Examples:
    get: Call | None
    pager: Call | None
    first_tag: str
    mock_origin: str
    base_path: str  # the path the API's server URL has ("" at the root)
    download: Call | None = None  # an operation whose answer is a file

    @property
    def mock_base_url(self) -> str:
        """The mock's origin and the API's base path, as `base_url=` takes it."""
        return self.mock_origin + self.base_path


def _example(op: Operation, name: str) -> Any:
    param = next((p for p in op.parameters if p.name == name), None)
    if param is None:
        return None
    if "example" in param.node:
        return param.node["example"]
    for example in (param.node.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    schema = param.resolved_schema
    return schema.get("example", schema.get("default"))


def _args(op: Operation, endpoint: Endpoint) -> str:
    parts = []
    for prop in endpoint.path_parameters:
        value = _example(op, raw(prop.name))
        parts.append(repr(value if value is not None else 1))
    for prop in endpoint.query_parameters:
        value = _example(op, raw(prop.name))
        if prop.required or (prop.python_name == "q" and isinstance(value, str) and value):
            parts.append(f"{prop.python_name}={value if value is not None else 'x'!r}")
    return ", ".join(parts)


def readme_examples(data: GeneratorData, planner: Planner, server_url: str | None) -> Examples:
    get = pager = download = None
    for tag, collection in data.endpoint_collections_by_tag.items():
        for endpoint in collection.endpoints:
            if endpoint.bodies or endpoint.method != "get":
                continue
            plan = planner(endpoint)
            args = _args(planner.spec_operation(endpoint), endpoint)
            call = Call(naming.tag_attribute(tag), plan.facade_name, raw(endpoint.name), args)
            if pager is None and plan.paging is not None:
                pager = Call(call.tag, plan.pager_name, call.module, call.args)
            if download is None and plan.downloads:
                download = Call(call.tag, plan.facade_name, call.module, call.args)
            if get is None and endpoint.path_parameters and plan.results and plan.results[0].kind == "data":
                get = call
    first = next(iter(data.endpoint_collections_by_tag), "default")
    # the mock serves the operations under the same base path as the real server
    path = urlsplit(server_url or "").path.rstrip("/")
    return Examples(get, pager, first, MOCK_ORIGIN, path, download)
