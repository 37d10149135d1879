"""Check recorded responses against the response schema of the operation that produced them.

The recording format (a body file plus a `.exchange.yaml` sidecar) is documented in
docs/recordings.md. Each mismatch names the JSON pointer into the body and the schema keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..jsonschemas import SpecSchemas
from ..quirks import Quirks
from ..refs import DanglingRef, iter_operations, resolve_pointer
from ..specs import LoadedSpec, load_spec
from ..yamlsource import YamlSyntaxError, join, load_text
from .bodies import BodyError, coerce, decode_body, is_structured

SIDECAR = ".exchange.yaml"
_PARAM = re.compile(r"\{[^}/]+\}")


@dataclass(frozen=True)
class Recording:
    sidecar: Path
    body: Path
    method: str
    path: str
    status: int
    media_type: str
    meta: dict[str, Any]


@dataclass(frozen=True, order=True)
class RecordingFinding:
    recording: Path
    pointer: str
    keyword: str
    message: str

    def __str__(self) -> str:
        return f"{self.recording}: {self.pointer or '/'}: {self.keyword}: {self.message}"


_MEDIA_BY_EXT = {".json": "application/json", ".xml": "text/xml", ".yaml": "application/x-yaml", ".txt": "text/plain"}


def find_sidecars(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.rglob(f"*{SIDECAR}"))
        elif path.name.endswith(SIDECAR):
            found.append(path)
        elif path.with_name(path.stem + SIDECAR).is_file():
            found.append(path.with_name(path.stem + SIDECAR))
        else:
            raise UsageError(f"{path}: not a recording (no {SIDECAR} sidecar beside it)")
    return found


def load_recording(sidecar: Path) -> Recording:
    try:
        meta, _ = load_text(sidecar.read_text(encoding="utf-8"))
    except (OSError, YamlSyntaxError) as err:
        raise UsageError(f"{sidecar}: cannot read recording sidecar: {err}") from None
    if not isinstance(meta, dict) or not {"method", "path", "status"} <= set(meta):
        raise UsageError(f"{sidecar}: a sidecar needs method, path and status")
    stem = sidecar.name[: -len(SIDECAR)]
    bodies = sorted(p for p in sidecar.parent.glob(f"{stem}.*") if p != sidecar)
    if not bodies:
        raise UsageError(f"{sidecar}: no body file {stem}.<ext> beside it")
    body = bodies[0]
    media = str(meta.get("media-type") or _MEDIA_BY_EXT.get(body.suffix, "application/octet-stream"))
    return Recording(sidecar, body, str(meta["method"]).lower(), str(meta["path"]), int(meta["status"]), media, meta)


def _template_regex(template: str) -> re.Pattern[str]:
    literal_parts = _PARAM.split(template.rstrip("/"))
    return re.compile("^" + "[^/]+".join(re.escape(p) for p in literal_parts) + "/?$")


def match_operation(spec: dict[str, Any], quirks: Quirks, method: str, path: str) -> tuple[str, str] | None:
    """(path template, operation pointer) of the operation serving `method path`."""
    path = path.split("?", 1)[0]
    if quirks.formats is not None and any(s.by == "suffix" for s in quirks.formats.selection):
        for name in quirks.formats.formats:
            if path.rstrip("/").endswith("." + name):
                path = path.rstrip("/")[: -len(name) - 1]
                break
    # literal segments win over templated ones (/sounds/search/ before /sounds/{id}/)
    candidates = sorted(iter_operations(spec), key=lambda o: (o[0].count("{"), -len(o[0])))
    for template, op_method, _, pointer in candidates:
        if op_method == method and _template_regex(template).match(path):
            return template, pointer
    return None


def response_schema_pointer(spec: dict[str, Any], op_pointer: str, status: int, media: str) -> str | None:
    """Pointer to the schema of the response `status` in `media` (JSON first), or None."""
    responses_pointer = join(op_pointer, "responses")
    responses = resolve_pointer(spec, "#" + responses_pointer)
    key = next((k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses), None)
    if key is None:
        raise LookupError(f"status {status} is not declared")
    pointer = join(responses_pointer, key)
    response = responses[key]
    while isinstance(response, dict) and "$ref" in response:
        pointer = response["$ref"][1:]
        response = resolve_pointer(spec, response["$ref"])
    content = response.get("content") or {}
    base = media.split(";", maxsplit=1)[0].strip()
    chosen = base if base in content else next((m for m in content if "json" in m), None)
    if chosen is None or "schema" not in content[chosen]:
        return None
    return join(pointer, "content", chosen, "schema")


def check_recording(spec: LoadedSpec, schemas: SpecSchemas, recording: Recording) -> list[RecordingFinding]:
    def finding(pointer: str, keyword: str, message: str) -> RecordingFinding:
        return RecordingFinding(recording.body, pointer, keyword, message)

    quirks = spec.quirks
    matched = match_operation(spec.data, quirks, recording.method, recording.path)
    if matched is None:
        return [finding("", "operation", f"no operation serves {recording.method.upper()} {recording.path}")]
    _, op_pointer = matched
    try:
        schema_pointer = response_schema_pointer(spec.data, op_pointer, recording.status, recording.media_type)
    except (LookupError, DanglingRef) as err:
        return [finding("", "status", str(err))]
    if schema_pointer is None:
        return []
    if not is_structured(recording.media_type, quirks):
        return []  # binary bodies (audio, zip) have no structure to check
    try:
        body = decode_body(recording.body.read_bytes(), recording.media_type, quirks)
    except BodyError as err:
        return [finding("", "decode", str(err))]
    if "json" not in recording.media_type:
        body = coerce(spec.data, {"$ref": "#" + schema_pointer}, body, quirks)
    return [finding(m.pointer, m.keyword, m.message) for m in schemas.mismatches(schema_pointer, body)]


def check_recordings(spec_path: Path, paths: Iterable[Path]) -> list[RecordingFinding]:
    """Every mismatch of every recording under `paths` against the spec at `spec_path`."""
    spec = load_spec(spec_path)
    schemas = SpecSchemas(spec.data, spec.quirks)
    findings: list[RecordingFinding] = []
    for sidecar in find_sidecars(paths):
        findings += check_recording(spec, schemas, load_recording(sidecar))
    return sorted(findings)
