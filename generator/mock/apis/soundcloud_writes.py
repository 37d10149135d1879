"""SoundCloud's writes: uploads, updates, deletes, comments, follows, favorites, playlists.

Bodies arrive as Rails-style forms (`track[title]`, `playlist[tracks][][id]`) or as JSON with a
wrapper object (`{"playlist": {...}}`); both are read into one attribute dict.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .. import words
from ..exchange import ApiError, Reply, Request, Upload
from ..synth import rng
from .soundcloud_data import DATE

if TYPE_CHECKING:
    from .base import Handler
    from .soundcloud import Api

TRACK_FIELDS = (
    "title",
    "description",
    "sharing",
    "tag_list",
    "permalink",
    "genre",
    "track_type",
    "streamable",
    "downloadable",
    "commentable",
    "embeddable_by",
    "label_name",
    "label_id",
    "release",
    "release_day",
    "release_month",
    "release_year",
    "purchase_url",
    "purchase_title",
    "video_url",
    "isrc",
    "key_signature",
    "bpm",
    "license",
)
USER_FIELDS = (
    "username",
    "full_name",
    "description",
    "city",
    "country",
    "permalink",
    "discogs_name",
    "myspace_name",
    "website",
    "website_title",
)
OK = {"status": "200 - OK"}
CREATED = {"status": "201 - Created"}


def attrs(body: Any, prefix: str) -> dict[str, Any]:
    """`{"track": {...}}` or `track[title]=...` -> {"title": ...}; `playlist[tracks][][id]` -> tracks."""
    if not isinstance(body, dict):
        return {}
    if isinstance(body.get(prefix), dict):
        return dict(body[prefix])
    out: dict[str, Any] = {}
    for key, value in body.items():
        if not key.startswith(prefix + "["):
            continue
        name, _, tail = key[len(prefix) + 1 :].partition("]")
        items = value if isinstance(value, list) else [value]
        out[name] = [{"id": v} for v in items] if tail == "[][id]" else value
    return out


def share(track: dict[str, Any], fields: dict[str, Any]) -> None:
    """`track[shared_to][emails][][address]`: the addresses a private track is shared with (added to)."""
    sent = fields.get("shared_to")
    addresses = [str(a) for a in (sent if isinstance(sent, list) else [sent])] if sent is not None else []
    if addresses:
        track["shared_to_emails"] = list(dict.fromkeys([*(track.get("shared_to_emails") or ()), *addresses]))


def now() -> str:
    return datetime.now(UTC).strftime(DATE)


class Writes:
    def __init__(self, api: Api) -> None:
        self.api = api

    def handlers(self) -> dict[str, Handler]:
        return {
            "uploadTrack": self.upload,
            "updateTrack": self.update_track,
            "deleteTrack": self.delete_track,
            "createTrackComment": self.comment,
            "deleteTrackComment": self.delete_comment,
            "deleteComment": self.delete_comment,
            "updateMe": self.update_me,
            "followUser": self.follow,
            "unfollowUser": self.unfollow,
            "favoriteTrack": self.favorite,
            "unfavoriteTrack": self.unfavorite,
            "createPlaylist": self.create_playlist,
            "updatePlaylist": self.update_playlist,
            "deletePlaylist": self.delete_playlist,
        }

    def owned_track(self, request: Request) -> dict[str, Any]:
        track = self.api.track(request)
        if track["user_id"] != self.api.me(request)["id"]:
            raise ApiError(403, "Forbidden")
        return track

    def check_post_to(self, fields: dict[str, Any], user_id: int) -> None:
        """`track[post_to][][id]` names connections of the uploader's; another id is not found [I]."""
        mine = {c["id"] for c in self.api.data.connections.values() if c["user_id"] == user_id}
        if any((t.get("id") if isinstance(t, dict) else t) not in mine for t in fields.get("post_to") or ()):
            raise ApiError(404, "Not Found")

    def changed(self) -> None:
        self.api.version += 1
        self.api.data.recount()

    def upload(self, request: Request) -> Reply:
        me = self.api.me(request)
        fields = attrs(request.body, "track")
        asset = fields.get("asset_data")
        if not isinstance(asset, Upload) or not fields.get("title"):
            raise ApiError(422, "Unprocessable Entity")
        self.check_post_to(fields, me["id"])
        track_id = self.api.data.new_id()
        track = self.api.data.fake_track(track_id, me["id"], rng(f"upload:{track_id}"))
        track.update(
            created_at=now(),
            state="processing",
            original_content_size=len(asset.data),
            duration=0,
            original_format=asset.filename.rsplit(".", 1)[-1].lower() if "." in asset.filename else "unknown",
            playback_count=0,
            tag_list="",
            description="",
            genre=None,
            track_type=None,
            bpm=None,
            sharing="public",
            created_with=None,
        )
        track.update({k: v for k, v in fields.items() if k in TRACK_FIELDS})
        share(track, fields)
        track["permalink"] = words.slug(str(fields.get("permalink") or track["title"]))
        self.api.data.tracks[track_id] = track
        self.changed()
        return Reply(status=201, body=self.api.views(request).track(track))

    def update_track(self, request: Request) -> Reply:
        track = self.owned_track(request)
        fields = attrs(request.body, "track")
        self.check_post_to(fields, track["user_id"])
        track.update({k: v for k, v in fields.items() if k in TRACK_FIELDS})
        share(track, fields)
        track["permalink"] = words.slug(str(track["permalink"]))
        track["last_modified"] = now()
        self.changed()
        return Reply(body=self.api.views(request).track(track))

    def delete_track(self, request: Request) -> Reply:
        track = self.owned_track(request)
        del self.api.data.tracks[track["id"]]
        self.api.data.favorites = {(u, t) for u, t in self.api.data.favorites if t != track["id"]}
        self.changed()
        return Reply(body=OK)

    def comment(self, request: Request) -> Reply:
        me = self.api.me(request)
        track = self.api.track(request)
        fields = attrs(request.body, "comment")
        if not fields.get("body"):
            raise ApiError(422, "Unprocessable Entity")
        if not track["commentable"]:
            raise ApiError(403, "Forbidden")  # the owner turned comments off [I]
        comment_id = self.api.data.new_id()
        self.api.data.comments[comment_id] = {
            "id": comment_id,
            "track_id": track["id"],
            "user_id": me["id"],
            "created_at": now(),
            "body": str(fields["body"]),
            "timestamp": fields.get("timestamp"),
        }
        self.changed()
        return Reply(status=201, body=self.api.views(request).comment(self.api.data.comments[comment_id]))

    def delete_comment(self, request: Request) -> Reply:
        me = self.api.me(request)
        comment = self.api.data.comments.get(request.path_params["comment_id"])
        if comment is None or (
            "track_id" in request.path_params and comment["track_id"] != request.path_params["track_id"]
        ):
            raise ApiError(404, "Not Found")
        if me["id"] not in (comment["user_id"], self.api.data.tracks.get(comment["track_id"], {}).get("user_id")):
            raise ApiError(403, "Forbidden")
        del self.api.data.comments[comment["id"]]
        self.changed()
        return Reply(body=OK)

    def update_me(self, request: Request) -> Reply:
        me = self.api.me(request)
        me.update({k: v for k, v in attrs(request.body, "user").items() if k in USER_FIELDS})
        me["permalink"] = words.slug(str(me["permalink"]))
        me["last_modified"] = now()
        self.changed()
        return Reply(body=self.api.views(request).me(me))

    def follow(self, request: Request) -> Reply:
        me, other = self.api.me(request), request.path_params["user_id"]
        if other not in self.api.data.users:
            raise ApiError(404, "Not Found")
        if (me["id"], other) in self.api.data.followings:
            return Reply(body=OK)
        self.api.data.followings.add((me["id"], other))
        self.changed()
        return Reply(status=201, body=self.api.views(request).user(self.api.data.users[other]))

    def unfollow(self, request: Request) -> Reply:
        pair = (self.api.me(request)["id"], request.path_params["user_id"])
        if pair not in self.api.data.followings:
            raise ApiError(404, "Not Found")
        self.api.data.followings.discard(pair)
        self.changed()
        return Reply(body=OK)

    def favorite(self, request: Request) -> Reply:
        pair = (self.api.me(request)["id"], self.api.track(request)["id"])
        if pair in self.api.data.favorites:
            return Reply(body=OK)
        self.api.data.favorites.add(pair)
        self.changed()
        return Reply(status=201, body=CREATED)

    def unfavorite(self, request: Request) -> Reply:
        pair = (self.api.me(request)["id"], request.path_params["track_id"])
        if pair not in self.api.data.favorites:
            raise ApiError(404, "Not Found")
        self.api.data.favorites.discard(pair)
        self.changed()
        return Reply(body=OK)

    def playlist_fields(self, request: Request, playlist: dict[str, Any]) -> None:
        fields = attrs(request.body, "playlist")
        for key in ("title", "sharing", "description", "tag_list", "genre", "playlist_type"):
            if key in fields:
                playlist[key] = fields[key]
        if "tracks" in fields:
            ids = [t.get("id") if isinstance(t, dict) else t for t in fields["tracks"] or ()]
            if any(t not in self.api.data.tracks for t in ids):  # as Rails' find of the ids: not found [I]
                raise ApiError(404, "Not Found")
            playlist["tracks"] = ids

    def create_playlist(self, request: Request) -> Reply:
        me = self.api.me(request)
        playlist_id = self.api.data.new_id()
        title = str(attrs(request.body, "playlist").get("title") or "")
        if not title:
            raise ApiError(422, "Unprocessable Entity")
        playlist = {
            "id": playlist_id,
            "user_id": me["id"],
            "title": title,
            "permalink": words.slug(title),
            "created_at": now(),
            "sharing": "public",
            "description": "",
            "tracks": [],
            "playlist_type": "",
            "genre": None,
            "secret_token": f"s-{playlist_id % 16**5:05x}",
        }
        self.playlist_fields(request, playlist)
        self.api.data.playlists[playlist_id] = playlist
        self.changed()
        return Reply(status=201, body=self.api.views(request).playlist(playlist))

    def owned_playlist(self, request: Request) -> dict[str, Any]:
        return self.api.owned(request, self.api.data.playlists, "playlist_id")

    def update_playlist(self, request: Request) -> Reply:
        playlist = self.owned_playlist(request)
        self.playlist_fields(request, playlist)
        self.changed()
        return Reply(body=self.api.views(request).playlist(playlist))

    def delete_playlist(self, request: Request) -> Reply:
        del self.api.data.playlists[self.owned_playlist(request)["id"]]
        self.changed()
        return Reply(body=OK)
