"""Table-driven scenarios (Prism's harness): a request and the expected raw response, one row each."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.mock import MockApp

from .conftest import FS_KEY, SC_CLIENT, SC_TOKEN, call

K = f"api_key={FS_KEY}"
PICKLE_REFUSED = (
    "The pickle format is not served by this mock: unpickling a reply runs arbitrary code chosen by the server."
)
CONTENT_FILTER = ".lowlevel.pitch.mean:[219.9 TO 220.1] AND .tonal.key_key:%22Asharp%22"
UNKNOWN_TARGET = (
    "Target error: At least one feature name does not match with any descriptor name in our database or the "
    "matched descriptor is not numerical."
)
C = f"client_id={SC_CLIENT}"

# (api, method, url, headers, status, content-type prefix, expected: JSON subset or text fragment)
ROWS: list[tuple[str, str, str, dict[str, str], int, str | None, Any]] = [
    ("fs", "GET", "/api/sounds/18763/", {}, 400, "application/json",
     {"status_code": 401, "type": "AuthenticationError", "explanation": "Please include your api key as the api_key GET parameter", "error": True}),  # noqa: E501
    ("fs", "GET", "/api/sounds/18763/?api_key=nope", {}, 400, "application/json",
     {"status_code": 401, "explanation": "Supplied api_key does not exist"}),
    ("fs", "GET", f"/api/sounds/18763/?{K}", {}, 200, "application/json",
     {"id": 18763, "original_filename": "SWING1MT.WAV", "user": {"username": "terminal"}, "avg_rating": 7.8}),
    ("fs", "GET", "/api/sounds/18763", {}, 301, None, ""),
    ("fs", "GET", f"/api/sounds/1/?{K}", {}, 400, "application/json",
     {"status_code": 404, "type": "NotFound", "explanation": "Sound with id 1 does not exist."}),
    ("fs", "GET", f"/api/no/such/thing/?{K}", {}, 400, "application/json",
     {"status_code": 404, "type": "InvalidUrl", "explanation": "The introduced url is invalid."}),
    ("fs", "GET", f"/api/sounds/abc/?{K}", {}, 400, "application/json", {"status_code": 400, "error": True}),
    ("fs", "GET", f"/api/sounds/18763/?{K}&format=xml", {}, 200, "text/xml", "<response><id>18763</id>"),
    ("fs", "GET", f"/api/sounds/18763/?{K}&format=yaml", {}, 200, "application/x-yaml", "id: 18763"),
    ("fs", "GET", f"/api/sounds/18763/?{K}&format=pickle", {}, 400, "application/json",
     {"status_code": 400, "type": "BadRequest", "explanation": PICKLE_REFUSED}),
    ("fs", "GET", f"/api/sounds/search/?{K}&q=door&g=", {}, 200, "application/json", {"num_results": 10}),
    ("fs", "GET", f"/api/sounds/18763/?{K}&callback=handle", {}, 200, "application/json", "handle({"),
    ("fs", "GET", f"/api/sounds/1/?{K}&format=xml", {}, 400, "text/xml", "<error>True</error>"),
    ("fs", "GET", f"/api/people/TERMINAL/?{K}&request_id=r-7", {}, 200, "application/json",
     {"username": "terminal", "request_id": "r-7"}),
    # request_id on an analysis node that is not an object: the server's documented crash
    ("fs", "GET", f"/api/sounds/18763/analysis/rhythm/bpm/?{K}&request_id=r-7", {}, 400, "application/json",
     {"status_code": 500, "type": "InternalError", "debug": "'float' object does not support item assignment"}),
    # the bookmark rows of the spec's examples
    ("fs", "GET", f"/api/people/terminal/bookmark_categories/34/sounds/?{K}&fields=id,bookmark_name", {}, 200,
     "application/json", {"sounds": [{"id": 18763, "bookmark_name": "SWING1MT.WAV"}], "num_results": 1}),
    ("fs", "GET", f"/api/people/nobody_at_all/?{K}", {}, 400, "application/json",
     {"status_code": 404, "explanation": "User (nobody_at_all) does not exist."}),
    ("fs", "GET", f"/api/packs/5107/?{K}", {}, 200, "application/json", {"name": "Iceland", "user": {"username": "dobroide"}}),  # noqa: E501
    ("fs", "GET", f"/api/packs/424242424/sounds/?{K}", {}, 400, "application/json",
     {"status_code": 500, "type": "InternalError", "really_really_sorry": True,
      "debug": "Pack matching query does not exist."}),
    ("fs", "GET", f"/api/sounds/search/?{K}&f=(tag:drums", {}, 400, "application/json", {"status_code": 500, "type": "SearchError"}),  # noqa: E501
    ("fs", "GET", f"/api/sounds/search/?{K}&f=created:[yesterday TO NOW]", {}, 400, "application/json",
     {"status_code": 500, "type": "SearchError"}),
    ("fs", "GET", f"/api/sounds/search/?{K}&f=created:[yesterday TO NOW]", {}, 400, "application/json",
     "search_query score desc filter_query created:[yesterday TO NOW] sort score desc error "),
    ("fs", "GET", f"/api/sounds/content_search/?{K}", {}, 400, "application/json",
     {"status_code": 400, "explanation": "Introduce either a target, a filter or both."}),
    # the spec's own examples of t and f, alone and together
    ("fs", "GET", f"/api/sounds/content_search/?{K}&t=.lowlevel.pitch.mean:220", {}, 200, "application/json",
     {"num_results": 15}),
    ("fs", "GET", f"/api/sounds/content_search/?{K}&t=.sfx.tristimulus.mean:0.8,0.3,0.0&f={CONTENT_FILTER}", {}, 200,
     "application/json", {"num_pages": 1}),
    ("fs", "GET", f"/api/sounds/content_search/?{K}&f=.tonal.key_key:%22Asharp%22", {}, 200, "application/json",
     {"num_pages": 1}),
    # what the similarity server refused, in its words
    ("fs", "GET", f"/api/sounds/content_search/?{K}&t=.lowlevel.mfcc.mean:1", {}, 400, "application/json",
     {"status_code": 400, "type": "SimilarityError", "explanation": "Invalid descriptor values for target."}),
    ("fs", "GET", f"/api/sounds/content_search/?{K}&t=.sfx.tristimulus.mean:1,2", {}, 400, "application/json",
     {"type": "SimilarityError", "explanation": "Invalid descriptor values for target."}),
    ("fs", "GET", f"/api/sounds/content_search/?{K}&t=.lowlevel.pitch.mean:high", {}, 400, "application/json",
     {"type": "SimilarityError", "explanation": "Target error: Using non-numerical descriptor values in target parameter."}),  # noqa: E501
    ("fs", "GET", f"/api/sounds/content_search/?{K}&t=.lowlevel.nothing:1", {}, 400, "application/json",
     {"type": "SimilarityError", "explanation": UNKNOWN_TARGET}),
    ("fs", "GET", f"/api/sounds/content_search/?{K}&f=(.rhythm.bpm:[60 TO 90]", {}, 400, "application/json",
     {"type": "SimilarityError", "explanation": "Bad filter syntax."}),
    ("fs", "GET", f"/api/sounds/content_search/?{K}&f=.rhythm.bpm:[slow TO 90]", {}, 400, "application/json",
     {"type": "SimilarityError", "explanation": "Invalid filter."}),
    ("fs", "GET", f"/api/sounds/content_search/?{K}&t=7", {}, 400, "application/json",
     {"status_code": 404, "type": "SimilarityError"}),
    ("fs", "GET", f"/api/sounds/18763/analysis/tonal/key_scale/?{K}", {}, 200, "application/json", None),
    ("fs", "GET", f"/api/sounds/18763/analysis/tonal/nothing/?{K}", {}, 400, "application/json",
     {"status_code": 400, "type": "InvalidRequest"}),
    ("fs", "DELETE", f"/api/sounds/18763/?{K}", {}, 405, None, ""),
    ("sc", "GET", "/tracks/104286869", {}, 401, "application/json", {"errors": [{"error_message": "401 - Unauthorized"}]}),  # noqa: E501
    ("sc", "GET", f"/tracks/104286869?{C}", {}, 200, "application/json", {"id": 104286869, "title": "Plangular", "kind": "track"}),  # noqa: E501
    ("sc", "GET", f"/tracks/104286869.json?{C}", {}, 200, "application/json", {"id": 104286869}),
    ("sc", "GET", f"/tracks/104286869/?{C}", {}, 200, "application/json", {"id": 104286869}),
    ("sc", "GET", f"/tracks/104286869?{C}", {"Accept": "image/png"}, 406, "application/json",
     {"errors": [{"error_message": "406 - Not Acceptable"}]}),
    # only the API's formats are suffixes: `.foo` stays in the id, which names no track; `/tracks.foo` no path
    ("sc", "GET", f"/tracks/104286869.foo?{C}", {}, 404, "application/json", {"errors": [{"error_message": "404 - Not Found"}]}),  # noqa: E501
    ("sc", "GET", f"/tracks.foo?{C}", {}, 404, "application/json", {"errors": [{"error_message": "404 - Not Found"}]}),
    ("sc", "GET", f"/tracks/nope?{C}", {}, 404, "application/json", {"errors": [{"error_message": "404 - Not Found"}]}),
    ("sc", "GET", f"/tracks/9?{C}", {}, 404, "application/json", {"errors": [{"error_message": "404 - Not Found"}]}),
    ("sc", "GET", f"/tracks/104286869?{C}&callback=cb", {}, 200, "application/json", "/**/cb({"),
    ("sc", "GET", f"/resolve?{C}&url=http://soundcloud.com/jxnblk/plangular", {}, 302, "application/json",
     {"status": "302 - Found", "location": f"http://mock.test/tracks/104286869?{C}"}),
    ("sc", "GET", f"/resolve.json?{C}&url=http://soundcloud.com/diplo", {}, 302, "application/json",
     {"location": f"http://mock.test/users/16730.json?{C}"}),
    ("sc", "GET", f"/resolve?{C}&url=http://soundcloud.com/nobody/nothing", {}, 404, "application/json", None),
    ("sc", "GET", f"/me?oauth_token={SC_TOKEN}", {}, 200, "application/json", {"id": 1561, "username": "Jxnblk"}),
    ("sc", "GET", "/me", {"Authorization": f"OAuth {SC_TOKEN}"}, 200, "application/json", {"id": 1561}),
    ("sc", "GET", "/me?oauth_token=bogus", {}, 401, "application/json", {"errors": [{"error_message": "401 - Unauthorized"}]}),  # noqa: E501
    ("sc", "GET", f"/tracks?{C}&limit=0", {}, 400, "application/json", {"errors": [{"error_message": "400 - Bad Request"}]}),  # noqa: E501
    ("sc", "DELETE", f"/tracks?{C}", {}, 405, "application/json", None),
]  # fmt: skip


def _subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and _subset(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) >= len(expected) and all(map(_subset, expected, actual))
    return bool(expected == actual)


@pytest.mark.parametrize(("api", "method", "url", "headers", "status", "media", "expected"), ROWS)
def test_scenario(
    freesound: MockApp, soundcloud: MockApp, api: str, method: str, url: str, headers: dict[str, str],
    status: int, media: str | None, expected: Any,
) -> None:  # fmt: skip
    response = call(freesound if api == "fs" else soundcloud, method, url, headers=headers)
    assert response.status_code == status, response.text
    if media is not None:
        assert response.headers["content-type"].startswith(media)
    if isinstance(expected, dict):
        assert _subset(expected, json.loads(response.text)), response.text
    elif isinstance(expected, str):
        assert expected in response.text
    assert "Traceback" not in response.text
