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

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis.internal.cache import LRUCache
from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants
from hypothesis.internal.floats import float_to_int


def _no_constants() -> Constants:
    sorted_set: Any = type(providers.GLOBAL_CONSTANTS.integers)  # sortedcontainers.SortedSet, untyped
    return Constants(
        integers=sorted_set(), floats=sorted_set(key=float_to_int), bytes=sorted_set(), strings=sorted_set()
    )


def _fresh_cache() -> None:
    """Drop what hypothesis cached from the constants it saw (local ones included)."""
    providers.CONSTANTS_CACHE = LRUCache(1024)


class _Switch:
    """Counts the blocks in force (runs may nest, or overlap in threads) and restores hypothesis after the last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.saved: Any = None

    def enter(self) -> None:
        with self.lock:
            if self.depth == 0:
                self.saved = providers._get_local_constants
                empty = _no_constants()
                providers._get_local_constants = lambda: empty
                _fresh_cache()
            self.depth += 1

    def leave(self) -> None:
        with self.lock:
            self.depth -= 1
            if self.depth == 0:
                providers._get_local_constants = self.saved
                _fresh_cache()


_SWITCH = _Switch()


@contextmanager
def reproducible() -> Iterator[None]:
    """Hypothesis without local-module constants for the duration of the block."""
    if not hasattr(providers, "_get_local_constants"):
        yield
        return
    _SWITCH.enter()
    try:
        yield
    finally:
        _SWITCH.leave()
