"""Schemathesis set up for one API: its configuration, credentials per scheme, formats, deserializers.

Everything API-specific comes from the spec and its quirks: credentials go to the security schemes
named by `x-soundspec-auth` (schemathesis' per-scheme `auth.openapi`, never generated junk),
the named datetime formats of `x-soundspec-dates` get strategies, and responses in the API's XML
dialect, YAML or JSONP are decoded (and XML coerced) exactly as `check-recordings` decodes them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from ..apimodel import Api, build_api
from ..freshness import cache_dir
from ..quirks import DateFormat, load_quirks
from .bodies import decode_against
from .exchange import Matched, SpecIndex

PHASES = ("examples", "coverage", "fuzzing", "stateful")


@dataclass(frozen=True)
class FuzzSettings:
    max_examples: int = 25
    seed: int = 1
    workers: int = 1
    checks: tuple[str, ...] = ()  # only these; all (built-in and ours) when empty
    exclude_checks: tuple[str, ...] = ()
    phases: tuple[str, ...] = PHASES
    mode: str = "all"  # positive | negative | all
    stateful_steps: int = 12
    request_timeout: float = 10.0
    extra: dict[str, Any] = field(default_factory=dict)  # raw schemathesis config keys, merged last


def hypothesis_home(root: Path) -> Path:
    """Keep hypothesis' files (its cache of the constants it saw) in the project's cache folder.

    Left alone, hypothesis writes `.hypothesis/` into whatever folder the command ran in.
    """
    from hypothesis.configuration import set_hypothesis_home_dir

    home = cache_dir(root) / "hypothesis"
    set_hypothesis_home_dir(home)
    return home


class CredentialError(ValueError):
    """No security scheme of the spec can carry the credentials given."""


def scheme_auth(api: Api, values: dict[str, str]) -> dict[str, dict[str, str]]:
    """Schemathesis' `auth.openapi` table: security scheme -> its credential, from constructor arguments.

    `values` maps `x-soundspec-auth` credential arguments (api_key, client_id, access_token) to
    secrets. Every placement of an argument whose scheme schemathesis can fill (apiKey anywhere,
    http bearer/basic) is configured; `Authorization: OAuth <token>` is not one of them, so for
    such a credential the apiKey placement (oauth_token in the query) carries it.
    """
    quirks, schemes = api.quirks, api.security_schemes
    table: dict[str, dict[str, str]] = {}
    for credential in quirks.auth.credentials if quirks.auth is not None else ():
        value = values.get(credential.argument)
        if not value:
            continue
        usable = 0
        for scheme_name in credential.schemes.values():
            scheme = schemes.get(scheme_name) or {}
            if scheme.get("type") == "apiKey":
                table[scheme_name] = {"api_key": value}
            elif scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
                table[scheme_name] = {"bearer": value}
            else:
                continue
            usable += 1
        if not usable:
            raise CredentialError(f"no security scheme schemathesis can fill carries {credential.argument}")
    problem = quirks.credential_problem(values)
    if problem:
        raise CredentialError(problem)
    return table


def config_dict(settings: FuzzSettings, auth: dict[str, dict[str, str]], base_url: str) -> dict[str, Any]:
    checks: dict[str, Any] = {"enabled": not settings.checks}
    for name in settings.checks:
        checks[name] = {"enabled": True}
    for name in settings.exclude_checks:
        checks[name] = {"enabled": False}
    phases: dict[str, Any] = {name: {"enabled": name in settings.phases} for name in PHASES}
    phases["stateful"]["max-steps"] = settings.stateful_steps
    config: dict[str, Any] = {
        "seed": settings.seed,
        "base-url": base_url,
        "workers": settings.workers,
        "request-timeout": settings.request_timeout,
        "generation": {"max-examples": settings.max_examples, "mode": settings.mode, "database": "none"},
        "checks": checks,
        "phases": phases,
        "warnings": False,
        # no state carried between runs: the same seed must replay the same run, and nothing is written
        "cache": {"enabled": False},
    }
    if auth:
        config["auth"] = {"openapi": auth}
    return _merge(config, settings.extra)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def date_strategy(fmt: DateFormat) -> st.SearchStrategy[str]:
    """Valid values of a named datetime format, rendered in its canonical (first) form."""
    moments = st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2016, 12, 31))
    return moments.map(lambda moment: moment.replace(tzinfo=UTC).strftime(fmt.parse[0]))


_INDEXES: dict[int, tuple[dict[str, Any], SpecIndex]] = {}


def index_of(raw_schema: dict[str, Any]) -> SpecIndex:
    """One SpecIndex per loaded document (schemathesis hands deserializers the raw document)."""
    found = _INDEXES.get(id(raw_schema))
    if found is None or found[0] is not raw_schema:
        found = (raw_schema, SpecIndex(build_api(raw_schema, load_quirks(raw_schema))))
        _INDEXES[id(raw_schema)] = found
    return found[1]


def decode_response(raw_schema: dict[str, Any], path: str, method: str, *, status: int, media: str, body: bytes) -> Any:
    """A response body as schemathesis should validate it: decoded (JSONP, XML, YAML) and coerced."""
    index = index_of(raw_schema)
    schema_pointer, _ = index.response_schema(Matched(index.operation(method, path), {}), status, media)
    schema = {"$ref": "#" + schema_pointer} if schema_pointer else {}
    return decode_against(index.spec, schema, body, media, index.quirks)
