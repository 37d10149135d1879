"""Element names of an XML answer, read from the spec's OpenAPI `xml` objects.

A schema names its element with `xml.name` (`Track` -> `track`); without one, a component is
named after itself in kebab case (`WebProfile` -> `web-profile`), and a list after its items in
the plural. An array property is written wrapped (`<collection type="array"><track>`), as the
Rails-style dialects did, unless its `xml` says `wrapped: false`: then its items stand directly
in the parent element (`<errors><error>...</error></errors>`).
"""

from __future__ import annotations

import re
from typing import Any

from .refs import DanglingRef, deref

_COMPONENT = "#/components/schemas/"


def _resolved(spec: dict[str, Any], schema: Any) -> dict[str, Any]:
    try:
        found = deref(spec, schema)
    except DanglingRef:
        return {}
    return found if isinstance(found, dict) else {}


def element_name(spec: dict[str, Any], schema: Any) -> str | None:
    """The schema's own element name: its `xml.name`, else its component's name in kebab case."""
    for _ in range(32):
        if not isinstance(schema, dict):
            return None
        name = (schema.get("xml") or {}).get("name")
        if name is not None:
            return str(name)
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return None
        target = _resolved(spec, {"$ref": ref})
        if (
            (target.get("xml") or {}).get("name") is None
            and ref.startswith(_COMPONENT)
            and "/" not in ref[len(_COMPONENT) :]
        ):
            return re.sub(r"(?<!^)(?=[A-Z])", "-", ref[len(_COMPONENT) :]).lower()
        schema = target
    return None


def _elements(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(element name, object schema) of every component and of the objects nested in their
    properties, each named as it is written: `xml.name`, its component's name, else its key."""
    found: list[tuple[str, dict[str, Any]]] = []
    seen: set[int] = set()

    def visit(element: str | None, schema: Any, depth: int) -> None:
        if not isinstance(schema, dict) or depth > 16 or "$ref" in schema:
            return
        if id(schema) in seen:
            return
        seen.add(id(schema))
        if element:
            found.append((element, schema))
        for key, prop in (schema.get("properties") or {}).items():
            if isinstance(prop, dict) and "$ref" not in prop:
                visit(element_name(spec, prop) or key, prop, depth + 1)
                items = prop.get("items")
                if isinstance(items, dict) and "$ref" not in items:
                    visit(element_name(spec, items) or key, items, depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key) or []:
                visit(element, sub, depth + 1)

    for name, schema in ((spec.get("components") or {}).get("schemas") or {}).items():
        visit(element_name(spec, {"$ref": _COMPONENT + name}), schema, 0)
    return found


def unwrapped(spec: dict[str, Any]) -> dict[str, dict[str, str]]:
    """{parent element: {item element: key}} for the array properties declared `xml: {wrapped: false}`."""
    found: dict[str, dict[str, str]] = {}
    for parent, schema in _elements(spec):
        for key, prop in (schema.get("properties") or {}).items():
            if isinstance(prop, dict) and (prop.get("xml") or {}).get("wrapped") is False:
                found.setdefault(parent, {})[element_name(spec, prop.get("items")) or key] = key
    return found


def attribute_keys(spec: dict[str, Any]) -> dict[str, dict[str, str]]:
    """{element: {property: attribute name}} for the properties declared `xml: {attribute: true}`."""
    found: dict[str, dict[str, str]] = {}
    for element, schema in _elements(spec):
        for key, prop in (schema.get("properties") or {}).items():
            xml = prop.get("xml") if isinstance(prop, dict) else None
            if isinstance(xml, dict) and xml.get("attribute") is True:
                found.setdefault(element, {})[key] = str(xml.get("name") or key)
    return found


def _branch(spec: dict[str, Any], schema: Any, data: Any) -> Any:
    """The alternative of a oneOf/anyOf that `data` is an instance of (a list is the array one)."""
    resolved = _resolved(spec, schema)
    options = [*(resolved.get("oneOf") or []), *(resolved.get("anyOf") or [])]
    wanted = "array" if isinstance(data, list) else "object"
    for option in options:
        target = _resolved(spec, option)
        if target.get("type") == wanted or (wanted == "object" and "properties" in target):
            return _branch(spec, option, data)
    return schema


def _plural(name: str) -> str:
    return name if name.endswith("s") else f"{name}s"


def answer_names(spec: dict[str, Any], schema: Any, data: Any, dasherize: bool) -> tuple[str | None, dict[str, str]]:
    """(root element, {array element: item element}) of `data` answered under `schema`."""
    schema = _branch(spec, schema, data)
    resolved = _resolved(spec, schema)
    items: dict[str, str] = {}
    root = element_name(spec, schema)
    if resolved.get("type") == "array":
        item = element_name(spec, resolved.get("items"))
        if item is not None:
            root = root or _plural(item)
            items[root] = item
        return root, items
    for key, prop in (resolved.get("properties") or {}).items():
        target = _resolved(spec, prop)
        item = element_name(spec, target.get("items")) if target.get("type") == "array" else None
        if item is not None:
            items[key.replace("_", "-") if dasherize else key] = item
    return root, items
