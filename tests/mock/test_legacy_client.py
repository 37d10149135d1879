"""The official legacy `soundcloud==0.5.0` client against the SoundCloud mock, over real HTTP."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import requests
import soundcloud

from .conftest import SC_CLIENT, Served

SECRET = "mock-client-secret"


def host(served: Served) -> str:
    return f"127.0.0.1:{served.port}"


def test_public_gets(served_soundcloud: Served) -> None:
    client = soundcloud.Client(client_id=SC_CLIENT, host=host(served_soundcloud), use_ssl=False)
    track = client.get("/tracks/104286869")
    assert track.title == "Plangular" and track.user["username"] == "Jxnblk"
    tracks = client.get("/tracks", limit=5, q="plangular")
    assert [t.id for t in tracks] == [104286869]
    page = client.get("/tracks", limit=3, linked_partitioning=1)
    assert len(page.collection) == 3 and page.next_href.startswith(served_soundcloud.url)
    following = client.get(page.next_href)  # next_href carries the credentials and the query
    assert len(following.collection) == 3
    assert {t.id for t in following.collection}.isdisjoint({t.id for t in page.collection})
    user = client.get("/users/16730")
    assert user.username == "diplo" and user.uri == f"{served_soundcloud.url}/users/16730"


def test_resolve_followed_and_not(served_soundcloud: Served) -> None:
    client = soundcloud.Client(client_id=SC_CLIENT, host=host(served_soundcloud), use_ssl=False)
    followed = client.get("/resolve", url="http://soundcloud.com/jxnblk/plangular")
    assert followed.id == 104286869 and followed.kind == "track"
    redirect = client.get("/resolve", url="http://soundcloud.com/jxnblk/plangular", allow_redirects=False)
    assert redirect.status_code == 302
    assert parse_qs(urlsplit(redirect.location).query) == {"client_id": [SC_CLIENT]}
    stream = client.get("/tracks/104286869/stream", allow_redirects=False)
    assert stream.status_code == 302
    audio = httpx.get(stream.location)
    assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
    with pytest.raises(requests.exceptions.HTTPError):
        client.get("/resolve", url="http://soundcloud.com/nobody/nothing")


def test_password_flow_and_writes(served_soundcloud: Served) -> None:
    client = soundcloud.Client(
        client_id=SC_CLIENT, client_secret=SECRET, username="jxnblk", password="mock-password",
        host=host(served_soundcloud), use_ssl=False,
    )  # fmt: skip
    assert client.token.expires_in > 0 and client.token.refresh_token
    me = client.get("/me")
    assert me.username == "Jxnblk"
    upload = client.post(
        "/tracks", track={"title": "Field test", "sharing": "private", "asset_data": io.BytesIO(b"RIFF0000WAVE")}
    )
    assert upload.status_code == 201 and upload.title == "Field test" and upload.sharing == "private"
    comment = client.post(f"/tracks/{upload.id}/comments", comment={"body": "first!", "timestamp": 1234})
    assert comment.status_code == 201 and comment.body == "first!" and comment.timestamp == 1234
    playlist = client.post("/playlists", playlist={"title": "Mine", "sharing": "public"})
    updated = client.put(
        f"/playlists/{playlist.id}", playlist={"title": "Mine (2)", "tracks": [{"id": upload.id}, {"id": 104286869}]}
    )
    assert updated.title == "Mine (2)" and [t["id"] for t in updated.tracks] == [upload.id, 104286869]
    unfollowed = client.delete("/me/followings/16730")  # Jxnblk follows diplo in the dataset (the spec's examples)
    assert unfollowed.status == "200 - OK"
    assert 16730 not in [u.id for u in client.get("/me/followings", limit=200)]
    with pytest.raises(requests.exceptions.HTTPError):
        client.delete("/me/followings/16730")
    followed = client.put("/me/followings/16730")
    assert followed.status_code == 201
    assert 16730 in [u.id for u in client.get("/me/followings", limit=200)]
    faved = client.put("/me/favorites/104286869")
    assert faved.status in ("201 - Created", "200 - OK")
    assert client.delete("/me/favorites/104286869").status == "200 - OK"


def test_authorization_code_flow(served_soundcloud: Served) -> None:
    client = soundcloud.Client(
        client_id=SC_CLIENT, client_secret=SECRET, redirect_uri="http://localhost/callback",
        host=host(served_soundcloud), use_ssl=False,
    )  # fmt: skip
    authorize = httpx.get(client.authorize_url())
    assert authorize.status_code == 302
    location = authorize.headers["location"]
    assert location.startswith("http://localhost/callback?code=")
    token = client.exchange_token(parse_qs(urlsplit(location).query)["code"][0])
    assert token.scope == "non-expiring" and "expires_in" not in token.fields()
    assert client.get("/me").id == 1561


def test_refresh_flow(served_soundcloud: Served) -> None:
    first = soundcloud.Client(
        client_id=SC_CLIENT, client_secret=SECRET, username="jxnblk", password="mock-password",
        host=host(served_soundcloud), use_ssl=False,
    )  # fmt: skip
    second = soundcloud.Client(
        client_id=SC_CLIENT, client_secret=SECRET, refresh_token=first.token.refresh_token,
        host=host(served_soundcloud), use_ssl=False,
    )  # fmt: skip
    assert second.access_token != first.access_token and second.get("/me").id == 1561
