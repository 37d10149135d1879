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

from __future__ import annotations

import re
import sqlite3
from typing import Any

from .freesound_data import LICENSES, Dataset
from .freesound_search import WEIGHTS, Clause, Group, Node, parse_filter, sort_keys, terms
from .tablecache import has_table, paused_gc, transaction

VERSION = 1  # in the tables' names: a cache file built by an older layout is built afresh
SOUNDS, WORDS, TAGS = f"fs_sounds_v{VERSION}", f"fs_words_v{VERSION}", f"fs_tags_v{VERSION}"
FIELDS = tuple(WEIGHTS)  # the text fields q searches, each a column of WORDS and a `<field>_text`
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
        if not has_table(db, SOUNDS):
            self._build()

    # building ------------------------------------------------------------------------------------
    def _build(self) -> None:
        columns = ", ".join([*NUMBERS, "created", "visible", "type", "license", "username", "pack", "geotagged"])
        texts = ", ".join(f"{field}_text" for field in FIELDS)
        with transaction(self.db):
            if has_table(self.db, SOUNDS):  # another start built it while this one waited
                return
            self.db.execute(f"CREATE TABLE {SOUNDS} (rowid INTEGER PRIMARY KEY, {columns}, {texts})")
            self.db.execute(f"CREATE TABLE {TAGS} (sound INTEGER, tag TEXT)")
            words = ", ".join(FIELDS)
            self.db.execute(
                f"CREATE VIRTUAL TABLE {WORDS} USING fts5({words}, content='', detail=column, "
                "tokenize='unicode61 remove_diacritics 0')"
            )
            slots = ", ".join("?" * (len(NUMBERS) + 7 + len(FIELDS)))
            with paused_gc():
                sounds, tags, found = [], [], []
                for rowid, sound in enumerate(self.rows, 1):
                    text = [self.text(sound, field) for field in FIELDS]
                    sounds.append(self._row(rowid, sound, text))
                    tags += [(rowid, tag) for tag in sound["tags"]]
                    found.append((rowid, *(" ".join(token(w) for w in set(t.split())) for t in text)))
            self.db.executemany(f"INSERT INTO {SOUNDS} VALUES (?, {slots})", sounds)
            self.db.executemany(f"INSERT INTO {TAGS} VALUES (?, ?)", tags)
            self.db.executemany(f"INSERT INTO {WORDS} (rowid, {words}) VALUES (?, {', '.join('?' * len(FIELDS))})", found)
            for column in ("num_downloads", "created", "duration", "avg_rating", "type", "license", "username", "pack"):
                self.db.execute(f"CREATE INDEX {SOUNDS}_{column} ON {SOUNDS} ({column})")
            self.db.execute(f"CREATE INDEX {TAGS}_tag ON {TAGS} (tag, sound)")
            self.db.execute(f"CREATE INDEX {SOUNDS}_score ON {SOUNDS} (num_downloads DESC, id)")
        self.db.execute("ANALYZE")

    def text(self, sound: dict[str, Any], field: str) -> str:
        if field == "tag":
            return " ".join(sound["tags"]).lower()
        if field == "username":
            return str(self.data.users[sound["user_id"]]["username"]).lower()
        if field == "pack":
            pack = self.data.packs.get(sound.get("pack_id") or -1)
            return str(pack["name"]).lower() if pack else ""
        return str(sound.get(field, "")).lower()

    def _row(self, rowid: int, sound: dict[str, Any], text: list[str]) -> tuple[Any, ...]:
        return (
            rowid, *(sound.get(name) for name in NUMBERS), sound["created"], bool(sound.get("moderated", True)),
            str(sound.get("type")), LICENSES.get(sound["license"]), self.data.users[sound["user_id"]]["username"],
            text[FIELDS.index("pack")], bool(sound.get("geotag")), *text,
        )  # fmt: skip

    # searching -----------------------------------------------------------------------------------
    def count(self, q: str, f: str, s: str) -> int:
        where, params = self.where(q, f, s)
        return int(self.db.execute(f"SELECT count(*) FROM {SOUNDS} s WHERE {where}", params).fetchone()[0])

    def run(self, q: str, f: str, s: str, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """The sounds matching, in the scan's order, from `start` to `stop` (None: to the end)."""
        where, params = self.where(q, f, s)
        score, score_params = self.score(q)
        field, second = sort_keys(s)
        if field == "score":
            order = "score DESC, s.num_downloads DESC, s.id"
        else:
            way = "DESC" if s.endswith("_desc") else "ASC"
            order = f"s.{field} {way}, s.{second} {way}, s.rowid"
        sql = f"SELECT s.rowid, {score} AS score FROM {SOUNDS} s WHERE {where} ORDER BY {order}"
        window: Params = []
        if start or stop is not None:
            sql += " LIMIT ? OFFSET ?"
            window = [-1 if stop is None else max(stop - start, 0), start]
        found = self.db.execute(sql, [*score_params, *params, *window])
        return [self.rows[rowid - 1] for rowid, _ in found]

    def where(self, q: str, f: str, s: str) -> tuple[str, Params]:
        parts, params = ["s.visible"], []
        for sign, term in terms(q):
            hit, hit_params = self.anywhere(term)
            parts.append(f"NOT ({hit})" if sign == "-" else hit)
            params += hit_params
        if f.strip():
            sql, filter_params = self.clause(parse_filter(q, f, s))
            parts.append(sql)
            params += filter_params
        return " AND ".join(parts), params

    def anywhere(self, term: str) -> tuple[str, Params]:
        if " " in term:
            return "(" + " OR ".join(f"instr(s.{field}_text, ?) > 0" for field in FIELDS) + ")", [term] * len(FIELDS)
        return f"s.rowid IN (SELECT rowid FROM {WORDS} WHERE {WORDS} MATCH ?)", [f'"{token(term)}"']

    def score(self, q: str) -> tuple[str, Params]:
        sums, params = [], []
        for sign, term in terms(q):
            if sign == "-":
                continue
            for field, weight in WEIGHTS.items():
                if " " in term:
                    sums.append(f"{weight} * (instr(s.{field}_text, ?) > 0)")
                    params.append(term)
                else:
                    sums.append(f"{weight} * (s.rowid IN (SELECT rowid FROM {WORDS} WHERE {WORDS} MATCH ?))")
                    params.append(f'{field} : "{token(term)}"')
        return (" + ".join(sums) or "0"), params

    def clause(self, node: Node) -> tuple[str, Params]:
        if isinstance(node, Group):
            compiled = [self.clause(part) for part in node.parts]
            params = [p for _, part_params in compiled for p in part_params]
            if node.op == "not":
                return f"NOT ({compiled[0][0]})", params
            joiner = " OR " if node.op == "or" else " AND "
            return "(" + joiner.join(sql for sql, _ in compiled) + ")", params
        sql, params = self.leaf(node)
        return f"coalesce({sql}, 0)", params  # a comparison with NULL is false here, as in Python

    def leaf(self, clause: Clause) -> tuple[str, Params]:
        kind, field, value = clause.kind, clause.field, clause.value
        if kind == "number":
            return f"s.{field} = ?", [value]
        if kind == "exact":
            return self.exact(field, value)
        if kind == "flag":
            return ("s.geotagged = ?" if field == "is_geotagged" else "0 = ?"), [int(value)]
        if kind == "contains":
            return (f"instr(s.{field}_text, ?) > 0" if field in FIELDS else "instr('', ?) > 0"), [value]
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
