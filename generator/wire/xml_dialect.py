"""Decode and encode the XML dialects of old REST frameworks into JSON-shaped data.

Self-contained (stdlib and defusedxml only): the client runtime template includes this file
verbatim, so the toolkit and every generated client decode XML the same way.

A dialect is a mapping with the keys of `x-soundspec-formats.formats.*.xml`:
root (root element name, None = the root is the value itself), item (list item element name,
None = any child of a typed array), literals (texts standing for scalars), type-attribute,
nil-attribute, dasherize; and `unwrapped`, taken from the spec's OpenAPI `xml` objects
(`wrapped: false`): {parent element: {item element: key}} for arrays whose items stand directly
in their parent, as SoundCloud's `<errors><error>...</error></errors>`. Untyped text stays a
string; callers coerce it against a schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml.ElementTree import fromstring

_TYPED: dict[str, Callable[[str], Any]] = {
    "integer": int,
    "float": float,
    "decimal": float,
    "boolean": lambda text: text.strip().lower() in {"true", "1"},
}


def _key(tag: str, dialect: dict[str, Any]) -> str:
    return tag.replace("-", "_") if dialect.get("dasherize") else tag


def _is_list(element: Element, dialect: dict[str, Any]) -> bool:
    type_attribute = dialect.get("type-attribute")
    if type_attribute and element.get(type_attribute) == "array":
        return True
    item = dialect.get("item")
    return bool(item) and len(element) > 0 and all(child.tag == item for child in element)


def _scalar(element: Element, dialect: dict[str, Any]) -> Any:
    nil_attribute = dialect.get("nil-attribute")
    if nil_attribute and element.get(nil_attribute) == "true":
        return None
    text = element.text or ""
    type_attribute = dialect.get("type-attribute")
    kind = element.get(type_attribute) if type_attribute else None
    if kind in _TYPED and text.strip():
        try:
            return _TYPED[kind](text)
        except ValueError:
            return text
    literals: dict[str, Any] = dialect.get("literals") or {}
    return literals.get(text, text)


def element_to_data(element: Element, dialect: dict[str, Any]) -> Any:
    if _is_list(element, dialect):
        return [element_to_data(child, dialect) for child in element]
    if len(element) == 0:
        return _scalar(element, dialect)
    gathered: dict[str, str] = (dialect.get("unwrapped") or {}).get(element.tag) or {}
    data: dict[str, Any] = {key: [] for key in gathered.values()}
    for child in element:
        if child.tag in gathered:
            data[gathered[child.tag]].append(element_to_data(child, dialect))
        else:
            data[_key(child.tag, dialect)] = element_to_data(child, dialect)
    return data


def decode(body: bytes, dialect: dict[str, Any], roots: tuple[str, ...] | None = None) -> Any:
    """Parse `body` safely (no entities, no external references) into JSON-shaped data.

    Where the dialect names the root after the answer, `roots` are the names this answer may
    have: a body with another root is another answer (an HTML page, another resource)."""
    root = fromstring(body)
    if dialect.get("root") is None:
        if roots and root.tag not in roots:
            raise ValueError(f"expected root element {' or '.join(f'<{r}>' for r in roots)}, got <{root.tag}>")
        return element_to_data(root, dialect)
    if root.tag != dialect["root"]:
        raise ValueError(f"expected root element <{dialect['root']}>, got <{root.tag}>")
    return element_to_data(root, dialect)


def _text(value: Any, dialect: dict[str, Any]) -> str:
    for text, literal in (dialect.get("literals") or {}).items():
        if value is literal or (type(value) is type(literal) and value == literal):
            return str(text)
    return str(value)


def _fill(parent: Element, value: Any, dialect: dict[str, Any], items: Mapping[str, str]) -> None:
    type_attribute = dialect.get("type-attribute")
    nil_attribute = dialect.get("nil-attribute")
    if isinstance(value, dict):
        inline = {key: item for item, key in ((dialect.get("unwrapped") or {}).get(parent.tag) or {}).items()}
        for key, child in value.items():
            if key in inline and isinstance(child, list):
                for each in child:
                    _fill(SubElement(parent, inline[key]), each, dialect, items)
                continue
            tag = key.replace("_", "-") if dialect.get("dasherize") else key
            _fill(SubElement(parent, tag), child, dialect, items)
    elif isinstance(value, list):
        if type_attribute:
            parent.set(type_attribute, "array")
        singular = parent.tag[:-1] if parent.tag.endswith("s") else parent.tag
        item = dialect.get("item") or items.get(parent.tag) or singular
        for child in value:
            _fill(SubElement(parent, item), child, dialect, items)
    elif value is None and nil_attribute:
        parent.set(nil_attribute, "true")
    else:
        if type_attribute and isinstance(value, bool):
            parent.set(type_attribute, "boolean")
        elif type_attribute and isinstance(value, int):
            parent.set(type_attribute, "integer")
        elif type_attribute and isinstance(value, float):
            parent.set(type_attribute, "float")
        parent.text = _text(value, dialect)


def encode(
    value: Any, dialect: dict[str, Any], name: str = "response", items: Mapping[str, str] | None = None
) -> bytes:
    """Render JSON-shaped data in the dialect; `name` is the root when the dialect has none.

    `items` names the item elements of arrays by the array's own element name (`tracks` ->
    `track`, `collection` -> `track`), as the schema names them; an array not named there gets
    the dialect's `item`, else the singular of its own name.
    """
    root = Element(dialect.get("root") or name)
    _fill(root, value, dialect, items or {})
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(tostring(root, encoding="utf-8"))
