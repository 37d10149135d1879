"""Operations of a spec as views for the templates: parameters, bodies, responses, auth, errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .. import naming
from ..quirks import Quirks
from ..refs import iter_operations, own_server, server_url
from .bodies import Body, Response, read_body, read_responses
from .schemas import SCHEMA_PREFIX, Field, SchemaReader

JSON_HINT = "json"


@dataclass
class Param:
    name: str
    location: str
    argument: str | None  # keyword argument of the generated call; None when the runtime sets it
    row: Field
    schema: dict[str, Any]
    enum_model: str | None = None  # the schema the generated enum class of an enum parameter is named after
    example: Any = None
    has_example: bool = False


@dataclass(frozen=True)
class AuthUse:
    argument: str
    placement: str
    scheme: str
    where: str  # "query api_key", "header Authorization: OAuth"


@dataclass(frozen=True)
class ErrorUse:
    type: str
    status: int | None
    cls: str | None


@dataclass
class Operation:
    operation_id: str
    anchor: str
    method: str
    path: str
    tag: str
    summary: str
    description: str
    deprecated: bool
    since: str | None
    claimed: str | None
    params: list[Param]
    body: Body | None
    responses: list[Response]
    auth: list[AuthUse]
    errors: list[ErrorUse]
    paginated: bool
    method_name: str
    call: str
    pager: str  # client.<tag>.<method>_iter: every item of every page (paginated operations)
    module: str
    requires_any: list[str] = field(default_factory=list)  # x-soundspec-requires-any-of: send one at least
    server: str | None = None  # its own host (operation or path item `servers`), when not the API's
    curl: str = ""
    python: str = ""

    @property
    def search_text(self) -> str:
        words = [self.method, self.path, self.operation_id, self.tag, self.summary, self.call]
        return " ".join(words).lower()


def operation_anchor(operation_id: str) -> str:
    return f"op-{operation_id}"  # bodies.Link spells it too


def _merged_params(reader: SchemaReader, path_item: dict[str, Any], op: dict[str, Any]) -> list[dict[str, Any]]:
    """Path-level parameters overridden by operation-level ones (same name and location)."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in [*(path_item.get("parameters") or []), *(op.get("parameters") or [])]:
        param = reader.resolve(raw)
        if isinstance(param, dict) and "name" in param:
            merged[(str(param["name"]), str(param.get("in")))] = param
            reader.claim(raw)
    return list(merged.values())


def _param(reader: SchemaReader, raw: dict[str, Any], owned: frozenset[str], op_id: str) -> Param:
    name, location = str(raw["name"]), str(raw.get("in"))
    row = reader.row(name, raw.get("schema") or {}, bool(raw.get("required")))
    row.description = str(raw.get("description") or row.description)
    row.deprecated = row.deprecated or bool(raw.get("deprecated"))
    row.since = raw.get("x-soundspec-since") or row.since
    row.claimed = reader.claim(raw) or row.claimed
    is_owned = location == "query" and name in owned
    schema = reader.resolve(raw.get("schema") or {})
    param = Param(name, location, None if is_owned else naming.parameter_name(name), row, schema)
    if isinstance(schema.get("enum"), list):
        ref = (raw.get("schema") or {}).get("$ref", "")
        # the stock generator names an inline enum after its operation and parameter
        param.enum_model = ref.removeprefix(SCHEMA_PREFIX) if ref.startswith(SCHEMA_PREFIX) else f"{op_id}_{name}"
    if "example" in raw:
        param.example, param.has_example = raw["example"], True
    elif isinstance(raw.get("examples"), dict) and raw["examples"]:
        first = reader.resolve(next(iter(raw["examples"].values())))
        if isinstance(first, dict) and "value" in first:
            param.example, param.has_example = first["value"], True
    if param.has_example:
        row.example = json.dumps(param.example, ensure_ascii=False)
    return param


def auth_uses(spec: dict[str, Any], quirks: Quirks, op: dict[str, Any]) -> list[AuthUse]:
    """The credentials an operation needs, each in its default placement where the spec allows it."""
    requirements = op.get("security", spec.get("security")) or []
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    credentials = quirks.auth.credentials if quirks.auth else ()
    by_scheme = {s: (c, p) for c in credentials for p, s in c.schemes.items()}

    def rank(req: dict[str, Any]) -> tuple[int, int]:
        known = [by_scheme[s] for s in req if s in by_scheme]
        defaults = sum(1 for c, p in known if p == c.default_placement)
        return (len(known) - len(req), defaults)

    usable = [r for r in requirements if isinstance(r, dict)]
    if not usable or any(not r for r in usable):
        return []  # an empty requirement makes authentication optional
    best = max(usable, key=rank)
    out = []
    for scheme_name in best:
        if scheme_name not in by_scheme:
            continue
        cred, placement = by_scheme[scheme_name]
        out.append(AuthUse(cred.argument, placement, scheme_name, describe_scheme(schemes.get(scheme_name) or {})))
    return out


def describe_scheme(scheme: dict[str, Any]) -> str:
    kind = scheme.get("type")
    if kind == "apiKey":
        return f"{scheme.get('in')} parameter {scheme.get('name')}"
    if kind == "http":
        return f"header Authorization: {scheme.get('scheme')} <token>"
    return str(kind or "unknown")


def _paginated(
    spec: dict[str, Any], quirks: Quirks, reader: SchemaReader, op: dict[str, Any], params: list[Param]
) -> bool:
    pag = quirks.pagination
    if pag is None:
        return False
    if pag.style == "offset-limit":
        names = {p.name for p in params if p.location == "query"}
        return {pag.settings.get("limit-param"), pag.settings.get("offset-param")} <= names
    ok = reader.resolve((op.get("responses") or {}).get("200") or {})
    for media_type, media in (ok.get("content") or {}).items():
        schema = reader.resolve((media or {}).get("schema") or {})
        props = schema.get("properties") or {} if isinstance(schema, dict) else {}
        arrays = [p for p in props.values() if reader.resolve(p).get("type") == "array"]
        if JSON_HINT in media_type and pag.settings.get("next") in props and len(arrays) == 1:
            return True
    return False


def api_server(spec: dict[str, Any]) -> str:
    """The document's base URL, for examples (a placeholder host when it names none)."""
    return server_url(spec) or "http://localhost"


def read_operations(spec: dict[str, Any], quirks: Quirks, reader: SchemaReader, package: str) -> list[Operation]:
    owned = quirks.owned_query_params()
    types = quirks.errors.types if quirks.errors else {}
    out = []
    for path, method, op, _pointer in iter_operations(spec):
        op_id = str(op.get("operationId") or f"{method}_{path}")
        tag = str((op.get("tags") or ["default"])[0])
        params = [_param(reader, p, owned, op_id) for p in _merged_params(reader, spec["paths"][path], op)]
        errors = [
            ErrorUse(name, types[name].status if name in types else None, types[name].cls if name in types else None)
            for name in op.get("x-soundspec-error-types") or []
        ]
        out.append(
            Operation(
                operation_id=op_id,
                anchor=operation_anchor(op_id),
                method=method.upper(),
                path=path,
                tag=tag,
                summary=str(op.get("summary") or ""),
                description=str(op.get("description") or ""),
                deprecated=bool(op.get("deprecated")),
                since=op.get("x-soundspec-since"),
                claimed=reader.claim(op),
                params=params,
                body=read_body(reader, op),
                responses=read_responses(reader, op),
                auth=auth_uses(spec, quirks, op),
                errors=errors,
                paginated=_paginated(spec, quirks, reader, op, params),
                method_name=naming.method_name(op_id),
                call=naming.facade_call(tag, op_id),
                pager=f"client.{naming.tag_attribute(tag)}.{naming.pager_name(op_id)}",
                module=naming.module_path(package, tag, op_id),
                requires_any=[str(name) for name in op.get("x-soundspec-requires-any-of") or []],
                server=own_server(spec, spec["paths"][path], op),
            )
        )
    return out
