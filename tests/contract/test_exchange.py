"""One exchange held against a spec: routing quirks, request parameters, credentials, bodies, responses."""

from __future__ import annotations

import json

import pytest

from generator.config import Project
from generator.contract.exchange import SpecIndex
from generator.contract.requests import check_request
from generator.specs import load_spec


@pytest.fixture(scope="module")
def freesound(project: Project) -> SpecIndex:
    return SpecIndex(load_spec(project.select(["freesound"])[0].spec).model)


@pytest.fixture(scope="module")
def soundcloud(project: Project) -> SpecIndex:
    return SpecIndex(load_spec(project.select(["soundcloud"])[0].spec).model)


def kinds(violations: list[object]) -> list[tuple[str, str]]:
    return [(v.pointer, v.keyword) for v in violations]  # type: ignore[attr-defined]


def test_routing_knows_base_paths_suffixes_and_literal_segments(freesound: SpecIndex, soundcloud: SpecIndex) -> None:
    assert freesound.match("GET", "/api/sounds/search/?q=x").template == "/sounds/search/"  # type: ignore[union-attr]
    assert freesound.match("get", "/sounds/18763/").path_params == {"sound_id": "18763"}  # type: ignore[union-attr]
    assert soundcloud.match("GET", "/tracks/5.json").template == "/tracks/{track_id}"  # type: ignore[union-attr]
    assert soundcloud.match("GET", "/tracks.xml").template == "/tracks"  # type: ignore[union-attr]
    assert freesound.match("DELETE", "/sounds/1/") is None


def test_the_trailing_slash_redirect_is_the_apis_own_answer(freesound: SpecIndex) -> None:
    assert freesound.check_response("GET", "/sounds/1", 301, "", b"") == []
    assert kinds(freesound.check_response("GET", "/sounds/1/", 301, "", b"")) == [("", "status")]


def test_request_parameters_are_coerced_then_checked(freesound: SpecIndex) -> None:
    good = {"q": "door", "sounds_per_page": "30", "api_key": "k"}
    assert check_request(freesound, "GET", "/sounds/search/", good) == []
    bad = {"q": "door", "sounds_per_page": "0", "api_key": "k", "format": "csv"}
    assert sorted(kinds(check_request(freesound, "GET", "/sounds/search/", bad))) == [
        ("/query/format", "enum"),
        ("/query/sounds_per_page", "minimum"),
    ]


def test_credentials_of_some_accepted_scheme_are_required(freesound: SpecIndex, soundcloud: SpecIndex) -> None:
    assert kinds(check_request(freesound, "GET", "/sounds/1/", {})) == [("", "security")]
    assert check_request(freesound, "GET", "/pool/info/", {}) == []  # security: [] (anonymous)
    assert check_request(soundcloud, "GET", "/me", {}, headers={"Authorization": "OAuth tok"}) == []
    assert check_request(soundcloud, "GET", "/me", {"oauth_token": "tok"}) == []
    assert kinds(check_request(soundcloud, "GET", "/me", {"client_id": "app"})) == [("", "security")]


def test_request_bodies_in_each_declared_media_type(soundcloud: SpecIndex) -> None:
    def check(body: bytes, media: str) -> list[tuple[str, str]]:
        return kinds(
            check_request(soundcloud, "POST", "/me/web-profiles", {"oauth_token": "t"}, body=body, media_type=media)
        )

    form = "application/x-www-form-urlencoded"
    assert check(b"web-profile[url]=http%3A%2F%2Fx.org%2F&web-profile[title]=Mine", form) == []
    assert check(b"web-profile[title]=Mine", form) == [("/body", "required")]
    assert check(json.dumps({"web-profile": {"url": "http://x.org/"}}).encode(), "application/json") == []
    assert check(json.dumps({"web-profile": {}}).encode(), "application/json") == [("/body/web-profile", "required")]
    assert check(b"{", "application/json") == [("/body", "decode")]
    assert check(b"<x/>", "text/xml") == [("/body", "media-type")]
    assert check(b"", "") == [("/body", "required")]


def multipart(*parts: tuple[str, str | bytes]) -> tuple[bytes, str]:
    """A multipart body and its Content-Type; a bytes value is a file part."""
    chunks = []
    for name, value in parts:
        if isinstance(value, bytes):
            head = f'Content-Disposition: form-data; name="{name}"; filename="a.wav"\r\nContent-Type: audio/wav'
            chunks.append(f"--b0und\r\n{head}\r\n\r\n".encode() + value + b"\r\n")
        else:
            chunks.append(f'--b0und\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    return b"".join(chunks) + b"--b0und--\r\n", "multipart/form-data; boundary=b0und"


def test_multipart_parts_are_read_as_text_a_server_would_coerce(soundcloud: SpecIndex) -> None:
    def check(*parts: tuple[str, str | bytes]) -> list[tuple[str, str]]:
        body, media = multipart(*parts)
        return kinds(check_request(soundcloud, "POST", "/tracks", {"oauth_token": "t"}, body=body, media_type=media))

    audio = ("track[asset_data]", b"RIFF\x00\x01")
    assert check(("track[title]", "Plangular"), audio) == []
    # every part is text: "null" and JSON text are strings a string field takes
    title = ("track[title]", "Plangular")
    assert check(title, ("track[genre]", '{"a": 1}'), ("track[sharing_note]", "null"), audio) == []
    assert check(("track[title]", "Plangular"), ("track[bpm]", "120.5"), ("track[release_day]", "31"), audio) == []
    assert check(("track[title]", "Plangular"), ("track[bpm]", "fast"), audio) == [("/body/track[bpm]", "type")]
    assert check(("track[title]", "Plangular"), ("track[release_day]", "32"), audio) == [
        ("/body/track[release_day]", "maximum")
    ]
    assert check(("track[title]", "Plangular")) == [("/body", "required")]  # no audio file
    body, _ = multipart(("track[title]", "x"))
    assert kinds(
        check_request(soundcloud, "POST", "/tracks", {"oauth_token": "t"}, body=body, media_type="multipart/form-data")
    ) == [("/body", "decode")]  # no boundary


def test_a_recordings_partial_query_checks_only_what_is_there(freesound: SpecIndex) -> None:
    assert check_request(freesound, "GET", "/sounds/1/", {"api_key": "<redacted>"}, partial=True) == []
    assert kinds(check_request(freesound, "GET", "/sounds/1/", {"format": "csv"}, partial=True)) == [
        ("/query/format", "enum")
    ]


def test_responses_in_undeclared_statuses_and_media_types(freesound: SpecIndex) -> None:
    body = json.dumps({"id": 1}).encode()
    assert kinds(freesound.check_response("GET", "/sounds/1/", 404, "application/json", body)) == [("", "status")]
    assert kinds(freesound.check_response("GET", "/sounds/1/", 200, "text/csv", body)) == [("", "media-type")]
    audio = bytes(range(64))
    assert freesound.check_response("GET", "/sounds/1/serve/", 200, "application/octet-stream", audio) == []
