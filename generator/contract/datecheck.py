"""Values in the API's own datetime formats (`x-soundspec-dates`), checked fast.

Schemathesis validates response bodies but knows only the standard formats; this checks the
API's named ones with a compiled (jsonschema_rs) validator per response schema, reporting only
format failures (schemathesis' own check reports the rest).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import jsonschema_rs

from ..jsonschemas import date_checker
from ..quirks import Quirks

SPEC_URI = "urn:soundspec:contract"


class DateChecker:
    """`failures(schema_pointer, data)`: (pointer, message) of each value not in its named format."""

    def __init__(self, spec: dict[str, Any], quirks: Quirks) -> None:
        self.names = frozenset(quirks.dates)
        self.formats = {name: date_checker(fmt) for name, fmt in quirks.dates.items()}
        draft = jsonschema_rs.Draft202012
        self.registry = jsonschema_rs.Registry([(SPEC_URI, spec)], draft=draft) if self.names else None
        self._validators: dict[str, Any] = {}

    def _validator(self, pointer: str) -> Any:
        found = self._validators.get(pointer)
        if found is None:
            found = jsonschema_rs.validator_for(
                {"$ref": f"{SPEC_URI}#{quote(pointer, safe='/~')}"},
                registry=self.registry,
                formats=self.formats,
                validate_formats=True,
            )
            self._validators[pointer] = found
        return found

    def failures(self, schema_pointer: str, data: Any) -> list[tuple[str, str]]:
        if not self.names:
            return []
        found = []
        for error in self._validator(schema_pointer).iter_errors(data):
            if getattr(error.kind, "format", None) in self.names:
                pointer = "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in error.instance_path)
                found.append((pointer, str(error.message)))
        return found
