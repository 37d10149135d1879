"""`soundspec check-recordings [NAME] [PATH...]`: which recordings, against which spec, and the report."""

from __future__ import annotations

from pathlib import Path

import typer

from ..config import ApiConfig, Project, load_project
from ..errors import UsageError
from ..specs import load_spec
from .exchange import SpecIndex
from .recordings import check_recording_files


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _api_of(project: Project, path: Path) -> ApiConfig:
    """The API a recording belongs to: the one named by a folder on its path (specs/recordings/<api>/)."""
    names = {api.name: api for api in project.apis}
    for part in reversed(path.resolve().parts):
        if part in names:
            return names[part]
    if len(project.apis) == 1:
        return project.apis[0]
    raise UsageError(f"{path}: cannot tell which API it records; name it: soundspec check-recordings <api> {path}")


def plan(project: Project, name: str | None, paths: list[Path]) -> list[tuple[ApiConfig, list[Path]]]:
    """(API, paths to check) pairs; a first argument that is a path rather than an API name is a path."""
    if name is not None and name not in {api.name for api in project.apis} and Path(name).exists():
        return plan(project, None, [Path(name), *paths])
    if name is not None:
        (api,) = project.select([name])
        return [(api, paths or [project.root / "specs" / "recordings" / api.name])]
    if not paths:
        return [(api, [project.root / "specs" / "recordings" / api.name]) for api in project.apis]
    grouped: dict[str, tuple[ApiConfig, list[Path]]] = {}
    for path in paths:
        api = _api_of(project, path)
        grouped.setdefault(api.name, (api, []))[1].append(path)
    return list(grouped.values())


def check_recordings_cli(name: str | None, paths: list[Path]) -> int:
    project = load_project()
    failures = 0
    for api, where in plan(project, name, paths):
        present = [p for p in where if p.exists()]
        if not present and not paths and name is None:
            continue  # an API without a recordings folder has nothing to check
        if len(present) < len(where):
            missing = next(p for p in where if not p.exists())
            raise UsageError(f"{missing}: no such file or folder")
        result = check_recording_files(SpecIndex(load_spec(api.spec).model), where)
        for finding in result.findings:
            typer.echo(
                f"{_relative(finding.recording)}: {finding.pointer or '/'}: {finding.keyword}: {finding.message}"
            )
        failures += len(result.findings)
        if not result.checked:  # a folder without recordings passes nothing
            shown = ", ".join(_relative(p) for p in where)
            typer.echo(f"{api.name}: FAILED, no recording found in {shown}: nothing was checked", err=True)
            failures += 1
            continue
        typer.echo(f"{api.name}: {result.checked} recording(s), {len(result.findings)} mismatch(es)", err=True)
    return 1 if failures else 0
