"""soundcloud_v1 reads the period's XML shape and JSONP from the served mock (real HTTP)."""

from __future__ import annotations

import httpx
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


def test_the_js_format_with_a_callback_gives_the_json_models(soundcloud_mock: ServedApp) -> None:
    with public(soundcloud_mock) as client:
        jsonp = client.with_options(format="js", jsonp_callback="SC.cb1")
        tracks = client.tracks.list_tracks(limit=2)
        assert jsonp.tracks.list_tracks(limit=2) == tracks
        assert jsonp.tracks.get_track(tracks[0].id) == tracks[0]
        url = "http://soundcloud.com/jxnblk/plangular"
        assert jsonp.oembed.get_oembed(url=url) == client.oembed.get_oembed(url=url)
        with pytest.raises(NotFoundError) as caught:
            jsonp.tracks.get_track(1)
    assert caught.value.message == "404 - Not Found"


class Recording(httpx.HTTPTransport):
    """The real transport, keeping each answer as it came over the wire."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        self.seen.append((request, response))
        return response


def test_the_js_format_goes_as_the_spec_selects_it_and_comes_back_as_javascript(soundcloud_mock: ServedApp) -> None:
    wire = Recording()
    with SoundCloudClient(client_id=CLIENT_ID, base_url=soundcloud_mock.url, transport=wire) as client:
        assert client.with_options(format="js", jsonp_callback="cb").tracks.list_tracks(limit=1)
    request, response = wire.seen[-1]
    # the spec's first selection is the path suffix (`/tracks.js`), which the SDK's URLs used too
    assert request.url.path == "/tracks.js" and request.url.params["callback"] == "cb"
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.text.startswith("/**/cb([")


def test_an_xml_answer_with_another_root_element_is_not_read_as_this_one(server) -> None:
    """SoundCloud's XML names its root after the answer (<track>): a <user> (or an HTML page) is not a track."""
    from soundcloud_v1 import ResponseDecodeError

    from tests.clients.server import text_answer

    server.on("GET", "/tracks/7.xml", text_answer("<user><id type='integer'>7</id></user>", "application/xml"))
    with (
        SoundCloudClient(client_id=CLIENT_ID, base_url=server.url) as client,
        pytest.raises(ResponseDecodeError, match="expected root element <track>, got <user>"),
    ):
        client.with_options(format="xml").tracks.get_track(7)
    server.on("GET", "/tracks/7.xml", text_answer("<track><id type='integer'>7</id></track>", "application/xml"))
    with SoundCloudClient(client_id=CLIENT_ID, base_url=server.url) as client:
        assert client.with_options(format="xml", strict=False).tracks.get_track(7).id == 7
