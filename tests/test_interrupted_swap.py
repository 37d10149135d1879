"""`generate` killed during the swap (kill -9): the next run finishes or undoes it, never half (18: 12).

A real `soundspec generate` process kills itself at every step of the swap in turn; then
`soundspec check` (which recovers before it renders) must leave generated/ exactly the old tree
or exactly the new one, and no staging folder or backup behind.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output import TMP_PREFIX
from tests.support import FIXTURES, tree_bytes

# counts the renames and removals of the swap and kills the process at step KILL_AT
KILLER = """
import os, signal, sys
from pathlib import Path
from generator import output
from generator.cli import main

KILL_AT = int(sys.argv[1])
steps = 0
in_swap = False
real_rename, real_remove, real_swap = Path.rename, output._remove, output.swap_in

def step():
    global steps
    if in_swap:
        steps += 1
        if steps == KILL_AT:
            os.kill(os.getpid(), signal.SIGKILL)

def rename(self, target):
    step()
    return real_rename(self, target)

def remove(path):
    step()
    return real_remove(path)

def swap(*args, **kwargs):
    global in_swap
    in_swap = True
    return real_swap(*args, **kwargs)

Path.rename = rename
output._remove = remove
output.swap_in = swap
import generator.pipeline
generator.pipeline.swap_in = swap
sys.argv = ["soundspec", "generate"]
main()
"""


def soundspec(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from generator.cli import main; main()", *args],
        cwd=root, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def leftovers(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob(f"{TMP_PREFIX}*"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A generated project of the minimal spec, and generated/ before and after a change of its title."""
    root = tmp_path_factory.mktemp("reference")
    project(root)
    assert soundspec(root, "generate").returncode == 0
    old = tree_bytes(root / "generated")
    saved = tmp_path_factory.mktemp("saved") / "project"
    shutil.copytree(root, saved)
    retitle(root)
    assert soundspec(root, "generate").returncode == 0
    return saved, old, tree_bytes(root / "generated")


def project(root: Path) -> None:
    (root / "specs").mkdir()
    shutil.copyfile(FIXTURES / "minimal.yaml", root / "specs" / "mini.yaml")
    (root / "pyproject.toml").write_text(
        '[tool.soundspec]\napis = [{ name = "mini", spec = "specs/mini.yaml", package = "mini_client", '
        'output = "generated/clients/mini_client", docs = "generated/docs" }]\n',
        encoding="utf-8",
    )


def retitle(root: Path) -> None:
    spec = root / "specs" / "mini.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("title:", "title: Renamed", 1).replace("Renamed ", "Renamed", 1), encoding="utf-8")


# the swap of the minimal project: 3 outputs (client, HTML, Markdown), each renamed aside and
# replaced (steps 1-6), then 3 backups removed (7-9): the first step, one in the middle, the last
# rename, the first removal
KILL_STEPS = (1, 4, 6, 7)


@pytest.mark.parametrize("kill_at", KILL_STEPS)
def test_a_kill_during_the_swap_is_finished_or_undone(
    tmp_path: Path, reference: tuple[Path, dict[str, bytes], dict[str, bytes]], kill_at: int
) -> None:
    saved, old, new = reference
    root = tmp_path / "project"
    shutil.copytree(saved, root)
    retitle(root)
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(kill_at)], cwd=root, capture_output=True, text=True, check=False, timeout=300
    )
    assert killed.returncode == -9, (killed.returncode, killed.stderr)
    assert leftovers(root), "the kill left nothing to recover: it did not land in the swap"
    soundspec(root, "check")  # recovers first; then reports the tree stale or current
    after = tree_bytes(root / "generated")
    assert after == (old if kill_at <= 6 else new), "generated/ is not whole: neither the old tree nor the new"
    assert leftovers(root) == []


def test_stale_staging_of_a_dead_run_is_removed(tmp_path: Path) -> None:
    project(tmp_path)
    dead = tmp_path / f"{TMP_PREFIX}999999999-abc"  # no such process
    (dead / "pkg").mkdir(parents=True)
    (dead / "pkg" / "big.py").write_text("x = 1\n" * 1000, encoding="utf-8")
    unnamed = tmp_path / f"{TMP_PREFIX}oldstyle"
    unnamed.mkdir()
    assert soundspec(tmp_path, "generate").returncode == 0
    assert leftovers(tmp_path) == []
