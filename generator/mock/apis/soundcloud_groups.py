"""SoundCloud's groups: reads, writes, moderation (pending tracks) and contributions.

Moderators change a group and approve or reject what waits in `pending_tracks`; only the
creator deletes it. A user contributes their own tracks, straight into a group that is not
moderated and into `pending_tracks` of one that is, and withdraws them again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import words
from ..exchange import ApiError, Reply, Request
from .soundcloud_views import page
from .soundcloud_writes import OK, attrs, now

if TYPE_CHECKING:
    from .base import Handler
    from .soundcloud import Api

FIELDS = ("name", "description", "short_description")


class Groups:
    def __init__(self, api: Api) -> None:
        self.api = api

    def handlers(self) -> dict[str, Handler]:
        return {
            "listGroups": self.list_groups, "getGroup": self.get_group, "createGroup": self.create,
            "updateGroup": self.update, "deleteGroup": self.delete, "listUserGroups": self.user_groups,
            "listMyGroups": self.user_groups, "listGroupTracks": self.tracks, "listGroupMembers": self.users,
            "listGroupUsers": self.users, "listGroupContributors": self.users, "listGroupModerators": self.users,
            "listGroupPendingTracks": self.pending, "getGroupPendingTrack": self.pending_track,
            "approveGroupPendingTrack": self.approve, "rejectGroupPendingTrack": self.reject,
            "listGroupContributions": self.contributions, "contributeTrack": self.contribute,
            "getGroupContribution": self.contribution, "removeGroupContribution": self.withdraw,
        }  # fmt: skip

    # look-ups ---------------------------------------------------------------------------------
    def group(self, request: Request) -> dict[str, Any]:
        group = self.api.data.groups.get(request.path_params["group_id"])
        if group is None:
            raise ApiError(404, "Not Found")
        return group

    def moderated(self, request: Request) -> dict[str, Any]:
        """The group, when the token's user moderates it (403 otherwise)."""
        group = self.group(request)
        if self.api.me(request)["id"] not in group["moderator_ids"]:
            raise ApiError(403, "Forbidden")
        return group

    def changed(self) -> None:
        self.api.version += 1

    # reads ------------------------------------------------------------------------------------
    def list_groups(self, request: Request) -> Reply:
        q = str(request.query.get("q") or "").lower()
        rows = [g for g in self.api.data.groups.values() if q in g["name"].lower()]
        return page(request, rows, self.api.views(request).group)

    def get_group(self, request: Request) -> Reply:
        return Reply(body=self.api.views(request).group(self.group(request)))

    def user_groups(self, request: Request) -> Reply:
        user = self.api.user_of(request)
        rows = [g for g in self.api.data.groups.values() if user["id"] in g["member_ids"]]
        return page(request, rows, self.api.views(request).group)

    def tracks(self, request: Request) -> Reply:
        group = self.group(request)
        rows = self.api.public(
            request, (self.api.data.tracks[t] for t in group["track_ids"] if t in self.api.data.tracks)
        )
        return page(request, rows, self.api.views(request).track)

    def users(self, request: Request) -> Reply:
        group = self.group(request)
        views = self.api.views(request)
        kind = request.op.template.rsplit("/", 1)[-1]
        ids = {
            "moderators": group["moderator_ids"],
            "members": group["member_ids"],
            "contributors": views.contributors(group),
        }.get(kind) or [*group["moderator_ids"], *group["member_ids"], *views.contributors(group)]
        users = self.api.data.users
        return page(request, [users[u] for u in dict.fromkeys(ids) if u in users], views.user)

    # writes -----------------------------------------------------------------------------------
    def create(self, request: Request) -> Reply:
        me = self.api.me(request)["id"]
        fields = attrs(request.body, "group")
        if not fields.get("name"):
            raise ApiError(422, "Unprocessable Entity")
        group_id = self.api.data.new_id()
        group = {
            "id": group_id, "name": str(fields["name"]), "permalink": words.slug(str(fields["name"])),
            "created_at": now(), "description": fields.get("description"),
            "short_description": fields.get("short_description"), "creator_id": me, "moderator_ids": [me],
            "member_ids": [me], "track_ids": [], "pending_ids": [], "moderated": False,
        }  # fmt: skip
        self.api.data.groups[group_id] = group
        self.changed()
        return Reply(status=201, body=self.api.views(request).group(group))

    def update(self, request: Request) -> Reply:
        group = self.moderated(request)
        group.update({k: str(v) for k, v in attrs(request.body, "group").items() if k in FIELDS})
        self.changed()
        return Reply(body=self.api.views(request).group(group))

    def delete(self, request: Request) -> Reply:
        group = self.group(request)
        if group["creator_id"] != self.api.me(request)["id"]:
            raise ApiError(403, "Forbidden")
        del self.api.data.groups[group["id"]]
        self.changed()
        return Reply(body=OK)

    # moderation -------------------------------------------------------------------------------
    def pending(self, request: Request) -> Reply:
        group = self.moderated(request)
        rows = [self.api.data.tracks[t] for t in group["pending_ids"] if t in self.api.data.tracks]
        return page(request, rows, self.api.views(request).track)

    def _pending(self, request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
        group = self.moderated(request)
        track_id = request.path_params["track_id"]
        if track_id not in group["pending_ids"] or track_id not in self.api.data.tracks:
            raise ApiError(404, "Not Found")
        return group, self.api.data.tracks[track_id]

    def pending_track(self, request: Request) -> Reply:
        return Reply(body=self.api.views(request).track(self._pending(request)[1]))

    def approve(self, request: Request) -> Reply:
        group, track = self._pending(request)
        group["pending_ids"].remove(track["id"])
        group["track_ids"].append(track["id"])
        self.changed()
        return Reply(body=self.api.views(request).track(track))

    def reject(self, request: Request) -> Reply:
        group, track = self._pending(request)
        group["pending_ids"].remove(track["id"])
        self.changed()
        return Reply(body=OK)

    # contributions ----------------------------------------------------------------------------
    def _mine(self, request: Request, group: dict[str, Any]) -> list[dict[str, Any]]:
        me = self.api.me(request)["id"]
        tracks = (self.api.data.tracks.get(t) for t in [*group["track_ids"], *group["pending_ids"]])
        return [t for t in tracks if t is not None and t["user_id"] == me]

    def contributions(self, request: Request) -> Reply:
        return page(request, self._mine(request, self.group(request)), self.api.views(request).track)

    def contribute(self, request: Request) -> Reply:
        group = self.group(request)
        wanted = attrs(request.body, "track").get("id")
        track = self.api.data.tracks.get(wanted) if isinstance(wanted, int) else None
        if track is None or not self.api.visible(request, track):
            raise ApiError(404, "Not Found")
        if track["user_id"] != self.api.me(request)["id"]:
            raise ApiError(403, "Forbidden")  # only one's own tracks [I]
        if track["id"] not in (*group["track_ids"], *group["pending_ids"]):
            group["pending_ids" if group.get("moderated") else "track_ids"].append(track["id"])
            self.changed()
        return Reply(status=201, body=self.api.views(request).track(track))

    def _contribution(self, request: Request) -> tuple[dict[str, Any], dict[str, Any]]:
        group = self.group(request)
        found = [t for t in self._mine(request, group) if t["id"] == request.path_params["track_id"]]
        if not found:
            raise ApiError(404, "Not Found")
        return group, found[0]

    def contribution(self, request: Request) -> Reply:
        return Reply(body=self.api.views(request).track(self._contribution(request)[1]))

    def withdraw(self, request: Request) -> Reply:
        group, track = self._contribution(request)
        for key in ("track_ids", "pending_ids"):
            group[key] = [t for t in group[key] if t != track["id"]]
        self.changed()
        return Reply(body=OK)
