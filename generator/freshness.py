"""The stamp that lets `soundspec check` answer at once when nothing changed.

After a generation, or a check that found generated/ fresh, the stamp keeps one content hash of
every input (the toolkit's own files and version, the versions of the generator and formatter it
drives, the project's configuration, each spec and its recordings) and one of every file under
generated/. While both still match, rendering again would only reproduce the files already there;
any edit, to an input or by hand under generated/, changes a hash and check renders as before.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from . import __version__
from .config import ApiConfig, Project

CACHE = ".soundspec"  # the project's cache folder; it ignores itself in git
STAMP = "check-stamp.json"
# third-party packages whose version changes what is written
_DRIVEN = ("openapi-python-client", "ruff", "jinja2")
_TOOL_CACHES = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
_TOOLKIT = Path(__file__).resolve().parent


def cache_dir(root: Path) -> Path:
    """`<root>/.soundspec`, made on first use with a .gitignore that keeps it out of commits."""
    folder = root / CACHE
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# soundspec's cache: nothing here belongs in a commit\n*\n", encoding="utf-8")
    return folder


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _TOOL_CACHES.intersection(p.parts))


def _hash(digest: hashlib._Hash, files: list[Path], base: Path) -> None:
    for path in files:
        # the name goes in too: a renamed or moved file is a change
        digest.update(path.relative_to(base).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def inputs_digest(project: Project, apis: list[ApiConfig]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for name in _DRIVEN:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    _hash(digest, _files(_TOOLKIT), _TOOLKIT)
    _hash(digest, [project.root / "pyproject.toml"], project.root)
    for api in apis:
        digest.update(f"{api}".encode())
        _hash(digest, [api.spec, *_files(api.spec.parent / "recordings" / api.name)], api.spec.parent)
    return digest.hexdigest()


def outputs_digest(project: Project) -> str:
    digest = hashlib.sha256()
    _hash(digest, _files(project.generated), project.generated)
    return digest.hexdigest()


def _key(apis: list[ApiConfig]) -> str:
    return ",".join(api.name for api in apis)


def _stamp(project: Project) -> Path:
    return project.root / CACHE / STAMP


def is_fresh(project: Project, apis: list[ApiConfig]) -> bool:
    """Whether generated/ is what a render of `apis` would write, by the stamp alone."""
    try:
        stamps = json.loads(_stamp(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    recorded = stamps.get(_key(apis)) if isinstance(stamps, dict) else None
    return recorded == [inputs_digest(project, apis), outputs_digest(project)]


def record(project: Project, apis: list[ApiConfig]) -> None:
    """Note that generated/ is fresh for `apis`; a stamp that cannot be written only costs speed."""
    try:
        path = cache_dir(project.root) / STAMP
        try:
            stamps = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stamps = {}
        if not isinstance(stamps, dict):
            stamps = {}
        stamps[_key(apis)] = [inputs_digest(project, apis), outputs_digest(project)]
        path.write_text(json.dumps(stamps, indent=1) + "\n", encoding="utf-8")
    except OSError:
        pass
