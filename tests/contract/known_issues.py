"""Failures the contract tests find in the mocks, specs and clients today, each routed to its owner.

An entry matches a failure by check (or client-fuzzing kind), operation ("*": any) and a piece of
its message; its text says whose it is and what is wrong. tests/contract/test_mocks.py fails on
any failure no entry matches, and on any entry that matches nothing any more (fixed: delete it).
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


XML_ECHO = (
    "mock: text taken from the request is written into format=xml answers as it came: XML-illegal "
    "control characters (request_id=%0D%14..., a username with %12) or field names that are not XML "
    "names (fields=text/xml) make the answer not well-formed. Strip or refuse them, or the spec restricts "
    "request_id / fields"
)
LIST_400 = (
    "spec: the mock answers 400 for limit > 200 or offset > 8000, which this list operation does not "
    "declare (listTracks, listUsers... do)"
)

SEARCH_ERROR = (
    "none (the API's own answer): a filter Solr cannot parse is a SearchError with status_code 500, as the real "
    "server answered; the spec documents it, the mock reproduces it"
)
PACK_CRASH = (
    "none (the API's own answer): an unknown pack crashed the real server (InternalError, 'An internal Freesound "
    "error ocurred.'); the spec documents it, the mock reproduces it"
)

SCHEMATHESIS: dict[str, list[Known]] = {
    "freesound": [
        Known(
            "logical_positive_data_acceptance", "*", "format=pickle",
            "mock: answers format=pickle with BadRequest (400) 'not served by this mock', while the spec declares "
            "application/python-pickle answers for every resource (the mock may serve protocol-0 pickle safely; "
            "only clients must never load it)",
        ),
        Known(
            "logical_positive_data_acceptance", "GET /sounds/content_search/", "tristimulus",
            "mock: the spec's own example request (t=.sfx.tristimulus.mean..., f=.lowlevel.pitch.mean... "
            ".tonal.key_key) gets SimilarityError (400): the mock's analysis data lacks those descriptors",
        ),
        Known("response_schema_conformance", "*", "not XML of this API's dialect", XML_ECHO),
        Known("logical_not_a_server_error", "GET /sounds/search/", "SearchError", SEARCH_ERROR),
        Known("logical_not_a_server_error", "GET /packs/{pack_id}/sounds/", "An internal Freesound error", PACK_CRASH),
        Known(
            "logical_not_a_server_error", "GET /sounds/content_search/", "InternalError: Internal error.",
            "mock: crashes (TypeError: float() argument must be ... not 'list', generator/mock/apis/freesound_extra.py "
            "content_search distance()) when a target or filter names a descriptor whose value is a list, e.g. "
            "t=.lowlevel.mfcc.mean:1; answered as InternalError 'Internal error.'",
        ),
        Known(
            "logical_positive_data_acceptance", "GET /sounds/{sound_id}/analysis/{descriptor_path}/", "/analysis/",
            "none (the API's own answer): a descriptor path that matches the schema but not the data gets "
            "InvalidRequest (logical 400) where schemathesis expects 404; the spec documents it, the mock "
            "reproduces it",
        ),
    ],
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
    "freesound": [
        Known("response-check", "GET /sounds/search/", "SearchError", SEARCH_ERROR),
        Known("response-check", "GET /packs/{pack_id}/sounds/", "An internal Freesound error", PACK_CRASH),
        Known(
            "decode-error",
            "*",
            "callback=",
            "client: JSONP is unwrapped only around identifier-like callbacks, but Freesound echoes any "
            "callback (spec: piston does not check the name): with jsonp_callback='ñô' a valid answer raises "
            "ResponseDecodeError. Unwrap any name (or refuse such names in with_options)",
        ),
    ],
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
