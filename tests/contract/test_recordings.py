"""`check-recordings`: real and corpus recordings of every format, broken ones named by pointer and keyword."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Project, load_project
from generator.contract.exchange import SpecIndex
from generator.contract.recordings import check_recording_files
from generator.specs import load_spec
from tests.contract.cli import invoke
from tests.support import ROOT

CORPUS = Path(__file__).parent / "recordings"
API_NAMES = [api.name for api in load_project(ROOT).apis]

# recording -> every (pointer, keyword) the report must name for it
BROKEN = {
    "freesound": {
        "id_as_text.json": {("/id", "type")},
        "missing_id.json": {("", "required")},
        "duration_text_xml.xml": {("/duration", "type")},
        "created_iso_yaml.yaml": {("/created", "format"), ("/created", "pattern")},
        "search_item_jsonp.json": {("/sounds/2/id", "type")},
        "teapot.json": {("", "status")},
        "html.bin": {("", "media-type")},
        "truncated.json": {("", "decode")},
        "unknown_path.json": {("", "operation")},
        "bad_query.json": {("/query/sounds_per_page", "type")},
    },
    "soundcloud": {
        "created_iso.json": {("/created_at", "format"), ("/created_at", "pattern")},
        "tracks_jsonp_obj.txt": {("", "oneOf")},
    },
}


@pytest.fixture(scope="module")
def indexes(project: Project) -> dict[str, SpecIndex]:
    return {api.name: SpecIndex(load_spec(api.spec).model) for api in project.apis}


@pytest.mark.parametrize("api", API_NAMES)
def test_the_real_recordings_conform(indexes: dict[str, SpecIndex], api: str) -> None:
    result = check_recording_files(indexes[api], [ROOT / "specs" / "recordings" / api])
    assert result.checked >= 1
    assert [str(f) for f in result.findings] == []


# the corpus (tests/contract/recordings) has files made for these two APIs' formats
@pytest.mark.parametrize("api", sorted(BROKEN))
def test_every_format_of_the_corpus_conforms(indexes: dict[str, SpecIndex], api: str) -> None:
    result = check_recording_files(indexes[api], [CORPUS / api])
    assert result.checked == len(list((CORPUS / api).glob("*.exchange.yaml")))
    assert [str(f) for f in result.findings] == []


@pytest.mark.parametrize("api", sorted(BROKEN))
def test_each_broken_recording_is_named_by_pointer_and_keyword(indexes: dict[str, SpecIndex], api: str) -> None:
    result = check_recording_files(indexes[api], [CORPUS / "broken" / api])
    found: dict[str, set[tuple[str, str]]] = {}
    for finding in result.findings:
        found.setdefault(finding.recording.name, set()).add((finding.pointer, finding.keyword))
    assert found == BROKEN[api]


def test_a_finding_reads_file_pointer_keyword_message(indexes: dict[str, SpecIndex]) -> None:
    (finding,) = check_recording_files(
        indexes["freesound"], [CORPUS / "broken" / "freesound" / "id_as_text.json"]
    ).findings
    assert str(finding).endswith("id_as_text.json: /id: type: '18763' is not of type 'integer'")


SIDECARS = {
    "no_status": ("method: GET\npath: /sounds/1/\nsource: test\n", "missing status"),
    "bad_method": ("method: FETCH\npath: /sounds/1/\nstatus: 200\nsource: test\n", "not an HTTP method"),
    "host_in_path": ("method: GET\npath: http://x/sounds/1/\nstatus: 200\nsource: test\n", "must start with /"),
    "status_text": ("method: GET\npath: /sounds/1/\nstatus: OK\nsource: test\n", "not an HTTP status code"),
    "bad_kind": ("method: GET\npath: /sounds/1/\nstatus: 200\nsource: t\nkind: guessed\n", "kind 'guessed'"),
    "not_yaml": ("method: [GET\n", "not YAML"),
    "bad_known": (
        "method: GET\npath: /sounds/1/\nstatus: 200\nsource: t\nknown-differences: [{pointer: /id}]\n",
        "known-differences must be a list",
    ),
}


@pytest.mark.parametrize("name", sorted(SIDECARS))
def test_a_broken_sidecar_is_a_finding_not_a_crash(indexes: dict[str, SpecIndex], tmp_path: Path, name: str) -> None:
    text, expected = SIDECARS[name]
    (tmp_path / f"{name}.exchange.yaml").write_text(text)
    (tmp_path / f"{name}.json").write_text("{}")
    (tmp_path / "good.exchange.yaml").write_text((CORPUS / "freesound" / "sound.exchange.yaml").read_text())
    (tmp_path / "good.json").write_bytes((CORPUS / "freesound" / "sound.json").read_bytes())
    result = check_recording_files(indexes["freesound"], [tmp_path])
    assert result.checked == 2
    ((pointer, keyword, message),) = [(f.pointer, f.keyword, f.message) for f in result.findings]
    assert (pointer, keyword) == ("", "sidecar")
    assert expected in message


def test_a_declared_difference_is_not_reported_and_a_stale_one_is(
    indexes: dict[str, SpecIndex], tmp_path: Path
) -> None:
    sidecar = (CORPUS / "broken" / "freesound" / "id_as_text.exchange.yaml").read_text()
    (tmp_path / "id_as_text.json").write_bytes((CORPUS / "broken" / "freesound" / "id_as_text.json").read_bytes())
    known = "known-differences:\n  - {pointer: /id, keyword: type, reason: test}\n"
    (tmp_path / "id_as_text.exchange.yaml").write_text(sidecar + known)
    assert check_recording_files(indexes["freesound"], [tmp_path]).findings == []
    stale = known + "  - {pointer: /duration, keyword: type, reason: test}\n"
    (tmp_path / "id_as_text.exchange.yaml").write_text(sidecar + stale)
    ((pointer, keyword, message),) = [
        (f.pointer, f.keyword, f.message) for f in check_recording_files(indexes["freesound"], [tmp_path]).findings
    ]
    assert (pointer, keyword) == ("/duration", "known-differences")
    assert "does not occur" in message


def test_a_sidecar_needs_exactly_one_body(indexes: dict[str, SpecIndex], tmp_path: Path) -> None:
    sidecar = (CORPUS / "freesound" / "sound.exchange.yaml").read_text()
    (tmp_path / "lonely.exchange.yaml").write_text(sidecar)
    (tmp_path / "twice.exchange.yaml").write_text(sidecar)
    (tmp_path / "twice.json").write_text("{}")
    (tmp_path / "twice.xml").write_text("<response/>")
    # `twice.more.json` belongs to twice.more.exchange.yaml (absent), not to twice
    (tmp_path / "twice.more.json").write_text("{}")
    findings = check_recording_files(indexes["freesound"], [tmp_path]).findings
    assert {(f.recording.name, f.keyword) for f in findings} == {
        ("lonely.exchange.yaml", "sidecar"),
        ("twice.exchange.yaml", "sidecar"),
    }
    assert "no body file" in findings[0].message
    assert "several body files" in findings[1].message


def test_cli_exit_codes_and_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = invoke("check-recordings")
    assert (code, out) == (0, "")
    assert "freesound: 5 recording(s), 0 mismatch(es)" in err

    code, out, err = invoke("check-recordings", "freesound", str(CORPUS / "broken" / "freesound"))
    assert code == 1
    assert "tests/contract/recordings/broken/freesound/id_as_text.json: /id: type: " in out
    assert len(out.splitlines()) == sum(len(v) for v in BROKEN["freesound"].values())
    assert "freesound: 10 recording(s), 11 mismatch(es)" in err


def test_cli_finds_the_api_from_the_path_and_reports_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = invoke("check-recordings", str(CORPUS / "soundcloud" / "track.json"))
    assert (code, out) == (0, "")
    assert "soundcloud: 1 recording(s), 0 mismatch(es)" in err

    code, _, err = invoke("check-recordings", "freesound", "no/such/folder")
    assert code == 2
    assert err.strip() == "soundspec: error: no/such/folder: no such file or folder"

    code, _, err = invoke("check-recordings", "nope")
    assert code == 2
    assert "unknown API nope" in err
