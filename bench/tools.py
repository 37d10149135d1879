"""Install the tools soundspec is compared against, from the package registries, into bench/tools/.

Nothing here is committed (bench/tools/ is ignored). Versions are pinned so runs compare like
with like; a missing system package (Java, wrk) comes from Debian through apt-get.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent / "tools"
OPENAPI_GENERATOR = "openapi-generator-cli==7.26.0"  # PyPI wrapper with the bundled jar
PRISM = "@stoplight/prism-cli@5.16.0"


class ToolMissing(RuntimeError):
    """A comparison tool could not be installed; the benchmark that needs it says so."""


def _run(*args: str | Path, cwd: Path | None = None) -> None:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ToolMissing(f"{' '.join(map(str, args))} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def apt_install(command: str, package: str) -> str:
    """The path of `command`, installing Debian's `package` first when it is missing."""
    found = shutil.which(command)
    if found:
        return found
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env_install = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", package]
    try:
        _run(*env_install)
    except ToolMissing:
        _run(*prefix, "apt-get", "update", "-q")
        _run(*env_install)
    found = shutil.which(command)
    if not found:
        raise ToolMissing(f"{command} is still missing after apt-get install {package}")
    return found


def openapi_generator() -> Path:
    """The openapi-generator-cli command (Java from Debian if the machine has none)."""
    apt_install("java", "default-jre-headless")
    venv = TOOLS / "openapi-generator"
    command = venv / "bin" / "openapi-generator-cli"
    if not command.exists():
        _run(sys.executable, "-m", "venv", venv)
        _run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", OPENAPI_GENERATOR)
    return command


def generator_input(spec: Path) -> Path:
    """`spec` as openapi-generator-cli can read it: JSON, without `if`/`then`/`else`.

    Its python generator (7.x) fails on those JSON Schema 2020-12 keywords (a NullPointerException
    on SoundCloud's Track and Token rules). They only validate values and shape no type, so the
    clients it makes, and the time it takes, are what they would be had it read them.
    """
    from generator.yamlsource import load_data

    def strip(node: object) -> object:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in ("if", "then", "else")}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    out = TOOLS / "ogc-input" / f"{spec.stem}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(strip(load_data(spec.read_text(encoding="utf-8")))), encoding="utf-8")
    return out


def prism() -> Path:
    """The Prism mock server from the npm registry."""
    prefix = TOOLS / "node"
    command = prefix / "node_modules" / ".bin" / "prism"
    if not command.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        _run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", prefix, PRISM)
    return command


def wrk() -> str:
    return apt_install("wrk", "wrk")
