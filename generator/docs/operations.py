"""Operations of a spec as views for the templates: parameters, bodies, responses, auth, errors."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import naming
from ..apimodel import Api, Parameter
from ..apimodel import Operation as ApiOperation
from ..quirks import Dispatch
from .bodies import Body, Response, read_body, read_responses
from .schemas import SCHEMA_PREFIX, Field, SchemaReader, field_names


@dataclass
class Param:
    name: str
    location: str
    argument: str | None  # keyword argument of the generated call; None when the runtime sets it
    row: Field
    schema: Mapping[str, Any]
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
    dispatch: tuple[str, str] | None = None  # (query parameter, value) naming it on its shared path
    dispatch_rule: Dispatch | None = None  # how the server matched that value (its case, query or form)
    curl: str = ""
    python: str = ""

    @property
    def search_text(self) -> str:
        words = [self.method, self.path, self.operation_id, self.tag, self.summary, self.call, *(self.dispatch or ())]
        words += [p.name for p in self.params] + field_names([p.row for p in self.params])
        words += [w for content in (self.body.contents if self.body else []) for w in content.search_words]
        words += [w for response in self.responses for w in response.search_words]
        return " ".join(dict.fromkeys(words)).lower()

    @property
    def wire_label(self) -> str:
        """Its path as a request names it: `/2.0/?method=artist.getInfo` for a dispatched operation."""
        return self.path + (f"?{self.dispatch[0]}={self.dispatch[1]}" if self.dispatch else "")


def operation_anchor(operation_id: str) -> str:
    return f"op-{operation_id}"  # bodies.Link spells it too


def _param(reader: SchemaReader, declared: Parameter, owned: frozenset[str], op_id: str) -> Param:
    raw = declared.node
    name, location = declared.name, declared.location
    row = reader.row(name, raw.get("schema") or {}, bool(raw.get("required")))
    row.description = str(raw.get("description") or row.description)
    row.deprecated = row.deprecated or bool(raw.get("deprecated"))
    row.since = raw.get("x-soundspec-since") or row.since
    row.claimed = reader.claim(raw) or row.claimed
    is_owned = location == "query" and name in owned
    schema = declared.resolved_schema
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


def auth_uses(api: Api, op: ApiOperation) -> list[AuthUse]:
    """The credentials an operation needs, each in its default placement where the spec allows it."""
    requirements = op.security or ()
    schemes = api.security_schemes
    credentials = api.quirks.auth.credentials if api.quirks.auth else ()
    by_scheme = {s: (c, p) for c in credentials for p, s in c.schemes.items()}

    def rank(req: Mapping[str, Any]) -> tuple[int, int]:
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


def describe_scheme(scheme: Mapping[str, Any]) -> str:
    kind = scheme.get("type")
    if kind == "apiKey":
        return f"{scheme.get('in')} parameter {scheme.get('name')}"
    if kind == "http":
        return f"header Authorization: {scheme.get('scheme')} <token>"
    return str(kind or "unknown")


def api_server(api: Api) -> str:
    """The document's base URL, for examples (a placeholder host when it names none)."""
    return api.server_url or "http://localhost"


def read_operations(api: Api, reader: SchemaReader, package: str) -> list[Operation]:
    owned = api.quirks.owned_query_params()
    types = api.quirks.errors.types if api.quirks.errors else {}
    out = []
    for op in api.operations:
        node, path = op.node, op.wire_path
        op_id = op.operation_id or f"{op.method}_{op.path}"
        tag = op.tags[0] if op.tags else "default"
        # the dispatch value is the runtime's to send, like the API-wide parameters
        own = owned | {op.dispatch.param} if op.dispatch is not None else owned
        params = [_param(reader, p, own, op_id) for p in op.parameters]
        errors = [
            ErrorUse(name, types[name].status if name in types else None, types[name].cls if name in types else None)
            for name in node.get("x-soundspec-error-types") or []
        ]
        out.append(
            Operation(
                operation_id=op_id,
                anchor=operation_anchor(op_id),
                method=op.method.upper(),
                path=path,
                tag=tag,
                summary=op.summary,
                description=op.description,
                deprecated=bool(node.get("deprecated")),
                since=node.get("x-soundspec-since"),
                claimed=reader.claim(node),
                params=params,
                body=read_body(reader, op.body),
                responses=read_responses(reader, op),
                auth=auth_uses(api, op),
                errors=errors,
                paginated=op.paging is not None,
                method_name=naming.method_name(op_id),
                call=naming.facade_call(tag, op_id),
                pager=f"client.{naming.tag_attribute(tag)}.{naming.pager_name(op_id)}",
                module=naming.module_path(package, tag, op_id),
                requires_any=[str(name) for name in node.get("x-soundspec-requires-any-of") or []],
                server=op.server,
                dispatch=(op.dispatch.param, op.dispatch.value) if op.dispatch is not None else None,
                dispatch_rule=op.dispatch,
            )
        )
    return out
