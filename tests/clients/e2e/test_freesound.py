"""freesound_v1 end to end: the mock server (and a scripted server for failures) over real HTTP."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from datetime import datetime

import pytest
from freesound_v1 import (
    AsyncFreesoundClient,
    AuthenticationError,
    FreesoundClient,
    FreesoundError,
    InternalServerError,
    NotFoundError,
    UnsafeFormatError,
)
from freesound_v1.models import SearchSound, Sound, SoundSearchPage

from generator.mock.apis.freesound import DEFAULT_KEY
from tests.clients.server import Answer, FixtureServer, json_answer, text_answer
from tests.clients.support import Resolving, ServedApp
from tests.support import ROOT

RECORDINGS = ROOT / "specs" / "recordings" / "freesound"


def client_for(mock: ServedApp, **options) -> FreesoundClient:
    return FreesoundClient(api_key=DEFAULT_KEY, base_url=f"{mock.url}/api", **options)


def test_one_sound_typed_with_its_dates(freesound_mock: ServedApp) -> None:
    with client_for(freesound_mock) as client:
        sound = client.sounds.get_sound(18763)
    assert isinstance(sound, Sound)
    assert (sound.id, sound.original_filename) == (18763, "SWING1MT.WAV")
    assert sound.created == datetime(2006, 5, 8, 5, 19, 13)
    assert sound.to_dict()["created"] == "2006-05-08 05:19:13"


def test_the_key_is_required_and_checked(freesound_mock: ServedApp) -> None:
    anonymous = FreesoundClient(base_url=f"{freesound_mock.url}/api")
    with anonymous, pytest.raises(AuthenticationError) as missing:
        anonymous.sounds.get_sound(18763)
    assert (missing.value.status, missing.value.http_status) == (401, 400)
    assert "api_key GET parameter" in missing.value.message
    wrong = FreesoundClient(api_key="f" * 32, base_url=f"{freesound_mock.url}/api")
    with wrong, pytest.raises(AuthenticationError, match="does not exist") as caught:
        wrong.sounds.get_sound(18763)
    assert "f" * 32 not in str(caught.value)


def test_every_format_decodes_to_the_same_models(freesound_mock: ServedApp) -> None:
    with client_for(freesound_mock) as client:
        for call in (
            lambda c: c.sounds.get_sound(18763),
            lambda c: c.sounds.search_sounds(q="door", sounds_per_page=5),
            lambda c: c.users.get_user("dobroide"),
            lambda c: c.users.list_user_packs("dobroide"),
            lambda c: c.sounds.get_sound_analysis(18763),
        ):
            as_json = call(client)
            assert call(client.with_options(format="xml")) == as_json
            assert call(client.with_options(format="yaml")) == as_json


def test_errors_come_typed_in_every_format(freesound_mock: ServedApp) -> None:
    with client_for(freesound_mock) as client:
        for fmt in ("json", "xml", "yaml"):
            with pytest.raises(NotFoundError) as caught:
                client.with_options(format=fmt).sounds.get_sound(999999999)
            err = caught.value
            assert (err.status, err.http_status, err.type) == (404, 400, "NotFound"), fmt
            assert err.body is not None and err.body.status_code == 404
            assert "does not exist" in err.message


def test_pickle_is_refused(freesound_mock: ServedApp) -> None:
    with client_for(freesound_mock) as client, pytest.raises(UnsafeFormatError, match="arbitrary code"):
        client.with_options(format="pickle")


def test_jsonp_and_request_id(freesound_mock: ServedApp) -> None:
    with client_for(freesound_mock) as client:
        plain = client.sounds.get_sound(18763)
        # the server echoes any callback as it came: every one is unwrapped
        for callback in ("handle", "ñô", "a(b", "cb({"):
            assert client.with_options(jsonp_callback=callback).sounds.get_sound(18763) == plain, callback
        echoed = client.with_options(request_id="r-42").sounds.get_sound(18763)
    assert echoed.request_id == "r-42"


def test_request_id_on_an_analysis_node_that_is_not_an_object_is_the_documented_crash(
    freesound_mock: ServedApp,
) -> None:
    """The server put `request_id` into the reply with `reply["request_id"] = ...`: an object took it,
    a number, label or vector made the handler raise, answered as InternalError with the text."""
    crashes = {
        "rhythm/bpm": "'float' object does not support item assignment",
        "tonal/key_key": "'unicode' object does not support item assignment",
        "lowlevel/mfcc/mean": "list indices must be integers, not unicode",
    }
    with client_for(freesound_mock) as client:
        echoing = client.with_options(request_id="r-9")
        for path, debug in crashes.items():
            assert client.sounds.get_sound_analysis_path(18763, path) is not None  # served without request_id
            with pytest.raises(InternalServerError) as caught:
                echoing.sounds.get_sound_analysis_path(18763, path)
            assert (caught.value.status, caught.value.http_status, caught.value.type) == (500, 400, "InternalError")
            assert caught.value.body is not None
            body = caught.value.body.to_dict()
            assert (body["debug"], body["really_really_sorry"]) == (debug, True), path
            assert "request_id" not in body
        node = echoing.sounds.get_sound_analysis_path(18763, "lowlevel/pitch")
    assert node.additional_properties["request_id"] == "r-9"


def test_search_pages_are_followed_on_the_mock_s_own_links(freesound_own_urls: ServedApp) -> None:
    base = f"{freesound_own_urls.url}/api"
    with client_for(freesound_own_urls) as client:
        first = client.sounds.search_sounds(q="", sounds_per_page=100)
        # the links name the client's own host, without the key: the client adds it when it follows them
        assert first.next.startswith(f"{base}/sounds/search/?") and "api_key" not in first.next
        items = list(client.sounds.search_sounds_iter(q="", sounds_per_page=100))
        sound = client.sounds.get_sound(items[-1].id)
    assert len(items) == first.num_results == len({s.id for s in items})
    assert sound.ref.startswith(f"{base}/sounds/")


def test_search_pages_are_followed_from_the_public_links(freesound_mock: ServedApp) -> None:
    with client_for(freesound_mock) as client:
        first = client.sounds.search_sounds(q="", sounds_per_page=100)
        assert isinstance(first, SoundSearchPage) and first.next.startswith("http://www.freesound.org/api/")
        pager = client.sounds.search_sounds_iter(q="", sounds_per_page=500)
        items = list(pager)
    assert all(isinstance(s, SearchSound) for s in items)
    assert len(items) == first.num_results
    assert len({s.id for s in items}) == len(items)


def test_async_iteration_over_a_user_s_sounds(freesound_mock: ServedApp) -> None:
    async def collect() -> tuple[int, int]:
        async with AsyncFreesoundClient(api_key=DEFAULT_KEY, base_url=f"{freesound_mock.url}/api") as client:
            page = await client.users.list_user_sounds("dobroide", sounds_per_page=2)
            ids = [s.id async for s in client.users.list_user_sounds_iter("dobroide", sounds_per_page=2)]
            return page.num_results, len(set(ids))

    total, seen = asyncio.run(collect())
    assert total == seen > 2


def test_a_download_is_bytes(freesound_mock: ServedApp) -> None:
    with client_for(freesound_mock) as client:
        file = client.sounds.download_sound(18763)
    assert file.payload.read()


def test_no_credential_in_logs(freesound_mock: ServedApp, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with client_for(freesound_mock) as client:
        list(client.sounds.search_sounds_iter(q="door", sounds_per_page=3))
    assert "HTTP Request" in caplog.text
    assert DEFAULT_KEY not in caplog.text


def test_a_redirect_to_another_host_carries_no_key(server: FixtureServer, other_server: FixtureServer) -> None:
    recorded = (RECORDINGS / "sound_detail.recorded.json").read_bytes()
    moved = f"http://mirror.example.test/api/sounds/18763/?api_key={DEFAULT_KEY}"
    server.on("GET", "/api/sounds/18763/", Answer(302, b"", {"Location": moved}))
    other_server.on("GET", "/api/sounds/18763/", text_answer(recorded, "application/json"))
    transport = Resolving({"mirror.example.test": other_server.port})
    with FreesoundClient(api_key=DEFAULT_KEY, base_url=f"{server.url}/api", transport=transport) as client:
        assert client.sounds.get_sound(18763).id == 18763
    assert server.seen[0].query["api_key"] == [DEFAULT_KEY]
    assert other_server.seen[0].headers["host"] == "mirror.example.test"
    assert other_server.seen[0].query == {}


def test_503_is_retried_and_drift_is_kept(server: FixtureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.sleep", lambda _delay: None)
    body = json.loads((RECORDINGS / "sound_detail.recorded.json").read_text(encoding="utf-8"))
    body.update(type="opus", brand_new_field=[1])  # a sound type and a field the spec does not know
    server.on("GET", "/api/sounds/18763/", text_answer("busy", "text/html", status=503), json_answer(body))
    with FreesoundClient(api_key=DEFAULT_KEY, base_url=f"{server.url}/api") as client:
        sound = client.sounds.get_sound(18763)
    assert (sound.type_.value, sound["brand_new_field"]) == ("opus", [1])
    assert len(server.seen) == 2
    assert all(s.query["api_key"] == [DEFAULT_KEY] for s in server.seen)


def test_timeouts_raise_the_api_error(server: FixtureServer) -> None:
    gate = threading.Event()
    server.on("GET", "/api/sounds/3/", Answer(200, b"{}", {}, gate=gate))
    try:
        client = FreesoundClient(api_key=DEFAULT_KEY, base_url=f"{server.url}/api", timeout=0.2, max_retries=0)
        with client, pytest.raises(FreesoundError) as caught:
            client.sounds.get_sound(3)
        assert type(caught.value).__name__ == "APITimeoutError"
        assert DEFAULT_KEY not in str(caught.value)
    finally:
        gate.set()
