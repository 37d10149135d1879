"""Pebbles: a small ASGI server of tests/contract/fixtures/pebbles.yaml, honest or with chosen faults.

The faults are how the tests prove that the contract tools report what is wrong:
    bad-date          getPebble answers `found: "yesterday"` (not the API's date format)
    crash-on-boulder  listPebbles?kind=boulder answers an undeclared 500
    open-list         listPebbles answers without credentials (auth not enforced)
    no-finder         getPebble leaves out the required `finder`
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from generator.mock.asgi import Receive, Send, lifespan
from generator.wire import xml_dialect

SPEC = Path(__file__).parent / "fixtures" / "pebbles.yaml"
KEY = "good-key"
DIALECT = {"root": "response", "item": "resource", "literals": {"True": True, "False": False, "None": None}}
PEBBLES = {
    1: {"id": 1, "kind": "round", "found": "2012-03-04 05:06:07", "finder": "ann", "polished": True, "weight": 1.5},
    2: {"id": 2, "kind": "flat", "found": "2013-01-02 00:00:00", "finder": "bob", "polished": False, "weight": None},
    3: {"id": 3, "kind": "boulder", "found": "2014-12-31 23:59:59", "finder": "ann", "polished": False},
}
PEOPLE = {"ann": 2, "bob": 1}
_CALLBACK = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,30}$")


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


class PebblesApp:
    def __init__(self, faults: frozenset[str] = frozenset(), key: str = KEY) -> None:
        self.faults = faults
        self.key = key
        self.requests = 0
        self.queries: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        self.requests += 1
        self.queries.append(scope.get("query_string", b"").decode("latin-1"))
        pairs = parse_qsl(self.queries[-1], keep_blank_values=True)
        query = dict(pairs)
        fmt, callback = query.get("format", "json"), query.get("callback")
        headers: list[tuple[bytes, bytes]] = []
        try:
            if len(query) != len(pairs):
                raise Refused(400, "a parameter was given twice")
            if fmt not in ("json", "xml") or (callback is not None and not _CALLBACK.match(callback)):
                fmt, callback = "json", None
                raise Refused(400, "bad format or callback")
            status, data = self.route(scope["method"], scope["path"], query)
        except Refused as refused:
            status, data = refused.status, {"detail": str(refused)}
            if status == 405:
                headers.append((b"allow", b"GET"))
        if fmt == "xml":
            body, media = xml_dialect.encode(data, DIALECT), b"text/xml; charset=utf-8"
        else:
            text = json.dumps(data)
            body, media = (f"{callback}({text})" if callback else text).encode(), b"application/json; charset=utf-8"
        headers += [(b"content-type", media), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def route(self, method: str, path: str, query: dict[str, str]) -> tuple[int, Any]:
        found = re.fullmatch(r"/api/(?:pebbles/(?:([^/]*)/)?|people/([^/]*)/)", path)
        if found is None:
            raise Refused(404, "no such resource")
        if method != "GET":
            raise Refused(405, "only GET")
        listing = found.group(1) is None and found.group(2) is None
        if query.get("api_key") != self.key and not (listing and "open-list" in self.faults):
            raise Refused(401, "a valid api_key is required")
        if found.group(2) is not None:
            return self.person(unquote(found.group(2)))
        if found.group(1) is not None:
            return self.pebble(unquote(found.group(1)))
        kind = query.get("kind")
        if kind is not None and kind not in ("round", "flat", "boulder"):
            raise Refused(400, "unknown kind")
        if kind == "boulder" and "crash-on-boulder" in self.faults:
            raise Refused(500, "boulders crush the server")
        return 200, [p for p in PEBBLES.values() if kind in (None, p["kind"])]

    def pebble(self, raw: str) -> tuple[int, Any]:
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise Refused(400, "a pebble id is a positive integer")
        if int(raw) not in PEBBLES:
            raise Refused(404, "no such pebble")
        pebble = dict(PEBBLES[int(raw)])
        if "bad-date" in self.faults:
            pebble["found"] = "yesterday"
        if "no-finder" in self.faults:
            del pebble["finder"]
        return 200, pebble

    def person(self, name: str) -> tuple[int, Any]:
        if not re.fullmatch(r"[a-z]{1,20}", name):
            raise Refused(400, "a username is 1 to 20 lower-case letters")
        if name not in PEOPLE:
            raise Refused(404, "no such person")
        return 200, {"username": name, "pebbles": PEOPLE[name]}
