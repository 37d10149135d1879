"""The contract commands in a typer app of their own, invoked in-process."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from generator.cli import run
from generator.contract.commands import register

app = typer.Typer()
register(app, run)
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `soundspec <args>`, run in the current folder."""
    result = runner.invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr
