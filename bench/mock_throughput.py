"""Mock throughput on `GET /sounds/{id}/` with full auth and parameter validation: our Freesound
mock (uvicorn) next to Prism (static mode, `-v error`) serving the same spec, side by side on
loopback, measured with wrk; plus in-process requests/s and the start-up time of `soundspec mock`."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench import tools
from bench.harness import Result, alternate, median
from generator.mock import MockOptions, create_app

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "freesound-v1.yaml"
KEY = "0f5e1d2c3b4a59687766554433221100"
PATH = f"/sounds/18763/?api_key={KEY}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(url: str, process: subprocess.Popen[Any], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {limit}s")


def start_ours(*extra: str) -> tuple[subprocess.Popen[str], str, float]:
    """`soundspec mock freesound` (with `extra` options) started, its answer URL and start-up time."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "generator.cli", "mock", "freesound", "--port", "0", "--urls", "public", *extra]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    if line.startswith("soundspec: project "):  # every command first names its project
        line = process.stderr.readline()
    found = re.search(r"serving on (http://\S+)", line)
    if not found:
        process.kill()
        raise RuntimeError("soundspec mock did not start")
    url = found.group(1) + PATH
    _ready(url, process)
    return process, url, time.perf_counter() - started


def start_prism() -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    command = [str(tools.prism()), "mock", str(SPEC), "-h", "127.0.0.1", "-p", str(port), "-v", "error"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    url = f"http://127.0.0.1:{port}{PATH}"
    _ready(url, process)
    return process, url


def wrk(url: str, seconds: int = 3, connections: int = 16) -> float:
    return wrk_run(url, seconds, connections)[0]


def wrk_run(url: str, seconds: int = 3, connections: int = 16, script: Path | None = None) -> tuple[float, float]:
    """Requests/s and the 99th percentile latency (ms) of `url` (the requests of `script`, when given)."""
    command = [tools.wrk(), "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(script)] if script is not None else []
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    found = re.search(r"Requests/sec:\s*([\d.]+)", done.stdout)
    if not found:
        raise RuntimeError(f"no rate in wrk output: {done.stdout[-500:]}")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", done.stdout)
    if non_2xx:
        raise RuntimeError(f"{url}: {non_2xx.group(1)} error responses")
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", done.stdout)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return float(found.group(1)), float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan")


def in_process(requests: int = 20000) -> float:
    """Requests/s through the ASGI app itself (no sockets): the pipeline's own cost."""
    app = create_app("freesound", SPEC, MockOptions(urls="public"))
    scope = {
        "type": "http", "method": "GET", "path": "/api/sounds/18763/", "raw_path": b"/api/sounds/18763/",
        "query_string": f"api_key={KEY}".encode(), "headers": [(b"host", b"127.0.0.1")], "scheme": "http",
    }  # fmt: skip

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start" and message["status"] != 200:
            raise RuntimeError(f"status {message['status']}")

    async def run() -> float:
        started = time.perf_counter()
        for _ in range(requests):
            await app(scope, receive, send)
        return requests / (time.perf_counter() - started)

    return asyncio.run(run())


STARTUP_GOAL = 2.0  # seconds from process start to the first answer (the mock issue's "serving within 2 s")


def _stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=10)
    if process.stderr is not None:
        process.stderr.close()


def startups(count: int) -> list[float]:
    """Start-up times of `count` fresh `soundspec mock` processes, one after the other."""
    times = []
    for _ in range(count):
        process, _url, seconds = start_ours()
        _stop(process)
        times.append(seconds)
    return times


def measure(rounds: int = 5) -> list[Result]:
    started = startups(rounds)
    ours, ours_url, startup = start_ours()
    try:
        prism, prism_url = start_prism()
        try:
            a, b = alternate(lambda: wrk(ours_url), lambda: wrk(prism_url), rounds=rounds)
        finally:
            prism.terminate()
            prism.wait(timeout=10)
    finally:
        _stop(ours)
    return [
        Result(
            name="mock GET /sounds/{id}/ over loopback", metric="requests/s",
            ours_label="soundspec mock freesound (uvicorn)", ours=median(a),
            baseline_label="Prism static, -v error", baseline=median(b), higher_is_better=True, goal=1.5,
            rounds=rounds, notes=[f"wrk -t1 -c16 -d3s; start-up to first answer {startup:.2f}s"],
        ),
        Result(
            name="mock GET /sounds/{id}/ in-process", metric="requests/s", ours_label="ASGI app called directly",
            ours=in_process(), rounds=1,
        ),
        Result(
            name="soundspec mock start-up", metric="seconds", ours_label="process start to first answer",
            ours=median([*started, startup]), baseline_label="goal", baseline=STARTUP_GOAL, goal=1.0,
            rounds=rounds + 1, notes=[f"fresh processes: {[round(x, 2) for x in [*started, startup]]} s"],
        ),
    ]  # fmt: skip
