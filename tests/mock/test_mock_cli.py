"""`soundspec mock NAME` as people start it, over real HTTP, for every API of the config: the
client line it prints works as printed, and `--log` prints a line per request, credentials redacted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from generator.config import load_project
from generator.specs import load_spec

from .conftest import ROOT

APIS = [api.name for api in load_project(ROOT).apis]
SECRET = "sekrit-value-never-logged"


@contextmanager
def mock_process(name: str, *args: str) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    """The running `soundspec mock`, its API base URL and its client line."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "mock", name, "--port", "0", *args],
        cwd=ROOT, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert process.stderr is not None
    try:
        line = process.stderr.readline()
        if line.startswith("soundspec: project "):
            line = process.stderr.readline()
        found = re.search(r"serving on (http://\S+)", line)
        assert found, line
        yield process, found.group(1), process.stderr.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


def _plain_get(name: str) -> tuple[str, str, str, dict[str, str]]:
    """A GET operation without path parameters (its wire path, operation id, the query naming it on a
    shared path) and a query API key's name."""
    model = load_spec(next(a for a in load_project(ROOT).apis if a.name == name).spec).model
    op = next(o for o in model.operations if o.method == "get" and "{" not in o.path and o.operation_id)
    keys = [s["name"] for s in model.security_schemes.values() if s.get("type") == "apiKey" and s.get("in") == "query"]
    assert op.operation_id and keys
    named = {op.dispatch.param: op.dispatch.value} if op.dispatch is not None else {}
    return op.wire_path, op.operation_id, str(keys[0]), named


@pytest.mark.parametrize("name", APIS)
def test_the_client_line_works_as_printed(name: str) -> None:
    with mock_process(name) as (_, base, client_line):
        assert client_line.startswith("client: from "), client_line
        namespace: dict[str, Any] = {}
        exec(client_line.removeprefix("client: "), namespace)
        client = namespace["client"]
        assert f"base_url={base!r}" in client_line
        assert type(client).__module__.split(".")[0] == load_project(ROOT).select([name])[0].package


@pytest.mark.parametrize("name", APIS)
def test_log_prints_a_line_per_request_with_credentials_redacted(name: str) -> None:
    path, operation_id, key, named = _plain_get(name)
    with mock_process(name, "--log") as (process, base, _):
        assert process.stderr is not None
        answer = httpx.get(f"{base}{path}", params={**named, key: SECRET}, timeout=30)
        line = process.stderr.readline()
        prefix = httpx.URL(base).path.rstrip("/")
        sent = re.escape("".join(f"{k}={v}&" for k, v in named.items()))
        where = re.escape(prefix + path)
        expected = rf"GET {where}\?{sent}{key}=<redacted> {answer.status_code} {operation_id} \d+\.\d ms"
        assert re.fullmatch(expected, line.strip()), line
        status = httpx.get(f"{base}/no/such/thing/", timeout=30).status_code
        line = process.stderr.readline()
        assert re.fullmatch(rf"GET {re.escape(prefix)}/no/such/thing/ {status} - \d+\.\d ms", line.strip()), line
    assert SECRET not in line


def test_without_log_nothing_is_printed_per_request() -> None:
    with mock_process(APIS[0]) as (process, base, _):
        httpx.get(f"{base}/no/such/thing", timeout=30)
        process.terminate()
        assert process.stderr is not None
        assert process.stderr.read() == ""
