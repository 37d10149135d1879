"""Schema rows: `required` across allOf members, and what a `$ref` to an enum schema allows."""

from __future__ import annotations

import functools
import re
from typing import Any

from generator.apimodel import build_api
from generator.config import load_project
from generator.docs.page import Page, build_page
from generator.docs.schemas import Field, SchemaReader, literal
from generator.quirks import load_quirks
from generator.specs import load_spec
from tests.support import ROOT


@functools.cache
def real_page(name: str) -> Page:
    api = next(a for a in load_project(ROOT).apis if a.name == name)
    return build_page(api, load_spec(api.spec))


def reader(schemas: dict[str, Any]) -> SchemaReader:
    spec: dict[str, Any] = {"openapi": "3.1.0", "info": {}, "paths": {}, "components": {"schemas": schemas}}
    return SchemaReader(build_api(spec, load_quirks(spec)))


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


def test_a_ref_to_an_enum_schema_shows_its_values_default_and_limits_next_to_the_link() -> None:
    schemas: dict[str, Any] = {
        "Sort": {"type": "string", "enum": ["score", "created"], "default": "score", "description": "Sort."},
        "Size": {"type": "integer", "minimum": 1, "maximum": 100},
    }
    read = reader(schemas)
    sort = read.row("s", {"$ref": "#/components/schemas/Sort"}, False)
    assert [(p.text, p.href) for p in sort.types] == [("Sort", "#schema-Sort")]
    assert (sort.allowed, sort.default, sort.description) == (['"score"', '"created"'], '"score"', "")
    assert read.row("n", {"$ref": "#/components/schemas/Size"}, False).constraints == ["≥ 1", "≤ 100"]
    own = read.row("s", {"$ref": "#/components/schemas/Sort", "default": "created"}, False)
    assert own.default == '"created"'  # a sibling of the $ref wins over the referenced schema


def test_the_real_enum_parameters_show_their_values_and_their_link() -> None:
    for api, names in (("freesound", {"s", "g", "type"}), ("soundcloud", {"license", "representation"})):
        page = real_page(api)
        linked = [p for op in page.operations for p in op.params + page.runtime_params if p.name in names]
        assert {p.name for p in linked} == names
        for param in linked:
            assert param.row.types[0].href, (api, param.name)  # still a link to the enum schema
            assert param.row.allowed == [literal(v) for v in param.schema["enum"]], (api, param.name)
    runtime = next(p for p in real_page("soundcloud").runtime_params if p.name == "format")
    assert runtime.row.types[0].href and runtime.row.allowed == [literal(v) for v in runtime.schema["enum"]]
    html = (ROOT / "generated" / "docs" / "freesound.html").read_text(encoding="utf-8")
    search = re.search(r'<article class="op" id="op-searchSounds".*?</article>', html, re.S)
    assert search and "<li>one of <code>&#34;score&#34;</code>" in search.group(0)
