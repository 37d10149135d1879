"""The `soundspec` command: a thin shell over the toolkit.

Exit codes: 0 success; 1 the input was read but failed its checks (findings, stale output,
contract failures); 2 bad input (missing file, bad YAML, not OpenAPI 3.1, unknown API name,
unwritable folder), always reported as one line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer import core

# typer vendors click and re-exports none of its usage errors
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as CommandLineError

from .errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from .specs import Finding

T = TypeVar("T")


class _OneLineErrors(core.TyperGroup):
    """Typer's own usage errors (unknown option, missing argument) as one line and exit 2, like ours."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except CommandLineError as exc:
            if isinstance(exc, NoArgsIsHelpError):
                exc.show()
            else:
                hint = f" (see {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
                message = " ".join(exc.format_message().split())
                sys.stderr.write(f"soundspec: error: {message}{hint}\n")
            code = exc.exit_code
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


# plain help (no rich markup): rendering it with rich costs more than the rest of `soundspec --help`
app = typer.Typer(add_completion=False, no_args_is_help=True, cls=_OneLineErrors, rich_markup_mode=None)


# built on first use: rich's import is a third of what `soundspec --help` would otherwise cost
@cache
def _console(stderr: bool) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _out() -> Console:
    return _console(False)


def _err() -> Console:
    return _console(True)


Names = Annotated[list[str] | None, typer.Argument(help="API names from [tool.soundspec]; all when none")]


def _project_line() -> str | None:
    """Which project a command works on; None outside one (the command says so if it needs one)."""
    from .config import load_project

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
            _err().print(f"soundspec: error: {exc}", markup=False)
            raise typer.Exit(2) from None


def _version(value: bool) -> None:
    if value:
        from . import __version__

        _out().print(f"soundspec {__version__}", markup=False)
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version and exit")
    ] = False,
) -> None:
    """Spec-first bindings for quirky REST APIs: run in any folder of a project with a [tool.soundspec] table."""


@app.command()
def init(
    name: Annotated[str | None, typer.Argument(help="the API's name; this folder's name when omitted")] = None,
    from_spec: Annotated[
        Path | None, typer.Option("--from-spec", help="start from this OpenAPI 3.1 spec instead of the starter")
    ] = None,
) -> None:
    """Start a project here: a [tool.soundspec] table in pyproject.toml and a spec that validates."""
    from .scaffold import init_project

    def action() -> int:
        started = init_project(Path.cwd(), name, from_spec)
        where = "a new pyproject.toml" if started.created_pyproject else "pyproject.toml"
        _err().print(
            f"soundspec init: wrote {started.spec.relative_to(Path.cwd())} and [tool.soundspec] in {where}",
            markup=False,
        )
        _out().print(f"next: soundspec validate; soundspec generate; soundspec mock {started.name}", markup=False)
        return 0

    raise typer.Exit(run(action, in_project=False))


def _relative(finding: Finding) -> str:
    from .specs import Finding

    try:
        path = finding.file.resolve().relative_to(Path.cwd())
    except ValueError:
        path = finding.file
    return str(Finding(path, finding.line, finding.pointer, finding.message))


def print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        _out().print(_relative(finding), markup=False)


@app.command()
def validate(
    names: Annotated[
        list[str] | None,
        typer.Argument(help="API names from [tool.soundspec], or spec file paths; all APIs when none"),
    ] = None,
) -> None:
    """Validate and lint specs; print every finding as file:line: /pointer: message."""
    from .specs import load_spec, validate_spec

    def action() -> int:
        paths = spec_paths(names or [])
        findings = [f for path in paths for f in validate_spec(load_spec(path))]
        print_findings(findings)
        if findings:
            _err().print(f"{len(findings)} finding(s) in {len(paths)} spec(s)")
            return 1
        _err().print(f"{len(paths)} spec(s) valid: 0 findings")
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
        from .config import load_project

        paths += [api.spec for api in load_project().select(apis)]
    return paths


@app.command()
def generate(names: Names = None) -> None:
    """Validate, then regenerate clients and docs into generated/ (all or nothing)."""
    from . import pipeline
    from .config import load_project
    from .pipeline import GenerationFailed

    def action() -> int:
        project = load_project()
        try:
            pipeline.generate(project, project.select(names), _err())
        except GenerationFailed as exc:
            print_findings(exc.findings)
            _err().print(f"[red]generation refused:[/] {exc}; generated/ is unchanged")
            return 1
        return 0

    raise typer.Exit(run(action))


@app.command()
def check(names: Names = None) -> None:
    """Regenerate into a temporary folder and fail, naming the files, when generated/ is stale.

    Nothing is rendered when no input and no generated file changed since the last fresh check.
    """
    from .config import load_project
    from .freshness import is_fresh, record

    def action() -> int:
        project = load_project()
        apis = project.select(names)
        if is_fresh(project, apis):
            _err().print("generated/ is up to date (no input or output changed since the last check)")
            return 0
        # imported only past the stamp: the generator alone takes a second to import
        from . import pipeline
        from .pipeline import GenerationFailed

        try:
            stale = pipeline.check(project, apis, _err())
        except GenerationFailed as exc:
            print_findings(exc.findings)
            _err().print(f"[red]check failed:[/] {exc}")
            return 1
        for path in stale:
            _out().print(f"stale: {path}", markup=False)
        if stale:
            _err().print(f"{len(stale)} generated file(s) are stale: run scripts/generate and commit the result")
            return 1
        record(project, apis)
        _err().print("generated/ is up to date")
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
