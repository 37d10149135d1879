"""Decoding bodies of every format, and coercing untyped XML text against the schema."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from generator.apimodel import build_api
from generator.contract.bodies import BodyError, api_format, decode_against, decode_body, is_structured
from generator.contract.exchange import SpecIndex
from generator.quirks import Quirks, load_quirks
from tests.support import ROOT

SPEC: dict[str, Any] = yaml.safe_load(
    """
openapi: 3.1.0
info: {title: Formats, version: "1"}
x-soundspec-formats:
  default: json
  formats:
    json: {media-type: application/json}
    xml:
      media-type: application/xml
      xml: {root: null, item: null, type-attribute: type, nil-attribute: nil, dasherize: true}
    pickle: {media-type: application/python-pickle, unsafe: "runs code"}
  selection: [{by: suffix}]
  jsonp: {param: callback, wrap: "/**/{callback}({body});"}
paths:
  /tracks/{id}:
    get:
      operationId: getTrack
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Track"}}
            application/xml: {schema: {$ref: "#/components/schemas/Track"}}
components:
  schemas:
    Track:
      type: object
      properties:
        id: {type: integer}
        title: {type: string}
        bpm: {type: [number, "null"]}
        streamable: {type: boolean}
        tag_list: {type: string}
        user: {type: object, properties: {id: {type: integer}, username: {type: string}}}
        comments: {type: array, items: {type: object, properties: {id: {type: integer}}}}
"""
)
QUIRKS = load_quirks(SPEC)
TRACK = {"$ref": "#/components/schemas/Track"}
FREESOUND: dict[str, Any] = yaml.safe_load((ROOT / "specs" / "freesound-v1.yaml").read_text())
FS_QUIRKS = load_quirks(FREESOUND)


def test_json_and_both_jsonp_wraps() -> None:
    assert decode_body(b'{"a": 1}', "application/json", QUIRKS) == {"a": 1}
    assert decode_body(b"/**/cb_1.x([1, 2]);", "application/json", QUIRKS) == [1, 2]
    assert decode_body(b'handleReply({"a": 1})', "application/json; charset=utf-8", FS_QUIRKS) == {"a": 1}
    assert decode_body(b"/**/cb([1]);", "text/javascript", QUIRKS) == [1]
    # servers that never checked the callback echo any name, parentheses included
    assert decode_body('ñ(ô({"a": 1})'.encode(), "application/json", FS_QUIRKS) == {"a": 1}
    with pytest.raises(BodyError, match="not JSON"):
        decode_body(b"cb([1]", "application/json", QUIRKS)
    with pytest.raises(BodyError, match="JSONP wraps no JSON"):
        decode_body(b"/**/cb([1,]);", "application/json", QUIRKS)


def test_rails_xml_is_typed_by_its_attributes_and_coerced_where_not() -> None:
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<track><id type="integer">7</id><title>42</title><bpm nil="true"/><streamable type="boolean">true</streamable>
<tag-list>drums</tag-list><user><id>3</id><username>x</username></user>
<comments type="array"><comment><id type="integer">1</id></comment></comments></track>"""
    assert decode_against(SPEC, TRACK, body, "application/xml; charset=utf-8", QUIRKS) == {
        "id": 7,
        "title": "42",  # the schema wants text: it stays text
        "bpm": None,
        "streamable": True,
        "tag_list": "drums",
        "user": {"id": 3, "username": "x"},  # untyped <id>3</id> coerced by the schema
        "comments": [{"id": 1}],
    }


def test_freesound_xml_literals_lists_of_one_and_of_none() -> None:
    index = SpecIndex(build_api(FREESOUND, FS_QUIRKS))
    pointer, _ = index.response_schema(index.match("get", "/sounds/search/"), 200, "text/xml")  # type: ignore[arg-type]
    schema = {"$ref": "#" + str(pointer)}
    one = b"<response><num_results>1</num_results><sounds><resource><id>5</id><tags><resource>True</resource></tags>"
    one += b"<bitdepth>None</bitdepth><pack>None</pack></resource></sounds><num_pages>1</num_pages></response>"
    data = decode_against(FREESOUND, schema, one, "text/xml", FS_QUIRKS)
    # literals stand for scalars only where the schema allows them: a tag or a URL reading True/None is text
    assert data["sounds"] == [{"id": 5, "tags": ["True"], "bitdepth": None, "pack": "None"}]
    none = b"<response><num_results>0</num_results><sounds></sounds><num_pages>0</num_pages></response>"
    assert decode_against(FREESOUND, schema, none, "text/xml", FS_QUIRKS)["sounds"] == []


def test_yaml_keeps_datetimes_and_yes_as_text() -> None:
    body = b"created: 2006-05-08 05:19:13\nname: yes\nid: 3\nrate: 7.5\nnothing: ~\n"
    assert decode_body(body, "application/x-yaml", FS_QUIRKS) == {
        "created": "2006-05-08 05:19:13",
        "name": "yes",
        "id": 3,
        "rate": 7.5,
        "nothing": None,
    }


def test_charsets_and_byte_order_marks() -> None:
    assert decode_body('{"n": "Jürgen"}'.encode("latin-1"), "application/json; charset=ISO-8859-1", QUIRKS) == {
        "n": "Jürgen"
    }
    assert decode_body(b'\xef\xbb\xbf{"a": 1}', "application/json", QUIRKS) == {"a": 1}
    with pytest.raises(BodyError, match=r"not utf-8 text: invalid start byte at byte 6"):
        decode_body(b'{"n": \xff}', "application/json", QUIRKS)
    with pytest.raises(BodyError, match="unknown charset 'klingon'"):
        decode_body(b"{}", "application/json; charset=klingon", QUIRKS)


def test_what_is_never_decoded() -> None:
    with pytest.raises(BodyError, match="refusing to decode application/python-pickle: runs code"):
        decode_body(b"(dp0\n.", "application/python-pickle", QUIRKS)
    with pytest.raises(BodyError, match="no decoder for audio/mpeg"):
        decode_body(b"ID3", "audio/mpeg", QUIRKS)
    with pytest.raises(BodyError, match="empty body"):
        decode_body(b"  ", "application/json", QUIRKS)
    with pytest.raises(BodyError, match="not XML of this API's dialect"):
        decode_body(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "application/xml", QUIRKS)  # defusedxml refuses


def test_media_types_are_matched_by_family_but_not_across_suffixes() -> None:
    assert api_format("TEXT/XML; charset=utf-8", QUIRKS) == QUIRKS.formats.formats["xml"]  # type: ignore[union-attr]
    assert api_format("application/rss+xml", QUIRKS) is None
    assert is_structured("application/vnd.api+json", QUIRKS)
    assert not is_structured("application/octet-stream", QUIRKS)


def test_a_document_declared_as_a_string_is_its_text() -> None:
    rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>Freesound</title></channel></rss>'
    assert decode_against(FREESOUND, {"type": "string"}, rss.encode(), "application/rss+xml", FS_QUIRKS) == rss


def quirks_of(spec: dict[str, Any]) -> Quirks:
    return load_quirks(json.loads(json.dumps(spec)))
