"""An operation on a host of its own (operation or path item `servers`): there on the real API, never with its keys."""

from __future__ import annotations

from tests.clients.server import FixtureServer, json_answer
from tests.clients.support import Resolving, spec_text

PATHS = """
/items/{item_id}:
  get:
    operationId: getItem
    tags: [items]
    parameters:
      - {name: item_id, in: path, required: true, schema: {type: integer}}
    responses:
      "200":
        description: One item.
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
/embed:
  servers:
    - url: http://www.example.test
      description: The web host, not the API host.
  get:
    operationId: embedItem
    tags: [items]
    security: []
    parameters:
      - {name: url, in: query, required: true, schema: {type: string}}
    responses:
      "200":
        description: The embed.
        content:
          application/json:
            schema: {type: object, properties: {html: {type: string}}}
"""
QUIRKS = """
x-soundspec-auth:
  credentials:
    - {argument: api_key, schemes: {query: apiKey}}
security: [{apiKey: []}]
"""
COMPONENTS = """
securitySchemes:
  apiKey: {type: apiKey, in: query, name: api_key}
"""
SPEC = spec_text(PATHS, QUIRKS, COMPONENTS)


def answer(server: FixtureServer) -> None:
    server.on("GET", "/v1/items/3", json_answer({"id": 3}))
    server.on("GET", "^/(v1/)?embed", json_answer({"html": "<iframe>"}))


def test_on_the_real_api_the_operation_goes_to_its_own_host_without_the_key(
    fragment, server: FixtureServer, other_server: FixtureServer
) -> None:
    pkg = fragment(SPEC)
    answer(server)
    answer(other_server)
    hosts = Resolving({"api.example.test": server.port, "www.example.test": other_server.port})
    with pkg.FragmentClient(api_key="k-1", transport=hosts) as client:  # the spec's own server
        assert client.items.get_item(3).id == 3
        assert client.items.embed_item(url="http://x.test/a").html == "<iframe>"
    assert [(s.path, s.query, s.headers["host"]) for s in server.seen] == [
        ("/v1/items/3", {"api_key": ["k-1"]}, "api.example.test")
    ]
    assert [(s.path, s.query, s.headers["host"]) for s in other_server.seen] == [
        ("/embed", {"url": ["http://x.test/a"]}, "www.example.test")  # no api_key: it is the API host's
    ]


def test_a_client_pointed_elsewhere_sends_every_operation_there(
    fragment, server: FixtureServer, other_server: FixtureServer
) -> None:
    pkg = fragment(SPEC)
    answer(server)
    with pkg.FragmentClient(api_key="k-1", base_url=server.url + "/v1") as client:  # a mock, a proxy
        assert client.items.embed_item(url="u").html == "<iframe>"
    assert [(s.path, s.query) for s in server.seen] == [("/v1/embed", {"url": ["u"]})]
    assert other_server.seen == []
