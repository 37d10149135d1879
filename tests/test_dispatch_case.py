"""`x-soundspec-dispatch.ignore-case`: a server that matches the dispatch value ignoring its case.

Last.fm answers `method=artist.getinfo` as `artist.getInfo`; without the key, the value must be
spelt as the spec spells it.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from generator.apimodel import build_api
from generator.contract.exchange import SpecIndex
from generator.contract.requests import check_request
from generator.mock import create_app
from generator.quirks import load_quirks
from tests.clients.support import ServedApp
from tests.dispatch_fixture import KEY, tunebase

ASKED = {"method": "TRACK.getinfo", "artist": "Cher", "track": "Believe", "api_key": KEY}


def _spec(ignore_case: bool) -> dict[str, Any]:
    spec = tunebase()
    for item in spec["paths"].values():
        for op in item.values():
            op["x-soundspec-dispatch"]["ignore-case"] = ignore_case
    return spec


@pytest.mark.parametrize("ignore_case", [True, False])
def test_the_model_matches_the_value_as_the_server_does(ignore_case: bool) -> None:
    spec = _spec(ignore_case)
    op = build_api(spec, load_quirks(spec)).operation("trackGetInfo")
    assert op is not None
    assert op.dispatch_matches({"method": ["track.getInfo"]})
    assert op.dispatch_matches({"method": ["TRACK.getinfo"]}) is ignore_case
    assert not op.dispatch_matches({"method": ["user.getInfo"]})
    canonical = op.canonical_query({"method": ["TRACK.getinfo"], "artist": ["Cher"]})
    assert canonical == {"method": ["track.getInfo" if ignore_case else "TRACK.getinfo"], "artist": ["Cher"]}


@pytest.mark.parametrize("ignore_case", [True, False])
def test_a_recorded_request_spelt_otherwise_is_held_to_its_operation(ignore_case: bool) -> None:
    spec = _spec(ignore_case)
    found = check_request(SpecIndex(build_api(spec, load_quirks(spec))), "get", "/", ASKED)
    if ignore_case:
        assert found == []
    else:
        assert [v.keyword for v in found] == ["operation"]


@pytest.mark.parametrize("ignore_case", [True, False])
def test_the_mock_answers_the_value_spelt_otherwise(ignore_case: bool) -> None:
    with ServedApp(create_app("tunebase", _spec(ignore_case))) as served, httpx.Client(base_url=served.url) as http:
        answer = http.get("/3.0/", params={**ASKED, "format": "json"})
    assert answer.status_code == 200
    if ignore_case:
        assert answer.json()["track"]["name"]
    else:  # no operation takes it: refused in the format asked for, with the code of an invalid request
        assert answer.json()["error"] == 6 and "TRACK.getinfo" in answer.json()["message"]  # in the format asked for
