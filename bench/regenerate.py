"""Regeneration: `soundspec generate` (both clients and docs, validation included) against
`openapi-generator-cli generate -g python` on the same two specs (the goal, as the issue asks), and,
for the record, against its `batch` command, which generates both in one JVM on two threads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import Result, alternate, median, timed
from bench.tools import generator_input, openapi_generator

ROOT = Path(__file__).resolve().parent.parent
SPECS = ["specs/freesound-v1.yaml", "specs/soundcloud-v1.yaml"]


def _project_copy(into: Path) -> Path:
    """A throwaway copy of the project's inputs, so the measured runs never touch generated/."""
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")
    shutil.copytree(ROOT / "specs", into / "specs")
    return into


def _run(command: list[str | Path], cwd: Path | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stderr.decode(errors='replace')[-2000:]}")


def measure(rounds: int = 5) -> list[Result]:
    soundspec = Path(sys.executable).parent / "soundspec"
    generator = openapi_generator()
    inputs = {spec: generator_input(ROOT / spec) for spec in SPECS}  # prepared once, outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "project").mkdir()
        project = _project_copy(Path(tmp) / "project")
        out = Path(tmp) / "ogc"

        def ours() -> float:
            return timed(lambda: _run([soundspec, "generate"], cwd=project))

        def theirs() -> float:
            def run_both() -> None:
                shutil.rmtree(out, ignore_errors=True)
                for spec in SPECS:
                    _run([generator, "generate", "-g", "python", "-i", inputs[spec], "-o", out / Path(spec).stem])

            return timed(run_both)

        configs = []
        for spec in SPECS:
            config = Path(tmp) / f"{Path(spec).stem}.yaml"
            target = Path(tmp) / "ogc-batch" / Path(spec).stem
            config.write_text(f"generatorName: python\ninputSpec: {inputs[spec]}\noutputDir: {target}\n")
            configs.append(config)

        def theirs_batch() -> float:
            def run_batch() -> None:
                shutil.rmtree(Path(tmp) / "ogc-batch", ignore_errors=True)
                _run([generator, "batch", "--fail-fast", "--threads", "2", *configs])

            return timed(run_batch)

        a, b = alternate(ours, theirs, rounds=rounds)
        c, d = alternate(ours, theirs_batch, rounds=rounds)
    return [
        Result(
            name="regenerate both clients (+ docs, validation)",
            metric="seconds",
            ours_label="soundspec generate",
            ours=median(a),
            baseline_label="openapi-generator-cli -g python",
            baseline=median(b),
            goal=1.0,
            rounds=rounds,
            notes=["soundspec also renders two documentation pages and formats its output with ruff."],
        ),
        Result(
            name="regenerate both clients vs one batch JVM",
            metric="seconds",
            ours_label="soundspec generate",
            ours=median(c),
            baseline_label="openapi-generator-cli batch --threads 2",
            baseline=median(d),
            rounds=rounds,
            notes=["both specs in one JVM, two generator threads: its fastest way to regenerate two clients"],
        ),
    ]
