"""Compile response schemas into the compact type shapes the client runtime coerces XML and YAML with.

XML text carries no types and YAML a few of its own; the runtime gives such values the JSON types
their schema expects (see the runtime's `coerce`). The shape vocabulary: "s" string, "t" datetime
string, "i" integer, "n" number, "b" boolean, "z" null, "*" anything; ("o", {name: shape}[, required
lists]) object; ("l", shape[, True]) array (True: a list of one may come as its item alone, in JSON
too); ("u", (shape, ...)) one of; ("r", name) a named component shape; ("w", key, shape) an object
that only wraps its value at `key` (`x-soundspec-unwrap`). A string schema with `x-soundspec-as` has
the shape of the type callers get.
"""

from __future__ import annotations

from typing import Any

from ..apimodel import Api
from ..jsonschemas import json_type

_SCALARS = {"string": "s", "integer": "i", "number": "n", "boolean": "b", "null": "z"}
_COMPONENT = "#/components/schemas/"


class ShapeTable:
    """Shapes of schemas, with component schemas named once in `named` (recursion-safe)."""

    def __init__(self, api: Api) -> None:
        self._api = api
        self._dates = set(api.quirks.dates) | {"date-time"}
        self.named: dict[str, Any] = {}

    def shape(self, schema: Any) -> Any:
        if not isinstance(schema, dict):
            return "*"
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._ref(ref)
        wrapped = schema.get("x-soundspec-unwrap")
        if isinstance(wrapped, str):
            return ("w", wrapped, self.shape((schema.get("properties") or {}).get(wrapped)))
        typed = schema.get("x-soundspec-as")
        if typed in _SCALARS:
            return _SCALARS[typed]
        alternatives = [self.shape(s) for key in ("anyOf", "oneOf") for s in schema.get(key) or []]
        own = self._own(schema)
        if own != "*" or not alternatives:
            alternatives.insert(0, own)
        return _union(alternatives)

    def _ref(self, ref: str) -> Any:
        target = self._api.resolve({"$ref": ref})
        if target is None:
            return "*"
        if not ref.startswith(_COMPONENT) or "/" in ref[len(_COMPONENT) :]:
            return self.shape(target)
        name = ref[len(_COMPONENT) :]
        if name not in self.named:
            self.named[name] = "*"  # a placeholder while a recursive schema refers to itself
            self.named[name] = self.shape(target)
        found = self.named[name]
        return found if isinstance(found, str) else ("r", name)

    def _own(self, schema: dict[str, Any]) -> Any:
        """The shape of the schema's own keywords (type, properties, items, allOf)."""
        declared = schema.get("type")
        types = [declared] if isinstance(declared, str) else list(declared or [])
        for value in [schema["const"]] if "const" in schema else schema.get("enum") or []:
            types.append(json_type(value))
        props: dict[str, Any] = {}
        required: list[str] = []
        for branch in [schema, *(schema.get("allOf") or [])]:
            resolved = self._resolve(branch)
            for name, sub in (resolved.get("properties") or {}).items():
                props.setdefault(name, self.shape(sub))
            required += [r for r in resolved.get("required") or [] if isinstance(r, str)]
            if resolved is not schema and resolved.get("type") == "object":
                types.append("object")
        # required lists, which XML writes as no element at all when they are empty
        lists = tuple(name for name in dict.fromkeys(required) if name in props and _is_list(props[name]))
        obj = ("o", props, lists) if lists else ("o", props)
        shapes: list[Any] = []
        for kind in dict.fromkeys(types):
            if kind == "object" or (kind is None and props):
                shapes.append(obj)
            elif kind == "array":
                lone = schema.get("x-soundspec-lone-item") is True
                shapes.append(
                    ("l", self.shape(schema.get("items")), True) if lone else ("l", self.shape(schema.get("items")))
                )
            elif kind == "string" and schema.get("format") in self._dates:
                shapes.append("t")
            elif kind in _SCALARS:
                shapes.append(_SCALARS[kind])
        if not types and props:
            shapes.append(obj)
        return _union(shapes) if shapes else "*"

    def _resolve(self, schema: Any) -> dict[str, Any]:
        found = self._api.resolve(schema)
        return found if isinstance(found, dict) else {}


def _is_list(shape: Any) -> bool:
    return isinstance(shape, tuple) and shape[0] == "l"


def _union(shapes: list[Any]) -> Any:
    unique: list[Any] = []
    for shape in shapes:
        if shape == "*":
            return "*"
        if shape not in unique:
            unique.append(shape)
    if not unique:
        return "*"
    return unique[0] if len(unique) == 1 else ("u", tuple(unique))
