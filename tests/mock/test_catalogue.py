"""Catalogue-sized datasets: `scripts/dataset` writes them deterministically, the mock serves them
from a cache file keyed by their content, and writes under concurrent requests lose nothing."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.config import load_project
from generator.mock.apis import MODULES
from generator.mock.apis import tables as tables_module
from generator.mock.catalogue import generate, write_tables

from .conftest import ROOT, SC_CLIENT, SC_TOKEN, Served, build

BUILD = "from pathlib import Path; from tests.mock.conftest import build"
SCALE = 0.004  # 800 Freesound sounds, 400 SoundCloud tracks: every table has rows, the suite stays fast


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*.json"))
    }


def test_scripts_dataset_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator.mock.catalogue", str(tmp_path / "a"), "--scale", str(SCALE), "--seed", "3"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    generate(tmp_path / "b", 3, SCALE)
    generate(tmp_path / "c", 4, SCALE)
    first, again, other = digest(tmp_path / "a"), digest(tmp_path / "b"), digest(tmp_path / "c")
    with_data = [api.name for api in load_project(ROOT).apis if api.name in MODULES]
    assert sorted({name.split("/")[0] for name in first}) == sorted(with_data)
    assert first == again
    assert first.keys() == other.keys()
    assert first != other


def test_scripts_dataset_refuses_a_scale_of_nothing_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator.mock.catalogue", str(tmp_path), "--scale", "0"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip() == "scripts/dataset: error: --scale wants a number above 0, got 0"


@pytest.mark.parametrize("name", sorted(MODULES))  # the APIs whose behaviour module has a dataset
def test_a_dataset_is_checked_once_and_served_from_its_cache_after(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    behaviour: Any = build(name).behaviour
    tables = behaviour.generated(max(1, round(behaviour.catalogue * SCALE)))
    folder = tmp_path / "data"
    write_tables(folder, tables)
    first = build(name, data=folder).behaviour
    cached = list((folder / ".soundspec-cache").glob(f"{name}-*.sqlite"))
    assert len(cached) == 1

    def refuse(*args: Any) -> Any:
        raise AssertionError("rows checked again although the cache holds them")

    monkeypatch.setattr(tables_module, "_checked", refuse)
    again: Any = build(name, data=folder).behaviour
    assert again.data.dump() == first.data.dump()  # type: ignore[attr-defined]
    assert list((folder / ".soundspec-cache").glob(f"{name}-*.sqlite")) == cached
    for hash_seed in ("7", "8"):  # another process, where sets and dicts of strings iterate otherwise
        done = subprocess.run(
            [sys.executable, "-c", f"{BUILD}; build({name!r}, data=Path({str(folder)!r}))"],
            cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": hash_seed}, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert list((folder / ".soundspec-cache").glob(f"{name}-*.sqlite")) == cached

    # one changed value is new content: checked again (and refused here), never the old answer
    main = next(t for t in tables if tables[t] and "id" in tables[t][0])
    tables[main][0]["id"] = "not an id"
    write_tables(folder, tables)
    with pytest.raises(AssertionError, match="rows checked again"):
        build(name, data=folder)


def test_a_changed_dataset_gets_a_new_cache_file_and_the_old_one_goes(tmp_path: Path) -> None:
    behaviour: Any = build("freesound").behaviour
    tables = behaviour.generated(200)
    folder = tmp_path / "data"
    write_tables(folder, tables)
    build("freesound", data=folder)
    before = list((folder / ".soundspec-cache").iterdir())
    sound = tables["sounds"][0]
    sound["tags"] = ["zanzibarian"]
    write_tables(folder, tables)
    answer = build("freesound", data=folder).behaviour.search.run("zanzibarian", "", "score")  # type: ignore[attr-defined]
    after = list((folder / ".soundspec-cache").iterdir())
    assert [s["id"] for s in answer] == [sound["id"]]
    assert len(before) == len(after) == 1
    assert before != after


def test_parallel_comments_over_http_are_all_there_afterwards(served_soundcloud: Served) -> None:
    """N comment posts at once, each on its own connection to the mock on 127.0.0.1: every one
    answered 201 with an id of its own, and every one listed afterwards."""
    count = 64
    base = served_soundcloud.url
    track = 104286869  # a track of the recordings that takes comments
    auth = {"oauth_token": SC_TOKEN}

    async def post(client: httpx.AsyncClient, number: int) -> httpx.Response:
        return await client.post(f"{base}/tracks/{track}/comments", data={**auth, "comment[body]": f"note {number}"})

    async def run() -> tuple[list[httpx.Response], list[dict[str, Any]], list[dict[str, Any]]]:
        limits = httpx.Limits(max_connections=count)
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            listing = {"client_id": SC_CLIENT, "limit": 200}
            before = (await client.get(f"{base}/tracks/{track}/comments", params=listing)).json()
            answers = await asyncio.gather(*(post(client, n) for n in range(count)))
            after = (await client.get(f"{base}/tracks/{track}/comments", params=listing)).json()
        return list(answers), before, after

    answers, before, after = asyncio.run(run())
    assert [a.status_code for a in answers] == [201] * count
    ids = {a.json()["id"] for a in answers}
    assert len(ids) == count
    bodies = {c["body"] for c in after}
    assert {f"note {n}" for n in range(count)} <= bodies
    assert len(after) == len(before) + count
    assert ids <= {c["id"] for c in after}
    track_body = json.loads(httpx.get(f"{base}/tracks/{track}", params={"client_id": SC_CLIENT}).text)
    assert track_body["comment_count"] == len(after)
