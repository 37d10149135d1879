"""Load a YAML (or JSON) document into plain data plus the source line of every JSON pointer.

PyYAML's C composer gives nodes with marks twenty times faster than a round-trip loader; the
scalars are then resolved with the YAML 1.2 core schema (what openapi tools assume), not
PyYAML's 1.1 rules, so `on`, `no` and `2012-01-23` stay strings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .wire.yamlsafe import loader_for

# Aliases let a few lines stand for billions of nodes ("billion laughs"): a document may expand to
# this many nodes plus two per character of its text (no document without aliases comes close)
EXPANSION_ALLOWANCE = 50_000

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")


class YamlSyntaxError(Exception):
    """The text is not YAML; carries the 1-based line and column of the problem."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def escape(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape(str(t)) for t in tokens)


@dataclass
class SourceMap:
    """JSON pointer -> 1-based line, for a document loaded from text."""

    lines: dict[str, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def line_of(self, pointer: str) -> int:
        """The line of `pointer`, or of its nearest ancestor that has one."""
        while True:
            if pointer in self.lines:
                return self.lines[pointer]
            if not pointer:
                return 1
            pointer = pointer.rsplit("/", 1)[0]


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style:  # quoted or block scalars are always strings (plain is None, or "" from libyaml)
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _OCT.match(value):
        return int(value[2:], 8)
    if _HEX.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value


class _Builder:
    """Plain data from composed nodes, refusing what JSON cannot hold or what aliases blow up.

    An alias is the same node object met again: met while still being built, it is a cycle.
    """

    def __init__(self, smap: SourceMap | None, budget: int) -> None:
        self.smap = smap
        self.budget = budget
        self.open: set[int] = set()

    def build(self, node: yaml.Node, pointer: str) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise YamlSyntaxError(
                "aliases expand this document to far more nodes than it writes out (a 'billion laughs')", *_place(node)
            )
        if self.smap is not None:
            self.smap.lines.setdefault(pointer, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if id(node) in self.open:
            raise YamlSyntaxError("an alias inside its own anchor: a cycle that JSON cannot hold", *_place(node))
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, pointer)
            return [self.build(item, join(pointer, i)) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, pointer: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key = key if isinstance(key, str) else str(key_node.value)
            child = join(pointer, key) if self.smap is not None else ""
            if self.smap is not None:
                if key in out:
                    self.smap.duplicates.append((child, key_node.start_mark.line + 1))
                self.smap.lines[child] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, child)
        return out


def _place(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _built(node: yaml.Node, smap: SourceMap | None, text: str) -> Any:
    budget = EXPANSION_ALLOWANCE + 2 * len(text)
    try:
        return _Builder(smap, budget).build(node, "")
    except RecursionError:
        raise YamlSyntaxError("nested deeper than this tool reads", *_place(node)) from None


def load_data(text: str) -> Any:
    """Parse YAML 1.2 text into plain data only (a response body: no line map to keep)."""
    node = _compose(text)
    return None if node is None else _built(node, None, text)


def load_text(text: str) -> tuple[Any, SourceMap]:
    """Parse YAML 1.2 (JSON included) text into plain data and its source map."""
    smap = SourceMap()
    node = _compose(text)
    if node is None:
        return None, smap
    return _built(node, smap, text), smap


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=loader_for(text))
    except RecursionError:
        raise YamlSyntaxError("nested deeper than this tool reads", 1, 1) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        message = str(err.problem or err.context or "invalid YAML")
        started = err.context_mark
        if err.problem and err.context and started is not None:
            message += f" ({err.context} started at line {started.line + 1}, column {started.column + 1})"
        raise YamlSyntaxError(message, line, column) from None
    except yaml.YAMLError as err:
        raise YamlSyntaxError(str(err), 1, 1) from None


def load_file(path: Path) -> tuple[Any, SourceMap]:
    return load_text(path.read_text(encoding="utf-8"))
