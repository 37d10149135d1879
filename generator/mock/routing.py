"""Route a request path to an operation: the API's base path, format suffixes, trailing slashes.

Built once from the spec's paths. Literal templates are a dict look-up; templated ones are
tried literal-first (`/sounds/search/` before `/sounds/{sound_id}/`). Path parameters are
matched on the raw (still percent-encoded) path and decoded afterwards, so an encoded `/`
stays inside its parameter. Operations dispatched on one path (`x-soundspec-dispatch`) are told
apart by their parameter's value in the query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from .compiled import CompiledApi, Operation

_PARAM = re.compile(r"\{([^}/]+)\}")


@dataclass(frozen=True)
class Match:
    op: Operation
    params: dict[str, str]
    suffix: str | None  # a format name given as a path suffix (`/tracks.json`)


@dataclass(frozen=True)
class Redirect:
    status: int
    path: str  # the full path (base path included) to redirect to


@dataclass(frozen=True)
class NoRoute:
    allowed: tuple[str, ...]  # empty: no such path; else the methods the path has (405)


@dataclass(frozen=True)
class NoDispatch:
    """The path and method take several operations, and the query names none of them."""

    param: str
    given: str | None
    values: tuple[str, ...]


# method -> the operations it may be on one path (one, or several told apart by a dispatch value)
Methods = dict[str, list[Operation]]


class Router:
    def __init__(self, api: CompiledApi) -> None:
        self.prefix = api.prefix
        quirks = api.quirks
        slash = quirks.trailing_slash
        self.slash_required = bool(slash and slash.required)
        self.redirect = slash.redirect if slash and slash.required else None
        formats = quirks.formats
        self.suffixes: tuple[str, ...] = ()
        if formats is not None and any(s.by == "suffix" for s in formats.selection):
            self.suffixes = tuple(f".{name}" for name in formats.formats)
        self.static: dict[str, Methods] = {}
        dynamic: dict[str, tuple[re.Pattern[str], tuple[str, ...], Methods]] = {}
        for op in api.operations:
            key = self._normal(op.template)
            names = tuple(_PARAM.findall(key))
            if not names:
                self.static.setdefault(key, {}).setdefault(op.method, []).append(op)
                continue
            if key not in dynamic:
                spans = {p.name for p in op.params if p.spans_slashes}
                groups = ["(.+?)" if name in spans else "([^/]+)" for name in names]
                literals = [re.escape(part) for part in _PARAM.split(key)[::2]]
                pattern = "^" + "".join(lit + grp for lit, grp in zip(literals, [*groups, ""], strict=True)) + "$"
                dynamic[key] = (re.compile(pattern), names, {})
            dynamic[key][2].setdefault(op.method, []).append(op)
        # more literal text first, then longer templates: /sounds/search/ beats /sounds/{id}/
        order = sorted(dynamic, key=lambda k: (-len(_PARAM.sub("", k)), -k.count("/")))
        self.dynamic = [dynamic[k] for k in order]

    def _normal(self, path: str) -> str:
        if self.slash_required or path == "/":
            return path
        return path.rstrip("/") or "/"

    def inside(self, raw_path: str) -> str | None:
        """The path below the API's base path, or None when the request is outside it."""
        if not self.prefix:
            return raw_path or "/"
        if raw_path == self.prefix or raw_path.startswith(self.prefix + "/"):
            return raw_path[len(self.prefix) :] or "/"
        return None

    def resolve(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]] | None = None,
        form: Mapping[str, list[str]] | None = None,
    ) -> Match | Redirect | NoRoute | NoDispatch:
        """`path` is below the base path and still percent-encoded; `query` (or the `form` body)
        picks a dispatched operation."""
        if self.slash_required and not path.endswith("/"):
            if self.redirect:
                return Redirect(self.redirect, f"{self.prefix}{path}/")
            return NoRoute(())
        path = self._normal(path)
        suffix = None
        if self.suffixes:
            tail = path.rsplit("/", 1)[-1]
            for ext in self.suffixes:
                if tail.endswith(ext) and len(tail) > len(ext):
                    path, suffix = path[: -len(ext)], ext[1:]
                    break
        params: dict[str, str] = {}
        methods: Methods | None = self.static.get(path)
        if methods is None:
            for pattern, names, candidates in self.dynamic:
                found = pattern.match(path)
                if found:
                    methods = candidates
                    params = {n: unquote(v) for n, v in zip(names, found.groups(), strict=True)}
                    break
        if methods is None:
            return NoRoute(())
        ops = methods.get(method) or (methods.get("GET") if method == "HEAD" else None)
        if not ops:
            return NoRoute(tuple(sorted(methods)))
        op = _dispatched(ops, query or {}, form)
        if isinstance(op, NoDispatch):
            return op
        return Match(op, params, suffix)


def _dispatched(
    ops: list[Operation], query: Mapping[str, list[str]], form: Mapping[str, list[str]] | None
) -> Operation | NoDispatch:
    """The operation the query (or form) picks; an operation without a dispatch value takes what no other does."""
    for op in ops:
        if op.model is not None and op.model.dispatch is not None and op.model.dispatch_matches(query, form):
            return op
    plain = [op for op in ops if op.model is None or op.model.dispatch is None]
    if plain:
        return plain[0]
    first = ops[0].model.dispatch if ops[0].model is not None else None
    assert first is not None
    given = ((form or {}) if first.location == "form" else query).get(first.param)
    values = tuple(op.model.dispatch.value for op in ops if op.model is not None and op.model.dispatch is not None)
    return NoDispatch(first.param, given[0] if given else None, values)
