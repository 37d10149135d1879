"""`soundspec fuzz` machinery on Pebbles: an honest server passes every check, each planted fault is reported."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.apimodel import build_api
from generator.contract.fuzzrun import FuzzReport, run_schema
from generator.contract.harness import CredentialError, FuzzSettings, scheme_auth
from generator.contract.report import summary, write_junit
from generator.contract.stschema import load_schema
from generator.quirks import load_quirks
from tests.contract.cli import invoke
from tests.contract.pebbles import KEY, SPEC, PebblesApp
from tests.contract.servers import serve
from tests.support import ROOT, MakeProject

RAW: dict[str, Any] = yaml.safe_load(SPEC.read_text())
LABELS = ["GET /pebbles/", "GET /pebbles/{pebble_id}/", "GET /people/{username}/"]
FAULTS = frozenset({"bad-date", "crash-on-boulder", "open-list", "no-finder"})


def fuzz(app: PebblesApp, examples: int = 12, **options: Any) -> FuzzReport:
    settings = FuzzSettings(max_examples=examples, seed=7, stateful_steps=6, **options)
    auth = scheme_auth(build_api(RAW, load_quirks(RAW)), {"api_key": KEY})
    schema = load_schema(RAW, settings, auth, base_url="http://127.0.0.1:9/api", app=app, sanitize=False)
    return run_schema(schema, workers=settings.workers)


@pytest.fixture(scope="module")
def faulty() -> FuzzReport:
    return fuzz(PebblesApp(FAULTS), examples=20)


def test_an_honest_server_passes_every_check_in_every_phase() -> None:
    report = fuzz(PebblesApp())
    assert [(f.check, f.operation, f.message) for f in report.failures] == []
    assert report.errors == []
    assert sorted(report.operations) == LABELS
    # links (listPebbles -> getPebble -> getPerson) drive the stateful phase
    assert {"coverage", "fuzzing", "stateful"} <= set(report.cases_by_phase)
    assert report.cases_by_phase["stateful"] > 0


def test_every_planted_fault_is_reported_by_its_check(faulty: FuzzReport) -> None:
    found = {(f.check, f.operation) for f in faulty.failures}
    assert found == {
        ("api_date_formats", "GET /pebbles/{pebble_id}/"),  # bad-date
        ("response_schema_conformance", "GET /pebbles/{pebble_id}/"),  # no-finder
        ("not_a_server_error", "GET /pebbles/"),  # crash-on-boulder
        ("status_code_conformance", "GET /pebbles/"),  # crash-on-boulder: 500 is not declared
        ("ignored_auth", "GET /pebbles/"),  # open-list
        ("wire_negative_data_rejection", "GET /pebbles/"),  # open-list: a request without api_key is accepted
    }


def test_each_failure_says_how_to_reproduce_it(faulty: FuzzReport) -> None:
    crash = next(f for f in faulty.failures if f.check == "not_a_server_error")
    assert crash.reproduce.startswith("curl -X GET 'http://127.0.0.1:9/api/pebbles/?")
    assert "kind=boulder" in crash.reproduce
    assert f"api_key={KEY}" in crash.reproduce  # known test credentials are not masked
    dates = next(f for f in faulty.failures if f.check == "api_date_formats")
    assert '/found: "yesterday" is not a "pebble-datetime"' in dates.message


def test_the_summary_counts_failures_by_check_and_gives_the_replay(faulty: FuzzReport) -> None:
    text = summary("pebbles", faulty, all_operations=LABELS, replay="soundspec fuzz pebbles --seed 7")
    lines = text.splitlines()
    assert lines[0].startswith(f"pebbles: 3 of 3 operation(s) exercised, {faulty.cases} case(s) (coverage ")
    assert "failures by check:" in lines
    assert any(line.split() == ["ignored_auth", "1"] for line in lines)
    assert text.count("   reproduce:") == 6
    assert lines[-2:] == ["pebbles: 6 failure(s), 0 error(s)", "replay this run: soundspec fuzz pebbles --seed 7"]


def test_the_junit_report_has_a_test_case_per_operation(faulty: FuzzReport, tmp_path: Path) -> None:
    write_junit(tmp_path / "out" / "junit.xml", "pebbles", faulty, LABELS)
    suite = ET.parse(tmp_path / "out" / "junit.xml").getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "2", "0")
    failures = {(case.get("name"), f.get("type")) for case in suite for f in case.findall("failure")}
    assert ("GET /pebbles/", "ignored_auth") in failures
    assert ("GET /pebbles/{pebble_id}/", "api_date_formats") in failures


def test_the_same_seed_replays_the_same_run() -> None:
    first, second = fuzz(PebblesApp(FAULTS), examples=5), fuzz(PebblesApp(FAULTS), examples=5)
    assert first.cases == second.cases
    assert [f.reproduce for f in first.failures] == [f.reproduce for f in second.failures]


def test_operations_run_in_parallel_workers() -> None:
    report = fuzz(PebblesApp(frozenset({"bad-date"})), examples=5, workers=2)
    assert sorted(report.operations) == LABELS
    assert {f.check for f in report.failures} == {"api_date_formats"}


def test_credentials_go_to_the_schemes_schemathesis_can_fill(project: Any) -> None:
    spec = yaml.safe_load((ROOT / "specs" / "soundcloud-v1.yaml").read_text())
    auth = scheme_auth(build_api(spec, load_quirks(spec)), {"client_id": "app", "access_token": "tok"})
    # `Authorization: OAuth <token>` is not a scheme schemathesis fills: the query placement carries the token
    assert auth == {"clientId": {"api_key": "app"}, "oauthTokenQuery": {"api_key": "tok"}}
    with pytest.raises(CredentialError, match="unknown credential api_key"):
        scheme_auth(build_api(spec, load_quirks(spec)), {"api_key": "x"})


def test_cli_against_a_live_url(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_project(pebbles=SPEC))
    with serve(PebblesApp(frozenset({"crash-on-boulder"}))) as url:
        code, out, _ = invoke("fuzz", "pebbles", "--url", f"{url}/api", "--max-examples", "5", "--phases", "fuzzing",
                              "--credential", f"api_key={KEY}", "--junit", "report.xml")  # fmt: skip
    assert code == 1
    assert "not_a_server_error" in out
    assert "api_key=%5BFiltered%5D" in out  # a live server's credentials stay out of the report
    assert f"soundspec fuzz pebbles --seed 1 --max-examples 5 --url {url}/api --phases fuzzing" in out
    assert Path("report.xml").is_file()

    monkeypatch.setenv("SOUNDSPEC_PEBBLES_API_KEY", KEY)
    with serve(PebblesApp()) as url:
        code, out, _ = invoke("fuzz", "pebbles", "--url", f"{url}/api", "--max-examples", "5", "--phases", "fuzzing")
    assert code == 0, out
    assert out.splitlines()[-1] == "pebbles: OK, no failures"


def test_cli_bad_input_is_one_line(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_project(pebbles=SPEC))
    code, _, err = invoke("fuzz", "pebbles", "--url", "ftp://x", "--credential", "api_key=k")
    assert (code, err.strip()) == (2, "soundspec: error: --url wants an http(s) URL, got 'ftp://x'")
    code, _, err = invoke("fuzz", "pebbles", "--url", "http://127.0.0.1:9", "--credential", "token")
    assert (code, err.strip()) == (2, "soundspec: error: --credential wants ARGUMENT=VALUE, got 'token'")
    code, _, err = invoke("fuzz", "pebbles", "--phases", "fuzzing,chaos")
    assert code == 2
    assert "--phases takes examples, coverage, fuzzing, stateful; got 'fuzzing,chaos'" in err
