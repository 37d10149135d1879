"""A spec compiled once at start-up: operations, parameters and their validators.

Validators are built here with jsonschema_rs against the whole document (so `$ref`s resolve)
and reused by every request; nothing in the request path reads the raw spec again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import jsonschema_rs

from ..apimodel import Api, Parameter
from ..apimodel import Operation as ApiOperation
from ..quirks import Quirks
from ..refs import deref
from . import coerce
from .hints import refused_values

SPEC_URI = "urn:soundspec:mock"
_FORM_MEDIA = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Param:
    name: str
    location: str  # query | path | header | cookie
    required: bool
    kinds: frozenset[str]
    array: bool
    explode: bool
    default: Any
    has_default: bool
    validator: Any  # jsonschema_rs validator
    spans_slashes: bool = False  # a path parameter whose pattern admits `/` (a path inside the path)
    refused: dict[str, str] = field(default_factory=dict)  # value -> explanation (hints.refused_values)


@dataclass(frozen=True)
class BodyMedia:
    media_type: str
    schema: dict[str, Any]
    validator: Any
    flat_names: bool  # form field names are the literal property names (`track[title]`)
    names: frozenset[str] = frozenset()  # the schema's property names


@dataclass(frozen=True)
class Operation:
    op_id: str
    method: str
    template: str
    pointer: str
    params: tuple[Param, ...]
    body_required: bool
    bodies: dict[str, BodyMedia]
    security: tuple[dict[str, list[str]], ...]
    responses: dict[str, Mapping[str, Any]]
    hints: dict[str, Any]
    raw: Mapping[str, Any] = field(repr=False)
    # the query parameters it declares: quirk parameters (format, JSONP, request id) count only here
    query_names: frozenset[str] = frozenset()
    model: ApiOperation | None = field(default=None, repr=False)  # the API model's operation (its dispatch)

    def declares(self, status: int) -> bool:
        code = str(status)
        return code in self.responses or f"{code[0]}XX" in self.responses or "default" in self.responses

    def response(self, status: int) -> Mapping[str, Any] | None:
        code = str(status)
        for key in (code, f"{code[0]}XX", "default"):
            if key in self.responses:
                return self.responses[key]
        return None

    def declares_header(self, status: int, name: str) -> bool:
        headers = (self.response(status) or {}).get("headers") or {}
        return name.lower() in (h.lower() for h in headers)

    def media_types(self, status: int) -> tuple[str, ...]:
        response = self.response(status) or {}
        return tuple(response.get("content") or ())


class CompiledApi:
    def __init__(self, name: str, model: Api) -> None:
        self.name = name
        self.model = model
        self.spec = model.document
        self.quirks: Quirks = model.quirks
        self.registry = jsonschema_rs.Registry([(SPEC_URI, self.spec)], draft=jsonschema_rs.Draft202012)
        self._validators: dict[str, Any] = {}
        self.server_url = model.server_url or ""
        self.prefix = urlsplit(self.server_url).path.rstrip("/")
        self.schemes = model.security_schemes
        self.operations = [self._operation(op) for op in model.operations]
        self.by_id = {op.op_id: op for op in self.operations}

    def validator(self, pointer: str) -> Any:
        found = self._validators.get(pointer)
        if found is None:
            fragment = quote(pointer, safe="/~")
            found = jsonschema_rs.validator_for(
                {"$ref": f"{SPEC_URI}#{fragment}"}, registry=self.registry, validate_formats=True
            )
            self._validators[pointer] = found
        return found

    def validator_for(self, schema: dict[str, Any], formats: dict[str, Any] | None = None) -> Any:
        """A validator for an inline schema that may `$ref` into the spec; `formats` checked when given."""
        if formats is None:
            return jsonschema_rs.validator_for(_rebase(schema), registry=self.registry)
        return jsonschema_rs.validator_for(
            _rebase(schema), registry=self.registry, validate_formats=True, formats=formats
        )

    def _operation(self, op: ApiOperation) -> Operation:
        params = tuple(p for p in map(self._param, op.parameters) if p is not None)
        bodies, required = self._bodies(op)
        return Operation(
            op_id=op.operation_id or f"{op.method}{op.path}",
            method=op.method.upper(),
            template=op.wire_path,
            pointer=op.pointer,
            params=params,
            body_required=required,
            bodies=bodies,
            security=tuple(dict(s) for s in op.security or ()),
            responses={r.status: r.node for r in op.responses},
            hints=dict(op.node.get("x-soundspec-mock") or {}),
            raw=op.node,
            query_names=frozenset(p.name for p in params if p.location == "query"),
            model=op,
        )

    def _param(self, declared: Parameter) -> Param | None:
        if declared.schema is None:
            return None
        raw, resolved, location = declared.node, declared.resolved_schema, declared.location
        kinds = coerce.kinds_of(self.spec, declared.schema)
        return Param(
            name=declared.name,
            location=location,
            required=declared.required,
            kinds=kinds,
            array="array" in kinds,
            explode=bool(raw.get("explode", raw.get("style", "form") == "form")),
            default=resolved.get("default"),
            has_default="default" in resolved,
            validator=self.validator(declared.schema_pointer),
            spans_slashes=location == "path" and "/" in str(resolved.get("pattern", "")),
            refused=refused_values(raw),
        )

    def _bodies(self, op: ApiOperation) -> tuple[dict[str, BodyMedia], bool]:
        if op.body is None:
            return {}, False
        out: dict[str, BodyMedia] = {}
        for content in op.body.content:
            media = content.media_type.lower()
            schema = content.schema or {}
            names = list(_property_names(self.spec, schema))
            out[media] = BodyMedia(
                media_type=media,
                schema=schema,
                validator=self.validator(content.schema_pointer),
                flat_names=media in _FORM_MEDIA and any("[" in n for n in names),
                names=frozenset(names),
            )
        return out, op.body.required


def _property_names(spec: dict[str, Any], schema: Any) -> Iterable[str]:
    resolved = deref(spec, schema)
    names = list((resolved.get("properties") or {}) if isinstance(resolved, dict) else ())
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in (resolved.get(key) or []) if isinstance(resolved, dict) else ():
            names += list(_property_names(spec, sub))
    return names


def _rebase(node: Any) -> Any:
    """Point local `#/...` refs of an inline schema at the registered spec."""
    if isinstance(node, dict):
        return {
            k: (f"{SPEC_URI}{v}" if k == "$ref" and isinstance(v, str) and v.startswith("#") else _rebase(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node
