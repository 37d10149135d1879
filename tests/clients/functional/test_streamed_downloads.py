"""`<method>_to(..., to=path | folder | file object, progress=...)`: a download streamed to where
it goes, never held whole, within the deadline and max_answer_bytes, with the credentials left
on the configured host (issue 13)."""

from __future__ import annotations

import asyncio
import gzip
import importlib
import io
import os
import socket
import threading
from pathlib import Path

import pytest

from generator import naming
from generator.config import load_project
from generator.specs import load_spec
from tests.clients.functional.test_downloads import PATHS
from tests.clients.server import Answer, FixtureServer, json_answer
from tests.clients.support import spec_text
from tests.support import ROOT

APIS = load_project(ROOT).apis

COMPONENTS = """
schemas:
  Problem:
    type: object
    properties:
      message: {type: string}
securitySchemes:
  key: {type: apiKey, in: query, name: api_key}
  tokenHeader: {type: http, scheme: OAuth}
"""
QUIRKS = """
security:
  - key: []
x-soundspec-auth:
  credentials:
    - argument: api_key
      schemes: {query: key}
    - argument: access_token
      schemes: {header: tokenHeader}
x-soundspec-errors:
  schema: '#/components/schemas/Problem'
  message: [/message]
"""
SPEC = spec_text(PATHS, QUIRKS, COMPONENTS)
KEY = "k3y-0f-the-app"
TOKEN = "t0ken-0f-the-user"
BODY = bytes(range(256)) * 1200  # 300 KiB: many chunks
NAMED = {"Content-Type": "audio/wav", "Content-Disposition": 'attachment; filename="../door slam.wav"'}


def _client(pkg, server: FixtureServer, **options):
    return pkg.FragmentClient(api_key=KEY, access_token=TOKEN, base_url=server.url, **options)


def test_a_download_streams_to_a_path_with_progress(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/sounds/1/serve/", Answer(200, BODY, NAMED))
    seen: list[tuple[int, int | None]] = []
    target = tmp_path / "door.wav"
    with _client(pkg, server) as client:
        saved = client.sounds.download_sound_to(1, to=target, progress=lambda done, total: seen.append((done, total)))
    assert target.read_bytes() == BODY
    assert (saved.path, saved.file_name, saved.mime_type) == (target, "door slam.wav", "audio/wav")
    assert saved.size == len(BODY)
    assert seen[0] == (0, len(BODY)) and seen[-1] == (len(BODY), len(BODY))
    assert len(seen) > 3, "progress is reported per chunk, not once at the end"
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert os.listdir(tmp_path) == ["door.wav"]  # no part file left


def test_a_folder_takes_the_answers_file_name_and_never_a_path(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/sounds/2/serve/", Answer(200, BODY[:1000], NAMED))
    with _client(pkg, server) as client:
        saved = client.sounds.download_sound_to(2, to=tmp_path)
    assert saved.path == tmp_path / "door slam.wav"
    assert saved.path.read_bytes() == BODY[:1000]


def test_an_unnamed_answer_into_a_folder_is_refused(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/sounds/3/serve/", Answer(200, b"RIFF", {"Content-Type": "audio/wav"}))
    with _client(pkg, server) as client, pytest.raises(pkg.ResponseDecodeError) as caught:
        client.sounds.download_sound_to(3, to=tmp_path)
    message = str(caught.value)
    assert "names no file" in message and "\n" not in message and KEY not in message
    assert os.listdir(tmp_path) == []


def test_a_download_streams_into_a_file_object(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/sounds/4/serve/", Answer(200, BODY, NAMED))
    out = io.BytesIO(b"header:")
    out.seek(0, io.SEEK_END)
    with _client(pkg, server) as client:
        saved = client.sounds.download_sound_to(4, to=out)
    assert out.getvalue() == b"header:" + BODY
    assert (saved.path, saved.size) == (None, len(BODY))


def test_an_error_answer_raises_and_leaves_no_file(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/sounds/5/serve/", json_answer({"message": "Sound not found"}, status=404))
    with _client(pkg, server) as client, pytest.raises(pkg.FragmentError) as caught:
        client.sounds.download_sound_to(5, to=tmp_path / "x.wav")
    assert (caught.value.status, caught.value.message) == (404, "Sound not found")
    assert os.listdir(tmp_path) == []


def test_a_redirect_to_another_host_carries_no_credentials(
    fragment, server: FixtureServer, other_server: FixtureServer, tmp_path: Path
) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/sounds/6/serve/", Answer(302, b"", {"Location": f"{other_server.url}/cdn/6.wav"}))
    other_server.on("GET", "/cdn/6.wav", Answer(200, BODY, {"Content-Type": "audio/wav"}))
    with _client(pkg, server) as client:
        saved = client.sounds.download_sound_to(6, to=tmp_path)
    assert saved.path == tmp_path / "6.wav" and saved.path.read_bytes() == BODY
    assert server.seen[0].query["api_key"] == [KEY]
    assert server.seen[0].headers["authorization"] == f"OAuth {TOKEN}"
    cdn = other_server.seen[0]
    assert "api_key" not in cdn.query and "authorization" not in cdn.headers
    assert KEY not in cdn.target and TOKEN not in str(cdn.headers)


def test_a_coded_body_past_max_answer_bytes_is_refused(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    bomb = gzip.compress(b"\0" * 2_000_000)
    server.on("GET", "/sounds/7/serve/", Answer(200, bomb, {"Content-Type": "audio/wav", "Content-Encoding": "gzip"}))
    seen: list[tuple[int, int | None]] = []
    with _client(pkg, server, max_answer_bytes=100_000) as client, pytest.raises(pkg.ResponseDecodeError) as caught:
        client.sounds.download_sound_to(7, to=tmp_path / "bomb.wav", progress=lambda d, t: seen.append((d, t)))
    assert "max_answer_bytes" in str(caught.value)
    assert os.listdir(tmp_path) == []
    assert seen and all(t is None for _, t in seen)  # the decoded size is not known ahead
    assert max(d for d, _ in seen) <= 100_000


def test_a_trickling_download_stops_at_the_deadline(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/sounds/8/serve/", Answer(200, BODY[:400], {"Content-Type": "audio/wav"}, trickle=0.01))
    with _client(pkg, server, deadline=0.3) as client, pytest.raises(pkg.APITimeoutError):
        client.sounds.download_sound_to(8, to=tmp_path / "slow.wav")
    assert os.listdir(tmp_path) == []


def test_the_async_download_streams_with_progress(fragment, server: FixtureServer, tmp_path: Path) -> None:
    pkg = fragment(SPEC)
    server.on("GET", "/sounds/9/serve/", Answer(200, BODY, NAMED))
    seen: list[int] = []

    async def call():
        async with pkg.AsyncFragmentClient(api_key=KEY, base_url=server.url) as client:
            return await client.sounds.download_sound_to(9, to=tmp_path, progress=lambda d, t: seen.append(d))

    saved = asyncio.run(call())
    assert saved.path == tmp_path / "door slam.wav" and saved.path.read_bytes() == BODY
    assert seen[-1] == len(BODY) and len(seen) > 3


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_every_file_answer_can_be_streamed_and_only_those(api: object) -> None:
    spec = load_spec(api.spec)  # type: ignore[attr-defined]
    package = importlib.import_module(api.package)  # type: ignore[attr-defined]
    for prefix in ("", "Async"):
        client = getattr(package, prefix + spec.quirks.class_name)()
        for path_item in spec.data["paths"].values():
            for op in path_item.values():
                if not isinstance(op, dict) or "operationId" not in op:
                    continue
                tag = naming.tag_attribute(op["tags"][0])
                resource = getattr(client, tag)
                name = naming.method_name(op["operationId"])
                operation = importlib.import_module(f"{package.__name__}.api.{tag}.{name}").OPERATION
                files = operation.results and all(operation.bodies.get(s) == "bytes" for s in operation.results)
                assert hasattr(resource, f"{name}_to") == bool(files), (prefix, name)


class _CutOnce:
    """A raw HTTP server whose first answer breaks off halfway through its body; the others are whole."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.answers = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                head = f"HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: {len(BODY)}\r\n"
                first = self.answers == 0
                self.answers += 1  # counted before the body goes: the client may finish reading first
                conn.sendall(head.encode() + b"Connection: close\r\n\r\n")
                conn.sendall(BODY[: len(BODY) // 2] if first else BODY)

    def close(self) -> None:
        self.sock.close()


class _Unseekable(io.RawIOBase):
    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:  # type: ignore[override]
        self.data += chunk
        return len(chunk)


@pytest.mark.parametrize("target", ["path", "seekable", "unseekable"])
def test_a_download_broken_off_is_retried_from_the_start(fragment, tmp_path: Path, target: str) -> None:
    pkg = fragment(SPEC)
    cut = _CutOnce()
    out = {"path": tmp_path / "a.wav", "seekable": io.BytesIO(), "unseekable": _Unseekable()}[target]
    seen: list[int] = []
    try:
        with pkg.FragmentClient(api_key=KEY, base_url=cut.url, max_retries=2) as client:
            call = lambda: client.sounds.download_sound_to(1, to=out, progress=lambda d, t: seen.append(d))  # noqa: E731
            if target == "unseekable":
                with pytest.raises(pkg.ResponseDecodeError) as caught:
                    call()
                assert "cannot be rewound" in str(caught.value) and KEY not in str(caught.value)
                return
            saved = call()
    finally:
        cut.close()
    assert cut.answers == 2 and saved.size == len(BODY)
    written = out.read_bytes() if isinstance(out, Path) else out.getvalue()
    assert written == BODY
    assert seen.count(0) == 2 and seen[-1] == len(BODY)  # the progress starts again with the retry
