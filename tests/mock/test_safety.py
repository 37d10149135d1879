"""Bounds and leaks: traversal in previews, oversized bodies, uploads and query strings, no traces."""

from __future__ import annotations

import httpx
import pytest

from generator.mock import Limits, MockApp

from .conftest import FS_KEY, SC_TOKEN, Served, build, call


@pytest.mark.parametrize(
    "filename",
    ["..%2F..%2F..%2Fetc%2Fpasswd", "%2E%2E", "18763_65748-hq.mp3%2F..%2F..%2Fsecret", "18763_65748-hq.wav"],
)
def test_previews_allow_no_traversal(freesound: MockApp, filename: str) -> None:
    response = call(freesound, "GET", f"/api/sounds/18763/previews/{filename}/?api_key={FS_KEY}")
    assert response.status_code in (400, 404)
    assert b"root:" not in response.content
    if response.status_code == 400:
        assert response.json()["status_code"] in (400, 404)


def test_a_real_preview_is_served(freesound: MockApp) -> None:
    response = call(freesound, "GET", f"/api/sounds/18763/previews/18763_65748-hq.mp3/?api_key={FS_KEY}")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="18763_65748-hq.mp3"'


def test_query_strings_are_bounded(freesound: MockApp) -> None:
    response = call(freesound, "GET", f"/api/sounds/search/?api_key={FS_KEY}&q={'a' * 20000}")
    # Freesound's error types know no 414: the refusal is its 400 BadRequest, with the reason
    assert response.status_code == 400
    assert response.json()["explanation"] == "The query string is too long." and response.json()["status_code"] == 400


def test_header_blocks_are_bounded(freesound: MockApp, soundcloud: MockApp) -> None:
    big = {"x-padding": "a" * 20_000}  # past the default 16 KiB of names and values
    refused = call(freesound, "GET", f"/api/sounds/18763/?api_key={FS_KEY}", headers=big)
    assert refused.status_code == 400 and refused.json()["explanation"] == "The request headers are too large."
    assert refused.json()["type"] == "BadRequest" and refused.json()["status_code"] == 400
    # SoundCloud's operations declare no 431: their declared 400, in the errors envelope
    refused = call(soundcloud, "GET", "/tracks/104286869?client_id=mock-client-id", headers=big)
    assert refused.status_code == 400 and refused.json() == {"errors": [{"error_message": "400 - Bad Request"}]}
    many = {f"x-h{i}": "a" * 100 for i in range(200)}
    assert call(soundcloud, "GET", "/tracks/104286869?client_id=mock-client-id", headers=many).status_code == 400
    small = build("freesound", limits=Limits(header_bytes=200))
    assert call(small, "GET", f"/api/sounds/18763/?api_key={FS_KEY}").status_code == 200
    padded = call(small, "GET", f"/api/sounds/18763/?api_key={FS_KEY}", headers={"x-padding": "a" * 200})
    assert padded.json()["explanation"] == "The request headers are too large."


def test_the_served_mock_bounds_header_blocks(served_freesound: Served) -> None:
    # the HTTP server (uvicorn with httptools) hands even a megabyte of headers to the app
    url = f"{served_freesound.url}/api/sounds/18763/"
    huge = httpx.get(url, params={"api_key": FS_KEY}, headers={"x-padding": "a" * 1_000_000})
    assert huge.status_code == 400 and huge.json()["explanation"] == "The request headers are too large."
    assert httpx.get(url, params={"api_key": FS_KEY}).status_code == 200


def test_a_query_string_too_long_gets_a_status_the_operation_declares(soundcloud: MockApp) -> None:
    # no SoundCloud operation declares 414: the refusal goes out as the operation's 400
    response = call(soundcloud, "GET", f"/tracks/104286869?client_id=mock-client-id&q={'a' * 9000}")
    assert response.status_code == 400 and response.json() == {"errors": [{"error_message": "400 - Bad Request"}]}


def test_too_many_query_parameters_are_the_apis_400(freesound: MockApp, soundcloud: MockApp) -> None:
    many = "&".join(f"p{i}=1" for i in range(201))  # the limit is 200 fields (it was a 500)
    refused = call(freesound, "GET", f"/api/sounds/18763/?api_key={FS_KEY}&{many}")
    assert refused.json()["type"] == "BadRequest" and refused.json()["explanation"] == "Too many parameters."
    refused = call(soundcloud, "GET", f"/tracks/104286869?client_id=mock-client-id&{many}")
    assert refused.status_code == 400 and refused.json() == {"errors": [{"error_message": "400 - Bad Request"}]}


def test_bodies_are_bounded() -> None:
    app = build("soundcloud", limits=Limits(body_bytes=1000, upload_bytes=5000))
    form = {"oauth_token": SC_TOKEN, "comment[body]": "x" * 2000}
    refused = call(app, "POST", "/tracks/104286869/comments", data=form)
    too_large = {"errors": [{"error_message": "413 - Request Entity Too Large"}]}
    assert refused.status_code == 413 and refused.json() == too_large
    files = {"track[asset_data]": ("big.wav", b"\0" * 10000)}
    upload = call(app, "POST", "/tracks", data={"oauth_token": SC_TOKEN, "track[title]": "big"}, files=files)
    assert upload.status_code == 413
    # where the spec declares no 413 (a delete takes no body), the refusal goes out as its declared 400
    deleted = call(app, "DELETE", "/tracks/104286869", data=form)
    assert deleted.status_code == 400 and deleted.json() == {"errors": [{"error_message": "400 - Bad Request"}]}
    small = {"track[asset_data]": ("small.wav", b"RIFF" + b"\0" * 100)}
    ok = call(app, "POST", "/tracks", data={"oauth_token": SC_TOKEN, "track[title]": "small"}, files=small)
    assert ok.status_code == 201


def test_broken_bodies_leak_nothing(soundcloud_fresh: MockApp) -> None:
    headers = {"content-type": "multipart/form-data; boundary=zzz"}
    url = f"/tracks?oauth_token={SC_TOKEN}"
    response = call(soundcloud_fresh, "POST", url, content=b"--zzz\r\nbroken", headers=headers)
    assert response.status_code in (400, 422)
    json_body = call(
        soundcloud_fresh, "POST", f"/playlists?oauth_token={SC_TOKEN}", content=b"{not json",
        headers={"content-type": "application/json"},
    )  # fmt: skip
    assert json_body.status_code == 400
    for text in (response.text, json_body.text):
        assert "Traceback" not in text and 'File "' not in text and "python" not in text.lower()


def test_an_unexpected_failure_is_the_apis_own_500(freesound: MockApp, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(request: object) -> object:
        raise RuntimeError("secret internals /etc/mock")

    monkeypatch.setitem(freesound.behaviour.handlers, "getSound", explode)
    response = call(freesound, "GET", f"/api/sounds/18763/?api_key={FS_KEY}")
    assert response.status_code == 400 and response.json()["status_code"] == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
