"""Hostile answers over real HTTP: the client raises its own error, never dies (18: 5-8).

The corpus is tests/hostile/answers.py; every answer goes to a sync and an async client.
"""

from __future__ import annotations

import asyncio
import collections
import gzip
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clients.functional.test_formats import DATA, QUERY_SPEC
from tests.clients.server import Answer, FixtureServer, json_answer
from tests.hostile.answers import ANSWERS, HostileAnswer


def base_error(pkg):
    return pkg.APIStatusError.__mro__[1]


def served(server: FixtureServer, answer: HostileAnswer) -> None:
    server.on("GET", "/items/7/", Answer(200, answer.build(), {"Content-Type": answer.media_type, **answer.headers}))


def test_the_corpus_counts_its_inputs_per_kind() -> None:
    kinds = collections.Counter(a.kind for a in ANSWERS)
    print("hostile answers per kind:", dict(sorted(kinds.items())))
    assert set(kinds) == {"nesting", "size", "format", "encoding", "shape"}
    assert len({a.name for a in ANSWERS}) == len(ANSWERS)


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: f"{a.kind}-{a.name}")
def test_a_sync_client_raises_its_own_error(fragment, server: FixtureServer, answer: HostileAnswer) -> None:
    pkg = fragment(QUERY_SPEC)
    served(server, answer)
    with pkg.FragmentClient(base_url=server.url, format=answer.asked) as client:
        try:
            client.items.get_item(7)
        except base_error(pkg):
            pass


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: f"{a.kind}-{a.name}")
def test_an_async_client_raises_its_own_error(fragment, server: FixtureServer, answer: HostileAnswer) -> None:
    pkg = fragment(QUERY_SPEC)
    served(server, answer)

    async def go() -> None:
        async with pkg.AsyncFragmentClient(base_url=server.url, format=answer.asked) as client:
            try:
                await client.items.get_item(7)
            except base_error(pkg):
                pass

    asyncio.run(go())


def test_deep_yaml_does_not_kill_the_process(fragment, server: FixtureServer) -> None:
    """libyaml's C loader segfaulted (exit 139) on 25,000 `[`: in a process of its own, so a crash shows as one."""
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", Answer(200, b"[" * 25_000, {"Content-Type": "application/x-yaml"}))
    script = f"""
import {pkg.__name__} as pkg
for fmt in ("json", "yaml"):
    with pkg.FragmentClient(base_url={server.url!r}, format=fmt) as client:
        try:
            client.items.get_item(7)
        except pkg.ResponseDecodeError as err:
            print(fmt, type(err).__name__, str(err)[-60:])
"""
    root = Path(pkg.__file__).parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], check=False, cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.count("ResponseDecodeError") == 2, done.stdout
    assert "nested too deep" in done.stdout


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_deep_nesting_is_a_decode_error_naming_the_cause(fragment, server: FixtureServer, fmt: str) -> None:
    pkg = fragment(QUERY_SPEC)
    body = b"[" * 3000 + b"]" * 3000
    server.on(
        "GET",
        "/items/7/",
        Answer(200, body, {"Content-Type": "application/x-yaml" if fmt == "yaml" else "application/json"}),
    )
    with (
        pkg.FragmentClient(base_url=server.url, format=fmt) as client,
        pytest.raises(pkg.ResponseDecodeError, match=r"deep|[Rr]ecursion"),
    ):
        client.items.get_item(7)


def test_an_answer_is_read_in_the_format_asked_for(fragment, server: FixtureServer) -> None:
    """A YAML body sent to a client that asked for JSON is not handed to the YAML parser."""
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", Answer(200, b"id: 7\nname: x\n", {"Content-Type": "application/x-yaml"}))
    with pkg.FragmentClient(base_url=server.url) as client, pytest.raises(pkg.ResponseDecodeError, match="not JSON"):
        client.items.get_item(7)


def test_ordinary_yaml_and_json_pages_still_read(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    many = "".join(f"  - {{code: c{i}, size: {i}}}\n" for i in range(300))  # 300 flow maps: the slow, safe loader
    yaml_body = f"id: 7\nname: x\nprice: 1.5\nlive: true\ntags: [a]\nparts:\n{many}"
    server.on("GET", "/items/7/", Answer(200, yaml_body.encode(), {"Content-Type": "application/x-yaml"}))
    with pkg.FragmentClient(base_url=server.url, format="yaml") as client:
        item = client.items.get_item(7)
    assert len(item.parts) == 300 and item.parts[299].size == 299


def test_a_gzip_bomb_stops_at_max_answer_bytes(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    bomb = next(a for a in ANSWERS if a.name == "gzip-bomb")
    served(server, bomb)
    with (
        pkg.FragmentClient(base_url=server.url, max_answer_bytes=1_000_000) as client,
        pytest.raises(pkg.ResponseDecodeError, match="max_answer_bytes"),
    ):
        client.items.get_item(7)
    # within the bound, the same coding reads
    server.on(
        "GET",
        "/items/7/",
        Answer(
            200, gzip.compress(json_answer(DATA).body), {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        ),
    )
    with pkg.FragmentClient(base_url=server.url, max_answer_bytes=1_000_000) as client:
        assert client.items.get_item(7).to_dict() == DATA


def test_a_trickled_body_stops_at_the_deadline(fragment, server: FixtureServer) -> None:
    """`timeout` bounds each read; a body trickled a byte at a time passes every read: `deadline` bounds the call."""
    pkg = fragment(QUERY_SPEC)
    server.on(
        "GET", "/items/7/", Answer(200, json_answer(DATA).body, {"Content-Type": "application/json"}, trickle=0.1)
    )
    started = time.monotonic()
    with (
        pkg.FragmentClient(base_url=server.url, timeout=2, deadline=1.0, max_retries=0) as client,
        pytest.raises(pkg.APITimeoutError, match="deadline"),
    ):
        client.items.get_item(7)
    took = time.monotonic() - started
    assert took < 1.0 + 2.0, took  # the whole body would take over 13 s

    async def go() -> None:
        async with pkg.AsyncFragmentClient(base_url=server.url, timeout=2, deadline=1.0) as client:
            with pytest.raises(pkg.APITimeoutError, match="deadline"):
                await client.items.get_item(7)

    started = time.monotonic()
    asyncio.run(go())
    assert time.monotonic() - started < 1.0 + 2.0


def test_a_deadline_is_not_slept_past_between_retries(fragment, server: FixtureServer) -> None:
    pkg = fragment(QUERY_SPEC)
    server.on("GET", "/items/7/", json_answer({"busy": True}, status=503, **{"Retry-After": "5"}))
    with (
        pkg.FragmentClient(base_url=server.url, deadline=1.0, max_retries=3) as client,
        pytest.raises(pkg.APITimeoutError, match="deadline"),
    ):
        client.items.get_item(7)
    assert len(server.seen) == 1
