"""The SoundCloud dataset: users, tracks, playlists, comments, groups, apps and relations.

Seeded with the recordings (their users and tracks keep their real ids and values), then
filled with generated rows; deterministic for a seed. Rows are plain dicts in the
`--data DIR` table format (docs/mock.md); writes change them in memory until a reset.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .. import words
from ..compiled import CompiledApi
from ..synth import rng
from .media import read_json
from .soundcloud_examples import documented
from .soundcloud_tables import TABLES
from .tables import Tables, load_tables

_ROWS = ("users", "tracks", "playlists", "comments", "groups", "apps", "web_profiles", "connections")
SERVICES = ("twitter", "facebook_profile", "facebook_page", "tumblr")
DATE = "%Y/%m/%d %H:%M:%S +0000"
LICENSES = ("all-rights-reserved", "cc-by", "cc-by-nc", "cc-by-sa", "cc-by-nd", "cc-by-nc-sa", "no-rights-reserved")
TRACKS = 240  # the generated dataset's size; `size` scales users, comments, playlists and groups with it
CATALOGUE = 100_000  # tracks in `scripts/dataset`'s catalogue-sized dataset
TRACK_TYPES = ("original", "remix", "live", "recording", "demo", "loop", "sample", "podcast")


def _date(r: random.Random, start: datetime = datetime(2009, 1, 1)) -> str:
    span = int((datetime(2015, 6, 1) - start).total_seconds())
    return (start + timedelta(seconds=r.randrange(max(span, 1)))).strftime(DATE)


class Dataset:
    def __init__(
        self, seed: int, recordings: Path | None, data: Path | None, api: CompiledApi, size: int | None = None
    ) -> None:
        self.seed = seed
        self.users: dict[int, dict[str, Any]] = {}
        self.tracks: dict[int, dict[str, Any]] = {}
        self.playlists: dict[int, dict[str, Any]] = {}
        self.comments: dict[int, dict[str, Any]] = {}
        self.groups: dict[int, dict[str, Any]] = {}
        self.apps: dict[int, dict[str, Any]] = {}
        self.web_profiles: dict[int, dict[str, Any]] = {}
        self.connections: dict[int, dict[str, Any]] = {}
        self.followings: set[tuple[int, int]] = set()  # (follower, followed)
        self.favorites: set[tuple[int, int]] = set()  # (user, track)
        own = load_tables(data, TABLES, api)
        if own is not None:
            self._own(own)
        else:
            r = rng(f"soundcloud:{seed}")
            self._seed(recordings, r)
            self._generate(r, size or TRACKS)
            examples = (api.spec.get("components") or {}).get("examples") or {}
            documented(self, examples, rng(f"soundcloud-examples:{seed}"))
        self.recount()
        self.next_id: int = max([1, *(int(i) for name in _ROWS for i in getattr(self, name))]) + 1

    @property
    def default_user(self) -> int:
        """The user of the mock's own access token: Jxnblk of the recordings when present."""
        return 1561 if 1561 in self.users else min(self.users)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _own(self, own: Tables) -> None:
        for name in _ROWS:
            setattr(self, name, {row["id"]: row for row in own.get(name)})
        self.followings = {(f["follower_id"], f["user_id"]) for f in own.get("followings")}
        self.favorites = {(f["user_id"], f["track_id"]) for f in own.get("favorites")}

    def user_from(self, raw: dict[str, Any], r: random.Random) -> dict[str, Any]:
        user_id = int(raw["id"])
        if user_id in self.users:
            return self.users[user_id]
        first = words.pick(r, words.FIRST_NAMES)
        user = {
            "id": user_id,
            "permalink": raw.get("permalink") or words.slug(raw.get("username", "user")),
            "username": raw.get("username") or first,
            "avatar_url": raw.get("avatar_url"),
            "country": words.pick(r, words.COUNTRIES),
            "first_name": first,
            "last_name": words.pick(r, words.LAST_NAMES),
            "city": words.pick(r, words.PLACES),
            "description": words.description(r) if r.random() < 0.6 else None,
            "discogs_name": None,
            "myspace_name": None,
            "website": None,
            "website_title": None,
            "online": False,
            "plan": r.choice(("Free", "Free", "Pro Plus", "Pro Unlimited")),
            "last_modified": _date(r),
            "created_at": _date(r),
        }
        user["full_name"] = f"{user['first_name']} {user['last_name']}".strip()
        user.update({k: v for k, v in raw.items() if k in user and not isinstance(v, dict)})
        self.users[user_id] = user
        return user

    def track_from(self, raw: dict[str, Any], r: random.Random) -> None:
        user = self.user_from(raw.get("user") or {"id": raw["user_id"]}, r)
        track = self.fake_track(int(raw["id"]), user["id"], r)
        track.update({k: v for k, v in raw.items() if k in track and not isinstance(v, dict)})
        track["tag_list"] = raw.get("tag_list", track["tag_list"])
        self.tracks[track["id"]] = track

    def _seed(self, folder: Path | None, r: random.Random) -> None:
        files = sorted(folder.glob("*.json")) if folder and folder.is_dir() else []
        for path in files:
            body = read_json(path)
            items = body if isinstance(body, list) else [body]
            for item in items:
                if not isinstance(item, dict) or not isinstance(item.get("id"), int):
                    continue
                if "stream_url" in item or item.get("kind") == "track":
                    self.track_from(item, r)
                elif item.get("kind") == "user" or "followers_count" in item:
                    self.user_from(item, r)

    def fake_track(self, track_id: int, user_id: int, r: random.Random) -> dict[str, Any]:
        title = words.title(r)
        downloadable = r.random() < 0.3
        return {
            "id": track_id,
            "user_id": user_id,
            "created_at": _date(r),
            "duration": r.randrange(4000, 600000),
            "commentable": True,
            "state": "finished",
            "original_content_size": r.randrange(200_000, 40_000_000),
            "sharing": "private" if r.random() < 0.1 else "public",
            "tag_list": " ".join(words.tags(r, 1, 4)),
            "permalink": words.slug(title),
            "streamable": True,
            "embeddable_by": "all",
            "downloadable": downloadable,
            "purchase_url": None,
            "label_id": None,
            "purchase_title": None,
            "genre": words.pick(r, words.GENRES),
            "title": title,
            "description": words.description(r),
            "label_name": None,
            "release": None,
            "track_type": r.choice(TRACK_TYPES),
            "key_signature": None,
            "isrc": None,
            "video_url": None,
            "bpm": round(r.uniform(70, 175), 1) if r.random() < 0.5 else None,
            "release_year": None,
            "release_month": None,
            "release_day": None,
            "original_format": r.choice(("wav", "mp3", "aiff", "flac")),
            "license": r.choice(LICENSES),
            "playback_count": r.randrange(0, 90000),
            "download_count": 0,
            "favoritings_count": 0,
            "comment_count": 0,
            "secret_token": f"s-{r.randrange(16**5):05x}",
            "waveform_key": f"{r.randrange(16**12):012x}",
            "created_with": None,
        }

    def _generate(self, r: random.Random, tracks: int) -> None:
        def scaled(count: int) -> int:
            return max(count, count * tracks // TRACKS)

        users = scaled(30)
        for app_id, name in ((124, "SoundCloud iOS"), (46941, "soundspec mock app"), (3151, "Ableton Live")):
            self.apps[app_id] = {"id": app_id, "name": name, "creator": "soundcloud", "permalink": words.slug(name)}
        while len(self.users) < users:
            handle = words.handle(r)
            self.user_from({"id": r.randrange(10_000, 90_000_000), "username": handle, "permalink": handle}, r)
        user_ids = sorted(self.users)
        while len(self.tracks) < tracks:
            track_id = r.randrange(1_000_000, 200_000_000)
            if track_id not in self.tracks:
                track = self.fake_track(track_id, r.choice(user_ids), r)
                track["created_with"] = r.choice([None, *self.apps])
                self.tracks[track_id] = track
        track_ids = sorted(self.tracks)
        for user_id in user_ids:
            for other in r.sample(user_ids, r.randrange(0, 8)):
                if other != user_id:
                    self.followings.add((user_id, other))
            for track_id in r.sample(track_ids, r.randrange(0, 10)):
                self.favorites.add((user_id, track_id))
        for _ in range(scaled(400)):
            comment_id = r.randrange(10_000_000, 300_000_000)
            self.comments[comment_id] = {
                "id": comment_id,
                "track_id": r.choice(track_ids),
                "user_id": r.choice(user_ids),
                "created_at": _date(r),
                "body": r.choice(("Great sound!", "love the texture", "where was this recorded?", "nice loop", "+1")),
                "timestamp": r.choice([None, r.randrange(0, 60000)]),
            }
        by_owner: dict[int, list[int]] = {}
        for track_id in track_ids:
            by_owner.setdefault(self.tracks[track_id]["user_id"], []).append(track_id)
        for _ in range(scaled(25)):
            owner = r.choice(user_ids)
            own = by_owner.get(owner) or r.sample(track_ids, 3)
            playlist_id = r.randrange(100_000, 90_000_000)
            title = (
                f"{words.pick(r, words.ADJECTIVES).capitalize()} {r.choice(('sessions', 'tapes', 'sketches', 'mix'))}"
            )
            self.playlists[playlist_id] = {
                "id": playlist_id,
                "user_id": owner,
                "title": title,
                "permalink": words.slug(title),
                "created_at": _date(r),
                "sharing": "public",
                "description": words.description(r),
                "tracks": own[:12],
                "playlist_type": r.choice(("album", "ep single", "compilation", "")),
                "genre": words.pick(r, words.GENRES),
                "secret_token": f"s-{r.randrange(16**5):05x}",
            }
        for _ in range(scaled(8)):
            group_id = r.randrange(1, 200_000)
            name = f"{words.pick(r, words.GENRES)} {r.choice(('lovers', 'collective', 'producers', 'club'))}"
            members = r.sample(user_ids, r.randrange(2, 10))
            self.groups[group_id] = {
                "id": group_id,
                "name": name,
                "permalink": words.slug(name),
                "created_at": _date(r),
                "description": words.description(r),
                "short_description": name,
                "creator_id": members[0],
                "moderator_ids": members[:1],
                "member_ids": members,
                "track_ids": r.sample(track_ids, 6),
                "pending_ids": r.sample(track_ids, 2),
                "moderated": True,  # contributions wait in pending_tracks
            }
        self._profiles(r, user_ids)
        self.recount()

    def _profiles(self, r: random.Random, user_ids: list[int]) -> None:
        """Links to elsewhere (web profiles) and connected networks, for some users."""
        for user_id in user_ids:
            user = self.users[user_id]
            for _ in range(r.randrange(0, 3)):
                profile_id = r.randrange(1_000, 9_000_000)
                service = r.choice(("personal", "twitter", "facebook", "myspace", "youtube"))
                self.web_profiles[profile_id] = {
                    "id": profile_id, "user_id": user_id, "service": service, "title": user["username"],
                    "url": f"http://{service if service != 'personal' else user['permalink']}.com/{user['permalink']}",
                    "username": user["permalink"] if service != "personal" else None, "created_at": _date(r),
                }  # fmt: skip
            for service in r.sample(SERVICES, r.randrange(0, 3)):
                connection_id = r.randrange(100_000, 9_000_000)
                self.connections[connection_id] = {
                    "id": connection_id, "user_id": user_id, "service": service, "type": service,
                    "display_name": f"{user['username']} on {service.split('_')[0]}", "created_at": _date(r),
                    "post_publish": r.random() < 0.5, "post_favorite": r.random() < 0.3,
                }  # fmt: skip

    def recount(self) -> None:
        favorited = Counter(t for _, t in self.favorites)
        commented = Counter(c["track_id"] for c in self.comments.values())
        for track in self.tracks.values():
            track["favoritings_count"] = favorited[track["id"]]
            track["comment_count"] = commented[track["id"]]

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        tables: dict[str, list[dict[str, Any]]] = {name: list(getattr(self, name).values()) for name in _ROWS}
        tables["followings"] = [{"follower_id": a, "user_id": b} for a, b in sorted(self.followings)]
        tables["favorites"] = [{"user_id": a, "track_id": b} for a, b in sorted(self.favorites)]
        return tables
