"""JSON Schemas as readable rows: a type line with links, constraints, allowed values, nested fields.

A `$ref` to a component schema is a link to that schema's own table, never expanded in place
(except at the top of a body, where `expand` shows the referenced schema's fields once), so
recursive schemas stay finite and every schema is printed in full exactly once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..apimodel import Api
from ..jsonschemas import json_type

SCHEMA_PREFIX = "#/components/schemas/"
_MAX_DEPTH = 6


@dataclass(frozen=True)
class Part:
    """A piece of a type line; `href` links to a schema or quirk anchor."""

    text: str
    href: str | None = None


@dataclass
class Field:
    name: str
    types: list[Part]
    required: bool = False
    description: str = ""
    constraints: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)
    default: str | None = None
    example: str | None = None
    deprecated: bool = False
    since: str | None = None
    claimed: str | None = None
    children: list[Field] = field(default_factory=list)


@dataclass
class SchemaView:
    """A component schema, shown in full once, in the Schemas part of the page."""

    name: str
    anchor: str
    description: str
    claimed: str | None
    fields: list[Field]
    types: list[Part]

    @property
    def search_text(self) -> str:
        return " ".join([self.name, *field_names(self.fields)]).lower()


def field_names(rows: list[Field]) -> list[str]:
    """The names of the rows and of their nested rows, and the schemas their types link to:
    what a search for a field or a schema finds a table by."""
    out: list[str] = []
    for row in rows:
        out.append(row.name)
        out += [part.text for part in row.types if part.href and part.href.startswith("#schema-")]
        out += field_names(row.children)
    return out


def schema_anchor(name: str) -> str:
    return f"schema-{name}"


def literal(value: Any) -> str:
    """A value as it goes over the wire in JSON (strings unquoted only where unambiguous)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class SchemaReader:
    """Describes schemas of one spec; `claims` collects the schema nodes whose claim was shown."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.quirks = api.quirks
        self.shown_claims: set[int] = set()

    def resolve(self, node: Any) -> Any:
        found = self.api.resolve(node)
        return {} if found is None else found

    def types(self, schema: Any, depth: int = 0) -> list[Part]:
        """The type line: `array of [Sound]`, `string (freesound-datetime) | null`, ..."""
        if not isinstance(schema, dict):
            return [Part("any")]
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref.startswith(SCHEMA_PREFIX):
                name = ref[len(SCHEMA_PREFIX) :]
                return [Part(name, "#" + schema_anchor(name))]
            return self.types(self.resolve(schema), depth + 1)
        for key, word in (("oneOf", "one of"), ("anyOf", "any of"), ("allOf", "all of")):
            if isinstance(schema.get(key), list) and depth < _MAX_DEPTH:
                combined = [Part(f"{word}: ")]
                for i, sub in enumerate(schema[key]):
                    if i:
                        combined.append(Part(" + " if key == "allOf" else " | "))
                    combined += self.types(sub, depth + 1)
                return combined
        raw = schema.get("type")
        names = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
        if not names:
            if "const" in schema:
                return [Part(f"const {literal(schema['const'])}")]
            if "properties" in schema:
                names = ["object"]
            elif "enum" in schema:
                names = sorted({json_type(v) for v in schema["enum"]})
            else:
                return [Part("any")]
        parts: list[Part] = []
        for i, name in enumerate(n for n in names if n != "null"):
            if i:
                parts.append(Part(" | "))
            parts += self._one_type(schema, name, depth)
        if "null" in names:
            parts.append(Part(" | null") if parts else Part("null"))
        return parts

    def _one_type(self, schema: dict[str, Any], name: str, depth: int) -> list[Part]:
        if name == "array":
            items = schema.get("items")
            if isinstance(items, dict) and depth < _MAX_DEPTH:
                return [Part("array of "), *self.types(items, depth + 1)]
            return [Part("array")]
        if name == "object" and isinstance(schema.get("additionalProperties"), dict) and "properties" not in schema:
            return [Part("map of string to "), *self.types(schema["additionalProperties"], depth + 1)]
        parts = [Part(name)]
        fmt = schema.get("format") or schema.get("contentMediaType")
        if isinstance(fmt, str):
            href = "#quirk-dates" if fmt in self.quirks.dates else None
            parts += [Part(" ("), Part(fmt, href), Part(")")]
        return parts

    def required_names(self, schema: Any, depth: int = 0) -> set[str]:
        """The keys an object must have: its own `required` and that of every allOf member.

        An allOf member may require a key another member defines (Freesound's `Sound` lists
        them in a member of its own, next to the `$ref` that has the properties).
        """
        schema = self.resolve(schema)
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return set()
        names = {str(name) for name in schema.get("required") or ()}
        for sub in schema.get("allOf") or ():
            names |= self.required_names(sub, depth + 1)
        return names

    def fields(self, schema: Any, depth: int = 0, required: frozenset[str] = frozenset()) -> list[Field]:
        """The rows of an object schema (or of the inline object items of an array).

        `required`: keys the enclosing allOf requires of this member's properties.
        """
        schema = self.resolve(schema) if depth == 0 else schema
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return []
        if isinstance(schema.get("allOf"), list):
            needed = required | self.required_names(schema)
            merged: list[Field] = []
            for sub in schema["allOf"]:
                merged += self.fields(self.resolve(sub), depth, needed)
            own = {k: v for k, v in schema.items() if k != "allOf"}
            return merged + (self.fields(own, depth, needed) if "properties" in own else [])
        if "properties" not in schema and isinstance(schema.get("items"), dict) and "$ref" not in schema["items"]:
            return self.fields(schema["items"], depth + 1)
        needed = required | {str(name) for name in schema.get("required") or ()}
        rows = []
        for name, prop in (schema.get("properties") or {}).items():
            rows.append(self.row(name, prop, name in needed, depth))
        return rows

    def row(self, name: str, prop: Any, required: bool, depth: int = 0) -> Field:
        """One row; inline objects (not `$ref`s) get their own rows nested below."""
        prop = prop if isinstance(prop, dict) else {}
        linked = isinstance(prop.get("$ref"), str) and prop["$ref"].startswith(SCHEMA_PREFIX)
        resolved = self.resolve(prop)
        # a linked schema keeps its description and notes for its own table, but what a value
        # may be (enum, default, limits) belongs in the row, next to the link
        target = prop if linked else resolved
        values = {**resolved, **prop} if isinstance(resolved, dict) else prop
        row = Field(
            name=name,
            types=self.types(prop),
            required=required,
            description=str(prop.get("description") or target.get("description") or ""),
            constraints=constraints(values),
            allowed=allowed(values),
            default=literal(values["default"]) if "default" in values else None,
            example=_example(target),
            deprecated=bool(target.get("deprecated")),
            since=target.get("x-soundspec-since"),
            claimed=self.claim(prop) or (self.claim(target) if target is not prop else None),
        )
        if "$ref" not in prop:
            row.children = self.fields(prop, depth + 1)
        return row

    def claim(self, node: Any) -> str | None:
        """The `x-soundspec-docs-claimed` note of a node, marked as shown."""
        if isinstance(node, dict) and isinstance(node.get("x-soundspec-docs-claimed"), str):
            self.shown_claims.add(id(node))
            return str(node["x-soundspec-docs-claimed"])
        return None


def _example(schema: dict[str, Any]) -> str | None:
    if "example" in schema:
        return literal(schema["example"])
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        return literal(examples[0])
    return None


def allowed(schema: dict[str, Any]) -> list[str]:
    if isinstance(schema.get("enum"), list):
        return [literal(v) for v in schema["enum"]]
    if "const" in schema:
        return [literal(schema["const"])]
    return []


_BOUNDS = (
    ("minimum", "≥ {}"),
    ("exclusiveMinimum", "> {}"),
    ("maximum", "≤ {}"),
    ("exclusiveMaximum", "< {}"),
    ("multipleOf", "multiple of {}"),
    ("minLength", "at least {} character{s}"),
    ("maxLength", "at most {} character{s}"),
    ("minItems", "at least {} item{s}"),
    ("maxItems", "at most {} item{s}"),
    ("pattern", "matches {}"),
)
# a lower bound of one says what it means
_AT_LEAST_ONE = {"minLength": "not empty", "minItems": "at least one item"}


def _bound(key: str, text: str, value: Any) -> str:
    if value == 1 and key in _AT_LEAST_ONE:
        return _AT_LEAST_ONE[key]
    return text.format(value, s="" if value == 1 else "s")


def constraints(schema: dict[str, Any]) -> list[str]:
    """Limits in words, in a fixed order."""
    out = [
        _bound(key, text, schema[key]) for key, text in _BOUNDS if key in schema and not isinstance(schema[key], bool)
    ]
    if schema.get("uniqueItems") is True:
        out.append("unique items")
    if schema.get("readOnly") is True:
        out.append("read-only")
    if schema.get("writeOnly") is True:
        out.append("write-only")
    return out
