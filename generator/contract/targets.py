"""What the contract tools run against: a live URL, or the built-in mock in-process, and its credentials."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..apimodel import Api
from ..config import ApiConfig
from ..errors import UsageError
from ..quirks import Quirks

MOCK_PORT = 8000  # `soundspec mock`'s default: curl lines of a mock run replay against it


@dataclass(frozen=True)
class Target:
    base_url: str
    app: Any  # an ASGI app served in-process, or None for a live server
    credentials: dict[str, str]  # x-soundspec-auth argument -> value
    live: bool


def credential_values(api: str, given: list[str], quirks: Quirks) -> dict[str, str]:
    """ARGUMENT=VALUE options, then SOUNDSPEC_<API>_<ARGUMENT> from the environment."""
    values: dict[str, str] = {}
    for argument in (c.argument for c in quirks.auth.credentials) if quirks.auth else ():
        env = os.environ.get(f"SOUNDSPEC_{api}_{argument}".upper())
        if env:
            values[argument] = env
    for item in given:
        argument, sep, value = item.partition("=")
        if not sep or not argument or not value:
            raise UsageError(f"--credential wants ARGUMENT=VALUE, got {item!r}")
        values[argument] = value
    return values


def mock_credentials(quirks: Quirks) -> dict[str, str]:
    """A value per credential argument, given to the mock as valid and to the fuzzer to send."""
    return {c.argument: f"soundspec-fuzz-{c.argument}" for c in (quirks.auth.credentials if quirks.auth else ())}


def mock_target(
    api: ApiConfig, base_path: str, quirks: Quirks, extra: dict[str, str] | None = None, replay: Path | None = None
) -> Target:
    """The API's mock as an in-process ASGI app that accepts our fuzz credentials (and `extra` ones),
    answering from the recordings in `replay` where one matches."""
    from ..mock import MockOptions, create_app

    credentials = mock_credentials(quirks) | (extra or {})
    options = MockOptions(credentials={k: (v,) for k, v in credentials.items()}, replay=replay)
    app = create_app(api.name, api.spec, options)
    return Target(f"http://127.0.0.1:{MOCK_PORT}{base_path}", app, credentials, live=False)


def live_target(url: str, credentials: dict[str, str]) -> Target:
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"--url wants an http(s) URL, got {url!r}")
    return Target(url.rstrip("/"), None, credentials, live=True)


def operation_labels(api: Api) -> list[str]:
    """`GET /sounds/{sound_id}/`, as schemathesis labels operations, in document order."""
    return [f"{op.method.upper()} {op.path}" for op in api.operations]
