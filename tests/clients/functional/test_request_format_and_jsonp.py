"""x-soundspec-formats `request` and JSONP variants: the format a client asks for apart from the
server's default, a fixed wrapper name, a parameter that turns the wrapper off, a trailing `;`."""

from __future__ import annotations

import httpx

from generator.mock import create_app
from generator.yamlsource import load_text
from tests.clients.server import FixtureServer, json_answer, text_answer
from tests.clients.support import ServedApp, spec_text

PATHS = """
/items/:
  get:
    operationId: listItems
    tags: [items]
    parameters:
      - {name: format, in: query, schema: {type: string, enum: [xml, json]}}
      - {name: nojsoncallback, in: query, schema: {type: string, enum: ["1"]}}
      - {name: jsoncallback, in: query, schema: {type: string}}
    responses:
      "200":
        description: The items.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Items"}
            example: {items: [{id: 1}]}
          text/xml:
            schema: {$ref: "#/components/schemas/Items"}
"""
COMPONENTS = """
schemas:
  Items:
    type: object
    xml: {name: items}
    properties:
      items: {type: array, items: {type: object, properties: {id: {type: integer}}}}
"""
QUIRKS = """
x-soundspec-formats:
  default: xml
  request: json
  formats:
    xml: {media-type: text/xml, xml: {root: rsp}}
    json: {media-type: application/json}
  selection: [{by: query, name: format}]
  jsonp:
    param: jsoncallback
    wrap: "{callback}({body});"
    default-callback: jsonFlickrApi
    off: {param: nojsoncallback, value: "1"}
"""
SPEC = spec_text(PATHS, QUIRKS, COMPONENTS)


def test_the_client_asks_for_its_request_format_and_turns_the_wrapper_off(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/", json_answer({"items": [{"id": 3}]}))
    with pkg.FragmentClient(base_url=server.url) as client:
        assert [i.id for i in client.items.list_items().items] == [3]
    assert server.seen[0].query == {"format": ["json"], "nojsoncallback": ["1"]}


def test_a_fixed_wrapper_with_a_trailing_semicolon_is_unwrapped(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/", text_answer('jsonFlickrApi({"items": [{"id": 4}]});', "application/json"))
    with pkg.FragmentClient(base_url=server.url).with_options(jsonp_callback="cb") as client:
        assert [i.id for i in client.items.list_items().items] == [4]
    # a callback of its own: the wrapper stays on, named so
    assert server.seen[0].query == {"format": ["json"], "jsoncallback": ["cb"]}


def test_the_mock_wraps_in_the_fixed_name_unless_turned_off() -> None:
    app = create_app("fragment", load_text(SPEC)[0])
    with ServedApp(app) as served, httpx.Client(base_url=served.url + "/v1") as http:
        default = http.get("/items/")
        wrapped = http.get("/items/", params={"format": "json"})
        named = http.get("/items/", params={"format": "json", "jsoncallback": "cb"})
        bare = http.get("/items/", params={"format": "json", "nojsoncallback": "1"})
    assert default.text.lstrip().startswith("<") and "<rsp>" in default.text
    assert wrapped.text == 'jsonFlickrApi({"items":[{"id":1}]});'
    assert named.text == 'cb({"items":[{"id":1}]});'
    assert bare.json() == {"items": [{"id": 1}]}
