"""Downloads come back as a `File` with the name and media type the answer carries (issue 13)."""

from __future__ import annotations

import pytest

from tests.clients.server import Answer, FixtureServer
from tests.clients.support import spec_text

PATHS = """
/sounds/{sound_id}/serve/:
  get:
    operationId: downloadSound
    tags: [sounds]
    parameters:
      - {name: sound_id, in: path, required: true, schema: {type: integer}}
    responses:
      "200":
        description: The original file.
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
"""
SPEC = spec_text(PATHS)
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt "


@pytest.mark.parametrize(
    ("disposition", "path", "expected"),
    [
        ('attachment; filename="18763__terminal__swing1mt.wav"', "/sounds/1/serve/", "18763__terminal__swing1mt.wav"),
        ("attachment; filename*=UTF-8''caf%C3%A9%20loop.wav", "/sounds/2/serve/", "café loop.wav"),
        ('attachment; filename="../../etc/passwd"', "/sounds/3/serve/", "passwd"),
        ('attachment; filename="..\\\\..\\\\boot.ini"', "/sounds/4/serve/", "boot.ini"),
        ('attachment; filename=".."', "/sounds/5/serve/", None),
        (None, "/sounds/6/serve/", None),
    ],
)
def test_a_download_carries_its_name_and_type(
    fragment, server: FixtureServer, disposition: str | None, path: str, expected: str | None
) -> None:
    pkg = fragment(SPEC)
    headers = {"Content-Type": "application/octet-stream"}
    if disposition:
        headers["Content-Disposition"] = disposition
    server.on("GET", path, Answer(200, WAV, headers))
    with pkg.FragmentClient(base_url=server.url) as client:
        file = client.sounds.download_sound(int(path.split("/")[2]))
    assert file.payload.read() == WAV
    assert file.file_name == expected
    assert file.mime_type == "application/octet-stream"
