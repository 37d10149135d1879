"""Freesound text search through an embedded index: SQLite FTS5 and a table of the sounds' fields.

Answers what the scan in freesound_search answers, in the same order (tests hold the two equal):
a term matches a field when it is one of the field's whitespace-separated words, lower-cased, so
every word goes into FTS5 as one token spelt in letters and digits only (`w` + the word when it
is plain a-z0-9, else `x` + its UTF-8 in hex), which no tokenizer splits or folds; a phrase (a
term with a space) is a substring of the field's text. Filters compile to SQL over the fields'
columns, each clause written so that a missing value is false, never unknown (`NOT` of it true,
as in Python). Ties keep the scan's order: the dataset's, kept as the rowid.

Built once per dataset into its cache file (tablecache) and reused by every later start; the
generated dataset's is built in memory at start-up.
"""

# every value goes into the SQL as a bound parameter; what is spliced in is ours (names, fragments)
# ruff: noqa: S608
from __future__ import annotations

import re
import sqlite3
from array import array
from collections import OrderedDict
from typing import Any

from .freesound_data import LICENSES, Dataset
from .freesound_search import WEIGHTS, Clause, Group, Node, parse_filter, sort_keys, terms, text_of
from .tablecache import has_table, paused_gc, transaction

VERSION = 4  # in the tables' names: a cache file built by an older layout is built afresh
SOUNDS, TEXTS = f"fs_sounds_v{VERSION}", f"fs_texts_v{VERSION}"
WORDS, TAGS = f"fs_words_v{VERSION}", f"fs_tags_v{VERSION}"
FIELDS = tuple(WEIGHTS)  # the text fields q searches: words of WORDS, `<field>_text` of TEXTS
WINDOW = 1000  # rowids kept of an answer: its first pages (as Solr's queryResultWindowSize)
ANSWERS = 4096  # answers kept, the least recently asked dropped first (as Solr's queryResultCache)
CACHE_KIB = 96 * 1024  # SQLite's page cache: room for the hot tables (sounds' columns, words, tags)
NUMBERS = (
    "id num_downloads duration avg_rating num_ratings bitdepth bitrate samplerate channels filesize num_comments"
).split()
_PLAIN = re.compile(r"[a-z0-9]+")
Params = list[Any]


def token(word: str) -> str:
    return f"w{word}" if _PLAIN.fullmatch(word) else "x" + word.encode("utf-8", "surrogatepass").hex()


class Index:
    def __init__(self, data: Dataset, db: sqlite3.Connection) -> None:
        self.data = data
        self.db = db
        self.rows = list(data.sounds.values())  # rowid - 1 -> sound: the dataset's order
        # (q, f, s) -> how many match, rowids of the first WINDOW: the dataset never changes under them
        self.answers: OrderedDict[tuple[str, str, str], tuple[int, array[int]]] = OrderedDict()
        if not has_table(db, SOUNDS):
            self._build()
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    # building ------------------------------------------------------------------------------------
    def _build(self) -> None:
        columns = ", ".join([*NUMBERS, "created", "type", "license", "username", "pack", "geotagged"])
        text_columns = ", ".join(f"{field}_text" for field in FIELDS)
        with transaction(self.db):
            if has_table(self.db, SOUNDS):  # another start built it while this one waited
                return
            older = "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'fs_*_v*' AND name NOT GLOB ?"
            for (name,) in self.db.execute(older, [f"*_v{VERSION}"]).fetchall():  # their pages serve the new one
                self.db.execute(f"DROP TABLE IF EXISTS {name}")
            # the columns every search reads apart from the texts only phrases read: a narrow row, many to a page
            self.db.execute(f"CREATE TABLE {SOUNDS} (rowid INTEGER PRIMARY KEY, {columns})")
            self.db.execute(f"CREATE TABLE {TEXTS} (rowid INTEGER PRIMARY KEY, {text_columns})")
            self.db.execute(f"CREATE TABLE {TAGS} (sound INTEGER, tag TEXT)")
            self.db.execute(
                f"CREATE VIRTUAL TABLE {WORDS} USING fts5(words, content='', detail=none, "
                "tokenize='unicode61 remove_diacritics 0')"
            )
            slots = ", ".join("?" * (len(NUMBERS) + 6))
            with paused_gc():
                sounds: list[tuple[Any, ...]] = []
                texts: list[tuple[Any, ...]] = []
                tags: list[tuple[int, str]] = []
                found: list[tuple[int, str]] = []
                for rowid, sound in enumerate(self.rows, 1):
                    if not sound.get("moderated", True):  # never found: not indexed (no test of it per search)
                        continue
                    text = [text_of(self.data, sound, field) for field in FIELDS]
                    sounds.append(self._row(rowid, sound, text))
                    texts.append((rowid, *text))
                    tags += [(rowid, tag) for tag in sound["tags"]]
                    found += [(rowid << 3 | at, " ".join(map(token, set(t.split())))) for at, t in enumerate(text) if t]
            self.db.executemany(f"INSERT INTO {SOUNDS} VALUES (?, {slots})", sounds)
            self.db.executemany(f"INSERT INTO {TEXTS} VALUES (?, {', '.join('?' * len(FIELDS))})", texts)
            self.db.executemany(f"INSERT INTO {TAGS} VALUES (?, ?)", tags)
            self.db.executemany(f"INSERT INTO {WORDS} (rowid, words) VALUES (?, ?)", found)
            for column in ("num_downloads", "created", "duration", "avg_rating", "type", "license", "username", "pack"):
                self.db.execute(f"CREATE INDEX {SOUNDS}_{column} ON {SOUNDS} ({column})")
            self.db.execute(f"CREATE INDEX {TAGS}_tag ON {TAGS} (tag, sound)")
            self.db.execute(f"CREATE INDEX {SOUNDS}_score ON {SOUNDS} (num_downloads DESC, id)")
        self.db.execute("ANALYZE")

    def _row(self, rowid: int, sound: dict[str, Any], text: list[str]) -> tuple[Any, ...]:
        return (
            rowid, *(sound.get(name) for name in NUMBERS), sound["created"], str(sound.get("type")),
            LICENSES.get(sound["license"]), self.data.users[sound["user_id"]]["username"],
            text[FIELDS.index("pack")], bool(sound.get("geotag")),
        )  # fmt: skip

    # searching -----------------------------------------------------------------------------------
    def count(self, q: str, f: str, s: str) -> int:
        return self.search(q, f, s, 0, 0)[0]

    def run(self, q: str, f: str, s: str, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """The sounds matching, in the scan's order, from `start` to `stop` (None: to the end)."""
        return self.search(q, f, s, start, stop)[1]

    def search(self, q: str, f: str, s: str, start: int, stop: int | None) -> tuple[int, list[dict[str, Any]]]:
        """How many sounds match, and those from `start` to `stop`."""
        if stop is None or stop > WINDOW:
            total, rowids = self.query(q, f, s, start, stop)
            return total, [self.rows[rowid - 1] for rowid in rowids]
        key = (q, f, s)
        answer = self.answers.get(key)
        if answer is None:
            total, rowids = self.query(q, f, s, 0, WINDOW)
            answer = self.answers[key] = (total, array("i", rowids))
            if len(self.answers) > ANSWERS:
                self.answers.popitem(last=False)
        else:
            self.answers.move_to_end(key)
        return answer[0], [self.rows[rowid - 1] for rowid in answer[1][start:stop]]

    def query(self, q: str, f: str, s: str, start: int, stop: int | None) -> tuple[int, list[int]]:
        """How many sounds match, and the rowids of those from `start` to `stop`."""
        source, score, params = self.matching(q, f, s)
        field, second = sort_keys(s)
        if field != "score":
            way = "DESC" if s.endswith("_desc") else "ASC"
            order = f"s.{field} {way}, s.{second} {way}, s.rowid"
        elif score == "0":  # no term to score: the order of an index, read no further than the page
            order = "s.num_downloads DESC, s.id"
        else:
            order = "score DESC, s.num_downloads DESC, s.id"
        size = -1 if stop is None else max(stop - start, 0)
        if score == "0":  # counted apart, from indexes alone, and the page read in order up to its end
            total = self.db.execute(f"SELECT count(*) FROM {source}", params).fetchone()[0]
            sql = f"SELECT s.rowid FROM {source} ORDER BY {order} LIMIT ? OFFSET ?"
            return total, [row[0] for row in self.db.execute(sql, [*params, size, start])] if size else []
        # every match is scored and sorted anyway: counted in the same pass
        found = self.db.execute(
            f"SELECT s.rowid, count(*) OVER (), {score} AS score FROM {source} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, size, start] if size else [*params, 1, 0],
        ).fetchall()
        if not found and start:  # a page past the end: the count alone
            found = [(None, *self.db.execute(f"SELECT count(*) FROM {source}", params).fetchone(), 0)]
        total = found[0][1] if found else 0
        return total, [rowid for rowid, _, _ in found if rowid is not None] if size else []

    def matching(self, q: str, f: str, s: str) -> tuple[str, str, Params]:
        """The `FROM ... WHERE ...` of the sounds matching `q` and `f`, their score, the parameters."""
        joins: list[str] = []
        scores: list[str] = []
        where = ["1"]
        join_params: Params = []
        where_params: Params = []
        for sign, term in terms(q):
            if sign == "-":
                sql, more = self.anywhere(term)
                where.append(f"NOT coalesce({sql}, 0)")
                where_params += more
                continue
            name = f"t{len(joins)}"
            sql, more = self.weighed(term)
            joins.append(f"({sql}) {name}" + (f" ON {name}.r = t0.r" if joins else ""))
            scores.append(f"{name}.w")
            join_params += more
        if f.strip():
            sql, more = self.clause(parse_filter(q, f, s))
            where.append(sql)
            where_params += more
        sounds = f"{SOUNDS} s" + (" ON s.rowid = t0.r" if joins else "")
        source = f"{' JOIN '.join([*joins, sounds])} WHERE {' AND '.join(where)}"
        return source, " + ".join(scores) or "0", [*join_params, *where_params]

    def weighed(self, term: str) -> tuple[str, Params]:
        """(r, w): the sounds where `term` is found, and the sum of the weights of its fields there."""
        if " " in term:
            weights = " + ".join(f"{weight} * (instr({field}_text, ?) > 0)" for field, weight in WEIGHTS.items())
            return f"SELECT r, w FROM (SELECT rowid AS r, {weights} AS w FROM {TEXTS}) WHERE w > 0", [term] * len(
                FIELDS
            )
        weights = " ".join(f"WHEN {at} THEN {weight}" for at, weight in enumerate(WEIGHTS.values()))
        weighed = f"sum(CASE rowid & 7 {weights} END)"
        return f"SELECT rowid >> 3 AS r, {weighed} AS w FROM {WORDS} WHERE {WORDS} MATCH ? GROUP BY 1", [
            f'"{token(term)}"'
        ]

    def anywhere(self, term: str) -> tuple[str, Params]:
        if " " in term:
            found = " OR ".join(f"instr({field}_text, ?) > 0" for field in FIELDS)
            return f"s.rowid IN (SELECT rowid FROM {TEXTS} WHERE {found})", [term] * len(FIELDS)
        return f"s.rowid IN (SELECT rowid >> 3 FROM {WORDS} WHERE {WORDS} MATCH ?)", [f'"{token(term)}"']

    def clause(self, node: Node) -> tuple[str, Params]:
        if isinstance(node, Group):
            compiled = [self.clause(part) for part in node.parts]
            params = [p for _, part_params in compiled for p in part_params]
            if node.op == "not":  # a comparison with NULL is unknown, and so is NOT of it: false here, as in Python
                return f"NOT coalesce({compiled[0][0]}, 0)", params
            joiner = " OR " if node.op == "or" else " AND "
            return "(" + joiner.join(sql for sql, _ in compiled) + ")", params
        return self.leaf(node)  # unwrapped, so that SQLite may answer it from an index

    def leaf(self, clause: Clause) -> tuple[str, Params]:
        kind, field, value = clause.kind, clause.field, clause.value
        if kind == "number":
            return f"s.{field} = ?", [value]
        if kind == "exact":
            return self.exact(field, value)
        if kind == "flag":
            return ("s.geotagged = ?" if field == "is_geotagged" else "0 = ?"), [int(value)]
        if kind == "contains":
            if field not in FIELDS:  # a field no sound has: the scan's text of it is empty
                return "instr('', ?) > 0", [value]
            return f"s.rowid IN (SELECT rowid FROM {TEXTS} WHERE instr({field}_text, ?) > 0)", [value]
        if kind == "day":
            return "substr(s.created, 1, 10) = ?", [value]
        low, high = value
        column = "created" if kind == "dates" else field
        tests = [f"s.{column} IS NOT NULL"]
        tests += [f"s.{column} >= ?"] if low is not None else []
        tests += [f"s.{column} <= ?"] if high is not None else []
        return "(" + " AND ".join(tests) + ")", [v for v in (low, high) if v is not None]

    def exact(self, field: str, text: str) -> tuple[str, Params]:
        if field == "tag":
            return f"s.rowid IN (SELECT sound FROM {TAGS} WHERE tag = ?)", [text]
        if field == "license":
            return "s.license = ?", [text]
        if field == "pack":
            return "s.pack = ?", [text.lower()]
        if field in ("username", "type"):
            return f"s.{field} = ?", [text]
        return "'None' = ?", [text]  # a field no sound has: its value reads "None", as the scan's str() of it
