"""A generated client of a test spec, rendered by the real pipeline into a folder and imported from there."""

from __future__ import annotations

import importlib
import io
import shutil
import sys
from pathlib import Path
from types import ModuleType

from rich.console import Console

from generator import pipeline
from generator.config import load_project


def generate_client(root: Path, name: str, spec: Path) -> ModuleType:
    """Generate `<name>_client` from `spec` in a throwaway project at `root`, and import it."""
    (root / "specs").mkdir(parents=True)
    shutil.copyfile(spec, root / "specs" / f"{name}.yaml")
    (root / "pyproject.toml").write_text(
        f'[tool.soundspec]\napis = [{{ name = "{name}", spec = "specs/{name}.yaml", package = "{name}_client", '
        f'output = "generated/clients/{name}_client", docs = "generated/docs" }}]\n'
    )
    project = load_project(root)
    pipeline.generate(project, list(project.apis), Console(file=io.StringIO()))
    sys.path.insert(0, str(root / "generated" / "clients" / f"{name}_client"))
    return importlib.import_module(f"{name}_client")
