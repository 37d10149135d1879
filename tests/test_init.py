"""`soundspec init`, `--version` and finding the project from any folder, run as real processes."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from generator import __version__
from tests.support import FIXTURES

SOUNDSPEC = Path(sys.executable).parent / "soundspec"


def soundspec(*args: str | Path, cwd: Path) -> tuple[int, str, str]:
    done = subprocess.run(
        [SOUNDSPEC, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    return done.returncode, done.stdout, done.stderr


def test_version() -> None:
    assert soundspec("--version", cwd=FIXTURES)[1] == f"soundspec {__version__}\n"


def test_init_writes_a_table_and_a_starter_spec_that_validates(tmp_path: Path) -> None:
    code, out, err = soundspec("init", "My Shop", cwd=tmp_path)
    assert code == 0, err
    assert "next: soundspec validate; soundspec generate; soundspec mock my_shop" in out
    table = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["soundspec"]
    assert table["apis"] == [
        {"name": "my_shop", "spec": "specs/my_shop.yaml", "package": "my_shop_client",
         "output": "generated/clients/my_shop_client", "docs": "generated/docs"}
    ]  # fmt: skip
    spec = (tmp_path / "specs" / "my_shop.yaml").read_text(encoding="utf-8")
    assert "class-name: MyShopClient" in spec
    for quirk in ("x-soundspec-formats", "x-soundspec-dates", "x-soundspec-pagination", "x-soundspec-trailing-slash"):
        assert f"# {quirk}:" in spec  # shown, commented out
    code, out, err = soundspec("validate", cwd=tmp_path / "specs")  # found by walking up
    assert code == 0, out + err
    assert err.splitlines()[0] == f"soundspec: project {tmp_path} (my_shop)"


def test_init_keeps_an_existing_pyproject_and_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mine"\n', encoding="utf-8")
    assert soundspec("init", "--from-spec", FIXTURES / "minimal.yaml", cwd=tmp_path)[0] == 0
    document = tomllib.loads((tmp_path / "pyproject.toml").read_text(encoding="utf-8"))
    assert document["project"] == {"name": "mine"}
    assert document["tool"]["soundspec"]["apis"][0]["name"] == "minimal"
    assert (tmp_path / "specs" / "minimal.yaml").read_bytes() == (FIXTURES / "minimal.yaml").read_bytes()
    before = (tmp_path / "pyproject.toml").read_bytes()
    code, out, err = soundspec("init", "other", cwd=tmp_path)
    assert code == 2
    assert out == ""
    assert err == f"soundspec: error: {tmp_path / 'pyproject.toml'} already has a [tool.soundspec] table: " \
        "add the API to its apis by hand\n"  # fmt: skip
    assert (tmp_path / "pyproject.toml").read_bytes() == before
    assert not (tmp_path / "specs" / "other.yaml").exists()


def test_init_refuses_an_existing_spec_and_a_spec_that_is_not_openapi_31(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "shop.yaml").write_text("mine\n", encoding="utf-8")
    code, _, err = soundspec("init", "shop", cwd=tmp_path)
    assert (code, err.count("\n")) == (2, 1)
    assert "specs/shop.yaml already exists" in err
    assert (tmp_path / "specs" / "shop.yaml").read_text(encoding="utf-8") == "mine\n"
    code, _, err = soundspec("init", "--from-spec", FIXTURES.parent / "specs" / "openapi_30.yaml", cwd=tmp_path)
    assert (code, err.count("\n")) == (2, 1)
    assert "not an OpenAPI 3.1 document" in err
    assert not (tmp_path / "pyproject.toml").exists()


def test_outside_any_project_a_command_says_how_to_start_one(tmp_path: Path) -> None:
    code, out, err = soundspec("generate", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.endswith("or above (soundspec init makes one)\n") and err.count("\n") == 1
