"""A valid request for an operation of any API, made from its spec: path and required query
parameters as its examples show them (else drawn from their schemas), every credential of the
mock in every place a scheme puts it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from generator.mock import MockApp
from generator.mock.compiled import Operation
from generator.mock.synth import rng


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # below the server, with the API's base path and the query
    headers: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return value if isinstance(value, str) else json.dumps(value)


def credentials(app: MockApp) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(query pairs, headers) carrying each credential of the mock where its apiKey schemes put it."""
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    auth = app.api.quirks.auth
    for credential in auth.credentials if auth else ():
        values = sorted(app.behaviour.credentials.get(credential.argument, ()))
        for scheme_name in credential.schemes.values() if values else ():
            scheme = app.api.schemes.get(scheme_name) or {}
            if scheme.get("type") == "apiKey" and scheme.get("in") == "query":
                query.append((str(scheme["name"]), values[0]))
            elif scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                headers[str(scheme["name"])] = values[0]
    return query, headers


def _example(app: MockApp, node: Any, schema: Any) -> Any:
    """The value the spec shows for a parameter (its documented calls name what the mock's data holds)."""
    if "example" in node:
        return node["example"]
    for named in (node.get("examples") or {}).values():
        example = app.api.model.resolve(named)
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    return schema.get("example") if isinstance(schema, dict) else None


def valid_call(app: MockApp, op: Operation, seed: int = 0) -> Call:
    """A request `op` takes: its path and required query parameters from their schemas, the credentials."""
    generator = rng(seed)
    synth = app.behaviour.ctx.synth
    path = op.template
    query, headers = credentials(app)
    model = op.model
    assert model is not None
    if model.dispatch is not None:
        query.append((model.dispatch.param, str(model.dispatch.value)))
    for param in model.parameters:
        value = _example(app, param.node, param.resolved_schema)
        if value is None:
            value = synth.value(param.schema, generator, param.name)
        if param.location == "path":
            path = path.replace("{" + param.name + "}", quote(_text(value), safe=""))
        elif param.location == "query" and param.required and all(name != param.name for name, _ in query):
            query.append((param.name, _text(value)))
    encoded = "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in query)
    return Call(op.method, app.api.prefix + path + (f"?{encoded}" if encoded else ""), headers)
