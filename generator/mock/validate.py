"""Parameters and bodies checked against the operation's compiled validators.

Problems accumulate (every bad parameter is named, not just the first); the pipeline answers
them with one error in the API's shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from . import coerce, forms
from .compiled import CompiledApi, Operation, Param
from .exchange import ApiError, Upload
from .options import Limits

_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"


@dataclass
class Inputs:
    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    files: dict[str, Upload] = field(default_factory=dict)
    form: dict[str, Any] | None = None  # the flat form fields, for credentials sent in bodies
    problems: list[str] = field(default_factory=list)
    bad_path: bool = False  # a path parameter is outside its schema


def _first_error(param: Param, value: Any) -> str | None:
    if param.validator.is_valid(value):
        return None
    error = next(iter(param.validator.iter_errors(value)))
    return f"Invalid value for parameter {param.name}: {error.message}"


def refusal(op: Operation, query: dict[str, list[str]], path: dict[str, str], headers: dict[str, str]) -> str | None:
    """The explanation for a parameter value the spec declares its mock refuses (hints.py), if one was sent."""
    for param in op.params:
        if not param.refused:
            continue
        if param.location == "query":
            sent = query.get(param.name) or []
        else:
            source = path if param.location == "path" else headers if param.location == "header" else {}
            one = source.get(param.name if param.location == "path" else param.name.lower())
            sent = [one] if one is not None else []
        for value in sent:
            if value in param.refused:
                return param.refused[value]
    return None


def check_params(
    op: Operation,
    query: dict[str, list[str]],
    path: dict[str, str],
    headers: dict[str, str],
    lenient: frozenset[str] = frozenset(),
) -> Inputs:
    out = Inputs()
    if op.model is not None:  # the dispatch value as the spec spells it, where the server ignored its case
        query = op.model.canonical_query(query)
    for param in op.params:
        raw: Any
        if param.location == "path":
            raw = path.get(param.name)
        elif param.location == "query":
            values = query.get(param.name)
            if values and param.array:
                raw = values if param.explode else [v for text in values for v in text.split(",")]
            else:
                raw = values[-1] if values else None
        elif param.location == "header":
            raw = headers.get(param.name.lower())
        else:
            continue
        target = out.path if param.location == "path" else out.query
        if raw == "" and param.name in lenient and not param.validator.is_valid(""):
            raw = None  # `g=` as the server's own next links send it, though the spec's enum lacks ""
        if raw is None:
            if param.required:
                out.problems.append(f"Missing required parameter {param.name}.")
            elif param.has_default:
                target[param.name] = param.default
            continue
        kinds = param.kinds
        value = [coerce.scalar(v, kinds) for v in raw] if isinstance(raw, list) else coerce.scalar(raw, kinds)
        problem = _first_error(param, value)
        if problem:
            out.problems.append(problem)
            out.bad_path = out.bad_path or param.location == "path"
        target[param.name] = value
    return out


def read_form(inputs: Inputs, raw: bytes, content_type: str, limits: Limits) -> list[tuple[str, Any]] | None:
    """A form body's fields, flat into `inputs.form`; None for other bodies.

    Only this much is parsed before the credentials are checked (clients may send them in the
    form): nesting, JSON and schema validation wait until the caller is known.
    """
    media = content_type.split(";", 1)[0].strip().lower()
    pairs: list[tuple[str, Any]] | None = None
    if media == _FORM:
        pairs = forms.parse_pairs(raw.decode("utf-8", "replace"), limits.form_fields)
    elif media == _MULTIPART:
        pairs = forms.multipart(raw, content_type, limits.form_fields)
    if pairs is not None:
        inputs.form = forms.flat(pairs)
    return pairs


def check_body(
    api: CompiledApi,
    op: Operation,
    inputs: Inputs,
    raw: bytes,
    pairs: list[tuple[str, Any]] | None,
    *,
    content_type: str,
    limits: Limits,
    strip: frozenset[str],
) -> None:
    """Parse and validate the body (its form `pairs` read already) into `inputs`; credentials in `strip` set aside."""
    media = content_type.split(";", 1)[0].strip().lower()
    if not op.bodies:
        return  # a body the operation does not take (credentials only, or ignored)
    if not raw and (pairs is None or media not in op.bodies):  # zero bytes of a form are an empty form
        if op.body_required:
            inputs.problems.append("A request body is required.")
        return
    spec_media = op.bodies.get(media)
    if spec_media is None:
        raise ApiError(415, f"Unsupported media type {media or '(none)'}.")
    body: Any
    strip = strip - spec_media.names  # a credential the body declares (client_id of a grant) stays
    if pairs is not None:
        kept = [(k, v) for k, v in pairs if k not in strip]
        body = forms.flat(kept) if spec_media.flat_names else forms.nested(kept, limits.nesting)
        body = coerce.tree(api.spec, spec_media.schema, body)
    else:
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: nested past the interpreter's stack
            raise ApiError(400, "The request body is not valid JSON.") from None
        if _deeper_than(body, limits.nesting):  # the validators recurse per level, and give up in a 500
            raise ApiError(400, "The request body is nested too deeply.")
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k not in strip}
    inputs.files = {k: v for k, v in (inputs.form or {}).items() if isinstance(v, Upload)}
    inputs.body = body
    checked = _without_uploads(body)
    if not spec_media.validator.is_valid(checked):
        for error in list(spec_media.validator.iter_errors(checked))[:5]:
            where = "/".join(str(p) for p in error.instance_path)
            inputs.problems.append(f"Invalid body{' at ' + where if where else ''}: {error.message}")


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether containers nest more than `limit` levels (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth >= limit:
                return True
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return False


def _without_uploads(value: Any) -> Any:
    if isinstance(value, Upload):
        return value.filename
    if isinstance(value, dict):
        return {k: _without_uploads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_uploads(v) for v in value]
    return value
