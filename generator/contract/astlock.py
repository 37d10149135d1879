"""`ast.parse` one thread at a time while schemathesis runs operations in worker threads.

CPython before 3.13 keeps the AST constructor's recursion depth in interpreter-wide state, so
two threads parsing at once corrupt each other's count and one of them dies with
"SystemError: AST constructor recursion depth mismatch" (cpython gh-106905 and its follow-ups).
Hypothesis parses source whenever it describes a lambda or a strategy, so `--workers 2` or more
turned into spurious errors in random operations. A lock around `ast.parse` costs nothing
measurable (hypothesis caches what it parsed) and makes parallel runs as sound as serial ones.
"""

from __future__ import annotations

import ast
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_AFFECTED = sys.version_info < (3, 13)


class _Guard:
    """Counts the runs in force (they may nest, or overlap in threads); the last one restores `ast.parse`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.parse_lock = threading.RLock()
        self.depth = 0
        self.saved: Callable[..., Any] | None = None

    def enter(self) -> None:
        with self.lock:
            if self.depth == 0:
                original = ast.parse
                self.saved = original
                parse_lock = self.parse_lock

                def parse(*args: Any, **kwargs: Any) -> Any:
                    with parse_lock:
                        return original(*args, **kwargs)

                ast.parse = parse
            self.depth += 1

    def leave(self) -> None:
        with self.lock:
            self.depth -= 1
            if self.depth == 0 and self.saved is not None:
                ast.parse = self.saved
                self.saved = None


_GUARD = _Guard()


@contextmanager
def serialized_ast_parse(threads: int) -> Iterator[None]:
    """For the block, `ast.parse` holds a lock when `threads` > 1 on an affected CPython."""
    if threads <= 1 or not _AFFECTED:
        yield
        return
    _GUARD.enter()
    try:
        yield
    finally:
        _GUARD.leave()
