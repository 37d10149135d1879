"""`soundspec check` skips rendering while its stamp holds, and renders again after any change.

The toolkit runs from a copy, in a real process, so that a test can change one of its templates
the way a developer would, without touching the package every other test uses.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import generator
from tests.support import FIXTURES, MakeProject

STAMPED = "no input or output changed since the last check"


def _soundspec(toolkit: Path, root: Path, *args: str) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(toolkit)}
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], cwd=root, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    return done.returncode, done.stdout + done.stderr


def test_the_stamp_skips_an_unchanged_check_and_catches_hand_edits_and_template_changes(
    make_project: MakeProject,
) -> None:
    root = make_project(tiny=FIXTURES / "minimal.yaml")
    toolkit = root.parent / "toolkit"
    shutil.copytree(
        Path(generator.__file__).parent, toolkit / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    code, output = _soundspec(toolkit, root, "generate")
    assert code == 0, output
    assert (root / ".soundspec" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"

    code, output = _soundspec(toolkit, root, "check")
    assert (code, STAMPED in output) == (0, True), output

    page = root / "generated" / "docs" / "tiny.md"
    original = page.read_bytes()
    page.write_bytes(original + b"a hand edit\n")
    code, output = _soundspec(toolkit, root, "check")
    assert (code, "stale: generated/docs/tiny.md" in output) == (1, True), output
    page.write_bytes(original)

    template = toolkit / "generator" / "docs" / "templates" / "reference.md.jinja"
    template.write_text(template.read_text(encoding="utf-8") + "\nA changed template.\n", encoding="utf-8")
    code, output = _soundspec(toolkit, root, "check")
    assert (code, STAMPED in output, "stale: generated/docs/tiny.md" in output) == (1, False, True), output

    spec = root / "specs" / "tiny.yaml"
    template.write_text(template.read_text(encoding="utf-8").replace("\nA changed template.\n", ""), encoding="utf-8")
    code, output = _soundspec(toolkit, root, "check")
    assert (code, STAMPED in output) == (0, True), output  # every hash is back to the stamped one
    spec.write_text(spec.read_text(encoding="utf-8").replace("title:", "title: Changed", 1), encoding="utf-8")
    code, output = _soundspec(toolkit, root, "check")
    assert (code, STAMPED in output) == (1, False), output
