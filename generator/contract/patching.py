"""A process-wide attribute swapped while any of several blocks is in force.

Fuzz runs may nest or overlap in threads; each patch they need is applied when the first block
enters and undone when the last one leaves, never by a block that others still rely on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class CountedPatch:
    """`owner.name` replaced by `make(original)` while blocks are in force; `reset` runs after each swap."""

    def __init__(
        self, owner: Any, name: str, make: Callable[[Any], Any], reset: Callable[[], None] | None = None
    ) -> None:
        self.owner, self.name, self.make, self.reset = owner, name, make, reset
        self.lock = threading.Lock()
        self.depth = 0
        self.saved: Any = None

    @contextmanager
    def applied(self) -> Iterator[None]:
        with self.lock:
            if self.depth == 0:
                self.saved = getattr(self.owner, self.name)
                setattr(self.owner, self.name, self.make(self.saved))
                self._reset()
            self.depth += 1
        try:
            yield
        finally:
            with self.lock:
                self.depth -= 1
                if self.depth == 0:
                    setattr(self.owner, self.name, self.saved)
                    self.saved = None
                    self._reset()

    def _reset(self) -> None:
        if self.reset is not None:
            self.reset()
