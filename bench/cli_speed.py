"""How fast the CLI answers the two commands people run without thinking:

- `soundspec --help` against the smallest typer app with two commands (the least a typer CLI costs
  to start); the issue's absolute target, under 0.3 s, is printed beside the ratio.
- `soundspec check` with nothing changed (the stamp holds) against the same check after the stamp
  is removed, which renders everything as check did before the stamp existed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import Result, alternate, median, timed

ROOT = Path(__file__).resolve().parent.parent
SOUNDSPEC = Path(sys.executable).parent / "soundspec"
SMALLEST_TYPER = """\
import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command()
def hello(name: str) -> None:
    \"\"\"Say hello.\"\"\"


@app.command()
def bye(name: str) -> None:
    \"\"\"Say bye.\"\"\"


app()
"""


def _run(command: list[str | Path], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed: {done.stderr.decode(errors='replace')[-2000:]}")


def _help(tmp: Path, rounds: int) -> Result:
    smallest = tmp / "smallest_typer.py"
    smallest.write_text(SMALLEST_TYPER, encoding="utf-8")
    a, b = alternate(
        lambda: timed(lambda: _run([SOUNDSPEC, "--help"], cwd=tmp)),
        lambda: timed(lambda: _run([sys.executable, smallest, "--help"], cwd=tmp)),
        rounds=rounds,
        warmup=2,
    )
    return _seconds("soundspec --help", ("soundspec --help", a), ("a two-command typer app --help", b), 1.5, 0.3)


def _check(tmp: Path, rounds: int) -> Result:
    project = tmp / "project"
    project.mkdir()
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copytree(ROOT / "specs", project / "specs")
    _run([SOUNDSPEC, "generate"], cwd=project)  # writes generated/ and the stamp
    stamp = project / ".soundspec" / "check-stamp.json"
    kept = stamp.read_bytes()

    def stamped() -> float:
        stamp.write_bytes(kept)
        return timed(lambda: _run([SOUNDSPEC, "check"], cwd=project))

    def unstamped() -> float:
        stamp.unlink(missing_ok=True)
        return timed(lambda: _run([SOUNDSPEC, "check"], cwd=project))

    a, b = alternate(stamped, unstamped, rounds=rounds, warmup=0)
    ours, theirs = ("check with its stamp", a), ("the same check rendering everything", b)
    return _seconds("soundspec check, nothing changed", ours, theirs, 0.1, 1.0)


def _seconds(
    name: str, ours: tuple[str, list[float]], baseline: tuple[str, list[float]], goal: float, target: float
) -> Result:
    """A ratio goal, with the issue's absolute target printed beside it (it judges nothing)."""
    mine = median(ours[1])
    return Result(
        name=name, metric="seconds", ours_label=ours[0], ours=mine, baseline_label=baseline[0],
        baseline=median(baseline[1]), goal=goal, rounds=len(ours[1]),
        notes=[f"absolute median {mine:.3f} s (the issue's target: under {target:g} s)"],
    )  # fmt: skip


def measure(rounds: int = 7) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        return [_help(Path(tmp), rounds), _check(Path(tmp), max(3, rounds // 2))]
