"""Every GET of both specs against the mocks: status, media type and body as the spec declares."""

from __future__ import annotations

import pytest

from generator.mock import MockApp

from .conformance import problems
from .conftest import FS_KEY, SC_CLIENT, SC_TOKEN, build, call


def _sweep(app: MockApp, params: dict[str, object], credentials: str) -> list[str]:
    found = []
    for op in app.api.operations:
        if op.method != "GET":
            continue
        url = op.template
        for name, value in params.items():
            url = url.replace("{" + name + "}", str(value))
        response = call(app, "GET", f"{app.api.prefix}{url}?{credentials}")
        found += [
            f"{op.op_id} {response.status_code}: {p}"
            for p in problems(
                app, op.op_id, response.status_code, response.headers.get("content-type", ""), response.content
            )
        ]
    return found


@pytest.mark.parametrize("urls", ["mock", "public"])
def test_freesound_gets_match_the_spec(freesound: MockApp, freesound_public: MockApp, urls: str) -> None:
    # the spec's URL patterns fix the paths, not the host: the mock's own URLs conform too
    app = freesound if urls == "mock" else freesound_public
    data = app.behaviour.data  # type: ignore[attr-defined]
    category = next(c for c in data.categories.values() if c["user_id"] == data.by_name["dobroide"]["id"]) if any(
        c["user_id"] == data.by_name["dobroide"]["id"] for c in data.categories.values()
    ) else next(iter(data.categories.values()))  # fmt: skip
    owner = data.users[category["user_id"]]["username"]
    params = {
        "sound_id": 18763, "username": owner, "pack_id": 5107, "category_id": category["id"],
        "filename": "18763_65748-hq.mp3", "descriptor_path": "lowlevel/pitch",
    }  # fmt: skip
    assert _sweep(app, params, f"api_key={FS_KEY}") == []


def test_freesound_writes_its_own_base_url_by_default() -> None:
    sound = call(build("freesound"), "GET", f"/api/sounds/18763/?api_key={FS_KEY}").json()
    assert (sound["ref"], sound["url"]) == (
        "http://mock.test/api/sounds/18763/",
        "http://mock.test/people/terminal/sounds/18763/",
    )
    assert sound["preview-hq-mp3"] == "http://mock.test/data/previews/18/18763_65748-hq.mp3"
    public = call(build("freesound", urls="public"), "GET", f"/api/sounds/18763/?api_key={FS_KEY}").json()
    assert public["ref"] == "http://www.freesound.org/api/sounds/18763/"


def test_soundcloud_gets_match_the_spec(soundcloud: MockApp) -> None:
    data = soundcloud.behaviour.data  # type: ignore[attr-defined]
    follows = sorted(b for a, b in data.followings if a == 1561)
    params = {
        "track_id": 104286869, "user_id": 1561, "following_id": follows[0] if follows else 16730, "follower_id": 1,
        "playlist_id": next(p for p in data.playlists.values() if p["user_id"] == 1561)["id"]
        if any(p["user_id"] == 1561 for p in data.playlists.values()) else next(iter(data.playlists)),
        "group_id": next(iter(data.groups)), "comment_id": next(iter(data.comments)), "app_id": 124,
        "connection_id": 1, "web_profile_id": 1,
    }  # fmt: skip
    query = f"client_id={SC_CLIENT}&oauth_token={SC_TOKEN}&url=http://soundcloud.com/diplo"
    query += "&redirect_uri=http://localhost/cb&response_type=code"
    assert _sweep(soundcloud, params, query) == []


@pytest.mark.parametrize(
    ("url", "op_id"),
    [
        ("/api/sounds/1/", "getSound"),
        ("/api/sounds/abc/", "getSound"),
        ("/api/people/nobody_here/", "getUser"),
        ("/api/sounds/search/?f=(x", "searchSounds"),
        ("/api/sounds/18763/?format=pickle", "getSound"),
    ],
)
def test_freesound_errors_match_the_spec(freesound_public: MockApp, url: str, op_id: str) -> None:
    joined = f"{url}{'&' if '?' in url else '?'}api_key={FS_KEY}"
    response = call(freesound_public, "GET", joined)
    assert (
        problems(freesound_public, op_id, response.status_code, response.headers["content-type"], response.content)
        == []
    )
