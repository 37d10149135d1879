"""Check recorded responses against the response schema of the operation that produced them.

The recording format (a body file plus a `.exchange.yaml` sidecar) is documented in
docs/recordings.md. Each mismatch names the JSON pointer into the body and the schema keyword;
a recording that cannot be read as one (bad sidecar, no body file) is a finding with the keyword
`sidecar`, so one broken file does not hide the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..recordings import KNOWN, Recording, SidecarError, find_sidecars, load_recording
from ..specs import load_spec
from .exchange import SpecIndex
from .requests import check_request


@dataclass(frozen=True, order=True)
class RecordingFinding:
    recording: Path
    pointer: str
    keyword: str
    message: str

    def __str__(self) -> str:
        return f"{self.recording}: {self.pointer or '/'}: {self.keyword}: {self.message}"


def check_recording(index: SpecIndex, recording: Recording) -> list[RecordingFinding]:
    def finding(pointer: str, keyword: str, message: str) -> RecordingFinding:
        return RecordingFinding(recording.body, pointer, keyword, message)

    query = {str(k): v for k, v in (recording.meta.get("query") or {}).items()}
    method = recording.method
    form = {str(k): v for k, v in (recording.meta.get("form") or {}).items()}
    if form and index.quirks.post_reads and method == "post" and index.match(method, recording.path, query) is None:
        # the server answered this form POST as the GET of its path (x-soundspec-post-reads)
        merged = {**query, **form}
        if index.match("get", recording.path, merged) is not None:
            method, query = "get", merged
    found = [
        finding(v.pointer, v.keyword, f"request: {v.message}")
        for v in check_request(index, method, recording.path, query, partial=True)
        if v.keyword != "operation"
    ]
    body = recording.body.read_bytes()
    violations = index.check_response(
        method, recording.path, recording.status, recording.media_type, body, query=query, form=form
    )
    found += [finding(v.pointer, v.keyword, v.message) for v in violations]
    # a declared difference is not a finding; a declared one that no longer occurs is (stale)
    known = {(str(k["pointer"]), str(k["keyword"])) for k in recording.meta.get(KNOWN) or []}
    stale = sorted(known - {(f.pointer, f.keyword) for f in found})
    return [f for f in found if (f.pointer, f.keyword) not in known] + [
        finding(pointer, KNOWN, f"declared {keyword} difference does not occur") for pointer, keyword in stale
    ]


@dataclass(frozen=True)
class CheckResult:
    checked: int
    findings: list[RecordingFinding]


def check_recordings(spec_path: Path, paths: Iterable[Path]) -> list[RecordingFinding]:
    """Every mismatch of every recording under `paths` against the spec at `spec_path`."""
    return check_recording_files(SpecIndex(load_spec(spec_path).model), paths).findings


def check_recording_files(index: SpecIndex, paths: Iterable[Path]) -> CheckResult:
    """Every mismatch of every recording under `paths` against the spec behind `index`, and how many."""
    findings: list[RecordingFinding] = []
    sidecars = find_sidecars(paths)
    for sidecar in sidecars:
        try:
            recording = load_recording(sidecar)
        except SidecarError as err:
            findings.append(RecordingFinding(sidecar, "", "sidecar", str(err)))
            continue
        findings += check_recording(index, recording)
    return CheckResult(len(sidecars), sorted(findings))
