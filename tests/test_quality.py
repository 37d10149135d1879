"""The toolkit and every generated client pass mypy --strict and ruff; generated/ is not stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_project
from tests.support import ROOT

APIS = load_project(ROOT).apis


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *map(str, args)], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_the_toolkit_passes_mypy_strict() -> None:
    done = _run("mypy", "--strict", "--cache-dir", ".mypy_cache/generator", "generator", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_toolkit_and_tests_pass_ruff() -> None:
    lint = _run("ruff", "check", "--no-cache", "generator", "tests", "bench")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run("ruff", "format", "--no-cache", "--check", "generator", "tests", "bench")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_each_generated_client_passes_mypy_strict(api: object) -> None:
    from generator.config import ApiConfig

    assert isinstance(api, ApiConfig)
    package = api.output / api.package
    assert (package / "py.typed").is_file(), f"{package} is not generated"
    done = _run("mypy", "--strict", "--cache-dir", f".mypy_cache/{api.package}", package)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_each_generated_client_passes_ruff(api: object) -> None:
    from generator.config import ApiConfig

    assert isinstance(api, ApiConfig)
    done = _run("ruff", "check", "--no-cache", api.output)
    assert done.returncode == 0, done.stdout + done.stderr
    fmt = _run("ruff", "format", "--no-cache", "--check", api.output)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_generated_is_not_stale() -> None:
    """The committed generated/ is exactly what the specs and templates produce."""
    done = subprocess.run(
        [Path(sys.executable).parent / "soundspec", "check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
