"""The python clients openapi-generator-cli makes from our specs, built once into bench/tools/.

They are the "what people would otherwise use" side of the client benchmarks. Their runtime
needs (pydantic, urllib3, python-dateutil, typing-extensions) are already in our environment.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from bench.tools import TOOLS, generator_input, openapi_generator

ROOT = Path(__file__).resolve().parent.parent
SPECS = {"freesound": ROOT / "specs" / "freesound-v1.yaml", "soundcloud": ROOT / "specs" / "soundcloud-v1.yaml"}


def generated_client(api: str) -> ModuleType:
    """The package `<api>_ogc`, generated from the current spec when missing or older than it."""
    package = f"{api}_ogc"
    out = TOOLS / "ogc-clients" / api
    marker = out / package / "__init__.py"
    if not marker.exists() or marker.stat().st_mtime < SPECS[api].stat().st_mtime:
        spec = generator_input(SPECS[api])
        command = [str(openapi_generator()), "generate", "-g", "python", "-i", str(spec), "-o", str(out),
                   "--package-name", package]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"openapi-generator-cli failed for {api}: {done.stderr[-2000:]}")
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    return importlib.import_module(package)
