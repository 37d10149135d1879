"""Quirk x-soundspec-auth.oauth2: authorize URL, the token grants, and the opt-in refresh-and-retry on 401."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.clients.server import Answer, FixtureServer, json_answer
from tests.clients.support import spec_text

PATHS = """
/me:
  get:
    operationId: getMe
    tags: [items]
    security: [{clientId: []}, {tokenHeader: []}]
    responses:
      "200":
        description: Me.
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      "401":
        description: No.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Errors"}
/oauth2/token:
  post:
    operationId: obtainToken
    tags: [oauth2]
    security: []
    requestBody:
      required: true
      content:
        application/x-www-form-urlencoded:
          schema:
            type: object
            required: [grant_type]
            properties:
              grant_type: {type: string}
    responses:
      "200":
        description: A token.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Token"}
      "401":
        description: Bad client.
        content:
          application/json:
            schema: {type: object, properties: {error: {type: string}}}
"""
COMPONENTS = """
schemas:
  Token:
    type: object
    required: [access_token]
    properties:
      access_token: {type: string}
      refresh_token: {type: string}
      expires_in: {type: integer}
      scope: {type: string}
  Errors:
    type: object
    properties:
      errors: {type: array, items: {type: object, properties: {error_message: {type: string}}}}
securitySchemes:
  clientId: {type: apiKey, in: query, name: client_id}
  tokenHeader: {type: http, scheme: OAuth}
  oauth2:
    type: oauth2
    flows:
      authorizationCode:
        authorizationUrl: https://example.test/connect
        tokenUrl: https://api.example.test/oauth2/token
        scopes: {"*": all}
"""
QUIRKS = """
x-soundspec-auth:
  credentials:
    - {argument: client_id, schemes: {query: clientId}}
    - {argument: access_token, schemes: {header: tokenHeader}}
  oauth2: {scheme: oauth2, token-operation: obtainToken, refresh-on-401: true}
x-soundspec-errors:
  schema: '#/components/schemas/Errors'
  message: [/errors/0/error_message, /error]
"""
SPEC = spec_text(PATHS, QUIRKS, COMPONENTS)
SECRET = "s3cret-of-the-app"


def token_server(server: FixtureServer) -> None:
    def grant(seen):
        form = {k: v[0] for k, v in parse_qs(seen.body.decode()).items()}
        if form.get("client_secret") != SECRET:
            return json_answer({"error": "invalid_client"}, status=401)
        number = sum(1 for s in server.seen if s.path == "/oauth2/token")
        return json_answer({"access_token": f"access-{number}", "refresh_token": f"refresh-{number}", "expires_in": 60})

    def me(seen):
        if seen.headers.get("authorization") == "OAuth access-2":
            return json_answer({"name": "me"})
        return json_answer({"errors": [{"error_message": "401 - Unauthorized"}]}, status=401)

    server.on("POST", "/oauth2/token", grant)
    server.on("GET", "/me", me)


def forms(server: FixtureServer) -> list[dict[str, str]]:
    return [{k: v[0] for k, v in parse_qs(s.body.decode()).items()} for s in server.seen if s.path == "/oauth2/token"]


def test_the_authorize_url_follows_the_base_url(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    with pkg.FragmentClient(client_id="CID", base_url=server.url) as client:
        assert client.oauth.authorize_url(redirect_uri="http://localhost/cb").startswith(f"{server.url}/connect?")
    with pkg.FragmentClient(
        client_id="CID", base_url=server.url, authorization_url="https://login.test/auth"
    ) as client:
        assert client.oauth.authorize_url(redirect_uri="http://localhost/cb").startswith("https://login.test/auth?")


def test_the_authorize_url(fragment) -> None:
    pkg = fragment(SPEC)
    with pkg.FragmentClient(client_id="CID") as client:
        url = client.oauth.authorize_url(redirect_uri="http://localhost/cb", scope="*", state="xyz")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "example.test", "/connect")
    assert parse_qs(parts.query) == {
        "client_id": ["CID"], "redirect_uri": ["http://localhost/cb"], "response_type": ["code"],
        "scope": ["*"], "state": ["xyz"],
    }  # fmt: skip


def test_each_grant_returns_a_typed_token_and_keeps_it(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    token_server(server)
    with pkg.FragmentClient(client_id="CID", client_secret=SECRET, base_url=server.url) as client:
        token = client.oauth.exchange_code("CODE", redirect_uri="http://localhost/cb")
        assert isinstance(token, pkg.models.Token)
        assert "access-1" not in repr(token) and "refresh-1" not in repr(token)
        assert (token.access_token, token.refresh_token, token.expires_in) == ("access-1", "refresh-1", 60)
        assert client.oauth.password("user", "pw", scope="*").access_token == "access-2"
        assert client.items.get_me().name == "me"
        client.oauth.client_credentials()
        client.oauth.refresh()
    sent = forms(server)
    assert [f["grant_type"] for f in sent] == ["authorization_code", "password", "client_credentials", "refresh_token"]
    assert sent[0] == {"grant_type": "authorization_code", "client_id": "CID", "client_secret": SECRET,
                       "code": "CODE", "redirect_uri": "http://localhost/cb"}  # fmt: skip
    assert sent[1]["username"] == "user" and sent[1]["scope"] == "*"
    assert sent[3]["refresh_token"] == "refresh-3"
    token_requests = [s for s in server.seen if s.path == "/oauth2/token"]
    assert all("authorization" not in s.headers and "client_id" not in s.query for s in token_requests)


def test_a_failed_grant_raises_the_oauth_error_without_the_secret(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    token_server(server)
    client = pkg.FragmentClient(client_id="CID", client_secret="wrong-secret", base_url=server.url)
    with client, pytest.raises(pkg.AuthenticationError) as caught:
        client.oauth.client_credentials()
    assert caught.value.message == "invalid_client"
    assert "wrong-secret" not in str(caught.value) and "wrong-secret" not in repr(client)


def test_refresh_and_retry_once_on_401_when_opted_in(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    token_server(server)
    server.on("POST", "/oauth2/token", json_answer({"access_token": "access-2", "refresh_token": "refresh-2"}))
    with pkg.FragmentClient(
        client_id="CID", client_secret=SECRET, access_token="expired", refresh_token="refresh-0", base_url=server.url
    ) as client:
        with pytest.raises(pkg.AuthenticationError):
            client.items.get_me()
        assert len(server.seen) == 1
        assert client.with_options(auto_refresh=True).items.get_me().name == "me"
    assert [s.path for s in server.seen] == ["/me", "/me", "/oauth2/token", "/me"]
    assert forms(server)[0]["refresh_token"] == "refresh-0"
    assert server.seen[-1].headers["authorization"] == "OAuth access-2"


def test_refresh_happens_once_only(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("POST", "/oauth2/token", json_answer({"access_token": "still-bad"}))
    server.on("GET", "/me", json_answer({"errors": [{"error_message": "401 - Unauthorized"}]}, status=401))
    with (
        pkg.FragmentClient(
            client_id="CID", client_secret=SECRET, refresh_token="r", auto_refresh=True, base_url=server.url
        ) as client,
        pytest.raises(pkg.AuthenticationError),
    ):
        client.items.get_me()
    assert [s.path for s in server.seen] == ["/me", "/oauth2/token", "/me"]


def test_async_flows(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    token_server(server)

    async def go() -> str:
        async with pkg.AsyncFragmentClient(client_id="CID", client_secret=SECRET, base_url=server.url) as client:
            await client.oauth.client_credentials()
            await client.oauth.refresh()
            return (await client.items.get_me()).name

    assert asyncio.run(go()) == "me"


def test_async_refresh_and_retry_on_401(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    token_server(server)
    server.on("POST", "/oauth2/token", json_answer({"access_token": "access-2", "refresh_token": "refresh-2"}))

    async def go() -> str:
        async with pkg.AsyncFragmentClient(
            client_id="CID", client_secret=SECRET, access_token="old", refresh_token="r", auto_refresh=True,
            base_url=server.url,
        ) as client:  # fmt: skip
            return (await client.items.get_me()).name

    assert asyncio.run(go()) == "me"
    assert [s.path for s in server.seen] == ["/me", "/oauth2/token", "/me"]


def rotating_token_server(server: FixtureServer, callers: int) -> None:
    """Refresh tokens rotate (each works once); `callers` requests with the old token are all refused together."""
    state = {"refresh": "refresh-0", "access": "access-0", "grants": 0, "refused": 0}
    everyone_refused = threading.Event()  # every caller holds its 401 before any of them can refresh

    def grant(seen):  # the server calls handlers one at a time
        form = {k: v[0] for k, v in parse_qs(seen.body.decode()).items()}
        if form.get("refresh_token") != state["refresh"]:
            return json_answer({"error": "invalid_grant"}, status=401)
        state["grants"] += 1
        state["refresh"] = f"refresh-{state['grants']}"
        state["access"] = f"access-{state['grants']}"
        return json_answer({"access_token": state["access"], "refresh_token": state["refresh"]})

    def me(seen):
        if state["grants"] and seen.headers.get("authorization") == f"OAuth {state['access']}":
            return json_answer({"name": "me"})
        state["refused"] += 1
        if state["refused"] == callers:
            everyone_refused.set()
        refusal = json_answer({"errors": [{"error_message": "401 - Unauthorized"}]}, status=401)
        refusal.gate = everyone_refused
        return refusal

    server.on("POST", "/oauth2/token", grant)
    server.on("GET", "/me", me)


def test_concurrent_401s_share_one_refresh(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    rotating_token_server(server, callers=4)
    with pkg.FragmentClient(
        client_id="CID", client_secret=SECRET, access_token="expired", refresh_token="refresh-0", auto_refresh=True,
        base_url=server.url,
    ) as client, ThreadPoolExecutor(4) as pool:  # fmt: skip
        names = list(pool.map(lambda _: client.items.get_me().name, range(4)))
    assert names == ["me"] * 4
    assert len(forms(server)) == 1  # a second refresh of refresh-0 would have been refused


def test_concurrent_async_401s_share_one_refresh(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    rotating_token_server(server, callers=4)

    async def go() -> list[str]:
        async with pkg.AsyncFragmentClient(
            client_id="CID", client_secret=SECRET, access_token="expired", refresh_token="refresh-0",
            auto_refresh=True, base_url=server.url,
        ) as client:  # fmt: skip
            answers = await asyncio.gather(*(client.items.get_me() for _ in range(4)))
            return [a.name for a in answers]

    assert asyncio.run(go()) == ["me"] * 4
    assert len(forms(server)) == 1


GRANTS = {
    "client_credentials": lambda oauth: oauth.client_credentials(),
    "password": lambda oauth: oauth.password("user", "pw-of-the-user"),
    "refresh": lambda oauth: oauth.refresh(),
}


@pytest.mark.parametrize("status", [307, 308])
@pytest.mark.parametrize("grant", sorted(GRANTS))
def test_a_token_call_redirected_to_another_origin_sends_its_secrets_nowhere(
    fragment, server: FixtureServer, other_server: FixtureServer, grant: str, status: int
) -> None:
    """307/308 keep method and body; to another origin that body would carry the secret, password, refresh token."""
    pkg = fragment(SPEC)
    server.on("POST", "/oauth2/token", Answer(status, b"", {"Location": f"{other_server.url}/steal"}))
    other_server.on("POST", "/steal", json_answer({"access_token": "stolen"}))
    client = pkg.FragmentClient(client_id="CID", client_secret=SECRET, refresh_token="refresh-0", base_url=server.url)
    with client, pytest.raises(pkg.UnsafeRedirectError) as caught:
        GRANTS[grant](client.oauth)
    assert other_server.seen == []
    assert other_server.url in str(caught.value) and str(status) in str(caught.value)
    for secret in (SECRET, "pw-of-the-user", "refresh-0"):
        assert secret not in str(caught.value) and secret not in repr(caught.value)
    assert isinstance(caught.value, pkg.APIConnectionError)


@pytest.mark.parametrize("status", [307, 308])
def test_async_token_calls_send_no_secret_to_another_origin(
    fragment, server: FixtureServer, other_server: FixtureServer, status: int
) -> None:
    pkg = fragment(SPEC)
    server.on("POST", "/oauth2/token", Answer(status, b"", {"Location": f"{other_server.url}/steal"}))
    other_server.on("POST", "/steal", json_answer({"access_token": "stolen"}))

    async def go() -> None:
        async with pkg.AsyncFragmentClient(
            client_id="CID", client_secret=SECRET, refresh_token="refresh-0", base_url=server.url
        ) as client:
            for call in (client.oauth.client_credentials, client.oauth.refresh):
                with pytest.raises(pkg.UnsafeRedirectError):
                    await call()

    asyncio.run(go())
    assert other_server.seen == []


@pytest.mark.parametrize("status", [307, 308])
def test_a_token_call_redirected_on_its_own_origin_keeps_its_body(fragment, server: FixtureServer, status: int) -> None:
    pkg = fragment(SPEC)
    server.on("POST", "/oauth2/token", Answer(status, b"", {"Location": "/oauth2/moved-token"}))
    server.on("POST", "/oauth2/moved-token", json_answer({"access_token": "moved"}))
    with pkg.FragmentClient(client_id="CID", client_secret=SECRET, base_url=server.url) as client:
        assert client.oauth.client_credentials().access_token == "moved"
    assert [s.path for s in server.seen] == ["/oauth2/token", "/oauth2/moved-token"]
    assert forms(server)[0] == {k: v[0] for k, v in parse_qs(server.seen[1].body.decode()).items()}
    assert forms(server)[0]["client_secret"] == SECRET
