"""What `fuzz` checks before a run, so that bad input costs one line and no run: check names, the
report's path, whether a live URL answers at all."""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from ..errors import UsageError
from ..mock import MOCK_HEADER


def known_checks() -> list[str]:
    """Every check schemathesis knows, ours included (registered when our modules are imported)."""
    from schemathesis.checks import CHECKS

    from . import logical, stglue, wirecheck  # noqa: F401 - their checks register on import

    return sorted(CHECKS.get_all_names())


def check_names(names: tuple[str, ...]) -> None:
    known = known_checks()
    unknown = [name for name in names if name not in known]
    if unknown:
        raise UsageError(f"--check: no such check {', '.join(unknown)} (known: {', '.join(known)})")


def writable_report(path: Path) -> None:
    """Refuse a report path that cannot be written, before the run rather than after it."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"{path}: cannot write the JUnit report: {err.strerror or err}") from None
    if path.is_dir() or not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"{path}: cannot write the JUnit report: not a writable file")


def reachable(url: str, timeout: float = 10.0) -> str | None:
    """One request to a live URL: any HTTP answer will do; none is one line, not a failure per operation.

    The API whose soundspec mock answered (its `X-Soundspec-Mock` header), None for any other server."""
    try:
        answer = httpx.request("HEAD", url, timeout=timeout, follow_redirects=False)
    except httpx.TransportError as err:
        raise UsageError(f"--url {url}: cannot reach it ({type(err).__name__}: {err or 'no answer'})") from None
    served: str | None = answer.headers.get(MOCK_HEADER)
    return served
