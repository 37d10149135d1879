"""Run schemathesis' engine on a loaded schema and gather what the summary needs.

Operations and cases are counted from the engine's own scenario records; a failure is kept once
per (check, operation, failure) with the code sample (a curl command) schemathesis made for it.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from schemathesis.engine import events, from_schema

from .astlock import serialized_ast_parse
from .determinism import reproducible


@dataclass(frozen=True)
class FoundFailure:
    check: str
    operation: str
    title: str
    message: str
    reproduce: str  # a curl command, or the steps of a stateful scenario
    phase: str


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

    @property
    def ok(self) -> bool:
        return not self.failures and not self.errors

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


def _scenario(report: FuzzReport, recorder: Any, phase: str, seen: set[tuple[str, str, Any]]) -> None:
    report.cases += len(recorder.cases)
    report.cases_by_phase[phase] += len(recorder.cases)
    for case_id, node in recorder.cases.items():
        transition = node.transition
        if transition is not None and node.is_transition_applied and not transition.is_inferred:
            report.links_followed[transition.id] += 1
        checks = recorder.checks.get(case_id, [])
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
                )
            )


def run_schema(schema: Any, *, workers: int = 1) -> FuzzReport:
    """Every enabled phase of schemathesis on `schema` (run by `workers` threads); never raises for the API."""
    report = FuzzReport(operations_total=schema.statistic.operations.selected if hasattr(schema, "statistic") else 0)
    seen: set[tuple[str, str, Any]] = set()
    started = time.perf_counter()
    with reproducible(), serialized_ast_parse(workers):
        for event in from_schema(schema).execute():
            _record(report, event, seen)
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
