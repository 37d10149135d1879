"""Debian's Chromium for the browser tests: installed with apt-get when missing, once per machine.

The suite runs in parallel workers; a file lock makes the first worker install and the others wait.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
PACKAGES = ("chromium", "fonts-dejavu-core")
_LOCK = Path("/tmp/soundspec-chromium-install.lock")


class ChromiumUnavailable(RuntimeError):
    pass


def _apt(*args: str) -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(["apt-get", *args], capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise ChromiumUnavailable(f"apt-get {' '.join(args)} failed ({done.returncode}): " + " | ".join(tail))


def ensure_chromium() -> Path:
    """The path of Debian's chromium, installing it (apt-get, as root) when it is missing."""
    if CHROMIUM.exists():
        return CHROMIUM
    if shutil.which("apt-get") is None:
        raise ChromiumUnavailable(f"{CHROMIUM} is missing and there is no apt-get to install it")
    with _LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not CHROMIUM.exists():
            _apt("update")
            _apt("install", "-y", "--no-install-recommends", *PACKAGES)
    if not CHROMIUM.exists():
        raise ChromiumUnavailable(f"apt-get installed {PACKAGES} but {CHROMIUM} is still missing")
    return CHROMIUM
