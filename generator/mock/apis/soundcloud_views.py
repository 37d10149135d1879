"""SoundCloud's JSON shapes, the /tracks filters and offset/limit pagination with next_href."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from ..exchange import ApiError, Reply, Request
from .soundcloud_data import DATE, Dataset

WEB = "http://soundcloud.com"
_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Views:
    data: Dataset
    api: str  # the API base: https://api.soundcloud.com or the mock's own
    viewer: int | None  # the user a token belongs to

    def mini_user(self, user: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": user["id"],
            "kind": "user",
            "permalink": user["permalink"],
            "username": user["username"],
            "last_modified": user.get("last_modified"),
            "uri": f"{self.api}/users/{user['id']}",
            "permalink_url": f"{WEB}/{user['permalink']}",
            "avatar_url": user.get("avatar_url") or f"http://i1.sndcdn.com/avatars-{user['id']:012d}-large.jpg",
        }

    def user(self, user: dict[str, Any]) -> dict[str, Any]:
        uid = user["id"]
        out = self.mini_user(user)
        out.update(
            {
                k: user.get(k)
                for k in (
                    "country",
                    "first_name",
                    "last_name",
                    "full_name",
                    "city",
                    "description",
                    "discogs_name",
                    "myspace_name",
                    "website",
                    "website_title",
                    "online",
                    "plan",
                )
            }
        )
        out.update(
            track_count=sum(1 for t in self.data.tracks.values() if t["user_id"] == uid and t["sharing"] == "public"),
            playlist_count=sum(1 for p in self.data.playlists.values() if p["user_id"] == uid),
            followers_count=sum(1 for _, b in self.data.followings if b == uid),
            followings_count=sum(1 for a, _ in self.data.followings if a == uid),
            public_favorites_count=sum(1 for a, _ in self.data.favorites if a == uid),
        )
        return out

    def me(self, user: dict[str, Any]) -> dict[str, Any]:
        out = self.user(user)
        mine = [t for t in self.data.tracks.values() if t["user_id"] == user["id"]]
        out.update(
            private_tracks_count=sum(1 for t in mine if t["sharing"] == "private"),
            private_playlists_count=0,
            primary_email_confirmed=True,
        )
        return out

    def track(self, track: dict[str, Any]) -> dict[str, Any]:
        tid = track["id"]
        uri = f"{self.api}/tracks/{tid}"
        user = self.data.users[track["user_id"]]
        hidden = {"secret_token", "waveform_key", "created_with", "shared_to_emails", "shared_to_user_ids"}
        out: dict[str, Any] = {"kind": "track"}
        out.update((k, v) for k, v in track.items() if k not in hidden)
        out.update(
            uri=uri,
            user=self.mini_user(user),
            permalink_url=f"{WEB}/{user['permalink']}/{track['permalink']}",
            artwork_url=track.get("artwork_url"),
            waveform_url=f"http://w1.sndcdn.com/{track['waveform_key']}_m.png",
            stream_url=f"{uri}/stream",
            attachments_uri=f"{uri}/attachments",
        )
        if track["downloadable"]:
            out["download_url"] = f"{uri}/download"
        app = self.data.apps.get(track.get("created_with") or -1)
        if app is not None:
            out["created_with"] = self.app(app)
        if track["sharing"] == "private":
            out["secret_uri"] = f"{uri}?secret_token={track['secret_token']}"
            out["shared_to_count"] = len(track.get("shared_to_emails") or ()) + len(
                track.get("shared_to_user_ids") or ()
            )
        if self.viewer is not None:
            out["user_favorite"] = (self.viewer, tid) in self.data.favorites
            out["user_playback_count"] = 0
        return out

    def app(self, app: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": app["id"],
            "kind": "app",
            "name": app["name"],
            "uri": f"{self.api}/apps/{app['id']}",
            "permalink_url": f"{WEB}/apps/{app['permalink']}",
            "external_url": app.get("external_url") or f"{WEB}/apps/{app['permalink']}",
            "creator": app.get("creator", "soundcloud"),
        }

    def playlist(self, playlist: dict[str, Any], representation: str | None = None) -> dict[str, Any]:
        user = self.data.users[playlist["user_id"]]
        tracks = [self.data.tracks[t] for t in playlist["tracks"] if t in self.data.tracks]
        out: dict[str, Any] = {"kind": "playlist"}
        out.update((k, v) for k, v in playlist.items() if k not in ("tracks", "secret_token"))
        out.update(
            duration=sum(t["duration"] for t in tracks),
            track_count=len(tracks),
            tag_list=playlist.get("tag_list", ""),
            streamable=True,
            downloadable=False,
            embeddable_by="all",
            uri=f"{self.api}/playlists/{playlist['id']}",
            permalink_url=f"{WEB}/{user['permalink']}/sets/{playlist['permalink']}",
            user=self.mini_user(user),
            artwork_url=None,
            license="all-rights-reserved",
            type=playlist.get("playlist_type", ""),
        )
        if representation != "compact":
            out["tracks"] = [{"id": t["id"]} if representation == "id" else self.track(t) for t in tracks]
        return out

    def comment(self, comment: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": "comment",
            "id": comment["id"],
            "created_at": comment["created_at"],
            "user_id": comment["user_id"],
            "track_id": comment["track_id"],
            "timestamp": comment.get("timestamp"),
            "body": comment["body"],
            "uri": f"{self.api}/comments/{comment['id']}",
            "user": self.mini_user(self.data.users[comment["user_id"]]),
        }

    def group(self, group: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": "group",
            "id": group["id"],
            "uri": f"{self.api}/groups/{group['id']}",
            "created_at": group["created_at"],
            "permalink": group["permalink"],
            "permalink_url": f"{WEB}/groups/{group['permalink']}",
            "artwork_url": None,
            "name": group["name"],
            "description": group.get("description"),
            "short_description": group.get("short_description"),
            "creator": self.mini_user(self.data.users[group["creator_id"]]),
            "moderated": bool(group.get("moderated", False)),
            "members_count": len(group["member_ids"]),
            "contributors_count": len(self.contributors(group)),
            "track_count": len(group["track_ids"]),
        }

    def contributors(self, group: dict[str, Any]) -> list[int]:
        """The users whose tracks are in the group, in order of first contribution."""
        tracks = (self.data.tracks.get(t) for t in group["track_ids"])
        return list(dict.fromkeys(t["user_id"] for t in tracks if t is not None))

    def web_profile(self, profile: dict[str, Any]) -> dict[str, Any]:
        out = {"kind": "web-profile"}
        out.update((k, v) for k, v in profile.items() if k != "user_id")
        return out

    def connection(self, connection: dict[str, Any]) -> dict[str, Any]:
        out = {"kind": "connection"}
        out.update((k, v) for k, v in connection.items() if k != "user_id")
        out["uri"] = f"{self.api}/connections/{connection['id']}"
        return out


def page(request: Request, rows: list[Any], render: Any) -> Reply:
    """limit/offset (limit 50 by default, at most 200) and, with linked_partitioning, next_href."""
    limit = int(request.query.get("limit") or 50)
    offset = int(request.query.get("offset") or 0)
    shown = [render(row) for row in rows[offset : offset + limit]]
    if not request.query.get("linked_partitioning"):
        return Reply(body=shown)
    next_href = None
    if offset + limit < len(rows):
        query = [(k, v) for k, v in request.raw_query if k not in ("offset", "limit")]
        query += [("limit", str(limit)), ("offset", str(offset + limit))]
        next_href = f"{request.base_url}{own_path(request)}?{urlencode(query)}"
    return Reply(body={"collection": shown, "next_href": next_href})


def own_path(request: Request) -> str:
    """The request's path below the API base: its template filled in, its format suffix kept."""
    path = _PARAM.sub(lambda m: quote(str(request.path_params[m.group(1)]), safe=""), request.op.template)
    return path + (f".{request.suffix}" if request.suffix else "")


def _split(value: Any) -> list[str]:
    return [v.strip().lower() for v in str(value or "").split(",") if v.strip()]


def _when(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise ApiError(400, "created_at range") from None


def filter_tracks(
    request: Request, tracks: list[dict[str, Any]], users: dict[int, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The /tracks filters: q, tags, genres, types, license, ids, bpm/duration/created_at ranges."""
    q = str(request.query.get("q") or "").lower()
    terms = [t.strip('"') for t in q.split()] if '"' not in q else [q.strip('"')]
    tags, genres, types = (
        _split(request.query.get("tags")),
        _split(request.query.get("genres")),
        _split(request.query.get("types")),
    )
    ids = {int(v) for v in _split(request.query.get("ids")) if v.isdigit()}
    out = []
    for track in tracks:
        text = " ".join(
            [
                track["title"],
                track.get("description") or "",
                track["tag_list"],
                track.get("genre") or "",
                users[track["user_id"]]["username"],
            ]
        ).lower()
        if terms and not all(t in text for t in terms):
            continue
        if tags and not set(tags) & set(track["tag_list"].lower().split()):
            continue
        if genres and (track.get("genre") or "").lower() not in genres:
            continue
        if types and (track.get("track_type") or "") not in types:
            continue
        if ids and track["id"] not in ids:
            continue
        if request.query.get("license") and track["license"] != request.query["license"]:
            continue
        if not _ranges(request, track):
            continue
        out.append(track)
    return out


def _ranges(request: Request, track: dict[str, Any]) -> bool:
    for name, value in (("bpm", track.get("bpm")), ("duration", track["duration"])):
        low, high = request.query.get(f"{name}[from]"), request.query.get(f"{name}[to]")
        if low is None and high is None:
            continue
        if value is None or (low is not None and value < float(low)) or (high is not None and value > float(high)):
            return False
    created = datetime.strptime(track["created_at"], DATE)
    low, high = request.query.get("created_at[from]"), request.query.get("created_at[to]")
    return not ((low and created < _when(str(low))) or (high and created > _when(str(high))))
