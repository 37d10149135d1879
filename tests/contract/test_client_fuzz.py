"""Client fuzzing on a generated Pebbles client: clean runs, server faults, and deliberately broken clients."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.contract.clientfuzz import ClientFuzzReport, ClientUnderTest, fuzz_client
from generator.contract.harness import FuzzSettings
from generator.contract.stschema import load_schema
from generator.quirks import load_quirks
from tests.contract.clients import generate_client
from tests.contract.pebbles import KEY, SPEC, PebblesApp

RAW: dict[str, Any] = yaml.safe_load(SPEC.read_text())
BASE = "http://127.0.0.1:9/api"
LABELS = ["GET /pebbles/", "GET /pebbles/{pebble_id}/", "GET /people/{username}/"]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generate_client(tmp_path_factory.mktemp("pebbles"), "pebbles", SPEC)


def fuzz(package: ModuleType, app: PebblesApp, examples: int = 40) -> ClientFuzzReport:
    schema = load_schema(RAW, FuzzSettings(mode="positive"), {}, base_url=BASE, app=app)
    client = ClientUnderTest(package.__name__, load_quirks(RAW), {"api_key": KEY}, BASE)
    return fuzz_client(client, schema, app, examples=examples, seed_value=3)


def test_every_operation_is_driven_through_the_client(package: ModuleType) -> None:
    app = PebblesApp()
    report = fuzz(package, app)
    assert [(f.kind, f.operation, f.message) for f in report.failures] == []
    assert [(o.operation, o.cases, o.unmappable) for o in report.operations] == [(label, 40, 0) for label in LABELS]
    # the runtime-owned parameters became client options: both formats and JSONP went over the wire
    assert any("format=xml" in q for q in app.queries)
    assert any("callback=" in q for q in app.queries)
    assert all(f"api_key={KEY}" in q for q in app.queries)


def test_a_server_fault_is_a_response_check_failure_not_the_clients(package: ModuleType) -> None:
    report = fuzz(package, PebblesApp(frozenset({"bad-date"})), examples=10)
    assert set(report.by_kind()) == {"response-check"}
    (failure, *_) = report.failures
    assert failure.operation == "GET /pebbles/{pebble_id}/"
    assert '/found: "yesterday" is not a "pebble-datetime"' in failure.message
    assert failure.call.startswith("client")
    assert "pebbles_client.api.pebbles.get_pebble.asyncio_detailed(pebble_id=" in failure.call


def test_a_crash_on_a_valid_response_is_caught(package: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    module = __import__(f"{package.__name__}.api.people.get_person", fromlist=["_parse"])

    def crash(status: int, data: Any) -> Any:
        return data["pebbles"] / (data["pebbles"] - data["pebbles"])  # a parser bug the runtime cannot foresee

    monkeypatch.setattr(module, "_parse", crash)
    report = fuzz(package, PebblesApp(), examples=10)
    assert set(report.by_kind()) == {"crash"}
    failure = next(f for f in report.failures if f.kind == "crash")
    assert failure.operation == "GET /people/{username}/"
    assert failure.message.startswith("ZeroDivisionError: division by zero")


def test_a_decode_error_or_no_model_on_a_valid_response_is_caught(
    package: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = __import__(f"{package.__name__}.errors", fromlist=["ResponseDecodeError"])
    people = __import__(f"{package.__name__}.api.people.get_person", fromlist=["_parse"])
    pebbles = __import__(f"{package.__name__}.api.pebbles.get_pebble", fromlist=["_parse"])

    def refuse(status: int, data: Any) -> Any:
        raise errors.ResponseDecodeError("cannot read it", method="GET", url="http://x/")

    monkeypatch.setattr(people, "_parse", refuse)
    monkeypatch.setattr(pebbles, "_parse", lambda status, data: None)
    report = fuzz(package, PebblesApp(), examples=10)
    assert {(f.kind, f.operation) for f in report.failures} == {
        ("decode-error", "GET /people/{username}/"),
        ("no-model", "GET /pebbles/{pebble_id}/"),
    }


def test_the_same_seed_draws_the_same_calls(package: ModuleType) -> None:
    first, second = PebblesApp(), PebblesApp()
    fuzz(package, first, examples=10)
    fuzz(package, second, examples=10)
    assert first.queries == second.queries
