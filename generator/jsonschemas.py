"""JSON Schema validators for pieces of a spec, `$ref`s resolved against the whole document.

Used by the lint (examples), the recordings check and the contract tools, so that all of them
agree on what "matches the schema" means, including the API's own datetime formats.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .quirks import DateFormat, Quirks
from .yamlsource import join

SPEC_URI = "urn:soundspec:spec"


@dataclass(frozen=True)
class Mismatch:
    """One way an instance fails its schema."""

    pointer: str  # into the instance
    keyword: str  # the schema keyword that failed
    message: str
    schema_pointer: str  # into the spec, where that keyword stands


def json_type(value: object) -> str:
    """The JSON Schema type name of a decoded JSON value (`True` is a boolean, not an integer)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, dict):
        return "object"
    return "array" if isinstance(value, list) else "string"


def date_checker(fmt: DateFormat) -> Any:
    """A format check for a named datetime format of `x-soundspec-dates` (non-strings pass)."""

    def check(value: object) -> bool:
        if not isinstance(value, str):
            return True
        for form in fmt.parse:
            try:
                datetime.strptime(value, form)
            except ValueError:
                continue
            return True
        return False

    return check


def format_checker(quirks: Quirks | None) -> FormatChecker:
    checker = FormatChecker()
    for fmt in quirks.dates.values() if quirks is not None else ():
        checker.checks(fmt.name)(date_checker(fmt))
    return checker


class SpecSchemas:
    """Builds validators for schemas at JSON pointers of one spec document."""

    def __init__(self, spec: dict[str, Any], quirks: Quirks | None = None) -> None:
        self.spec = spec
        resource: Resource[Any] = DRAFT202012.create_resource(spec)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self.checker = format_checker(quirks)
        self._cache: dict[str, Draft202012Validator] = {}

    def validator_at(self, pointer: str) -> Draft202012Validator:
        """A compiled validator for the schema at `pointer` (cached: build once, use often)."""
        found = self._cache.get(pointer)
        if found is None:
            found = Draft202012Validator(
                {"$ref": f"{SPEC_URI}#{pointer}"}, registry=self.registry, format_checker=self.checker
            )
            self._cache[pointer] = found
        return found

    def mismatches(self, pointer: str, instance: Any) -> Iterator[Mismatch]:
        found = [m for err in self.validator_at(pointer).iter_errors(instance) for m in _flatten(err)]
        # An object that fails inside also fails `unevaluatedProperties` (nothing it holds was
        # "evaluated" by a failing branch); that echo names every key and hides the real problem.
        real = [m for m in found if m.keyword != "unevaluatedProperties"]
        for m in found:
            if m.keyword == "unevaluatedProperties" and any(r.pointer.startswith(m.pointer) for r in real):
                continue
            yield m


def _flatten(err: ValidationError) -> Iterator[Mismatch]:
    # anyOf/oneOf failures carry the reasons of each branch; the deepest ones say the most.
    if err.context and str(err.validator) in {"anyOf", "oneOf"}:
        best = max(err.context, key=lambda e: len(e.absolute_path))
        if best.absolute_path and len(best.absolute_path) > len(err.absolute_path):
            yield from _flatten(best)
            return
    schema_path = [str(p) for p in err.absolute_schema_path]
    # the first step is the synthetic {"$ref": ...} wrapper of validator_at
    yield Mismatch(
        pointer=join("", *err.absolute_path),
        keyword=str(err.validator),
        message=err.message.splitlines()[0],
        schema_pointer=join("", *schema_path[1:]),
    )
