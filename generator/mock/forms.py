"""Parse query strings, urlencoded and multipart bodies, within the configured bounds.

Rails-style nested names (`track[title]`, `playlist[tracks][][id]`, `ids[]`) are folded into
nested dicts and lists the way Rack did, for APIs whose form schemas are nested objects.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from python_multipart.multipart import MultipartParser, parse_options_header

from .exchange import ApiError, Upload

_KEY = re.compile(r"\[([^\]]*)\]")


def parse_pairs(text: str, max_fields: int) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, max_num_fields=max_fields, errors="replace")
    except ValueError:
        raise ApiError(400, "Too many parameters.") from None


def multidict(pairs: list[tuple[str, Any]]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def flat(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Field name -> value; a name given more than once keeps all its values in a list."""
    grouped = multidict(pairs)
    return {k: v[0] if len(v) == 1 and not k.endswith("[]") else v for k, v in grouped.items()}


def nested(pairs: list[tuple[str, Any]], max_depth: int) -> dict[str, Any]:
    """Rack's nesting: `a[b]=1&a[c][]=2&a[d][][id]=3` -> {"a": {"b": "1", "c": ["2"], "d": [{"id": "3"}]}}."""
    out: dict[str, Any] = {}
    for name, value in pairs:
        head = name.split("[", 1)[0]
        keys = [head, *_KEY.findall(name[len(head) :])] if head else [name]
        if len(keys) > max_depth:  # the insertion recurses once per level (Rack stopped at 100)
            raise ApiError(400, "A form field name is nested too deeply.")
        _insert(out, keys, value)
    return out


def _insert(node: dict[str, Any], keys: list[str], value: Any) -> None:
    key, rest = keys[0], keys[1:]
    if not rest:
        node[key] = value
        return
    if rest[0] == "":
        items = node.get(key)
        if not isinstance(items, list):
            items = node[key] = []
        if len(rest) == 1:
            items.append(value)
            return
        # `[][id]`: a new element starts when the last one already has this key
        sub_key = rest[1]
        if not items or not isinstance(items[-1], dict) or sub_key in items[-1]:
            items.append({})
        _insert(items[-1], rest[1:], value)
        return
    child = node.get(key)
    if not isinstance(child, dict):
        child = node[key] = {}
    _insert(child, rest, value)


def multipart(body: bytes, content_type: str, max_fields: int) -> list[tuple[str, Any]]:
    """(name, text or Upload) for every part, in order."""
    _, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if not boundary:
        raise ApiError(400, "The multipart body has no boundary.")
    parts: list[tuple[str, Any]] = []
    state: dict[str, Any] = {}

    def on_part_begin() -> None:
        state.update(headers={}, data=bytearray(), field=b"")

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["headers"][state["field"].lower()] = state["headers"].get(state["field"].lower(), b"") + data[start:end]

    def on_header_end() -> None:
        state["field"] = b""

    def on_part_data(data: bytes, start: int, end: int) -> None:
        state["data"] += data[start:end]

    def on_part_end() -> None:
        if len(parts) >= max_fields:
            raise ApiError(400, "Too many form fields.")
        _, disposition = parse_options_header(state["headers"].get(b"content-disposition", b""))
        name = disposition.get(b"name", b"").decode("utf-8", "replace")
        data = bytes(state["data"])
        if b"filename" in disposition:
            kind = state["headers"].get(b"content-type", b"application/octet-stream").decode("latin-1")
            parts.append((name, Upload(disposition[b"filename"].decode("utf-8", "replace"), kind, data)))
        else:
            parts.append((name, data.decode("utf-8", "replace")))

    callbacks: Any = {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field, "on_header_value": on_header_value,
        "on_header_end": on_header_end, "on_part_data": on_part_data, "on_part_end": on_part_end,
    }  # fmt: skip
    try:
        # the parser refuses boundaries over 256 characters when it is built (RFC 2046 allows 70)
        parser = MultipartParser(boundary, callbacks)
        parser.write(body)
        parser.finalize()
    except ApiError:
        raise
    except Exception:
        raise ApiError(400, "The multipart body cannot be parsed.") from None
    return parts
