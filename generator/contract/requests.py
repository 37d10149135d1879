"""A request held against its operation: parameters, credentials and body.

Query, path and header values arrive as text; they are coerced against their schema (the same
coercion as XML text) before the schema check, so `limit=abc` fails with `type` and `limit=10`
passes. Violations point at /query/<name>, /path/<name>, /header/<name> or /body/...
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote

from ..mock import forms
from ..mock.exchange import ApiError, Upload
from ..recordings import REDACTED
from ..yamlsource import join
from .bodies import coerce, media_base, schema_types
from .exchange import Matched, SpecIndex, Violation, brief, declared_media

Query = Mapping[str, str | list[str]]


def _value(index: SpecIndex, schema_pointer: str, param: Mapping[str, Any], raw: list[str]) -> Any:
    kinds, _ = schema_types(index.spec, {"$ref": "#" + schema_pointer})
    if "array" in kinds and "string" not in kinds:
        items = raw
        if len(raw) == 1 and param.get("explode", param.get("style", "form") == "form") is False:
            items = raw[0].split(",") if raw[0] else []  # style form, explode false: a,b,c
        return coerce(index.spec, {"$ref": "#" + schema_pointer}, items)
    return coerce(index.spec, {"$ref": "#" + schema_pointer}, raw[-1])


def _credentials_present(
    index: SpecIndex, matched: Matched, query: dict[str, list[str]], headers: dict[str, str]
) -> bool:
    requirements = matched.operation.security or ()
    if not requirements or {} in requirements:
        return True
    schemes = index.model.security_schemes

    def present(name: str) -> bool:
        scheme = schemes.get(name) or {}
        if scheme.get("type") == "apiKey":
            if scheme.get("in") == "query":
                return bool(query.get(str(scheme["name"])))
            return bool(headers.get(str(scheme["name"]).lower()))
        if scheme.get("type") == "http":
            return headers.get("authorization", "").lower().startswith(str(scheme.get("scheme", "")).lower() + " ")
        return True  # oauth2/openIdConnect: the token travels by another scheme

    return any(all(present(name) for name in requirement) for requirement in requirements)


def check_request(
    index: SpecIndex,
    method: str,
    path: str,
    query: Query,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    media_type: str = "",
    partial: bool = False,
) -> list[Violation]:
    """Every violation of a request; `partial` (a recording's redacted query) checks only what is there."""
    matched = index.match(method, path, query)
    if matched is None:
        return [Violation("", "operation", f"no operation serves {method.upper()} {index.spec_path(path)}", "request")]
    query = matched.operation.canonical_query(query)
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    values: dict[str, dict[str, list[str]]] = {
        "query": {k: v if isinstance(v, list) else [v] for k, v in query.items()},
        "path": {k: [unquote(v)] for k, v in matched.path_params.items()},
        "header": {k: [v] for k, v in lowered.items()},
    }
    found: list[Violation] = []
    for declared in matched.operation.parameters:
        where, name, param = declared.location, declared.name, declared.node
        raw = values.get(where, {}).get(name.lower() if where == "header" else name)
        target = join("", where, name)
        if raw is None:
            if param.get("required") and not partial:
                found.append(
                    Violation(target, "required", f"required {where} parameter {name!r} is missing", "request")
                )
            continue
        if REDACTED in raw or declared.schema is None:
            continue
        value = _value(index, declared.schema_pointer, param, raw)
        for m in index.schemas.mismatches(declared.schema_pointer, value):
            found.append(
                Violation(target + m.pointer, m.keyword, f"{where} parameter {name!r}: {brief(m.message)}", "request")
            )
    if not partial and not _credentials_present(index, matched, values["query"], lowered):
        found.append(
            Violation("", "security", "no credentials of any security scheme the operation accepts", "request")
        )
    if not partial:
        found += _check_body(index, matched, body, media_type)
    return found


def _check_body(index: SpecIndex, matched: Matched, body: bytes, media_type: str) -> list[Violation]:
    request_body = matched.operation.body
    if request_body is None:
        return []
    if not body:
        if request_body.required:
            return [Violation("/body", "required", "the request body is required", "request")]
        return []
    content = {media.media_type: media for media in request_body.content}
    chosen = declared_media(media_type, list(content))
    if chosen is None:
        got = media_base(media_type) or "no Content-Type"
        return [Violation("/body", "media-type", f"{got} is not accepted ({', '.join(content)})", "request")]
    if content[chosen].schema is None:
        return []
    schema_pointer = content[chosen].schema_pointer
    base = media_base(chosen)
    try:
        if "json" in base:
            data: Any = json.loads(body)
        elif base == "application/x-www-form-urlencoded":
            fields = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            data = coerce(index.spec, {"$ref": "#" + schema_pointer}, {k: v[-1] for k, v in fields.items()})
        elif base == "multipart/form-data":
            data = coerce(index.spec, {"$ref": "#" + schema_pointer}, _multipart_fields(body, media_type))
        else:
            return []  # a binary upload: the media type is all we hold it to
    except (ValueError, UnicodeDecodeError, RecursionError) as err:  # RecursionError: nested past the stack
        return [Violation("/body", "decode", f"not {base}: {err}", "request")]
    try:
        found = index.schemas.mismatches(schema_pointer, data)
    except (ValueError, RecursionError):  # the validator recurses per level and gives up
        return [Violation("/body", "depth", "the body is nested too deeply to check", "request")]
    return [Violation("/body" + m.pointer, m.keyword, f"body: {brief(m.message)}", "request") for m in found]


# far above any form a client sends; the mock's own limit is a setting
_MAX_PARTS = 10_000


def _multipart_fields(body: bytes, content_type: str) -> dict[str, Any]:
    """Field name -> text (a list for a repeated name); a file part stands as its file name.

    Every part is text on the wire, so a schema's string field takes whatever a client put there
    ("null", "{}" and "5" included): coercion reads numbers and booleans back, as a server would.
    """
    try:
        pairs = forms.multipart(body, content_type, _MAX_PARTS)
    except ApiError as err:
        raise ValueError(err.message) from None
    return forms.flat([(name, value.filename if isinstance(value, Upload) else value) for name, value in pairs])
