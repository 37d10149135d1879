"""The `soundspec` command: a thin shell over the toolkit.

Exit codes: 0 success; 1 the input was read but failed its checks (findings, stale output,
contract failures); 2 bad input (missing file, bad YAML, not OpenAPI 3.1, unknown API name,
unwritable folder), always reported as one line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from .config import load_project
from .errors import UsageError
from .pipeline import GenerationFailed
from .specs import Finding

app = typer.Typer(add_completion=False, no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
T = TypeVar("T")

# help texts are rich markup: "\\[" prints a literal "[" (a bare [tool.soundspec] vanished as a tag)
Names = Annotated[list[str] | None, typer.Argument(help="API names from \\[tool.soundspec]; all when none")]


def _project_line() -> str | None:
    """Which project a command works on; None outside one (the command says so if it needs one)."""
    try:
        project = load_project()
    except UsageError:
        return None
    names = ", ".join(api.name for api in project.apis) or "no APIs yet"
    return f"soundspec: project {project.root} ({names})"


def run(action: Callable[[], T], *, in_project: bool = True) -> T:
    """Turn our expected failures into one line and an exit code, never a traceback.

    A command that works in a project states it in its first line; one refused before it wrote
    anything prints only the error line.
    """
    from .announce import announcing

    with announcing(_project_line() if in_project else None) as pending:
        try:
            return action()
        except UsageError as exc:
            if pending is not None:
                pending.line = None
            err.print(f"soundspec: error: {exc}", markup=False)
            raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        from . import __version__

        out.print(f"soundspec {__version__}", markup=False)
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    """Spec-first bindings for quirky REST APIs: run in any folder of a project with a \\[tool.soundspec] table."""


@app.command()
def init(
    name: Annotated[str | None, typer.Argument(help="the API's name; this folder's name when omitted")] = None,
    from_spec: Annotated[
        Path | None, typer.Option("--from-spec", help="start from this OpenAPI 3.1 spec instead of the starter")
    ] = None,
) -> None:
    """Start a project here: a \\[tool.soundspec] table in pyproject.toml and a spec that validates."""
    from .scaffold import init_project

    def action() -> int:
        started = init_project(Path.cwd(), name, from_spec)
        where = "a new pyproject.toml" if started.created_pyproject else "pyproject.toml"
        err.print(f"soundspec init: wrote {started.spec.relative_to(Path.cwd())} and \\[tool.soundspec] in {where}")
        out.print(f"next: soundspec validate; soundspec generate; soundspec mock {started.name}", markup=False)
        return 0

    raise typer.Exit(run(action, in_project=False))


def _relative(finding: Finding) -> str:
    try:
        path = finding.file.resolve().relative_to(Path.cwd())
    except ValueError:
        path = finding.file
    return str(Finding(path, finding.line, finding.pointer, finding.message))


def print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        out.print(_relative(finding), markup=False)


@app.command()
def validate(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="API names from \\[tool.soundspec], or spec file paths; all APIs when none"),
    ] = None,
) -> None:
    """Validate and lint specs; print every finding as file:line: /pointer: message."""
    from .specs import load_spec, validate_spec

    def action() -> int:
        paths = spec_paths(names or [])
        findings = [f for path in paths for f in validate_spec(load_spec(path))]
        print_findings(findings)
        if findings:
            err.print(f"{len(findings)} finding(s) in {len(paths)} spec(s)")
            return 1
        err.print(f"{len(paths)} spec(s) valid: 0 findings")
        return 0

    raise typer.Exit(run(action))


def spec_paths(names: list[str]) -> list[Path]:
    """Configured API names become their spec paths; anything that looks like a file stays a path."""
    folders = [n for n in names if Path(n).is_dir()]
    if folders:
        raise UsageError(f"{folders[0]}: a folder; validate takes spec files or API names")
    as_files = [n for n in names if n.endswith((".yaml", ".yml", ".json")) or Path(n).is_file()]
    apis = [n for n in names if n not in as_files]
    paths = [Path(n) for n in as_files]
    if apis or not names:
        paths += [api.spec for api in load_project().select(apis)]
    return paths


@app.command()
def generate(names: Names = None) -> None:
    """Validate, then regenerate clients and docs into generated/ (all or nothing)."""
    from . import pipeline

    def action() -> int:
        project = load_project()
        try:
            pipeline.generate(project, project.select(names), err)
        except GenerationFailed as exc:
            print_findings(exc.findings)
            err.print(f"[red]generation refused:[/] {exc}; generated/ is unchanged")
            return 1
        return 0

    raise typer.Exit(run(action))


@app.command()
def check(names: Names = None) -> None:
    """Regenerate into a temporary folder and fail, naming the files, when generated/ is stale."""
    from . import pipeline

    def action() -> int:
        project = load_project()
        try:
            stale = pipeline.check(project, project.select(names), err)
        except GenerationFailed as exc:
            print_findings(exc.findings)
            err.print(f"[red]check failed:[/] {exc}")
            return 1
        for path in stale:
            out.print(f"stale: {path}", markup=False)
        if stale:
            err.print(f"{len(stale)} generated file(s) are stale: run scripts/generate and commit the result")
            return 1
        err.print("generated/ is up to date")
        return 0

    raise typer.Exit(run(action))


def _register_optional_commands() -> None:
    """Commands that live in their own packages register themselves here."""
    import importlib

    for module in ("generator.contract.commands", "generator.mock.commands", "generator.docs.commands"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if not (exc.name and module.startswith(exc.name)):
                raise
            continue
        mod.register(app, run)


def main() -> None:
    _register_optional_commands()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
