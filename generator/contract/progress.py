"""What a fuzz run shows while it runs, on stderr: per phase, the operation under test, the cases
run and the failures found so far.

On a terminal a rich progress display (a bar per phase over the operations, the one being tested
beside it); elsewhere (a CI log, a pipe) one line as each phase ends, so a long run is never silent
and a log does not fill with redraws.
"""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from schemathesis.engine import events

# phases that test the API (probing, schema analysis and auth bootstrap only prepare the run)
TESTING = ("examples", "coverage", "fuzzing", "stateful")


class FuzzProgress:
    """An event sink for `run_schema`: call it with each engine event; `close` when the run ends."""

    def __init__(self, console: Console, operations: int) -> None:
        self.console = console
        self.operations = operations
        self.live = console.is_terminal
        self.progress = Progress(
            TextColumn("{task.fields[phase]:<9}"), BarColumn(bar_width=20), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.fields[cases]} case(s), {task.fields[failures]} failure(s)  {task.description}"),
            console=console, transient=False, disable=not self.live,
        )  # fmt: skip
        self.tasks: dict[str, TaskID] = {}
        self.cases: dict[str, int] = {}
        self.failures: dict[str, int] = {}
        self.done: dict[str, set[str]] = {}
        self.started: dict[str, float] = {}
        if self.live:
            self.progress.start()

    def __call__(self, event: Any) -> None:
        if isinstance(event, events.PhaseStarted) and str(event.phase.name) in TESTING and event.phase.is_enabled:
            self._start(str(event.phase.name), event.operations)
        elif isinstance(event, events.ScenarioStarted) and event.phase in self.tasks and event.label:
            self.progress.update(self.tasks[event.phase], description=event.label)
        elif isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            self._finished(str(getattr(event, "phase", "fuzzing")), event.recorder)
        elif isinstance(event, events.PhaseFinished) and str(event.phase.name) in self.tasks:
            self._end(str(event.phase.name))

    def _start(self, phase: str, limited: frozenset[str] | None) -> None:
        total = len(limited) if limited is not None else self.operations
        self.cases[phase] = self.failures[phase] = 0
        self.done[phase] = set()
        self.started[phase] = time.perf_counter()
        self.tasks[phase] = self.progress.add_task("", total=total or None, phase=phase, cases=0, failures=0)

    def _finished(self, phase: str, recorder: Any) -> None:
        if phase not in self.tasks:
            return
        self.cases[phase] += len(recorder.cases)
        self.failures[phase] += sum(
            1 for checks in recorder.checks.values() for check in checks if check.failure_info is not None
        )
        self.done[phase].add(recorder.label)
        self.progress.update(
            self.tasks[phase], completed=len(self.done[phase]), cases=self.cases[phase], failures=self.failures[phase]
        )

    def _end(self, phase: str) -> None:
        task = self.tasks[phase]
        self.progress.update(task, description="done")
        if not self.live:
            seconds = time.perf_counter() - self.started[phase]
            self.console.print(
                f"{phase} phase: {len(self.done[phase])} operation(s), {self.cases[phase]} case(s), "
                f"{self.failures[phase]} failing check(s) in {seconds:.1f} s",
                highlight=False, soft_wrap=True,
            )  # fmt: skip

    def close(self) -> None:
        if self.live:
            self.progress.stop()
