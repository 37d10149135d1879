"""ARCHITECTURE.md's import rules, held by reading every module's imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_project
from tests.support import ROOT

GENERATOR = ROOT / "generator"
FEATURES = ("clients", "docs", "mock", "contract")
BASE = ("specs", "lint", "quirks", "apimodel", "refs", "yamlsource", "jsonschemas", "naming", "recordings", "errors",
        "config", "generator_config", "output", "wire", "xmlnames", "scaffold", "starter", "announce",
        "freshness")  # fmt: skip
ALLOWED = {"contract": {"mock"}}  # the contract tools start a mock to test against
GENERATED_PACKAGES = {api.package for api in load_project(ROOT).apis}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved)."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _area(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "generator" else None


MODULES = sorted(GENERATOR.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(ROOT).as_posix() for p in MODULES])
def test_each_module_imports_only_what_architecture_allows(path: Path) -> None:
    own = _area(_module_name(path)) or ""
    for name in imports_of(path):
        other = _area(name)
        assert name.split(".")[0] not in GENERATED_PACKAGES, f"{path} imports a generated client: {name}"
        if own == "wire":
            assert other is None, f"generator.wire must import nothing of ours: {name}"
        if own in BASE:
            assert other not in (*FEATURES, "pipeline", "cli"), f"base module {path} imports {name}"
        if own in FEATURES and other in FEATURES and other != own:
            assert other in ALLOWED.get(own, set()), f"{path}: generator.{own} may not import {name}"


# the API model reads the document's operations; `lower` rewrites a copy of it for the stock generator
OPERATION_WALKERS = {"generator/apimodel.py", "generator/clients/lower.py"}


@pytest.mark.parametrize("path", MODULES, ids=[p.relative_to(ROOT).as_posix() for p in MODULES])
def test_only_the_model_reads_the_documents_operations(path: Path) -> None:
    # every other reader takes operations, merged parameters and resolved bodies from generator.apimodel
    if path.relative_to(ROOT).as_posix() in OPERATION_WALKERS:
        return
    assert "generator.apimodel.iter_operation_nodes" not in imports_of(path), path
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}
    assert "paths" not in literals, f"{path} walks the document's paths: read the operations of generator.apimodel"


def test_every_part_of_the_toolkit_has_its_place_in_the_rules() -> None:
    # a module outside every list would escape the import rules (and ARCHITECTURE.md's table)
    parts = {p.stem if p.is_file() else p.name for p in GENERATOR.iterdir() if p.suffix == ".py" or p.is_dir()}
    parts -= {"__pycache__"}
    parts -= {"__init__", "__main__"}
    assert sorted(parts - {*BASE, *FEATURES, "pipeline", "cli"}) == []
    table = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert [p for p in sorted(parts) if f"`generator/{p}" not in table] == []


def test_generated_code_never_imports_the_toolkit() -> None:
    for path in sorted((ROOT / "generated" / "clients").rglob("*.py")):
        roots = {name.split(".")[0] for name in imports_of(path)}
        assert "generator" not in roots, path
        assert "bench" not in roots and "tests" not in roots, path


def test_the_help_imports_nothing_heavy() -> None:
    # `soundspec --help` registers every command first: what that imports is the start-up time
    probe = (
        "import sys\n"
        "from generator import cli\n"
        "cli._register_optional_commands()\n"
        "cli.app(['--help'], standalone_mode=False)\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = set(done.stderr.split())
    heavy = {"rich", "openapi_python_client", "schemathesis", "uvicorn", "httpx", "jsonschema", "yaml"}
    assert sorted(heavy & loaded) == []
    assert sorted(m for m in loaded if m.startswith("generator.") and m.split(".")[1] in (*BASE, "pipeline")) == [
        "generator.errors"
    ]
