"""The same seed, the same cases, whatever else the process has imported.

Hypothesis draws about one value in twenty from constants it finds in the source of the local
modules loaded so far. In a test run (or any long-lived process) that set depends on what ran
before, so a seeded fuzz run would draw different cases in different processes. While our runs
draw, hypothesis sees no local constants (its built-in ones remain), which makes `--seed`
replay exactly.

This reaches into one private function of hypothesis (`providers._get_local_constants`); if a
release renames it, runs still work, only without this guarantee.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis.internal.cache import LRUCache
from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants
from hypothesis.internal.floats import float_to_int

from .patching import CountedPatch


def _no_constants() -> Constants:
    sorted_set: Any = type(providers.GLOBAL_CONSTANTS.integers)  # sortedcontainers.SortedSet, untyped
    return Constants(
        integers=sorted_set(), floats=sorted_set(key=float_to_int), bytes=sorted_set(), strings=sorted_set()
    )


def _fresh_cache() -> None:
    """Drop what hypothesis cached from the constants it saw (local ones included)."""
    providers.CONSTANTS_CACHE = LRUCache(1024)


def _without_constants(_original: Any) -> Any:
    empty = _no_constants()
    return lambda: empty


_PATCH = CountedPatch(providers, "_get_local_constants", _without_constants, reset=_fresh_cache)


@contextmanager
def reproducible() -> Iterator[None]:
    """Hypothesis without local-module constants for the duration of the block."""
    if not hasattr(providers, "_get_local_constants"):
        yield
        return
    with _PATCH.applied():
        yield
