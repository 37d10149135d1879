"""The spec as its mock serves it: values the mock declares it refuses are not valid requests there.

A parameter's `x-soundspec-mock: {refuse: {value: explanation}}` (generator/mock/hints.py) says
the mock answers that value with the API's error on purpose (Freesound's `format=pickle`). The
real server served it, so the spec keeps it valid; when the contract tools test the mock, the
value is taken out of the parameter's schema, so positive cases never send it and negative
cases may.
"""

from __future__ import annotations

import copy
from typing import Any

from ..mock.hints import KEY, refused_values


def mock_view(spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `spec` whose parameters no longer admit the values their mock refuses."""
    view = copy.deepcopy(spec)
    for parameter in _parameters(view):
        refused = list(refused_values(parameter))
        schema = parameter.get("schema")
        if not refused or not isinstance(schema, dict):
            continue
        if isinstance(schema.get("enum"), list):
            schema["enum"] = [v for v in schema["enum"] if str(v) not in refused]
        else:
            parameter["schema"] = {"allOf": [schema, {"not": {"enum": refused}}]}
    return view


def _parameters(node: Any) -> list[dict[str, Any]]:
    """Every Parameter Object of the document that carries a mock hint."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if KEY in node and "in" in node and "name" in node:
            found.append(node)
        for value in node.values():
            found += _parameters(value)
    elif isinstance(node, list):
        for value in node:
            found += _parameters(value)
    return found
