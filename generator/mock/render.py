"""Turn a Reply or an error into status, headers and bytes, in the negotiated format."""

from __future__ import annotations

from typing import Any

from .apis.base import Behaviour
from .compiled import CompiledApi, Operation
from .errors import ErrorShaper
from .exchange import Reply
from .negotiate import Negotiator
from .synth import rng

Head = list[tuple[bytes, bytes]]
_CACHE_LIMIT = 4096


class Renderer:
    def __init__(self, api: CompiledApi, behaviour: Behaviour, negotiator: Negotiator, shaper: ErrorShaper) -> None:
        self.api = api
        self.behaviour = behaviour
        self.neg = negotiator
        self.shaper = shaper
        self.request_id = api.quirks.request_id
        formats = api.quirks.formats
        jsonp = formats.jsonp if formats else None
        self.jsonp_param = jsonp.param if jsonp else None
        # JSON, and the formats that are JSON wrapped in the callback (SoundCloud's `js`)
        self.jsonp_formats = {"json"} | {f.name for f in formats.formats.values() if f.jsonp} if formats else {"json"}
        self.common = [(k.encode(), v.encode()) for k, v in behaviour.common_headers.items()]
        self.cache: dict[Any, tuple[bytes, str]] = {}
        self._header_fill: dict[tuple[str, int], list[tuple[str, str]]] = {}

    def callback(self, query: dict[str, list[str]], fmt: str, op: Operation | None) -> str | None:
        """The JSONP callback asked for, where the operation takes one (any, for a path nothing serves)."""
        if (
            self.jsonp_param is None
            or fmt not in self.jsonp_formats
            or (op is not None and self.jsonp_param not in op.query_names)
        ):
            return None
        values = query.get(self.jsonp_param)
        if values:
            return values[-1]
        jsonp = self.neg.formats.jsonp if self.neg.formats else None
        if jsonp is None or jsonp.default_callback is None:
            return None
        # an API with a fixed wrapper name wraps every JSON answer unless the request turns it off
        off = jsonp.off
        return None if off is not None and off[1] in query.get(off[0], []) else jsonp.default_callback

    def reply(
        self, reply: Reply, op: Operation, fmt: str, query: dict[str, list[str]], base_url: str
    ) -> tuple[int, Head, bytes]:
        headers: dict[str, str] = {}
        if reply.raw is not None:
            body = reply.raw
            if reply.media_type:
                headers["content-type"] = reply.media_type
        elif reply.body is None and not reply.cache_key:
            body = b""
        else:
            data = reply.body
            callback = self.callback(query, fmt, op)
            echo = self.request_id if self.request_id and self.request_id.param in op.query_names else None
            rid = query.get(echo.param) if echo else None
            if rid and rid[-1] and isinstance(data, dict) and echo is not None:
                data = {**data, echo.field: rid[-1]}
            elif reply.cache_key is not None and callback is None:
                key = (reply.cache_key, fmt, base_url, self.behaviour.version)
                hit = self.cache.get(key)
                if hit is None:
                    if len(self.cache) > _CACHE_LIMIT:
                        self.cache.clear()
                    hit = self.cache[key] = self.neg.render(data, fmt, self.neg.schema_for(op, reply.status))
                body, headers["content-type"] = hit
                return self._finish(reply, op, headers, body)
            body, headers["content-type"] = self.neg.render(data, fmt, self.neg.schema_for(op, reply.status), callback)
        return self._finish(reply, op, headers, body)

    def _finish(
        self, reply: Reply, op: Operation | None, headers: dict[str, str], body: bytes
    ) -> tuple[int, Head, bytes]:
        for name, value in reply.headers.items():
            headers[name.lower()] = value
        if op is not None:
            for name, value in self._declared_headers(op, reply.status):
                headers.setdefault(name, value)
        head = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        return reply.status, head + self.common, body

    def error(
        self, status: int, message: str, kind: str | None = None, *, op: Operation | None = None, fmt: str,
        query: dict[str, list[str]] | None = None, extra_headers: dict[str, str] | None = None, body: Any = None,
        fields: dict[str, Any] | None = None,
    ) -> tuple[int, Head, bytes]:  # fmt: skip
        if body is None:
            kind = self.shaper.kind_for(status, kind)
            wire = self.shaper.http_status(status, op)
            body = self.shaper.body(status, self.behaviour.error_message(wire, message), kind, op, self.neg.is_xml(fmt))
            body = self.behaviour.decorate_error(body, status, kind)
            if fields and isinstance(body, dict):
                body = {**body, **fields}
        elif self.neg.is_xml(fmt):
            body = self.shaper.as_xml(body)
        http = self.shaper.http_status(status, op)
        schema = self.neg.schema_for(op, status)
        data, media = self.neg.render(body, fmt, schema, self.callback(query or {}, fmt, op), failed=True)
        reply = Reply(status=http, headers={"content-type": media, **(extra_headers or {})})
        return self._finish(reply, op, {}, data)

    def _declared_headers(self, op: Operation, status: int) -> list[tuple[str, str]]:
        """Required response headers the spec declares, filled from their examples or schemas."""
        key = (op.op_id, status)
        found = self._header_fill.get(key)
        if found is None:
            found = []
            response = op.response(status) or {}
            for name, raw in (response.get("headers") or {}).items():
                header = self.api.model.resolve(raw) or {}
                if not header.get("required") or name.lower() == "content-type":
                    continue
                value = header.get("example")
                if value is None:
                    value = self.behaviour.ctx.synth.value(header.get("schema") or {}, rng(0), name)
                found.append((name.lower(), str(value)))
            self._header_fill[key] = found
        return found
