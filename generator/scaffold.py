"""`soundspec init`: start a project in any folder, a `[tool.soundspec]` table and a first spec."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .config import TABLE, read_pyproject, soundspec_table
from .errors import UsageError
from .specs import load_spec

STARTER = Path(__file__).parent / "starter" / "spec.yaml"


@dataclass(frozen=True)
class Started:
    pyproject: Path
    created_pyproject: bool
    spec: Path
    name: str


def api_name(raw: str) -> str:
    """A name that is a command-line word and, with `_client`, a Python package name."""
    name = re.sub(r"[^a-z0-9]+", "_", raw.lower()).strip("_")
    if not name or name[0].isdigit():
        raise UsageError(f"cannot make an API name from {raw!r}: give one, e.g. soundspec init myapi")
    return name


def table_text(name: str, spec: str) -> str:
    package = f"{name}_client"
    return (
        f"\n{TABLE}\n"
        "# where generated clients and docs go; soundspec writes nowhere else\n"
        'generated = "generated"\n'
        "apis = [\n"
        f'    {{ name = "{name}", spec = "{spec}", package = "{package}", '
        f'output = "generated/clients/{package}", docs = "generated/docs" }},\n'
        "]\n"
    )


def init_project(folder: Path, name: str | None, from_spec: Path | None) -> Started:
    """Write the table (and pyproject.toml when missing) and the spec; refuse to overwrite either."""
    pyproject = folder / "pyproject.toml"
    existing = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else None
    if existing is not None and soundspec_table(read_pyproject(pyproject)) is not None:
        raise UsageError(f"{pyproject} already has a {TABLE} table: add the API to its apis by hand")
    if from_spec is not None:
        load_spec(from_spec)  # not OpenAPI 3.1, or not there: say so before writing anything
    name = api_name(name or (from_spec.stem if from_spec else folder.resolve().name))
    spec = folder / "specs" / f"{name}.yaml"
    if spec.exists():
        raise UsageError(f"{spec} already exists: give another name, or --from-spec {spec}")
    spec.parent.mkdir(parents=True, exist_ok=True)
    if from_spec is not None:
        shutil.copyfile(from_spec, spec)
    else:
        title = name.replace("_", " ").title()
        text = STARTER.read_text(encoding="utf-8").replace("__TITLE__", title)
        spec.write_text(text.replace("__CLASS__", title.replace(" ", "")), encoding="utf-8")
    table = table_text(name, spec.relative_to(folder).as_posix())
    if existing is None:
        pyproject.write_text(table.lstrip("\n"), encoding="utf-8")
    else:
        pyproject.write_text(existing.rstrip("\n") + "\n" + table, encoding="utf-8")
    return Started(pyproject, existing is None, spec, name)
