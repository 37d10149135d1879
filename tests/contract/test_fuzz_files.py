"""What `soundspec fuzz` and `fuzz-client` leave on disk: nothing in the folder they run in;
hypothesis' files go to the project's cache folder, which ignores itself in git."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_project
from tests.support import ROOT

APIS = [api.name for api in load_project(ROOT).apis]


@pytest.mark.parametrize("name", APIS)
def test_fuzzing_writes_nothing_where_it_runs(name: str, tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    here = tmp_path / "specs"
    for command in (["fuzz", name, "--phases", "examples"], ["fuzz-client", name]):
        done = subprocess.run(
            [sys.executable, "-m", "generator.cli", *command, "--max-examples", "1"],
            cwd=here, capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert "Traceback" not in done.stderr, done.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob(".hypothesis")) == []
    assert (tmp_path / ".soundspec" / "hypothesis").is_dir()
    assert (tmp_path / ".soundspec" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
