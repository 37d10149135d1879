"""Freesound's search through its FTS5 index answers what the scan answers, on a generated dataset
of a few thousand sounds served from `--data`: the same sounds, in the same order, the same counts,
the same pages, the same SearchError."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from generator.mock import MockApp
from generator.mock.apis.freesound_data import LICENSES
from generator.mock.apis.freesound_index import Index
from generator.mock.apis.freesound_search import SORTS, Searcher
from generator.mock.catalogue import write_tables
from generator.mock.exchange import ApiError

from .conftest import FS_KEY, build, call

SOUNDS = 3000
QUERIES = 200


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> MockApp:
    folder = tmp_path_factory.mktemp("freesound")
    tables = build("freesound").behaviour.generated(SOUNDS)
    for sound in tables["sounds"][::40]:
        sound["moderated"] = False  # sounds awaiting moderation: never found
    write_tables(folder, tables)
    return build("freesound", data=folder, urls="mock")


class Queries:
    """Queries drawn from the dataset's own words, so that most of them find something."""

    def __init__(self, app: MockApp, seed: int) -> None:
        data: Any = app.behaviour.data  # type: ignore[attr-defined]
        self.r = random.Random(seed)
        self.sounds = list(data.sounds.values())
        self.usernames = [u["username"] for u in data.users.values()]
        self.packs = [p["name"] for p in data.packs.values()]

    def word(self) -> str:
        sound = self.r.choice(self.sounds)
        source = self.r.choice(["tags", "description", "original_filename", "username", "pack", "id", "junk"])
        if source == "tags":
            return self.r.choice(sound["tags"])
        if source == "description":
            return self.r.choice(sound["description"].split())  # with its punctuation at times: "Berlin."
        if source == "original_filename":
            return str(sound["original_filename"]).upper() if self.r.random() < 0.3 else sound["original_filename"]
        if source == "username":
            return self.r.choice(self.usernames)
        if source == "pack":
            return self.r.choice(self.r.choice(self.packs).split())
        if source == "id":
            return str(sound["id"])
        return self.r.choice(["zzz", "ü", "door.", 'a"b', "AND", "OR", "*", "(", "x:y"])

    def phrase(self) -> str:
        words = self.r.choice(self.sounds)["description"].lower().split()
        at = self.r.randrange(len(words) - 1)
        text = " ".join(words[at : at + 2])
        return text[1:-1] if self.r.random() < 0.3 else text  # a substring across words

    def q(self) -> str:
        parts = []
        for _ in range(self.r.choice([0, 1, 1, 1, 2, 2, 3])):
            term = f'"{self.phrase()}"' if self.r.random() < 0.15 else self.word()
            parts.append(self.r.choice(["", "", "", "+", "-"]) + term)
        return " ".join(parts)

    def clause(self) -> str:
        sound = self.r.choice(self.sounds)
        low = self.r.uniform(0, 60)
        choices = [
            f"tag:{self.r.choice(sound['tags'])}", f"type:{sound['type']}",
            f'license:"{LICENSES.get(sound["license"], "Attribution")}"', f"username:{self.r.choice(self.usernames)}",
            f'pack:"{self.r.choice(self.packs).upper()}"', f"duration:[{low:.1f} TO {low + 30:.1f}]",
            f"created:[{sound['created'][:10]}T00:00:00Z TO *]", f"created:{sound['created'][:10]}T00:00:00Z",
            "created:[NOW-5YEARS TO NOW]", f"is_geotagged:{self.r.choice(['true', 'false'])}", "is_remix:false",
            f"num_downloads:{sound['num_downloads']}", f"avg_rating:[* TO {self.r.randrange(4, 11)}]",
            f"description:{self.r.choice(sound['description'].split()).lower()}",
            f"original_filename:{sound['original_filename'][:4]}", f"pack_tokenized:{self.r.choice(['set', 'pack'])}",
            "comment:x", "md5:None", f"id:{sound['id']}", f"bitdepth:{self.r.choice([16, 24])}",
            f"samplerate:[44100 TO {self.r.choice(['*', '48000'])}]", "comments:[3 TO 8]",
        ]  # fmt: skip
        return self.r.choice(choices)

    def f(self) -> str:
        if self.r.random() < 0.35:
            return ""
        parts = [self.clause() for _ in range(self.r.choice([1, 1, 2, 3]))]
        shape = self.r.choice(["and", "AND", "OR", "NOT", "group"])
        if shape == "OR":
            return " OR ".join(parts)
        if shape == "AND":
            return " AND ".join(parts)
        if shape == "NOT":
            return " ".join(["NOT " + parts[0], *parts[1:]])
        if shape == "group":
            return f"-({' OR '.join(parts)})" if self.r.random() < 0.5 else f"({' OR '.join(parts)}) {self.clause()}"
        return " ".join(parts)

    def draw(self) -> tuple[str, str, str]:
        return self.q(), self.f(), self.r.choice([*SORTS, "score", "score"])


def answers(search: Searcher | Index, q: str, f: str, s: str) -> list[int] | str:
    try:
        return [sound["id"] for sound in search.run(q, f, s)]
    except ApiError as err:
        return f"{err.status} {err.kind}: {err.message}"


def test_the_index_answers_as_the_scan_on_200_sampled_queries(indexed: MockApp) -> None:
    behaviour: Any = indexed.behaviour
    scan, index = Searcher(behaviour.data), behaviour.search
    assert isinstance(index, Index)
    assert len(behaviour.data.sounds) >= SOUNDS
    assert len(behaviour.data.visible()) < len(behaviour.data.sounds)
    queries = Queries(indexed, seed=17)
    found = 0
    for number in range(QUERIES):
        q, f, s = queries.draw()
        expected = answers(scan, q, f, s)
        assert answers(index, q, f, s) == expected, f"query {number}: q={q!r} f={f!r} s={s!r}"
        if isinstance(expected, list):
            found += bool(expected)
            assert index.count(q, f, s) == len(expected), f"query {number}: q={q!r} f={f!r}"
            start = queries.r.randrange(0, len(expected) + 2)
            window = [sound["id"] for sound in index.run(q, f, s, start, start + 15)]
            assert window == expected[start : start + 15], f"query {number}: page from {start}"
    assert found > QUERIES // 2  # the sample searched for things that are there, not only for nothing


@pytest.mark.parametrize(
    "f", ["tag:(loop", "nofield", "duration:[1 10]", "created:[yesterday TO *]", "foo:bar", "duration:abc"]
)
def test_a_filter_solr_refused_is_the_same_error_through_the_index(indexed: MockApp, f: str) -> None:
    behaviour: Any = indexed.behaviour
    said = answers(behaviour.search, "door", f, "score")
    assert said == answers(Searcher(behaviour.data), "door", f, "score")
    assert isinstance(said, str)
    assert said.startswith("500 SearchError")


def test_search_pages_over_http_are_cut_from_the_whole_answer(indexed: MockApp) -> None:
    """The page the handler serves, and its counts, are the scan's: p=2 of 15 is items 15..29."""
    behaviour: Any = indexed.behaviour
    expected = [s["id"] for s in Searcher(behaviour.data).run("rain", "type:wav", "downloads_desc")]
    assert len(expected) > 30
    answer = call(
        indexed,
        "GET",
        f"/api/sounds/search/?q=rain&f=type:wav&s=downloads_desc&p=2&sounds_per_page=15&api_key={FS_KEY}",
    )
    body = answer.json()
    assert body["num_results"] == len(expected)
    assert body["num_pages"] == -(-len(expected) // 15)
    assert [int(re.sub(r"\D", "", s["ref"].rsplit("/sounds/", 1)[1])) for s in body["sounds"]] == expected[15:30]


def test_a_date_range_with_a_time_is_one_clause(indexed: MockApp) -> None:
    """`created:[2010-01-01T00:00:00Z TO *]`: the colons of the time are not the field's (they were:
    the whole filter was a SearchError)."""
    behaviour: Any = indexed.behaviour
    f = "created:[2010-01-01T00:00:00Z TO *]"
    found = answers(behaviour.search, "", f, "created_asc")
    assert found == answers(Searcher(behaviour.data), "", f, "created_asc")
    assert isinstance(found, list)
    assert found
    assert all(behaviour.data.sounds[i]["created"] >= "2010-01-01 00:00:00" for i in found)
    assert len(found) < len(behaviour.data.visible())
