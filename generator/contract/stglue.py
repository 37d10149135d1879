"""What we register with schemathesis (deserializers, formats, one check) and how a schema is loaded.

Schemathesis keeps deserializers, formats and checks in process-wide registries; ours are keyed
by media type or format name and look the API up from the operation they are handed, so one
registration serves every API (and leaves documents without our quirks alone).
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import CheckContext, DeserializationContext, Response
from schemathesis.generation.case import Case

from ..quirks import Quirks
from .bodies import media_base
from .exchange import SpecIndex
from .harness import date_strategy, decode_response, index_of

_DESERIALIZED: set[str] = set()
_FORMATS: set[str] = set()
# schemathesis schema id -> (its raw document, our index of the original spec)
_SCHEMAS: dict[int, tuple[Any, SpecIndex]] = {}


def remember(schema: Any, index: SpecIndex) -> None:
    """Our index of the spec behind a schemathesis schema, for the hooks it calls."""
    _SCHEMAS[id(schema)] = (schema, index)


def index_for(operation: Any) -> SpecIndex:
    return schema_index(operation.schema)


def schema_index(schema: Any) -> SpecIndex:
    found = _SCHEMAS.get(id(schema))
    if found is not None and found[0] is schema:
        return found[1]
    return index_of(schema.raw_schema)


def content_type(response: Response) -> str:
    values = response.headers.get("content-type") or [""]
    return str(values[0])


# several checks (and schemathesis' own learning from responses) read one response: decode it once
_DECODED: dict[int, tuple[Response, Any]] = {}


def _deserialize(ctx: DeserializationContext, response: Response) -> Any:
    found = _DECODED.get(id(response))
    if found is not None and found[0] is response:
        return found[1]
    data = _decode(ctx, response)
    if len(_DECODED) >= 256:
        _DECODED.clear()
    _DECODED[id(response)] = (response, data)
    return data


def _decode(ctx: DeserializationContext, response: Response) -> Any:
    operation = ctx.operation
    index = index_for(operation)
    try:
        media = content_type(response)
        return decode_response(
            index.spec,
            operation.path,
            operation.method,
            status=response.status_code,
            media=media,
            body=response.content,
        )
    except LookupError:  # an undeclared status: status_code_conformance says so; decode without coercion
        from .bodies import decode_body

        return decode_body(response.content, content_type(response), index.quirks)


def data_media_types(quirks: Quirks) -> list[str]:
    """Media types our decoder must handle for this API: JSON (JSONP rides on it), its safe formats."""
    found = ["application/json", "application/javascript", "text/javascript"]
    if quirks.formats is not None:
        found += [f.media_type for f in quirks.formats.formats.values() if not f.unsafe]
    return list(dict.fromkeys(media_base(m) for m in found))


def register(quirks: Quirks) -> None:
    """Our deserializers and date formats for this API (idempotent)."""
    todo = [m for m in data_media_types(quirks) if m not in _DESERIALIZED]
    if todo:
        schemathesis.deserializer(*todo)(_deserialize)
        _DESERIALIZED.update(todo)
    for name, fmt in quirks.dates.items():
        if name not in _FORMATS:
            schemathesis.openapi.format(name, date_strategy(fmt))
            _FORMATS.add(name)


@schemathesis.check
def api_date_formats(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Dates in the API's own formats (`x-soundspec-dates`), which schemathesis does not know."""
    index = index_for(case.operation)
    if not index.quirks.dates:
        return True  # an API without named date formats: nothing for this check, ever
    if not response.content:
        return None
    matched = index.match(case.operation.method, case.operation.path)
    if matched is None:
        return None
    try:
        schema_pointer, _ = index.response_schema(matched, response.status_code, content_type(response))
        data = _deserialize(schemathesis.DeserializationContext(operation=case.operation, case=case), response)
    except Exception:  # undeclared status or undecodable body: other checks report those
        return None
    wrong = index.dates.failures(schema_pointer, data) if schema_pointer is not None else []
    if wrong:
        lines = "\n".join(f"{pointer or '/'}: {message}" for pointer, message in wrong[:5])
        raise AssertionError(f"{len(wrong)} value(s) not in the API's date formats:\n{lines}")
    return None
