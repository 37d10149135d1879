"""Answers that depart from the spec are kept, with their departures listed; `strict=True` raises (issue 13)."""

from __future__ import annotations

import asyncio
import logging

import pytest
import yaml

from tests.clients.functional.test_formats import DATA, QUERY_SPEC
from tests.clients.server import FixtureServer, json_answer, text_answer

CASES = {
    "missing required": ({k: v for k, v in DATA.items() if k != "price"}, "/price", "float", "missing"),
    "wrong type": (
        {**DATA, "price": {"min": 1, "max": 3, "mean": 2}},
        "/price",
        "float",
        {"min": 1, "max": 3, "mean": 2},
    ),
    "wrong nested type": ({**DATA, "parts": [{"code": "x", "size": "big"}]}, "/parts/0/size", "int", "big"),
    "nested not an object": ({**DATA, "parts": [7]}, "/parts", "list[Part]", [7]),
    "string for a list": ({**DATA, "tags": "a,b"}, "/tags", "list[str]", "a,b"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_deviating_answer_is_kept_with_its_deviations(fragment, server: FixtureServer, case: str, caplog) -> None:
    body, pointer, expected, got = CASES[case]
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", json_answer(body))
    with pkg.FragmentClient(base_url=server.url) as client:
        item = client.items.get_item(7)
    assert item.id == 7 and item.name == "True"  # everything else intact
    assert [d.pointer for d in item.deviations] == [pointer], item.deviations
    deviation = item.deviations[0]
    assert deviation.expected == expected
    assert (deviation.got is pkg.UNSET) if got == "missing" else (deviation.got == got)
    assert "departs from the spec" in caplog.text and pointer in caplog.text


@pytest.mark.parametrize("case", sorted(CASES))
def test_strict_raises_with_the_deviations(fragment, server: FixtureServer, case: str) -> None:
    body, pointer, _, _ = CASES[case]
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", json_answer(body))
    with (
        pkg.FragmentClient(base_url=server.url, strict=True) as client,
        pytest.raises(pkg.ResponseDeviationError) as caught,
    ):
        client.items.get_item(7)
    assert [d.pointer for d in caught.value.deviations] == [pointer]
    assert pointer in str(caught.value)
    assert isinstance(caught.value, pkg.ResponseDecodeError)


def test_a_conforming_answer_has_no_deviations_and_logs_nothing(fragment, server: FixtureServer, caplog) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", json_answer(DATA))
    caplog.set_level(logging.WARNING)
    with pkg.FragmentClient(base_url=server.url, strict=True) as client:
        assert client.items.get_item(7).deviations == ()
    assert caplog.text == ""


def test_nested_deviations_sit_on_the_nested_model_too(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", json_answer({**DATA, "parts": [{"code": "x", "size": 1}, {"code": 5, "size": 2}]}))
    with pkg.FragmentClient(base_url=server.url) as client:
        item = client.items.get_item(7)
    assert [d.pointer for d in item.deviations] == ["/parts/1/code"]
    assert item.parts[0].deviations == ()
    assert [d.pointer for d in item.parts[1].deviations] == ["/parts/1/code"]
    assert item.parts[1].code == 5 and item.parts[1].size == 2


def test_async_and_strict_per_call(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", json_answer({**DATA, "live": "yes"}))

    async def go() -> None:
        async with pkg.AsyncFragmentClient(base_url=server.url) as client:
            item = await client.items.get_item(7)
            assert [d.pointer for d in item.deviations] == ["/live"] and item.live == "yes"
            with pytest.raises(pkg.ResponseDeviationError):
                await client.with_options(strict=True).items.get_item(7)

    asyncio.run(go())


def test_the_response_lists_them_and_a_yaml_answer_deviates_alike(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    body = {k: v for k, v in DATA.items() if k != "price"}

    def answer(seen):
        if seen.query.get("format") == ["yaml"]:
            return text_answer(yaml.safe_dump(body), "application/x-yaml")
        return json_answer(body)

    server.on("GET", "/items/7/", answer)
    with pkg.FragmentClient(base_url=server.url) as client:
        for fmt in ("json", "yaml"):
            response = pkg.api.items.get_item.sync_detailed(7, client=client.with_options(format=fmt))
            assert [d.pointer for d in response.deviations] == ["/price"], fmt
            assert response.parsed.deviations == response.deviations
