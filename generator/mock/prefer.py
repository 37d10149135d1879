"""Ask the mock for a given answer, as Prism's `Prefer: code=404, example=name` does.

A request names a status and/or a named example of its operation in the `Prefer` header (the
preferences `code` and `example`; any other preference is ignored, as RFC 7240 asks of a server
that does not know it) or, for clients that cannot set headers, in the query switches `__code`
and `__example`, which are taken out of the query before anything else reads it. What is asked
for is held to what the operation declares: a status it does not answer with, or an example its
answers do not have, is refused as the request's own input (the API's 400).

The request is routed, validated and authenticated first, as any other: a preference picks the
answer to a request the mock would have served, never lets an invalid one through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .apis.base import Context, example_or_synth
from .compiled import Operation
from .exchange import ApiError, Reply
from .synth import rng

HEADER = "prefer"
# a refusal's reason, for the APIs whose error shape carries none (SoundCloud's "400 - Bad Request")
REASON = "x-soundspec-prefer-error"
SWITCHES = {"code": "__code", "example": "__example"}
_TOKEN = re.compile(r'\s*([A-Za-z_-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,;\s]*)\s*')


@dataclass(frozen=True)
class Preference:
    code: int | None = None
    example: str | None = None

    def describe(self) -> str:
        parts = ([f"code={self.code}"] if self.code is not None else []) + (
            [f"example={self.example}"] if self.example is not None else []
        )
        return "Prefer: " + ", ".join(parts)


def read(headers: Mapping[str, str], query: dict[str, list[str]]) -> Preference | None:
    """The preference a request states (the query switches win over the header); the switches
    leave `query`. ApiError(400) for a `code` that is not a status."""
    asked: dict[str, str] = {}
    for part in re.split(r"[,;]", headers.get(HEADER, "")):
        found = _TOKEN.fullmatch(part)
        if found and found.group(1).lower() in SWITCHES:
            value = found.group(2)
            asked[found.group(1).lower()] = json.loads(value) if value.startswith('"') else value
    for key, switch in SWITCHES.items():
        values = query.pop(switch, None)
        if values:
            asked[key] = values[-1]
    if not asked:
        return None
    code = asked.get("code")
    if code is not None and not (code.isascii() and code.isdigit() and 100 <= int(code) <= 599):
        raise _refusal(f"Prefer: code={code!r} is not an HTTP status (100-599).")
    return Preference(int(code) if code is not None else None, asked.get("example"))


def _examples(ctx: Context, response: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """Every named example of a response: name -> (media type it is given for, its value)."""
    found: dict[str, tuple[str, Any]] = {}
    for media, entry in (response.get("content") or {}).items():
        for name, named in ((entry or {}).get("examples") or {}).items():
            example = ctx.api.model.resolve(named)  # a named example may be a `$ref` to components
            if isinstance(example, dict) and "value" in example:
                found.setdefault(str(name), (str(media), example["value"]))
    return found


def _status(key: str) -> int:
    return int(key) if key.isdigit() else (int(key[0]) * 100 if key[0].isdigit() else 200)


def choose(ctx: Context, op: Operation, preference: Preference) -> int:
    """The status the preference asks for, once held to what `op` declares; ApiError(400) when it declares none such."""
    declared = ", ".join(op.responses)
    if preference.code is not None and not op.declares(preference.code):
        raise _refusal(f"{preference.describe()}: {op.op_id} declares no {preference.code} answer ({declared}).")
    if preference.example is None:
        assert preference.code is not None
        return preference.code
    keys = [k for k in op.responses if preference.code is None or op.response(preference.code) is op.responses[k]]
    for key in keys:
        if preference.example in _examples(ctx, op.responses[key]):
            return preference.code if preference.code is not None else _status(key)
    names = sorted({name for key in keys for name in _examples(ctx, op.responses[key])})
    where = f"{preference.code} answer" if preference.code is not None else "answers"
    raise _refusal(
        f"{preference.describe()}: {op.op_id}'s {where} have no example {preference.example!r} "
        f"({'examples: ' + ', '.join(names) if names else 'none is named'}).",
    )


def answer(ctx: Context, op: Operation, preference: Preference, status: int, structured: frozenset[str]) -> Reply:
    """The answer asked for: the named example, else the first example of the status, else one
    made from its schema (an error without an example: ApiError, answered in the API's shape).

    `structured` are the media types the mock renders from data (JSON, the API's XML, YAML):
    an example given for one of them is rendered in the negotiated format, any other (an HTML
    page, an RSS feed) is sent as written."""
    response = op.response(status) or {}
    content = response.get("content") or {}
    if preference.example is not None:
        media, value = _examples(ctx, response)[preference.example]
    elif not content:
        return Reply(status=status, raw=b"", media_type=None)
    else:
        media, entry = next(iter(content.items()))
        exemplified = "example" in entry or bool(entry.get("examples"))
        if status >= 400 and not exemplified:
            raise ApiError(status, f"The answer asked for with {preference.describe()}.")
        if not exemplified and not _structured(media, structured):
            return Reply(status=status, raw=b"mock bytes\n", media_type=media)  # audio, images: any bytes
        value = example_or_synth(ctx, entry, rng(status))
    if _structured(media, structured):
        return Reply(status=status, body=value)
    raw = value.encode() if isinstance(value, str) else json.dumps(value).encode()
    return Reply(status=status, raw=raw, media_type=media)


def _structured(media: str, structured: frozenset[str]) -> bool:
    return media.lower() in structured or "json" in media.lower()


def _refusal(message: str) -> ApiError:
    return ApiError(400, message, headers={REASON: message.encode("latin-1", "replace").decode("latin-1")})
