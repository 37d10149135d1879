"""Decode a response body of any of an API's formats into JSON-shaped data, safely.

JSON (and JSONP, unwrapped by the API's own wrap pattern), YAML (the 1.2 core schema, so timestamps and `yes`/`no`
stay text, as they went over the wire), the API's XML dialect (expat, entity declarations and
external entities refused). XML carries less type information than JSON, so its scalars are coerced
against the response schema. Formats marked unsafe (pickle) are refused, never decoded; media types
without structure (audio, zip, octet-stream) are not decoded at all.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..jsonschemas import json_type
from ..quirks import Format, Quirks
from ..refs import DanglingRef, deref
from ..wire import jsonp, xml_dialect
from ..yamlsource import YamlSyntaxError, load_data


class BodyError(ValueError):
    """The body cannot be decoded as its media type says."""


def media_base(media_type: str) -> str:
    """`Text/XML; charset=utf-8` -> `text/xml`."""
    return media_type.split(";", maxsplit=1)[0].strip().lower()


def media_charset(media_type: str) -> str:
    match = re.search(r";\s*charset\s*=\s*\"?([\w.:-]+)", media_type, re.IGNORECASE)
    return match.group(1).lower() if match else "utf-8"


def _family(base: str) -> str | None:
    """json, xml, yaml or javascript (JSONP) for the media types that carry data."""
    kind, _, sub = base.partition("/")
    if sub == "json" or sub.endswith("+json") or sub == "x-json":
        return "json"
    if sub in {"xml", "rss+xml", "atom+xml"} or sub.endswith("+xml"):
        return "xml"
    if sub in {"yaml", "x-yaml"} or sub.endswith("+yaml") or base == "text/yaml":
        return "yaml"
    if sub in {"javascript", "x-javascript", "ecmascript"} and kind in {"text", "application"}:
        return "javascript"
    return None


def api_format(media_type: str, quirks: Quirks) -> Format | None:
    """The API's own format served as `media_type`, else the one of the same family (text/xml ~ application/xml)."""
    if quirks.formats is None:
        return None
    base = media_base(media_type)
    formats = list(quirks.formats.formats.values())
    exact = next((f for f in formats if media_base(f.media_type) == base), None)
    if exact is not None or _family(base) is None:
        return exact
    if "+" in base:  # application/rss+xml is XML, but not the API's own dialect
        return None
    kin = [f for f in formats if _family(media_base(f.media_type)) == _family(base)]
    return kin[0] if len(kin) == 1 else None


def is_structured(media_type: str, quirks: Quirks) -> bool:
    """True for media types that carry data (JSON, YAML, XML, JSONP, an API format), not raw bytes."""
    return api_format(media_type, quirks) is not None or _family(media_base(media_type)) is not None


def unwrap_jsonp(text: str, wrap: str) -> Any:
    """The JSON inside `text` wrapped by `wrap` (e.g. "/**/{callback}({body});"); BodyError when it is not.

    The callback is whatever the client sent (some servers never checked it): generator.wire.jsonp,
    which the generated clients include too, tries every split after it.
    """
    try:
        return jsonp.unwrap(text, wrap)
    except jsonp.JsonpError as err:
        raise BodyError(str(err)) from None


def decode_json(text: str, quirks: Quirks) -> Any:
    """JSON, or JSONP in the API's wrap (some APIs kept `application/json` for JSONP)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        if quirks.formats is None or quirks.formats.jsonp is None:
            raise BodyError(f"not JSON: {err}") from None
        try:
            return unwrap_jsonp(text, quirks.formats.jsonp.wrap)
        except BodyError as wrapped:
            if "not JSONP" in str(wrapped):
                raise BodyError(f"not JSON: {err}") from None
            raise


def _text(body: bytes, media_type: str) -> str:
    charset = media_charset(media_type)
    try:
        # a BOM is not part of the document (JSON forbids it, XML and YAML allow it)
        return body.decode("utf-8-sig" if charset in {"utf-8", "utf8"} else charset)
    except LookupError:
        raise BodyError(f"unknown charset {charset!r}") from None
    except UnicodeDecodeError as err:
        raise BodyError(f"not {charset} text: {err.reason} at byte {err.start}") from None


def _xml_dialect(fmt: Format | None) -> dict[str, Any]:
    if fmt is None or fmt.xml is None:
        return {}  # plain XML: element names become keys, texts stay text
    return fmt.xml.as_wire()


def decode_body(body: bytes, media_type: str, quirks: Quirks) -> Any:
    """JSON-shaped data from `body`; BodyError when it cannot (or must not) be decoded."""
    fmt = api_format(media_type, quirks)
    if fmt is not None and fmt.unsafe:
        raise BodyError(f"refusing to decode {fmt.media_type}: {fmt.unsafe}")
    family = _family(media_base(fmt.media_type if fmt is not None else media_type))
    if fmt is not None and fmt.xml is not None:
        family = "xml"
    if family is None:
        raise BodyError(f"no decoder for {media_type}")
    if not body.strip():
        raise BodyError(f"empty body, but {media_base(media_type)} was declared")
    if family == "xml":
        try:
            # bytes, not text: the XML declaration names its own encoding
            return xml_dialect.decode(body, _xml_dialect(fmt))
        except Exception as err:  # the parser and the dialect raise several unrelated types
            raise BodyError(f"not XML of this API's dialect: {err}") from None
    text = _text(body, media_type)
    if family == "yaml":
        try:
            return load_data(text)
        except YamlSyntaxError as err:
            raise BodyError(f"not YAML: line {err.line}: {err}") from None
    return decode_json(text, quirks)


def needs_coercion(media_type: str, quirks: Quirks) -> bool:
    """XML text has no types; JSON and YAML (1.2 core schema) keep theirs."""
    fmt = api_format(media_type, quirks)
    return (fmt is not None and fmt.xml is not None) or _family(media_base(media_type)) == "xml"


def schema_types(spec: dict[str, Any], schema: Any, depth: int = 0) -> tuple[set[str], list[dict[str, Any]]]:
    """The JSON types a schema allows and its object/array branches, through refs and unions."""
    try:
        schema = deref(spec, schema)
    except DanglingRef:
        return set(), []
    if not isinstance(schema, dict) or depth > 16:
        return set(), []
    kinds: set[str] = set()
    declared = schema.get("type")
    kinds.update([declared] if isinstance(declared, str) else declared or [])
    for value in [schema["const"]] if "const" in schema else schema.get("enum") or []:
        kinds.add(json_type(value))
    branches = [schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key) or []:
            sub_kinds, sub_branches = schema_types(spec, sub, depth + 1)
            kinds |= sub_kinds
            branches += sub_branches
    return kinds, branches


def _scalar(kinds: set[str], value: Any, literals: dict[str, Any]) -> Any:
    if not isinstance(value, str):
        if json_type(value) in kinds or (json_type(value) == "integer" and "number" in kinds) or "string" not in kinds:
            return value
        # the dialect read a literal ("None", "True") where the schema wants the text itself
        return next((text for text, lit in literals.items() if lit is value), value)
    if "string" in kinds:
        return value
    if value == "" and "null" in kinds:
        return None
    if "boolean" in kinds and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    for kind, convert in (("integer", int), ("number", float)):
        if kind in kinds:
            try:
                return convert(value.strip())
            except ValueError:
                continue
    return value


def coerce(
    spec: dict[str, Any],
    schema: Any,
    value: Any,
    literals: dict[str, Any] | None = None,
    *,
    xml: bool = False,
    dialect: dict[str, Any] | None = None,
) -> Any:
    """Give untyped scalars (XML text) the JSON types their schema expects.

    Only text is converted, and only when the schema does not accept it as text; anything that
    does not convert stays as it was, so the schema check reports it. With `xml`, a required list
    that is not there is empty (XML writes an empty list of repeated elements as nothing); with
    the XML `dialect`, an element without children keeps its attributes where its schema does.
    """
    kinds, branches = schema_types(spec, schema)
    lits = literals or {}
    if isinstance(value, dict):
        props: dict[str, Any] = {}
        extra: Any = None
        for branch in branches:
            for name, sub in (branch.get("properties") or {}).items():
                props.setdefault(name, sub)
            if isinstance(branch.get("additionalProperties"), dict):
                extra = extra or branch["additionalProperties"]
        if "array" in kinds and "object" not in kinds:
            if len(value) == 1:
                # <sounds><sound>...</sound></sounds>: a one-item list the dialect could not tell apart
                (only,) = value.values()
                return coerce(spec, schema, only if isinstance(only, list) else [only], lits, xml=xml, dialect=dialect)
            # a lone repeated element (`<track>` once): the list of one it stands for
            return coerce(spec, schema, [value], lits, xml=xml, dialect=dialect)
        if dialect:
            value = xml_dialect.gather_attributes(value, props, dialect)
        found = {
            k: coerce(spec, props[k], v, lits, xml=xml, dialect=dialect)
            if k in props
            else coerce(spec, extra, v, lits, xml=xml, dialect=dialect)
            if extra
            else v
            for k, v in value.items()
        }
        if xml:
            for branch in branches:
                for name in branch.get("required") or []:
                    if name in props and name not in found and "array" in schema_types(spec, props[name])[0]:
                        found[name] = []
        return found
    if isinstance(value, list):
        item: Any = next((b["items"] for b in branches if isinstance(b.get("items"), dict)), {})
        return [coerce(spec, item, v, lits, xml=xml, dialect=dialect) for v in value]
    if value == "" and "array" in kinds:
        return []
    if "array" in kinds and isinstance(value, str) and "string" not in kinds:
        # a lone repeated element holding text (`<warnings>...</warnings>` once)
        return coerce(spec, schema, [value], lits, xml=xml, dialect=dialect)
    if value == "" and "object" in kinds and "string" not in kinds:
        return coerce(spec, schema, {}, lits, xml=xml, dialect=dialect) if xml else {}
    return _scalar(kinds, value, lits) if kinds else value


def decode_against(spec: dict[str, Any], schema: Any, body: bytes, media_type: str, quirks: Quirks) -> Any:
    """Decode `body` and, for untyped formats, coerce it against `schema` (a schema or a `$ref`).

    A document the spec declares as a string (an RSS feed kept as text) is its text.
    """
    kinds, _ = schema_types(spec, schema)
    if kinds == {"string"} and _family(media_base(media_type)) != "json":
        return _text(body, media_type)
    data = decode_body(body, media_type, quirks)
    if quirks.lone_items and not needs_coercion(media_type, quirks):
        data = listed(spec, schema, data)
    if needs_coercion(media_type, quirks):
        if quirks.errors is not None:
            data = quirks.errors.from_xml(data)  # the error schema describes the JSON layout
        fmt = api_format(media_type, quirks)
        dialect = fmt.xml if fmt is not None else None
        wire = dialect.as_wire() if dialect is not None else None
        data = coerce(spec, schema, data, dialect.literals if dialect else {}, xml=True, dialect=wire)
    return data


def listed(spec: dict[str, Any], schema: Any, value: Any, depth: int = 0) -> Any:
    """`value` with each lone item that an `x-soundspec-lone-item` array stands for made a list of one.

    Nothing else changes: a JSON value of the wrong type stays so, for the schema check to report.
    """
    if depth > 64 or not isinstance(value, dict | list):
        return value
    kinds, branches = schema_types(spec, schema)
    if isinstance(value, dict):
        if "array" in kinds and any(b.get("x-soundspec-lone-item") is True for b in branches):
            return listed(spec, schema, [value], depth + 1)
        props: dict[str, Any] = {}
        for branch in branches:
            for name, sub in (branch.get("properties") or {}).items():
                props.setdefault(name, sub)
        return {k: listed(spec, props[k], v, depth + 1) if k in props else v for k, v in value.items()}
    item: Any = next((b["items"] for b in branches if isinstance(b.get("items"), dict)), None)
    return value if item is None else [listed(spec, item, v, depth + 1) for v in value]
