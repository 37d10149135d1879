"""`soundspec fuzz NAME`: schemathesis against a live URL or the in-process mock, with a clear summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from ..config import ApiConfig, load_project
from ..errors import UsageError
from ..specs import load_spec
from .exchange import SpecIndex
from .fuzzrun import FuzzReport, auth_refusal, run_schema
from .harness import PHASES, CredentialError, FuzzSettings, hypothesis_home, scheme_auth
from .mockview import mock_view
from .preflight import check_names, reachable, writable_report
from .progress import FuzzProgress
from .targets import Target, credential_values, live_target, mock_target, operation_labels


def fuzz_api(
    api: ApiConfig,
    settings: FuzzSettings,
    url: str | None,
    credentials: list[str],
    announce: Callable[[str], Any],
    *,
    console: Console | None = None,
) -> tuple[FuzzReport, list[str]]:
    """Run schemathesis for one API; (report, every operation label). With `console`, progress goes there."""
    from . import logical  # noqa: F401 - registers the logical-status checks
    from .stschema import load_schema

    spec = load_spec(api.spec)
    index = SpecIndex(spec.model)
    given = credential_values(api.name, credentials, index.quirks)
    target: Target = live_target(url, given) if url else mock_target(api, index.base_path, index.quirks, given)
    try:
        auth = scheme_auth(index.model, target.credentials)
    except CredentialError as err:
        raise UsageError(str(err)) from None
    # a live mock of ours is tested as it declares itself, as in-process: the values it refuses on purpose
    mock = not target.live
    if target.live:  # after the other input is checked: each bad input is its own one line
        served = reachable(target.base_url)
        if served is not None and served != api.name:
            raise UsageError(f"--url {url} serves the soundspec mock of {served}, not of {api.name}")
        mock = served == api.name
    data = mock_view(spec.data) if mock else spec.data
    schema = load_schema(data, settings, auth, base_url=target.base_url, app=target.app, sanitize=target.live)
    where = f"{url} (a soundspec mock)" if url and mock else url or "the built-in mock (in-process)"
    announce(f"{api.name}: fuzzing {where} with seed {settings.seed}")
    refused = auth_refusal(index)
    labels = operation_labels(spec.model)
    progress = FuzzProgress(console, len(labels)) if console is not None else None
    try:
        report = run_schema(schema, workers=settings.workers, refused=refused, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    return report, labels


def replay_command(name: str, settings: FuzzSettings, url: str | None) -> str:
    parts = [f"soundspec fuzz {name}", f"--seed {settings.seed}", f"--max-examples {settings.max_examples}"]
    if url:
        parts.append(f"--url {url}")
    if settings.phases != PHASES:
        parts.append(f"--phases {','.join(settings.phases)}")
    parts += [f"--check {c}" for c in settings.checks]
    return " ".join(parts)


def fuzz_cli(
    name: str,
    *,
    url: str | None,
    max_examples: int,
    seed: int,
    workers: int,
    junit: Path | None,
    credentials: list[str],
    checks: list[str],
    phases: str,
) -> int:
    project = load_project()
    (api,) = project.select([name])
    hypothesis_home(project.root)
    chosen = tuple(p.strip() for p in phases.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PHASES]
    if unknown or not chosen:
        raise UsageError(f"--phases takes {', '.join(PHASES)}; got {phases!r}")
    settings = FuzzSettings(max_examples=max_examples, seed=seed, workers=workers, checks=tuple(checks), phases=chosen)
    check_names(settings.checks)
    if junit is not None:
        writable_report(junit)
    console = Console(stderr=True)
    report, labels = fuzz_api(api, settings, url, credentials, lambda line: typer.echo(line, err=True), console=console)
    from .report import auth_warning, summary, write_junit

    typer.echo(summary(name, report, all_operations=labels, replay=replay_command(name, settings, url)))
    warning = auth_warning(name, report, load_spec(api.spec).data)
    if warning:
        typer.echo(warning, err=True)
    if junit is not None:
        try:
            write_junit(junit, name, report, labels)
        except OSError as err:
            raise UsageError(f"{junit}: cannot write the JUnit report: {err}") from None
        typer.echo(f"JUnit report: {junit}", err=True)
    return 0 if report.ok else 1
