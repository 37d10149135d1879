"""Read JSONP: the JSON inside a callback, in an API's wrap (`{callback}({body})`, `/**/{callback}({body});`).

Self-contained (stdlib only): the client runtime template includes this file verbatim, so the
toolkit's checks and every generated client unwrap JSONP the same way.

The servers echoed the callback exactly as the request sent it, whatever its characters (piston
never checked it), so the callback may itself hold the wrap's delimiters: every split after the
callback is tried, first to last, until the rest reads as JSON.
"""

from __future__ import annotations

import json
from typing import Any


class JsonpError(ValueError):
    """The text is not JSONP in this wrap, or wraps no JSON."""


def unwrap(text: str, wrap: str) -> Any:
    """The JSON value inside `text`, wrapped by `wrap`; JsonpError when there is none."""
    head, _, rest = wrap.partition("{callback}")
    middle, _, tail = rest.partition("{body}")
    text = text.strip()
    if not (text.startswith(head) and text.endswith(tail) and len(text) >= len(head) + len(tail)):
        raise JsonpError("not JSONP in this API's wrap")
    inner = text[len(head) : len(text) - len(tail)]
    at = inner.find(middle)
    error = "no callback"
    while at >= 0:
        try:
            return json.loads(inner[at + len(middle) :])
        except ValueError as err:
            error = str(err)
        at = inner.find(middle, at + 1)
    raise JsonpError(f"JSONP wraps no JSON: {error}")
