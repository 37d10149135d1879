"""Validation time per spec: our full validation (structure + lint) next to the structural
validator alone, in-process (what `soundspec validate` and `generate` spend on it)."""

from __future__ import annotations

from pathlib import Path

from openapi_spec_validator import OpenAPIV31SpecValidator

from bench.harness import Result, alternate, median, timed
from generator.specs import load_spec, validate_spec
from generator.yamlsource import load_file

ROOT = Path(__file__).resolve().parent.parent
SPECS = {"freesound": ROOT / "specs/freesound-v1.yaml", "soundcloud": ROOT / "specs/soundcloud-v1.yaml"}


def measure(rounds: int = 9) -> list[Result]:
    results = []
    for name, path in SPECS.items():

        def ours(path: Path = path) -> float:
            return timed(lambda: validate_spec(load_spec(path)))

        def structural_only(path: Path = path) -> float:
            return timed(lambda: list(OpenAPIV31SpecValidator(load_file(path)[0]).iter_errors()))

        a, b = alternate(ours, structural_only, rounds=rounds)
        results.append(
            Result(
                name=f"validate {name}",
                metric="seconds",
                ours_label="load + structure + lint",
                ours=median(a),
                baseline_label="openapi-spec-validator alone",
                baseline=median(b),
                rounds=rounds,
            )
        )
    return results
