"""The XML dialect codec, directly: typed arrays and their edge cases, for every configured API's dialect."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_project
from generator.contract.bodies import coerce, decode_against
from generator.mock.negotiate import Negotiator
from generator.refs import deref
from generator.specs import load_spec
from generator.wire import xml_dialect
from tests.dispatch_fixture import TUNEBASE
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
    if dialect.get("arrays") == "unwrapped":
        # a list is its repeated elements: one is a lone element and none is nothing, as the schema reads them
        wanted = {"type": "array", "items": {"type": "object"}}
        schema = {"type": "object", "required": ["items"], "properties": {"items": wanted}}
        data = coerce({}, schema, data or {}, xml=True, dialect=dialect)
    listed = data["items"] if dialect["root"] else data
    if not records and not dialect.get("type-attribute") and dialect.get("arrays") != "unwrapped":
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


# ---- every success example, rendered by the mock as XML and read back, is the JSON example ----


def _apis_with_xml() -> list[Any]:
    """(name, spec path) of every configured API with an XML format, and the fourth API's fixture."""
    found = [
        pytest.param(api.name, api.spec, id=api.name)
        for api in load_project(ROOT).apis
        if any(
            f.xml is not None
            for f in (load_spec(api.spec).quirks.formats.formats.values() if load_spec(api.spec).quirks.formats else ())
        )
    ]
    return [*found, pytest.param("tunebase", TUNEBASE, id="fourth-api")]


def _examples(media: Any, document: dict[str, Any]) -> list[Any]:
    node = media.node
    found = [node["example"]] if "example" in node else []
    for named in (node.get("examples") or {}).values():
        example = deref(document, named)  # named examples may stand in components/examples
        found.append(example.get("value") if isinstance(example, dict) else None)
    return [e for e in found if e is not None]


def _normal(value: Any) -> Any:
    """What XML can say of a value: its text (types are the schema's business: the client's shapes
    give them back, tests/test_fourth_api.py), no empty containers, no absent values."""
    if isinstance(value, dict):
        kept = {k: _normal(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, bool):
        return str(value).lower()
    return value if value is None else str(value)


@pytest.mark.parametrize(("name", "spec_path"), _apis_with_xml())
def test_every_example_reads_back_from_xml_as_the_json_example(name: str, spec_path: Path) -> None:
    loaded = load_spec(spec_path)
    model, quirks = loaded.model, loaded.quirks
    negotiator = Negotiator(model.document, quirks, json.dumps)
    xml_formats = [f for f in quirks.formats.formats.values() if f.xml is not None] if quirks.formats else []
    checked = 0
    for op in model.operations:
        for response in op.responses:
            if not response.status.startswith("2"):
                continue
            for media in response.content:
                if "json" not in media.media_type or media.schema is None:
                    continue
                for example in _examples(media, model.document):
                    for fmt in xml_formats:
                        body, content_type = negotiator.render(example, fmt.name, media.schema)
                        read = decode_against(model.document, media.schema, body, content_type, quirks)
                        assert _normal(read) == _normal(json.loads(json.dumps(example))), (op.operation_id, fmt.name)
                        checked += 1
    assert checked, f"{name}: no success example was read back"


# ---- the dialect as the wire writes it: attributes, text beside them, a root with the status ----


def _fourth_dialect() -> dict[str, Any]:
    formats = load_spec(TUNEBASE).quirks.formats
    assert formats is not None
    dialect = next(f.xml for f in formats.formats.values() if f.xml is not None)
    assert dialect is not None
    return dialect.as_wire()


ALL_DIALECTS = [*DIALECTS, pytest.param(_fourth_dialect(), id="fourth-api-xml")]


def _wrapped(dialect: dict[str, Any], inner: bytes) -> bytes:
    root = dialect.get("root") or "answer"
    status = dialect.get("root-status")
    attribute = f' {status["attribute"]}="{status["ok"]}"' if status else ""
    return (
        b'<?xml version="1.0"?>\n<' + root.encode() + attribute.encode() + b">" + inner + b"</" + root.encode() + b">"
    )


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_a_repeated_element_is_a_list_and_undeclared_prefixes_read(dialect: dict[str, Any]) -> None:
    body = _wrapped(
        dialect,
        b"<results><opensearch:totalResults>9036</opensearch:totalResults>"
        b"<match><name>a</name></match><match><name>b</name></match><match><name>c</name></match></results>",
    )
    data = xml_dialect.decode(body, dialect, ("answer",))
    results = data["results"]
    assert results["opensearch:totalResults"] == "9036"
    assert [m["name"] for m in results["match"]] == ["a", "b", "c"]


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_entity_declarations_and_external_entities_are_refused(dialect: dict[str, Any]) -> None:
    bomb = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>'
    external = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    for body in (bomb, external):
        with pytest.raises(ValueError, match="refused"):
            xml_dialect.decode(body, dialect)


@pytest.mark.parametrize("dialect", [d for d in ALL_DIALECTS if d.values[0].get("root-status")])
def test_the_root_status_is_the_envelope_s_and_marks_a_failure(dialect: dict[str, Any]) -> None:
    status = dialect["root-status"]
    assert xml_dialect.decode(xml_dialect.encode({"user": {"name": "rj"}}, dialect), dialect) == {
        "user": {"name": "rj"}
    }
    failed = xml_dialect.encode({"error": {"code": "6", "#text": "gone"}}, dialect, failed=True)
    root = xml_dialect.parse(failed)
    assert root.get(status["attribute"]) == status["failed"]
    assert root[0].tag == "error" and root[0].get("code") == "6" and root[0].text == "gone"


@pytest.mark.parametrize("dialect", [d for d in ALL_DIALECTS if d.values[0].get("attributes")])
def test_attributes_and_texts_round_trip_in_the_json_layout(dialect: dict[str, Any]) -> None:
    text, gathered = dialect.get("text") or "#text", dialect["attributes"]
    data = {
        "toptracks": {
            gathered: {"artist": "Cher", "page": "1", "totalPages": "3"},
            "track": [
                {
                    "name": "Believe",
                    gathered: {"rank": "1"},
                    "image": [{text: "s.png", "size": "small"}, {text: "m.png", "size": "medium"}],
                },
                {"name": "Strong Enough", gathered: {"rank": "2"}, "streamable": {text: "0", "fulltrack": "0"}},
            ],
        }
    }
    body = xml_dialect.encode(data, dialect)
    root = xml_dialect.parse(body)
    top = root.find("toptracks")
    assert top is not None and top.get("artist") == "Cher" and top.get("totalPages") == "3"
    first = top.find("track")
    assert first is not None and first.get("rank") == "1"
    assert [(i.get("size"), i.text) for i in first.findall("image")] == [("small", "s.png"), ("medium", "m.png")]
    assert xml_dialect.decode(body, dialect) == data


@pytest.mark.parametrize("dialect", ALL_DIALECTS)
def test_namespace_declarations_are_not_data(dialect: dict[str, Any]) -> None:
    body = _wrapped(
        dialect, b'<results xmlns:os="http://a9.com/-/spec/opensearch/1.1/"><os:total>3</os:total></results>'
    )
    assert xml_dialect.decode(body, dialect, ("answer",))["results"] == {"os:total": "3"}


@pytest.mark.parametrize("dialect", [d for d in ALL_DIALECTS if d.values[0].get("attributes")])
def test_an_empty_page_keeps_its_attributes_where_its_schema_does(dialect: dict[str, Any]) -> None:
    """Without children an element's attributes stand beside its text; its schema gathers them again."""
    gathered = dialect["attributes"]
    page = {"type": "object", "properties": {"page": {"type": "string"}, "total": {"type": "string"}}}
    listed = {
        "type": "object",
        "required": ["track"],
        "properties": {"track": {"type": "array", "items": {"type": "object"}}, gathered: page},
    }
    spec: dict[str, Any] = {"components": {"schemas": {}}}
    schema = {"type": "object", "properties": {"toptracks": listed}}
    data = {"toptracks": {gathered: {"page": "2", "total": "1"}, "track": []}}
    body = xml_dialect.encode(data, dialect)
    read = xml_dialect.decode(body, dialect)
    assert gathered not in read["toptracks"] and read["toptracks"]["page"] == "2"  # what XML alone can say
    assert coerce(spec, schema, read, xml=True, dialect=dialect) == data
    # a schema that keeps them beside the text (an element with attributes and text) is left as it is
    inline = {"type": "object", "properties": {"toptracks": {"type": "object", "properties": {"#text": {}}}}}
    assert coerce(spec, inline, read, xml=True, dialect=dialect) == read


@pytest.mark.parametrize("dialect", [d for d in ALL_DIALECTS if d.values[0].get("attributes")])
def test_an_attribute_named_like_its_children_is_gathered_apart_from_them(dialect: dict[str, Any]) -> None:
    """`<friends user="rj"><user/><user/></friends>`: the attribute goes to @attr, the children stay a list."""
    gathered = dialect["attributes"]
    data = {"friends": {gathered: {"user": "rj", "page": "1"}, "user": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}}
    assert xml_dialect.decode(xml_dialect.encode(data, dialect), dialect) == data
