"""A spec compiled once at start-up: operations, parameters and their validators.

Validators are built here with jsonschema_rs against the whole document (so `$ref`s resolve)
and reused by every request; nothing in the request path reads the raw spec again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import jsonschema_rs

from ..quirks import Quirks, load_quirks
from ..refs import deref, iter_operations
from ..yamlsource import join
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
    responses: dict[str, dict[str, Any]]
    hints: dict[str, Any]
    raw: dict[str, Any] = field(repr=False)
    # the query parameters it declares: quirk parameters (format, JSONP, request id) count only here
    query_names: frozenset[str] = frozenset()

    def declares(self, status: int) -> bool:
        code = str(status)
        return code in self.responses or f"{code[0]}XX" in self.responses or "default" in self.responses

    def response(self, status: int) -> dict[str, Any] | None:
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
    def __init__(self, name: str, spec: dict[str, Any]) -> None:
        self.name = name
        self.spec = spec
        self.quirks: Quirks = load_quirks(spec)
        self.registry = jsonschema_rs.Registry([(SPEC_URI, spec)], draft=jsonschema_rs.Draft202012)
        self._validators: dict[str, Any] = {}
        servers = spec.get("servers") or [{"url": "/"}]
        self.server_url = str(servers[0].get("url", "/")).rstrip("/")
        self.prefix = urlsplit(self.server_url).path.rstrip("/")
        self.schemes: dict[str, dict[str, Any]] = {
            k: deref(spec, v) for k, v in ((spec.get("components") or {}).get("securitySchemes") or {}).items()
        }
        root_security = tuple(spec.get("security") or ())
        self.operations = [self._operation(*o, root_security) for o in iter_operations(spec)]
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

    def _operation(
        self, path: str, method: str, op: dict[str, Any], pointer: str, root_security: tuple[Any, ...]
    ) -> Operation:
        item = self.spec["paths"][path]
        params: dict[tuple[str, str], Param] = {}
        levels = ((item.get("parameters") or [], join("/paths", path)), (op.get("parameters") or [], pointer))
        for source, base in levels:
            for i, raw in enumerate(source):
                param_pointer = join(base, "parameters", i)
                if isinstance(raw, dict) and "$ref" in raw:
                    param_pointer = raw["$ref"][1:]
                compiled = self._param(deref(self.spec, raw), param_pointer)
                if compiled is not None:
                    params[(compiled.location, compiled.name)] = compiled
        bodies, required = self._bodies(op, pointer)
        responses = {str(k): deref(self.spec, v) for k, v in (op.get("responses") or {}).items()}
        security = op.get("security", root_security)
        return Operation(
            op_id=str(op.get("operationId") or f"{method}{path}"),
            method=method.upper(),
            template=path,
            pointer=pointer,
            params=tuple(params.values()),
            body_required=required,
            bodies=bodies,
            security=tuple(dict(s) for s in security),
            responses=responses,
            hints=dict(op.get("x-soundspec-mock") or {}),
            raw=op,
            query_names=frozenset(p.name for p in params.values() if p.location == "query"),
        )

    def _param(self, raw: dict[str, Any], pointer: str) -> Param | None:
        if "schema" not in raw:
            return None
        schema = raw["schema"]
        kinds = coerce.kinds_of(self.spec, schema)
        resolved = deref(self.spec, schema)
        location = str(raw.get("in", "query"))
        return Param(
            name=str(raw["name"]),
            location=location,
            required=bool(raw.get("required", location == "path")),
            kinds=kinds,
            array="array" in kinds,
            explode=bool(raw.get("explode", raw.get("style", "form") == "form")),
            default=resolved.get("default") if isinstance(resolved, dict) else None,
            has_default=isinstance(resolved, dict) and "default" in resolved,
            validator=self.validator(join(pointer, "schema")),
            spans_slashes=location == "path"
            and "/" in str(resolved.get("pattern", "") if isinstance(resolved, dict) else ""),
            refused=refused_values(raw),
        )

    def _bodies(self, op: dict[str, Any], pointer: str) -> tuple[dict[str, BodyMedia], bool]:
        raw = op.get("requestBody")
        if raw is None:
            return {}, False
        body_pointer = raw["$ref"][1:] if "$ref" in raw else join(pointer, "requestBody")
        body = deref(self.spec, raw)
        out: dict[str, BodyMedia] = {}
        for media, content in (body.get("content") or {}).items():
            schema = content.get("schema") or {}
            names = list(_property_names(self.spec, schema))
            out[media.lower()] = BodyMedia(
                media_type=media.lower(),
                schema=schema,
                validator=self.validator(join(body_pointer, "content", media, "schema")),
                flat_names=media.lower() in _FORM_MEDIA and any("[" in n for n in names),
                names=frozenset(names),
            )
        return out, bool(body.get("required", False))


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
