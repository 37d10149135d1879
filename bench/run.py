"""scripts/bench: run the benchmarks, write bench/results.md and bench/results.json, and exit
non-zero naming every goal that was missed."""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

from bench.harness import Result, write_reports

BENCHMARKS = {
    "validation": "bench.validation",
    "regenerate": "bench.regenerate",
    "client": "bench.client_overhead",
    "mock": "bench.mock_throughput",
    "catalogue": "bench.mock_catalogue",
    "fuzz": "bench.fuzz_throughput",
    "cli": "bench.cli_speed",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(BENCHMARKS)} (default: all)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)} (known: {', '.join(BENCHMARKS)})")
    results: list[Result] = []
    failures: list[str] = []
    for name in args.names or list(BENCHMARKS):
        print(f"== {name}", flush=True)
        try:
            measure: Callable[[], list[Result]] = importlib.import_module(BENCHMARKS[name]).measure
            produced = measure()
        except Exception as err:  # a benchmark that cannot run is a missed goal, said plainly
            failures.append(f"{name}: could not run: {err}")
            continue
        for result in produced:
            ratio = "" if result.ratio is None else f"  ratio {result.ratio:.3f}x (goal {result.goal_text()})"
            print(f"   {result.name}: {result.ours:.4g} {result.metric}{ratio}", flush=True)
            if result.passed is False:
                failures.append(f"{result.name}: ratio {result.ratio:.3f}x misses the goal {result.goal_text()}")
        results += produced
    context = {"python": platform.python_version(), "cores": str(os.cpu_count()), "machine": platform.machine()}
    md, _ = write_reports(results, args.out, context)
    print(f"wrote {md}")
    for failure in failures:
        print(f"goal missed: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
