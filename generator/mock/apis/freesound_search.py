"""Freesound text search on the mock's data: `q` (dismax-like), `f` (Solr filter), `s`, `g`.

`q`: every plain term must match one of id, tags, description, username, pack name or
original filename (`+term` required, `-term` forbidden, `"a phrase"`); the score weighs the
fields as the server's DEFAULT_SEARCH_WEIGHTS did. `f`: `field:value`, `field:"phrase"`,
`field:[a TO b]` (`*` open), AND / OR / NOT / `-`, parentheses, clauses ANDed by default.
A filter the server's Solr would reject raises SearchError (logical 500), as it did.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ..exchange import ApiError
from .freesound_data import DATE, LICENSES, Dataset

WEIGHTS = {"tag": 4, "description": 3, "original_filename": 2, "pack": 2, "username": 1, "id": 1}
SORTS: dict[str, tuple[str, str]] = {
    "score": ("score", "score desc"), "duration_desc": ("duration", "duration desc"),
    "duration_asc": ("duration", "duration asc"), "created_desc": ("created", "created desc"),
    "created_asc": ("created", "created asc"), "downloads_desc": ("num_downloads", "num_downloads desc"),
    "downloads_asc": ("num_downloads", "num_downloads asc"), "rating_desc": ("avg_rating", "avg_rating desc"),
    "rating_asc": ("avg_rating", "avg_rating asc"),
}  # fmt: skip
_TOKEN = re.compile(r'\s*(\(|\)|-(?=\S)|\+(?=\S)|"[^"]*"|[^\s()"]+:(?:"[^"]*"|\[[^\]]*\]|\{[^}]*\}|[^\s()]+)|[^\s()]+)')
_NOW = datetime(2014, 12, 11, 12, 0, 0)
_NUMERIC = {
    "id": "id", "duration": "duration", "bitdepth": "bitdepth", "bitrate": "bitrate", "samplerate": "samplerate",
    "channels": "channels", "filesize": "filesize", "num_downloads": "num_downloads", "avg_rating": "avg_rating",
    "num_ratings": "num_ratings", "comments": "num_comments",
}  # fmt: skip
Pred = Callable[[dict[str, Any]], bool]


def search_error(q: str, f: str, s: str, detail: str) -> ApiError:
    # the server put the sort (its Solr text, "score desc") where the query belongs in this message
    sort = SORTS.get(s, SORTS["score"])[1]
    return ApiError(500, f"search_query {sort} filter_query {f} sort {sort} error {detail}", "SearchError")


class Searcher:
    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.context = ("", "", "")  # q, f, s of the search being filtered, for SearchError texts

    def text(self, sound: dict[str, Any], field: str) -> str:
        if field == "tag":
            return " ".join(sound["tags"]).lower()
        if field == "username":
            return str(self.data.users[sound["user_id"]]["username"]).lower()
        if field == "pack":
            pack = self.data.packs.get(sound.get("pack_id") or -1)
            return str(pack["name"]).lower() if pack else ""
        return str(sound.get(field, "")).lower()

    def matches(self, sound: dict[str, Any], field: str, term: str) -> bool:
        text = self.text(sound, field)
        return term in text if " " in term else term in text.split()

    def score(self, sound: dict[str, Any], q: str) -> float | None:
        """None when the sound does not match `q`, else its score."""
        total = 0.0
        for raw in re.findall(r'[+-]?"[^"]*"|\S+', q):
            sign = raw[0] if raw[0] in "+-" else ""
            term = raw.lstrip("+-").strip('"').lower()
            if not term:
                continue
            hits = sum(w for field, w in WEIGHTS.items() if self.matches(sound, field, term))
            if sign == "-":
                if hits:
                    return None
                continue
            if not hits:
                return None
            total += hits
        return total

    def run(self, q: str, f: str, s: str) -> list[dict[str, Any]]:
        predicate = self.filter(f, q, s) if f.strip() else None
        scored = []
        for sound in self.data.visible():
            if predicate is not None and not predicate(sound):
                continue
            score = self.score(sound, q)
            if score is not None:
                scored.append((score, sound))
        field, _ = SORTS.get(s, SORTS["score"])
        if field == "score":
            scored.sort(key=lambda pair: (-pair[0], -pair[1]["num_downloads"], pair[1]["id"]))
        else:
            descending = s.endswith("_desc")
            second = "num_ratings" if field == "avg_rating" else field
            scored.sort(key=lambda pair: (pair[1][field], pair[1][second]), reverse=descending)
        return [sound for _, sound in scored]

    # the filter language --------------------------------------------------------------------------
    def error(self, detail: str) -> ApiError:
        return search_error(*self.context, detail)

    def filter(self, f: str, q: str, s: str) -> Pred:
        self.context = (q, f, s)
        tokens = [t for t in _TOKEN.findall(f) if t]
        if "".join(tokens).replace(" ", "") != re.sub(r"\s+", "", f):
            raise self.error("org.apache.solr.search.SyntaxError: Cannot parse filter")
        position = 0

        def expr() -> Pred:
            nonlocal position
            parts = [term()]
            while position < len(tokens) and tokens[position] == "OR":
                position += 1
                parts.append(term())
            return lambda sound: any(p(sound) for p in parts)

        def term() -> Pred:
            nonlocal position
            parts = [factor()]
            while position < len(tokens) and tokens[position] not in ("OR", ")"):
                if tokens[position] == "AND":
                    position += 1
                parts.append(factor())
            return lambda sound: all(p(sound) for p in parts)

        def factor() -> Pred:
            nonlocal position
            if position >= len(tokens):
                raise self.error("org.apache.solr.search.SyntaxError: unexpected end of filter")
            token = tokens[position]
            position += 1
            if token in ("NOT", "-"):
                inner = factor()
                return lambda sound: not inner(sound)
            if token == "+":  # noqa: S105
                return factor()
            if token == "(":  # noqa: S105
                inner = expr()
                if position >= len(tokens) or tokens[position] != ")":
                    raise self.error("org.apache.solr.search.SyntaxError: missing )")
                position += 1
                return inner
            if ":" not in token:
                raise self.error(f"org.apache.solr.search.SyntaxError: no field in '{token}'")
            field, _, value = token.partition(":")
            return self.clause(field, value)

        predicate = expr()
        if position != len(tokens):
            raise self.error("org.apache.solr.search.SyntaxError: unbalanced filter")
        return predicate

    def clause(self, field: str, value: str) -> Pred:
        if value.startswith(("[", "{")):
            low, _, high = value[1:-1].partition(" TO ")
            if not _:
                raise self.error(f"org.apache.solr.search.SyntaxError: bad range {value}")
            return self.range(field, low.strip(), high.strip())
        text = value.strip('"')
        if field in _NUMERIC:
            try:
                number = float(text)
            except ValueError:
                raise self.error(f'NumberFormatException: For input string: "{text}"') from None
            return lambda sound: sound.get(_NUMERIC[field]) is not None and float(sound[_NUMERIC[field]]) == number
        if field in ("tag", "username", "pack", "type", "license", "md5"):
            return lambda sound: self.exact(sound, field, text)
        if field in ("is_geotagged", "is_remix", "was_remixed"):
            wanted = text.lower() == "true"
            return lambda sound: (field == "is_geotagged" and bool(sound.get("geotag"))) == wanted
        if field in ("original_filename", "description", "pack_tokenized", "comment"):
            source = "pack" if field == "pack_tokenized" else field
            needle = text.lower()
            return lambda sound: needle in self.text(sound, source)
        if field == "created":
            when = self.date(text)
            return lambda sound: sound["created"][:10] == when.strftime("%Y-%m-%d")
        raise self.error(f"undefined field {field}")

    def date(self, text: str) -> datetime:
        try:
            return _date(text)
        except ValueError as err:
            raise self.error(str(err)) from None

    def exact(self, sound: dict[str, Any], field: str, text: str) -> bool:
        if field == "tag":
            return text in sound["tags"]
        if field == "license":
            return LICENSES.get(sound["license"]) == text
        if field == "pack":
            return self.text(sound, field) == text.lower()
        if field == "username":
            return bool(self.data.users[sound["user_id"]]["username"] == text)
        return str(sound.get(field)) == text

    def range(self, field: str, low: str, high: str) -> Pred:
        if field == "created":
            lo = None if low == "*" else self.date(low).strftime(DATE)
            hi = None if high == "*" else self.date(high).strftime(DATE)
            return lambda sound: (lo is None or sound["created"] >= lo) and (hi is None or sound["created"] <= hi)
        if field not in _NUMERIC:
            raise self.error(f"undefined field {field}")
        try:
            a = None if low == "*" else float(low)
            b = None if high == "*" else float(high)
        except ValueError:
            raise self.error(f'NumberFormatException: For input string: "{low} TO {high}"') from None
        key = _NUMERIC[field]

        def within(sound: dict[str, Any]) -> bool:
            v = sound.get(key)
            return v is not None and (a is None or v >= a) and (b is None or v <= b)

        return within


def _date(text: str) -> datetime:
    """Solr dates: ISO (`1976-03-06T23:59:59.999Z`) or NOW with simple math (`NOW-1YEAR/DAY`)."""
    text = text.strip('"')
    if text.startswith("NOW"):
        when = _NOW
        for sign, amount, unit in re.findall(r"([+-])(\d+)(YEAR|MONTH|DAY|HOUR|MINUTE)S?", text):
            days = {"YEAR": 365, "MONTH": 30, "DAY": 1, "HOUR": 1 / 24, "MINUTE": 1 / 1440}[unit] * int(amount)
            when += timedelta(days=days if sign == "+" else -days)
        return when
    try:
        return datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise ValueError(f"org.apache.solr.common.SolrException: Invalid Date String:'{text}'") from None
