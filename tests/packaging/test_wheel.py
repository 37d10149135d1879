"""soundspec as people install it: the wheel (and the sdist) build, install into a fresh virtualenv
outside the repository, and run a whole project there: init, validate, generate, mock, a call of
the generated client against that mock, fuzz.

Offline: the wheel is built without build isolation (hatchling is in .venv) and installed with
--no-deps --no-index; its dependencies come from .venv's site-packages, linked without soundspec's
own editable install, so nothing of the repository is on the fresh interpreter's path.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.slow

# what the editable installs of .venv put into site-packages: linking them would put the repository
# (or the generated clients) on the fresh interpreter's path
EDITABLE = re.compile(r"(^soundspec-|^_?_?editable|\.pth$|^freesound_v1|^soundcloud_v1)")


def _run(*args: str | Path, cwd: Path, timeout: float = 300, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, and the wheel built from it (as `python -m build` does)."""
    out = tmp_path_factory.mktemp("dist")
    started = time.perf_counter()
    _run(sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", out, cwd=ROOT)
    (sdist,) = out.glob("soundspec-*.tar.gz")
    unpacked = tmp_path_factory.mktemp("sdist")
    _run("tar", "xzf", sdist, "-C", unpacked, cwd=out)
    (source,) = unpacked.iterdir()
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", out, source, cwd=out)
    print(f"sdist and wheel built in {time.perf_counter() - started:.1f}s")
    return out


def test_pip_wheel_of_the_repository_builds(tmp_path: Path) -> None:
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    _run(*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", tmp_path, ROOT, cwd=tmp_path)
    (wheel,) = tmp_path.glob("soundspec-*-py3-none-any.whl")
    names = subprocess.run(
        [sys.executable, "-m", "zipfile", "-l", str(wheel)], capture_output=True, text=True, check=True
    ).stdout
    for data in ("generator/clients/templates/package/_runtime/send.py.jinja", "generator/docs/templates/style.css",
                 "generator/starter/spec.yaml", "generator/py.typed"):  # fmt: skip
        assert data in names


@pytest.fixture(scope="module")
def fresh(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv outside the repository with the wheel installed: its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=venv)
    deps = tmp_path_factory.mktemp("deps")
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not EDITABLE.search(entry.name):
            (deps / entry.name).symlink_to(entry)
    (site,) = venv.glob("lib/python3*/site-packages")
    (site / "soundspec_test_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    # the one dependency generation runs as a program: pip would have put its binary here
    (venv / "bin" / "ruff").symlink_to(Path(sysconfig.get_paths()["scripts"]) / "ruff")
    (wheel,) = dist.glob("soundspec-*.whl")
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", venv / "bin" / "python")
    _run(*pip, "install", "--no-deps", "--no-index", wheel, cwd=venv)
    return venv / "bin"


def test_the_installed_wheel_runs_a_new_project_end_to_end(fresh: Path, tmp_path: Path) -> None:
    env = _clean_env()
    where = _run(fresh / "python", "-c", "import generator, sys; print(generator.__file__); print(sys.path)",
                 cwd=tmp_path, env=env)  # fmt: skip
    assert str(ROOT) not in where
    assert str(fresh.parent) in where.splitlines()[0]
    soundspec = fresh / "soundspec"
    assert _run(soundspec, "--version", cwd=tmp_path, env=env).strip() == "soundspec 0.1.0"

    project = tmp_path / "shop"
    project.mkdir()
    _run(soundspec, "init", cwd=project, env=env)
    inner = project / "specs"  # every command finds the project from any folder inside it
    assert "project " + str(project) in _run(soundspec, "validate", cwd=inner, env=env).splitlines()[0]
    _run(soundspec, "generate", cwd=inner, env=env)
    assert (project / "generated" / "clients" / "shop_client" / "shop_client" / "client.py").is_file()
    # besides the outputs, only the cache folder (check's stamp), which keeps itself out of git
    assert sorted(p.name for p in project.iterdir()) == [".soundspec", "generated", "pyproject.toml", "specs"]
    assert (project / ".soundspec" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"

    mock = subprocess.Popen(
        [soundspec, "mock", "shop", "--port", "0", "--credential", "api_key=e2e-key"],
        cwd=inner, env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert mock.stderr is not None
        lines = [mock.stderr.readline(), mock.stderr.readline()]
        serving = re.search(r"serving on (http://127\.0\.0\.1:\d+/v1)", "".join(lines))
        assert serving, lines
        call = (
            "import sys; sys.path.insert(0, 'generated/clients/shop_client')\n"
            "from shop_client import ShopClient, ShopError\n"
            f"client = ShopClient(api_key='e2e-key', base_url={serving.group(1)!r})\n"
            "items = client.items.list_items()\n"
            "print(type(items[0]).__name__, client.items.get_item(items[0].id).name)\n"
            f"wrong = ShopClient(api_key='wrong', base_url={serving.group(1)!r})\n"
            "try:\n    wrong.items.list_items()\nexcept ShopError as err:\n    print(err.status, err.message)\n"
        )
        answer = _run(fresh / "python", "-c", call, cwd=project, env=env)
        assert answer.startswith("Item "), answer
        assert "\n401 Invalid api_key." in answer
    finally:
        mock.terminate()
        mock.wait(timeout=30)
        if mock.stderr is not None:
            mock.stderr.close()

    fuzzed = _run(soundspec, "fuzz", "shop", "--max-examples", "5", cwd=project, env=env)
    assert "2 of 2 operation(s) exercised" in fuzzed
    assert "OK, no failures" in fuzzed
