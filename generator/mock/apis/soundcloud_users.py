"""SoundCloud's users: profiles, `/me`, and what relates users to each other and to tracks.

Every `/users/{user_id}/...` read has a `/me/...` twin that reads the token user; a relation
(following, follower, favorite) answers the other side when it holds and 404 when it does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..exchange import ApiError, Reply, Request
from .soundcloud_views import page

if TYPE_CHECKING:
    from .base import Handler
    from .soundcloud import Api


class Users:
    def __init__(self, api: Api) -> None:
        self.api = api

    def handlers(self) -> dict[str, Handler]:
        return {
            "listUsers": self.list_users, "getUser": self.get_user, "getMe": self.get_me,
            "listUserTracks": self.user_tracks, "listMyTracks": self.user_tracks,
            "listUserPlaylists": self.user_playlists, "listMyPlaylists": self.user_playlists,
            "listUserFollowings": self.followings, "listMyFollowings": self.followings,
            "listUserFollowers": self.followers, "listMyFollowers": self.followers,
            "listUserComments": self.user_comments, "listMyComments": self.user_comments,
            "listUserFavorites": self.user_favorites, "listMyFavorites": self.user_favorites,
            "getUserFollowing": self.following, "getMyFollowing": self.following,
            "getUserFollower": self.follower, "getMyFollower": self.follower,
            "getUserFavorite": self.favorite, "getMyFavorite": self.favorite,
        }  # fmt: skip

    def list_users(self, request: Request) -> Reply:
        q = str(request.query.get("q") or "").lower()
        ids = {int(v) for v in str(request.query.get("ids") or "").split(",") if v.strip().isdigit()}
        rows = [u for u in sorted(self.api.data.users.values(), key=lambda u: u["id"]) if not ids or u["id"] in ids]
        rows = [u for u in rows if not q or q in f"{u['username']} {u['full_name']} {u['permalink']}".lower()]
        return page(request, rows, self.api.views(request).user)

    def get_user(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        return Reply(body=self.api.views(request).user(user), cache_key=("user", user["id"]))

    def get_me(self, request: Request) -> Reply:
        return Reply(body=self.api.views(request).me(self.api.me(request)))

    def user_tracks(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        rows = self.api.public(request, (t for t in self.api.data.tracks.values() if t["user_id"] == user["id"]))
        return page(request, rows, self.api.views(request).track)

    def user_playlists(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        rows = [p for p in self.api.data.playlists.values() if p["user_id"] == user["id"]]
        return page(request, rows, self.api.views(request).playlist)

    def followings(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        rows = [
            self.api.data.users[b]
            for a, b in sorted(self.api.data.followings)
            if a == user["id"] and b in self.api.data.users
        ]
        return page(request, rows, self.api.views(request).user)

    def followers(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        rows = [
            self.api.data.users[a]
            for a, b in sorted(self.api.data.followings)
            if b == user["id"] and a in self.api.data.users
        ]
        return page(request, rows, self.api.views(request).user)

    def user_comments(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        rows = [c for c in self.api.data.comments.values() if c["user_id"] == user["id"]]
        return page(request, rows, self.api.views(request).comment)

    def user_favorites(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        rows = [
            self.api.data.tracks[t]
            for u, t in sorted(self.api.data.favorites)
            if u == user["id"] and t in self.api.data.tracks
        ]
        return page(request, self.api.public(request, rows), self.api.views(request).track)

    def _related(self, request: Request, key: str, pairs: set[tuple[int, int]], flip: bool = False) -> Reply:
        user = self.api.user_of(request)
        other = request.path_params[key]
        pair = (other, user["id"]) if flip else (user["id"], other)
        if pair not in pairs:
            raise ApiError(404, "Not Found")
        if key == "track_id":
            return Reply(body=self.api.views(request).track(self.api.data.tracks[other]))
        return Reply(body=self.api.views(request).user(self.api.data.users[other]))

    def following(self, request: Request) -> Reply:
        key = "following_id" if "following_id" in request.path_params else "user_id"
        if key == "user_id":  # /me/followings/{user_id}
            return self._related_me(request, self.api.data.followings)
        return self._related(request, key, self.api.data.followings)

    def follower(self, request: Request) -> Reply:
        if "follower_id" in request.path_params:
            return self._related(request, "follower_id", self.api.data.followings, flip=True)
        me = self.api.me(request)
        other = request.path_params["user_id"]
        if (other, me["id"]) not in self.api.data.followings:
            raise ApiError(404, "Not Found")
        return Reply(body=self.api.views(request).user(self.api.data.users[other]))

    def _related_me(self, request: Request, pairs: set[tuple[int, int]]) -> Reply:
        me = self.api.me(request)
        other = request.path_params["user_id"]
        if (me["id"], other) not in pairs or other not in self.api.data.users:
            raise ApiError(404, "Not Found")
        return Reply(body=self.api.views(request).user(self.api.data.users[other]))

    def favorite(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        track_id = request.path_params["track_id"]
        if (user["id"], track_id) not in self.api.data.favorites or track_id not in self.api.data.tracks:
            raise ApiError(404, "Not Found")
        return Reply(body=self.api.views(request).track(self.api.data.tracks[track_id]))
