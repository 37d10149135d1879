"""Fuzzing throughput, in-process (httpx.ASGITransport, no sockets), warm, medians of alternated rounds.

- client fuzzing: cases/s of the generated clients driven against their mocks over every
  operation (draw, client call, mock, schemathesis' response checks), with our spec-built
  strategies next to schemathesis' own strategies driving the same loop; the goal is 300 cases/s.
- schemathesis: cases/s of its fuzzing phase against the mocks, every check on.
"""

from __future__ import annotations

import sys
from functools import partial
from typing import Any

from bench.harness import Result, alternate, median
from generator.config import ApiConfig, load_project
from generator.contract.clientfuzz import fuzz_client
from generator.contract.clientrun import prepare

GOAL = 300.0  # client fuzzing cases/s
EXAMPLES = {"freesound": 30, "soundcloud": 12}  # per operation; about 600 and 1100 cases a round


def client_rate(api: ApiConfig, prepared: tuple[Any, Any, Any], *, ours: bool) -> float:
    client, schema, app = prepared
    report = fuzz_client(client, schema, app, examples=EXAMPLES[api.name], seed_value=1, ours=ours)
    return report.cases / report.seconds


def schemathesis_rate(api: ApiConfig) -> tuple[float, int, int]:
    """(cases/s, cases, operations exercised) of schemathesis' fuzzing phase on the mock."""
    from generator.contract.cli_fuzz import fuzz_api
    from generator.contract.harness import FuzzSettings

    settings = FuzzSettings(max_examples=EXAMPLES[api.name] // 3, phases=("fuzzing",))
    report, _ = fuzz_api(api, settings, None, [], lambda _line: None)
    return report.cases / report.seconds, report.cases, len(report.operations)


def measure(rounds: int = 5) -> list[Result]:
    results: list[Result] = []
    for api in load_project().apis:
        prepared = prepare(api)
        ours, theirs = alternate(
            partial(client_rate, api, prepared, ours=True),
            partial(client_rate, api, prepared, ours=False),
            rounds=rounds,
        )
        samples = [schemathesis_rate(api) for _ in range(rounds)]
        st_rate = median([s[0] for s in samples])
        results += [
            Result(
                name=f"client fuzzing {api.name}", metric="cases/s", ours_label="spec-built strategies",
                ours=median(ours), baseline_label="schemathesis' strategies, same loop", baseline=median(theirs),
                higher_is_better=True, rounds=rounds,
                notes=[f"every operation, {EXAMPLES[api.name]} cases each; rounds {[round(x) for x in ours]}"],
            ),
            Result(
                name=f"client fuzzing {api.name} vs goal", metric="cases/s", ours_label="spec-built strategies",
                ours=median(ours), baseline_label="goal", baseline=GOAL, higher_is_better=True, goal=1.0,
                rounds=rounds,
            ),
            Result(
                name=f"schemathesis fuzzing phase {api.name}", metric="cases/s", ours_label="soundspec fuzz (mock)",
                ours=st_rate, rounds=rounds,
                notes=[f"{samples[0][1]} cases, {samples[0][2]} operations exercised per round"],
            ),
        ]  # fmt: skip
    return results


if __name__ == "__main__":
    for result in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        base = "" if result.baseline is None else f" vs {result.baseline:.0f} ({result.baseline_label})"
        print(f"{result.name}: {result.ours:.0f} {result.metric}{base}")
