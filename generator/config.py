"""The list of APIs, read from `[tool.soundspec]` in the project's pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class ApiConfig:
    name: str  # the short name used on the command line
    spec: Path  # the hand-written OpenAPI document
    package: str  # import name of the generated client
    output: Path  # where the generated client package lives
    docs: Path  # where the rendered documentation lives


@dataclass(frozen=True)
class Project:
    root: Path
    apis: tuple[ApiConfig, ...]
    generated: Path

    def select(self, names: list[str] | tuple[str, ...] | None) -> list[ApiConfig]:
        """The APIs named (all when none are), in configuration order."""
        if not names:
            return list(self.apis)
        known = {api.name: api for api in self.apis}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise UsageError(f"unknown API {', '.join(unknown)} (configured: {', '.join(known)})")
        return [known[n] for n in dict.fromkeys(names)]


def find_root(start: Path | None = None) -> Path:
    """The nearest folder holding a pyproject.toml with a [tool.soundspec] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "[tool.soundspec]" in candidate.read_text(encoding="utf-8"):
            return folder
    raise UsageError("no pyproject.toml with a [tool.soundspec] table here or above")


def load_project(root: Path | None = None) -> Project:
    root = find_root(root)
    try:
        table = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["soundspec"]
    except (tomllib.TOMLDecodeError, KeyError) as err:
        raise UsageError(f"{root / 'pyproject.toml'}: cannot read [tool.soundspec]: {err}") from None
    generated = root / table.get("generated", "generated")
    apis = []
    for entry in table.get("apis", []):
        try:
            apis.append(
                ApiConfig(
                    name=entry["name"],
                    spec=root / entry["spec"],
                    package=entry["package"],
                    output=root / entry["output"],
                    docs=root / entry.get("docs", f"{table.get('generated', 'generated')}/docs"),
                )
            )
        except KeyError as err:
            raise UsageError(f"[tool.soundspec] api entry {entry!r} lacks {err}") from None
    return Project(root=root, apis=tuple(apis), generated=generated)
