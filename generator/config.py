"""The list of APIs, read from `[tool.soundspec]` in the project's pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError

TABLE = "[tool.soundspec]"


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
            raise UsageError(f"unknown API {', '.join(unknown)} (configured: {', '.join(known) or 'none'})")
        return [known[n] for n in dict.fromkeys(names)]


def read_pyproject(path: Path) -> dict[str, Any]:
    """The parsed file; UsageError with the line when it is not TOML (a user must fix it, not hunt for it)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        # 3.11's TOMLDecodeError carries its place only in the message: "(at line 2, column 3)" or
        # "(at end of document)"
        text = str(err)
        where = re.search(r"\(at (?:line (\d+), column \d+|end of document)\)$", text)
        if where is None:
            raise UsageError(f"{path}: broken TOML: {text}") from None
        line = where.group(1) or str(max(1, len(path.read_text(encoding="utf-8").splitlines())))
        raise UsageError(f"{path}:{line}: broken TOML: {text[: where.start()].rstrip()}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: cannot read: {err}") from None


def soundspec_table(document: dict[str, Any]) -> Any:
    tool = document.get("tool")
    return tool.get("soundspec") if isinstance(tool, dict) else None


def find_root(start: Path | None = None) -> Path:
    """The nearest folder holding a pyproject.toml with a [tool.soundspec] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        # a broken file may well be the project's own: saying "none here or above" would mislead
        if candidate.is_file() and soundspec_table(read_pyproject(candidate)) is not None:
            return folder
    raise UsageError(f"no pyproject.toml with a {TABLE} table in {here} or above (soundspec init makes one)")


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise UsageError(f"{where} must be a non-empty string, got {value!r}")
    return value


def _api(root: Path, entry: Any, generated: str, where: str) -> ApiConfig:
    if not isinstance(entry, dict):
        raise UsageError(f"{where}: each entry of apis must be a table {{ name = ..., spec = ... }}, got {entry!r}")
    for key in ("name", "spec", "package", "output"):
        if key not in entry:
            raise UsageError(f"{where}: api entry {entry!r} lacks {key!r}")
    return ApiConfig(
        name=_text(f"{where}: name", entry["name"]),
        spec=root / _text(f"{where}: spec", entry["spec"]),
        package=_text(f"{where}: package", entry["package"]),
        output=root / _text(f"{where}: output", entry["output"]),
        docs=root / _text(f"{where}: docs", entry.get("docs", f"{generated}/docs")),
    )


def load_project(root: Path | None = None) -> Project:
    root = find_root(root)
    where = f"{root / 'pyproject.toml'}: {TABLE}"
    table = soundspec_table(read_pyproject(root / "pyproject.toml"))
    if not isinstance(table, dict):
        raise UsageError(f"{where} must be a table, got {table!r}")
    generated = _text(f"{where} generated", table.get("generated", "generated"))
    apis = table.get("apis", [])
    if not isinstance(apis, list):
        raise UsageError(f"{where} apis must be an array of tables, got {apis!r}")
    return Project(
        root=root, apis=tuple(_api(root, entry, generated, where) for entry in apis), generated=root / generated
    )
