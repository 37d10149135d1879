"""The OAuth challenge (`WWW-Authenticate`) of SoundCloud's 401s, over real HTTP, as its spec documents it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from generator.mock import MockApp
from generator.refs import deref
from generator.yamlsource import load_file

from .conftest import FS_KEY, SC_CLIENT, SC_TOKEN, SPECS, Served

SPEC = load_file(SPECS["soundcloud"])[0]
SECRET = "mock-client-secret"  # the documented secret of the mock app


def documented(pointer: str) -> str:
    """The challenge a `WWW-Authenticate` header's description shows (`OAuth realm=..., error=...`)."""
    header = deref(SPEC, {"$ref": f"#{pointer}/headers/WWW-Authenticate"})
    found = re.search(r"`(OAuth realm=[^`]+)`", header["description"])
    assert found, header["description"]
    return found.group(1)


@pytest.fixture(scope="module")
def served_soundcloud(soundcloud: MockApp) -> Iterator[Served]:
    """One server for the module: nothing here changes the dataset (every write is refused)."""
    with Served(soundcloud) as served:
        yield served


@pytest.fixture(scope="module")
def served_freesound(freesound: MockApp) -> Iterator[Served]:
    with Served(freesound) as served:
        yield served


TOKEN_401 = documented("/components/responses/Unauthorized")
TOKEN_ENDPOINT_401 = documented("/paths/~1oauth2~1token/post/responses/401")


@pytest.mark.parametrize(
    ("method", "url", "options", "expected"),
    [
        ("GET", "/me?oauth_token=bogus", {}, TOKEN_401),
        ("GET", "/me", {"headers": {"Authorization": "OAuth bogus"}}, TOKEN_401),
        ("GET", "/me.xml?oauth_token=bogus", {}, TOKEN_401),
        ("GET", "/tracks/104286869?oauth_token=bogus", {}, TOKEN_401),
        ("DELETE", "/tracks/104286869", {"data": {"oauth_token": "bogus"}}, TOKEN_401),
        ("POST", "/oauth2/token", {"data": {"grant_type": "client_credentials", "client_id": SC_CLIENT,
                                           "client_secret": "wrong"}}, TOKEN_ENDPOINT_401),
        ("POST", "/oauth2/token", {"data": {"grant_type": "client_credentials", "client_id": "nobody",
                                           "client_secret": SECRET}}, TOKEN_ENDPOINT_401),
    ],
)  # fmt: skip
def test_a_refused_token_or_client_is_challenged(
    served_soundcloud: Served, method: str, url: str, options: dict[str, Any], expected: str
) -> None:
    response = httpx.request(method, f"{served_soundcloud.url}{url}", **options)
    assert response.status_code == 401, response.text
    assert response.headers.get_list("www-authenticate") == [expected]


@pytest.mark.parametrize(
    "refused",
    [
        {"grant_type": "password", "username": "Jxnblk", "password": "wrong"},
        {"grant_type": "authorization_code", "code": "never-issued", "redirect_uri": "http://localhost/cb"},
        {"grant_type": "refresh_token", "refresh_token": "never-issued"},
    ],
)
def test_a_refused_grant_is_the_documented_400_without_a_challenge(
    served_soundcloud: Served, refused: dict[str, str]
) -> None:
    """`invalid_grant` is a 400 (the spec's example of that answer), not a 401: the client is known."""
    documented_400 = deref(SPEC, {"$ref": "#/paths/~1oauth2~1token/post/responses/400"})
    form = {"client_id": SC_CLIENT, "client_secret": SECRET, **refused}
    response = httpx.post(f"{served_soundcloud.url}/oauth2/token", data=form)
    assert (response.status_code, response.json()) == (400, documented_400["content"]["application/json"]["example"])
    assert response.json() == {"error": "invalid_grant"} and "www-authenticate" not in response.headers


def test_the_documented_challenges() -> None:
    assert TOKEN_401 == 'OAuth realm="SoundCloud", error="invalid_request"'
    assert TOKEN_ENDPOINT_401 == 'OAuth realm="SoundCloud", error="invalid_client"'


@pytest.mark.parametrize(
    "url",
    [
        "/tracks/104286869",  # nothing presented
        "/tracks/104286869?client_id=nobody",  # an app's key, not a token
        f"/me?client_id={SC_CLIENT}",  # an app on a user's resource
    ],
)
def test_no_challenge_where_no_token_was_refused(served_soundcloud: Served, url: str) -> None:
    response = httpx.get(f"{served_soundcloud.url}{url}")
    assert response.status_code == 401 and "www-authenticate" not in response.headers


def test_an_accepted_token_is_not_challenged(served_soundcloud: Served) -> None:
    response = httpx.get(f"{served_soundcloud.url}/me", headers={"Authorization": f"OAuth {SC_TOKEN}"})
    assert response.status_code == 200 and "www-authenticate" not in response.headers


def test_freesound_declares_no_challenge(served_freesound: Served) -> None:
    response = httpx.get(f"{served_freesound.url}/api/sounds/18763/", params={"api_key": "nope"})
    assert response.json()["status_code"] == 401 and "www-authenticate" not in response.headers
    assert httpx.get(f"{served_freesound.url}/api/sounds/18763/", params={"api_key": FS_KEY}).status_code == 200
