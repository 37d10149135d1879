"""Failures the contract tests find in the mocks, specs and clients today, each routed to its owner.

An entry matches a failure by check (or client-fuzzing kind), operation ("*": any) and a piece of
its message; its text says whose it is and what is wrong. tests/contract/test_mocks.py fails on
any failure no entry matches, and on any entry that matches nothing any more (fixed: delete it).
The API's own documented error answers are not failures: the checks accept them
(generator/contract/documented.py), so they have no entry here.
Reproduce with `soundspec fuzz <api> --seed 11 --max-examples <n>` (the curl lines of the
summary) or `soundspec fuzz-client <api> --seed 5`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Known:
    check: str
    operation: str  # a label such as "GET /apps", or "*"
    contains: str  # a piece of the failure's message ("" for any)
    owner: str  # mock | spec | client, and what is wrong

    def matches(self, check: str, operation: str, message: str) -> bool:
        return check == self.check and self.operation in ("*", operation) and self.contains in message


LIST_400 = (
    "spec: the mock answers 400 for limit > 200 or offset > 8000, which this list operation does not "
    "declare (listTracks, listUsers... do)"
)

SCHEMATHESIS: dict[str, list[Known]] = {
    "freesound": [],
    "soundcloud": [
        Known(
            "content_type_conformance", "*", "application/xml",
            "spec: every response declares only application/json, but x-soundspec-formats lists xml "
            "(application/xml) and the mock serves it for format=xml, a .xml suffix and Accept; declare "
            "application/xml on the responses (or the mock answers 406)",
        ),
        *(
            Known("status_code_conformance", label, "Received: 400", LIST_400)
            for label in (
                "GET /apps", "GET /me/activities", "GET /me/activities/all", "GET /me/activities/all/own",
                "GET /me/activities/tracks", "GET /me/activities/tracks/affiliated",
                "GET /me/activities/tracks/exclusive", "GET /me/connections",
            )
        ),
        Known(
            "negative_data_rejection", "GET /connect", "display", "mock: /connect accepts display='' (not in the enum)"
        ),
        Known(
            "response_schema_conformance", "POST /oauth2/token", '"error" is a required property',
            "mock: an invalid format (format=AAA) on the token endpoint is answered in the {errors: [...]} "
            "envelope; the endpoint's 400 schema is the OAuth shape {error, error_description}",
        ),
        Known(
            "response_schema_conformance", "GET /apps/{app_id}/tracks", "oneOf",
            "mock: listAppTracks' next_href keeps the path template "
            "(http://.../apps/{app_id}/tracks?...&offset=15): not a URI, and a link no client can follow",
        ),
        Known(
            "positive_data_acceptance", "*", "Valid data should have been accepted",
            "mock: rejects write bodies the spec accepts: empty forms for PUT /me, /groups/{id}, /tracks/{id}, "
            "/playlists/{id} (no property is required), multipart parts the schemas allow as additional "
            "properties (POST /playlists), artwork_data sent as image/* (POST /tracks)",
        ),
    ],
}  # fmt: skip

CLIENTS: dict[str, list[Known]] = {
    "freesound": [],
    "soundcloud": [],
}

Failure = tuple[str, str, str]  # (check or kind, operation, message)


def unexpected(found: Iterable[Failure], known: list[Known]) -> list[tuple[str, str]]:
    """(check, operation) of the failures no entry accounts for."""
    return sorted({(c, o) for c, o, m in found if not any(k.matches(c, o, m) for k in known)})


def fixed(found: Iterable[Failure], known: list[Known]) -> list[str]:
    """The entries no failure matches any more."""
    found = list(found)
    return [f"{k.check} {k.operation}: {k.owner}" for k in known if not any(k.matches(*f) for f in found)]
