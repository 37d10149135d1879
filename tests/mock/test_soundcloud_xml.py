"""The SoundCloud mock's XML in the shape of the period, against text written from the reference.

The client, the mock and the contract checker share one XML dialect module, so a round trip
cannot tell a wrong shape from a right one. The expected texts below are written by hand from
/work/shared/reference/soundcloud.md §1.2 and its source S1 (the 2010 API wiki: `<tracks
type="array"><track><id type="integer">11</id>...`, `<comments type="array"><comment>`,
`<timestamp type="integer" nil="true">`, dashed names such as `<track-id>`), S20 (a 2012 client
that split `tracks.xml` on `<track>` and `</tracks>`, and activities on `<activity>`), the
recorded track 104286869 and 404 body, and Rails' to_xml booleans (`true`/`false`). Where the
period left no example (the linked page's root, the error envelope) the spec's `xml` objects
decide: the linked page is named after its items' list, and the error items stand in `<errors>`
as Rails wrote them (soundcloud-ruby read `errors.error` from such a body).
"""

from __future__ import annotations

import re

from generator.mock import MockApp
from generator.wire import xml_dialect

from .conftest import SC_CLIENT, SC_TOKEN, call

TRACK = 104286869
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def xml(app: MockApp, path: str) -> tuple[int, str, str]:
    sep = "&" if "?" in path else "?"
    response = call(app, "GET", f"{path}{sep}client_id={SC_CLIENT}")
    return response.status_code, response.headers["content-type"], response.text


def skeleton(text: str, depth: int) -> str:
    """The element structure down to `depth`, deeper content written as `…` (tags kept as sent)."""
    out: list[str] = []
    level = 0
    for token in re.findall(r"<[^>]+>|[^<]+", text.split("?>", 1)[1].strip()):
        if token.startswith("</"):
            level -= 1
            if level < depth:
                out.append(token)
        elif token.startswith("<"):
            if level < depth:
                out.append(token)
            elif out[-1] != "…":
                out.append("…")
            if not token.endswith("/>"):
                level += 1
        elif level <= depth and out[-1] != "…":
            out.append("…")
    return "".join(out)


def test_a_track_list_is_tracks_of_track(soundcloud: MockApp) -> None:
    status, media, text = xml(soundcloud, f"/tracks.xml?ids={TRACK},1&limit=2")
    assert (status, media) == (200, "application/xml; charset=utf-8")
    assert text.startswith(DECLARATION)
    assert skeleton(text, 2) == '<tracks type="array"><track>…</track></tracks>'


def test_a_list_of_two_has_two_track_elements(soundcloud: MockApp) -> None:
    _, _, text = xml(soundcloud, "/tracks.xml?limit=2")
    assert skeleton(text, 2) == '<tracks type="array"><track>…</track><track>…</track></tracks>'


def test_comments_are_comments_of_comment_with_dashed_ids(soundcloud: MockApp) -> None:
    _, _, text = xml(soundcloud, f"/tracks/{TRACK}/comments.xml?limit=1")
    assert skeleton(text, 2) == '<comments type="array"><comment>…</comment></comments>'
    assert f'<track-id type="integer">{TRACK}</track-id>' in text


def test_a_single_track_is_a_track_element_with_typed_fields(soundcloud: MockApp) -> None:
    status, _, text = xml(soundcloud, f"/tracks/{TRACK}.xml")
    assert status == 200
    assert text.startswith(DECLARATION + "<track><kind>track</kind>")
    assert text.endswith("</track>")
    for fragment in (
        f'<id type="integer">{TRACK}</id>',
        '<user-id type="integer">1561</user-id>',
        "<created-at>2013/08/06 18:40:58 +0000</created-at>",
        '<duration type="integer">10058</duration>',
        '<commentable type="boolean">true</commentable>',
        '<streamable type="boolean">true</streamable>',
        '<downloadable type="boolean">false</downloadable>',
        '<original-content-size type="integer">1764044</original-content-size>',
        "<tag-list>Vocal</tag-list>",
        "<embeddable-by>all</embeddable-by>",
        '<purchase-url nil="true" />',
        '<key-signature nil="true" />',
        '<artwork-url nil="true" />',
        "<license>all-rights-reserved</license>",
        '<user><id type="integer">1561</id><kind>user</kind><permalink>jxnblk</permalink>',
    ):
        assert fragment in text, fragment
    # Python's spelling, which a Rails reader takes for false
    assert ">True<" not in text and ">False<" not in text


def test_a_linked_page_names_its_items_after_the_resource(soundcloud: MockApp) -> None:
    _, _, text = xml(soundcloud, f"/tracks.xml?ids={TRACK}&limit=1&linked_partitioning=1")
    assert skeleton(text, 3) == (
        '<tracks><collection type="array"><track>…</track></collection><next-href nil="true" /></tracks>'
    )
    _, _, more = xml(soundcloud, "/tracks.xml?limit=1&linked_partitioning=1")
    assert (
        skeleton(more, 3)
        == '<tracks><collection type="array"><track>…</track></collection><next-href>…</next-href></tracks>'
    )


def test_an_error_is_errors_of_error(soundcloud: MockApp) -> None:
    status, media, text = xml(soundcloud, "/tracks/1.xml")
    assert (status, media) == (404, "application/xml; charset=utf-8")
    assert text == DECLARATION + "<errors><error><error-message>404 - Not Found</error-message></error></errors>"


def test_several_errors_stand_side_by_side_and_read_back_as_the_envelope(soundcloud: MockApp) -> None:
    formats = soundcloud.api.quirks.formats
    assert formats is not None and formats.formats["xml"].xml is not None
    dialect = formats.formats["xml"].xml.as_wire()
    body = (
        DECLARATION + "<errors><error><error-message>Title can't be blank</error-message></error>"
        "<error><error-message>Sharing is invalid</error-message></error></errors>"
    ).encode()
    data = {"errors": [{"error_message": "Title can't be blank"}, {"error_message": "Sharing is invalid"}]}
    assert xml_dialect.decode(body, dialect) == data
    assert xml_dialect.encode(data, dialect, "errors") == body


def test_me_is_a_user_element(soundcloud: MockApp) -> None:
    # the 2010 wiki: "for each resource /users/{user_id}* there is a resource /me*", a `<user>`
    response = call(soundcloud, "GET", f"/me.xml?oauth_token={SC_TOKEN}")
    assert response.status_code == 200
    assert response.text.startswith(DECLARATION + '<user><id type="integer">')
    assert response.text.endswith("</user>")
