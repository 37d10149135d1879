"""Error answers an operation documents: its own error type, with its logical status and wording.

Some APIs answer schema-valid requests with errors on purpose, and document it: Freesound's
SearchError (logical 500) when Solr cannot parse a filter, InternalError for an unknown pack's
sounds, InvalidRequest (400) for a descriptor path the sound's data does not have. The spec
cannot rule such requests out (a filter language, a dataset), so the checks that judge the
logical status must not call those answers failures. An answer is documented when

1. its type is one the operation lists in `x-soundspec-error-types`;
2. its logical status is the one `x-soundspec-errors.types` declares for that type;
3. one of the operation's error examples shows that type and status with the same message, or
   the error schema declares the type's wording as a `pattern` (an `if` on the type, a `then`
   on the message) that the message matches: Freesound's SearchError quotes the request's filter.

A crash of a mock ("Internal error.") matches none of them and stays a failure.
"""

from __future__ import annotations

import re
from typing import Any

from ..apimodel import Api, Operation
from ..refs import DanglingRef, resolve_pointer


def _at(data: Any, pointer: str) -> Any:
    try:
        return resolve_pointer(data, "#" + pointer)
    except (DanglingRef, TypeError):
        return None


def _examples(api: Api, operation: Operation) -> list[Any]:
    """The values of every example of the operation's error responses (any media type)."""
    found: list[Any] = []
    for response in operation.responses:
        if response.status.startswith("2"):
            continue
        for media in response.content:
            if "example" in media.node:
                found.append(media.node["example"])
            for raw_example in (media.node.get("examples") or {}).values():
                example = api.resolve(raw_example)
                if isinstance(example, dict) and "value" in example:
                    found.append(example["value"])
    return found


def _wording(api: Api, kind: str) -> list[str]:
    """Patterns the error schema gives the message of errors of type `kind`."""
    errors = api.quirks.errors
    if errors is None or errors.type is None or errors.type.count("/") != 1 or errors.message[0].count("/") != 1:
        return []
    type_name, message_name = errors.type[1:], errors.message[0][1:]
    schema = api.resolve({"$ref": errors.schema})
    patterns = []
    branches = (schema.get("allOf") or []) if isinstance(schema, dict) else []
    for branch in branches:
        condition = ((branch.get("if") or {}).get("properties") or {}).get(type_name) or {}
        if condition.get("const") != kind and kind not in (condition.get("enum") or []):
            continue
        message = ((branch.get("then") or {}).get("properties") or {}).get(message_name) or {}
        if isinstance(message.get("pattern"), str):
            patterns.append(message["pattern"])
    return patterns


def documented_answer(api: Api, operation: Operation, body: Any) -> bool:
    """True when `body` (decoded) is an error answer the operation documents (see the module's rules)."""
    errors = api.quirks.errors
    if errors is None or errors.type is None or errors.status is None:
        return False
    kind, status = _at(body, errors.type), _at(body, errors.status)
    message = next((found for p in errors.message if (found := _at(body, p)) is not None), None)
    declared = errors.types.get(kind) if isinstance(kind, str) else None
    listed = operation.node.get("x-soundspec-error-types") or []
    if declared is None or kind not in listed or declared.status != status or not isinstance(message, str):
        return False
    shown = [
        _at(example, errors.message[0])
        for example in _examples(api, operation)
        if _at(example, errors.type) == kind and _at(example, errors.status) == status
    ]
    if not shown:
        return False
    # ECMA 262 patterns as the schema has them; the ones a spec uses here read the same in Python
    return message in shown or any(re.search(p, message) for p in _wording(api, kind))
