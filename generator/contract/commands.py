"""CLI commands of the contract package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer, run: Callable[[Callable[[], Any]], Any]) -> None:
    @app.command("check-recordings")
    def check_recordings_command(
        name: Annotated[str | None, typer.Argument(help="API name; all when omitted")] = None,
        paths: Annotated[list[Path] | None, typer.Argument(help="recordings or folders")] = None,
    ) -> None:
        """Validate recorded responses against the response schema of their operation."""
        from ..config import load_project
        from .recordings import check_recordings

        def action() -> int:
            project = load_project()
            apis = project.select([name] if name else None)
            failures = 0
            for api in apis:
                where = paths or [project.root / "specs" / "recordings" / api.name]
                findings = check_recordings(api.spec, where)
                for finding in findings:
                    typer.echo(str(finding))
                failures += len(findings)
            typer.echo(f"{failures} mismatch(es)", err=True)
            return 1 if failures else 0

        raise typer.Exit(run(action))
