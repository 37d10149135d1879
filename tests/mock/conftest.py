"""Mock apps in-process (httpx.ASGITransport) and served by uvicorn on 127.0.0.1, port 0."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from generator.mock import MockApp, MockOptions, create_app

ROOT = Path(__file__).resolve().parents[2]
SPECS = {"freesound": ROOT / "specs" / "freesound-v1.yaml", "soundcloud": ROOT / "specs" / "soundcloud-v1.yaml"}
FS_KEY = "0f5e1d2c3b4a59687766554433221100"
SC_CLIENT = "mock-client-id"
SC_TOKEN = "1-1561-mock-access-token"


def build(name: str, **options: Any) -> MockApp:
    return create_app(name, SPECS[name], MockOptions(**options))


def call(app: MockApp, method: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request through the ASGI app, in-process."""

    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://mock.test") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(go())


@pytest.fixture(scope="session")
def freesound() -> MockApp:
    return build("freesound", urls="mock")


@pytest.fixture(scope="session")
def freesound_public() -> MockApp:
    return build("freesound", urls="public")


@pytest.fixture(scope="session")
def soundcloud() -> MockApp:
    return build("soundcloud")


@pytest.fixture
def soundcloud_fresh() -> MockApp:
    """A SoundCloud mock of one's own, for tests that write."""
    return build("soundcloud")


class Served:
    def __init__(self, app: MockApp) -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.bind(("127.0.0.1", 0))
        # listening before the server thread starts: early connections wait in the backlog
        self.sock.listen(128)
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Served:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@contextlib.contextmanager
def launched(*args: str) -> Iterator[str]:
    """`soundspec mock <args> --port 0` in a process of its own: the API base URL its first line names."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "mock", *args, "--port", "0"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        if line.startswith("soundspec: project "):  # every command first names its project
            line = process.stderr.readline()
        found = re.search(r"serving on (http://\S+)", line)
        assert found, line
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture
def served_soundcloud(soundcloud_fresh: MockApp) -> Iterator[Served]:
    with Served(soundcloud_fresh) as served:
        yield served


@pytest.fixture
def served_freesound() -> Iterator[Served]:
    with Served(build("freesound", urls="mock")) as served:
        yield served
