"""Load, validate and lint a spec. Every finding carries its file, line and JSON pointer.

    file:line: /json/pointer: message

A document that cannot be read at all (missing, not YAML, not OpenAPI 3.1) raises UsageError;
a document that can be read yields all its findings in one run.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .apimodel import Api, api_model
from .errors import UsageError
from .quirks import Quirks
from .refs import DanglingRef, deref, resolve_pointer, walk
from .yamlsource import SourceMap, YamlSyntaxError, join, load_file


@dataclass(frozen=True, order=True)
class Finding:
    file: Path
    line: int
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.pointer or '/'}: {self.message}"


@dataclass
class LoadedSpec:
    path: Path
    data: dict[str, Any]
    source: SourceMap

    @property
    def quirks(self) -> Quirks:
        return self.model.quirks

    @property
    def model(self) -> Api:
        """The resolved model every feature reads (built once per spec content)."""
        return api_model(self.path, self.data)

    def finding(self, pointer: str, message: str) -> Finding:
        return Finding(self.path, self.source.line_of(pointer), pointer, message)


def load_spec(path: Path) -> LoadedSpec:
    """Read a spec file; UsageError when it is missing, not YAML or not an OpenAPI 3.1 document."""
    if not path.is_file():
        raise UsageError(f"{path}: no such spec file")
    try:
        data, source = load_file(path)
    except YamlSyntaxError as err:
        raise UsageError(f"{path}:{err.line}:{err.column}: YAML syntax error: {err}") from None
    except UnicodeDecodeError as err:
        raise UsageError(f"{path}: not UTF-8 text ({err.reason})") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}:1: not an OpenAPI document (the top level is not a mapping)")
    version = data.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.1.")):
        line = source.line_of("/openapi")
        raise UsageError(f"{path}:{line}: not an OpenAPI 3.1 document (openapi: {version!r})")
    return LoadedSpec(path, data, source)


def _without_dangling_refs(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy in which each dangling or circular `$ref` stands replaced by a minimal object valid in its place.

    The lint reports the dangling reference itself; the structural validator then neither reports
    the empty stand-in as incomplete (a response without `description`) nor trips over it (its
    semantic pass reads a parameter's `name` without checking it is there).
    """
    clean = copy.deepcopy(spec)
    for pointer, node in walk(clean):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                deref(clean, node)  # a chain of $refs that comes back to itself is as dangling
            except DanglingRef:
                del node["$ref"]
                node.update(_stand_in(pointer))
    return clean


def _stand_in(pointer: str) -> dict[str, Any]:
    parts = pointer.split("/")
    parent = parts[-2] if len(parts) >= 2 else ""
    if parent == "parameters":
        return {"name": f"dangling-{parts[-1]}", "in": "query", "schema": {}}
    if parent == "responses":
        return {"description": "dangling"}
    if parts[-1] == "requestBody" or parent == "requestBodies":
        return {"content": {}}
    if parent == "headers":
        return {"schema": {}}
    return {}


# Some validator errors name their place only in the message; give them a pointer.
_PLACE_IN_MESSAGE = (
    (re.compile(r"^Operation ID '.*' for '(\w+)' in '(.*)' is not unique$"), "operationId"),
    (re.compile(r"^Path parameter '.*' for '(\w+)' operation in '(.*)' was not resolved$"), None),
)


def _pointer_of(err: Any, spec: dict[str, Any]) -> str:
    steps = list(getattr(err, "absolute_path", ()))
    pointer = join("", *steps)
    if pointer and not _holds(spec, pointer, err.instance):
        from .lint import iter_schemas  # imported where used, as in validate_spec

        # a schema's own check gives a path inside that schema: find the schema it holds for
        within = next((base for base, _ in iter_schemas(spec) if _holds(spec, join(base, *steps), err.instance)), None)
        pointer = join(within, *steps) if within is not None else pointer
    if pointer:
        return pointer
    for pattern, leaf in _PLACE_IN_MESSAGE:
        match = pattern.match(err.message)
        if match:
            method, path = match.groups()
            return join("/paths", path, method, *([leaf] if leaf else []))
    return pointer


def _holds(spec: dict[str, Any], pointer: str, value: Any) -> bool:
    try:
        found = resolve_pointer(spec, "#" + pointer)
    except DanglingRef:
        return False
    return bool(found == value and type(found) is type(value))


def structural_findings(spec: LoadedSpec) -> list[Finding]:
    # imported here, as `lint` below: `mock` loads specs too, and should not wait ~0.4 s for checkers it never runs
    from openapi_spec_validator import OpenAPIV31SpecValidator

    validator = OpenAPIV31SpecValidator(_without_dangling_refs(spec.data))
    found: list[Finding] = []
    try:
        for err in validator.iter_errors():
            pointer = _pointer_of(err, spec.data)
            message = err.message.splitlines()[0]
            if pointer.endswith("/required") and isinstance(err.instance, bool):
                message += " (`required` lists property names on the object schema; it is not a flag of a property)"
            found.append(spec.finding(pointer, message))
    except Exception as err:  # its semantic pass assumes a document its schema pass accepted
        if not found:  # the schema pass found nothing that explains it: say what broke, not a traceback
            found.append(spec.finding("", f"the OpenAPI validator could not check this document: {err!r}"))
    return found


def validate_spec(spec: LoadedSpec) -> list[Finding]:
    """All findings of one spec: duplicate keys, OpenAPI structure, then our lint. Sorted, unique."""
    from .lint import lint

    findings = [Finding(spec.path, line, ptr, "duplicate key") for ptr, line in spec.source.duplicates]
    try:
        model: Api | None = spec.model
    except (KeyError, TypeError, AttributeError, ValueError):
        model = None  # malformed quirks: lint reads the document without them and reports them
    ours = [spec.finding(pointer, message) for pointer, message in lint(spec.data, model)]
    # where our lint already explains a place, the validator's terser message adds nothing
    explained = {f.pointer for f in ours}
    findings += [
        f for f in structural_findings(spec) if not (f.pointer in explained and f.pointer.startswith("/paths"))
    ]
    return sorted(set(findings + ours))
