"""Recorded responses (specs/recordings/<api>/) shown under the response they exemplify.

The sidecar format is docs/recordings.md. Only what the page shows is read here (the checks
of a recording against its schema are `soundspec check-recordings`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ..errors import UsageError
from ..quirks import Quirks
from ..recordings import SIDECAR, Recording, SidecarError, load_recording
from .bodies import Recorded
from .jsonlayout import reindent
from .operations import Operation

MAX_LINES = 40
_TEXTUAL = ("json", "xml", "yaml", "text/", "javascript")


def _read(sidecar: Path) -> Recording:
    try:
        return load_recording(sidecar)
    except SidecarError as err:
        raise UsageError(f"{sidecar}: {err}") from None


def body_text(raw: bytes, media: str) -> str:
    """A recorded body as text, as it was sent; binary bodies are summarised, not shown.

    Only a JSON body sent on one line is laid out over several (its tokens as written), so that
    it reads and the line limit applies; anything else (JSONP, a body the server already laid
    out) is shown verbatim.
    """
    if not any(hint in media for hint in _TEXTUAL):
        return f"({len(raw)} bytes of {media})"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return f"({len(raw)} bytes of {media}, not UTF-8)"
    if "json" in media and "\n" not in text.strip():
        return reindent(text) or text
    return text


def _view(recording: Recording) -> Recorded:
    meta = recording.meta
    text = body_text(recording.body.read_bytes(), recording.media_type)
    lines = text.splitlines()
    query: Any = meta.get("query") or {}
    request = f"{str(meta['method']).upper()} {meta['path']}"
    if isinstance(query, dict) and query:
        request += "?" + urlencode({str(k): str(v) for k, v in query.items()}, safe="<>[]")
    return Recorded(
        name=recording.sidecar.name.removesuffix(SIDECAR),
        path=str(meta["path"]),
        request=request,
        status=int(meta["status"]),
        media_type=recording.media_type,
        kind=str(meta.get("kind") or "recorded"),
        source=" ".join(str(meta.get("source") or "").split()),
        notes=" ".join(str(meta.get("notes") or "").split()),
        text="\n".join(lines[:MAX_LINES]),
        truncated=max(0, len(lines) - MAX_LINES),
    )


def path_values(template: str, path: str, suffixes: tuple[str, ...] = ()) -> dict[str, str] | None:
    """`/sounds/{sound_id}/` and `/sounds/18763/` -> {"sound_id": "18763"}; None when it does not match.

    A trailing slash and a format suffix (`/tracks/1.json`) are allowed either way.
    """
    names = re.findall(r"\{([^}/]+)\}", template)
    pattern = re.escape(template.rstrip("/"))
    for name in names:
        pattern = pattern.replace(re.escape("{" + name + "}"), "([^/]+?)")
    suffix = "(?:" + "|".join(re.escape("." + s) for s in suffixes) + ")?" if suffixes else ""
    match = re.fullmatch(pattern + suffix + "/?", path.split("?", 1)[0])
    return dict(zip(names, match.groups(), strict=True)) if match else None


def attach_recordings(folder: Path, quirks: Quirks, operations: list[Operation]) -> None:
    """Put each recording under the response of the operation that produced it (sorted by name)."""
    if not folder.is_dir():
        return
    suffixes = tuple(quirks.formats.formats) if quirks.formats else ()
    # literal segments win over templated ones (/sounds/search/ before /sounds/{id}/)
    # and on one path, the operations a dispatch value names over the one without
    routes = sorted(operations, key=lambda op: (op.path.count("{"), -len(op.path), op.dispatch is None))
    for sidecar in sorted(folder.rglob(f"*{SIDECAR}")):
        recording = _read(sidecar)
        method, path = recording.method.upper(), recording.path
        query, form = recording.meta.get("query") or {}, recording.meta.get("form") or {}
        op = _serving(routes, method, path, query, form, suffixes=suffixes)
        if op is None and method == "POST" and form and quirks.post_reads:
            op = _serving(routes, "GET", path, form, {}, suffixes=suffixes)  # the GET the server took the form for
        if op is None:
            continue  # `soundspec check-recordings` reports recordings no operation serves
        status = str(recording.meta["status"])
        keys = (status, f"{status[0]}XX", "default")
        response = next((r for key in keys for r in op.responses if r.status.upper() == key), None)
        if response is not None:
            response.recordings.append(_view(recording))


def _serving(
    routes: list[Operation],
    method: str,
    path: str,
    query: dict[str, Any],
    form: dict[str, Any],
    *,
    suffixes: tuple[str, ...],
) -> Operation | None:
    """The first of `routes` that serves the request, its dispatch value read as the server read it."""
    for op in routes:
        if op.method != method or path_values(op.path, path, suffixes) is None:
            continue
        rule = op.dispatch_rule
        if rule is None or rule.matches(str((form if rule.location == "form" else query).get(rule.param))):
            return op
    return None


def use_recorded_path_values(operations: list[Operation]) -> None:
    """Give path parameters without an example the value a successful recording used for that name.

    A value seen in any operation's recording counts (`track_id` of GET /tracks/{track_id} serves
    /tracks/{track_id}/comments too): those are ids that really existed. Error recordings are
    left out, since their ids are the missing ones.
    """
    seen: dict[str, str] = {}
    for op in sorted(operations, key=lambda o: o.path):
        for response in op.responses:
            for recorded in sorted(response.recordings, key=lambda r: r.name):
                if recorded.status < 400:
                    for name, value in (path_values(op.path, recorded.path) or {}).items():
                        seen.setdefault(name, value)
    for op in operations:
        for param in op.params:
            if param.location == "path" and not param.has_example and param.name in seen:
                value = seen[param.name]
                integer = value.isdigit() and param.schema.get("type") == "integer"
                param.example, param.has_example = int(value) if integer else value, True
                param.row.example = json.dumps(param.example)
