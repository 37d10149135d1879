"""Save exchanges as recordings in the `check-recordings` format (docs/recordings.md).

Credentials never reach the disk: the values of credential parameters (those a security scheme
names in the query, OAuth's, any the caller adds) are written as `<redacted>` in the query, in a
redirect's Location and inside URLs in textual bodies, and so are the tokens of a token
endpoint's answer and any credential value the request carried, wherever the answer echoes it
(generator/contract/redact.py); only response headers worth keeping are kept.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from ..errors import UsageError
from ..recordings import SIDECAR
from .bodies import media_base
from .exchange import SpecIndex
from .redact import Redactor

KEPT_HEADERS = ("location", "content-type", "cache-control", "retry-after", "www-authenticate", "x-request-id")
_EXT = {"json": ".json", "xml": ".xml", "yaml": ".yaml", "javascript": ".txt"}


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str  # as the client sent it to the proxy: below the upstream base URL, no host
    query: dict[str, list[str]]
    status: int
    media_type: str
    headers: dict[str, str]
    body: bytes
    # what the request carried, for the credential values to redact wherever the answer echoes them
    request_headers: dict[str, str] = field(default_factory=dict)
    request_media_type: str = ""
    request_body: bytes = b""


def extension(media_type: str) -> str:
    base = media_base(media_type)
    for marker, ext in _EXT.items():
        if marker in base.rsplit("/", 1)[-1]:
            return ext
    return ".bin"


class Recorder:
    """Writes `<NNNN>-<method>-<path slug>.<ext>` and its sidecar into a folder."""

    def __init__(self, folder: Path, index: SpecIndex, extra_secrets: frozenset[str] = frozenset()) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise UsageError(f"{folder}: cannot create the recordings folder: {err}") from None
        self.folder = folder
        self.redactor = Redactor(index, extra_secrets)
        existing = [int(p.name[:4]) for p in folder.glob(f"*{SIDECAR}") if p.name[:4].isdigit()]
        self._numbers = itertools.count(max(existing, default=0) + 1)
        self._lock = threading.Lock()

    def _name(self, exchange: Exchange) -> str:
        with self._lock:
            number = next(self._numbers)
        slug = re.sub(r"[^A-Za-z0-9]+", "-", exchange.path).strip("-")[:60] or "root"
        return f"{number:04d}-{exchange.method.lower()}-{slug}"

    def _declared(self, exchange: Exchange) -> set[str]:
        """The headers the spec declares for this answer (a download's Content-Disposition): a replay needs them."""
        matched = self.redactor.index.match(exchange.method, exchange.path, exchange.query)
        response = matched.operation.response(exchange.status) if matched is not None else None
        return {str(name).lower() for name in (response.node.get("headers") or {})} if response is not None else set()

    def save(self, exchange: Exchange, upstream: str = "", *, source: str | None = None) -> Path:
        """Write the body and its sidecar; the sidecar's path.

        `source` says where a captured exchange came from (a HAR file's entry); else it was the proxy's."""
        name = self._name(exchange)
        body = self.folder / (name + extension(exchange.media_type))
        redact = self.redactor
        secrets = redact.secrets(
            exchange.query, exchange.request_headers, exchange.request_media_type, exchange.request_body
        )
        body.write_bytes(redact.body(exchange.method, exchange.path, exchange.media_type, exchange.body, secrets))
        meta: dict[str, Any] = {"method": exchange.method.upper(), "path": exchange.path.split("?", 1)[0]}
        if exchange.query:
            meta["query"] = redact.query(exchange.query, secrets)
        meta["status"] = exchange.status
        if exchange.media_type:
            meta["media-type"] = exchange.media_type
        keep = set(KEPT_HEADERS) | self._declared(exchange)
        kept = {
            k: redact.text(v, secrets=secrets) if k.lower() in ("location", "www-authenticate") else v
            for k, v in exchange.headers.items()
            if k.lower() in keep and k.lower() != "content-type"
        }
        if kept:
            meta["headers"] = kept
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        meta["source"] = source or f"soundspec proxy, upstream {upstream}, {stamp}"
        meta["kind"] = "captured" if source else "proxy"
        sidecar = self.folder / (name + SIDECAR)
        sidecar.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return sidecar
