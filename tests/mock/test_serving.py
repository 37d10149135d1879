"""`soundspec mock` as people start it, and the mock over real HTTP (uvicorn on 127.0.0.1)."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

from .conftest import FS_KEY, ROOT, Served, launched


def test_soundspec_mock_serves() -> None:
    started = time.perf_counter()
    with launched("freesound", "--seed", "3") as base:
        response = httpx.get(f"{base}/sounds/18763/", params={"api_key": FS_KEY})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200 and response.json()["id"] == 18763
    # recorded for the report, not asserted (speed is the benchmark's business)
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "mock-startup.txt").write_text(f"first answer after {elapsed:.3f}s\n")


def test_unknown_api_is_a_usage_error() -> None:
    command = [sys.executable, "-m", "generator.cli", "mock", "nosuch", "--port", "0"]
    result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "unknown API nosuch" in result.stderr


def test_real_http_freesound(served_freesound: Served) -> None:
    base = f"{served_freesound.url}/api"
    with httpx.Client() as client:
        first = client.get(f"{base}/sounds/search/", params={"api_key": FS_KEY, "sounds_per_page": 5})
        page = first.json()
        assert first.status_code == 200 and len(page["sounds"]) == 5 and page["num_pages"] > 1
        # links point back at the mock, without credentials: the caller adds its key again
        assert page["next"].startswith(f"{base}/sounds/search/?") and "api_key" not in page["next"]
        second = client.get(f"{page['next']}&api_key={FS_KEY}").json()
        assert {s["id"] for s in second["sounds"]}.isdisjoint({s["id"] for s in page["sounds"]})
        sound = client.get(page["sounds"][0]["ref"], params={"api_key": FS_KEY}).json()
        owner = client.get(sound["user"]["ref"], params={"api_key": FS_KEY}).json()
        assert owner["username"] == sound["user"]["username"]
        preview = client.get(sound["preview-hq-mp3"])
        assert preview.status_code == 200 and preview.headers["content-type"] == "audio/mpeg"
        redirect = client.get(f"{base}/sounds/{sound['id']}", params={"api_key": FS_KEY})
        assert redirect.status_code == 301
        assert redirect.headers["location"] == f"{base}/sounds/{sound['id']}/?api_key={FS_KEY}"  # absolute


def test_reset_endpoint(served_soundcloud: Served) -> None:
    token = {"oauth_token": "1-1561-mock-access-token"}
    with httpx.Client(base_url=served_soundcloud.url) as client:
        assert client.delete("/tracks/104286869", params=token).status_code == 200
        assert client.get("/tracks/104286869", params=token).status_code == 404
        assert client.post("/_mock/reset").json() == {"status": "reset"}
        assert client.get("/tracks/104286869", params=token).status_code == 200


def _helps() -> dict[str, str]:
    """`soundspec <command> --help` of every command, as the CLI renders it, at a width that wraps nothing."""
    import importlib

    import typer
    from typer.testing import CliRunner

    from generator.cli import app, run

    packages = typer.Typer(rich_markup_mode=app.rich_markup_mode)
    for module in ("generator.contract.commands", "generator.mock.commands", "generator.docs.commands"):
        importlib.import_module(module).register(packages, run)
    runner = CliRunner()
    out = {}
    for group in (app, packages):
        for name in typer.main.get_command(group).commands:  # type: ignore[attr-defined]
            result = runner.invoke(group, [name, "--help"], env={"COLUMNS": "200"})
            assert result.exit_code == 0, result.output
            out[name] = result.stdout
    return out


def test_help_shows_the_config_table_name() -> None:
    # rich markup took `[tool.soundspec]` for a tag and printed "API name from , e.g. freesound"
    helps = _helps()
    assert "API name from [tool.soundspec], e.g. freesound" in helps["mock"]
    naming = [name for name, text in helps.items() if "[tool.soundspec]" in text]
    assert {"mock", "validate", "generate", "check", "docs"} <= set(naming)
    for name, text in helps.items():
        assert "from ," not in text and "from ;" not in text and "from  " not in text, (name, text)
