"""`x-soundspec-as` and `x-soundspec-unwrap`: values sent as text or wrapped, given to callers typed and bare."""

from __future__ import annotations

from tests.clients.server import FixtureServer, json_answer, text_answer
from tests.clients.support import spec_text

PATHS = """
/photos/{photo_id}/:
  get:
    operationId: getPhoto
    tags: [items]
    parameters:
      - {name: photo_id, in: path, required: true, schema: {type: integer}}
      - {name: format, in: query, schema: {type: string, enum: [json, xml]}}
    responses:
      "200":
        description: One photo.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Photo"}
          text/xml:
            schema: {$ref: "#/components/schemas/Photo"}
"""
COMPONENTS = """
schemas:
  Photo:
    type: object
    xml: {name: photo}
    required: [views, title]
    properties:
      views: {type: string, pattern: '^\\d+$', x-soundspec-as: integer}
      public: {type: string, enum: ["0", "1"], x-soundspec-as: boolean}
      title:
        type: object
        x-soundspec-unwrap: _content
        properties: {_content: {type: string}}
"""
QUIRKS = """
x-soundspec-formats:
  default: json
  formats:
    json: {media-type: application/json}
    xml: {media-type: text/xml, xml: {root: rsp}}
  selection: [{by: query, name: format}]
"""
SPEC = spec_text(PATHS, QUIRKS, COMPONENTS)


def test_text_values_come_typed_and_wrapped_ones_bare(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/photos/1/", json_answer({"views": "1200", "public": "1", "title": {"_content": "Dawn"}}))
    with pkg.FragmentClient(base_url=server.url) as client:
        photo = client.items.get_photo(1)
    assert (photo.views, photo.public, photo.title) == (1200, True, "Dawn")


def test_the_same_body_in_xml_gives_an_equal_model(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/photos/1/", json_answer({"views": "7", "public": "0", "title": {"_content": "Dusk"}}))
    xml = "<rsp><views>7</views><public>0</public><title>Dusk</title></rsp>"
    server.on("GET", "/photos/2/", text_answer(xml, "text/xml"))
    with pkg.FragmentClient(base_url=server.url) as client:
        as_json = client.items.get_photo(1)
        as_xml = client.with_options(format="xml").items.get_photo(2)
    assert as_json == as_xml
    assert (as_xml.views, as_xml.public, as_xml.title) == (7, False, "Dusk")
