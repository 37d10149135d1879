"""`soundspec validate`: the broken-spec corpus, and bad input that is not a spec at all."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.config import load_project

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path("tests/specs/broken")  # relative: findings are printed relative to the working folder
CASES = sorted(p.relative_to(ROOT) for p in (ROOT / BROKEN).glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+) (\S*) \| (.*)$", re.M)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_the_corpus_covers_at_least_twelve_kinds_of_broken_spec() -> None:
    assert len(CASES) >= 12
    assert all(EXPECT.search(case.read_text()) for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_each_broken_spec_is_reported_at_its_line_and_pointer(case: Path) -> None:
    expected = EXPECT.findall(case.read_text())
    result = runner.invoke(app, ["validate", str(case)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    # every finding, and nothing but the findings the case expects
    assert len(lines) == len(expected), lines
    for line_no, pointer, message in expected:
        prefix = f"{case}:{line_no}: {pointer}: "
        assert any(line.startswith(prefix) and message in line for line in lines), (prefix, message, lines)


def test_all_findings_of_all_specs_come_in_one_run() -> None:
    result = runner.invoke(app, ["validate", *map(str, CASES)])
    assert result.exit_code == 1
    total = sum(len(EXPECT.findall(c.read_text())) for c in CASES)
    assert len(result.stdout.splitlines()) == total
    assert f"{total} finding(s) in {len(CASES)} spec(s)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["tests/specs/yaml_syntax_error.yaml"],
            "tests/specs/yaml_syntax_error.yaml:7:16: YAML syntax error: did not find expected ',' or ']'"
            " (while parsing a flow sequence started at line 6, column 20)",
        ),
        (
            ["tests/specs/openapi_30.yaml"],
            "tests/specs/openapi_30.yaml:1: not an OpenAPI 3.1 document (openapi: '3.0.3')",
        ),
        (["tests/specs/no_such_spec.yaml"], "tests/specs/no_such_spec.yaml: no such spec file"),
        (
            ["tests/specs/yaml_alias_bomb.yaml"],
            "tests/specs/yaml_alias_bomb.yaml:6:31: YAML syntax error: aliases expand this document to far more"
            " nodes than it writes out (a 'billion laughs')",
        ),
        (
            ["tests/specs/recursive_alias.yaml"],
            "tests/specs/recursive_alias.yaml:5:9: YAML syntax error: an alias inside its own anchor: a cycle that"
            " JSON cannot hold",
        ),
        (
            ["tests/specs/deep_nesting.yaml"],
            "tests/specs/deep_nesting.yaml:1:1: YAML syntax error: nested deeper than this tool reads",
        ),
        (["nosuchapi"], f"unknown API nosuchapi (configured: {', '.join(a.name for a in load_project(ROOT).apis)})"),
    ],
)
def test_unreadable_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["validate", *args])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"soundspec: error: {message}"
    assert "Traceback" not in result.output


def test_a_valid_spec_has_zero_findings() -> None:
    result = runner.invoke(app, ["validate", "tests/fixtures/minimal.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 spec(s) valid: 0 findings" in result.stderr


def test_the_installed_command_reports_like_the_library() -> None:
    case = BROKEN / "dangling_ref.yaml"
    done = subprocess.run(
        [Path(sys.executable).parent / "soundspec", "validate", str(case)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    line_no, pointer, message = EXPECT.findall(case.read_text())[0]
    assert done.stdout.startswith(f"{case}:{line_no}: {pointer}: ")
    assert message in done.stdout
