"""The rows behind the spec's own examples, so that every documented call finds what it names.

The examples of `components/examples` (playlist 405726, comment 23145109, groups 3 and 214302,
connection 313104, web profile 5678) become rows with their ids and values. Resources only `/me`
serves (connections, web profiles) belong to the mock's own user, and so does the moderation of
group 3 (group 214302 is the user's own, as its example's creator says); the pairs below are what
the examples take for granted between the example ids of the path parameters (diplo 16730 and
Jxnblk 1561 follow each other, both favorited Plangular).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import words

if TYPE_CHECKING:
    from .soundcloud_data import Dataset

FOLLOWINGS = ((16730, 1561), (1561, 16730))  # (follower, followed)
FAVORITES = ((16730, 104286869), (1561, 104286869))  # (user, track)
PENDING = {3: (104286869,)}  # group -> tracks waiting for approval (the documented moderation calls)


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict) and isinstance(value.get("id"), int) and isinstance(value.get("kind"), str):
        yield value


def _when(item: dict[str, Any]) -> str:
    return str(item.get("created_at") or "2012/01/01 00:00:00 +0000")


def documented(data: Dataset, examples: dict[str, Any], r: random.Random) -> None:
    """Add the examples' rows (never replacing a recorded one) and the pairs they imply."""
    if not data.users:
        return
    me = data.default_user
    for example in examples.values():
        value = example.get("value") if isinstance(example, dict) else None
        for item in _objects(value):
            adder = _ADDERS.get(item["kind"])
            if adder is not None:
                adder(data, item, me, r)
    for follower, followed in FOLLOWINGS:
        if follower in data.users and followed in data.users:
            data.followings.add((follower, followed))
    for user_id, track_id in FAVORITES:
        if user_id in data.users and track_id in data.tracks:
            data.favorites.add((user_id, track_id))
    for group_id, track_ids in PENDING.items():
        group = data.groups.get(group_id)
        if group is not None:
            group["pending_ids"] = [t for t in track_ids if t in data.tracks]
            group["moderator_ids"] = list(dict.fromkeys([*group["moderator_ids"], me]))
            group["member_ids"] = list(dict.fromkeys([*group["member_ids"], me]))


def _playlist(data: Dataset, item: dict[str, Any], me: int, r: random.Random) -> None:
    user = item.get("user") or {"id": item.get("user_id", me)}
    owner = data.user_from(user, r)["id"]
    data.playlists.setdefault(
        item["id"],
        {
            "id": item["id"], "user_id": owner, "title": str(item.get("title") or "Untitled"),
            "permalink": str(item.get("permalink") or words.slug(str(item.get("title") or ""))),
            "created_at": _when(item), "sharing": item.get("sharing", "public"),
            "description": item.get("description"), "playlist_type": item.get("playlist_type") or "",
            "genre": item.get("genre"), "secret_token": f"s-{r.randrange(16**5):05x}",
            "tracks": [t["id"] for t in item.get("tracks") or () if t.get("id") in data.tracks],
        },
    )  # fmt: skip


def _comment(data: Dataset, item: dict[str, Any], me: int, r: random.Random) -> None:
    if item.get("track_id") not in data.tracks:
        return
    author = data.user_from(item.get("user") or {"id": item.get("user_id", me)}, r)["id"]
    data.comments.setdefault(
        item["id"],
        {
            "id": item["id"], "track_id": item["track_id"], "user_id": author, "created_at": _when(item),
            "body": str(item.get("body") or ""), "timestamp": item.get("timestamp"),
        },
    )  # fmt: skip


def _group(data: Dataset, item: dict[str, Any], me: int, r: random.Random) -> None:
    creator = data.user_from(item.get("creator") or {"id": me}, r)["id"]
    name = str(item.get("name") or "Group")
    data.groups.setdefault(
        item["id"],
        {
            "id": item["id"], "name": name, "permalink": item.get("permalink") or words.slug(name),
            "created_at": _when(item), "description": item.get("description"),
            "short_description": item.get("short_description"), "creator_id": creator, "moderator_ids": [creator],
            "member_ids": [creator], "track_ids": [], "pending_ids": [], "moderated": item.get("moderated", True),
        },
    )  # fmt: skip


def _profile(data: Dataset, item: dict[str, Any], me: int, r: random.Random) -> None:
    keys = ("service", "title", "url", "username")
    row = {"id": item["id"], "user_id": me, "created_at": _when(item), **{k: item.get(k) for k in keys}}
    data.web_profiles.setdefault(item["id"], row)


def _connection(data: Dataset, item: dict[str, Any], me: int, r: random.Random) -> None:
    keys = ("service", "type", "display_name", "post_publish", "post_favorite")
    row = {"id": item["id"], "user_id": me, "created_at": _when(item), **{k: item.get(k) for k in keys}}
    data.connections.setdefault(item["id"], row)


_ADDERS = {
    "playlist": _playlist,
    "comment": _comment,
    "group": _group,
    "web-profile": _profile,
    "connection": _connection,
}
