"""Check mock responses against the spec's declared statuses, media types and schemas."""

from __future__ import annotations

from typing import Any

from generator.jsonschemas import SpecSchemas
from generator.mock import MockApp
from generator.refs import resolve_pointer
from generator.yamlsource import join


def schema_pointer(spec: dict[str, Any], op_pointer: str, status: int, media: str) -> str | None:
    """Pointer to the schema of response `status` in `media`; LookupError when either is undeclared."""
    responses_pointer = join(op_pointer, "responses")
    responses = resolve_pointer(spec, "#" + responses_pointer)
    key = next((k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses), None)
    if key is None:
        raise LookupError(f"status {status} is not declared")
    pointer, response = join(responses_pointer, key), responses[key]
    while "$ref" in response:
        pointer, response = response["$ref"][1:], resolve_pointer(spec, response["$ref"])
    content = response.get("content") or {}
    base = media.split(";", 1)[0].strip()
    if content and base not in content:
        raise LookupError(f"media type {base} is not declared for {status}")
    if base not in content or "schema" not in content[base]:
        return None
    return join(pointer, "content", base, "schema")


def problems(app: MockApp, op_id: str, status: int, media: str, body: bytes) -> list[str]:
    spec = app.api.spec
    op = app.api.by_id[op_id]
    try:
        pointer = schema_pointer(spec, op.pointer, status, media)
    except LookupError as err:
        return [str(err)]
    if pointer is None or "json" not in media:
        return []
    import json

    schemas = SpecSchemas(spec, app.api.quirks)
    return [f"{m.pointer}: {m.keyword}: {m.message}" for m in schemas.mismatches(pointer, json.loads(body))]
