"""Uploads: a multipart file field takes `File.of(path | bytes | file object)`, its name and media
type inferred unless given (issue 13)."""

from __future__ import annotations

import email.parser
import email.policy
import io
from pathlib import Path

import pytest

from tests.clients.server import FixtureServer, json_answer
from tests.clients.support import spec_text

PATHS = """
/tracks:
  post:
    operationId: uploadTrack
    tags: [tracks]
    requestBody:
      required: true
      content:
        multipart/form-data:
          schema:
            type: object
            required: ["track[asset_data]", "track[title]"]
            properties:
              track[asset_data]: {type: string, format: binary}
              track[title]: {type: string}
    responses:
      "201":
        description: The new track.
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
"""
SPEC = spec_text(PATHS).replace("name: items\n    description: Items.", "name: tracks\n    description: Tracks.")
AUDIO = b"ID3\x03\x00" + bytes(range(256)) * 40


def _parts(body: bytes, content_type: str) -> dict[str, tuple[str | None, str, bytes]]:
    """The multipart body as the server reads it: field -> (file name, media type, bytes)."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    parts = {}
    for part in message.iter_parts():
        parts[part.get_param("name", header="content-disposition")] = (
            part.get_filename(),
            part.get_content_type(),
            part.get_payload(decode=True),
        )
    return parts


def _upload(pkg, server: FixtureServer, file) -> tuple[str | None, str, bytes]:
    server.on("POST", "/tracks", json_answer({"id": 5}, status=201))
    body_class = next(getattr(pkg.models, n) for n in dir(pkg.models) if n.startswith("UploadTrack"))
    with pkg.FragmentClient(base_url=server.url) as client:
        made = client.tracks.upload_track(body=body_class(track_asset_data=file, track_title="Take 3"))
    assert made.id == 5
    seen = server.seen[-1]
    parts = _parts(seen.body, seen.headers["content-type"])
    assert parts["track[title]"][2] == b"Take 3"
    return parts["track[asset_data]"]


def test_a_path_is_sent_with_its_name_and_guessed_type(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    path = tmp_path / "take-3.mp3"
    path.write_bytes(AUDIO)
    file = pkg.types.File.of(path)
    try:
        assert _upload(pkg, server, file) == ("take-3.mp3", "audio/mpeg", AUDIO)
    finally:
        file.payload.close()


def test_bytes_take_the_type_of_the_name_given(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    file = pkg.types.File.of(AUDIO, file_name="loop.ogg")
    assert _upload(pkg, server, file)[:2] == ("loop.ogg", "audio/ogg")


def test_an_open_file_gives_its_own_name(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    path = tmp_path / "cover.png"
    path.write_bytes(b"\x89PNG\r\n")
    with path.open("rb") as handle:
        sent = _upload(pkg, server, pkg.types.File.of(handle))
    assert sent == ("cover.png", "image/png", b"\x89PNG\r\n")


def test_a_plain_file_object_infers_from_its_name_too(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    path = tmp_path / "take.mp3"
    path.write_bytes(AUDIO)
    with path.open("rb") as handle:
        sent = _upload(pkg, server, pkg.types.File(payload=handle))
    assert sent == ("take.mp3", "audio/mpeg", AUDIO)


def test_given_name_and_type_win(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    file = pkg.types.File.of(io.BytesIO(AUDIO), file_name="a.bin", mime_type="audio/x-custom")
    assert _upload(pkg, server, file) == ("a.bin", "audio/x-custom", AUDIO)


def test_something_else_is_refused_in_one_line(fragment) -> None:
    pkg = fragment(SPEC)
    with pytest.raises(TypeError) as caught:
        pkg.types.File.of(42)
    assert str(caught.value) == "a file to upload is a path, bytes or a binary file object, not int"
