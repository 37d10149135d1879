"""A small scripted HTTP server on 127.0.0.1 for the client tests: real sockets, recorded requests.

    with FixtureServer() as server:
        server.on("GET", "/sounds/1/", json_answer({"id": 1}))
        ... call a client with base_url=server.url ...
        assert server.seen[0].query["api_key"] == ["KEY"]

A route answers with its answers in turn (the last one repeats) or with a function of the request.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    target: str  # path and query, as sent
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    gate: threading.Event | None = None  # the answer waits until the test sets it (for timeouts)
    trickle: float | None = None  # seconds between the bytes of the body, sent one at a time


Handler = Callable[[Seen], Answer]


def json_answer(
    data: Any, status: int = 200, media_type: str = "application/json; charset=utf-8", **headers: str
) -> Answer:
    return Answer(status, json.dumps(data).encode(), {"Content-Type": media_type, **headers})


def text_answer(text: str | bytes, media_type: str, status: int = 200, **headers: str) -> Answer:
    body = text.encode() if isinstance(text, str) else text
    return Answer(status, body, {"Content-Type": media_type, **headers})


class _Route:
    def __init__(self, method: str, pattern: str, answers: tuple[Answer | Handler, ...]) -> None:
        self.method = method
        self.pattern = re.compile(pattern)
        self.answers = list(answers)
        self.calls = 0

    def answer(self, seen: Seen) -> Answer:
        chosen = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        return chosen(seen) if callable(chosen) else chosen


class FixtureServer:
    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.stopped = threading.Event()
        self._routes: list[_Route] = []
        self._lock = threading.Lock()
        server = self

        class Handle(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                answer = server._answer(seen)
                if answer.gate is not None:
                    answer.gate.wait(30)
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                if self.command == "HEAD":
                    return
                if answer.trickle is None:
                    self.wfile.write(answer.body)
                    return
                for i in range(len(answer.body)):
                    if server.stopped.wait(answer.trickle):
                        return
                    self.wfile.write(answer.body[i : i + 1])
                    self.wfile.flush()

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _serve

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handle)
        self._httpd.daemon_threads = True
        # a short poll keeps shutdown() quick: it waits for the serving loop to look
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def on(self, method: str, path: str, *answers: Answer | Handler) -> None:
        """Answer `method` requests whose path matches `path` exactly (a regex when it starts with ^)."""
        pattern = path if path.startswith("^") else "^" + re.escape(path) + "$"
        with self._lock:
            self._routes.insert(0, _Route(method.upper(), pattern, answers))

    def _answer(self, seen: Seen) -> Answer:
        with self._lock:
            self.seen.append(seen)
            route = next((r for r in self._routes if r.method == seen.method and r.pattern.match(seen.path)), None)
            if route is None:
                return json_answer({"unrouted": f"{seen.method} {seen.path}"}, status=599)
            return route.answer(seen)

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        self._httpd.shutdown()
        self._httpd.server_close()
