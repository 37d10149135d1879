"""Quirk x-soundspec-auth: credentials from the spec, on the wire only, only to the configured host."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.clients.server import Answer, FixtureServer, json_answer
from tests.clients.support import AsyncResolving, Resolving, spec_text

ITEM_PATH = """
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
            schema: {$ref: "#/components/schemas/Item"}
      "401":
        description: Bad key.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Problem"}
"""
COMPONENTS = """
schemas:
  Item:
    type: object
    required: [id]
    properties:
      id: {type: integer}
      name: {type: string}
  Problem:
    type: object
    properties:
      message: {type: string}
securitySchemes:
  key: {type: apiKey, in: query, name: api_key}
  tokenHeader: {type: http, scheme: OAuth}
  tokenQuery: {type: apiKey, in: query, name: oauth_token}
"""
QUIRKS = """
security:
  - key: []
x-soundspec-auth:
  credentials:
    - argument: api_key
      schemes: {query: key}
    - argument: access_token
      schemes: {header: tokenHeader, query: tokenQuery}
      default-placement: header
      placement-argument: token_placement
x-soundspec-errors:
  schema: '#/components/schemas/Problem'
  message: [/message]
"""
SPEC = spec_text(ITEM_PATH, QUIRKS, COMPONENTS)
KEY = "k3y-0f-the-app"
TOKEN = "t0ken-0f-the-user"


def test_query_key_and_header_token_go_on_the_wire(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/7", json_answer({"id": 7, "name": "seven"}))
    with pkg.FragmentClient(api_key=KEY, access_token=TOKEN, base_url=server.url) as client:
        item = client.items.get_item(7)
    assert (item.id, item.name) == (7, "seven")
    seen = server.seen[0]
    assert seen.query["api_key"] == [KEY]
    assert seen.headers["authorization"] == f"OAuth {TOKEN}"
    assert "oauth_token" not in seen.query


def test_the_placement_argument_moves_the_token_to_the_query(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/1", json_answer({"id": 1}))
    with pkg.FragmentClient(access_token=TOKEN, token_placement="query", base_url=server.url) as client:
        client.items.get_item(1)
    seen = server.seen[0]
    assert seen.query["oauth_token"] == [TOKEN]
    assert "authorization" not in seen.headers
    with pytest.raises(ValueError, match=r"access_token can be sent as"):
        pkg.FragmentClient(access_token=TOKEN, token_placement="cookie")


def test_secrets_stay_out_of_reprs_logs_and_errors(fragment, server: FixtureServer, caplog) -> None:
    pkg = fragment(SPEC)
    # a server that echoes the key into its message and into a link
    server.on("GET", "/items/1", json_answer({"message": f"key {KEY} is not valid"}, status=401))
    caplog.set_level(logging.DEBUG)
    with (
        pkg.FragmentClient(api_key=KEY, access_token=TOKEN, base_url=server.url) as client,
        pytest.raises(pkg.AuthenticationError) as caught,
    ):
        client.items.get_item(1)
    assert server.seen[0].query["api_key"] == [KEY]
    shown = [repr(client), str(caught.value), repr(caught.value), caught.value.url, caught.value.message, caplog.text]
    for text in shown:
        assert KEY not in text and TOKEN not in text, text
    assert "<redacted>" in repr(client)
    assert str(caught.value.response.request.url) == f"{server.url}/items/1"


def test_credentials_are_not_forwarded_to_another_host(fragment, server: FixtureServer, other_server) -> None:
    pkg = fragment(SPEC)
    # the first host redirects elsewhere and echoes the key into the Location, as old servers did
    target = f"http://files.elsewhere.test/item.json?api_key={KEY}&oauth_token={TOKEN}&kind=full"
    server.on("GET", "/items/3", Answer(302, b"", {"Location": target}))
    other_server.on("GET", "/item.json", json_answer({"id": 3}))
    transport = Resolving({"files.elsewhere.test": other_server.port})
    with pkg.FragmentClient(api_key=KEY, access_token=TOKEN, base_url=server.url, transport=transport) as client:
        assert client.items.get_item(3).id == 3
    assert server.seen[0].query["api_key"] == [KEY]
    arrived = other_server.seen[0]
    assert arrived.headers["host"] == "files.elsewhere.test"
    assert arrived.query == {"kind": ["full"]}
    assert "authorization" not in arrived.headers
    assert KEY not in arrived.target and TOKEN not in str(arrived.headers)


@pytest.mark.anyio
async def test_async_client_keeps_credentials_on_its_host(fragment, server: FixtureServer, other_server) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/4", Answer(307, b"", {"Location": f"{other_server.url}/mirror/4"}))
    other_server.on("GET", "/mirror/4", json_answer({"id": 4}))
    transport = AsyncResolving({})
    async with pkg.AsyncFragmentClient(
        api_key=KEY, access_token=TOKEN, base_url=server.url, transport=transport
    ) as client:
        assert (await client.items.get_item(4)).id == 4
    assert server.seen[0].headers["authorization"] == f"OAuth {TOKEN}"
    # another port is another origin: nothing carried there either
    assert other_server.seen[0].query == {}
    assert "authorization" not in other_server.seen[0].headers


def test_same_host_redirects_keep_credentials_without_exposing_them(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/5", Answer(301, b"", {"Location": f"{server.url}/items/5/?api_key={KEY}"}))
    server.on("GET", "/items/5/", json_answer({"id": 5}))
    with pkg.FragmentClient(api_key=KEY, base_url=server.url) as client:
        assert client.items.get_item(5).id == 5
    assert [s.query.get("api_key") for s in server.seen] == [[KEY], [KEY]]


def test_another_origin_gets_nothing_through_the_default_transport(
    fragment, server: FixtureServer, other_server
) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/items/8", Answer(302, b"", {"Location": f"{other_server.url}/copy/8?api_key={KEY}"}))
    other_server.on("GET", "/copy/8", json_answer({"id": 8}))

    async def fetch() -> int:
        async with pkg.AsyncFragmentClient(api_key=KEY, access_token=TOKEN, base_url=server.url) as client:
            return int((await client.items.get_item(8)).id)

    with pkg.FragmentClient(api_key=KEY, access_token=TOKEN, base_url=server.url) as client:
        assert client.items.get_item(8).id == 8
    assert asyncio.run(fetch()) == 8
    assert [s.query for s in other_server.seen] == [{}, {}]
    assert all("authorization" not in s.headers for s in other_server.seen)
    assert [s.query["api_key"] for s in server.seen] == [[KEY], [KEY]]


LOOKUP_PATH = """
/keys/lookup:
  get:
    operationId: lookupKey
    tags: [items]
    parameters:
      - {name: api_key, in: query, required: true, description: The key looked up., schema: {type: string}}
    responses:
      "200":
        description: The key's item.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Item"}
"""


def test_a_parameter_named_like_a_credential_is_sent_as_given(fragment, server: FixtureServer, other_server) -> None:
    """The operation's own `api_key` parameter wins over the client's key, once, also after a redirect
    to another host (where the client's credentials never go)."""
    pkg = fragment(spec_text(ITEM_PATH + LOOKUP_PATH, QUIRKS, COMPONENTS))
    server.on("GET", "/keys/lookup", Answer(302, b"", {"Location": f"{other_server.url}/found?api_key=other-key"}))
    other_server.on("GET", "/found", json_answer({"id": 9}))
    with pkg.FragmentClient(api_key=KEY, access_token=TOKEN, base_url=server.url) as client:
        assert client.items.lookup_key(api_key="other-key").id == 9
    assert server.seen[0].query == {"api_key": ["other-key"]}
    assert server.seen[0].headers["authorization"] == f"OAuth {TOKEN}"
    assert other_server.seen[0].query == {"api_key": ["other-key"]}
    assert "authorization" not in other_server.seen[0].headers


def test_debug_logs_never_show_a_secret_the_server_echoed(fragment, server: FixtureServer, caplog) -> None:
    """httpcore logs response headers at DEBUG; an old server echoes the key into `Location`."""
    pkg = fragment(SPEC)
    server.on("GET", "/items/5", Answer(302, b"", {"Location": f"/items/6?api_key={KEY}&oauth_token={TOKEN}"}))
    server.on("GET", "/items/6", json_answer({"id": 6, "name": f"echo {KEY}"}))
    caplog.set_level(logging.DEBUG)
    with pkg.FragmentClient(api_key=KEY, access_token=TOKEN, base_url=server.url) as client:
        assert client.items.get_item(5).id == 6
    assert "Location" in caplog.text or "location" in caplog.text.lower()  # the header was logged...
    assert KEY not in caplog.text and TOKEN not in caplog.text  # ...without the secrets


def test_an_error_keeps_no_echoed_secret_in_its_data_or_body(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    echoed = {
        "message": f"bad key {KEY} for /items/1?api_key={KEY}",
        "sent": {"api_key": KEY, "quoted": KEY.replace("-", "%2D")},
    }
    server.on("GET", "/items/1", json_answer(echoed, status=401))
    with (
        pkg.FragmentClient(api_key=KEY, base_url=server.url) as client,
        pytest.raises(pkg.AuthenticationError) as caught,
    ):
        client.items.get_item(1)
    err = caught.value
    for shown in (str(err), repr(err), repr(err.data), repr(err.body), err.message):
        assert KEY not in shown, shown
    assert err.data["sent"]["api_key"] == "<redacted>"


def mock_handler(request):
    import httpx

    return httpx.Response(
        200, json={"id": int(request.url.path.rsplit("/", 1)[1]), "seen_key": request.url.params.get("api_key")}
    )


def test_the_transports_people_test_with(fragment) -> None:
    """MockTransport offers both interfaces: a sync client must use the sync one (it raised AttributeError)."""
    import httpx

    pkg = fragment(SPEC)

    class SyncOnly(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return mock_handler(request)

    class AsyncOnly(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return mock_handler(request)

    def wsgi_app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b'{"id": %d}' % int(environ["PATH_INFO"].rsplit("/", 1)[1])]

    async def asgi_app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"id": %d}' % int(scope["path"].rsplit("/", 1)[1])})

    for transport in (httpx.MockTransport(mock_handler), SyncOnly(), httpx.WSGITransport(app=wsgi_app)):
        with pkg.FragmentClient(api_key=KEY, base_url="http://api.test", transport=transport) as client:
            assert client.items.get_item(3).id == 3

    async def go() -> list[int]:
        ids = []
        for transport in (httpx.MockTransport(mock_handler), AsyncOnly(), httpx.ASGITransport(app=asgi_app)):
            async with pkg.AsyncFragmentClient(api_key=KEY, base_url="http://api.test", transport=transport) as client:
                ids.append((await client.items.get_item(4)).id)
        return ids

    assert asyncio.run(go()) == [4, 4, 4]
