"""Operations of a spec as views for the templates: parameters, bodies, responses, auth, errors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .. import naming
from ..quirks import Quirks
from ..refs import iter_operations
from .schemas import SCHEMA_PREFIX, Field, Part, SchemaReader

JSON_HINT = "json"
RESPONSE_PREFIX = "#/components/responses/"


@dataclass
class Example:
    title: str
    text: str
    lang: str  # json, xml, text
    value: Any


@dataclass
class Content:
    media_types: list[str]  # media types sharing this schema
    types: list[Part]
    fields: list[Field]
    component: str | None  # the component schema whose fields these are
    examples: list[Example] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)  # the component schemas a body may be


@dataclass(frozen=True)
class Model:
    """A component schema a body can be: the generated model class is named after it."""

    name: str
    required: frozenset[str]
    fixed: dict[str, frozenset[str]]  # property -> the only values it takes (const, enum)

    def fits(self, value: Any) -> bool:
        if not isinstance(value, dict) or not self.required <= set(value):
            return False
        return all(value[k] in allowed for k, allowed in self.fixed.items() if k in value)


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


@dataclass
class Body:
    required: bool
    description: str
    claimed: str | None
    contents: list[Content]


@dataclass
class Recorded:
    name: str
    path: str
    request: str
    status: int
    media_type: str
    kind: str
    source: str
    notes: str
    text: str
    lang: str
    truncated: int  # lines left out


@dataclass(frozen=True)
class Link:
    name: str
    operation_id: str
    anchor: str
    parameters: dict[str, str]


@dataclass
class Response:
    status: str
    description: str
    claimed: str | None
    contents: list[Content]
    headers: list[Field]
    links: list[Link]
    shared: str | None = None  # the components/responses entry an error response refers to
    recordings: list[Recorded] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"response-{self.shared}"


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
    curl: str = ""
    python: str = ""

    @property
    def search_text(self) -> str:
        words = [self.method, self.path, self.operation_id, self.tag, self.summary, self.call]
        return " ".join(words).lower()


def operation_anchor(operation_id: str) -> str:
    return f"op-{operation_id}"


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


def _examples(reader: SchemaReader, media: dict[str, Any], media_type: str) -> list[Example]:
    lang = "json" if JSON_HINT in media_type else "xml" if "xml" in media_type else "text"
    found: list[tuple[str, Any]] = []
    if "example" in media:
        found.append(("Example", media["example"]))
    for key, raw in (media.get("examples") or {}).items():
        ex = reader.resolve(raw)
        if isinstance(ex, dict) and "value" in ex:
            found.append((str(ex.get("summary") or key), ex["value"]))
    out = []
    for title, value in found:
        text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
        out.append(Example(title, text, lang if isinstance(value, str) else "json", value))
    return out


def _contents(reader: SchemaReader, content: Any) -> list[Content]:
    """One entry per schema: media types with the same schema are listed together."""
    out: list[Content] = []
    for media_type, raw in (content or {}).items():
        media = raw if isinstance(raw, dict) else {}
        schema = media.get("schema")
        types = reader.types(schema) if schema is not None else [Part("no schema")]
        rows = reader.fields(schema) if schema is not None else []
        examples = _examples(reader, media, str(media_type))
        same = next((c for c in out if c.types == types and c.fields == rows), None)
        if same is not None:
            same.media_types.append(str(media_type))
            same.examples += examples
            continue
        component = types[0].text if len(types) == 1 and types[0].href else None
        out.append(Content([str(media_type)], types, rows, component, examples, _models(reader, schema)))
    return out


def _models(reader: SchemaReader, schema: Any) -> list[Model]:
    """The component schemas behind a body schema: itself, or the alternatives of its oneOf/anyOf."""
    if not isinstance(schema, dict):
        return []
    refs = [schema] if "$ref" in schema else [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])]
    out = []
    for ref in refs:
        name = ref.get("$ref", "") if isinstance(ref, dict) else ""
        if not name.startswith(SCHEMA_PREFIX):
            continue
        target = reader.resolve(ref)
        fixed = {}
        for prop, raw in (target.get("properties") or {}).items():
            sub = reader.resolve(raw)
            if "const" in sub:
                fixed[str(prop)] = frozenset([sub["const"]])
            elif isinstance(sub.get("enum"), list) and len(sub["enum"]) == 1:
                fixed[str(prop)] = frozenset(sub["enum"])
        out.append(Model(name.removeprefix(SCHEMA_PREFIX), frozenset(target.get("required") or ()), fixed))
    return out


def _headers(reader: SchemaReader, response: dict[str, Any]) -> list[Field]:
    rows = []
    for name, raw in (response.get("headers") or {}).items():
        header = reader.resolve(raw)
        row = reader.row(str(name), header.get("schema") or {}, bool(header.get("required")))
        row.description = str(header.get("description") or row.description)
        rows.append(row)
    return rows


def _links(response: dict[str, Any]) -> list[Link]:
    out = []
    for name, link in (response.get("links") or {}).items():
        if isinstance(link, dict) and isinstance(link.get("operationId"), str):
            params = {str(k): str(v) for k, v in (link.get("parameters") or {}).items()}
            out.append(Link(str(name), link["operationId"], operation_anchor(link["operationId"]), params))
    return out


def read_response(reader: SchemaReader, status: str, raw: Any) -> Response:
    response = reader.resolve(raw)
    return Response(
        status=status,
        description=str(response.get("description") or ""),
        claimed=reader.claim(raw) or reader.claim(response),
        contents=_contents(reader, response.get("content")),
        headers=_headers(reader, response),
        links=_links(response),
    )


def _responses(reader: SchemaReader, op: dict[str, Any]) -> list[Response]:
    out = []
    for status, raw in (op.get("responses") or {}).items():
        ref = raw.get("$ref") if isinstance(raw, dict) else None
        if isinstance(ref, str) and ref.startswith(RESPONSE_PREFIX) and not str(status).startswith(("1", "2", "3")):
            # an error answer many operations share is shown in full once, in Shared responses
            shared = reader.resolve(raw)
            name = ref.removeprefix(RESPONSE_PREFIX)
            out.append(Response(str(status), str(shared.get("description") or ""), None, [], [], [], shared=name))
            continue
        out.append(read_response(reader, str(status), raw))
    return out


def _body(reader: SchemaReader, op: dict[str, Any]) -> Body | None:
    if "requestBody" not in op:
        return None
    raw = op["requestBody"]
    body = reader.resolve(raw)
    claimed = reader.claim(raw) or reader.claim(body)
    return Body(
        bool(body.get("required")), str(body.get("description") or ""), claimed, _contents(reader, body.get("content"))
    )


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
                body=_body(reader, op),
                responses=_responses(reader, op),
                auth=auth_uses(spec, quirks, op),
                errors=errors,
                paginated=_paginated(spec, quirks, reader, op, params),
                method_name=naming.method_name(op_id),
                call=naming.facade_call(tag, op_id),
                pager=f"client.{naming.tag_attribute(tag)}.{naming.pager_name(op_id)}",
                module=naming.module_path(package, tag, op_id),
            )
        )
    return out
