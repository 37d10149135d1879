"""soundcloud_v1 end to end: the mock server (and a scripted server for failures) over real HTTP."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from soundcloud_v1 import (
    AsyncSoundCloudClient,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    SoundCloudClient,
)
from soundcloud_v1.api.oauth2 import authorize
from soundcloud_v1.models import (
    AuthorizeResponseType,
    CommentForm,
    RedirectBody,
    StatusBody,
    Token,
    Track,
    TrackUpload,
)
from soundcloud_v1.types import File, Response, Unset

from generator.mock.apis.soundcloud_oauth import CLIENT_ID, CLIENT_SECRET, PASSWORD
from generator.wire import xml_dialect
from tests.clients.server import Answer, FixtureServer, json_answer, text_answer
from tests.clients.support import Resolving, ServedApp
from tests.support import ROOT

RECORDINGS = ROOT / "specs" / "recordings" / "soundcloud"

TOKEN = "1-1561-mock-access-token"  # the mock's default user token


def public(mock: ServedApp, **options) -> SoundCloudClient:
    return SoundCloudClient(client_id=CLIENT_ID, base_url=mock.url, **options)


def test_tracks_typed_with_zoned_dates(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client:
        tracks = client.tracks.list_tracks(limit=3)
        assert isinstance(tracks, list) and len(tracks) == 3 and all(isinstance(t, Track) for t in tracks)
        one = client.tracks.get_track(tracks[0].id)
    assert one == tracks[0]
    assert one.created_at.tzinfo is not None and one.created_at.utcoffset().total_seconds() == 0
    assert one.to_dict()["created_at"].endswith(" +0000")


def test_offset_and_linked_pagination_sync_and_async(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client:
        by_offset = [t.id for t in client.tracks.list_tracks_iter(limit=500)]
        linked = [t.id for t in client.tracks.list_tracks_iter(limit=40, linked_partitioning=1)]

    async def collect() -> list[int]:
        async with AsyncSoundCloudClient(client_id=CLIENT_ID, base_url=soundcloud_mock.url) as client:
            return [t.id async for t in client.tracks.list_tracks_iter(limit=60)]

    assert len(by_offset) > 200 and len(set(by_offset)) == len(by_offset)
    assert linked == by_offset == asyncio.run(collect())


def test_the_token_goes_in_the_header_or_the_query(soundcloud_mock: ServedApp) -> None:
    for placement in ("header", "query"):
        with SoundCloudClient(access_token=TOKEN, token_placement=placement, base_url=soundcloud_mock.url) as client:
            assert client.me.get_me().id == 1561


def test_oauth_flows_against_the_mock(soundcloud_mock: ServedApp) -> None:
    # no authorization_url: on a mock's base URL the authorize page is the mock's too (the README's promise)
    with SoundCloudClient(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, base_url=soundcloud_mock.url) as client:
        url = client.oauth.authorize_url(redirect_uri="http://localhost/cb", scope="*", state="s1")
        assert url.startswith(f"{soundcloud_mock.url}/connect?")
        answer = httpx.get(url)  # the user's browser
        code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
        token = client.oauth.exchange_code(code, redirect_uri="http://localhost/cb")
        assert isinstance(token, Token) and token.refresh_token and token.expires_in == 21599
        assert client.me.get_me().id == 1561
        refreshed = client.oauth.refresh()
        assert refreshed.access_token != token.access_token
        login = client.me.get_me().permalink
        assert client.oauth.password(login, PASSWORD).access_token
        assert isinstance(client.oauth.client_credentials(scope="non-expiring").refresh_token, Unset)
        with pytest.raises(BadRequestError) as caught:  # invalid_grant is a 400: the client itself is known
            client.oauth.password(login, "wrong")
    assert caught.value.message == "invalid_grant"
    assert CLIENT_SECRET not in str(caught.value)


def test_an_explicit_client_id_reaches_the_authorize_page(soundcloud_mock: ServedApp) -> None:
    """`/connect` takes `client_id` as its own parameter: sent as given whatever credentials the
    client holds (none, another app's, only a token), so the mock redirects back with a code."""
    redirect = "http://localhost/cb"
    for credentials in ({}, {"client_id": "another-app"}, {"access_token": TOKEN}):
        with SoundCloudClient(base_url=soundcloud_mock.url, **credentials) as client:
            answer = authorize.sync_detailed(
                client=client, client_id=CLIENT_ID, redirect_uri=redirect, response_type=AuthorizeResponseType.CODE
            )
            url = client.oauth.authorize_url(client_id=CLIENT_ID, redirect_uri=redirect, state="s2")
        assert answer.status_code == 302, credentials
        assert set(parse_qs(urlsplit(answer.headers["location"]).query)) == {"code"}, credentials
        assert parse_qs(urlsplit(url).query)["client_id"] == [CLIENT_ID]
    with SoundCloudClient(base_url=soundcloud_mock.url) as client:
        page = httpx.get(client.oauth.authorize_url(client_id=CLIENT_ID, redirect_uri=redirect, state="s2"))
        with pytest.raises(ValueError, match="client_id"):
            client.oauth.authorize_url(redirect_uri=redirect)
    assert page.status_code == 302
    assert set(parse_qs(urlsplit(page.headers["location"]).query)) == {"code", "state"}


def test_an_explicit_client_id_is_sent_by_the_async_client(soundcloud_mock: ServedApp) -> None:
    async def call() -> Response[Any]:
        async with AsyncSoundCloudClient(base_url=soundcloud_mock.url, client_id="another-app") as client:
            return await authorize.asyncio_detailed(
                client=client,
                client_id=CLIENT_ID,
                redirect_uri="http://localhost/cb",
                response_type=AuthorizeResponseType.CODE,
            )

    answer = asyncio.run(call())
    assert answer.status_code == 302
    assert "code" in parse_qs(urlsplit(answer.headers["location"]).query)


def test_writes_form_multipart_and_status_bodies(soundcloud_mock: ServedApp) -> None:
    with SoundCloudClient(client_id=CLIENT_ID, access_token=TOKEN, base_url=soundcloud_mock.url) as client:
        track = client.tracks.list_tracks(limit=1)[0]
        comment = client.tracks.create_track_comment(
            track.id, body=CommentForm(comment_body="Nice drop!", comment_timestamp=5012)
        )
        assert (comment.body, comment.timestamp, comment.track_id) == ("Nice drop!", 5012, track.id)
        favorite = client.me.favorite_track(track.id)
        assert isinstance(favorite, StatusBody) and favorite.status.startswith("20")
        audio = File(payload=io.BytesIO(b"RIFF....WAVEfmt "), file_name="take.wav", mime_type="audio/wav")
        upload = client.tracks.upload_track(body=TrackUpload(track_title="Take 1", track_asset_data=audio))
        assert upload.title == "Take 1"


def test_a_file_field_survives_to_dict_and_from_dict() -> None:
    audio = File(payload=io.BytesIO(b"RIFF"), file_name="take.wav", mime_type="audio/wav")
    again = TrackUpload.from_dict(TrackUpload(track_title="Take 1", track_asset_data=audio).to_dict())
    assert again.track_asset_data.to_tuple() == audio.to_tuple()  # name, the same stream, type
    from_bytes = TrackUpload.from_dict({"track[title]": "Take 2", "track[asset_data]": b"ID3"})
    assert from_bytes.track_asset_data.payload.read() == b"ID3"
    with pytest.raises(TypeError, match="not int"):
        TrackUpload.from_dict({"track[title]": "Take 3", "track[asset_data]": 5})


def test_resolve_answers_the_redirect_body(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client:
        track = client.tracks.list_tracks(limit=1)[0]
        found = client.resolve.resolve(url=track.permalink_url)
    assert isinstance(found, RedirectBody)
    assert urlsplit(found.location).path == f"/tracks/{track.id}"


def test_xml_from_the_mock_gives_the_same_models(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client:
        tracks = client.tracks.list_tracks(limit=5)
        assert client.with_options(format="xml").tracks.list_tracks(limit=5) == tracks
        user = client.users.get_user(tracks[0].user_id)
        assert client.with_options(format="xml").users.get_user(tracks[0].user_id) == user
        with pytest.raises(NotFoundError) as caught:
            client.with_options(format="xml").tracks.get_track(1)
    assert caught.value.status == 404


def test_errors(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client:
        with pytest.raises(NotFoundError) as caught:
            client.tracks.get_track(1)
        assert (
            caught.value.message == "404 - Not Found" and caught.value.body.errors[0].error_message == "404 - Not Found"
        )
    stranger = SoundCloudClient(client_id="nobody", base_url=soundcloud_mock.url)
    with stranger, pytest.raises(AuthenticationError):
        stranger.tracks.list_tracks(limit=1)


def test_jsonp(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client:
        plain = client.tracks.list_tracks(limit=2)
        assert client.with_options(jsonp_callback="cb").tracks.list_tracks(limit=2) == plain


def rails_xml(data: dict, root: str) -> bytes:
    """The recording as the 2010-style Rails XML the API served (typed elements, nil, dashes)."""
    dialect = {"type-attribute": "type", "nil-attribute": "nil", "dasherize": True}
    return xml_dialect.encode(data, dialect, name=root)


def test_xml_by_suffix_in_the_rails_dialect(server: FixtureServer) -> None:
    recorded = json.loads((RECORDINGS / "tracks_id.json").read_text(encoding="utf-8"))
    body = rails_xml(recorded, "track")
    assert b'<user-id type="integer">' in body and b'nil="true"' in body
    server.on(
        "GET", f"/tracks/{recorded['id']}.xml", Answer(200, body, {"Content-Type": "application/xml; charset=utf-8"})
    )
    server.on("GET", f"/tracks/{recorded['id']}", json_answer(recorded))
    with SoundCloudClient(client_id="CID", base_url=server.url) as client:
        as_json = client.tracks.get_track(recorded["id"])
        as_xml = client.with_options(format="xml").tracks.get_track(recorded["id"])
    assert as_xml == as_json
    assert as_xml.created_at == datetime(2013, 8, 6, 18, 40, 58, tzinfo=UTC)
    assert server.seen[1].headers["accept"] == "application/xml"


def test_refresh_and_retry_on_401(server: FixtureServer) -> None:
    server.on("POST", "/oauth2/token", json_answer({"access_token": "fresh", "refresh_token": "r2", "expires_in": 60}))

    user = json.loads((RECORDINGS / "users_id.json").read_text(encoding="utf-8"))

    def one_user(seen):
        if seen.headers.get("authorization") == "OAuth fresh":
            return json_answer(user)
        return json_answer({"errors": [{"error_message": "401 - Unauthorized"}]}, status=401)

    server.on("GET", f"/users/{user['id']}", one_user)
    with SoundCloudClient(
        client_id="CID",
        client_secret="SEC",
        access_token="stale",
        refresh_token="r1",
        auto_refresh=True,
        base_url=server.url,
    ) as client:
        assert client.users.get_user(user["id"]).username == user["username"]
    assert [s.path for s in server.seen] == [f"/users/{user['id']}", "/oauth2/token", f"/users/{user['id']}"]


def test_rate_limits_are_retried_and_a_documented_redirect_is_not_followed(
    server: FixtureServer, other_server: FixtureServer, monkeypatch
) -> None:
    monkeypatch.setattr("time.sleep", lambda _delay: None)
    cdn = "http://cdn.example.test/x.mp3?client_id=CID"
    found = json.dumps({"status": "302 - Found", "location": cdn}).encode()
    server.on("GET", "/tracks/5/stream", Answer(302, found, {"Location": cdn, "Content-Type": "application/json"}))
    other_server.on("GET", "/x.mp3", text_answer(b"ID3", "audio/mpeg"))
    server.on(
        "GET",
        "/tracks",
        json_answer({"errors": [{"error_message": "429 - Too Many Requests"}]}, status=429, **{"Retry-After": "0"}),
    )
    transport = Resolving({"cdn.example.test": other_server.port})
    with SoundCloudClient(client_id="CID", access_token="TOK", base_url=server.url, transport=transport) as client:
        with pytest.raises(RateLimitError):
            client.tracks.list_tracks()
        assert len([s for s in server.seen if s.path == "/tracks"]) == 3
        redirect = client.tracks.stream_track(5)  # the documented 302 is the answer: nothing followed
    assert redirect.location == cdn
    assert other_server.seen == []
