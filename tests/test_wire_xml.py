"""The XML dialect codec, directly: typed arrays and their edge cases, for every configured API's dialect."""

from __future__ import annotations

from typing import Any

import pytest

from generator.config import load_project
from generator.specs import load_spec
from generator.wire import xml_dialect
from tests.support import ROOT

DIALECTS = [
    pytest.param(fmt.xml.as_wire(), id=f"{api.name}-{fmt.name}")
    for api in load_project(ROOT).apis
    for fmt in (load_spec(api.spec).quirks.formats.formats.values() if load_spec(api.spec).quirks.formats else ())
    if fmt.xml is not None
]
RECORDS: list[dict[str, Any]] = [
    {"id": 1, "title": "one", "tags": ["a", "b"], "user": {"id": 9, "name": "u"}},
    {"id": 2, "title": "two", "tags": [], "user": {"id": 8, "name": "v"}},
]


def test_every_api_with_xml_is_exercised() -> None:
    assert DIALECTS, "no configured API declares an XML format: this file checks nothing"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("records", [RECORDS, RECORDS[:1], []], ids=["two", "one", "none"])
def test_a_typed_array_reads_back_as_a_list(dialect: dict[str, Any], records: list[dict[str, Any]]) -> None:
    """One item stays a list of one, none an empty list: XML alone cannot tell them from an object."""
    body = xml_dialect.encode({"items": records} if dialect["root"] else records, dialect, "tracks")
    data = xml_dialect.decode(body, dialect)
    listed = data["items"] if dialect["root"] else data
    if not records and not dialect.get("type-attribute"):
        # an empty untyped list is an empty element, as an empty string is: the client's shapes tell them apart
        assert listed == ""
        return
    assert isinstance(listed, list)
    assert len(listed) == len(records)
    if dialect.get("type-attribute"):
        assert [r["id"] for r in listed] == [r["id"] for r in records]


@pytest.mark.parametrize("dialect", [d for d in DIALECTS if d.values[0]["root"]])
def test_a_body_with_another_root_element_is_refused(dialect: dict[str, Any]) -> None:
    wire = dialect
    with pytest.raises(ValueError, match="root element"):
        xml_dialect.decode(b"<html><id>7</id></html>", wire)


@pytest.mark.parametrize("dialect", [d for d in DIALECTS if not d.values[0]["root"]])
def test_a_root_named_after_the_answer_must_be_one_the_answer_may_have(dialect: dict[str, Any]) -> None:
    wire = dialect
    body = xml_dialect.encode({"id": 7}, wire, "track")
    assert xml_dialect.decode(body, wire, ("track",)) == {"id": 7}
    with pytest.raises(ValueError, match="root element <track>, got <user>"):
        xml_dialect.decode(xml_dialect.encode({"id": 7}, wire, "user"), wire, ("track",))
