"""Schema rows: `required` across allOf members, and what a `$ref` to an enum schema allows."""

from __future__ import annotations

import functools
import re
from typing import Any

from generator.config import load_project
from generator.docs.page import Page, build_page
from generator.docs.schemas import Field, SchemaReader
from generator.quirks import load_quirks
from generator.specs import load_spec
from tests.support import ROOT


@functools.cache
def real_page(name: str) -> Page:
    api = next(a for a in load_project(ROOT).apis if a.name == name)
    return build_page(api, load_spec(api.spec))


def reader(schemas: dict[str, Any]) -> SchemaReader:
    spec: dict[str, Any] = {"openapi": "3.1.0", "info": {}, "paths": {}, "components": {"schemas": schemas}}
    return SchemaReader(spec, load_quirks(spec))


def required_of(rows: list[Field]) -> dict[str, bool]:
    return {row.name: row.required for row in rows}


def test_required_is_merged_across_allof_members_and_refs() -> None:
    schemas: dict[str, Any] = {
        "Base": {"type": "object", "properties": {"id": {"type": "integer"}, "pack": {"type": "string"}}},
        "Middle": {"allOf": [{"$ref": "#/components/schemas/Base"}], "required": ["extra"]},
        "Full": {
            "allOf": [
                {"$ref": "#/components/schemas/Middle"},
                {"properties": {"extra": {"type": "string"}}, "required": ["id"]},
            ]
        },
    }
    rows = reader(schemas).fields({"$ref": "#/components/schemas/Full"})
    assert required_of(rows) == {"id": True, "pack": False, "extra": True}


def test_own_properties_next_to_an_allof_of_conditions_are_shown() -> None:
    error = {
        "type": "object",
        "required": ["status_code"],
        "properties": {"status_code": {"type": "integer"}, "debug": {"type": "string"}},
        "allOf": [{"if": {"required": ["debug"]}, "then": {"required": ["status_code"]}}],
    }
    assert required_of(reader({"Error": error}).fields({"$ref": "#/components/schemas/Error"})) == {
        "status_code": True,
        "debug": False,
    }


def test_freesound_sound_marks_its_required_fields_and_leaves_the_optional_ones() -> None:
    page = real_page("freesound")
    sound = next(s for s in page.schemas if s.name == "Sound")
    required = required_of(sound.fields)
    assert required["id"] and required["duration"] and required["avg_rating"]
    assert not required["pack"] and not required["geotag"] and not required["license"]
    get_sound = next(op for op in page.operations if op.operation_id == "getSound")
    ok = next(r for r in get_sound.responses if r.status == "200")
    assert required_of(ok.contents[0].fields) == required
    html = (ROOT / "generated" / "docs" / "freesound.html").read_text(encoding="utf-8")
    table = re.search(r'id="schema-Sound".*?</table>', html, re.S)
    assert table and '<code>id</code><span class="req">required</span>' in table.group(0)
    assert '<code>pack</code><span class="req">' not in table.group(0)
