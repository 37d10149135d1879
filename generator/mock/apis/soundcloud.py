"""The classic SoundCloud API (2011-2015) on the mock's dataset: reads, writes, OAuth, resolve.

Errors are `{"errors": [{"error_message": "<code> - <Reason>"}]}`; clients of the time sent
their credentials in form bodies on POST/PUT/DELETE, which the engine accepts here.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..compiled import Operation
from ..errors import reason
from ..exchange import ApiError, Principal, Reply, Request
from ..synth import rng
from . import soundcloud_oauth as oauth
from . import soundcloud_writes as writes
from .base import Behaviour, Context
from .media import tone
from .soundcloud_data import CATALOGUE, Dataset
from .soundcloud_groups import Groups
from .soundcloud_profiles import Profiles
from .soundcloud_sharing import Sharing
from .soundcloud_users import Users
from .soundcloud_views import Views, filter_tracks, page

_MEDIA = re.compile(r"^/_mock/media/tracks/(\d+)\.(128\.mp3|original)$")
_CREDENTIALS = ("client_id", "consumer_key", "oauth_token")


def not_found() -> ApiError:
    return ApiError(404, "Not Found")


class Api(Behaviour):
    body_params = True
    invalid_path_status = 404  # `/tracks/abc`: a non-numeric id names no resource (recorded)
    common_headers = {"Access-Control-Allow-Origin": "*"}  # noqa: RUF012
    catalogue = CATALOGUE

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.reset_data()
        self.handlers = {
            "listTracks": self.list_tracks, "getTrack": self.get_track, "listTrackComments": self.track_comments,
            "getTrackComment": self.track_comment, "listTrackFavoriters": self.favoriters,
            "getTrackFavoriter": self.favoriter, "streamTrack": self.stream, "downloadTrack": self.download,
            "getTrackStreams": self.streams, "listPlaylists": self.list_playlists, "getPlaylist": self.get_playlist,
            "getComment": self.get_comment, "listApps": self.list_apps, "getApp": self.get_app,
            "listAppTracks": self.app_tracks, "resolve": self.resolve,
            "authorize": lambda r: oauth.connect(self.tokens, r),
            "obtainToken": lambda r: oauth.token_endpoint(self.tokens, r, self.logins()),
        }  # fmt: skip
        self.handlers.update(Users(self).handlers())
        self.handlers.update(writes.Writes(self).handlers())
        self.handlers.update(Groups(self).handlers())
        self.handlers.update(Profiles(self).handlers())
        self.handlers.update(Sharing(self).handlers())

    def reset_data(self) -> None:
        self.data = Dataset(self.options.seed, self.ctx.recordings, self.options.data, self.api)
        me = self.data.default_user
        clients = {oauth.CLIENT_ID: oauth.CLIENT_SECRET}
        clients.update({c: oauth.CLIENT_SECRET for c in self.options.credentials.get("client_id", ())})
        self.tokens = oauth.Tokens(self.options.seed, me, clients)

    def reset(self) -> None:
        super().reset()
        self.reset_data()

    def generated(self, size: int) -> dict[str, list[dict[str, Any]]]:
        return Dataset(self.options.seed, self.ctx.recordings, None, self.api, size).dump()

    def default_credentials(self) -> dict[str, tuple[str, ...]]:
        return {"client_id": (oauth.CLIENT_ID,), "access_token": (f"1-{1561}-mock-access-token",)}

    def check(self, scheme: str, value: str) -> Principal | None:
        if scheme == "clientId":
            return Principal(scheme, value, client_id=value) if value in self.tokens.clients else None
        grant = self.tokens.valid(value)
        if grant is None and value in self.credentials.get("access_token", ()):
            return Principal(scheme, value, user_id=self.tokens.default_user)
        return None if grant is None else Principal(scheme, value, user_id=grant.user_id, client_id=grant.client_id)

    def challenge(self, op: Operation, refused: frozenset[str]) -> dict[str, str]:
        return oauth.refused_token(self.api.quirks, refused)

    def on_invalid(self, op: Operation, problems: list[str]) -> Reply | None:
        oauth2 = self.api.quirks.auth.oauth2 if self.api.quirks.auth else None
        if oauth2 is not None and op.op_id == oauth2.token_operation:  # OAuth 2's own error shape
            return oauth.oauth_error(400, "invalid_request", " ".join(problems))
        # a page for people (the authorize page): the spec's own 400 page, not the errors envelope
        page = ((op.response(400) or {}).get("content") or {}).get("text/html")
        if page is None or "example" not in page:
            return None
        return Reply(status=400, raw=str(page["example"]).encode(), media_type="text/html; charset=utf-8")

    def error_message(self, status: int, message: str) -> str:
        return f"{status} - {reason(status)}"

    def logins(self) -> dict[str, int]:
        out = {u["permalink"].lower(): u["id"] for u in self.data.users.values()}
        out.update({u["username"].lower(): u["id"] for u in self.data.users.values()})
        return out

    def views(self, request: Request) -> Views:
        viewer = request.principal.user_id if request.principal else None
        return Views(self.data, self.api.server_url if self.public_urls else request.base_url, viewer)

    def internal(self, method: str, path: str, query: dict[str, list[str]]) -> Reply | None:
        found = _MEDIA.match(path)
        if found and int(found.group(1)) in self.data.tracks and method in ("GET", "HEAD"):
            return Reply(raw=tone(int(found.group(1))), media_type="audio/mpeg")
        return None

    # look-ups ---------------------------------------------------------------------------------------
    def viewer(self, request: Request) -> int | None:
        return request.principal.user_id if request.principal else None

    def me(self, request: Request) -> dict[str, Any]:
        viewer = self.viewer(request)
        if viewer is None or viewer not in self.data.users:
            raise ApiError(401, "Unauthorized")
        return self.data.users[viewer]

    def owned(self, request: Request, table: dict[int, dict[str, Any]], key: str) -> dict[str, Any]:
        """An item of the token user's own: 404 when there is none, 403 when it is someone else's."""
        item = table.get(request.path_params[key])
        if item is None:
            raise not_found()
        if item["user_id"] != self.me(request)["id"]:
            raise ApiError(403, "Forbidden")
        return item

    def user_of(self, request: Request) -> dict[str, Any]:
        if "user_id" in request.path_params and not request.op.template.startswith("/me"):
            user = self.data.users.get(request.path_params["user_id"])
            if user is None:
                raise not_found()
            return user
        return self.me(request)

    def visible(self, request: Request, track: dict[str, Any]) -> bool:
        if track["sharing"] == "public" or track["user_id"] == self.viewer(request):
            return True
        return bool(request.query.get("secret_token") == track["secret_token"])

    def track(self, request: Request, key: str = "track_id") -> dict[str, Any]:
        track = self.data.tracks.get(request.path_params[key])
        if track is None or not self.visible(request, track):
            raise not_found()
        return track

    def public(self, request: Request, tracks: Any) -> list[dict[str, Any]]:
        rows = [t for t in tracks if self.visible(request, t)]
        return sorted(rows, key=lambda t: (t["created_at"], t["id"]), reverse=True)

    # reads ----------------------------------------------------------------------------------------------
    def list_tracks(self, request: Request) -> Reply:
        rows = filter_tracks(request, self.public(request, self.data.tracks.values()), self.data.users)
        if request.query.get("filter") == "private":
            rows = [t for t in rows if t["sharing"] == "private"]
        return page(request, rows, self.views(request).track)

    def get_track(self, request: Request) -> Reply:
        track = self.track(request)
        if track["state"] == "processing":
            track["state"] = "finished"  # transcoding is instant here: done once the upload was answered
            self.version += 1
        return Reply(body=self.views(request).track(track), cache_key=("track", track["id"], self.viewer(request)))

    def track_comments(self, request: Request) -> Reply:
        track = self.track(request)
        rows = sorted(
            (c for c in self.data.comments.values() if c["track_id"] == track["id"]), key=lambda c: c["created_at"]
        )
        return page(request, rows, self.views(request).comment)

    def track_comment(self, request: Request) -> Reply:
        track = self.track(request)
        comment = self.data.comments.get(request.path_params["comment_id"])
        if comment is None or comment["track_id"] != track["id"]:
            raise not_found()
        return Reply(body=self.views(request).comment(comment))

    def favoriters(self, request: Request) -> Reply:
        track = self.track(request)
        rows = [self.data.users[u] for u, t in sorted(self.data.favorites) if t == track["id"] and u in self.data.users]
        return page(request, rows, self.views(request).user)

    def favoriter(self, request: Request) -> Reply:
        track = self.track(request)
        user_id = request.path_params["user_id"]
        if (user_id, track["id"]) not in self.data.favorites:
            raise not_found()
        return Reply(body=self.views(request).user(self.data.users[user_id]))

    def _redirect(self, request: Request, target: str) -> Reply:
        credentials = [(k, v) for k, v in request.raw_query if k in _CREDENTIALS]
        location = target + (f"?{urlencode(credentials)}" if credentials else "")
        return Reply(status=302, body={"status": "302 - Found", "location": location}, headers={"Location": location})

    def media_url(self, request: Request, track: dict[str, Any], kind: str) -> str:
        if self.public_urls:
            signature = f"{rng(track['id']).randrange(16**16):016x}"
            return f"https://ec-media.sndcdn.com/{track['waveform_key']}.{kind}?{signature}"
        root = request.base_url[: len(request.base_url) - len(self.api.prefix)] if self.api.prefix else request.base_url
        return f"{root}/_mock/media/tracks/{track['id']}.{kind}"

    def stream(self, request: Request) -> Reply:
        track = self.track(request)
        if not track["streamable"]:
            raise not_found()
        return self._redirect(request, self.media_url(request, track, "128.mp3"))

    def download(self, request: Request) -> Reply:
        track = self.track(request)
        if not track["downloadable"]:
            raise not_found()
        return self._redirect(request, self.media_url(request, track, "original"))

    def streams(self, request: Request) -> Reply:
        track = self.track(request)
        url = self.media_url(request, track, "128.mp3")
        return Reply(
            body={
                "http_mp3_128_url": url,
                "rtmp_mp3_128_url": f"rtmp://ec-rtmp-media.soundcloud.com/mp3:{track['waveform_key']}.128",
            }
        )

    def list_playlists(self, request: Request) -> Reply:
        q = str(request.query.get("q") or "").lower()
        rows = [p for p in self.data.playlists.values() if p["sharing"] == "public" and q in p["title"].lower()]
        representation = request.query.get("representation")
        return page(request, rows, lambda p: self.views(request).playlist(p, representation))

    def get_playlist(self, request: Request) -> Reply:
        playlist = self.data.playlists.get(request.path_params["playlist_id"])
        if playlist is None:
            raise not_found()
        return Reply(body=self.views(request).playlist(playlist, request.query.get("representation")))

    def get_comment(self, request: Request) -> Reply:
        comment = self.data.comments.get(request.path_params["comment_id"])
        if comment is None:
            raise not_found()
        return Reply(body=self.views(request).comment(comment))

    def list_apps(self, request: Request) -> Reply:
        return page(request, sorted(self.data.apps.values(), key=lambda a: a["id"]), self.views(request).app)

    def get_app(self, request: Request) -> Reply:
        app = self.data.apps.get(request.path_params["app_id"])
        if app is None:
            raise not_found()
        return Reply(body=self.views(request).app(app))

    def app_tracks(self, request: Request) -> Reply:
        app_id = request.path_params["app_id"]
        if app_id not in self.data.apps:
            raise not_found()
        rows = self.public(request, (t for t in self.data.tracks.values() if t.get("created_with") == app_id))
        return page(request, rows, self.views(request).track)

    def resolve(self, request: Request) -> Reply:
        path = [p for p in urlsplit(str(request.query.get("url", ""))).path.split("/") if p]
        users = {u["permalink"]: u for u in self.data.users.values()}
        base = self.api.server_url if self.public_urls else request.base_url
        suffix = f".{request.suffix}" if request.suffix else ""
        target: str | None = None
        if len(path) == 2 and path[0] == "groups":
            found = next((g for g in self.data.groups.values() if g["permalink"] == path[1]), None)
            target = f"groups/{found['id']}" if found else None
        elif len(path) == 2 and path[0] == "apps":
            found = next((a for a in self.data.apps.values() if a["permalink"] == path[1]), None)
            target = f"apps/{found['id']}" if found else None
        elif path and path[0] in users:
            owner = users[path[0]]
            if len(path) == 1:
                target = f"users/{owner['id']}"
            elif len(path) == 2:
                found = next(
                    (t for t in self.data.tracks.values() if t["user_id"] == owner["id"] and t["permalink"] == path[1]),
                    None,
                )
                target = f"tracks/{found['id']}" if found and self.visible(request, found) else None
            elif len(path) == 3 and path[1] == "sets":
                found = next(
                    (
                        p
                        for p in self.data.playlists.values()
                        if p["user_id"] == owner["id"] and p["permalink"] == path[2]
                    ),
                    None,
                )
                target = f"playlists/{found['id']}" if found else None
        if target is None:
            raise not_found()
        return self._redirect(request, f"{base}/{target}{suffix}")
