"""Lower a truthful spec into the subset openapi-python-client 0.29.1 turns into good code.

The spec keeps describing the wire; this copy is only what the stock generator is fed:
- query parameters the runtime owns (format selection, JSONP, request ids, an operation's dispatch
  value) leave the signatures;
- a named non-ISO date format becomes `date-time` (so the field is a `datetime`), with a marker in
  its description that the datetime template reads back (`date_format_of`);
- a nullable enum or date becomes `anyOf: [<the value>, null]`, which the generator models cleanly;
- a parameter's description goes onto its schema, where the generator reads it for docstrings;
- `additionalProperties: false` and validation-only keywords go: the client keeps fields it does
  not know (drift tolerance) and never validates what the server sends;
- a response offered in several of the API's formats keeps only its JSON entry: the runtime
  decodes the other formats into the same JSON-shaped data;
- a value sent as text that callers get typed (`x-soundspec-as`) takes that type, and an object
  that only wraps its value (`x-soundspec-unwrap`) becomes the value's schema: the runtime
  coerces the data alike (shapes);
- a success answer that may be the API's error (`oneOf: [<reply>, <error>]`, errors inside a 200)
  keeps only the reply: the runtime raises the error before the model is read.
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime
from typing import Any

from ..apimodel import Api, iter_operation_nodes
from ..jsonschemas import json_type
from ..quirks import Quirks, dispatch_of
from ..refs import DanglingRef, resolve_pointer

# Keywords that only validate: the client does not validate responses, and some confuse the generator.
_VALIDATION_ONLY = (
    "if", "then", "else", "not", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
    "unevaluatedItems", "contains", "propertyNames", "patternProperties",
)  # fmt: skip
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMAS = ("items", "additionalProperties")
_MARKER = "Sent as the API's `{name}` form, e.g. `{example}`."
_MARKER_RE = re.compile(r"Sent as the API's `([A-Za-z0-9_.-]+)` form")
_SAMPLE = datetime(2013, 8, 6, 18, 40, 58, tzinfo=UTC)


def date_marker(name: str, parse: tuple[str, ...]) -> str:
    return _MARKER.format(name=name, example=_SAMPLE.strftime(parse[0]))


def marked_date_format(description: str | None) -> str | None:
    """The named date format a lowered description carries, if any."""
    match = _MARKER_RE.search(description or "")
    return match.group(1) if match else None


def _is_owned(api: Api, param: Any, owned: frozenset[str]) -> bool:
    # the copy is the document's twin, so its `$ref`s resolve alike in the model
    resolved = api.resolve(param)
    return isinstance(resolved, dict) and resolved.get("in") == "query" and resolved.get("name") in owned


def _drop_owned_params(spec: dict[str, Any], api: Api) -> None:
    api_wide = api.quirks.owned_query_params()
    for _path, _method, item, op, _pointer in iter_operation_nodes(spec):
        dispatch = dispatch_of(op)
        if dispatch is not None and dispatch.location == "form":
            _drop_form_field(spec, op, dispatch.param)
            dispatch = None
        owned = api_wide | {dispatch.param} if dispatch is not None else api_wide
        if "parameters" in op:
            op["parameters"] = [p for p in op["parameters"] if not _is_owned(api, p, owned)]
        if "parameters" in item:
            item["parameters"] = [p for p in item["parameters"] if not _is_owned(api, p, owned)]


def _drop_form_field(spec: dict[str, Any], op: dict[str, Any], name: str) -> None:
    """The dispatch field of an operation's form bodies is the runtime's to send, not an argument."""
    for media_type, media in ((op.get("requestBody") or {}).get("content") or {}).items():
        if "form" not in media_type or not isinstance(media, dict):
            continue
        schema = media.get("schema")
        for _ in range(8):  # the copy's own component, when the body names one
            ref = schema.get("$ref") if isinstance(schema, dict) else None
            if not isinstance(ref, str) or not ref.startswith("#/"):
                break
            try:
                schema = resolve_pointer(spec, ref)
            except DanglingRef:
                return
        if isinstance(schema, dict):
            (schema.get("properties") or {}).pop(name, None)
            if name in (schema.get("required") or []):
                schema["required"] = [r for r in schema["required"] if r != name]


def _split_null(node: dict[str, Any]) -> None:
    """`{type: [X, null], enum: [.., null]}` -> `{anyOf: [{type: X, enum: [..]}, {type: null}]}`."""
    types = node.get("type")
    enum = node.get("enum")
    nullable = (isinstance(types, list) and "null" in types) or (isinstance(enum, list) and None in enum)
    if not nullable:
        return
    value: dict[str, Any] = {}
    for key in ("type", "enum", "format", "pattern", "minLength", "maxLength", "minimum", "maximum", "items"):
        if key in node:
            value[key] = node.pop(key)
    if isinstance(value.get("type"), list):
        rest = [t for t in value["type"] if t != "null"]
        value["type"] = rest[0] if len(rest) == 1 else rest
    if "enum" in value:
        value["enum"] = [v for v in value["enum"] if v is not None]
        if "type" not in value and value["enum"]:
            value["type"] = json_type(value["enum"][0])
    node["anyOf"] = [value, {"type": "null"}, *node.get("anyOf", [])]


def _lower_schema(node: Any, quirks: Quirks) -> None:
    if isinstance(node, dict) and isinstance(node.get("x-soundspec-unwrap"), str):
        inner = copy.deepcopy((node.get("properties") or {}).get(node["x-soundspec-unwrap"]) or {})
        described = node.get("description")
        node.clear()
        node.update(inner)
        if described and "$ref" not in node:
            node.setdefault("description", described)
    if not isinstance(node, dict) or "$ref" in node:
        return
    if node.get("x-soundspec-as") in ("integer", "number", "boolean"):
        node["type"] = node["x-soundspec-as"]
        for key in ("pattern", "minLength", "maxLength", "format"):
            node.pop(key, None)
    for key in _VALIDATION_ONLY:
        node.pop(key, None)
    if node.get("additionalProperties") is False:
        del node["additionalProperties"]
    if "const" in node and "type" not in node:
        node["type"] = json_type(node["const"])
    if node.get("format") in quirks.dates or "enum" in node:
        _split_null(node)
    fmt = node.get("format")
    if isinstance(fmt, str) and fmt in quirks.dates:
        node["format"] = "date-time"
        node.pop("pattern", None)
        marker = date_marker(fmt, quirks.dates[fmt].parse)
        node["description"] = f"{node['description'].rstrip()}\n\n{marker}" if node.get("description") else marker
    for key in _SUBSCHEMA_LISTS:
        for sub in node.get(key) or []:
            _lower_schema(sub, quirks)
    for key in _SUBSCHEMAS:
        _lower_schema(node.get(key), quirks)
    for sub in (node.get("properties") or {}).values():
        _lower_schema(sub, quirks)


def _schema_roots(spec: dict[str, Any]) -> list[Any]:
    """Every schema that is not inside another schema: components, parameters, bodies, headers."""
    roots: list[Any] = []
    components = spec.get("components") or {}
    roots += (components.get("schemas") or {}).values()

    def carriers(node: Any) -> None:
        if not isinstance(node, dict):
            return
        if "schema" in node:
            roots.append(node["schema"])
        for media in (node.get("content") or {}).values():
            carriers(media)
        for header in (node.get("headers") or {}).values():
            carriers(header)

    for kind in ("parameters", "responses", "requestBodies", "headers"):
        for value in (components.get(kind) or {}).values():
            carriers(value)
    for _path, _method, item, op, _pointer in iter_operation_nodes(spec):
        for param in [*op.get("parameters", []), *item.get("parameters", [])]:
            carriers(param)
        carriers(op.get("requestBody"))
        for response in (op.get("responses") or {}).values():
            carriers(response)
    return roots


def _is_json(media_type: str) -> bool:
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _keep_json_media(spec: dict[str, Any], quirks: Quirks) -> None:
    """A response offered in several API formats keeps only its JSON entry."""
    formats = {f.media_type.lower() for f in quirks.formats.formats.values()} if quirks.formats else set()
    responses = list(((spec.get("components") or {}).get("responses") or {}).values())
    for _path, _method, _item, op, _pointer in iter_operation_nodes(spec):
        responses += (op.get("responses") or {}).values()
    for response in responses:
        content = response.get("content") if isinstance(response, dict) else None
        if not content or not any(_is_json(ct) for ct in content):
            continue
        for media_type in list(content):
            if not _is_json(media_type) and media_type.split(";")[0].strip().lower() in formats:
                del content[media_type]


def _describe_parameters(spec: dict[str, Any]) -> None:
    """A parameter's description onto its schema: the generator documents a parameter by its
    schema's description, and the spec (rightly) describes the parameter."""
    params = list(((spec.get("components") or {}).get("parameters") or {}).values())
    for _path, _method, item, op, _pointer in iter_operation_nodes(spec):
        params += [*op.get("parameters", []), *item.get("parameters", [])]
    for param in params:
        schema = param.get("schema") if isinstance(param, dict) else None
        described = isinstance(schema, dict) and ("$ref" in schema or schema.get("description"))
        if isinstance(schema, dict) and param.get("description") and not described:
            schema["description"] = " ".join(str(param["description"]).split())


def _drop_error_branches(spec: dict[str, Any], quirks: Quirks) -> None:
    """`oneOf`/`anyOf` branches of success bodies that are the error schema go (errors in any status)."""
    errors = quirks.errors
    if errors is None or not errors.when:
        return
    for _path, _method, _item, op, _pointer in iter_operation_nodes(spec):
        for status, response in (op.get("responses") or {}).items():
            if not str(status).startswith("2") or not isinstance(response, dict):
                continue
            for media in (response.get("content") or {}).values():
                schema = media.get("schema") if isinstance(media, dict) else None
                for key in ("oneOf", "anyOf"):
                    branches = schema.get(key) if isinstance(schema, dict) else None
                    if not isinstance(schema, dict) or not isinstance(branches, list):
                        continue
                    kept = [b for b in branches if not (isinstance(b, dict) and b.get("$ref") == errors.schema)]
                    if len(kept) == 1 and len(schema) == 1:
                        media["schema"] = kept[0]
                    elif kept:
                        schema[key] = kept


def lower_spec(api: Api) -> dict[str, Any]:
    quirks = api.quirks
    lowered = copy.deepcopy(api.document)
    _drop_owned_params(lowered, api)
    _describe_parameters(lowered)
    _drop_error_branches(lowered, quirks)
    for root in _schema_roots(lowered):
        _lower_schema(root, quirks)
    _keep_json_media(lowered, quirks)
    return lowered
