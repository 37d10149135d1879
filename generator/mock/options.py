"""How one mock server is configured: seed, dataset, credentials, limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    """Bounds on what a request may carry; past them the mock answers an error, never buffers."""

    query_bytes: int = 8 * 1024
    body_bytes: int = 1024 * 1024
    upload_bytes: int = 16 * 1024 * 1024
    form_fields: int = 200
    header_bytes: int = 16 * 1024
    nesting: int = 32  # levels of a JSON body or of a form name's brackets (`a[b][c]`)


@dataclass(frozen=True)
class MockOptions:
    seed: int = 1
    data: Path | None = None  # a user's own dataset (docs/mock.md); generated when None
    docs: Path | None = None  # folder holding <api>.html, served at /docs
    # credential argument (x-soundspec-auth) -> extra values the mock accepts besides its defaults
    credentials: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # URLs in responses: "mock" (the mock's own base URL), "public" (the real service's host),
    # "auto" (mock, unless the spec's URL patterns pin the real host)
    urls: str = "auto"
    limits: Limits = field(default_factory=Limits)
    replay: Path | None = None  # a folder of recordings answered byte for byte (replay.py)
    replay_strict: bool = False  # a request no recording answers is refused (404), not mocked
