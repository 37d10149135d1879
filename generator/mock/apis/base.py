"""The generic behaviour: answers from the spec's examples, or plausible data from its schemas.

API modules subclass `Behaviour`, register handlers by operationId and override the hooks
(credentials, error wording, JSON layout) where their service differed.
"""

from __future__ import annotations

import copy
import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from ...quirks import at_pointer, set_at
from ..compiled import CompiledApi, Operation
from ..exchange import ApiError, Principal, Reply, Request
from ..options import MockOptions
from ..synth import Synth, rng

Handler = Callable[[Request], Reply]


@dataclass(frozen=True)
class Context:
    api: CompiledApi
    synth: Synth
    options: MockOptions
    recordings: Path | None = None  # the API's recordings folder, seeds of the dataset


class Behaviour:
    body_params = False  # clients sent query parameters (credentials too) in form bodies
    empty_405 = False  # a wrong method got an empty body (not the API's error shape)
    not_found_kind: str | None = None  # error type name for a path that matches nothing
    not_found_message = "Not found."
    lenient_empty: frozenset[str] = frozenset()  # optional parameters whose empty value means "not given"
    invalid_path_status: int | None = None  # a path parameter outside its schema (None: a 400 like any other)
    common_headers: dict[str, str] = {}  # noqa: RUF012 - read-only, overridden per API
    # (schema pointer, path below the base URL): a URL of the mock must validate against the
    # schema for responses to carry the mock's own URLs when `urls` is "auto"
    url_probe: tuple[str, str] | None = None

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.api = ctx.api
        self.options = ctx.options
        self.version = 0  # bumped by every write: rendered bodies cached under an older one are stale
        self.handlers: dict[str, Handler] = {}
        self.public_urls = self.options.urls == "public" or (self.options.urls == "auto" and self._urls_pinned())
        self.credentials: dict[str, set[str]] = {}
        auth = self.api.quirks.auth
        for cred in auth.credentials if auth else ():
            values = set(self.default_credentials().get(cred.argument, ()))
            values.update(self.options.credentials.get(cred.argument, ()))
            self.credentials[cred.argument] = values

    def _urls_pinned(self) -> bool:
        if self.url_probe is None:
            return False
        pointer, path = self.url_probe
        probe = f"http://127.0.0.1:8000{self.api.prefix}{path}"
        return not bool(self.api.validator(pointer).is_valid(probe))

    # hooks -----------------------------------------------------------------------------------
    def default_credentials(self) -> dict[str, tuple[str, ...]]:
        """Credential argument -> values the mock accepts out of the box (documented per API)."""
        auth = self.api.quirks.auth
        return {c.argument: (f"mock-{c.argument}",) for c in (auth.credentials if auth else ())}

    def check(self, scheme: str, value: str) -> Principal | None:
        auth = self.api.quirks.auth
        for cred in auth.credentials if auth else ():
            if scheme in cred.schemes.values() and value in self.credentials.get(cred.argument, ()):
                return Principal(scheme, value)
        return None

    def json_dumps(self, data: Any) -> str:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    def error_message(self, status: int, message: str) -> str:
        return message

    def decorate_error(self, body: Any, status: int, kind: str | None) -> Any:
        """Add what some errors of the API carried beyond the shape's pointers."""
        return body

    def challenge(self, op: Operation, refused: frozenset[str]) -> dict[str, str]:
        """Headers of the 401 for credentials of these schemes refused (an auth challenge); none here."""
        return {}

    def on_invalid(self, op: Operation, problems: list[str]) -> Reply | None:
        """An answer of the API's own to invalid input, where it was not its error shape."""
        return None

    def reset(self) -> None:
        self.version += 1

    def internal(self, method: str, path: str, query: dict[str, list[str]]) -> Reply | None:
        """Routes of the mock itself, outside the spec (media files behind redirects)."""
        return None

    # dispatch --------------------------------------------------------------------------------
    def handle(self, request: Request) -> Reply:
        handler = self.handlers.get(request.op.op_id)
        return handler(request) if handler is not None else self.generic(request)

    def generic(self, request: Request) -> Reply:
        op = request.op
        status = success_status(op)
        response = op.response(status) or {}
        content = response.get("content") or {}
        if not content:
            return Reply(status=status, raw=b"", media_type=None)
        media, entry = next(iter(content.items()))
        if "json" not in media and "xml" not in media and "yaml" not in media:
            return Reply(status=status, raw=b"mock bytes\n", media_type=media)
        seed = zlib.crc32(f"{self.options.seed}:{op.op_id}:{sorted(request.path_params.items())}".encode())
        body = example_or_synth(self.ctx, entry, rng(seed))
        paging = op.model.paging if op.model is not None else None
        if paging is not None and paging.style == "page-number":
            return Reply(status=status, body=one_page(body, paging.settings, request.query))
        if paging is not None and "items" in paging.settings:
            return Reply(status=status, body=pointed_page(body, paging.style, paging.settings, request))
        return Reply(status=status, body=self._within_limit(request, body))

    def _within_limit(self, request: Request, body: Any) -> Any:
        """An example page cut to the page size the request asked for (an example may hold more)."""
        pagination = self.api.quirks.pagination
        if pagination is None:
            return body
        name = pagination.settings.get("limit-param") or pagination.settings.get("size-param")
        size = request.query.get(name) if name else None
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            return body
        if isinstance(body, list):
            return body[:size]
        collection = (pagination.settings.get("linked") or {}).get("collection")
        if isinstance(body, dict) and isinstance(body.get(collection), list):
            return {**body, collection: body[collection][:size]}
        return body


def one_page(body: Any, settings: dict[str, Any], query: dict[str, Any]) -> Any:
    """The asked page of a page-number answer: records cut from one collection that every page
    shares (the answer's records, repeated up to the total it states), totals written to match."""
    found, records = at_pointer(body, settings["items"])
    if not found or not isinstance(records, list) or not records:
        return body
    stated = at_pointer(body, settings["total"])[1] if "total" in settings else None
    total = int(stated) if isinstance(stated, int | str) and str(stated).isdigit() else len(records)
    size = _count(query.get(settings.get("size-param", ""))) or settings.get("max-size") or len(records)
    first = int(settings.get("first-page", 1))
    page = _count(query.get(settings["page-param"]))
    page = first if page is None else page
    start = (page - first) * size
    body = copy.deepcopy(body)
    set_at(body, settings["items"], [records[i % len(records)] for i in range(start, min(start + size, total))])
    pages = -(-total // size)
    for key, value in (("page", page), ("total-pages", pages), ("total", total)):
        if key in settings:
            was = at_pointer(body, settings[key])[1]
            set_at(body, settings[key], str(value) if isinstance(was, str) else value)  # digit strings stay so
    return body


def pointed_page(body: Any, style: str, settings: dict[str, Any], request: Request) -> Any:
    """The asked page of an answer whose records (and total, and next link) sit at pointers:
    offset-limit from the request's offset, next-link by its page parameter with the link to the
    next page written where the spec says (null after the last), records repeated up to the total."""
    found, records = at_pointer(body, settings["items"])
    if not found or not isinstance(records, list) or not records:
        return body
    stated = at_pointer(body, settings["total"])[1] if "total" in settings else None
    total = int(stated) if isinstance(stated, int | str) and str(stated).isdigit() else len(records)
    query = request.query
    if style == "offset-limit":
        size = _count(query.get(settings["limit-param"])) or settings.get("default-limit") or len(records)
        start = _count(query.get(settings["offset-param"])) or 0
    else:
        size = _count(query.get(settings.get("size-param", ""))) or settings.get("max-size") or len(records)
        page = _count(query.get(settings.get("page-param", ""))) or 1
        start = (page - 1) * size
    body = copy.deepcopy(body)
    set_at(body, settings["items"], [records[i % len(records)] for i in range(start, min(start + size, total))])
    if "total" in settings:
        set_at(body, settings["total"], str(total) if isinstance(stated, str) else total)
    if style == "next-link" and str(settings.get("next", "")).startswith("/"):
        more = start + size < total and settings.get("page-param")
        set_at(body, settings["next"], _page_link(request, str(settings.get("page-param")), page + 1) if more else None)
    return body


def _page_link(request: Request, param: str, page: int) -> str:
    """This request's URL asking for another page (its other parameters as sent)."""
    origin = urlsplit(request.base_url)
    pairs = [(k, v) for k, v in request.raw_query if k != param] + [(param, str(page))]
    return f"{origin.scheme}://{origin.netloc}{request.path}?{urlencode(pairs)}"


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def success_status(op: Operation) -> int:
    codes = sorted(int(k) for k in op.responses if k.isdigit() and k.startswith("2"))
    return codes[0] if codes else 200


def example_or_synth(ctx: Context, entry: dict[str, Any], generator: random.Random) -> Any:
    if "example" in entry:
        return entry["example"]
    examples = entry.get("examples") or {}
    for named in examples.values():
        example = ctx.api.model.resolve(named)  # a named example may be a `$ref` to components
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    schema = entry.get("schema") or {}
    return ctx.synth.value(schema, generator)


def not_found(what: str) -> ApiError:
    return ApiError(404, what)
