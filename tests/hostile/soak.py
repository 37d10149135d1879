"""The soak behind scripts/soak: real server processes, mixed traffic for a set time, one report.

Each configured API gets `soundspec mock` and `soundspec proxy` in front of it; workers send, for
as long as asked, a good request (the API's read path, with credentials) for every hostile one
(each kind of tests/hostile/requests in turn, wire inputs as raw bytes). Their stderr is searched
for tracebacks, their RSS read from /proc before and after.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.support import ROOT

from .corpus import KINDS, Input, api_names, inputs, targets
from .wire import exchange, split


@dataclass
class Server:
    name: str
    process: subprocess.Popen[str]
    log: Path
    url: str

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def tracebacks(self) -> int:
        return self.log.read_text(errors="replace").count("Traceback")


@contextmanager
def start(name: str, args: list[str], pattern: str, folder: Path) -> Iterator[Server]:
    """`soundspec <args>` in a process of its own, its stderr in a file; the URL its first line names."""
    log = folder / f"{name}.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", *args], cwd=ROOT, stderr=sink, stdout=subprocess.DEVNULL,
            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (found := re.search(pattern, log.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{name} did not start: {log.read_text()}")
            time.sleep(0.1)
        yield Server(name, process, log, found.group(1))
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter[str] = field(default_factory=Counter)  # by kind (good, bodies, ..., wire)
    server_errors: Counter[str] = field(default_factory=Counter)  # 5xx by kind/input
    transport_errors: Counter[str] = field(default_factory=Counter)

    def add(self, kind: str, label: str, status: int | None) -> None:
        with self.lock:
            self.requests[kind] += 1
            if status is None:
                self.transport_errors[f"{kind}/{label}"] += 1
            elif status >= 500:
                self.server_errors[f"{kind}/{label} -> {status}"] += 1


def one(client: httpx.Client, proxy: str, api: str, item: Input | None) -> int | None:
    """Send one request (a good one when `item` is None) through the proxy; its status."""
    where = targets(api)
    inside = where.read.removeprefix(where.prefix)
    if item is None:
        return client.get(proxy + where.url(inside, True)).status_code
    if item.kind == "wire":
        host, _, port = proxy.removeprefix("http://").partition(":")
        answer = exchange((host, int(port)), item.text("raw").replace("{path}", inside).encode("latin-1"))
        return split(answer)[0] if answer else None
    headers = {k: item.text_of(v) for k, v in (item.fields.get("headers") or {}).items()}
    headers |= {f"x-many-{i}": "a" * 50 for i in range(int(item.fields.get("many", 0)))}
    if item.kind == "bodies":
        headers["content-type"] = item.text("content-type")
        url = proxy + where.url(where.body.removeprefix(where.prefix), True)
        return client.request(where.body_method, url, headers=headers, content=item.data("body")).status_code
    if item.kind == "hosts":
        headers["host"] = item.text("host")
    url = proxy + where.url(inside, True)
    if "query" in item.fields:
        url += "&" + item.text("query")
    return client.get(url, headers=headers).status_code


def drive(proxies: dict[str, str], seconds: float, workers: int, tally: Tally) -> None:
    hostile = [item for kind in KINDS for item in inputs(kind)]
    stop = time.monotonic() + seconds

    def worker(offset: int) -> None:
        plan = itertools.cycle(itertools.product(proxies.items(), hostile))
        for _ in range(offset):
            next(plan)
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < stop:
                (api, proxy), item = next(plan)
                for chosen in (None, item):  # one good request for every hostile one
                    kind, label = ("good", "read") if chosen is None else (chosen.kind, chosen.name)
                    try:
                        status = one(client, proxy, api, chosen)
                    except (httpx.HTTPError, OSError, ValueError, IndexError):
                        status = None
                    tally.add(kind, label, status)

    threads = [threading.Thread(target=worker, args=(i * 7,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _listed(counts: Counter[str]) -> str:
    return "".join(f"\n  {key}: {count}" for key, count in sorted(counts.items()))


def report(
    workers: int,
    apis: list[str],
    elapsed: float,
    tally: Tally,
    tracebacks: dict[str, int],
    rss: dict[str, tuple[float, float]],
) -> None:
    total = sum(tally.requests.values())
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(tally.requests.items()))
    print(f"soak: {elapsed:.0f} s, {workers} workers, through the proxy to the mocks of {', '.join(apis)}")
    print(f"requests: {total} ({total / elapsed:.0f}/s): {kinds}")
    print(f"5xx: {sum(tally.server_errors.values())}{_listed(tally.server_errors)}")
    print(f"no answer (closed or timed out): {sum(tally.transport_errors.values())}{_listed(tally.transport_errors)}")
    by_server = ", ".join(f"{name} {count}" for name, count in tracebacks.items())
    print(f"tracebacks in server logs: {sum(tracebacks.values())} ({by_server})")
    for name, (before, after) in rss.items():
        print(f"RSS {name}: {before:.0f} MB before, {after:.0f} MB after")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        servers: list[Server] = []
        proxies: dict[str, str] = {}
        for api in api_names():
            mock = stack.enter_context(
                start(f"mock-{api}", ["mock", api, "--port", "0"], r"serving on (http://\S+?)(?:/\S*)? ", folder)
            )
            upstream = mock.url + targets(api).prefix
            proxy = stack.enter_context(
                start(
                    f"proxy-{api}", ["proxy", api, "--upstream", upstream, "--port", "0"], r"on (http://\S+) ->", folder
                )
            )
            servers += [mock, proxy]
            proxies[api] = proxy.url
        before = {s.name: s.rss_mb() for s in servers}
        started = time.monotonic()
        drive(proxies, options.seconds, options.workers, tally)
        elapsed = time.monotonic() - started
        after = {s.name: s.rss_mb() for s in servers}
        tracebacks = {s.name: s.tracebacks() for s in servers}
    report(options.workers, list(proxies), elapsed, tally, tracebacks, {k: (v, after[k]) for k, v in before.items()})
    return 1 if tally.server_errors or any(tracebacks.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
