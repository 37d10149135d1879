"""The line that states which project a command works on, written before the command's first output.

Held back until the command writes something: a command that fails on bad input before any output
still says so in one line, while one that works says first where it works.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO


class _Pending:
    def __init__(self, line: str, stream: TextIO) -> None:
        self.line: str | None = line
        self.stream = stream

    def emit(self) -> None:
        if self.line is not None:
            line, self.line = self.line, None
            self.stream.write(line + "\n")
            self.stream.flush()


class _Announcing:
    """A text stream that emits the pending line before its first write."""

    def __init__(self, stream: TextIO, pending: _Pending) -> None:
        self._stream = stream
        self._pending = pending

    def write(self, text: str) -> int:
        if text:
            self._pending.emit()
        return self._stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def announcing(line: str | None) -> Iterator[_Pending | None]:
    """Within the block, the first write to stdout or stderr is preceded by `line` on stderr.

    Yields the pending line; `.line = None` drops it (an error line says everything).
    """
    if line is None:
        yield None
        return
    out, err = sys.stdout, sys.stderr
    pending = _Pending(line, err)
    sys.stdout, sys.stderr = _Announcing(out, pending), _Announcing(err, pending)
    try:
        yield pending
    finally:
        sys.stdout, sys.stderr = out, err
