"""Page-number paging (`style: page-number`, `x-soundspec-page`): records in an envelope, totals at pointers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clients.server import Answer, FixtureServer, Seen, json_answer
from tests.dispatch_fixture import TUNEBASE

KEY = "a-test-key"


def _page(names: list[str], page: int, **totals: str) -> dict[str, Any]:
    tracks = [{"name": n, "artist": "Cher"} for n in names]
    return {"results": {"trackmatches": {"track": tracks}, "@attr": {"page": str(page), **totals}}}


def _pages(pages: list[dict[str, Any]]) -> Any:
    def answer(seen: Seen) -> Answer:
        number = int(seen.query.get("page", ["1"])[0])
        return json_answer(pages[number - 1] if number <= len(pages) else _page([], number))

    return answer


def _titles(fragment: Any, server: FixtureServer, limit: int) -> list[str]:
    pkg = fragment(TUNEBASE.read_text(encoding="utf-8"))
    with pkg.TunebaseClient(api_key=KEY, base_url=server.url) as client:
        return [t.name for t in client.track.track_search_iter(track="b", limit=limit)]


def test_the_page_count_in_digit_strings_ends_the_iteration(fragment, server: FixtureServer) -> None:
    totals = {"totalPages": "3", "total": "7"}
    pages = [_page(["a", "b", "c"], 1, **totals), _page(["d", "e", "f"], 2, **totals), _page(["g"], 3, **totals)]
    server.on("GET", "/", _pages(pages))
    assert _titles(fragment, server, 3) == list("abcdefg")
    assert [s.query["page"] for s in server.seen] == [["1"], ["2"], ["3"]]  # never page 4
    assert all(s.query["method"] == ["track.search"] and s.query["limit"] == ["3"] for s in server.seen)


def test_the_item_total_ends_it_when_no_page_count_is_given(fragment, server: FixtureServer) -> None:
    pages = [_page(["a", "b"], 1, total="4"), _page(["c", "d"], 2, total="4")]
    server.on("GET", "/", _pages(pages))
    assert _titles(fragment, server, 2) == list("abcd")
    assert len(server.seen) == 2


@pytest.mark.parametrize(("last", "asked"), [(["e"], 3), ([], 3)], ids=["short", "empty"])
def test_without_totals_a_short_or_empty_page_is_the_last(
    fragment, server: FixtureServer, last: list[str], asked: int
) -> None:
    server.on("GET", "/", _pages([_page(["a", "b"], 1), _page(["c", "d"], 2), _page(last, 3)]))
    assert _titles(fragment, server, 2) == list("abcd") + last
    assert len(server.seen) == asked


def test_a_page_size_is_kept_within_the_api_s_maximum(fragment, server: FixtureServer) -> None:
    server.on("GET", "/", _pages([_page(["a"], 1, totalPages="1", total="1")]))
    assert _titles(fragment, server, 500) == ["a"]
    assert server.seen[0].query["limit"] == ["50"]
