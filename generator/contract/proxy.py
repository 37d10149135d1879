"""A validating proxy: forward each request upstream, hold request and response to the spec.

Violations are reported in `X-Soundspec-Violations` (their count) and one `X-Soundspec-Violation`
header each, and logged as JSON lines. In strict mode an invalid request is refused (400) without
reaching upstream and an invalid response is replaced by a 502 listing the violations. With a
recorder every exchange is also saved as a recording, credentials redacted (docs/recordings.md).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qsl

import httpx

from ..mock.asgi import Receive, Send, lifespan
from ..mock.forms import multidict
from .exchange import SpecIndex, Violation
from .recorder import Exchange, Recorder
from .requests import check_request

Log = Callable[[dict[str, Any]], None]

COUNT_HEADER = "x-soundspec-violations"
ITEM_HEADER = "x-soundspec-violation"
MAX_HEADERS = 20
# hop-by-hop headers (RFC 9110 7.6.1), and those httpx re-computes after decoding the body
_DROP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host"}
)
_DROP_BACK = _DROP | {"content-length", "content-encoding"}


@dataclass(frozen=True)
class ProxyOptions:
    upstream: str
    strict: bool = False
    timeout: float = 30.0
    # request bodies are held to the spec whole, so they are held in memory: past this, a 413
    max_body: int = 16 * 1024 * 1024


def describe(violation: Violation) -> str:
    """One header-safe line: `response /0/id: type: 'x' is not of type 'integer'`."""
    text = f"{violation.where} {violation.pointer or '/'}: {violation.keyword}: {violation.message}"
    return text.encode("latin-1", "replace").decode("latin-1").replace("\r", " ").replace("\n", " ")[:400]


class ValidatingProxy:
    """An ASGI app; `transport` lets tests reach an in-process upstream."""

    def __init__(
        self,
        index: SpecIndex,
        options: ProxyOptions,
        *,
        log: Log | None = None,
        recorder: Recorder | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.index = index
        self.options = options
        self.log = log or (lambda _entry: None)
        self.recorder = recorder
        self.client = httpx.AsyncClient(
            base_url=options.upstream.rstrip("/"), transport=transport, timeout=options.timeout, follow_redirects=False
        )

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send, on_shutdown=self.client.aclose)
            return
        if scope["type"] != "http":
            return
        body = await _read_body(receive, scope, self.options.max_body)
        if body is None:
            limit = self.options.max_body
            status, headers, body = _json(413, {"error": f"soundspec proxy: the request body is over {limit} bytes"})
        else:
            status, headers, body = await self.handle(scope, body)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def handle(self, scope: dict[str, Any], body: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        method: str = scope["method"]
        path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")  # still percent-encoded
        raw_query: str = scope.get("query_string", b"").decode("latin-1")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", ())]
        lowered = {k.lower(): v for k, v in headers}
        query = multidict(parse_qsl(raw_query, keep_blank_values=True))
        request_violations = check_request(
            self.index, method, path, query, headers=lowered, body=body, media_type=lowered.get("content-type", "")
        )
        if self.options.strict and request_violations:
            return self._refuse(400, "request", method, path, request_violations)
        started = time.perf_counter()
        try:
            upstream = await self.client.request(
                method,
                path + (f"?{raw_query}" if raw_query else ""),
                headers=[(k, v) for k, v in headers if k.lower() not in _DROP],
                content=body,
            )
        except httpx.HTTPError as err:
            self.log({"method": method, "path": path, "error": f"upstream unreachable: {err}"})
            return _json(502, {"error": f"upstream {self.options.upstream} unreachable: {type(err).__name__}"})
        media = upstream.headers.get("content-type", "")
        violations = request_violations + self.index.check_response(
            method, path, upstream.status_code, media, upstream.content, query=query
        )
        if self.recorder is not None:
            self.recorder.save(
                Exchange(
                    method,
                    path,
                    query,
                    upstream.status_code,
                    media,
                    dict(upstream.headers),
                    upstream.content,
                    request_headers=lowered,
                    request_media_type=lowered.get("content-type", ""),
                    request_body=body,
                ),
                self.options.upstream,
            )
        self._log(method, path, upstream.status_code, violations, time.perf_counter() - started)
        if self.options.strict and len(violations) > len(request_violations):
            return self._refuse(502, "response", method, path, violations)
        back = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in upstream.headers.multi_items()]
        back = [(k, v) for k, v in back if k.decode("latin-1").lower() not in _DROP_BACK]
        back.append((b"content-length", str(len(upstream.content)).encode()))
        return upstream.status_code, back + _violation_headers(violations), upstream.content

    def _log(self, method: str, path: str, status: int, violations: list[Violation], seconds: float) -> None:
        entry: dict[str, Any] = {"method": method, "path": path, "status": status, "ms": round(seconds * 1000, 1)}
        entry["violations"] = [asdict(v) for v in violations]
        self.log(entry)

    def _refuse(
        self, status: int, what: str, method: str, path: str, violations: list[Violation]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        self._log(method, path, status, violations, 0.0)
        message = f"soundspec proxy (strict): the {what} violates the spec"
        code, headers, body = _json(status, {"error": message, "violations": [asdict(v) for v in violations]})
        return code, headers + _violation_headers(violations), body


def _violation_headers(violations: list[Violation]) -> list[tuple[bytes, bytes]]:
    headers = [(COUNT_HEADER.encode(), str(len(violations)).encode())]
    for violation in violations[:MAX_HEADERS]:
        headers.append((ITEM_HEADER.encode(), describe(violation).encode("latin-1")))
    return headers


def _json(status: int, data: Any) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    body = json.dumps(data, ensure_ascii=False).encode()
    return status, [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())], body


async def _read_body(receive: Receive, scope: dict[str, Any], limit: int) -> bytes | None:
    """The request body, or None past `limit` bytes (declared or received: the rest is never read)."""
    declared = dict(scope.get("headers", ())).get(b"content-length", b"")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)
