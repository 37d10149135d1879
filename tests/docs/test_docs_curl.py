"""The curl examples are copy-pastable: each one, run by bash, reaches a real server as documented."""

from __future__ import annotations

import html as htmllib
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.docs.pages import QUIRKY, render_fixture

Seen = tuple[str, str, dict[str, str], bytes]


@pytest.fixture
def server() -> Iterator[tuple[str, list[Seen]]]:
    seen: list[Seen] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_GET = do_PUT = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/api", seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def curl_commands(page: str) -> dict[str, str]:
    out = {}
    for op_id, block in re.findall(
        r'<article class="op" id="op-([^"]+)".*?<figcaption>curl</figcaption>\s*<pre><code[^>]*>(.*?)</code>',
        page,
        re.S,
    ):
        out[op_id] = htmllib.unescape(block)
    return out


def test_each_curl_example_sends_the_documented_request(server: tuple[str, list[Seen]], tmp_path: Path) -> None:
    base, seen = server
    spec = tmp_path / "quirky.yaml"
    spec.write_text(QUIRKY.read_text(encoding="utf-8").replace("http://127.0.0.1:9/api", base), encoding="utf-8")
    html, _ = render_fixture(spec, tmp_path / "out")
    commands = curl_commands(html.read_text(encoding="utf-8"))
    assert sorted(commands) == ["getSound", "obtainToken", "searchSounds", "updateSound"]
    env = {**os.environ, "QUIRKY_API_KEY": "k-123", "QUIRKY_ACCESS_TOKEN": "t-456", "QUIRKY_CLIENT_SECRET": "s 789"}
    for op_id in sorted(commands):
        done = subprocess.run(["bash", "-c", commands[op_id]], capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, f"{op_id}: {done.stderr}"
        assert done.stdout == "{}"
    by_path = {(method, path): (headers, body) for method, path, headers, body in seen}
    assert ("GET", "/api/sounds/search/?q=dogs%20barking&api_key=k-123") in by_path
    assert ("GET", "/api/sounds/1/?api_key=k-123") in by_path
    headers, body = by_path[("PUT", "/api/sounds/1/")]
    assert headers["authorization"] == "OAuth t-456"
    assert headers["content-type"] == "application/json"
    assert body == b'{"name": "snare"}'
    headers, body = by_path[("POST", "/api/oauth2/token")]
    assert headers["content-type"] == "application/x-www-form-urlencoded"
    # the OAuth 2 flows' secret is the reader's own, from the environment (client_id is no credential here)
    assert body == b"grant_type=password&client_id=CLIENT_ID&client_secret=s+789"
