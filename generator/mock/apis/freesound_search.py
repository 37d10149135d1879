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
from dataclasses import dataclass
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
_TOKEN = re.compile(
    r'\s*(\(|\)|-(?=\S)|\+(?=\S)|"[^"]*"|[^\s()":]+:(?:"[^"]*"|\[[^\]]*\]|\{[^}]*\}|[^\s()]+)|[^\s()]+)'
)
_NOW = datetime(2014, 12, 11, 12, 0, 0)
_NUMERIC = {
    "id": "id", "duration": "duration", "bitdepth": "bitdepth", "bitrate": "bitrate", "samplerate": "samplerate",
    "channels": "channels", "filesize": "filesize", "num_downloads": "num_downloads", "avg_rating": "avg_rating",
    "num_ratings": "num_ratings", "comments": "num_comments",
}  # fmt: skip
Pred = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class Clause:
    """One `field:value` of a filter, read: what it compares (`kind`), on which of the sound's fields."""

    kind: str  # number, range, dates, day, exact, flag, contains
    field: str  # the sound's key (number, range), the filter's field name (exact, flag) or the text searched
    value: Any  # the number, the (low, high) bounds (None: open), the text, the wanted truth


@dataclass(frozen=True)
class Group:
    op: str  # and, or, not
    parts: tuple[Node, ...]


Node = Clause | Group


def search_error(q: str, f: str, s: str, detail: str) -> ApiError:
    # the server put the sort (its Solr text, "score desc") where the query belongs in this message
    sort = SORTS.get(s, SORTS["score"])[1]
    return ApiError(500, f"search_query {sort} filter_query {f} sort {sort} error {detail}", "SearchError")


def terms(q: str) -> list[tuple[str, str]]:
    """The (sign, term) pairs of `q`: sign "+", "-" or ""; a term with a space is a phrase."""
    out = []
    for raw in re.findall(r'[+-]?"[^"]*"|\S+', q):
        sign = raw[0] if raw[0] in "+-" else ""
        term = raw.lstrip("+-").strip('"').lower()
        if term:
            out.append((sign, term))
    return out


def sort_keys(s: str) -> tuple[str, str]:
    """The fields an `s` orders by (the second breaks ties of the first), "score" for relevance."""
    field = SORTS.get(s, SORTS["score"])[0]
    return field, "num_ratings" if field == "avg_rating" else field


def text_of(data: Dataset, sound: dict[str, Any], field: str) -> str:
    """The text of a sound's field that q and the substring filters search: lower case."""
    if field == "tag":
        return " ".join(sound["tags"]).lower()
    if field == "username":
        return str(data.users[sound["user_id"]]["username"]).lower()
    if field == "pack":
        pack = data.packs.get(sound.get("pack_id") or -1)
        return str(pack["name"]).lower() if pack else ""
    return str(sound.get(field, "")).lower()


class Searcher:
    """The search as a scan of every sound: the statement of what each query answers, which the
    mock's index (freesound_index) answers alike, faster (tests hold the two equal)."""

    def __init__(self, data: Dataset) -> None:
        self.data = data

    def text(self, sound: dict[str, Any], field: str) -> str:
        return text_of(self.data, sound, field)

    def matches(self, sound: dict[str, Any], field: str, term: str) -> bool:
        text = self.text(sound, field)
        return term in text if " " in term else term in text.split()

    def score(self, sound: dict[str, Any], q: str) -> float | None:
        """None when the sound does not match `q`, else its score."""
        total = 0.0
        for sign, term in terms(q):
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
        predicate = self.predicate(parse_filter(q, f, s)) if f.strip() else None
        scored = []
        for sound in self.data.visible():
            if predicate is not None and not predicate(sound):
                continue
            score = self.score(sound, q)
            if score is not None:
                scored.append((score, sound))
        field, second = sort_keys(s)
        if field == "score":
            scored.sort(key=lambda pair: (-pair[0], -pair[1]["num_downloads"], pair[1]["id"]))
        else:
            scored.sort(key=lambda pair: (pair[1][field], pair[1][second]), reverse=s.endswith("_desc"))
        return [sound for _, sound in scored]

    def predicate(self, node: Node) -> Pred:
        if isinstance(node, Group):
            parts = [self.predicate(part) for part in node.parts]
            if node.op == "not":
                return lambda sound: not parts[0](sound)
            if node.op == "or":
                return lambda sound: any(p(sound) for p in parts)
            return lambda sound: all(p(sound) for p in parts)
        kind, field, value = node.kind, node.field, node.value
        if kind == "number":
            return lambda sound: sound.get(field) is not None and float(sound[field]) == value
        if kind == "exact":
            return lambda sound: self.exact(sound, field, value)
        if kind == "flag":
            return lambda sound: (field == "is_geotagged" and bool(sound.get("geotag"))) == value
        if kind == "contains":
            return lambda sound: value in self.text(sound, field)
        if kind == "day":
            return lambda sound: sound["created"][:10] == value
        low, high = value
        if kind == "dates":
            return lambda sound: (low is None or sound["created"] >= low) and (high is None or sound["created"] <= high)

        def within(sound: dict[str, Any]) -> bool:
            v = sound.get(field)
            return v is not None and (low is None or v >= low) and (high is None or v <= high)

        return within

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


def parse_filter(q: str, f: str, s: str) -> Node:
    """The filter language read into clauses, or the SearchError the server's Solr answered."""

    def error(detail: str) -> ApiError:
        return search_error(q, f, s, detail)

    tokens = [t for t in _TOKEN.findall(f) if t]
    if "".join(tokens).replace(" ", "") != re.sub(r"\s+", "", f):
        raise error("org.apache.solr.search.SyntaxError: Cannot parse filter")
    position = 0

    def expr() -> Node:
        nonlocal position
        parts = [term()]
        while position < len(tokens) and tokens[position] == "OR":
            position += 1
            parts.append(term())
        return Group("or", tuple(parts))

    def term() -> Node:
        nonlocal position
        parts = [factor()]
        while position < len(tokens) and tokens[position] not in ("OR", ")"):
            if tokens[position] == "AND":
                position += 1
            parts.append(factor())
        return Group("and", tuple(parts))

    def factor() -> Node:
        nonlocal position
        if position >= len(tokens):
            raise error("org.apache.solr.search.SyntaxError: unexpected end of filter")
        token = tokens[position]
        position += 1
        if token in ("NOT", "-"):
            return Group("not", (factor(),))
        if token == "+":  # noqa: S105
            return factor()
        if token == "(":  # noqa: S105
            inner = expr()
            if position >= len(tokens) or tokens[position] != ")":
                raise error("org.apache.solr.search.SyntaxError: missing )")
            position += 1
            return inner
        if ":" not in token:
            raise error(f"org.apache.solr.search.SyntaxError: no field in '{token}'")
        field, _, value = token.partition(":")
        return clause(field, value, error)

    node = expr()
    if position != len(tokens):
        raise error("org.apache.solr.search.SyntaxError: unbalanced filter")
    return node


def clause(field: str, value: str, error: Callable[[str], ApiError]) -> Clause:
    if value.startswith(("[", "{")):
        low, _, high = value[1:-1].partition(" TO ")
        if not _:
            raise error(f"org.apache.solr.search.SyntaxError: bad range {value}")
        return bounds(field, low.strip(), high.strip(), error)
    text = value.strip('"')
    if field in _NUMERIC:
        try:
            return Clause("number", _NUMERIC[field], float(text))
        except ValueError:
            raise error(f'NumberFormatException: For input string: "{text}"') from None
    if field in ("tag", "username", "pack", "type", "license", "md5"):
        return Clause("exact", field, text)
    if field in ("is_geotagged", "is_remix", "was_remixed"):
        return Clause("flag", field, text.lower() == "true")
    if field in ("original_filename", "description", "pack_tokenized", "comment"):
        return Clause("contains", "pack" if field == "pack_tokenized" else field, text.lower())
    if field == "created":
        return Clause("day", "created", when(text, error).strftime("%Y-%m-%d"))
    raise error(f"undefined field {field}")


def bounds(field: str, low: str, high: str, error: Callable[[str], ApiError]) -> Clause:
    if field == "created":
        lo = None if low == "*" else when(low, error).strftime(DATE)
        hi = None if high == "*" else when(high, error).strftime(DATE)
        return Clause("dates", "created", (lo, hi))
    if field not in _NUMERIC:
        raise error(f"undefined field {field}")
    try:
        a = None if low == "*" else float(low)
        b = None if high == "*" else float(high)
    except ValueError:
        raise error(f'NumberFormatException: For input string: "{low} TO {high}"') from None
    return Clause("range", _NUMERIC[field], (a, b))


def when(text: str, error: Callable[[str], ApiError]) -> datetime:
    try:
        return _date(text)
    except ValueError as err:
        raise error(str(err)) from None


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
