"""An enum field takes its member or the member's literal value, checked when the model is built (issue 13)."""

from __future__ import annotations

import json

import pytest

from tests.clients.server import FixtureServer, json_answer
from tests.clients.support import spec_text

PATHS = """
/tracks:
  post:
    operationId: createTrack
    tags: [tracks]
    requestBody:
      required: true
      content:
        application/json:
          schema: {$ref: "#/components/schemas/TrackUpload"}
    responses:
      "201":
        description: Made.
        content:
          application/json:
            schema: {type: object, properties: {id: {type: integer}}}
"""
COMPONENTS = """
schemas:
  TrackUpload:
    type: object
    required: [title, kind]
    properties:
      title: {type: string}
      kind: {type: string, enum: [original, remix]}
      sharing: {type: string, enum: [public, private]}
"""
SPEC = spec_text(PATHS, "", COMPONENTS)


def test_a_literal_value_is_taken_and_sent(fragment, server: FixtureServer) -> None:
    pkg = fragment(SPEC)
    upload = pkg.models.TrackUpload(title="t", kind="remix", sharing="private")
    assert upload.kind is pkg.models.TrackUploadKind.REMIX
    assert upload.sharing is pkg.models.TrackUploadSharing.PRIVATE
    server.on("POST", "/tracks", json_answer({"id": 5}, status=201))
    with pkg.FragmentClient(base_url=server.url) as client:
        assert client.tracks.create_track(body=upload).id == 5
    assert json.loads(server.seen[0].body) == {"title": "t", "kind": "remix", "sharing": "private"}


def test_an_unknown_value_fails_at_construction_naming_the_choices(fragment) -> None:
    pkg = fragment(SPEC)
    with pytest.raises(ValueError, match=r"'privte' is not one of \['private', 'public'\]"):
        pkg.models.TrackUpload(title="t", kind="remix", sharing="privte")
    upload = pkg.models.TrackUpload(title="t", kind=pkg.models.TrackUploadKind.ORIGINAL)
    assert upload.sharing is pkg.UNSET


FALSY_PATHS = """
/image:
  get:
    operationId: getImage
    tags: [images]
    responses:
      "200":
        description: An image.
        content:
          application/json:
            schema:
              type: object
              required: [size, rank]
              properties:
                size: {type: string, enum: [small, ""]}
                rank: {type: integer, enum: [0, 1]}
"""


@pytest.mark.parametrize(("size", "rank"), [("", 0), ("small", 1)])
def test_a_listed_member_that_is_falsy_reads_as_itself(fragment, server: FixtureServer, size: str, rank: int) -> None:
    """A member valued "" or 0 is listed like any other (Last.fm's sixth image has size "")."""
    pkg = fragment(spec_text(FALSY_PATHS, "", "schemas: {}"))
    server.on("GET", "/image", json_answer({"size": size, "rank": rank}))
    with pkg.FragmentClient(base_url=server.url, strict=True) as client:
        image = client.images.get_image()
    assert (image.size, image.rank) == (size, rank)
    assert image.size is pkg.models.GetImageResponse200Size(size) and image.deviations == ()
