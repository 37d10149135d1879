"""The real generated clients against the mock servers, served by uvicorn on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.mock import MockOptions, create_app
from tests.clients.support import SPECS, ServedApp


@pytest.fixture(scope="session")
def freesound_mock() -> Iterator[ServedApp]:
    """The Freesound mock, writing the public host into its links as the real server did."""
    with ServedApp(create_app("freesound", SPECS["freesound"], MockOptions(urls="public"))) as served:
        yield served


@pytest.fixture(scope="session")
def freesound_own_urls() -> Iterator[ServedApp]:
    """The Freesound mock as `soundspec mock` runs it: its links point back at itself."""
    with ServedApp(create_app("freesound", SPECS["freesound"])) as served:
        yield served


@pytest.fixture
def soundcloud_mock() -> Iterator[ServedApp]:
    """A SoundCloud mock of the test's own (tests write to it and mint tokens)."""
    with ServedApp(create_app("soundcloud", SPECS["soundcloud"])) as served:
        yield served
