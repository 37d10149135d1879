"""Decode and encode the XML dialects of old REST frameworks into JSON-shaped data.

Self-contained (the standard library only): the client runtime template includes this file
verbatim, so the toolkit and every generated client decode XML the same way.

A dialect is a mapping with the keys of `x-soundspec-formats.formats.*.xml`:
root (root element name, None = the root is the value itself), item (list item element name,
None = any child of a typed array), literals (texts standing for scalars), type-attribute,
nil-attribute, dasherize; text (the key an element's text takes beside its attributes, `#text`),
attributes (the key that gathers the attributes of an element with child elements, `@attr`;
None = beside the children), root-status ({attribute, ok, failed}: the root element's attribute
that tells a success from a failure), arrays (`wrapped`, the Rails way: `<tracks><track/></tracks>`,
or `unwrapped`: repeated elements named after the list); and, from the spec's OpenAPI `xml`
objects, `unwrapped` ({parent element: {item element: key}} for arrays declared `wrapped: false`)
and `attribute-keys` ({element: {key: attribute name}} for properties declared `attribute: true`). Untyped text
stays a string; callers coerce it against a schema.

Parsing is not namespace-aware, on purpose: a prefix is part of the name, as the JSON renderings
of these APIs keep it (`"opensearch:totalResults"`), and servers wrote prefixes they never
declared, which a namespace-aware parser refuses. Entity declarations and external entities are
refused (no entity expansion, no external reference is ever fetched).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any
from xml.etree.ElementTree import Element, SubElement, TreeBuilder, tostring
from xml.parsers import expat

_TYPED: dict[str, Callable[[str], Any]] = {
    "integer": int,
    "float": float,
    "decimal": float,
    "boolean": lambda text: text.strip().lower() in {"true", "1"},
}
TEXT_KEY = "#text"


class UnsafeXml(ValueError):
    """The document declares entities or refers to external ones."""


def _refuse_entities(*_args: Any) -> None:
    raise UnsafeXml("XML entity declarations are refused")


def _refuse_external(*_args: Any) -> int:
    raise UnsafeXml("XML external entities are refused")


def parse(body: bytes | str) -> Element:
    """The document's root element; safe against entity bombs and external references."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse_entities
    parser.UnparsedEntityDeclHandler = _refuse_entities
    parser.ExternalEntityRefHandler = _refuse_external
    builder = TreeBuilder()
    parser.buffer_text = True
    parser.ordered_attributes = False
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    try:
        parser.Parse(body, True)
    except expat.ExpatError as err:
        raise ValueError(f"not well-formed XML: {err}") from None
    return builder.close()


def _key(tag: str, dialect: Mapping[str, Any]) -> str:
    return tag.replace("-", "_") if dialect.get("dasherize") else tag


def _attributes(element: Element, dialect: Mapping[str, Any]) -> dict[str, str]:
    """The attributes that are data: not the dialect's type and nil markers, nor namespace declarations."""
    if not element.attrib:
        return {}
    meta = {dialect.get("type-attribute"), dialect.get("nil-attribute")}
    declared: Mapping[str, str] = (dialect.get("attribute-keys") or {}).get(element.tag) or {}
    keys = {attribute: key for key, attribute in declared.items()}
    return {
        keys.get(name) or _key(name, dialect): value
        for name, value in element.attrib.items()
        if name not in meta and name != "xmlns" and not name.startswith("xmlns:")
    }


def _is_list(element: Element, dialect: Mapping[str, Any]) -> bool:
    type_attribute = dialect.get("type-attribute")
    if type_attribute and element.get(type_attribute) == "array":
        return True
    item = dialect.get("item")
    return bool(item) and len(element) > 0 and all(child.tag == item for child in element)


def _scalar(element: Element, dialect: Mapping[str, Any]) -> Any:
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


def element_to_data(element: Element, dialect: Mapping[str, Any], attributes: bool = True) -> Any:
    if _is_list(element, dialect):
        return [element_to_data(child, dialect) for child in element]
    attrs = _attributes(element, dialect) if attributes else {}
    if len(element) == 0:
        value = _scalar(element, dialect)
        # text beside attributes: {"#text": "url", "size": "small"}, as the JSON renderings wrote it
        return {dialect.get("text") or TEXT_KEY: value, **attrs} if attrs else value
    gathered: dict[str, str] = (dialect.get("unwrapped") or {}).get(element.tag) or {}
    data: dict[str, Any] = {key: [] for key in gathered.values()}
    attributes_key = dialect.get("attributes")
    beside: dict[str, str] = attrs  # the attributes that stand beside the children
    if attrs and attributes_key:
        declared: Mapping[str, str] = (dialect.get("attribute-keys") or {}).get(element.tag) or {}
        # properties the schema declares `xml: {attribute: true}` stand beside the children
        beside = {k: v for k, v in attrs.items() if k in declared}
        gathered_attrs = {k: v for k, v in attrs.items() if k not in declared}
        if gathered_attrs:
            data[attributes_key] = gathered_attrs
    data.update(beside)
    repeated: set[str] = set()
    for child in element:
        if child.tag in gathered:
            data[gathered[child.tag]].append(element_to_data(child, dialect))
            continue
        key = _key(child.tag, dialect)
        value = element_to_data(child, dialect)
        if key in repeated:
            data[key].append(value)
        elif key in data and key not in beside:
            # a repeated element is a list (`<image>` four times); a lone one stays a value, which
            # the reader turns into a list of one where the schema wants a list
            data[key] = [data[key], value]
            repeated.add(key)
        else:
            data[key] = value
    return data


def gather_attributes(value: dict[str, Any], declared: Collection[str], dialect: Mapping[str, Any]) -> dict[str, Any]:
    """`value` read from an element without children, its attributes gathered under the dialect's
    `attributes` key where the element's schema (its `declared` properties) keeps them there.

    Only an element with children gathers its attributes (`<toptracks page="2"><track/>...`); the
    same element with no children, an empty page (`<toptracks page="2" total="1"/>`), reads as its
    attributes beside its text, as the JSON renderings wrote it. Only the schema can tell the two
    apart, so the readers that hold one call this.
    """
    text = dialect.get("text") or TEXT_KEY
    attributes = dialect.get("attributes")
    if not attributes or attributes not in declared or text in declared or text not in value or attributes in value:
        return value
    return {attributes: {k: v for k, v in value.items() if k != text}}


def decode(body: bytes, dialect: Mapping[str, Any], roots: tuple[str, ...] | None = None) -> Any:
    """Parse `body` safely (no entities, no external references) into JSON-shaped data.

    Where the dialect names the root after the answer, `roots` are the names this answer may
    have: a body with another root is another answer (an HTML page, another resource). A root
    that carries the status (`<lfm status="ok">`) gives its children; the status is the
    envelope's, not the answer's."""
    root = parse(body)
    if dialect.get("root") is None:
        if roots and root.tag not in roots:
            raise ValueError(f"expected root element {' or '.join(f'<{r}>' for r in roots)}, got <{root.tag}>")
        return element_to_data(root, dialect)
    if root.tag != dialect["root"]:
        raise ValueError(f"expected root element <{dialect['root']}>, got <{root.tag}>")
    status = dialect.get("root-status")
    return element_to_data(root, dialect, attributes=not status)


def _text(value: Any, dialect: Mapping[str, Any]) -> str:
    for text, literal in (dialect.get("literals") or {}).items():
        if value is literal or (type(value) is type(literal) and value == literal):
            return str(text)
    return str(value)


class _Writer:
    def __init__(self, dialect: Mapping[str, Any], items: Mapping[str, str]) -> None:
        self.dialect = dialect
        self.items = items
        self.type_attribute = dialect.get("type-attribute")
        self.nil_attribute = dialect.get("nil-attribute")
        self.text_key = dialect.get("text") or TEXT_KEY
        self.attributes_key = dialect.get("attributes")
        self.unwrapped_arrays = dialect.get("arrays") == "unwrapped"
        self.declared_attributes: Mapping[str, Mapping[str, str]] = dialect.get("attribute-keys") or {}

    def tag(self, key: str) -> str:
        return key.replace("_", "-") if self.dialect.get("dasherize") else key

    def fill(self, parent: Element, value: Any) -> None:
        if isinstance(value, dict):
            self._object(parent, value)
        elif isinstance(value, list):
            if self.type_attribute:
                parent.set(self.type_attribute, "array")
            singular = parent.tag[:-1] if parent.tag.endswith("s") else parent.tag
            item = self.dialect.get("item") or self.items.get(parent.tag) or singular
            for child in value:
                self.fill(SubElement(parent, item), child)
        elif value is None and self.nil_attribute:
            parent.set(self.nil_attribute, "true")
        else:
            self._scalar(parent, value)

    def _scalar(self, parent: Element, value: Any) -> None:
        if self.type_attribute and isinstance(value, bool):
            parent.set(self.type_attribute, "boolean")
        elif self.type_attribute and isinstance(value, int):
            parent.set(self.type_attribute, "integer")
        elif self.type_attribute and isinstance(value, float):
            parent.set(self.type_attribute, "float")
        parent.text = _text(value, self.dialect)

    def _object(self, parent: Element, value: dict[str, Any]) -> None:
        inline = {key: item for item, key in ((self.dialect.get("unwrapped") or {}).get(parent.tag) or {}).items()}
        declared = self.declared_attributes.get(parent.tag) or {}
        has_text = self.text_key in value
        for key, child in value.items():
            if key == self.text_key:
                self._scalar(parent, child)
            elif key == self.attributes_key and isinstance(child, dict):
                for name, attr in child.items():
                    if attr is not None and not isinstance(attr, dict | list):
                        parent.set(self.tag(name), _text(attr, self.dialect))
            elif (has_text or key in declared) and not isinstance(child, dict | list):
                # beside a text, or declared `xml: {attribute: true}`: an attribute
                if child is not None:
                    parent.set(declared.get(key) or self.tag(key), _text(child, self.dialect))
            elif key in inline and isinstance(child, list):
                for each in child:
                    self.fill(SubElement(parent, inline[key]), each)
            elif self.unwrapped_arrays and isinstance(child, list):
                for each in child:
                    self.fill(SubElement(parent, self.tag(key)), each)
            else:
                self.fill(SubElement(parent, self.tag(key)), child)


def encode(
    value: Any,
    dialect: Mapping[str, Any],
    name: str = "response",
    items: Mapping[str, str] | None = None,
    failed: bool = False,
) -> bytes:
    """Render JSON-shaped data in the dialect; `name` is the root when the dialect has none.

    `items` names the item elements of arrays by the array's own element name (`tracks` ->
    `track`, `collection` -> `track`), as the schema names them; an array not named there gets
    the dialect's `item`, else the singular of its own name. `failed` marks an error answer on
    a root that carries the status.
    """
    root = Element(dialect.get("root") or name)
    status = dialect.get("root-status")
    if status:
        root.set(status["attribute"], status["failed"] if failed else status["ok"])
    _Writer(dialect, items or {}).fill(root, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + bytes(tostring(root, encoding="utf-8"))
