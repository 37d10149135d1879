"""Hypothesis strategies for an operation's inputs, built straight from its JSON Schemas.

Client fuzzing needs many valid inputs quickly; schemathesis' own strategies carry machinery
(coverage metadata, example mixing, negative mutations) that this does not need. Parameters and
bodies map onto plain hypothesis strategies (integers within bounds, enums, regexes, the API's
date formats, objects of their required and optional properties), and every drawn value is held
to its schema by a compiled validator, so nothing invalid gets through. A schema this cannot
express raises Unsupported, and the caller falls back to schemathesis' strategy.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jsonschema_rs
from hypothesis import strategies as st

from ..apimodel import Operation, RequestBody
from ..jsonschemas import date_checker
from ..quirks import Quirks
from ..refs import DanglingRef, follow
from .harness import date_strategy

SPEC_URI = "urn:soundspec:strategy"
MISSING: Any = object()  # an optional parameter left out
_BODY_MEDIA = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
_TEXT = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


class Unsupported(ValueError):
    """A schema these strategies do not express."""


@dataclass(frozen=True)
class Drawn:
    """One operation's inputs: values by parameter name per location, and the body."""

    path: dict[str, Any]
    query: dict[str, Any]
    headers: dict[str, Any]
    body: Any
    media_type: str | None


class StrategyBuilder:
    def __init__(self, spec: dict[str, Any], quirks: Quirks) -> None:
        self.spec = spec
        self.quirks = quirks
        formats = {name: date_checker(fmt) for name, fmt in quirks.dates.items()}
        self.registry = jsonschema_rs.Registry([(SPEC_URI, spec)], draft=jsonschema_rs.Draft202012)
        self.formats = formats

    def _valid(self, pointer: str) -> Any:
        validator = jsonschema_rs.validator_for(
            {"$ref": f"{SPEC_URI}#{quote(pointer, safe='/~')}"}, registry=self.registry, formats=self.formats
        )
        return validator.is_valid

    def value(self, schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
        """Values of `schema` (not yet held to it: `checked` does that)."""
        if depth > 8:
            raise Unsupported("schema nested too deep")
        try:
            schema = follow(self.spec, "", schema)[1]
        except DanglingRef as err:
            raise Unsupported(str(err)) from None
        if schema is True or schema == {}:
            return st.one_of(st.integers(-5, 5), st.text(_TEXT, max_size=8), st.booleans())
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        for key in ("anyOf", "oneOf"):
            if key in schema:
                rest = {k: v for k, v in schema.items() if k != key}
                return st.one_of([self.value(self._merge(rest, b), depth + 1) for b in schema[key]])
        if "allOf" in schema:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for branch in schema["allOf"]:
                merged = self._merge(merged, follow(self.spec, "", branch)[1])
            return self.value(merged, depth + 1)
        kinds = schema.get("type")
        if isinstance(kinds, list):
            return st.one_of([self.value(dict(schema, type=k), depth + 1) for k in kinds])
        return self._typed(schema, kinds, depth)

    def _merge(self, base: dict[str, Any], other: Any) -> dict[str, Any]:
        other = follow(self.spec, "", other)[1]
        if not isinstance(other, dict):
            raise Unsupported("a non-object branch")
        merged = {**base, **other}
        if "properties" in base and "properties" in other:
            merged["properties"] = {**base["properties"], **other["properties"]}
        merged["required"] = list(dict.fromkeys([*base.get("required", []), *other.get("required", [])]))
        return merged

    def _typed(self, schema: dict[str, Any], kind: Any, depth: int) -> st.SearchStrategy[Any]:
        if kind == "integer":
            low, high = (
                _bound(schema, "minimum", "exclusiveMinimum", 1),
                _bound(schema, "maximum", "exclusiveMaximum", -1),
            )
            return st.integers(min_value=low, max_value=high)
        if kind == "number":
            low = schema.get("minimum", schema.get("exclusiveMinimum"))
            high = schema.get("maximum", schema.get("exclusiveMaximum"))
            exclude_min, exclude_max = "exclusiveMinimum" in schema, "exclusiveMaximum" in schema
            return st.floats(
                low, high, allow_nan=False, allow_infinity=False, exclude_min=exclude_min, exclude_max=exclude_max
            )
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        if kind == "array":
            items = self.value(schema.get("items", {}), depth + 1)
            low = schema.get("minItems", 0)
            return st.lists(items, min_size=low, max_size=max(low, min(schema.get("maxItems", 4), 4)))
        if kind == "object" or (kind is None and "properties" in schema):
            props = schema.get("properties") or {}
            required = [p for p in schema.get("required", []) if p in props]
            return st.fixed_dictionaries(
                {p: self.value(props[p], depth + 1) for p in required},
                optional={p: self.value(s, depth + 1) for p, s in props.items() if p not in required},
            )
        if kind == "string" or kind is None:
            return self._string(schema)
        raise Unsupported(f"type {kind!r}")

    def _string(self, schema: dict[str, Any]) -> st.SearchStrategy[str]:
        fmt = schema.get("format")
        low, high = schema.get("minLength", 0), schema.get("maxLength", 24)
        if fmt in self.quirks.dates:
            return date_strategy(self.quirks.dates[fmt])
        if "pattern" in schema:
            # ECMA regexes: \d and \w are ASCII there, as in Python only with re.ASCII
            found = st.from_regex(re.compile(schema["pattern"], re.ASCII), fullmatch=True)
            if "minLength" in schema or "maxLength" in schema:
                found = found.filter(lambda s: low <= len(s) <= high)
            return found
        if fmt == "date-time":
            return st.datetimes().map(lambda d: d.isoformat() + "Z")
        if fmt == "date":
            return st.dates().map(lambda d: d.isoformat())
        if fmt in ("uri", "url", "uri-reference", "iri"):
            return st.from_regex(r"https://[a-z]{1,8}\.example/[a-z0-9]{0,8}", fullmatch=True)
        if fmt == "email":
            return st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.example", fullmatch=True)
        if fmt == "binary":
            return st.binary(min_size=low, max_size=max(low, 64)).map(lambda b: b.decode("latin-1"))
        return st.text(_TEXT, min_size=low, max_size=max(low, min(high, 24)))

    def checked(self, pointer: str, schema: Any, examples: list[Any] | None = None) -> st.SearchStrategy[Any]:
        """Values of the schema at `pointer` that its validator accepts, its examples among them.

        The spec's examples name resources that exist (in the mock's dataset, on the real server),
        so they reach past the 404s that random values mostly get.
        """
        valid = self._valid(pointer)
        found = self.value(schema)
        examples = [e for e in (examples or []) + _examples(follow(self.spec, "", schema)[1]) if valid(e)]
        if examples:
            found = st.one_of(st.sampled_from(examples), found)
        return found.filter(valid)

    def operation(self, op: Operation) -> st.SearchStrategy[Drawn]:
        """Every input of one operation: its parameters and its body."""
        fields: dict[tuple[str, str], st.SearchStrategy[Any]] = {}
        for param in op.parameters:
            where = param.location
            if where not in ("path", "query", "header") or param.schema is None:
                continue
            value = self.checked(param.schema_pointer, param.schema, _examples(param.node))
            if where == "path":
                value = value.filter(lambda v: str(v) != "")
            fields[(where, param.name)] = value if param.required else st.one_of(st.just(MISSING), value)
        body = self._body(op.body)

        @st.composite
        def draw(draw_value: st.DrawFn) -> Drawn:
            values = {key: draw_value(strategy) for key, strategy in fields.items()}
            media, content = draw_value(body)
            by_place: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}}
            for (where, name), value in values.items():
                if value is not MISSING:
                    by_place[where][name] = value
            return Drawn(by_place["path"], by_place["query"], by_place["header"], content, media)

        return draw()

    def _files(self, media: str, schema: Any, bodies: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        """Multipart file parts as bytes (drawn as latin-1 text, so that the schema could check them)."""
        properties = follow(self.spec, "", schema)[1].get("properties") or {} if media == "multipart/form-data" else {}
        files = {k for k, v in properties.items() if follow(self.spec, "", v)[1].get("format") == "binary"}
        if not files:
            return bodies

        def as_bytes(body: Any) -> Any:
            if not isinstance(body, dict):
                return body
            return {k: v.encode("latin-1") if k in files and isinstance(v, str) else v for k, v in body.items()}

        return bodies.map(as_bytes)

    def _body(self, body: RequestBody | None) -> st.SearchStrategy[tuple[str | None, Any]]:
        if body is None:
            return st.just((None, None))
        content = {media.media_type: media for media in body.content}
        choices = [
            st.tuples(
                st.just(name),
                self._files(
                    name, media.schema, self.checked(media.schema_pointer, media.schema, _examples(media.node))
                ),
            )
            for name in _BODY_MEDIA
            if (media := content.get(name)) is not None and isinstance(media.schema, dict)
        ]
        if not choices:
            raise Unsupported("a request body in no media type the client sends")
        drawn = st.one_of(choices)
        return drawn if body.required else st.one_of(st.just((None, None)), drawn)


def _examples(node: Any) -> list[Any]:
    """The example values an OpenAPI object (a parameter, a media type, a schema) gives."""
    if not isinstance(node, dict):
        return []
    found = [node["example"]] if "example" in node else []
    examples = node.get("examples")
    if isinstance(examples, dict):  # parameter / media type: name -> Example object
        found += [e["value"] for e in examples.values() if isinstance(e, dict) and "value" in e]
    elif isinstance(examples, list):  # schema: a list of values
        found += examples
    return found


def _bound(schema: dict[str, Any], inclusive: str, exclusive: str, step: int) -> int | None:
    """An integer bound; `step` is +1 for lower bounds, -1 for upper ones."""
    value = schema.get(exclusive)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(math.floor(value) + 1 if step > 0 else math.ceil(value) - 1)
    value = schema.get(inclusive)
    if isinstance(value, int | float):
        return int(math.ceil(value) if step > 0 else math.floor(value))
    return None
