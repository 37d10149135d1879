"""SoundCloud's private sharing: secret tokens of tracks and playlists, and whom a track is shared with.

Both are the owner's business: another user gets 403, an unknown item 404. A track is shared with
email addresses through `track[shared_to][emails][][address]` on upload or update.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..exchange import Reply, Request
from ..synth import rng

if TYPE_CHECKING:
    from .base import Handler
    from .soundcloud import Api


class Sharing:
    def __init__(self, api: Api) -> None:
        self.api = api

    def handlers(self) -> dict[str, Handler]:
        return {
            "getTrackSecretToken": self.secret_token, "resetTrackSecretToken": self.secret_token,
            "getPlaylistSecretToken": self.secret_token, "resetPlaylistSecretToken": self.secret_token,
            "getTrackSharedTo": self.shared_to, "listTrackSharedToUsers": self.shared_users,
            "listTrackSharedToEmails": self.shared_emails,
        }  # fmt: skip

    def owned(self, request: Request, kind: str) -> dict[str, Any]:
        if kind == "tracks":
            return self.api.owned(request, self.api.data.tracks, "track_id")
        return self.api.owned(request, self.api.data.playlists, "playlist_id")

    def secret_token(self, request: Request) -> Reply:
        kind = "tracks" if "track_id" in request.path_params else "playlists"
        item = self.owned(request, kind)
        if request.method == "PUT":
            seed = f"{item['id']}:{item['secret_token']}"
            item["secret_token"] = f"s-{rng(seed).randrange(16**5):05x}"
            self.api.version += 1
        uri = f"{self.api.views(request).api}/{kind}/{item['id']}"
        body = {
            "kind": "secret-token",
            "token": item["secret_token"],
            "uri": f"{uri}/secret-token",
            "resource_uri": uri,
        }
        return Reply(body=body)

    def _users(self, request: Request, track: dict[str, Any]) -> list[dict[str, Any]]:
        users = self.api.data.users
        views = self.api.views(request)
        return [views.mini_user(users[u]) for u in track.get("shared_to_user_ids") or () if u in users]

    def _emails(self, track: dict[str, Any]) -> list[dict[str, str]]:
        return [{"address": a} for a in track.get("shared_to_emails") or ()]

    def shared_to(self, request: Request) -> Reply:
        track = self.owned(request, "tracks")
        return Reply(body={"users": self._users(request, track), "emails": self._emails(track)})

    def shared_users(self, request: Request) -> Reply:
        return Reply(body=self._users(request, self.owned(request, "tracks")))

    def shared_emails(self, request: Request) -> Reply:
        return Reply(body=self._emails(self.owned(request, "tracks")))
