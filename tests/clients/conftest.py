"""Fixtures of the client tests: scripted servers on 127.0.0.1 and throwaway generated clients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from tests.clients.server import FixtureServer
from tests.clients.support import forget, generate_package


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer() as running:
        yield running


@pytest.fixture
def other_server() -> Iterator[FixtureServer]:
    """A second server: another origin (and, through `Resolving`, another host)."""
    with FixtureServer() as running:
        yield running


@pytest.fixture(scope="session")
def fragment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], ModuleType]]:
    """`fragment(spec_text)`: the generated client package of a small inline spec, imported.

    Generated once per spec text and session: the packages are read-only to the tests.
    """
    made: dict[str, ModuleType] = {}

    def make(text: str) -> ModuleType:
        if text not in made:
            made[text] = generate_package(tmp_path_factory.mktemp("fragment"), text)
        return made[text]

    yield make
    for module in made.values():
        forget(module)
