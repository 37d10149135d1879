"""The recording format: a response body plus a `.exchange.yaml` sidecar (docs/recordings.md).

Reading recordings lives here, in the base, because the contract checks, the docs and the
proxy's recorder all read or write the same format.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .apimodel import HTTP_METHODS
from .errors import UsageError
from .yamlsource import YamlSyntaxError, load_text

SIDECAR = ".exchange.yaml"
REDACTED = "<redacted>"  # what a recording holds where a credential was (query, headers, body)
KNOWN = "known-differences"  # findings a recording is known to give, each with its reason
KNOWN_FIELDS = ("pointer", "keyword", "reason")
KINDS = ("recorded", "captured", "docs", "proxy")
MEDIA_BY_EXT = {
    ".json": "application/json",
    ".xml": "text/xml",
    ".yaml": "application/x-yaml",
    ".yml": "application/x-yaml",
    ".txt": "application/javascript",  # JSONP
    ".bin": "application/octet-stream",
}


@dataclass(frozen=True)
class Recording:
    sidecar: Path
    body: Path
    method: str
    path: str
    status: int
    media_type: str
    meta: dict[str, Any]


class SidecarError(ValueError):
    """The sidecar is not a recording's description."""


def find_sidecars(paths: Iterable[Path]) -> list[Path]:
    """The sidecars under `paths` (folders are searched, body files lead to their sidecar)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(path.rglob(f"*{SIDECAR}"))
        elif path.name.endswith(SIDECAR) and path.is_file():
            found.append(path)
        elif path.is_file() and path.with_name(path.stem + SIDECAR).is_file():
            found.append(path.with_name(path.stem + SIDECAR))
        elif path.exists():
            raise UsageError(f"{path}: not a recording (no {path.stem + SIDECAR} beside it)")
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(dict.fromkeys(found))


def _body_of(sidecar: Path) -> Path:
    stem = sidecar.name[: -len(SIDECAR)]
    # `tracks.json` belongs to tracks.exchange.yaml, `tracks.seed.json` does not
    bodies = sorted(
        p
        for p in sidecar.parent.glob(f"{stem}.*")
        if p != sidecar and "." not in p.name[len(stem) + 1 :] and p.is_file()
    )
    if not bodies:
        raise SidecarError(f"no body file {stem}.<ext> beside it")
    if len(bodies) > 1:
        raise SidecarError(f"several body files: {', '.join(p.name for p in bodies)}")
    return bodies[0]


def _meta(sidecar: Path) -> dict[str, Any]:
    try:
        meta, _ = load_text(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise SidecarError(f"cannot read: {err}") from None
    except YamlSyntaxError as err:
        raise SidecarError(f"line {err.line}: not YAML: {err}") from None
    if not isinstance(meta, dict):
        raise SidecarError("not a mapping")
    missing = [k for k in ("method", "path", "status", "source") if k not in meta]
    if missing:
        raise SidecarError(f"missing {', '.join(missing)} (a sidecar needs method, path, status and source)")
    if str(meta["method"]).lower() not in HTTP_METHODS:
        raise SidecarError(f"method {meta['method']!r} is not an HTTP method")
    if not str(meta["path"]).startswith("/"):
        raise SidecarError(f"path {meta['path']!r} must start with / (no scheme or host)")
    if isinstance(meta["status"], bool) or not isinstance(meta["status"], int) or not 100 <= meta["status"] <= 599:
        raise SidecarError(f"status {meta['status']!r} is not an HTTP status code")
    if "kind" in meta and meta["kind"] not in KINDS:
        raise SidecarError(f"kind {meta['kind']!r} is not one of {', '.join(KINDS)}")
    for key in ("query", "form", "headers"):
        if key in meta and not isinstance(meta[key], dict):
            raise SidecarError(f"{key} must be a mapping")
    known = meta.get(KNOWN, [])
    if not isinstance(known, list) or not all(
        isinstance(k, dict) and all(isinstance(k.get(f), str) for f in KNOWN_FIELDS) for k in known
    ):
        raise SidecarError(f"{KNOWN} must be a list of mappings with {', '.join(KNOWN_FIELDS)} (text)")
    return meta


def load_recording(sidecar: Path) -> Recording:
    """The recording described by `sidecar`; SidecarError when it does not describe one."""
    meta = _meta(sidecar)
    body = _body_of(sidecar)
    headers = {str(k).lower(): str(v) for k, v in (meta.get("headers") or {}).items()}
    media = meta.get("media-type") or headers.get("content-type") or MEDIA_BY_EXT.get(body.suffix.lower())
    media = str(media or "application/octet-stream")
    return Recording(sidecar, body, str(meta["method"]).lower(), str(meta["path"]), meta["status"], media, meta)
