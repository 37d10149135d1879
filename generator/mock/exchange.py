"""What the pipeline hands an API module (Request) and what it gets back (Reply, ApiError)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from .compiled import Operation


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart body."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Principal:
    """Who a request acts as, once its credentials passed."""

    scheme: str  # the securitySchemes entry that matched
    value: str  # the credential itself (a key, a client id, a token)
    user_id: int | None = None  # the user a token belongs to
    client_id: str | None = None  # the app a token or key belongs to


@dataclass
class Request:
    method: str
    path: str
    op: Operation
    path_params: dict[str, Any]
    query: dict[str, Any]  # declared parameters, typed, defaults filled in
    raw_query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names
    body: Any
    files: dict[str, Upload]
    principal: Principal | None
    base_url: str  # the API base the client used, e.g. http://127.0.0.1:8000/api
    fmt: str  # the negotiated format name
    suffix: str | None  # a format suffix given on the path

    def arg(self, name: str, default: Any = None) -> Any:
        """A parameter from the path, the query or (Rails-style) the form body."""
        for source in (self.path_params, self.query):
            if name in source and source[name] is not None:
                return source[name]
        if isinstance(self.body, dict) and name in self.body:
            return self.body[name]
        return default


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # JSON-shaped data, rendered in the negotiated format
    raw: bytes | None = None  # bytes sent as they are (audio, zip, HTML)
    media_type: str | None = None  # the Content-Type of `raw`
    headers: dict[str, str] = field(default_factory=dict)
    cache_key: Hashable | None = None  # same key, same body: the rendered bytes are reused
    root: str | None = None  # the XML root element when the dialect names none


class ApiError(Exception):
    """An error answered in the API's own error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.kind = kind
        self.headers = headers or {}
        self.fields = fields or {}  # more of the error body (Freesound's `debug`: the exception's text)
