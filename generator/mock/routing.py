"""Route a request path to an operation: the API's base path, format suffixes, trailing slashes.

Built once from the spec's paths. Literal templates are a dict look-up; templated ones are
tried literal-first (`/sounds/search/` before `/sounds/{sound_id}/`). Path parameters are
matched on the raw (still percent-encoded) path and decoded afterwards, so an encoded `/`
stays inside its parameter.
"""

from __future__ import annotations

import re
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
        self.static: dict[str, dict[str, Operation]] = {}
        dynamic: dict[str, tuple[re.Pattern[str], tuple[str, ...], dict[str, Operation]]] = {}
        for op in api.operations:
            key = self._normal(op.template)
            names = tuple(_PARAM.findall(key))
            if not names:
                self.static.setdefault(key, {})[op.method] = op
                continue
            if key not in dynamic:
                spans = {p.name for p in op.params if p.spans_slashes}
                groups = ["(.+?)" if name in spans else "([^/]+)" for name in names]
                literals = [re.escape(part) for part in _PARAM.split(key)[::2]]
                pattern = "^" + "".join(lit + grp for lit, grp in zip(literals, [*groups, ""], strict=True)) + "$"
                dynamic[key] = (re.compile(pattern), names, {})
            dynamic[key][2][op.method] = op
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

    def resolve(self, method: str, path: str) -> Match | Redirect | NoRoute:
        """`path` is below the base path and still percent-encoded."""
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
        methods = self.static.get(path)
        params: dict[str, str] = {}
        if methods is None:
            for pattern, names, candidates in self.dynamic:
                found = pattern.match(path)
                if found:
                    methods = candidates
                    params = {n: unquote(v) for n, v in zip(names, found.groups(), strict=True)}
                    break
        if methods is None:
            return NoRoute(())
        op = methods.get(method) or (methods.get("GET") if method == "HEAD" else None)
        if op is None:
            return NoRoute(tuple(sorted(methods)))
        return Match(op, params, suffix)
