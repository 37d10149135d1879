"""Recorded JSON laid out for reading without changing a single token of it.

`json.dumps(json.loads(body))` rewrites numbers (`20.000333333299999` becomes `20.0003333333`),
string escapes and key spellings the server chose; a recording must be shown as it was sent, so
only the whitespace between tokens is ever changed here.
"""

from __future__ import annotations

import json
import re

_TOKEN = re.compile(r'\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}\[\]:,])', re.S)
_OPEN = {"{": "}", "[": "]"}


def tokens(text: str) -> list[str] | None:
    """The JSON tokens of `text` as written; None unless `text` is exactly one strict JSON value."""
    try:
        json.loads(text, parse_constant=_refuse)  # NaN and Infinity are no JSON tokens
    except ValueError:
        return None
    out, pos = [], 0
    while (match := _TOKEN.match(text, pos)) is not None:
        out.append(match.group(1))
        pos = match.end()
    return out if not text[pos:].strip() else None


def _refuse(name: str) -> None:
    raise ValueError(name)


def reindent(text: str, indent: int = 2) -> str | None:
    """`text` with one member or item a line (the layout of `json.dumps(..., indent=2)`), every
    token kept as written; None when `text` is not one strict JSON value."""
    found = tokens(text)
    if found is None:
        return None
    out: list[str] = []
    depth = 0
    for i, part in enumerate(found):
        if part in _OPEN:
            empty = i + 1 < len(found) and found[i + 1] == _OPEN[part]
            depth += 0 if empty else 1
            out.append(part if empty else part + "\n" + " " * indent * depth)
        elif part in ("}", "]"):
            if found[i - 1] not in _OPEN:
                depth -= 1
                out.append("\n" + " " * indent * depth)
            out.append(part)
        elif part == ",":
            out.append(",\n" + " " * indent * depth)
        elif part == ":":
            out.append(": ")
        else:
            out.append(part)
    return "".join(out)
