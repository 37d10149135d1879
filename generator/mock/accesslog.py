"""`soundspec mock --log`: one line per request, as Prism prints them, credentials redacted.

    GET /api/sounds/18763/?api_key=<redacted> 200 getSound 2.4 ms

It wraps the mock rather than living inside it, so the mock pays nothing when the log is off.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO
from urllib.parse import parse_qs, parse_qsl, urlencode

from .app import MockApp
from .asgi import Receive, Send
from .render import Head
from .routing import Match

REDACTED = "<redacted>"
# besides the spec's query API keys: what the OAuth flows may carry in a query string
_SECRETS = frozenset({"client_secret", "password", "refresh_token", "code", "access_token"})


class AccessLog:
    def __init__(self, mock: MockApp, stream: TextIO | None = None) -> None:
        self.mock = mock
        self.stream = stream or sys.stderr
        self.secrets = mock.strip | _SECRETS

    def refusal(self, status: int, message: str) -> tuple[int, Head, bytes]:
        """The server's refusals (bad request heads) in the mock's error shape, as unwrapped."""
        return self.mock.refusal(status, message)

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.mock(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def sending(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.mock(scope, receive, sending)
        finally:
            self._write(scope, status, time.perf_counter() - started)

    def _write(self, scope: dict[str, Any], status: int, seconds: float) -> None:
        method: str = scope["method"]
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        shown = raw_path + (f"?{self._redact(query)}" if query else "")
        line = f"{method} {shown} {status or '-'} {self._operation(method, raw_path, query)} {seconds * 1000:.1f} ms"
        self.stream.write(line + "\n")
        self.stream.flush()

    def _redact(self, query: str) -> str:
        pairs = parse_qsl(query, keep_blank_values=True)
        return urlencode([(k, REDACTED if k in self.secrets else v) for k, v in pairs], safe="<>/")

    def _operation(self, method: str, raw_path: str, query: str) -> str:
        router = self.mock.router
        inside = router.inside(raw_path)
        # the query names the operation where several share one path (x-soundspec-dispatch)
        route = router.resolve(method, inside, parse_qs(query, keep_blank_values=True)) if inside is not None else None
        return route.op.op_id if isinstance(route, Match) else "-"
