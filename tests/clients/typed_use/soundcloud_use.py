"""The soundcloud_v1 README's examples as a typed user script: `mypy --strict` passes it with no
cast and no isinstance check on a field the server always sends (test_typed_use runs both)."""

from __future__ import annotations

from dataclasses import dataclass

from soundcloud_v1 import NotFoundError, SoundCloudClient, SoundCloudError
from soundcloud_v1.models import LinkedTracks, Track


@dataclass
class Seen:
    longest: list[tuple[int, int]]
    linked: tuple[int, bool]
    mine: int
    paged: int
    missing: int


def use(client_id: str, access_token: str, base_url: str) -> Seen:
    with SoundCloudClient(client_id=client_id, access_token=access_token, base_url=base_url) as client:
        tracks: list[Track] = client.tracks.list_tracks(limit=5)
        longest = sorted(tracks, key=lambda t: t.duration, reverse=True)
        # `linked_partitioning=1` chooses the linked form: the call is typed by it
        linked: LinkedTracks = client.tracks.list_tracks(limit=2, linked_partitioning=1)
        mine = client.me.list_my_tracks(limit=3)
        paged = sum(1 for track in client.tracks.list_tracks_iter(limit=2) if track.user.username)
        try:
            client.tracks.get_track(999_999_999)
            missing = 0
        except NotFoundError as err:
            missing = err.status
        except SoundCloudError:
            missing = -1
    return Seen(
        longest=[(t.id, t.duration) for t in longest],
        linked=(len(linked.collection), bool(linked.next_href)),
        mine=len(mine),
        paged=paged,
        missing=missing,
    )
