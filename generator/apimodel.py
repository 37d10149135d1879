"""The resolved, typed model of one API, built once from its spec and quirks, read by every feature.

Clients, docs, mock, contract tools and lint read operations from here instead of walking the raw
document again: path-item and operation parameters are merged here (the operation's win by name
and location), every `$ref` on the way to a parameter, request body, response or security scheme
is followed here, and each resolved object keeps the JSON pointer where it sits, so a feature that
validates against the document (the mock's and the contract's validators) still can.

Schemas stay as the spec writes them (`schema`), next to their top-level resolution
(`resolved_schema`): a `$ref` to a component names a model, a link or a shape, so the readers need
both. What an API does as a whole (formats and how a request selects one, the error rule, paging,
auth) is its `Quirks`; per-operation vocabulary the quirks grow (a dispatch value that tells
operations on one path apart, an error rule read from bodies of any status, envelopes) belongs on
`Operation`, beside `paging`, built in `_operation`.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .quirks import Dispatch, ErrorCode, Pagination, Quirks, dispatch_of, error_codes, load_quirks
from .refs import DanglingRef, follow
from .yamlsource import join

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_HINT = "json"


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # query | path | header | cookie (as written; "None" when the spec omits `in`)
    required: bool  # as declared; a path parameter always is
    pointer: str  # where the Parameter Object sits: the end of its `$ref` chain, or inline
    schema: Any  # as written (a `$ref` names a component); None when the parameter declares none
    resolved_schema: Mapping[str, Any]  # `schema` with its top-level `$ref` chain followed ({} when none)
    node: Mapping[str, Any] = field(repr=False)  # the Parameter Object (description, style, examples)

    @property
    def schema_pointer(self) -> str:
        return join(self.pointer, "schema")


@dataclass(frozen=True)
class Media:
    media_type: str  # as the spec writes it
    pointer: str  # of the Media Type Object
    schema: Any  # as written; None when the media type declares none
    resolved_schema: Mapping[str, Any]  # `schema` with its top-level `$ref` chain followed ({} when none)
    node: Mapping[str, Any] = field(repr=False)

    @property
    def schema_pointer(self) -> str:
        return join(self.pointer, "schema")


@dataclass(frozen=True)
class RequestBody:
    pointer: str
    required: bool
    content: tuple[Media, ...]
    node: Mapping[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX" or "default", as the spec writes it
    pointer: str  # of the resolved Response Object
    ref: str | None  # the `$ref` it is given by (a response many operations share), if any
    content: tuple[Media, ...]
    node: Mapping[str, Any] = field(repr=False)


@dataclass(frozen=True)
class Operation:
    method: str  # lower case
    path: str
    pointer: str
    operation_id: str | None  # as declared
    tags: tuple[str, ...]
    summary: str
    description: str
    parameters: tuple[Parameter, ...]  # path item's and own, merged
    body: RequestBody | None
    responses: tuple[Response, ...]  # in the spec's order; dangling ones left out (lint reports them)
    # its own requirements, else the document's; None when neither declares any
    security: tuple[Mapping[str, Any], ...] | None
    server: str | None  # its own base URL (operation or path item `servers`) when not the API's
    paging: Pagination | None  # the API's paging where this operation's inputs and answer fit it
    node: Mapping[str, Any] = field(repr=False)  # the Operation Object, for its `x-soundspec-*` keys
    # one of several operations on one wire path, told apart by a parameter value; `path` is then
    # the spec's unique alias for it, `wire_path` where requests go
    dispatch: Dispatch | None = None
    # error codes that mean something else for this operation (`x-soundspec-error-codes`)
    error_codes: Mapping[str, ErrorCode] = field(default_factory=dict)

    @property
    def wire_path(self) -> str:
        return self.dispatch.path if self.dispatch is not None else self.path

    def dispatch_matches(self, query: Mapping[str, Any], form: Mapping[str, Any] | None = None) -> bool:
        """Whether a request's query (or form body) picks this operation; True when it is not dispatched."""
        if self.dispatch is None:
            return True
        source = (form or {}) if self.dispatch.location == "form" else query
        value = source.get(self.dispatch.param)
        values = value if isinstance(value, list | tuple) else [value]
        return any(self.dispatch.matches(v) for v in values)

    def canonical_query(self, query: Mapping[str, Any]) -> dict[str, Any]:
        """`query` with the dispatch value as the spec spells it where the server ignores its case
        (`artist.getinfo` -> `artist.getInfo`), so the parameter's `const` holds what the server took."""
        out = dict(query)
        d = self.dispatch
        if d is None or not d.ignore_case or d.param not in out:
            return out
        given = out[d.param]
        if isinstance(given, list):
            out[d.param] = [d.value if d.matches(v) else v for v in given]
        elif d.matches(given):
            out[d.param] = d.value
        return out

    def response(self, status: int | str) -> Response | None:
        """The response declared for `status`: exact, then its range (`4XX`), then `default`."""
        code = str(status)
        by_status = {r.status: r for r in self.responses}
        for key in (code, f"{code[0]}XX", "default"):
            if key in by_status:
                return by_status[key]
        return None

    def query_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.parameters if p.location == "query")


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str
    servers: tuple[str, ...]  # base URLs, variables at their defaults, without a trailing slash
    security_schemes: Mapping[str, Mapping[str, Any]]  # resolved
    tags: tuple[tuple[str, str], ...]  # (name, description) as the document declares them
    quirks: Quirks
    operations: tuple[Operation, ...]  # in document order
    document: dict[str, Any] = field(repr=False)  # the raw spec, for validators that resolve by pointer

    @property
    def server_url(self) -> str | None:
        return self.servers[0] if self.servers else None

    def resolve(self, node: Any) -> Any:
        """`node` with its top-level `$ref` chain followed in this document; None when the chain dangles."""
        return _resolved(self.document, "", node)[1]

    def operation(self, operation_id: str) -> Operation | None:
        return next((op for op in self.operations if op.operation_id == operation_id), None)

    def error_statuses(self) -> set[int]:
        """Every numeric status of 400 and above that some operation declares."""
        codes = {r.status for op in self.operations for r in op.responses}
        return {int(code) for code in codes if code.isdigit() and int(code) >= 400}


def _base_url(server: Any) -> str | None:
    """A Server Object's URL, variables at their defaults, without a trailing slash."""
    if not isinstance(server, dict):
        return None
    url = str(server.get("url", ""))
    for name, var in _dict(server.get("variables")).items():
        url = url.replace("{" + name + "}", str(_dict(var).get("default", "")))
    return url.rstrip("/")


def _server_url(owner: Mapping[str, Any]) -> str | None:
    """The first server's base URL of a document, path item or operation."""
    servers = _list(owner.get("servers"))
    return _base_url(servers[0]) if servers else None


def _dict(node: Any) -> dict[str, Any]:
    return node if isinstance(node, dict) else {}


def _list(node: Any) -> list[Any]:
    return node if isinstance(node, list) else []


def _resolved(document: dict[str, Any], pointer: str, node: Any) -> tuple[str, Any]:
    """(pointer, object) at the end of a `$ref` chain; ("", None) when it dangles."""
    try:
        return follow(document, pointer, node)
    except DanglingRef:
        return "", None


def _resolved_dict(document: Any, node: Any) -> dict[str, Any]:
    found = _resolved(document, "", node)[1]
    return found if isinstance(found, dict) else {}


def _merge_parameters(
    document: dict[str, Any], path: str, path_item: Mapping[str, Any], op: Mapping[str, Any], op_pointer: str
) -> tuple[Parameter, ...]:
    """The path item's parameters overridden by the operation's own (same name and location).

    Order: first declaration wins the place, the last the content. A parameter without a name or
    behind a dangling `$ref` is left out (lint reports it).
    """
    merged: dict[tuple[str, str], Parameter] = {}
    owners = ((path_item, join("/paths", path)), (op, op_pointer))
    for owner, base in owners:
        for i, node in enumerate(_list(owner.get("parameters"))):
            pointer, param = _resolved(document, join(base, "parameters", i), node)
            if not isinstance(param, dict) or "name" not in param:
                continue
            name, location = str(param["name"]), str(param.get("in"))
            required = bool(param.get("required", location == "path"))
            schema = param.get("schema")
            resolved = _resolved_dict(document, schema)
            merged[(name, location)] = Parameter(name, location, required, pointer, schema, resolved, param)
    return tuple(merged.values())


def _content(document: dict[str, Any], owner_pointer: str, owner: Mapping[str, Any]) -> tuple[Media, ...]:
    found = []
    for media_type, node in _dict(owner.get("content")).items():
        media = _dict(node)
        schema = media.get("schema")
        pointer = join(owner_pointer, "content", media_type)
        found.append(Media(str(media_type), pointer, schema, _resolved_dict(document, schema), media))
    return tuple(found)


def _body(document: dict[str, Any], op: Mapping[str, Any], op_pointer: str) -> RequestBody | None:
    if "requestBody" not in op:
        return None
    pointer, body = _resolved(document, join(op_pointer, "requestBody"), op["requestBody"])
    if not isinstance(body, dict):
        return None
    return RequestBody(pointer, bool(body.get("required")), _content(document, pointer, body), body)


def _responses(document: dict[str, Any], op: Mapping[str, Any], op_pointer: str) -> tuple[Response, ...]:
    found = []
    for status, node in _dict(op.get("responses")).items():
        pointer, response = _resolved(document, join(op_pointer, "responses", status), node)
        if not isinstance(response, dict):
            continue
        ref = node.get("$ref") if isinstance(node, dict) and isinstance(node.get("$ref"), str) else None
        found.append(Response(str(status), pointer, ref, _content(document, pointer, response), response))
    return tuple(found)


def _paging(
    document: dict[str, Any],
    quirks: Quirks,
    parameters: tuple[Parameter, ...],
    responses: tuple[Response, ...],
    op: Mapping[str, Any],
) -> Pagination | None:
    """The API's paging, where the operation takes its inputs (offset-limit, page-number with the
    operation's own `x-soundspec-page` pointers) or answers with a page (next-link)."""
    pagination = quirks.pagination
    if pagination is None:
        return None
    settings = {**pagination.settings, **_dict(op.get("x-soundspec-page"))}
    names = {p.name for p in parameters if p.location == "query"}
    if pagination.style == "page-number":
        takes = settings["page-param"] in names
        return Pagination(pagination.style, settings) if takes and "items" in settings else None
    if pagination.style == "offset-limit":
        takes = {settings.get("limit-param"), settings.get("offset-param")} <= names
        return Pagination(pagination.style, settings) if takes else None
    if str(settings.get("next", "")).startswith("/") and "items" in settings:
        return Pagination(pagination.style, settings)  # its records and link at pointers
    ok = next((r for r in responses if r.status == "200"), None)
    for media in ok.content if ok is not None else ():
        # the page itself, or each form of an answer chosen by a parameter (anyOf/oneOf)
        forms = [media.resolved_schema]
        forms += [_resolved_dict(document, b) for k in ("anyOf", "oneOf") for b in _list(media.resolved_schema.get(k))]
        for form in forms:
            props = form.get("properties") or {}
            arrays = [p for p in props.values() if _resolved_dict(document, p).get("type") == "array"]
            if JSON_HINT in media.media_type and settings.get("next") in props and len(arrays) == 1:
                return Pagination(pagination.style, settings)
    return None


def iter_operation_nodes(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any], str]]:
    """(path, method, path item, operation, pointer) for every operation, in document order."""
    for path, item in _dict(document.get("paths")).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield str(path), method, item, op, join("/paths", path, method)


def _operation(
    document: dict[str, Any], quirks: Quirks, *, path: str, method: str, item: dict[str, Any], op: dict[str, Any]
) -> Operation:
    pointer = join("/paths", path, method)
    parameters = _merge_parameters(document, path, item, op, pointer)
    responses = _responses(document, op, pointer)
    security = op["security"] if "security" in op else document.get("security")
    server = _server_url(op) or _server_url(item)
    return Operation(
        method=method,
        path=path,
        pointer=pointer,
        operation_id=str(op["operationId"]) if op.get("operationId") else None,
        tags=tuple(str(t) for t in _list(op.get("tags"))),
        summary=str(op.get("summary") or ""),
        description=str(op.get("description") or ""),
        parameters=parameters,
        body=_body(document, op, pointer),
        responses=responses,
        security=None if security is None else tuple(s for s in _list(security) if isinstance(s, dict)),
        server=None if server is None or server == _server_url(document) else server,
        paging=_paging(document, quirks, parameters, responses, op),
        node=op,
        dispatch=dispatch_of(op),
        error_codes=error_codes(op.get("x-soundspec-error-codes")),
    )


def build_api(document: dict[str, Any], quirks: Quirks) -> Api:
    """The model of a loaded document; tolerant of a broken one (lint reports what it skips)."""
    operations = tuple(
        _operation(document, quirks, path=path, method=method, item=item, op=op)
        for path, method, item, op, _pointer in iter_operation_nodes(document)
    )
    schemes = _dict(_dict(document.get("components")).get("securitySchemes"))
    info = _dict(document.get("info"))
    tags = [t for t in _list(document.get("tags")) if isinstance(t, dict) and "name" in t]
    return Api(
        title=str(info.get("title") or ""),
        version=str(info.get("version") or ""),
        description=str(info.get("description") or ""),
        servers=tuple(url for url in map(_base_url, _list(document.get("servers"))) if url is not None),
        security_schemes={str(name): _resolved_dict(document, scheme) for name, scheme in schemes.items()},
        tags=tuple((str(t["name"]), str(t.get("description") or "")) for t in tags),
        quirks=quirks,
        operations=operations,
        document=document,
    )


_MODELS: dict[tuple[Path, str], Api] = {}


def api_model(path: Path, document: dict[str, Any]) -> Api:
    """The model of the spec at `path`, built once per content: every feature of a run shares it.

    Keyed by content, not by the dict: a spec loaded twice (the CLI's commands, the tests) is one model.
    """
    key = (path.resolve(), hashlib.sha256(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest())
    if key not in _MODELS:
        _MODELS[key] = build_api(document, load_quirks(document))
    return _MODELS[key]
