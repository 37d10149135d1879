"""SoundCloud's web profiles (links to a user's pages elsewhere) and connections (linked networks).

Both belong to one user: anyone lists a user's web profiles, only the owner adds or removes
them; connections are the token user's own (`/me/connections`), and their ids are what
`track[post_to][][id]` names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..exchange import ApiError, Reply, Request
from .soundcloud_views import page
from .soundcloud_writes import OK, attrs, now

if TYPE_CHECKING:
    from .base import Handler
    from .soundcloud import Api


class Profiles:
    def __init__(self, api: Api) -> None:
        self.api = api

    def handlers(self) -> dict[str, Handler]:
        return {
            "listUserWebProfiles": self.web_profiles,
            "listMyWebProfiles": self.web_profiles,
            "createWebProfile": self.create,
            "deleteWebProfile": self.delete,
            "listConnections": self.connections,
            "getConnection": self.connection,
        }

    def web_profiles(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        rows = sorted((p for p in self.api.data.web_profiles.values() if p["user_id"] == user["id"]), key=_id)
        return page(request, rows, self.api.views(request).web_profile)

    def create(self, request: Request) -> Reply:
        me = self.api.me(request)["id"]
        fields = attrs(request.body, "web-profile")
        if not fields.get("url"):
            raise ApiError(422, "Unprocessable Entity")
        profile_id = self.api.data.new_id()
        profile = {
            "id": profile_id, "user_id": me, "service": str(fields.get("service") or "personal"),
            "title": fields.get("title"), "url": str(fields["url"]), "username": None, "created_at": now(),
        }  # fmt: skip
        self.api.data.web_profiles[profile_id] = profile
        self.api.version += 1
        return Reply(status=201, body=self.api.views(request).web_profile(profile))

    def delete(self, request: Request) -> Reply:
        profile = self.api.data.web_profiles.get(request.path_params["web_profile_id"])
        if profile is None or profile["user_id"] != self.api.me(request)["id"]:
            raise ApiError(404, "Not Found")  # someone else's profile is hidden, as private items are
        del self.api.data.web_profiles[profile["id"]]
        self.api.version += 1
        return Reply(body=OK)

    def mine(self, request: Request) -> list[dict[str, Any]]:
        me = self.api.me(request)["id"]
        return sorted((c for c in self.api.data.connections.values() if c["user_id"] == me), key=_id)

    def connections(self, request: Request) -> Reply:
        return page(request, self.mine(request), self.api.views(request).connection)

    def connection(self, request: Request) -> Reply:
        found = [c for c in self.mine(request) if c["id"] == request.path_params["connection_id"]]
        if not found:
            raise ApiError(404, "Not Found")
        return Reply(body=self.api.views(request).connection(found[0]))


def _id(row: dict[str, Any]) -> int:
    return int(row["id"])
