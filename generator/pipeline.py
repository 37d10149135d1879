"""The main job: validate the specs, render clients and docs into staging, swap into generated/.

`generate` and `check` share `render_all`, so what `check` compares is exactly what `generate`
would write.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import freshness
from .clients.build import BuildError, build_client
from .config import ApiConfig, Project
from .docs.render import render_docs
from .output import OutputError, format_python, staging, stale_files, stamp, swap_in
from .specs import Finding, LoadedSpec, load_spec, validate_spec


class GenerationFailed(Exception):
    """Validation or rendering failed; generated/ was left untouched."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


@dataclass
class ApiResult:
    api: ApiConfig
    operations: int = 0
    models: int = 0
    files: int = 0
    seconds: float = 0.0
    # staged path -> final path under the project
    outputs: list[tuple[Path, Path]] = field(default_factory=list)


def load_and_validate(apis: list[ApiConfig]) -> dict[str, LoadedSpec]:
    """Load every spec; GenerationFailed with all findings of all specs when any has one."""
    specs = {api.name: load_spec(api.spec) for api in apis}
    findings = [f for spec in specs.values() for f in validate_spec(spec)]
    if findings:
        raise GenerationFailed(f"{len(findings)} finding(s) in the specs", findings)
    return specs


def _source(project: Project, api: ApiConfig) -> str:
    return api.spec.relative_to(project.root).as_posix()


def stage_docs(project: Project, api: ApiConfig, spec: LoadedSpec, stage: Path) -> list[tuple[Path, Path]]:
    """Render one API's docs into `stage`, stamped; (staged, final) pairs."""
    docs_stage = stage / "docs" / api.name
    docs_stage.mkdir(parents=True)
    produced = render_docs(api, spec, docs_stage)
    stamp(docs_stage, _source(project, api))
    return [(path, api.docs / path.name) for path in produced]


def render_all(project: Project, apis: list[ApiConfig], stage: Path, console: Console) -> list[ApiResult]:
    """Validate and render every API into `stage`; nothing outside `stage` is written."""
    with console.status("validating specs"):
        specs = load_and_validate(apis)
    console.print(f"[green]✓[/] validated {len(apis)} spec(s): 0 findings")
    results = []
    for api in apis:
        result = ApiResult(api)
        started = time.perf_counter()
        spec = specs[api.name]
        source = _source(project, api)
        client_dir = stage / "clients" / api.output.name
        with console.status(f"{api.name}: generating client {api.package}"):
            try:
                stats = build_client(api, spec, client_dir)
                stamp(client_dir, source)
                format_python(client_dir)
            except (BuildError, OutputError) as err:
                raise GenerationFailed(f"{api.name}: {err}") from None
        result.operations, result.models = stats.operations, stats.models
        result.outputs.append((client_dir, api.output))
        console.print(f"[green]✓[/] {api.name}: client {api.package} ({stats.operations} operations)")
        with console.status(f"{api.name}: rendering docs"):
            result.outputs += stage_docs(project, api, spec, stage)
        console.print(f"[green]✓[/] {api.name}: docs")
        result.files = sum(
            1 if staged.is_file() else sum(1 for p in staged.rglob("*") if p.is_file()) for staged, _ in result.outputs
        )
        result.seconds = time.perf_counter() - started
        results.append(result)
    return results


def summary(results: list[ApiResult], title: str) -> Table:
    table = Table(title=title)
    for column in ("API", "operations", "models", "files", "seconds"):
        table.add_column(column, justify="left" if column == "API" else "right")
    for r in results:
        table.add_row(r.api.name, str(r.operations), str(r.models), str(r.files), f"{r.seconds:.2f}")
    return table


def generate(project: Project, apis: list[ApiConfig], console: Console) -> list[ApiResult]:
    with staging(project.generated) as stage:
        results = render_all(project, apis, stage, console)
        swap_in([pair for r in results for pair in r.outputs], root=project.generated.parent)
    freshness.record(project, apis)
    console.print(summary(results, "soundspec generate"))
    return results


def check(project: Project, apis: list[ApiConfig], console: Console) -> list[str]:
    """Relative paths under the project that a fresh generation would change."""
    with staging(project.generated) as stage:
        results = render_all(project, apis, stage, console)
        stale = []
        for r in results:
            for staged, final in r.outputs:
                rel = final.relative_to(project.root).as_posix()
                for name in stale_files(staged, final):
                    stale.append(f"{rel}/{name}" if final.is_dir() else name.replace(final.name, rel, 1))
        if len(apis) == len(project.apis):  # a partial check cannot know what the others own
            owned = {final for r in results for _, final in r.outputs}
            stale += [
                f"{path.relative_to(project.root).as_posix()} (generated by no configured API)"
                for path in _orphans(project.generated, owned)
            ]
    return stale


_TOOL_CACHES = {"__pycache__", ".mypy_cache", ".ruff_cache"}


def _orphans(folder: Path, owned: set[Path]) -> list[Path]:
    """What lies under `folder` outside every owned output (left from a renamed or removed API)."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for entry in sorted(folder.iterdir()):
        if entry in owned or entry.name in _TOOL_CACHES:
            continue
        if entry.is_dir() and any(entry in o.parents for o in owned):
            found += _orphans(entry, owned)
        else:
            found.append(entry)
    return found
