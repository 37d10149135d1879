"""The mock routes operations dispatched on one path by their parameter's value, over real HTTP."""

from __future__ import annotations

import httpx

from generator.mock import create_app
from tests.clients.support import ServedApp
from tests.dispatch_fixture import KEY, TUNEBASE


def test_one_path_answers_each_dispatched_operation_with_its_own_reply() -> None:
    with ServedApp(create_app("tunebase", TUNEBASE)) as served, httpx.Client(base_url=served.url) as http:
        track = http.get(
            "/3.0/",
            params={"method": "track.getInfo", "artist": "Cher", "track": "Believe", "api_key": KEY, "format": "json"},
        )
        user = http.get("/3.0/", params={"method": "user.getInfo", "user": "rj", "api_key": KEY, "format": "json"})
    assert track.status_code == 200 and set(track.json()) == {"track"}
    assert user.status_code == 200 and set(user.json()) == {"user", "warnings"}


def test_each_operation_holds_its_own_required_parameters() -> None:
    with ServedApp(create_app("tunebase", TUNEBASE)) as served, httpx.Client(base_url=served.url) as http:
        # user.getInfo's `user` is not enough for track.getInfo
        refused = http.get("/3.0/", params={"method": "track.getInfo", "user": "rj", "api_key": KEY, "format": "json"})
    # refused as the API refuses: inside a 200, with the code of an invalid request
    assert refused.status_code == 200
    assert refused.json()["error"] == 6 and "artist" in refused.json()["message"]


def test_a_value_naming_no_operation_is_refused_in_the_api_s_error_shape() -> None:
    with ServedApp(create_app("tunebase", TUNEBASE)) as served, httpx.Client(base_url=served.url) as http:
        unknown = http.get("/3.0/", params={"method": "track.nope", "api_key": KEY, "format": "json"})
        missing = http.get("/3.0/", params={"api_key": KEY, "format": "json"})
    assert unknown.status_code == missing.status_code == 200
    assert unknown.json()["error"] == missing.json()["error"] == 6
    assert "track.nope" in unknown.json()["message"] and "method" in missing.json()["message"]
