"""A HAR file of a real browser session: headless Chromium (tests/docs/cdp.py) fetches URLs of a
server and the Network events become HAR 1.2 entries, as Chrome's devtools export them ("Save all
as HAR with content": headers as name/value lists, `content.text` base64 for binary bodies)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.docs.cdp import Browser, Page


class NetworkPage(Page):
    """A tab that keeps every Network event it sees, by request id (a redirect's hop apart)."""

    def __init__(self, browser: Browser, session: str) -> None:
        super().__init__(browser, session)
        self.network: dict[str, dict[str, Any]] = {}
        self.order: list[str] = []

    def _record(self, event: dict[str, Any]) -> None:
        super()._record(event)
        method, params = event["method"], event.get("params", {})
        if not method.startswith("Network.") or "requestId" not in params:
            return
        rid = params["requestId"]
        if method == "Network.requestWillBeSent" and "redirectResponse" in params and rid in self.network:
            # a redirect: the hop is an entry of its own (as devtools lists it), answered by redirectResponse
            hop = f"{rid}.{len(self.order)}"
            self.network[hop] = {**self.network.pop(rid), "redirect": params["redirectResponse"]}
            self.order[self.order.index(rid)] = hop
        seen = self.network.setdefault(rid, {})
        if method == "Network.requestWillBeSent":
            self.order.append(rid)
        seen[method] = params


def _pairs(headers: dict[str, Any]) -> list[dict[str, str]]:
    return [{"name": k, "value": str(v)} for k, v in headers.items()]


def capture(origin: str, requests: Iterable[tuple[str, str, dict[str, str]]]) -> dict[str, Any]:
    """The HAR of a session that opens `origin` and fetches each (method, path, headers) from it."""
    with Browser() as browser:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = NetworkPage(browser, session)
        for domain in ("Page", "Runtime", "Network"):
            page.call(f"{domain}.enable")
        page.goto(origin + "/")
        for method, path, headers in requests:
            script = (
                f"fetch({json.dumps(path)}, {{method: {json.dumps(method)}, headers: {json.dumps(headers)}, "
                "redirect: 'manual'}).then(r => r.arrayBuffer()).then(b => b.byteLength)"
            )
            page.evaluate(script)
        page._drain()  # the last events (a loadingFinished) may come after the promise settled
        entries = [_entry(page, page.network[rid], rid) for rid in page.order]
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [{"startedDateTime": entries[0]["startedDateTime"], "id": "page_1", "title": origin}],
            "entries": entries,
        }
    }


def _entry(page: NetworkPage, seen: dict[str, Any], rid: str) -> dict[str, Any]:
    sent = seen["Network.requestWillBeSent"]
    request = sent["request"]
    url = request["url"]
    answer = seen.get("redirect") or (seen.get("Network.responseReceived") or {}).get("response")
    har_request = {
        "method": request["method"], "url": url, "httpVersion": "HTTP/1.1", "headers": _pairs(request["headers"]),
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)],
        "cookies": [], "headersSize": -1, "bodySize": 0,
    }  # fmt: skip
    started = datetime.fromtimestamp(sent["wallTime"], UTC).isoformat().replace("+00:00", "Z")
    if answer is None or ("Network.loadingFinished" not in seen and "redirect" not in seen):  # blocked, failed
        response: dict[str, Any] = {
            "status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
            "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "", "headersSize": -1, "bodySize": -1,
            "_error": "net::ERR_FAILED",
        }  # fmt: skip
    else:
        # a redirect's hop has no body to fetch: devtools exports it with none
        body = (
            {"body": "", "base64Encoded": False}
            if "redirect" in seen
            else page.call("Network.getResponseBody", requestId=rid)
        )
        finished = seen.get("Network.loadingFinished") or {}
        content: dict[str, Any] = {"size": len(body["body"]), "mimeType": answer["mimeType"], "text": body["body"]}
        if body["base64Encoded"]:
            content["encoding"] = "base64"
        response = {
            "status": answer["status"], "statusText": answer.get("statusText", ""),
            "httpVersion": answer.get("protocol", "http/1.1").upper(), "headers": _pairs(answer["headers"]),
            "cookies": [], "content": content, "redirectURL": answer["headers"].get("location", ""),
            "headersSize": -1, "bodySize": finished.get("encodedDataLength", -1),
            "_transferSize": finished.get("encodedDataLength", -1),
        }  # fmt: skip
    return {
        "_initiator": sent.get("initiator", {}), "_resourceType": sent.get("type", "").lower(), "cache": {},
        "pageref": "page_1", "request": har_request, "response": response, "serverIPAddress": "127.0.0.1",
        "startedDateTime": started, "time": 0, "timings": {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1,
        "send": 0, "wait": 0, "receive": 0},
    }  # fmt: skip
