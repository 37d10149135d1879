"""The client README's mock section works as printed: its `base_url=` (the API's base path
included) takes the README's first call to a real mock server, which answers it."""

from __future__ import annotations

import importlib
import re
from urllib.parse import urlsplit

import pytest

from generator.config import ApiConfig, load_project
from generator.mock import MockOptions, create_app
from generator.specs import load_spec
from tests.mock.conftest import Served
from tests.support import ROOT

APIS = load_project(ROOT).apis


def _blocks(readme: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme, re.S)


@pytest.mark.parametrize("api", APIS, ids=[a.name for a in APIS])
def test_the_readme_points_the_client_at_the_mock(api: ApiConfig) -> None:
    readme = (api.output / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Against the mock server", 1)[1].split("\n## ", 1)[0]
    constructor = _blocks(section)[0].strip()
    printed = re.search(r'base_url="([^"]+)"', constructor)
    assert printed, constructor
    spec = load_spec(api.spec)
    server = spec.model.server_url or ""
    assert urlsplit(printed.group(1)).path == urlsplit(server).path.rstrip("/")
    assert f"soundspec mock {api.name}" in section

    first_call = next(line for line in _blocks(readme)[0].splitlines() if line.startswith("result = "))
    quirks = spec.quirks
    arguments = [c.argument for c in quirks.auth.credentials] if quirks.auth else []
    options = MockOptions(credentials={name: ("...",) for name in arguments})
    with Served(create_app(api.name, api.spec, options)) as mock:
        # the README's origin is the mock command's default port; this mock listens on another
        source = constructor.replace(printed.group(1), mock.url + urlsplit(printed.group(1)).path)
        namespace: dict[str, object] = {api.package: importlib.import_module(api.package)}
        try:
            exec(f"from {api.package} import {quirks.class_name}\n{source}\n{first_call}\n", namespace)
        finally:
            client = namespace.get("client")
            if client is not None:
                client.close()  # type: ignore[attr-defined]
    result = namespace["result"]
    assert result is not None and type(result).__module__.startswith(f"{api.package}.models")
