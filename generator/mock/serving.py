"""uvicorn as our servers run it (the mock, and the contract tools' validating proxy).

uvicorn with httptools holds a request head whole, however long, before anything sees it, never
times out a connection that sends its head slowly or nothing at all, and answers what it cannot
parse (a URL past llhttp's bounds, raw non-ASCII or NUL, an unknown method, a bad Content-Length)
with a plain-text "Invalid HTTP request received.". Here the head is bounded as it arrives, slow
heads and bodies are cut off, and every refusal goes out in the app's own error shape (the app's
`refusal(status, message)`), so a client of the mock sees the API's error wherever it fails.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

Head = list[tuple[bytes, bytes]]
Refusal = Callable[[int, str], tuple[int, Head, bytes]]

_REASONS = {400: b"Bad Request", 408: b"Request Timeout", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


@dataclass(frozen=True)
class ServerLimits:
    """What a connection may cost before the app sees a request; past it, a refusal and a close."""

    url_bytes: int = 16 * 1024  # the request line's target (the app refuses query strings past 8 KiB)
    head_bytes: int = 64 * 1024  # the whole head: request line and header block
    head_seconds: float = 10.0  # from the first byte of a request (or the connection) to the end of its head
    body_seconds: float = 60.0  # from the end of the head to the end of the body
    idle_seconds: float = 5.0  # between requests on a kept-alive connection (uvicorn's keep-alive timeout)


def plain_refusal(status: int, message: str) -> tuple[int, Head, bytes]:
    """For apps without an error shape of their own: a JSON `{"error": message}`."""
    body = json.dumps({"error": message}).encode()
    return status, [(b"content-type", b"application/json")], body


def protocol(refuse: Refusal, limits: ServerLimits) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol, bounded by `limits`, refusing with `refuse`."""

    class Bounded(HttpToolsProtocol):
        head_size = 0
        in_head = True  # between a request's first byte and the end of its head
        in_url = True
        refused: tuple[int, str] | None = None
        timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm(limits.head_seconds, 408, "The request head was not received in time.")

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            counting = self.in_head
            super().data_received(data)
            if counting and self.in_head and not self.transport.is_closing():
                # the parser keeps an unfinished head in memory: past the bound, refuse and let it go
                self.head_size += len(data)
                if self.head_size > limits.head_bytes:
                    self._refuse(*self._too_large())

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self.in_head, self.in_url, self.head_size = True, True, 0
            if self.timer is None:
                self._arm(limits.head_seconds, 408, "The request head was not received in time.")

        def on_url(self, url: bytes) -> None:
            super().on_url(url)
            if len(self.url) > limits.url_bytes:
                self.refused = (414, "The request URL is too long.")
                raise ValueError(self.refused[1])  # the parser stops, and data_received refuses

        def on_header(self, name: bytes, value: bytes) -> None:
            self.in_url = False
            super().on_header(name, value)

        def _too_large(self) -> tuple[int, str]:
            if self.in_url:
                return 414, "The request URL is too long."
            return 431, "The request headers are too large."

        def on_headers_complete(self) -> None:
            self.in_head = False
            self._disarm()
            try:
                super().on_headers_complete()
            except UnicodeDecodeError:  # raw non-ASCII in the path
                self.refused = (400, "The request target is not ASCII.")
                raise
            self._arm(limits.body_seconds, 408, "The request body was not received in time.")

        def on_message_complete(self) -> None:
            self._disarm()
            super().on_message_complete()

        def on_response_complete(self) -> None:
            self._disarm()
            super().on_response_complete()

        def send_400_response(self, msg: str) -> None:
            self._refuse(*(self.refused or (400, "The request is not valid HTTP.")))

        def timeout_keep_alive_handler(self) -> None:
            self._disarm()
            super().timeout_keep_alive_handler()

        def _arm(self, seconds: float, status: int, message: str) -> None:
            self._disarm()
            self.timer = self.loop.call_later(seconds, self._expired, status, message)

        def _disarm(self) -> None:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None

        def _expired(self, status: int, message: str) -> None:
            self.timer = None
            if self.cycle is not None and not self.cycle.response_complete and not self.in_head:
                # the app is reading the body: it gets a disconnect, and the connection goes
                self.transport.close()
                return
            self._refuse(status, message)

        def _refuse(self, status: int, message: str) -> None:
            """Answer `status` in the app's shape and close: the rest of this connection cannot be trusted."""
            self._disarm()
            if self.transport.is_closing():
                return
            code, head, body = refuse(status, message)
            reason = _REASONS.get(code, b"Error")
            lines = [b"HTTP/1.1 %d %s\r\n" % (code, reason)]
            lines += [name + b": " + value + b"\r\n" for name, value in head if name.lower() != b"content-length"]
            lines += [b"content-length: %d\r\n" % len(body), b"connection: close\r\n\r\n", body]
            self.transport.write(b"".join(lines))
            self.transport.close()

    return Bounded


def config(app: Any, limits: ServerLimits | None = None, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for `app`: bounded heads, timeouts, refusals by `app.refusal` when it has one."""
    limits = limits or ServerLimits()
    refuse: Refusal = getattr(app, "refusal", plain_refusal)
    options.setdefault("log_level", "warning")
    return uvicorn.Config(
        app, http=protocol(refuse, limits), timeout_keep_alive=max(1, round(limits.idle_seconds)), **options
    )
