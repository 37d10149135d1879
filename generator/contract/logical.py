"""Schemathesis checks that read an error's logical status where the API put it.

Some APIs answered every error with one HTTP status and put the real one in the body
(Freesound: HTTP 400, `status_code: 404`; `x-soundspec-errors` says so). Checks that judge a
response by its status (is it a server error, was a valid request accepted, is auth enforced)
are then blind: every error looks like a client error. For such an API the run swaps them for
these variants, which judge the logical status; the checks that hold the wire to the spec
(status_code_conformance, response_schema_conformance...) keep reading the HTTP status.

Schemathesis reads a check's `True` as "skipped" and `None` as "passed": a variant returns True
for an API it does not apply to (the built-in check runs there), so that a run of only such
checks counts as having exercised nothing; elsewhere it answers as the built-in check would.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import CheckContext, Response
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ..apimodel import Operation
from ..quirks import Quirks
from ..refs import DanglingRef, resolve_pointer
from .bodies import BodyError, decode_against, decode_body, needs_coercion
from .documented import documented_answer
from .stglue import content_type, index_for

# built-in check -> the variant that replaces it for an API with a fixed error status
REPLACED = {
    "not_a_server_error": "logical_not_a_server_error",
    "positive_data_acceptance": "logical_positive_data_acceptance",
    "ignored_auth": "logical_ignored_auth",
}
_AUTH_REJECTIONS = (401, 403)


def has_fixed_error_status(quirks: Quirks) -> bool:
    errors = quirks.errors
    return errors is not None and errors.http_status is not None and (errors.status or errors.code) is not None


def logical_status(quirks: Quirks, status: int, media_type: str, body: bytes) -> int:
    """The status the API meant: the body's status field, or what its error code means, when the
    HTTP status is the fixed error one (a 200 included: errors inside a success)."""
    errors = quirks.errors
    if errors is None or errors.http_status != status or (errors.status or errors.code) is None:
        return status
    try:
        data = decode_body(body, media_type, quirks)
        if needs_coercion(media_type, quirks):  # an XML answer, whose rule may keep its code elsewhere
            errors = errors.in_xml()
        meaning = errors.code_of(data)
        if meaning is not None:
            return meaning.status
        if errors.status is None:
            return 400 if errors.is_error(data) else status
        return int(resolve_pointer(data, "#" + errors.status))
    except (BodyError, DanglingRef, TypeError, ValueError):
        return status


def logical_response(response: Response, case: Case[Any]) -> Response:
    """`response` with the status the API meant (the same response when it meant what it sent)."""
    quirks = index_for(case.operation).quirks
    status = logical_status(quirks, response.status_code, content_type(response), response.content)
    if status == response.status_code:
        return response
    return Response(
        status_code=status,
        headers=response.headers,
        content=response.content,
        request=response.request,
        elapsed=response.elapsed,
        verify=response.verify,
        message=response.message,
        http_version=response.http_version,
        encoding=response.encoding,
    )


def _applies(case: Case[Any]) -> bool:
    return has_fixed_error_status(index_for(case.operation).quirks)


def _at(data: Any, pointer: str) -> Any:
    try:
        return resolve_pointer(data, "#" + pointer)
    except (DanglingRef, TypeError):
        return None


def _error_text(response: Response, case: Case[Any]) -> str:
    """`<type>: <message>` of an error body in the API's envelope, as far as it reads."""
    quirks = index_for(case.operation).quirks
    try:
        data = decode_body(response.content, content_type(response), quirks)
    except BodyError:
        return response.content[:200].decode("utf-8", "replace")
    errors = quirks.errors
    if errors is None:
        return ""
    if needs_coercion(content_type(response), quirks):
        errors = errors.in_xml()
    kind = _at(data, errors.type) if errors.type else None
    message = next((found for p in errors.message if (found := _at(data, p)) is not None), None)
    return ": ".join(str(part) for part in (kind, message) if part is not None)


def _documented(response: Response, case: Case[Any]) -> bool:
    """The answer is an error the operation documents (type, logical status and wording: documented.py)."""
    index = index_for(case.operation)
    errors = index.quirks.errors
    if errors is None:
        return False
    schema = {"$ref": errors.schema}
    try:  # read against the error schema: XML text becomes the numbers and booleans it stands for
        data = decode_against(index.spec, schema, response.content, content_type(response), index.quirks)
    except BodyError:
        return False
    return documented_answer(index.model, _operation(case), data)


@schemathesis.check
def logical_not_a_server_error(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """not_a_server_error on the logical status (an HTTP 400 whose body says 500 is a server error).

    A server error the operation documents (Freesound's SearchError for a filter Solr cannot
    parse) is one of the API's own answers, not a failure.
    """
    if not _applies(case):
        return True
    status = logical_response(response, case).status_code
    if status >= 500 and not _documented(response, case):
        detail = _error_text(response, case)
        raise AssertionError(f"Logical status {status} (HTTP {response.status_code}): {detail}")
    return None


@schemathesis.check
def logical_positive_data_acceptance(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """positive_data_acceptance on the logical status (an HTTP 400 whose body says 404 is a miss, not a rejection).

    A refusal the operation documents (Freesound's InvalidRequest for a descriptor path the
    sound's data lacks) is the API's own answer to a request the spec cannot rule out.
    """
    if not _applies(case):
        return True
    if _documented(response, case):
        return None
    return positive_data_acceptance(ctx, logical_response(response, case), case)


_CONFIRMED: set[tuple[int, str]] = set()


def _operation(case: Case[Any]) -> Operation:
    return index_for(case.operation).operation(case.operation.method, case.operation.path)


def _credential_slots(case: Case[Any]) -> list[tuple[str, str]]:
    """(container, name) of every credential the operation's security schemes can carry."""
    schemes = index_for(case.operation).model.security_schemes
    slots = []
    for requirement in _operation(case).security or ():
        for name in requirement:
            scheme = schemes.get(name) or {}
            if scheme.get("type") == "apiKey":
                slots.append(
                    ({"query": "query", "header": "headers", "cookie": "cookies"}[scheme["in"]], scheme["name"])
                )
            elif scheme.get("type") == "http":
                slots.append(("headers", "Authorization"))
    return list(dict.fromkeys(slots))


@schemathesis.check
def logical_ignored_auth(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """ignored_auth on the logical status: without or with wrong credentials the API must refuse (401/403)."""
    if not _applies(case):
        return True
    requirements = _operation(case).security or ()
    slots = _credential_slots(case)
    key = (id(case.operation.schema), case.operation.label)
    if not requirements or {} in requirements or not slots or key in _CONFIRMED:
        return None  # nothing to probe, or probed already: passed, as the built-in check has it
    if not 200 <= logical_response(response, case).status_code < 300:
        return None
    for scenario in ("without credentials", "with invalid credentials"):
        probe = case.derive()
        for container, name in slots:
            values = getattr(probe, container)
            if isinstance(values, dict) or hasattr(values, "pop"):
                values.pop(name, None)
                if scenario == "with invalid credentials":
                    values[name] = "OAuth invalid-credential" if name == "Authorization" else "invalid-credential"
        wire = probe.call()
        status = logical_response(wire, case).status_code
        if status not in _AUTH_REJECTIONS:
            raise AssertionError(
                f"Expected logical status 401 or 403 to a request {scenario}, got {status} "
                f"(HTTP {wire.status_code}) for `{case.operation.label}`"
            )
    _CONFIRMED.add(key)
    return None
