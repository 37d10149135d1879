"""The hostile-input corpus for the CLI: broken configs and command lines, one data file per case.

Each case (tests/hostile/cli/*.toml) sets up a throwaway project and runs the real `soundspec`
in a process; every one must end with exit 2 and exactly one line that says what is wrong, never
a traceback. A case holds `kind` (config, cli or spec), `args`, the expected `message`, and may
hold a `pyproject` text (the tiny project's when absent), `specs` (project path -> a file of
tests/fixtures), `files` (project path -> text) and `readonly_root` (the project root may not be
written, its generated/ may).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import FIXTURES

CORPUS = Path(__file__).parent / "cli"
CASES = sorted(CORPUS.glob("*.toml"))
SOUNDSPEC = Path(sys.executable).parent / "soundspec"
NOBODY = 65534
TINY = """
[tool.soundspec]
apis = [{ name = "tiny", spec = "specs/tiny.yaml", package = "tiny_client", output = "generated/clients/tiny_client" }]
"""


def _case(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def project() -> Iterator[Path]:
    # not under pytest's tmp_path: another user must be able to reach it for the read-only cases
    root = Path(tempfile.mkdtemp(prefix="soundspec-hostile-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        root.chmod(0o755)
        shutil.rmtree(root)


def _command(case: dict[str, Any], root: Path) -> list[str]:
    command = [str(SOUNDSPEC), *case["args"]]
    if not case.get("readonly_root"):
        return command
    generated = root / "generated"
    generated.mkdir()
    if os.geteuid() != 0:
        root.chmod(0o555)
        return command
    # root writes anywhere: run as nobody, who owns generated/ but not the project root
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root")
    os.chown(generated, NOBODY, NOBODY)
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_hostile_cli_input_is_one_line_and_exit_2(path: Path, project: Path) -> None:
    case = _case(path)
    (project / "pyproject.toml").write_text(case.get("pyproject", TINY).lstrip("\n"), encoding="utf-8")
    for name, fixture in case.get("specs", {}).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / fixture, project / name)
    for name, text in case.get("files", {}).items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        _command(case, project), cwd=project, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output
    assert done.returncode == 2, output
    assert output.count("\n") == 1 and output.startswith("soundspec: error: "), output
    assert case["message"] in output, output


def test_the_corpus_covers_every_kind() -> None:
    counts = Counter(_case(path)["kind"] for path in CASES)
    print("hostile CLI inputs per kind:", dict(sorted(counts.items())))
    assert set(counts) == {"config", "cli", "spec"}
    assert all(n >= 2 for n in counts.values()), counts
