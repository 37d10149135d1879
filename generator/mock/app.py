"""The mock as a plain ASGI app: route -> auth -> validate -> negotiate -> respond.

Everything a request needs was compiled at start-up (routes, validators, error template);
the per-request work is look-ups, a validator call per parameter and a cached rendering.
Unexpected failures are answered in the API's own error shape, without a trace.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import RESET_PATH, forms, validate
from .apis.base import Behaviour
from .asgi import Receive, Send, lifespan
from .auth import Authenticator, AuthFailure
from .compiled import CompiledApi, Operation
from .errors import ErrorShaper
from .exchange import ApiError, Request
from .negotiate import Negotiator
from .render import Head, Renderer
from .routing import Match, NoDispatch, Redirect, Router

# a name or an IPv4/IPv6 literal and a port: anything else in Host (`evil.example/x?`) would
# rewrite the path of every absolute URL the mock answers with
_HOST = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9.-]{0,252}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_INPUT = frozenset({400, 406, 414, 415})  # refusals of the request's own input (not auth, not size)


class MockApp:
    def __init__(self, api: CompiledApi, behaviour: Behaviour, docs: Path | None = None) -> None:
        self.api = api
        self.behaviour = behaviour
        self.limits = behaviour.options.limits
        self.docs = docs
        self.router = Router(api)
        self.neg = Negotiator(api.spec, api.quirks, behaviour.json_dumps)
        self.shaper = ErrorShaper(api.spec, api.quirks, behaviour.ctx.synth)
        self.render = Renderer(api, behaviour, self.neg, self.shaper)
        self.auth = Authenticator(api, behaviour.check, behaviour.body_params)
        self.strip = frozenset(
            str(s.get("name")) for s in api.schemes.values() if s.get("type") == "apiKey" and s.get("in") == "query"
        )
        self.failures = api.quirks.auth.failures if api.quirks.auth else {}
        self.public_base = api.server_url if behaviour.public_urls else None
        self.form_dispatch = any(
            op.dispatch is not None and op.dispatch.location == "form" for op in api.model.operations
        )

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        try:
            status, head, body = await self.handle(scope, receive)
        except Exception:  # never a traceback on the wire: log it, answer the API's 500
            traceback.print_exc(file=sys.stderr)
            status, head, body = self.render.error(500, "Internal error.", fmt=self.neg.default)
        head.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": head})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def refusal(self, status: int, message: str) -> tuple[int, Head, bytes]:
        """The API's error for a request the HTTP server refused before routing it (serving.py)."""
        return self.render.error(status, message, fmt=self.neg.default)

    async def handle(self, scope: dict[str, Any], receive: Receive) -> tuple[int, Head, bytes]:
        method: str = scope["method"]
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        qs: bytes = scope.get("query_string", b"")
        fmt = self.neg.default
        try:
            self._bound(len(qs), scope.get("headers", ()))
            query = forms.multidict(forms.parse_pairs(qs.decode("latin-1"), self.limits.form_fields)) if qs else {}
        except ApiError as err:  # refused before anything else: with a status the operation declares
            return self.render.error(err.status, err.message, fmt=fmt, op=self._operation(method, raw_path))
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", ())}
        origin = f"{scope.get('scheme', 'http')}://{_host(headers.get('host'), scope.get('server'))}"
        internal = await self._internal(method, raw_path, query)
        if internal is not None:
            return internal
        path = self.router.inside(raw_path)
        route = self.router.resolve(method, path, query) if path is not None else None
        early: bytes | None = None  # a form body read to route by (it names the operation)
        if not isinstance(route, Match) and path is not None and self._form_routed(method, headers):
            try:
                early = await self._body(receive, headers)
                method, query, route = self._by_form(method, path, query, early)
            except ApiError as err:
                return self.render.error(err.status, err.message, fmt=fmt)
        if not isinstance(route, Match):
            return self._unrouted(route, origin, qs, fmt, query)
        op = route.op
        handled = False
        try:
            refused = validate.refusal(op, query, route.params, headers)
            if refused is not None:  # a deviation the spec declares: answered before a format is chosen
                raise ApiError(400, refused)
            fmt = self.neg.choose(query, route.suffix, headers.get("accept"), op)
            inputs = validate.check_params(op, query, route.params, headers, self.behaviour.lenient_empty)
            raw, pairs = b"", None
            content_type = headers.get("content-type", "")
            if method in _BODY_METHODS:
                raw = early if early is not None else await self._body(receive, headers)
                pairs = validate.read_form(inputs, raw, content_type, self.limits)
            try:
                # before the body is parsed further: a stranger's hostile body costs a 401, not a parse
                principal = self.auth.authenticate(op, query, headers, inputs.form)
            except AuthFailure as failure:
                return self._unauthorized(op, failure, fmt, query)
            if method in _BODY_METHODS:
                validate.check_body(
                    self.api, op, inputs, raw, pairs, content_type=content_type, limits=self.limits, strip=self.strip
                )
            if inputs.bad_path and self.behaviour.invalid_path_status is not None:
                raise ApiError(self.behaviour.invalid_path_status, " ".join(inputs.problems))
            if inputs.problems:
                raise ApiError(400, " ".join(inputs.problems))
            base = self.public_base or origin + self.api.prefix
            request = Request(
                method, raw_path, op, inputs.path, inputs.query, [(k, v) for k, vs in query.items() for v in vs],
                headers, inputs.body, inputs.files, principal, base, fmt, route.suffix,
            )  # fmt: skip
            handled = True
            reply = self.behaviour.handle(request)
        except ApiError as err:
            # the request itself was refused (parameters, format, body): the API's own answer, if it had one
            answer = None if handled or err.status not in _INPUT else self.behaviour.on_invalid(op, [err.message])
            if answer is not None:
                return self.render.reply(answer, op, fmt, query, "")
            return self.render.error(
                err.status, err.message, err.kind, op=op, fmt=fmt, query=query, extra_headers=err.headers,
                fields=err.fields,
            )  # fmt: skip
        return self.render.reply(reply, op, fmt, query, base)

    def _unrouted(
        self, route: Any, origin: str, qs: bytes, fmt: str, query: dict[str, list[str]]
    ) -> tuple[int, Head, bytes]:
        """The answer to a request no operation takes: a dispatch value naming none, the slash
        redirect, 405 with the methods the path takes, or the API's 404."""
        if isinstance(route, NoDispatch):  # the API's own refusal of a request naming no operation
            message = f"Invalid {route.param}: {route.given!r} names no operation here."
            return self.render.error(400, message, fmt=fmt, query=query)
        if isinstance(route, Redirect):
            # absolute on the host the request named, as Django's APPEND_SLASH wrote it (never the
            # public host of --urls public: a client following it would leave the mock)
            location = origin + route.path + (f"?{qs.decode('latin-1')}" if qs else "")
            return route.status, [(b"location", location.encode("latin-1"))], b""
        if route is not None and route.allowed:
            allow = ", ".join(route.allowed)
            if self.behaviour.empty_405:
                return 405, [(b"allow", allow.encode())], b""
            allowed = {"allow": allow}
            return self.render.error(405, "Method not allowed.", fmt=fmt, query=query, extra_headers=allowed)
        return self.render.error(
            404, self.behaviour.not_found_message, self.behaviour.not_found_kind, fmt=fmt, query=query
        )

    def _unauthorized(
        self, op: Operation, failure: AuthFailure, fmt: str, query: dict[str, list[str]]
    ) -> tuple[int, Head, bytes]:
        """The API's answer to missing or refused credentials (x-soundspec-auth.failures)."""
        known = self.failures.get(failure.kind)
        status = known.status if known is not None else 401
        # the API module's challenge, on the answers whose spec declares it (WWW-Authenticate)
        offered = self.behaviour.challenge(op, failure.refused).items()
        challenge = {name: value for name, value in offered if op.declares_header(status, name)}
        if known is None:
            return self.render.error(401, "Unauthorized.", op=op, fmt=fmt, query=query, extra_headers=challenge)
        return self.render.error(status, "", op=op, fmt=fmt, query=query, body=known.body, extra_headers=challenge)

    def _bound(self, query: int, headers: Iterable[tuple[bytes, bytes]]) -> None:
        """Refuse a query string or a header block past its limit."""
        if query > self.limits.query_bytes:
            raise ApiError(414, "The query string is too long.")
        # the server (uvicorn with httptools) bounds no header block: a megabyte reaches the app
        if sum(len(name) + len(value) for name, value in headers) > self.limits.header_bytes:
            raise ApiError(431, "The request headers are too large.")

    def _operation(self, method: str, raw_path: str) -> Operation | None:
        """The operation a path names, so that a refusal goes out with a status it declares."""
        path = self.router.inside(raw_path)
        route = self.router.resolve(method, path) if path is not None else None
        return route.op if isinstance(route, Match) else None

    def _form_routed(self, method: str, headers: dict[str, str]) -> bool:
        """A form body may name the operation: a field dispatches it (`x-soundspec-dispatch` in
        the form), or the API answers a form POST as the GET of its path (`x-soundspec-post-reads`)."""
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if method not in _BODY_METHODS or content_type != "application/x-www-form-urlencoded":
            return False
        return self.form_dispatch or (self.api.quirks.post_reads and method == "POST")

    def _by_form(
        self, method: str, path: str, query: dict[str, list[str]], body: bytes
    ) -> tuple[str, dict[str, list[str]], Any]:
        """(method, query, route) of a request routed by its form body: the operation a form field
        names, else the GET it stands for; a dispatch value naming no operation is the API's refusal."""
        pairs = forms.parse_pairs(body.decode("latin-1"), self.limits.form_fields)
        route = self.router.resolve(method, path, query, forms.multidict(pairs))
        if isinstance(route, Match) or not (self.api.quirks.post_reads and method == "POST"):
            return method, query, route
        merged = forms.multidict([*((k, v) for k, vs in query.items() for v in vs), *pairs])
        as_get = self.router.resolve("GET", path, merged)
        return ("GET", merged, as_get) if isinstance(as_get, Match | NoDispatch) else (method, query, route)

    async def _body(self, receive: Receive, headers: dict[str, str]) -> bytes:
        multipart = headers.get("content-type", "").lower().startswith("multipart/")
        limit = self.limits.upload_bytes if multipart else self.limits.body_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise ApiError(413, "The request body is too large.")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise ApiError(413, "The request body is too large.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _internal(self, method: str, path: str, query: dict[str, list[str]]) -> tuple[int, Head, bytes] | None:
        if path == RESET_PATH:
            if method != "POST":
                return 405, [(b"allow", b"POST")], b""
            self.behaviour.reset()
            self.render.cache.clear()
            return 200, [(b"content-type", b"application/json")], b'{"status":"reset"}'
        if path in ("/docs", "/docs/"):
            return self._docs()
        reply = self.behaviour.internal(method, path, query)
        if reply is None:
            return None
        head = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers.items()]
        if reply.media_type:
            head.append((b"content-type", reply.media_type.encode("latin-1")))
        return reply.status, head, reply.raw or b""

    def _docs(self) -> tuple[int, Head, bytes]:
        page = self.docs / f"{self.api.name}.html" if self.docs else None
        if page is None or not page.is_file():
            message = f"The documentation page {self.api.name}.html has not been rendered (run soundspec docs)."
            return self.render.error(404, message, self.behaviour.not_found_kind, fmt=self.neg.default)
        return 200, [(b"content-type", b"text/html; charset=utf-8")], page.read_bytes()


def _host(given: str | None, server: tuple[str, int | None] | None) -> str:
    """The Host the request named when it is only a host and a port; else the address it reached."""
    if given and _HOST.fullmatch(given):
        return given
    if server is None:
        return "127.0.0.1"
    host, port = server
    host = f"[{host}]" if ":" in host else host
    return host if port is None else f"{host}:{port}"
