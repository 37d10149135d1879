"""Lower a truthful spec into the subset openapi-python-client 0.29.1 turns into good code.

The spec keeps describing the wire; this copy is only what the stock generator is fed. Quirks the
runtime owns (format selection, JSONP, request ids) are taken out of the function signatures.
"""

from __future__ import annotations

import copy
from typing import Any

from ..quirks import Quirks
from ..refs import DanglingRef, deref, iter_operations


def _is_owned(spec: dict[str, Any], param: Any, owned: frozenset[str]) -> bool:
    try:
        resolved = deref(spec, param)
    except DanglingRef:
        return False
    return isinstance(resolved, dict) and resolved.get("in") == "query" and resolved.get("name") in owned


def lower_spec(spec: dict[str, Any], quirks: Quirks) -> dict[str, Any]:
    lowered = copy.deepcopy(spec)
    owned = quirks.owned_query_params()
    for path, _method, op, _pointer in iter_operations(lowered):
        if "parameters" in op:
            op["parameters"] = [p for p in op["parameters"] if not _is_owned(lowered, p, owned)]
        item = lowered["paths"][path]
        if "parameters" in item:
            item["parameters"] = [p for p in item["parameters"] if not _is_owned(lowered, p, owned)]
    return lowered
