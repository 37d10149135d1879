"""Local `$ref` resolution and document walking, shared by the lint, the generator and the mock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .yamlsource import join, unescape

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


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


def iter_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(path, method, operation, pointer) for every operation, in document order."""
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, op, join("/paths", path, method)


def operation_parameters(spec: dict[str, Any], path_item: Any, op: dict[str, Any]) -> list[dict[str, Any]]:
    """An operation's Parameter Objects, `$ref`s followed: its path item's, overridden by its own (name and in)."""
    item = deref(spec, path_item) if isinstance(path_item, dict) else {}
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for node in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
        param = deref(spec, node)
        if isinstance(param, dict) and "name" in param:
            merged[(str(param["name"]), str(param.get("in")))] = param
    return list(merged.values())


def server_url(owner: dict[str, Any]) -> str | None:
    """The first server's base URL of a document, path item or operation (variables at their defaults)."""
    servers = owner.get("servers")
    if not servers or not isinstance(servers[0], dict):
        return None
    url = str(servers[0].get("url", ""))
    for name, var in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(var.get("default", "")))
    return url.rstrip("/")


def own_server(spec: dict[str, Any], path_item: Any, op: dict[str, Any]) -> str | None:
    """The operation's base URL where it (or its path item) names a server other than the document's."""
    item = deref(spec, path_item) if isinstance(path_item, dict) else {}
    url = server_url(op) or server_url(item)
    return None if url is None or url == server_url(spec) else url
