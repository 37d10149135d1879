"""Shared fixtures: the project, its specs, and throwaway projects for generation tests."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from generator.config import Project, load_project
from tests.support import ROOT, MakeProject


@pytest.fixture(scope="session")
def project() -> Project:
    return load_project(ROOT)


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """A throwaway soundspec project in tmp_path: `make_project(name=spec_text_or_path, ...)`."""

    def make(**specs: str | Path) -> Path:
        (tmp_path / "specs").mkdir(exist_ok=True)
        entries = []
        for name, spec in specs.items():
            target = tmp_path / "specs" / f"{name}.yaml"
            if isinstance(spec, Path):
                shutil.copyfile(spec, target)
            else:
                target.write_text(textwrap.dedent(spec), encoding="utf-8")
            entries.append(
                f'{{ name = "{name}", spec = "specs/{name}.yaml", package = "{name}_client", '
                f'output = "generated/clients/{name}_client", docs = "generated/docs" }}'
            )
        (tmp_path / "pyproject.toml").write_text(
            "[tool.soundspec]\napis = [\n    " + ",\n    ".join(entries) + ",\n]\n", encoding="utf-8"
        )
        return tmp_path

    return make


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The measurements tests record with `record_property("measured", ...)` (the docs pages' first
    paint): printed after the run, workers' included, since they are reported, not asserted."""
    lines = [
        f"{report.nodeid}: {value}"
        for reports in terminalreporter.stats.values()
        for report in reports
        if isinstance(report, pytest.TestReport) and report.when == "call"
        for key, value in report.user_properties
        if key == "measured"
    ]
    if lines:
        terminalreporter.section("measured")
        for line in sorted(lines):
            terminalreporter.write_line(line)
