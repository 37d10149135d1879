"""Pick the response format the way the API did, and render JSON-shaped data in it.

Selection follows `x-soundspec-formats.selection` in order (query parameter, path suffix,
Accept header); the query parameter counts only on operations that declare it (the others
ignored it, as Freesound's RSS feeds did `format`). Unsafe formats (pickle) are refused with
the API's own error; a request whose Accept header names nothing the API serves gets 406 when
the API selects by Accept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from ..quirks import Quirks
from ..wire import xml_dialect
from ..xmlnames import answer_names
from .compiled import Operation
from .exchange import ApiError
from .xmltext import xml_safe

_XML_ALIASES = ("application/xml", "text/xml")

# libyaml when present: the same safe subset, an order of magnitude faster than pure Python
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Negotiator:
    def __init__(self, spec: dict[str, Any], quirks: Quirks, dumps: Callable[[Any], str]) -> None:
        self.spec = spec
        self.quirks = quirks
        self.formats = quirks.formats
        self.dumps = dumps
        self.default = self.formats.default if self.formats else "json"
        self.by_media: dict[str, str] = {}
        if self.formats:
            for name, fmt in self.formats.formats.items():
                self.by_media[fmt.media_type.lower()] = name
                if fmt.xml is not None:
                    for alias in _XML_ALIASES:
                        self.by_media.setdefault(alias, name)
        self._schemas: dict[tuple[str, int], Any] = {}

    def choose(self, query: dict[str, list[str]], suffix: str | None, accept: str | None, op: Operation) -> str:
        if self.formats is None:
            return "json"
        for selection in self.formats.selection:
            name: str | None = None
            if selection.by == "query" and selection.name in op.query_names and query.get(selection.name):
                name = query[selection.name][-1]
            elif selection.by == "suffix" and suffix:
                name = suffix
            elif selection.by == "accept" and accept:
                name = self._from_accept(accept)
            if name is not None:
                return self._checked(name)
        return self.default

    def _checked(self, name: str) -> str:
        assert self.formats is not None
        fmt = self.formats.formats.get(name)
        if fmt is None:
            raise ApiError(406, f"The format {name!r} is not available.")
        if fmt.unsafe:
            raise ApiError(400, f"The {name} format is not served by this mock: {fmt.unsafe}.", "BadRequest")
        return name

    def _from_accept(self, accept: str) -> str | None:
        ranked: list[tuple[float, int, str]] = []
        for i, part in enumerate(accept.split(",")):
            media, _, params = part.strip().partition(";")
            q = 1.0
            for param in params.split(";"):
                key, _, value = param.strip().partition("=")
                if key == "q":
                    try:
                        q = float(value)
                    except ValueError:
                        q = 0.0
            if q > 0:
                ranked.append((-q, i, media.strip().lower()))
        for _, _, media in sorted(ranked):
            if media in ("*/*", "application/*", ""):
                return None  # anything goes: the API's default
            if media in self.by_media:
                return self.by_media[media]
        if ranked:
            raise ApiError(406, "None of the accepted media types can be served.")
        return None

    def media_type(self, fmt: str) -> str:
        if self.formats is None or fmt not in self.formats.formats:
            return "application/json"
        return self.formats.formats[fmt].media_type

    def is_xml(self, fmt: str) -> bool:
        spec_format = self.formats.formats.get(fmt) if self.formats else None
        return spec_format is not None and spec_format.xml is not None

    def render(
        self, data: Any, fmt: str, schema: Any, callback: str | None = None, failed: bool = False
    ) -> tuple[bytes, str]:
        """(body, Content-Type) for `data` in format `fmt`; `schema` (of `schema_for`) names its XML
        elements; `failed` marks an error answer (on a root element that carries the status)."""
        spec_format = self.formats.formats.get(fmt) if self.formats else None
        if spec_format is not None and spec_format.xml is not None:
            dialect = spec_format.xml
            safe = xml_safe(data, dialect.dasherize, dialect.reserved_keys)
            root, items = answer_names(self.spec, schema, safe, spec_format.xml.dasherize)
            body = xml_dialect.encode(safe, spec_format.xml.as_wire(), root or "response", items, failed)
            return body, f"{spec_format.media_type}; charset=utf-8"
        if "yaml" in fmt:
            text = yaml.dump(data, Dumper=_YAML_DUMPER, default_flow_style=None, allow_unicode=True, sort_keys=False)
            return text.encode(), f"{self.media_type(fmt)}; charset=utf-8"
        text = self.dumps(data)
        if callback is not None and self.formats is not None and self.formats.jsonp is not None:
            # not checked here: piston wrapped any name; a spec that restricts it says so in its schema
            text = self.formats.jsonp.wrap.replace("{callback}", callback).replace("{body}", text)
        return text.encode(), f"{self.media_type(fmt)}; charset=utf-8"

    def schema_for(self, op: Operation | None, status: int) -> Any:
        """The schema an answer is written under: the operation's for `status`, else the API's error body."""
        key = (op.op_id if op is not None else "", status)
        if key not in self._schemas:
            content = ((op.response(status) or {}) if op is not None else {}).get("content") or {}
            schema = next((c.get("schema") for c in content.values() if isinstance(c, dict) and "schema" in c), None)
            errors = self.quirks.errors
            if schema is None and status >= 400 and errors is not None:
                schema = {"$ref": errors.schema}
            self._schemas[key] = schema
        return self._schemas[key]
