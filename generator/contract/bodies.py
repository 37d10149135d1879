"""Decode a response body of any of an API's formats into JSON-shaped data, safely.

JSON (and JSONP, unwrapped by the API's own wrap pattern), YAML (safe_load), the API's XML
dialect (defusedxml). XML and YAML carry less type information than JSON, so their scalars are
coerced against the response schema. Formats marked unsafe (pickle) are refused, never decoded.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

import yaml

from ..quirks import Format, Quirks
from ..refs import DanglingRef, deref
from ..wire import xml_dialect


class BodyError(ValueError):
    """The body cannot be decoded as its media type says."""


def _format_for(media_type: str, quirks: Quirks) -> Format | None:
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    if quirks.formats is not None:
        for fmt in quirks.formats.formats.values():
            if fmt.media_type.lower() == base:
                return fmt
    return None


def jsonp_pattern(wrap: str) -> re.Pattern[str]:
    """A regex for bodies wrapped by `wrap` (e.g. "{callback}({body})"); group 1 is the JSON."""
    pattern = re.escape(wrap).replace(r"\{callback\}", r"[A-Za-z_$][\w$.]*").replace(r"\{body\}", r"(.*)")
    return re.compile(r"^\s*" + pattern + r"\s*$", re.DOTALL)


def decode_json(text: str, quirks: Quirks) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        if quirks.formats is not None and quirks.formats.jsonp is not None:
            match = jsonp_pattern(quirks.formats.jsonp.wrap).match(text)
            if match:
                return json.loads(match.group(1))
        raise BodyError(f"not JSON: {err}") from None


def is_structured(media_type: str, quirks: Quirks) -> bool:
    """True for media types that carry data (JSON, YAML, XML, an API format), not raw bytes."""
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    return _format_for(base, quirks) is not None or any(k in base for k in ("json", "yaml", "xml", "javascript"))


def decode_body(body: bytes, media_type: str, quirks: Quirks) -> Any:
    """JSON-shaped data from `body`; BodyError when it cannot (or must not) be decoded."""
    fmt = _format_for(media_type, quirks)
    base = media_type.split(";", maxsplit=1)[0].strip().lower()
    if fmt is not None and fmt.unsafe:
        raise BodyError(f"refusing to decode {fmt.media_type}: {fmt.unsafe}")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BodyError(f"not UTF-8 text: {err.reason}") from None
    if fmt is not None and fmt.xml is not None:
        dialect = {
            "root": fmt.xml.root, "item": fmt.xml.item, "literals": fmt.xml.literals,
            "type-attribute": fmt.xml.type_attribute, "nil-attribute": fmt.xml.nil_attribute,
            "dasherize": fmt.xml.dasherize,
        }  # fmt: skip
        try:
            return xml_dialect.decode(body, dialect)
        except Exception as err:  # defusedxml raises several unrelated types
            raise BodyError(f"not XML of this API's dialect: {err}") from None
    if "yaml" in base:
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise BodyError(f"not YAML: {err}") from None
    if "json" in base or "javascript" in base:
        return decode_json(text, quirks)
    raise BodyError(f"no decoder for {media_type}")


def _types(spec: dict[str, Any], schema: Any) -> tuple[set[str], list[dict[str, Any]]]:
    """The JSON types a schema allows and its object/array branches, through refs and unions."""
    try:
        schema = deref(spec, schema)
    except DanglingRef:
        return set(), []
    if not isinstance(schema, dict):
        return set(), []
    kinds: set[str] = set()
    declared = schema.get("type")
    kinds.update([declared] if isinstance(declared, str) else declared or [])
    if "const" in schema or "enum" in schema:
        kinds.update(type(v).__name__ for v in [schema.get("const"), *schema.get("enum", [])])
    branches = [schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key) or []:
            sub_kinds, sub_branches = _types(spec, sub)
            kinds |= sub_kinds
            branches += sub_branches
    return kinds, branches


def coerce(spec: dict[str, Any], schema: Any, value: Any, quirks: Quirks) -> Any:
    """Give text scalars (from XML or YAML) the JSON types their schema expects."""
    kinds, branches = _types(spec, schema)
    if isinstance(value, datetime | date):
        fmt = next((b.get("format") for b in branches if b.get("format") in quirks.dates), None)
        return value.strftime(quirks.dates[fmt].parse[0]) if fmt else value.isoformat()
    if isinstance(value, dict):
        props: dict[str, Any] = {}
        for branch in branches:
            for name, sub in (branch.get("properties") or {}).items():
                props.setdefault(name, sub)
        return {k: coerce(spec, props[k], v, quirks) if k in props else v for k, v in value.items()}
    if isinstance(value, list):
        item: Any = next((b["items"] for b in branches if isinstance(b.get("items"), dict)), {})
        return [coerce(spec, item, v, quirks) for v in value]
    if value == "" and "array" in kinds:
        return []
    if value == "" and "object" in kinds and "string" not in kinds:
        return {}
    if isinstance(value, str) and "string" not in kinds:
        for kind, convert in (("integer", int), ("number", float)):
            if kind in kinds or (kind == "integer" and "int" in kinds):
                try:
                    return convert(value)
                except ValueError:
                    continue
    return value
