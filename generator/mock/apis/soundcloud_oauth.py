"""SoundCloud's OAuth 2: client ids, issued tokens (expiring or not), /connect and /oauth2/token."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ...quirks import Quirks
from ..exchange import Reply, Request

CLIENT_ID = "mock-client-id"
CLIENT_SECRET = "mock-client-secret"  # noqa: S105 - the documented secret of the mock app
PASSWORD = "mock-password"  # noqa: S105 - the password of every user of the mock's dataset
EXPIRES_IN = 21599  # seconds, as the 2013-2015 service gave
REALM = "SoundCloud"
# the code of a refused access token's challenge: the one the spec documents (the Java wrapper saw it)
CHALLENGE_ERROR = "invalid_request"


@dataclass
class Grant:
    user_id: int | None
    client_id: str
    scope: str
    expires_at: float | None  # None: a non-expiring token


class Tokens:
    def __init__(self, seed: int, default_user: int, clients: dict[str, str]) -> None:
        self.seed = seed
        self.clients = clients  # client id -> secret
        self.access: dict[str, Grant] = {}
        self.refresh: dict[str, Grant] = {}
        self.codes: dict[str, Grant] = {}
        self.counter = 0
        self.default_user = default_user
        self.default_token = f"1-{default_user}-mock-access-token"
        self.access[self.default_token] = Grant(default_user, CLIENT_ID, "non-expiring", None)

    def _mint(self, kind: str) -> str:
        self.counter += 1
        digest = hashlib.sha256(f"{self.seed}:{kind}:{self.counter}".encode()).hexdigest()[:24]
        return f"1-{self.counter}-{digest}" if kind == "access" else digest

    def valid(self, token: str) -> Grant | None:
        grant = self.access.get(token)
        if grant is None or (grant.expires_at is not None and grant.expires_at < time.time()):
            return None
        return grant

    def issue(self, user_id: int | None, client_id: str, scope: str) -> dict[str, Any]:
        expiring = "non-expiring" not in scope.split()
        token = self._mint("access")
        grant = Grant(user_id, client_id, scope or "*", time.time() + EXPIRES_IN if expiring else None)
        self.access[token] = grant
        body: dict[str, Any] = {"access_token": token, "scope": grant.scope}
        if expiring:
            refresh = self._mint("refresh")
            self.refresh[refresh] = grant
            body = {"access_token": token, "expires_in": EXPIRES_IN, "scope": grant.scope, "refresh_token": refresh}
        return body

    def code(self, user_id: int, client_id: str, scope: str) -> str:
        code = self._mint("code")
        self.codes[code] = Grant(user_id, client_id, scope, None)
        return code


def challenge(error: str) -> dict[str, str]:
    """The `WWW-Authenticate` of a 401: OAuth's challenge with the OAuth error code."""
    return {"WWW-Authenticate": f'OAuth realm="{REALM}", error="{error}"'}


def refused_token(quirks: Quirks, refused: frozenset[str]) -> dict[str, str]:
    """The challenge when an access token was refused; none for an app's client id (the spec documents none)."""
    auth = quirks.auth
    tokens = {s for c in (auth.credentials if auth else ()) if c.argument == "access_token" for s in c.schemes.values()}
    return challenge(CHALLENGE_ERROR) if refused & tokens else {}


def oauth_error(status: int, error: str, description: str | None = None) -> Reply:
    body = {"error": error} if description is None else {"error": error, "error_description": description}
    return Reply(status=status, body=body, headers=challenge(error) if status == 401 else {})


def token_endpoint(tokens: Tokens, request: Request, users_by_login: dict[str, int]) -> Reply:
    form = {k: v for k, v in dict(request.raw_query).items()}
    if isinstance(request.body, dict):
        form.update({k: str(v) for k, v in request.body.items()})
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    if tokens.clients.get(client_id) != secret:
        return oauth_error(401, "invalid_client")
    grant_type = form.get("grant_type")
    scope = form.get("scope", "")
    if grant_type == "password":
        user_id = users_by_login.get(form.get("username", "").lower())
        if user_id is None or form.get("password") != PASSWORD:
            return oauth_error(400, "invalid_grant")
        return Reply(body=tokens.issue(user_id, client_id, scope or "*"))
    if grant_type == "client_credentials":
        return Reply(body=tokens.issue(None, client_id, scope or "*"))
    if grant_type == "authorization_code":
        grant = tokens.codes.pop(form.get("code", ""), None)
        if grant is None or grant.client_id != client_id:
            return oauth_error(400, "invalid_grant")
        return Reply(body=tokens.issue(grant.user_id, client_id, grant.scope))
    if grant_type == "refresh_token":
        old = tokens.refresh.pop(form.get("refresh_token", ""), None)
        if old is None or old.client_id != client_id:
            return oauth_error(400, "invalid_grant")
        return Reply(body=tokens.issue(old.user_id, client_id, old.scope))
    return oauth_error(400, "unsupported_grant_type")


def connect(tokens: Tokens, request: Request) -> Reply:
    """The authorize page; the mock's user has already authorized every app, so it redirects at once."""
    client_id = str(request.query.get("client_id", ""))
    redirect = str(request.query.get("redirect_uri", ""))
    state = request.query.get("state")
    extra = [("state", str(state))] if state else []
    if client_id not in tokens.clients:
        query = urlencode([("error", "invalid_client"), ("error_description", "Unknown client id."), *extra])
        return Reply(status=302, body=None, headers={"Location": f"{redirect}?{query}"})
    scope = str(request.query.get("scope") or "*")
    kind = str(request.query.get("response_type", "code"))
    code = tokens.code(tokens.default_user, client_id, scope)
    if kind == "code":
        location = f"{redirect}?{urlencode([('code', code), *extra])}"
    else:
        token = tokens.issue(tokens.default_user, client_id, scope)
        fragment = urlencode([(k, str(v)) for k, v in token.items() if k != "refresh_token"] + extra)
        location = (
            f"{redirect}?{urlencode([('code', code)])}#{fragment}" if "code" in kind else f"{redirect}#{fragment}"
        )
    return Reply(status=302, raw=b"", media_type="text/html; charset=utf-8", headers={"Location": location})
