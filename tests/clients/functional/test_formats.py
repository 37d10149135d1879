"""Quirk x-soundspec-formats: ask for xml or yaml, get the same models; JSONP unwrapped; pickle refused."""

from __future__ import annotations

import pickle

import pytest

from tests.clients.server import FixtureServer, json_answer, text_answer
from tests.clients.support import spec_text

PATHS = """
/items/{item_id}/:
  get:
    operationId: getItem
    tags: [items]
    parameters:
      - {name: item_id, in: path, required: true, schema: {type: integer}}
      - {name: format, in: query, schema: {type: string, enum: [json, xml, yaml, pickle]}}
      - {name: callback, in: query, schema: {type: string}}
    responses:
      "200":
        description: One item.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Item"}
          text/xml:
            schema: {$ref: "#/components/schemas/Item"}
          application/x-yaml:
            schema: {$ref: "#/components/schemas/Item"}
/items/count/:
  get:
    operationId: countItems
    tags: [items]
    description: Declares neither format nor callback (JSON only, like Freesound's RSS feeds were RSS only).
    responses:
      "200":
        description: How many.
        content:
          application/json:
            schema: {type: object, properties: {count: {type: integer}}}
"""
COMPONENTS = """
schemas:
  Item:
    type: object
    required: [id, name, price, live, tags, parts]
    properties:
      id: {type: integer}
      name: {type: string}
      price: {type: number}
      live: {type: boolean}
      note: {type: [string, "null"]}
      tags: {type: array, items: {type: string}}
      parts: {type: array, items: {$ref: "#/components/schemas/Part"}}
  Part:
    type: object
    properties:
      code: {type: string}
      size: {type: integer}
"""


def quirks(selection: str) -> str:
    return f"""
x-soundspec-formats:
  default: json
  formats:
    json: {{media-type: application/json}}
    xml:
      media-type: text/xml
      xml: {{root: response, item: resource, literals: {{"True": true, "False": false, "None": null}}}}
    yaml: {{media-type: application/x-yaml}}
    pickle: {{media-type: application/python-pickle, unsafe: unpickling runs code chosen by the server}}
  selection: {selection}
  jsonp: {{param: callback, wrap: "{{callback}}({{body}})"}}
"""


QUERY_SPEC = spec_text(PATHS, quirks("[{by: query, name: format}]"), COMPONENTS)
SUFFIX_SPEC = spec_text(PATHS, quirks("[{by: suffix}, {by: accept}]"), COMPONENTS)
DATA = {"id": 7, "name": "True", "price": 2.5, "live": True, "note": None, "tags": ["a", "7"],
        "parts": [{"code": "x", "size": 3}]}  # fmt: skip
XML = (
    '<?xml version="1.0" encoding="utf-8"?><response><id>7</id><name>True</name><price>2.5</price>'
    "<live>True</live><note>None</note><tags><resource>a</resource><resource>7</resource></tags>"
    "<parts><resource><code>x</code><size>3</size></resource></parts></response>"
)
YAML = "id: 7\nname: 'True'\nprice: 2.5\nlive: true\nnote: null\ntags: [a, '7']\nparts:\n- {code: x, size: 3}\n"


def answer_by_format(seen):
    fmt = seen.query.get("format", ["json"])[0]
    if fmt == "xml":
        return text_answer(XML, "text/xml; charset=utf-8")
    if fmt == "yaml":
        return text_answer(YAML, "application/x-yaml; charset=utf-8")
    return json_answer(DATA)


def test_every_format_gives_the_same_model(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", answer_by_format)
    with pkg.FragmentClient(base_url=server.url) as client:
        models = {fmt: client.with_options(format=fmt).items.get_item(7) for fmt in ("json", "xml", "yaml")}
    assert models["json"].to_dict() == DATA
    assert models["xml"] == models["json"] == models["yaml"]
    assert models["xml"].name == "True"  # a string field keeps the text a literal would have stood for
    assert [s.query.get("format") for s in server.seen] == [None, ["xml"], ["yaml"]]


def test_a_client_can_default_to_another_format(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", answer_by_format)
    with pkg.FragmentClient(base_url=server.url, format="yaml") as client:
        assert client.items.get_item(7).to_dict() == DATA
    assert server.seen[0].query["format"] == ["yaml"]


def test_format_and_callback_go_only_where_the_operation_declares_them(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/count/", json_answer({"count": 3}))
    with pkg.FragmentClient(base_url=server.url, format="xml") as client:
        assert client.with_options(jsonp_callback="cb").items.count_items().count == 3
    assert server.seen[0].query == {}


def test_suffix_selection_and_accept(fragment, server: FixtureServer) -> None:
    pkg = fragment(SUFFIX_SPEC)
    server.on("GET", "/items/7.xml/", text_answer(XML, "text/xml"))
    server.on("GET", "/items/7/", json_answer(DATA))
    with pkg.FragmentClient(base_url=server.url) as client:
        assert client.items.get_item(7).to_dict() == DATA
        assert client.with_options(format="xml").items.get_item(7).to_dict() == DATA
    assert server.seen[0].headers["accept"] == "application/json"
    assert (server.seen[1].path, server.seen[1].headers["accept"]) == ("/items/7.xml/", "text/xml")


# a server that echoes the callback unchecked (piston) wraps whatever it was sent, delimiters included
CALLBACKS = ["jQuery1_2.cb", "ñô", "a(b", "x)(", "cb({})", " sp ace", "\U0001f50a"]


@pytest.mark.parametrize("callback", CALLBACKS)
def test_jsonp_bodies_are_unwrapped(fragment, server: FixtureServer, callback: str) -> None:
    pkg = fragment(QUERY_SPEC)

    def wrapped(seen):
        echoed = seen.query["callback"][0]
        return text_answer(f"{echoed}({json_answer(DATA).body.decode()})", "application/json")

    server.on("GET", "/items/7/", wrapped)
    with pkg.FragmentClient(base_url=server.url) as client:
        assert client.with_options(jsonp_callback=callback).items.get_item(7).to_dict() == DATA
    assert server.seen[0].query["callback"] == [callback]


def test_pickle_is_refused_with_the_reason_before_any_request(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    with pytest.raises(pkg.UnsafeFormatError, match="unpickling runs code chosen by the server"):
        pkg.FragmentClient(base_url=server.url, format="pickle")
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.UnsafeFormatError, match="unpickling"):
        client.with_options(format="pickle")
    with pytest.raises(pkg.FormatError, match="unknown format"):
        pkg.FragmentClient(base_url=server.url, format="csv")
    assert server.seen == []


class Tripwire:
    def __reduce__(self):
        return (pytest.fail, ("the client unpickled a body",))


def test_a_pickle_answer_is_never_unpickled(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", text_answer(pickle.dumps(Tripwire()), "application/python-pickle"))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.UnsafeFormatError, match="unpickling"):
        client.items.get_item(7)


def test_a_body_that_is_not_its_format_is_a_decode_error(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", text_answer("<response><id>7", "text/xml"))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.ResponseDecodeError, match="not XML"):
        client.with_options(format="xml").items.get_item(7)


def test_xml_entities_are_not_expanded(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><response><name>&a;</name></response>'
    server.on("GET", "/items/7/", text_answer(bomb, "text/xml"))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.ResponseDecodeError):
        client.with_options(format="xml").items.get_item(7)
