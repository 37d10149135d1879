"""The recordings under specs/recordings/ that came from ../shared/recordings are byte-for-byte
the shared originals: specs/recordings/shared.sha256 holds their digests (`sha256sum` format)."""

from __future__ import annotations

import hashlib

from tests.support import ROOT

RECORDINGS = ROOT / "specs" / "recordings"
MANIFEST = RECORDINGS / "shared.sha256"
SHARED = ROOT.parent / "shared" / "recordings"


def _manifest() -> dict[str, str]:
    pairs = (line.split("  ", 1) for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.strip())
    return {name: digest for digest, name in pairs}


def test_the_copies_are_the_shared_originals() -> None:
    manifest = _manifest()
    assert len(manifest) >= 10
    for name, digest in manifest.items():
        assert hashlib.sha256((RECORDINGS / name).read_bytes()).hexdigest() == digest, name


def test_the_manifest_lists_every_shared_recording_where_they_are_at_hand() -> None:
    # On a machine with the shared folder beside the checkout, the manifest must still describe it.
    originals = sorted(SHARED.glob("*/*.json"))
    found = {p.relative_to(SHARED).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in originals}
    assert all(_manifest().get(name) == digest for name, digest in found.items())
