"""soundcloud_v1 reads the period's XML shape and JSONP from the served mock (real HTTP)."""

from __future__ import annotations

import pytest
from soundcloud_v1 import NotFoundError, SoundCloudClient
from soundcloud_v1.models import LinkedTracks

from generator.mock.apis.soundcloud_oauth import CLIENT_ID
from tests.clients.support import ServedApp


def public(mock: ServedApp) -> SoundCloudClient:
    return SoundCloudClient(client_id=CLIENT_ID, base_url=mock.url)


def test_an_xml_error_of_errors_and_error_elements_gives_its_message(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client, pytest.raises(NotFoundError) as caught:
        client.with_options(format="xml").tracks.get_track(1)
    assert caught.value.message == "404 - Not Found"
    assert caught.value.body.errors[0].error_message == "404 - Not Found"


def test_an_xml_linked_page_gives_the_json_page(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client:
        as_json = client.tracks.list_tracks(limit=2, linked_partitioning=1)
        as_xml = client.with_options(format="xml").tracks.list_tracks(limit=2, linked_partitioning=1)
    assert isinstance(as_xml, LinkedTracks) and len(as_xml.collection) == 2
    assert as_xml.collection == as_json.collection
    assert as_xml.collection[0].commentable is as_json.collection[0].commentable
