"""Answer requests from recordings, byte for byte, as VCR.py and WireMock's playback do.

A recording (docs/recordings.md: `soundspec proxy --record`, `soundspec import-har`, or written
by hand) answers a request with the same method, path and query: its status, the headers it kept
and its body file, as they are. Credentials do not count in the match, as the recorder wrote them
`<redacted>`: a credential parameter (`credential_parameters`) may be there or not and hold
anything, and any other parameter recorded as `<redacted>` (or with `<redacted>` inside its value)
holds anything. Several recordings of one request answer in turn, the last one again and again.

Where the answer echoed a credential parameter (a `next_href` or a `Location` keeping the
`client_id`), the recording holds `name=<redacted>`: the replay writes back the value the request
carries for that parameter, as the server echoed it, so that the links work and the answer is the
live one, byte for byte, for the same credentials. Anything else stays as recorded.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from ..apimodel import Api
from ..errors import UsageError
from ..recordings import REDACTED, SidecarError, credential_parameters, find_sidecars, load_recording

Head = list[tuple[bytes, bytes]]
NEAREST = 3  # recordings a strict refusal names


@dataclass(frozen=True)
class Recorded:
    name: str  # the sidecar's file name, as a refusal names it
    method: str  # upper case
    path: str  # below the API's base path, decoded
    query: tuple[tuple[str, str], ...]  # sorted, credentials left out
    status: int
    head: Head
    body: bytes

    @property
    def label(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.query)
        return f"{self.method} {self.path}{'?' + query if query else ''}"


class Replay:
    """The recordings of a folder, found by request."""

    def __init__(self, folder: Path, api: Api, prefix: str) -> None:
        if not folder.is_dir():
            raise UsageError(f"--replay {folder}: no such folder of recordings")
        self.prefix = prefix
        self.secret = credential_parameters(api)
        self.recorded = [self._load(sidecar) for sidecar in find_sidecars([folder])]
        if not self.recorded:
            raise UsageError(f"--replay {folder}: no recordings (*.exchange.yaml) in it")
        self._served: Counter[int] = Counter()
        self.hits = 0  # answers replayed

    def _load(self, sidecar: Path) -> Recorded:
        try:
            recording = load_recording(sidecar)
            body = recording.body.read_bytes()
        except (SidecarError, OSError) as err:
            raise UsageError(f"{sidecar}: {err}") from None
        meta = recording.meta
        pairs = []
        for name, value in (meta.get("query") or {}).items():
            for one in value if isinstance(value, list) else [value]:
                pairs.append((str(name), "" if one is None else _text(one)))
        # the Content-Type first, as the recorder took it from the answer; then the headers it kept
        head: Head = [(b"content-type", recording.media_type.encode("latin-1"))] if recording.media_type else []
        for name, value in (meta.get("headers") or {}).items():
            if str(name).lower() not in ("content-type", "content-length"):
                head.append((str(name).lower().encode("latin-1"), str(value).encode("latin-1")))
        return Recorded(
            sidecar.name, recording.method.upper(), self._inside(unquote(recording.path)), self._matchable(pairs),
            recording.status, head, body,
        )  # fmt: skip

    def _inside(self, path: str) -> str:
        """A path below the API's base path: recordings hold it with or without (`/api/sounds/` or `/sounds/`)."""
        if self.prefix and (path == self.prefix or path.startswith(self.prefix + "/")):
            return path[len(self.prefix) :] or "/"
        return path

    def _matchable(self, pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, v) for k, v in pairs if k not in self.secret))

    def find(self, method: str, raw_path: str, query: dict[str, list[str]]) -> tuple[int, Head, bytes] | None:
        """The answer recorded for this request, or None."""
        path = self._inside(unquote(raw_path))
        asked = self._matchable((k, v) for k, vs in query.items() for v in vs)
        found = [
            i for i, r in enumerate(self.recorded) if r.method == method and r.path == path and _same(r.query, asked)
        ]
        if not found:
            return None
        # the recordings of one request answer in turn; the last one keeps answering
        turn = min(self._served[found[0]], len(found) - 1)
        self._served[found[0]] += 1
        chosen = self.recorded[found[turn]]
        self.hits += 1
        carried = {name: values[-1] for name, values in query.items() if name in self.secret and values}
        if not carried:
            return chosen.status, list(chosen.head), chosen.body
        head = [(name, _restore(value, carried)) for name, value in chosen.head]
        return chosen.status, head, _restore(chosen.body, carried)

    def label(self, method: str, raw_path: str, query: dict[str, list[str]]) -> str:
        """A request as the recordings are compared with it: `GET /tracks?q=x` (credentials left out)."""
        pairs = self._matchable((k, v) for k, vs in query.items() for v in vs)
        return Recorded("", method, self._inside(unquote(raw_path)), pairs, 0, [], b"").label

    def nearest(self, method: str, raw_path: str, query: dict[str, list[str]]) -> str:
        """The recordings closest to a request, for the refusal of one that matches none."""
        path = self._inside(unquote(raw_path))
        label = self.label(method, raw_path, query)

        def closeness(r: Recorded) -> tuple[bool, bool, float]:
            return (r.method == method, r.path == path, difflib.SequenceMatcher(None, r.label, label).ratio())

        ranked = sorted(self.recorded, key=closeness, reverse=True)[:NEAREST]
        return "; ".join(f"{r.label} ({r.name})" for r in ranked)

    def reset(self) -> None:
        self._served.clear()


_MARKERS = (REDACTED.encode(), REDACTED.replace("<", "&lt;").replace(">", "&gt;").encode())


def _restore(data: bytes, carried: dict[str, str]) -> bytes:
    """`data` with each `name=<redacted>` of a credential parameter the request carries given its value back."""
    if b"redacted" not in data:
        return data
    for name, value in carried.items():
        echoed = quote(value, safe="-._~").encode()
        for marker in _MARKERS:
            for joint in (b"=", b"%3D", b"%3d", b"\\u003d", b"\\u003D"):
                data = data.replace(name.encode() + joint + marker, name.encode() + joint + echoed)
    return data


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _same(recorded: tuple[tuple[str, str], ...], asked: tuple[tuple[str, str], ...]) -> bool:
    """The same parameters, a recorded `<redacted>` (whole or inside a value) matching any value."""
    if recorded == asked:
        return True
    if len(recorded) != len(asked):
        return False
    left = list(asked)
    # plain values first: a redacted one must not take the value a plain one needs
    for name, value in sorted(recorded, key=lambda kv: REDACTED in kv[1]):
        match = next((i for i, (k, v) in enumerate(left) if k == name and _fits(value, v)), None)
        if match is None:
            return False
        del left[match]
    return True


def _fits(recorded: str, value: str) -> bool:
    """Whether `value` is `recorded` with something in place of each `<redacted>`."""
    if REDACTED not in recorded:
        return value == recorded
    parts = recorded.split(REDACTED)
    if not value.startswith(parts[0]) or not value.endswith(parts[-1]):
        return False
    at = len(parts[0])
    for part in parts[1:-1]:
        at = value.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return at <= len(value) - len(parts[-1])
