"""What "matches the schema" means everywhere: formats included, echoes of a real error dropped."""

from __future__ import annotations

from generator.jsonschemas import SpecSchemas
from generator.quirks import load_quirks

SPEC = {
    "openapi": "3.1.0",
    "x-soundspec-dates": {"fs-datetime": {"parse": ["%Y-%m-%d %H:%M:%S"]}},
    "components": {
        "schemas": {
            "Sound": {
                "type": "object",
                "properties": {
                    "url": {"type": "string", "format": "uri"},
                    "created": {"type": "string", "format": "fs-datetime"},
                    "id": {"type": "integer"},
                },
                "unevaluatedProperties": False,
            }
        }
    },
}
POINTER = "/components/schemas/Sound"


def test_uri_and_api_dates_are_checked() -> None:
    schemas = SpecSchemas(SPEC, load_quirks(SPEC))
    found = list(schemas.mismatches(POINTER, {"url": "not a uri", "created": "2006-05-08T05:19:13Z"}))
    assert {(m.pointer, m.keyword) for m in found} == {("/url", "format"), ("/created", "format")}
    assert list(schemas.mismatches(POINTER, {"url": "http://x/y/", "created": "2006-05-08 05:19:13"})) == []


def test_an_unevaluated_properties_echo_of_a_real_error_is_dropped() -> None:
    schemas = SpecSchemas(SPEC, load_quirks(SPEC))
    found = list(schemas.mismatches(POINTER, {"id": "1"}))
    assert [(m.pointer, m.keyword) for m in found] == [("/id", "type")]
    extra = list(schemas.mismatches(POINTER, {"id": 1, "other": 2}))
    assert [m.keyword for m in extra] == ["unevaluatedProperties"]
