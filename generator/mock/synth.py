"""Plausible values from JSON Schemas: the generic engine's answer where no API module has data.

Deterministic for a given `random.Random`. Examples in the spec win over invention; property
names steer the invented strings (a `username` looks like a handle, a `description` like a
sentence) so generated documents read like the service's, not like placeholders. What is invented
still satisfies its schema: a `pattern` is matched (regexgen), a `format` honoured, and below the
depth where optional properties stop, the required ones (and `minItems` items) are still made.
"""

from __future__ import annotations

import random
import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from ..quirks import Quirks
from ..refs import DanglingRef, deref
from . import words
from .regexgen import matching

_EPOCH = datetime(2008, 1, 1)


def rng(seed: int | str) -> random.Random:
    """A seeded generator: the mock's data must repeat exactly, not be unpredictable."""
    return random.Random(seed)  # noqa: S311


_DEPTH = 6  # below it, only what the schema requires
_FLOOR = 24  # below it, nothing (a schema that requires itself, forever)


class Synth:
    def __init__(self, spec: dict[str, Any], quirks: Quirks) -> None:
        self.spec = spec
        self.dates = {name: fmt.parse[0] for name, fmt in quirks.dates.items()}

    def value(self, schema: Any, rng: random.Random, name: str = "", depth: int = 0) -> Any:
        try:
            schema = deref(self.spec, schema)
        except DanglingRef:
            return None
        if not isinstance(schema, dict):
            return None
        if "const" in schema:
            return schema["const"]
        for key in ("example", "default"):
            if key in schema and depth > 0:
                return schema[key]
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return schema["examples"][0]
        if "enum" in schema:
            choices = [v for v in schema["enum"] if v is not None] or [None]
            return choices[rng.randrange(len(choices))]
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.value(part, rng, name, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            extra = {k: v for k, v in schema.items() if k != "allOf"}
            if extra.get("properties"):
                merged.update(self.value({**extra, "type": "object"}, rng, name, depth + 1))
            return merged
        for key in ("oneOf", "anyOf"):
            if key in schema:
                branches = [b for b in schema[key] if deref(self.spec, b).get("type") != "null"] or schema[key]
                return self.value(branches[0], rng, name, depth + 1)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind is None:
            kind = "object" if "properties" in schema else "string"
        return self._typed(str(kind), schema, rng, name, depth)

    def _typed(self, kind: str, schema: dict[str, Any], rng: random.Random, name: str, depth: int) -> Any:
        if kind == "object":
            props = schema.get("properties") or {}
            if depth > _DEPTH:
                required = set(schema.get("required") or []) if depth <= _FLOOR else set()
                props = {k: v for k, v in props.items() if k in required}
            return {k: self.value(v, rng, k, depth + 1) for k, v in props.items()}
        if kind == "array":
            low = int(schema.get("minItems", 1 if depth <= _DEPTH else 0))
            if depth > _FLOOR:
                return []
            high = low if depth > _DEPTH else max(low, min(int(schema.get("maxItems", 3)), 3))
            return [self.value(schema.get("items", {}), rng, name, depth + 1) for _ in range(rng.randint(low, high))]
        if kind in ("integer", "number"):
            low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
            high = schema.get("maximum", schema.get("exclusiveMaximum", max(low, 0) + 1000))
            if kind == "integer":
                return int(
                    rng.randint(int(low) + ("exclusiveMinimum" in schema), int(high) - ("exclusiveMaximum" in schema))
                )
            return round(rng.uniform(float(low), float(high)), 3)
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "null":
            return None
        return self._string(schema, rng, name)

    def _string(self, schema: dict[str, Any], rng: random.Random, name: str) -> str:
        text = self._unpatterned(schema, rng, name)
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and not _finds(pattern, text):
            return matching(pattern, rng) or text
        return text

    def _unpatterned(self, schema: dict[str, Any], rng: random.Random, name: str) -> str:
        fmt = schema.get("format")
        when = _EPOCH + timedelta(seconds=rng.randrange(7 * 365 * 86400))
        if fmt in self.dates:
            return when.strftime(self.dates[fmt])
        if fmt == "date-time":
            return when.strftime("%Y-%m-%dT%H:%M:%SZ")
        if fmt == "date":
            return when.strftime("%Y-%m-%d")
        if fmt in ("uri", "url", "iri"):
            return f"http://example.com/{words.slug(words.title(rng))}"
        if fmt == "email":
            return f"{words.handle(rng)}@example.com"
        if fmt == "uuid":
            return str(uuid.UUID(int=rng.getrandbits(128), version=4))
        if fmt == "ipv4":
            return ".".join(str(rng.randint(1, 254)) for _ in range(4))
        if fmt == "hostname":
            return f"{words.slug(words.title(rng))}.example.com"
        if fmt == "time":
            return when.strftime("%H:%M:%SZ")
        text = _named_text(name.lower(), rng)
        low = int(schema.get("minLength", 0))
        if len(text) < low:
            text = (text + " ") * (low // max(len(text), 1) + 1)
        if "maxLength" in schema:
            text = text[: int(schema["maxLength"])]
        return text


def _finds(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True  # a pattern Python cannot read: nothing to hold the text to


def _named_text(name: str, rng: random.Random) -> str:
    if "user" in name or name in ("permalink", "login", "creator"):
        return words.handle(rng)
    if "description" in name or "about" in name or "body" in name or "signature" in name:
        return words.description(rng)
    if "tag" in name:
        return " ".join(words.tags(rng))
    if name in ("city",):
        return words.pick(rng, words.PLACES)
    if name in ("country",):
        return words.pick(rng, words.COUNTRIES)
    if name in ("genre",):
        return words.pick(rng, words.GENRES)
    if name.startswith("first"):
        return words.pick(rng, words.FIRST_NAMES)
    if name.startswith("last"):
        return words.pick(rng, words.LAST_NAMES)
    if "url" in name or "uri" in name or "href" in name or name in ("ref", "location"):
        return f"http://example.com/{words.slug(words.title(rng))}"
    return words.title(rng)
