"""Local `$ref` resolution and document walking: under the API model, and for readers of schemas and bodies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .yamlsource import join, unescape


class DanglingRef(LookupError):
    """A `$ref` that points at nothing in the document."""


def resolve_pointer(doc: Any, ref: str) -> Any:
    """The value at a local reference such as `#/components/schemas/Sound`."""
    if not ref.startswith("#"):
        raise DanglingRef(f"only local references are supported: {ref}")
    node = doc
    fragment = ref[1:]
    if not fragment:
        return doc
    for raw in fragment.lstrip("/").split("/"):
        token = unescape(raw)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise DanglingRef(f"$ref {ref} points at nothing")
    return node


def deref(doc: Any, node: Any, *, limit: int = 32) -> Any:
    """Follow `$ref` chains at the top of `node` (siblings of `$ref` are dropped)."""
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        node = resolve_pointer(doc, node["$ref"])
        seen += 1
        if seen > limit:
            raise DanglingRef("$ref chain too long or circular")
    return node


def follow(doc: Any, pointer: str, node: Any) -> tuple[str, Any]:
    """(pointer, node) at the end of the `$ref` chain starting at `node` (found at `pointer`)."""
    for _ in range(32):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return pointer, node
        pointer, node = node["$ref"][1:], resolve_pointer(doc, node["$ref"])
    raise DanglingRef(f"$ref chain at {pointer} is too long or circular")


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (pointer, value) in the document, parents before children."""
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, join(pointer, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, join(pointer, i))
