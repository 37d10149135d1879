"""Give query-string and form text the JSON types its schema expects, before validation.

Only text that reads unambiguously as the expected type is converted; anything else stays a
string, so the compiled validator rejects it with the schema's own reason.
"""

from __future__ import annotations

import re
from typing import Any

from ..jsonschemas import json_type
from ..refs import DanglingRef, deref

_INT = re.compile(r"^[-+]?\d+$")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def kinds_of(spec: dict[str, Any], schema: Any, depth: int = 0) -> frozenset[str]:
    """The JSON types a schema allows, through `$ref`s and unions."""
    try:
        schema = deref(spec, schema)
    except DanglingRef:
        return frozenset()
    if not isinstance(schema, dict) or depth > 8:
        return frozenset()
    found: set[str] = set()
    declared = schema.get("type")
    if isinstance(declared, str):
        found.add(declared)
    elif isinstance(declared, list):
        found.update(str(k) for k in declared)
    for value in [*schema.get("enum", []), *([schema["const"]] if "const" in schema else [])]:
        found.add(json_type(value))
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key) or []:
            found |= kinds_of(spec, sub, depth + 1)
    if not found and "properties" in schema:
        found.add("object")
    return frozenset(found)


def scalar(text: str, kinds: frozenset[str]) -> Any:
    """`"42"` -> 42 when the schema wants an integer; strings stay strings otherwise."""
    if "string" in kinds and not ({"integer", "number", "boolean"} & kinds):
        return text
    if ("integer" in kinds or "number" in kinds) and _INT.match(text):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (sys.int_info): the schema says no
            return text
    if "number" in kinds and _NUMBER.match(text):
        return float(text)
    if "boolean" in kinds and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if "null" in kinds and text == "" and "string" not in kinds:
        return None
    return text


def _branches(spec: dict[str, Any], schema: Any, depth: int = 0) -> list[dict[str, Any]]:
    try:
        schema = deref(spec, schema)
    except DanglingRef:
        return []
    if not isinstance(schema, dict) or depth > 8:
        return []
    out = [schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key) or []:
            out += _branches(spec, sub, depth + 1)
    return out


def tree(spec: dict[str, Any], schema: Any, value: Any) -> Any:
    """Coerce every text leaf of a form-shaped value (dicts, lists, strings) against `schema`."""
    branches = _branches(spec, schema)
    if isinstance(value, dict):
        props: dict[str, Any] = {}
        extra: Any = {}
        for branch in branches:
            for name, sub in (branch.get("properties") or {}).items():
                props.setdefault(name, sub)
            if isinstance(branch.get("additionalProperties"), dict):
                extra = branch["additionalProperties"]
        return {k: tree(spec, props.get(k, extra), v) for k, v in value.items()}
    if isinstance(value, list):
        items: Any = next((b["items"] for b in branches if isinstance(b.get("items"), dict)), {})
        return [tree(spec, items, v) for v in value]
    if isinstance(value, str):
        kinds = kinds_of(spec, schema)
        if "array" in kinds and "string" not in kinds:
            item: Any = next((b["items"] for b in branches if isinstance(b.get("items"), dict)), {})
            return [tree(spec, item, value)]
        return scalar(value, kinds)
    return value
