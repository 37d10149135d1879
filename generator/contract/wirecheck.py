"""negative_data_rejection, judged on the request the server actually received.

Schemathesis generates a negative case as Python values and then serializes it. Some negations do
not survive that: in a multipart body every part is text, so `null` or `{"a": 1}` sent for a
string field arrives as the perfectly valid strings "null" and '{"a": 1}'. Schemathesis filters
many such cases itself but gives up on a multipart body that also carries a file part, and then
reports the server for accepting a valid request. For a multipart body this variant first holds
the request as sent (method, URL, headers, body bytes) to the spec with the same request check
the proxy uses; when that finds nothing wrong, the server was right to accept it and the
built-in check is not asked; so too for a query carrying a value learned from an answer as digit
text (below). Every other case goes to the built-in check alone, judging the
logical status where the API answers errors with one fixed HTTP status (a 200 included).

unsupported_method and allow_header_conformance, judged on the wire path: operations dispatched
on one path (`x-soundspec-dispatch`) each have a path key of their own, but the server sees one
resource whose methods are those of every operation on it; and an API that answers a form POST
as the GET of its path (`x-soundspec-post-reads`) supports POST wherever it supports GET.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import schemathesis
from schemathesis import CheckContext, Response
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import allow_header_conformance, negative_data_rejection, unsupported_method

from ..mock.forms import multidict
from .bodies import media_base
from .logical import logical_response
from .requests import check_request
from .stglue import index_for

# built-in check -> the variant that replaces it for every API
REPLACED = {
    "negative_data_rejection": "wire_negative_data_rejection",
    "unsupported_method": "wire_unsupported_method",
    "allow_header_conformance": "wire_allow_header_conformance",
}


def valid_as_sent(response: Response, case: Case[Any]) -> bool:
    """Whether the request behind `response`, read the way a server reads it, breaks nothing in the spec."""
    request = response.request
    url = urlsplit(str(request.url))
    path = url.path or "/"
    query = multidict(parse_qsl(url.query, keep_blank_values=True))
    headers = {str(k).lower(): str(v) for k, v in request.headers.items()}
    body = request.body
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not isinstance(body, bytes):
        body = b""
    violations = check_request(
        index_for(case.operation), str(request.method), path, query,
        headers=headers, body=body, media_type=headers.get("content-type", ""),
    )  # fmt: skip
    return not violations


def _learned_text_in_query(case: Case[Any]) -> bool:
    """A query value schemathesis took from an answer as text where the parameter is a number.

    It learns values from answers by name: an API that writes its counts as digit strings
    (`"page": "1"`) gives it `page="1"`, which goes over the wire as any number does but which its
    check then holds to `type: integer` as a string, and calls the request negative.
    """
    declared = case.operation.get_parameter_set(ParameterLocation.QUERY).schema.get("properties") or {}
    numeric = {name for name, schema in declared.items() if schema.get("type") in ("integer", "number")}
    return any(isinstance(v, str) and v.isdigit() and k in numeric for k, v in (case.query or {}).items())


@schemathesis.check
def wire_negative_data_rejection(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """negative_data_rejection, unless the request as sent is valid (the negation did not reach the wire)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return None
    # only where the built-in check is known to misjudge: elsewhere it stays the sole judge
    if media_base(case.media_type or "") == "multipart/form-data" and valid_as_sent(response, case):
        return None
    if _learned_text_in_query(case) and valid_as_sent(response, case):
        return None
    return negative_data_rejection(ctx, logical_response(response, case), case)


def _wire_methods(case: Case[Any]) -> tuple[set[str], set[str]] | None:
    """(methods the operation's wire path serves, methods it may serve besides) where the wire
    path is not its path key alone; None where the built-in checks judge rightly."""
    index = index_for(case.operation)
    matched = index.match(case.operation.method, case.operation.path)
    if matched is None:
        return None
    op = matched.operation
    if op.dispatch is None and not index.quirks.post_reads:
        return None
    served = {o.method.upper() for o in index.model.operations if o.wire_path == op.wire_path}
    optional = {"POST"} if index.quirks.post_reads and "GET" in served else set()
    return served, optional - served


@schemathesis.check
def wire_unsupported_method(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """unsupported_method, where a method the wire path serves is not one it calls unsupported."""
    methods = _wire_methods(case)
    sent = str(response.request.method).upper()
    if methods is not None and sent in methods[0] | methods[1]:
        return None
    return unsupported_method(ctx, response, case)


@schemathesis.check
def wire_allow_header_conformance(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """allow_header_conformance against the methods of the wire path."""
    methods = _wire_methods(case)
    if methods is None:
        return allow_header_conformance(ctx, response, case)
    if response.request.method != "OPTIONS" or not response.headers.get("allow"):
        return None
    advertised = {m.strip().upper() for m in ", ".join(response.headers["allow"]).split(",") if m.strip()}
    implicit = {"HEAD", "OPTIONS"}
    served, optional = methods
    missing = sorted(served - advertised - implicit)
    undocumented = sorted(advertised - served - optional - implicit)
    if missing or undocumented:
        raise AssertionError(
            f"`Allow: {', '.join(sorted(advertised))}` does not match the methods of the wire path "
            f"(missing {', '.join(missing) or 'none'}; undocumented {', '.join(undocumented) or 'none'})"
        )
    return None
