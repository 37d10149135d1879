"""Check a request's credentials against the operation's security requirements.

Credentials are read where the spec's security schemes put them (query, header, cookie, an
`Authorization: <scheme> <token>` header for http and oauth2 schemes) and, for APIs whose
clients sent them in form bodies (Rails merged body and query parameters), from the form
body too. The API module says which values are valid; a failure is `missing` or `invalid`,
answered with the body the real service gave (`x-soundspec-auth.failures`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .compiled import CompiledApi, Operation
from .exchange import Principal

Check = Callable[[str, str], Principal | None]


class AuthFailure(Exception):
    def __init__(self, kind: str, refused: frozenset[str] = frozenset()) -> None:  # "missing" | "invalid"
        super().__init__(kind)
        self.kind = kind
        self.refused = refused  # the schemes whose credential was presented and refused


class Authenticator:
    def __init__(self, api: CompiledApi, check: Check, body_params: bool = False) -> None:
        self.schemes = api.schemes
        self.check = check
        self.body_params = body_params

    def credential(
        self,
        scheme_name: str,
        query: Mapping[str, Sequence[str]],
        headers: Mapping[str, str],
        form: Mapping[str, Any] | None,
    ) -> str | None:
        scheme = self.schemes.get(scheme_name) or {}
        kind = scheme.get("type")
        value: Any = None
        if kind == "apiKey":
            name = str(scheme.get("name", ""))
            where = scheme.get("in")
            if where == "query":
                values = query.get(name)
                value = values[-1] if values else None
                if value is None and self.body_params and form is not None:
                    value = form.get(name)
            elif where == "header":
                value = headers.get(name.lower())
            elif where == "cookie":
                value = _cookie(headers.get("cookie", ""), name)
        elif kind in ("http", "oauth2", "openIdConnect"):
            wanted = {str(scheme.get("scheme", "bearer")).lower()} if kind == "http" else {"bearer", "oauth"}
            found, _, token = headers.get("authorization", "").partition(" ")
            if found.lower() in wanted:
                value = token.strip()
        if isinstance(value, list):
            value = value[-1] if value else None
        return value if isinstance(value, str) and value else None

    def authenticate(
        self,
        op: Operation,
        query: Mapping[str, Sequence[str]],
        headers: Mapping[str, str],
        form: Mapping[str, Any] | None = None,
    ) -> Principal | None:
        """The principal a request acts as (None: anonymous is allowed); AuthFailure otherwise."""
        if not op.security:
            return None
        presented = False
        refused: set[str] = set()
        best: Principal | None = None
        anonymous = False
        for requirement in op.security:
            if not requirement:
                anonymous = True
                continue
            principals = []
            for scheme_name in requirement:
                value = self.credential(scheme_name, query, headers, form)
                if value is None:
                    break
                presented = True
                principal = self.check(scheme_name, value)
                if principal is None:
                    refused.add(scheme_name)
                    break
                principals.append(principal)
            else:
                # a user's token says more about the caller than an app's key
                chosen = next((p for p in principals if p.user_id is not None), principals[0])
                if best is None or (best.user_id is None and chosen.user_id is not None):
                    best = chosen
        if best is not None or anonymous:
            return best
        raise AuthFailure("invalid" if presented else "missing", frozenset(refused))


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
