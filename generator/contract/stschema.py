"""A schemathesis schema of one API, configured from its spec, ready for the engine or for checks."""

from __future__ import annotations

import copy
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import schemathesis

from ..apimodel import build_api
from ..quirks import Quirks, load_quirks
from . import logical, wirecheck
from .exchange import SpecIndex
from .harness import FuzzSettings, config_dict
from .stglue import register, remember


def checks_plan(settings: FuzzSettings, quirks: Quirks) -> FuzzSettings:
    """Checks fitting the API: wire-aware variants always, logical-status ones where its errors need them."""
    swap = dict(wirecheck.REPLACED)
    unused = dict(logical.REPLACED)
    if logical.has_fixed_error_status(quirks):
        swap |= unused
        unused = {}
    checks = tuple(dict.fromkeys(swap.get(c, c) for c in settings.checks))
    excluded = (
        *settings.exclude_checks,
        *swap,
        *(swap[c] for c in settings.exclude_checks if c in swap),
        *unused.values(),
    )
    return replace(settings, checks=checks, exclude_checks=tuple(dict.fromkeys(excluded)))


def load_schema(
    spec: dict[str, Any],
    settings: FuzzSettings,
    auth: dict[str, dict[str, str]],
    *,
    base_url: str,
    app: Any = None,
    sanitize: bool = True,
) -> Any:
    """A schemathesis schema of `spec`, configured, with our registrations; in-process when `app` is given."""
    quirks = load_quirks(spec)
    register(quirks)
    raw = config_dict(checks_plan(settings, quirks), auth, base_url)
    if not sanitize:  # known test credentials: print them, so the curl lines replay as they are
        raw["output"] = {"sanitization": {"enabled": False}}
    config = schemathesis.Config.from_dict(raw)
    schema = schemathesis.openapi.from_dict(copy.deepcopy(spec), config=config)
    if app is not None:
        schema.app = app
    model = build_api(spec, quirks)
    _send_dispatched_to_their_path(schema, {op.path: op.wire_path for op in model.operations if op.dispatch})
    remember(schema, SpecIndex(model))
    return schema


def _send_dispatched_to_their_path(schema: Any, wire: dict[str, str]) -> None:
    """A dispatched operation's requests go to its shared path, not to the path key that names it.

    Its dispatch parameter, declared required with its one value (lint holds that), goes as generated.
    """
    if not wire:
        return
    build_url, build_template = schema.build_request_url, schema.build_url_template

    def on_wire(case: Any) -> Any:
        return SimpleNamespace(path=wire.get(case.path, case.path), path_parameters=case.path_parameters)

    schema.build_request_url = lambda case, base_url: build_url(on_wire(case), base_url)
    schema.build_url_template = lambda case, base_url: build_template(on_wire(case), base_url)
