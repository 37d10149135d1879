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
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlsplit

import schemathesis
from schemathesis import CheckContext, Response
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import negative_data_rejection

from ..mock.forms import multidict
from .bodies import media_base
from .logical import logical_response
from .requests import check_request
from .stglue import index_for

# built-in check -> the variant that replaces it for every API
REPLACED = {"negative_data_rejection": "wire_negative_data_rejection"}


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
