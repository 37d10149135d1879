"""A/B measurement: alternate the two sides round by round, report medians and their ratio.

Machines here are noisy (2 shared cores), so absolute times are printed but the ratio of two
medians measured side by side in one run is the result, and goals are stated on ratios.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Result:
    name: str
    metric: str  # what `ours` and `baseline` measure: "seconds", "requests/s", "cases/s"
    ours_label: str
    ours: float  # median
    baseline_label: str | None = None
    baseline: float | None = None  # median
    higher_is_better: bool = False
    goal: float | None = None  # the ratio ours/baseline must be <= goal (or >= goal when higher is better)
    rounds: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return self.ours / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.goal is None or self.ratio is None:
            return None
        return self.ratio >= self.goal if self.higher_is_better else self.ratio <= self.goal

    def goal_text(self) -> str:
        if self.goal is None:
            return "-"
        return f"{'≥' if self.higher_is_better else '≤'} {self.goal:g}x"

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "ratio": self.ratio, "passed": self.passed}


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def alternate(
    ours: Callable[[], float], baseline: Callable[[], float], *, rounds: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Run A, B, B, A, A, B... (so neither side always goes first) and collect each side's samples.

    Each callable returns its own measurement (seconds, or a rate), so a side may time itself
    (e.g. a load generator reporting requests/s).
    """
    for _ in range(warmup):
        ours()
        baseline()
    a: list[float] = []
    b: list[float] = []
    for i in range(rounds):
        if i % 2 == 0:
            a.append(ours())
            b.append(baseline())
        else:
            b.append(baseline())
            a.append(ours())
    return a, b


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def write_reports(results: list[Result], folder: Path, context: dict[str, str]) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    as_json = folder / "results.json"
    as_json.write_text(
        json.dumps({"context": context, "results": [r.to_json() for r in results]}, indent=2) + "\n",
        encoding="utf-8",
    )
    lines = [
        "# soundspec benchmarks",
        "",
        "Written by `scripts/bench`. Medians of alternated A/B rounds in one run; the ratio is the result,",
        "absolute numbers depend on the machine. " + ", ".join(f"{k}: {v}" for k, v in context.items()) + ".",
        "",
        "| benchmark | metric | soundspec | baseline | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        base = "-" if r.baseline is None else f"{r.baseline:.4g} ({r.baseline_label})"
        ratio = "-" if r.ratio is None else f"{r.ratio:.3f}x"
        met = {True: "yes", False: "**no**", None: "-"}[r.passed]
        ours = f"{r.ours:.4g} ({r.ours_label})"
        lines.append(f"| {r.name} | {r.metric} | {ours} | {base} | {ratio} | {r.goal_text()} | {met} |")
    notes = [f"- **{r.name}**: {note}" for r in results for note in r.notes]
    if notes:
        lines += ["", "## Notes", "", *notes]
    as_md = folder / "results.md"
    as_md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return as_md, as_json
