"""Invented values satisfy their schema: patterns, formats, required keys at any depth."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from generator.mock.regexgen import matching
from generator.mock.synth import Synth, rng
from generator.quirks import load_quirks

PATTERNS = [
    r"^[a-z][a-z0-9_]{1,14}$",
    r"^\d+$",
    r"^\d{4}(-\d{2}){0,2}$",
    r"^(mbid|name):[A-F0-9]{8}$",
    r"^[^/]+/[^/]+$",
    r"^\w+@\w+\.com$",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_pattern_is_matched(pattern: str) -> None:
    synth = Synth({}, load_quirks({}))
    for seed in range(20):
        value = synth.value({"type": "string", "pattern": pattern}, rng(seed), "username")
        jsonschema.validate(value, {"type": "string", "pattern": pattern})


def test_a_pattern_beyond_the_generator_leaves_the_value_alone() -> None:
    assert matching(r"^(?=a)b", rng(1)) is None


@pytest.mark.parametrize("fmt", ["uuid", "ipv4", "hostname", "date", "date-time", "email", "uri"])
def test_a_format_is_honoured(fmt: str) -> None:
    schema = {"type": "string", "format": fmt}
    value = Synth({}, load_quirks({})).value(schema, rng(3))
    jsonschema.validate(value, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _nested(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "object", "required": ["leaf"], "properties": {"leaf": {"type": "integer"}}}
    for _ in range(depth):
        node = {
            "type": "object",
            "required": ["child", "tags"],
            "properties": {
                "child": node,
                "tags": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^t[0-9]$"}},
                "optional": {"type": "string"},
            },
        }
    return node


def test_required_keys_are_made_at_any_depth() -> None:
    schema = _nested(12)
    value = Synth({}, load_quirks({})).value(schema, rng(5))
    jsonschema.validate(value, schema)
