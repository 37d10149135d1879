"""The generic mock pages a page-number operation: one collection cut into pages, totals written to match."""

from __future__ import annotations

import httpx

from generator.mock import create_app
from tests.clients.support import ServedApp
from tests.dispatch_fixture import KEY, TUNEBASE


def _page(http: httpx.Client, page: int, limit: int) -> dict:  # type: ignore[type-arg]
    asked = {
        "method": "track.search",
        "track": "believe",
        "page": page,
        "limit": limit,
        "api_key": KEY,
        "format": "json",
    }
    answer = http.get("/3.0/", params=asked)
    assert answer.status_code == 200
    return answer.json()["results"]  # type: ignore[no-any-return]


def test_pages_share_one_collection_and_state_its_totals_as_the_answer_did() -> None:
    with ServedApp(create_app("tunebase", TUNEBASE)) as served, httpx.Client(base_url=served.url) as http:
        pages = [_page(http, n, 3) for n in (1, 2, 3, 4)]
        again = _page(http, 2, 3)
    assert [len(p["trackmatches"]["track"]) for p in pages] == [3, 3, 1, 0]  # the example says 7 in all
    assert [p["@attr"] for p in pages[:3]] == [{"page": str(n), "totalPages": "3", "total": "7"} for n in (1, 2, 3)]
    assert again == pages[1]


def test_a_larger_page_holds_all() -> None:
    with ServedApp(create_app("tunebase", TUNEBASE)) as served, httpx.Client(base_url=served.url) as http:
        whole = _page(http, 1, 50)
    assert len(whole["trackmatches"]["track"]) == 7 and whole["@attr"]["totalPages"] == "1"
