"""Run schemathesis' engine on a loaded schema and gather what the summary needs.

Operations and cases are counted from the engine's own scenario records; a failure is kept once
per (check, operation, failure) with the code sample (a curl command) schemathesis made for it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from schemathesis.engine import events, from_schema

from .astlock import serialized_ast_parse
from .bodies import BodyError, decode_against
from .determinism import reproducible
from .exchange import SpecIndex


@dataclass(frozen=True)
class FoundFailure:
    check: str
    operation: str
    title: str
    message: str
    reproduce: str  # a curl command, or the steps of a stateful scenario
    phase: str
    status: int | None = None  # what the server answered the failing case (None: no answer)
    body: str = ""  # the start of that answer's body, on one line


@dataclass
class FuzzReport:
    operations_total: int
    operations: set[str] = field(default_factory=set)  # operations that got at least one checked case
    cases: int = 0
    cases_by_phase: Counter[str] = field(default_factory=Counter)
    failures: list[FoundFailure] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (operation or phase, message)
    seconds: float = 0.0
    stop_reason: str = ""
    # stateful steps that followed one of the spec's links, by link ("GET /a -> [200] name -> GET /b")
    links_followed: Counter[str] = field(default_factory=Counter)
    answers: int = 0  # responses received
    auth_refusals: int = 0  # of them, refusals of the credentials (401, 403 or the API's own auth failure)

    @property
    def ok(self) -> bool:
        """No failure, no error, and something was checked: a run that exercised nothing passes nothing."""
        return not self.failures and not self.errors and bool(self.operations)

    def by_check(self) -> Counter[str]:
        return Counter(f.check for f in self.failures)

    @property
    def untested(self) -> int:
        return self.operations_total - len(self.operations)


def _reproduction(info: Any) -> str:
    steps = getattr(info, "steps", None) or []
    if len(steps) > 1:
        return "\n".join(f"{i}. {step.curl}" for i, step in enumerate(steps, 1))
    return str(info.code_sample or "")


EXCERPT = 200  # characters of a failing answer's body the summary shows


def excerpt(body: bytes) -> str:
    """The start of a body on one line: text as it reads, binary as the bytes it holds."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return f"<{len(body)} bytes: {body[:48]!r}>"
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT] + f"... ({len(body)} bytes)"


Refusal = Callable[[int, str, bytes], bool]  # whether an answer (status, media type, body) refuses the credentials


def auth_refusal(index: SpecIndex) -> Refusal:
    """HTTP 401 and 403, and the API's own answers to missing or refused credentials (`x-soundspec-auth`),
    read in whatever format they came (JSONP, XML: decoded against the API's error schema)."""
    quirks = index.quirks
    failures = quirks.auth.failures.values() if quirks.auth else ()
    known = [(failure.status, failure.body) for failure in failures]
    schema = {"$ref": quirks.errors.schema} if quirks.errors is not None else {}

    def refuses(status: int, media_type: str, body: bytes) -> bool:
        if status in (401, 403):
            return True
        if status not in {code for code, _ in known}:
            return False
        try:
            data = decode_against(index.spec, schema, body, media_type, quirks)
        except (BodyError, RecursionError):
            return False
        return any(status == code and data == expected for code, expected in known)

    return refuses


def _answers(report: FuzzReport, recorder: Any, refused: Refusal | None) -> None:
    for interaction in recorder.interactions.values():
        response = interaction.response
        if response is None:
            continue
        report.answers += 1
        media = next(iter(response.headers.get("content-type") or [""]), "")
        if refused is not None and refused(response.status_code, media, response.content or b""):
            report.auth_refusals += 1


def _scenario(report: FuzzReport, recorder: Any, phase: str, seen: set[tuple[str, str, Any]]) -> None:
    report.cases += len(recorder.cases)
    report.cases_by_phase[phase] += len(recorder.cases)
    for case_id, node in recorder.cases.items():
        transition = node.transition
        if transition is not None and node.is_transition_applied and not transition.is_inferred:
            report.links_followed[transition.id] += 1
        checks = recorder.checks.get(case_id, [])
        interaction = recorder.interactions.get(case_id)
        response = interaction.response if interaction is not None else None
        if checks:
            report.operations.add(node.value.operation.label)
        for check in checks:
            info = check.failure_info
            if info is None:
                continue
            failure = info.failure
            key = (check.name, node.value.operation.label, failure)
            if key in seen:
                continue
            seen.add(key)
            report.failures.append(
                FoundFailure(
                    check=check.name,
                    operation=node.value.operation.label,
                    title=str(failure.title),
                    message=str(failure.message).strip(),
                    reproduce=_reproduction(info),
                    phase=phase,
                    status=response.status_code if response is not None else None,
                    body=excerpt(response.content or b"") if response is not None else "",
                )
            )


def run_schema(
    schema: Any, *, workers: int = 1, refused: Refusal | None = None, progress: Callable[[Any], None] | None = None
) -> FuzzReport:
    """Every enabled phase of schemathesis on `schema` (run by `workers` threads); never raises for the API.

    `refused` tells an answer that refuses the credentials, counted for the summary's warning;
    `progress` sees every engine event as it comes (generator/contract/progress.py).
    """
    report = FuzzReport(operations_total=schema.statistic.operations.selected if hasattr(schema, "statistic") else 0)
    seen: set[tuple[str, str, Any]] = set()
    started = time.perf_counter()
    with reproducible(), serialized_ast_parse(workers):
        for event in from_schema(schema).execute():
            if progress is not None:
                progress(event)
            _record(report, event, seen)
            if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
                _answers(report, event.recorder, refused)
    report.seconds = time.perf_counter() - started
    return report


def _record(report: FuzzReport, event: Any, seen: set[tuple[str, str, Any]]) -> None:
    if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
        _scenario(report, event.recorder, str(getattr(event, "phase", "fuzzing")), seen)
    elif isinstance(event, events.NonFatalError):
        report.errors.append((event.label, event.info.format(base_url_is_set=True).strip()))
    elif isinstance(event, events.FatalError):
        report.errors.append(("engine", f"{type(event.exception).__name__}: {event.exception}"))
    elif isinstance(event, events.EngineFinished):
        report.stop_reason = str(event.stop_reason)
        for failure in event.failures:
            report.failures.append(FoundFailure("run", "(whole run)", str(failure.title), failure.message, "", "run"))
