"""Helpers shared by tests (importable as `tests.support`; fixtures live in conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

MakeProject = Callable[..., Path]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes: two equal results mean byte-for-byte equal trees."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
