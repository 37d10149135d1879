"""A string that matches a schema's `pattern`, drawn from a seeded generator.

The mock invents values; an invented value outside its own schema's `pattern` would make the mock
break the spec it serves (and schemathesis say so). Python's own regex parser reads the pattern;
repeats are kept short, and anything it cannot draw (lookarounds, backreferences to nothing) gives
None, so the caller keeps its own value.
"""

from __future__ import annotations

import random
import re
import re._parser as sre  # type: ignore[import-not-found]  # the stdlib parser: the pattern means what `re` says
import string
from typing import Any

_CATEGORIES = {
    sre.CATEGORY_DIGIT: string.digits,
    sre.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_DIGIT: string.ascii_letters,
    sre.CATEGORY_NOT_WORD: "-.",
    sre.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
}
_PRINTABLE = string.ascii_letters + string.digits + "-_."
_MAX_EXTRA = 3  # repeats drawn at most this far past their minimum


class _Undrawable(Exception):
    pass


def matching(pattern: str, rng: random.Random) -> str | None:
    """A string `re.search(pattern, ...)` finds, or None when the pattern is beyond this generator."""
    try:
        drawn = "".join(_draw(sre.parse(pattern), rng, {}))
    except (_Undrawable, re.error, RecursionError, ValueError):
        return None
    return drawn if re.search(pattern, drawn) else None


def _pick_in(items: list[tuple[Any, Any]], rng: random.Random) -> str:
    negate = bool(items) and items[0][0] is sre.NEGATE
    chars: list[str] = []
    for op, arg in items[1:] if negate else items:
        if op is sre.LITERAL:
            chars.append(chr(arg))
        elif op is sre.RANGE:
            low, high = arg
            chars.extend(chr(c) for c in range(low, min(high, low + 200) + 1))
        elif op is sre.CATEGORY:
            chars.extend(_CATEGORIES.get(arg, ""))
    if negate:
        allowed = [c for c in _PRINTABLE if c not in set(chars)]
        if not allowed:
            raise _Undrawable
        return rng.choice(allowed)
    if not chars:
        raise _Undrawable
    return rng.choice(chars)


def _draw(parsed: Any, rng: random.Random, groups: dict[int, str]) -> list[str]:
    out: list[str] = []
    for op, arg in parsed:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op is sre.NOT_LITERAL:
            out.append(rng.choice([c for c in _PRINTABLE if ord(c) != arg]))
        elif op is sre.ANY:
            out.append(rng.choice(string.ascii_letters))
        elif op is sre.IN:
            out.append(_pick_in(arg, rng))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, sub = arg
            top = low + _MAX_EXTRA if high is sre.MAXREPEAT else min(high, low + _MAX_EXTRA)
            for _ in range(rng.randint(low, top)):
                out.extend(_draw(sub, rng, groups))
        elif op is sre.SUBPATTERN:
            group, _add, _del, sub = arg
            text = "".join(_draw(sub, rng, groups))
            if group is not None:
                groups[group] = text
            out.append(text)
        elif op is sre.BRANCH:
            out.extend(_draw(rng.choice(arg[1]), rng, groups))
        elif op is sre.GROUPREF:
            if arg not in groups:
                raise _Undrawable
            out.append(groups[arg])
        elif op is sre.AT:
            continue
        else:  # lookarounds, conditionals: not drawn
            raise _Undrawable
    return out
