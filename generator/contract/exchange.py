"""One HTTP exchange held against the spec: which operation served it, and is its response declared?

Shared by `check-recordings` (exchanges from files) and the validating proxy (live exchanges),
so both report the same violations: the JSON pointer into the body and the schema keyword that
failed, or one of our own keywords (operation, status, media-type, decode) naming what else
did not match.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from ..apimodel import Api, Operation
from ..jsonschemas import SpecSchemas
from ..recordings import REDACTED
from ..refs import DanglingRef, resolve_pointer
from .bodies import BodyError, decode_against, is_structured, media_base

if TYPE_CHECKING:
    from .datecheck import DateChecker
    from .specstrategy import StrategyBuilder

_PARAM = re.compile(r"\{([^}/]+)\}")


@dataclass(frozen=True, order=True)
class Violation:
    """One way an exchange differs from its contract."""

    pointer: str  # into the decoded body (response) or /query/<name>, /path/<name>, /body... (request)
    keyword: str  # the JSON Schema keyword that failed, or operation/status/media-type/decode
    message: str
    where: str = "response"


@dataclass(frozen=True)
class Matched:
    operation: Operation
    path_params: dict[str, str]

    @property
    def template(self) -> str:
        return self.operation.path

    @property
    def pointer(self) -> str:
        """Of the operation in the spec."""
        return self.operation.pointer


class SpecIndex:
    """A spec's model prepared once for many exchanges: its validators and path templates."""

    def __init__(self, model: Api) -> None:
        self.model = model
        self.spec = model.document
        self.quirks = model.quirks
        self.schemas = SpecSchemas(self.spec, self.quirks)
        # literal segments win over templated ones (/sounds/search/ before /sounds/{id}/), and on one
        # path the operations a dispatch value names over the one without
        ops = sorted(model.operations, key=lambda o: (o.wire_path.count("{"), -len(o.wire_path), o.dispatch is None))
        self._routes = [(_template_regex(op.wire_path), op) for op in ops]
        self._by_key = {(op.method, op.path): op for op in model.operations}

    @cached_property
    def dates(self) -> DateChecker:
        """A fast checker of the API's named date formats (for schemathesis runs)."""
        from .datecheck import DateChecker

        return DateChecker(self.spec, self.quirks)

    @cached_property
    def strategies(self) -> StrategyBuilder:
        """Hypothesis strategies of the spec's inputs (for client fuzzing)."""
        from .specstrategy import StrategyBuilder

        return StrategyBuilder(self.spec, self.quirks)

    @cached_property
    def base_path(self) -> str:
        """The path of the first server URL (`/api` for http://host/api), without its trailing slash."""
        return urlsplit(self.model.server_url or "").path.rstrip("/")

    def spec_path(self, path: str) -> str:
        """`path` as the spec writes it: no query, no server base path, no `.json` format suffix."""
        path = path.split("?", 1)[0]
        if self.base_path and (path == self.base_path or path.startswith(self.base_path + "/")):
            path = path[len(self.base_path) :] or "/"
        formats = self.quirks.formats
        if formats is not None and any(s.by == "suffix" for s in formats.selection):
            bare = path.rstrip("/")
            for name in formats.formats:
                if bare.endswith("." + name):
                    return bare[: -len(name) - 1] + path[len(bare) :]
        return path

    def match(
        self, method: str, path: str, query: Mapping[str, Any] | None = None, form: Mapping[str, Any] | None = None
    ) -> Matched | None:
        """The operation serving a request on the wire; `query` (or the path's own, or the `form`
        body) names a dispatched one.

        A path key as the spec writes it (how schemathesis names operations) names its operation too.
        """
        if query is None:
            query = parse_qs(path.split("?", 1)[1]) if "?" in path else {}
        path = self.spec_path(path)
        keyed = self._by_key.get((method.lower(), path))
        if keyed is not None and keyed.dispatch is not None:
            return Matched(keyed, {})
        for regex, op in self._routes:
            found = regex.match(path) if op.method == method.lower() and op.dispatch_matches(query, form) else None
            if found:
                names = _PARAM.findall(op.wire_path)
                return Matched(op, dict(zip(names, found.groups(), strict=True)))
        return None

    def operation(self, method: str, template: str) -> Operation:
        """The operation at a path template, as schemathesis names it."""
        return self._by_key[(method.lower(), template)]

    def is_slash_redirect(self, path: str, status: int) -> bool:
        """The API's trailing-slash quirk: a path without `/` answered with the configured redirect."""
        slash = self.quirks.trailing_slash
        return slash is not None and slash.required and status == slash.redirect and not path.endswith("/")

    def response_schema(self, matched: Matched, status: int, media_type: str) -> tuple[str | None, list[str]]:
        """(pointer to the body schema or None, the media types declared); LookupError when undeclared."""
        response = matched.operation.response(status)
        if response is None:
            declared = ", ".join(r.status for r in matched.operation.responses) or "none"
            raise LookupError(f"status {status} is not declared (declared: {declared})")
        content = {media.media_type: media for media in response.content}
        chosen = declared_media(media_type, list(content))
        if chosen is None or content[chosen].schema is None:
            return None, list(content)
        return content[chosen].schema_pointer, list(content)

    def check_response(
        self,
        method: str,
        path: str,
        status: int,
        media_type: str,
        body: bytes,
        *,
        query: Mapping[str, Any] | None = None,
        form: Mapping[str, Any] | None = None,
    ) -> list[Violation]:
        """Every violation of the response to `method path`; empty when it conforms."""
        matched = self.match(method, path, query, form)
        if matched is None:
            return [Violation("", "operation", f"no operation serves {method.upper()} {self.spec_path(path)}")]
        if self.is_slash_redirect(self.spec_path(path), status):
            return []
        try:
            schema_pointer, declared = self.response_schema(matched, status, media_type)
        except LookupError as err:
            return [Violation("", "status", f"{matched.operation.operation_id or matched.template}: {err}")]
        if declared and declared_media(media_type, declared) is None:
            if not body and not media_type:
                return []  # a bodiless answer (a redirect, a 204) has no media type to declare
            got = media_base(media_type) or "no Content-Type"
            return [Violation("", "media-type", f"{got} is not declared for status {status} ({', '.join(declared)})")]
        if schema_pointer is None or not is_structured(media_type, self.quirks):
            return []  # binary bodies (audio, zip) have no structure to check
        try:
            data = decode_against(self.spec, {"$ref": "#" + schema_pointer}, body, media_type, self.quirks)
        except BodyError as err:
            return [Violation("", "decode", str(err))]
        return [
            Violation(m.pointer, m.keyword, brief(m.message))
            for m in self.schemas.mismatches(schema_pointer, data)
            if not _redacted(data, m.pointer)
        ]


_VERDICTS = (" is not valid under", " is not of type", " is not one of", " is not a ", " does not match", " is too ")


def brief(message: str, limit: int = 240) -> str:
    """A schema message without the whole instance in it (jsonschema quotes the value it judged)."""
    if len(message) <= limit:
        return message
    for verdict in _VERDICTS:
        at = message.find(verdict)
        if at > 80:
            return f"{message[:60]} ... {message[at - 20 : at]}{message[at:]}"[: limit + 80]
    return message[:limit] + " ..."


def _redacted(data: Any, pointer: str) -> bool:
    """A recording's redacted credential (`?client_id=<redacted>`) is not judged, as in the query."""
    try:
        value = resolve_pointer(data, "#" + pointer)
    except DanglingRef:
        return False
    return isinstance(value, str) and REDACTED in value


def _template_regex(template: str) -> re.Pattern[str]:
    parts = _PARAM.split(template.rstrip("/"))
    pattern = "".join(re.escape(p) if i % 2 == 0 else "([^/]+)" for i, p in enumerate(parts))
    return re.compile("^" + pattern + "/?$")


def declared_media(media_type: str, declared: list[str]) -> str | None:
    """The declared media type (range) that `media_type` is; JSON first when none is given."""
    base = media_base(media_type)
    if not base:
        return next((m for m in declared if "json" in m), declared[0] if declared else None)
    exact = next((m for m in declared if media_base(m) == base), None)
    return exact or next((m for m in declared if fnmatch.fnmatch(base, media_base(m))), None)
