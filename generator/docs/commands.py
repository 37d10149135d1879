"""CLI command of the docs package: `soundspec docs [NAME...]`."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any

import typer


def register(app: typer.Typer, run: Callable[[Callable[[], Any]], Any]) -> None:
    @app.command("docs")
    def docs_command(
        names: Annotated[
            list[str] | None, typer.Argument(help="API names from [tool.soundspec]; all when none")
        ] = None,
    ) -> None:
        """Render only the HTML and Markdown references into generated/docs/ (all or nothing)."""
        from rich.console import Console

        from ..config import load_project
        from ..output import staging, swap_in
        from ..pipeline import GenerationFailed, load_and_validate, stage_docs

        err = Console(stderr=True, highlight=False, soft_wrap=True)

        def action() -> int:
            project = load_project()
            apis = project.select(names)
            started = time.perf_counter()
            try:
                with staging(project.generated) as stage:
                    specs = load_and_validate(apis)
                    pairs = [pair for api in apis for pair in stage_docs(project, api, specs[api.name], stage)]
                    swap_in(pairs, root=project.generated.parent)  # where `staging` recovers an interrupted swap
            except GenerationFailed as exc:
                for finding in exc.findings:
                    typer.echo(str(finding))
                err.print(f"[red]docs refused:[/] {exc}; generated/ is unchanged")
                return 1
            for _, final in pairs:
                size = final.stat().st_size
                err.print(f"[green]✓[/] {final.relative_to(project.root).as_posix()} ({size:,} bytes)")
            err.print(f"rendered {len(pairs)} file(s) in {time.perf_counter() - started:.2f}s")
            return 0

        raise typer.Exit(run(action))
