"""Freesound's content-based search (`/sounds/content_search/`) the way the gaia similarity server answered.

`t` is a target point: `name:value` pairs, a value a number or a comma-separated vector (a
leading `.` is added to a name). `f` is a descriptor filter: `name:number`, `name:"label"`
(`sharp` stands for `#`), `name:[min TO max]` (`*` open), `name:v1,v2` (a vector), `name[i]:...`
(one element of a vector), joined by AND / OR and parentheses, AND where nothing joins two
clauses; words without a `:` are not clauses and are skipped, as the server's parser skipped them.
What the similarity server refused comes back as `SimilarityError` with its own message and
code, never as a crash: an unknown name, a value that is not a number, a vector of the wrong
length, a scalar for a vector descriptor (and the other way round), unbalanced parentheses.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..exchange import ApiError, Reply, Request
from .freesound_descriptors import Leaf, leaves, searchable
from .freesound_views import SAFE

if TYPE_CHECKING:
    from .freesound import Api

NAMES = searchable()
LABELS = frozenset(name for name, value in NAMES.items() if isinstance(value, str))
_TOKEN = re.compile(r'\(|\)|(?P<clause>[^\s():]+:(?:\[[^\]]*\]?|"[^"]*"?|[^\s()]*))|(?P<word>[^\s()]+)')
_ELEMENT = re.compile(r"^(?P<name>.+)\[(?P<index>\d+)\]$")
Pred = Callable[[dict[str, Leaf]], bool]


def similarity_error(message: str, status: int = 400) -> ApiError:
    return ApiError(status, message, "SimilarityError")


UNKNOWN_TARGET = "Target error: At least one feature name does not match with any descriptor name in our database or the matched descriptor is not numerical."  # noqa: E501
UNKNOWN_FILTER = "Filter error: At least one feature name does not match with any descriptor name in our database or the matched descriptor is not numerical."  # noqa: E501
NOT_NUMERIC = "Target error: Using non-numerical descriptor values in target parameter."


def parse_target(t: str) -> dict[str, float | list[float]]:
    """Descriptor name -> target value; SimilarityError for what the server refused."""
    target: dict[str, float | list[float]] = {}
    for given, text in re.findall(r"(\S+?):(\S*)", t):
        name = given if given.startswith(".") else f".{given}"
        if name not in NAMES:
            raise similarity_error(UNKNOWN_TARGET)
        try:
            value: float | list[float] = [float(x) for x in text.split(",")] if "," in text else float(text)
        except ValueError:
            raise similarity_error(NOT_NUMERIC) from None
        if name in LABELS:
            continue  # labels only filter: the server left them out of the target point
        expected = NAMES[name]
        if isinstance(expected, list) != isinstance(value, list) or (
            isinstance(value, list) and isinstance(expected, list) and len(value) != len(expected)
        ):
            raise similarity_error("Invalid descriptor values for target.")
        if not all(math.isfinite(v) for v in (value if isinstance(value, list) else [value])):
            raise similarity_error(NOT_NUMERIC)
        target[name] = value
    if not target and not re.search(r"\S+:", t):
        raise similarity_error("Invalid target.")
    return target


def distance(target: dict[str, float | list[float]], values: dict[str, Leaf]) -> float:
    total = 0.0
    for name, wanted in target.items():
        have = values[name[1:]]
        if isinstance(wanted, list) and isinstance(have, list):
            total += sum((a - b) ** 2 for a, b in zip(wanted, have, strict=True))
        elif isinstance(wanted, float) and isinstance(have, float):
            total += (wanted - have) ** 2
    return math.sqrt(total)


def _within(low: float | None, high: float | None, value: Any) -> bool:
    return isinstance(value, float) and (low is None or value >= low) and (high is None or value <= high)


def _same_number(number: float, value: Any) -> bool:
    return isinstance(value, float) and value == number


def _value_test(raw: str) -> Callable[[Any], bool]:
    """What a clause's value asks of a descriptor's value; ValueError when the value does not read."""
    if raw.startswith("["):
        low, sep, high = raw.strip("[]").partition(" TO ")
        if not sep or not raw.endswith("]"):
            raise ValueError(raw)
        bounds = [None if end.strip() == "*" else float(end) for end in (low, high)]
        return functools.partial(_within, *bounds)
    if raw.startswith('"'):
        return functools.partial(operator.eq, raw.strip('"').replace("sharp", "#"))
    if "," in raw:
        return functools.partial(operator.eq, [float(x) for x in raw.split(",")])
    return functools.partial(_same_number, float(raw))


def _clause(text: str) -> Pred:
    name, _, raw = text.partition(":")
    element = _ELEMENT.match(name)
    index = int(element.group("index")) if element else None
    name = element.group("name") if element else name
    if name not in NAMES:
        raise similarity_error(UNKNOWN_FILTER)
    try:
        test = _value_test(raw)
    except ValueError:
        raise similarity_error("Invalid filter.") from None

    def holds(values: dict[str, Leaf]) -> bool:
        value: Any = values[name[1:]]
        if index is not None:
            value = value[index] if isinstance(value, list) and index < len(value) else None
        return bool(test(value))

    return holds


def parse_filter(f: str) -> Pred | None:
    """A predicate over a sound's descriptors; None when `f` holds no clause (nothing is filtered)."""
    tokens: list[Any] = []
    for match in _TOKEN.finditer(f.replace("'", '"')):
        text = match.group(0)
        opens = bool(match.group("clause")) or text == "("
        if opens and tokens and (callable(tokens[-1]) or tokens[-1] == ")"):
            tokens.append("AND")  # nothing joins them: ANDed
        if match.group("clause"):
            tokens.append(_clause(text))
        elif text in ("(", ")", "AND", "OR"):
            tokens.append(text)
    if tokens.count("(") != tokens.count(")"):
        raise similarity_error("Bad filter syntax.")
    if not any(callable(t) for t in tokens):
        return None
    position = 0

    def take(kind: str) -> bool:
        nonlocal position
        if position < len(tokens) and tokens[position] == kind:
            position += 1
            return True
        return False

    def factor() -> Pred:
        nonlocal position
        if take("("):
            inner = expr()
            if not take(")"):
                raise similarity_error("Bad filter syntax.")
            return inner
        if position < len(tokens) and callable(tokens[position]):
            position += 1
            found: Pred = tokens[position - 1]
            return found
        raise similarity_error("Bad filter syntax.")

    def term() -> Pred:
        parts = [factor()]
        while take("AND"):
            parts.append(factor())
        return lambda values: all(p(values) for p in parts)

    def expr() -> Pred:
        parts = [term()]
        while take("OR"):
            parts.append(term())
        return lambda values: any(p(values) for p in parts)

    predicate = expr()
    if position != len(tokens):
        raise similarity_error("Bad filter syntax.")
    return predicate


def content_search(api: Api, request: Request) -> Reply:
    t, f = str(request.query.get("t", "") or ""), str(request.query.get("f", "") or "")
    if not t and not f:
        raise ApiError(400, "Introduce either a target, a filter or both.", "BadRequest")
    predicate = parse_filter(f) if f else None
    rows = [s for s in api.data.visible() if predicate is None or predicate(leaves(s["id"]))]
    if t.isdigit():
        if int(t) not in api.data.sounds:
            message = f"Sound with id {t} doesn't exist in the dataset and can not be set as similarity target."
            raise similarity_error(message, 404)
        point = leaves(int(t))
        target = {f".{n}": v for n, v in point.items() if not isinstance(v, str) and not n.startswith("metadata.")}
    else:
        target = parse_target(t) if t else {}
    if target:
        rows.sort(key=lambda s: (distance(target, leaves(s["id"])), s["id"]))
    else:
        rows.sort(key=lambda s: s["id"])
    return page(api, request, rows[: int(request.query.get("max_results", 15))], t, f)


def page(api: Api, request: Request, rows: list[dict[str, Any]], t: str, f: str) -> Reply:
    views = api.views(request)
    size = api.size(request)
    pages = max(1, math.ceil(len(rows) / size))
    number = int(request.query.get("p", 1))
    number = pages if number <= 0 else number
    body: dict[str, Any] = {"num_results": len(rows), "num_pages": pages}
    fields = request.query.get("fields")
    shown = rows[(number - 1) * size : number * size] if number <= pages else []
    body["sounds"] = [views.listed(s, fields, user=False) for s in shown]
    # the server quoted t and f with `"` turned into `'`, and copied the rest as given (max_results as a number)
    quoted = {k: quote(v.replace('"', "'"), safe=SAFE) for k, v in (("t", t), ("f", f))}
    link = f"{views.api}/sounds/content_search/?t={quoted['t']}&f={quoted['f']}&p={{p}}"
    given = dict(request.raw_query)
    tail = f"&sounds_per_page={given['sounds_per_page']}" if "sounds_per_page" in given else ""
    tail += f"&max_results={request.query['max_results']}" if "max_results" in given else ""
    tail += f"&fields={given['fields']}" if "fields" in given else ""
    if 1 < number <= pages:
        body["previous"] = link.replace("{p}", str(number - 1)) + tail
    if number < pages:
        body["next"] = link.replace("{p}", str(number + 1)) + tail
    return Reply(body=body)
