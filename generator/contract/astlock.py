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

from .patching import CountedPatch

_AFFECTED = sys.version_info < (3, 13)


def _locked(parse: Callable[..., Any]) -> Callable[..., Any]:
    lock = threading.RLock()

    def locked_parse(*args: Any, **kwargs: Any) -> Any:
        with lock:
            return parse(*args, **kwargs)

    return locked_parse


_PATCH = CountedPatch(ast, "parse", _locked)


@contextmanager
def serialized_ast_parse(threads: int) -> Iterator[None]:
    """For the block, `ast.parse` holds a lock when `threads` > 1 on an affected CPython."""
    if threads <= 1 or not _AFFECTED:
        yield
        return
    with _PATCH.applied():
        yield
