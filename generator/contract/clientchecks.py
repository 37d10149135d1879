"""Schemathesis' response checks on a raw response the generated client received."""

from __future__ import annotations

from typing import Any

import httpx
import requests
from requests.structures import CaseInsensitiveDict
from schemathesis import Response
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from . import logical
from .stglue import api_date_formats, index_for

RESPONSE_CHECKS = (
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    api_date_formats,
)


def checks_for(case: Any) -> list[Any]:
    """The response checks, with the API's server-error check (logical status where its errors need it)."""
    quirks = index_for(case.operation).quirks
    server = logical.logical_not_a_server_error if logical.has_fixed_error_status(quirks) else not_a_server_error
    return [*RESPONSE_CHECKS, server]


def as_schemathesis(response: httpx.Response) -> Response:
    """A raw httpx response (its request attached and read) in schemathesis' own type."""
    request = response.request
    # filled in directly: `requests.Request(...).prepare()` re-parses and re-encodes the URL that
    # httpx already built, a twentieth of a client-fuzzing case's time
    prepared = requests.PreparedRequest()
    prepared.method = request.method
    prepared.url = str(request.url)
    prepared.headers = CaseInsensitiveDict(request.headers)
    prepared.body = request.content or None
    headers: dict[str, list[str]] = {}
    for key, value in response.headers.multi_items():
        headers.setdefault(key.lower(), []).append(value)
    return Response(
        status_code=response.status_code,
        headers=headers,
        content=response.content,
        request=prepared,
        elapsed=0.0,
        verify=True,
        message=response.reason_phrase,
        # the declared charset only: httpx would otherwise guess one from the bytes of every body
        encoding=response.charset_encoding or "utf-8",
    )


def check_raw(case: Any, response: httpx.Response) -> str:
    """Every failure of the checks on `response`, as text; empty when it passes them all."""
    try:
        case.validate_response(as_schemathesis(response), checks=checks_for(case))
    except FailureGroup as group:
        return "\n".join(f"[{f.title}] {f.message}" for f in group.exceptions)
    except Failure as failure:
        return f"[{failure.title}] {failure.message}"
    return ""
