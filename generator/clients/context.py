"""The API-level facts the client templates render: credentials, formats, errors, OAuth, the client class.

Everything quirk-specific reaches the generated package through here, as plain data: the runtime
templates are the same for every API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.openapi import Endpoint

from .. import naming
from ..apimodel import Api
from ..quirks import ErrorCode, Formats, Quirks
from ..refs import walk
from .plan import Planner, raw

# Status -> exception class; a status outside the table gets a class named after its reason phrase.
_STATUS_CLASSES = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
    500: "InternalServerError",
    503: "ServiceUnavailableError",
    504: "GatewayTimeoutError",
}
# Names of generated-client attributes and methods that a tag must not take.
RESERVED_ATTRIBUTES = frozenset(
    {"close", "aclose", "with_options", "with_raw_response", "oauth", "options", "base_url"}
)
# OAuth 2 and credential parameter names whose values are never shown.
_SECRET_NAMES = ("client_secret", "refresh_token", "access_token", "password", "code", "oauth_token")
# Model fields left out of reprs (tokens in token answers, secrets in grant bodies).
SECRET_FIELDS = frozenset({"client_secret", "refresh_token", "access_token", "password", "oauth_token"})


class ContextError(Exception):
    """The spec asks for something the client templates cannot express."""


@dataclass
class ErrorClass:
    name: str
    base: str
    status: int | None = None
    type_name: str | None = None
    doc: str = ""


@dataclass
class Credential:
    argument: str
    placements: dict[str, tuple[str, str, str]]
    default: str
    placement_argument: str | None


@dataclass
class OAuth:
    token_module: str  # "<tag>.<module>" of the token operation
    token_path: str
    token_type: str
    token_import: str
    authorization_url: str | None
    refresh_on_401: bool


@dataclass
class ApiContext:
    class_name: str
    error_class: str
    base_url: str
    server_urls: tuple[str, ...]
    credentials: list[Credential]
    default_format: str
    formats: dict[str, tuple[str, str | None, dict[str, Any] | None]]
    selection: tuple[tuple[str, str | None], ...]
    jsonp: tuple[str, str] | None
    jsonp_off: tuple[str, str] | None
    request_format: str
    request_id: str | None
    error_status: str | None
    error_message: tuple[str, ...]
    error_type: str | None
    error_model: tuple[str, str] | None  # (class, module)
    errors: list[ErrorClass]
    dates: dict[str, tuple[str, ...]]
    shapes: dict[str, Any] = field(default_factory=dict)
    error_shape: Any = "*"
    oauth: OAuth | None = None
    coerce_json: bool = False
    uploads: bool = False  # some operation takes a multipart body (file fields)
    # the error rule of bodies of any status: code pointer, code -> (status, class, retryable), when, warnings
    error_code: str | None = None
    error_codes: dict[str, tuple[int, str | None, bool]] = field(default_factory=dict)
    error_when: tuple[tuple[str, bool, Any], ...] = ()
    error_warnings: str | None = None
    # (code, message, type) pointers of an XML error answer, where they differ from the JSON one's
    error_xml: tuple[str | None, tuple[str, ...], str | None] | None = None

    @property
    def credential_params(self) -> list[str]:
        return sorted({name for c in self.credentials for where, name, _ in c.placements.values() if where == "query"})

    @property
    def secret_params(self) -> list[str]:
        return sorted({*self.credential_params, *_SECRET_NAMES})

    @property
    def default_placements(self) -> dict[str, str]:
        return {c.argument: c.default for c in self.credentials}

    @property
    def runtime_credentials(self) -> dict[str, dict[str, tuple[str, str, str]]]:
        return {c.argument: c.placements for c in self.credentials}


def _placement(scheme: Mapping[str, Any]) -> tuple[str, str, str]:
    kind = scheme.get("type")
    if kind == "apiKey":
        return (str(scheme.get("in", "query")), str(scheme["name"]), "")
    if kind == "http":
        word = str(scheme.get("scheme", "bearer"))
        return ("header", "Authorization", f"{word.capitalize() if word.lower() == 'bearer' else word} ")
    return ("header", "Authorization", "Bearer ")


def _credentials(api: Api) -> list[Credential]:
    found = []
    for c in api.quirks.auth.credentials if api.quirks.auth else ():
        placements = {where: _placement(api.security_schemes.get(name) or {}) for where, name in c.schemes.items()}
        found.append(Credential(c.argument, placements, c.default_placement, c.placement_argument))
    return found


def _error_classes(api: Api) -> list[ErrorClass]:
    statuses = set(_STATUS_CLASSES) | api.error_statuses()
    types = api.quirks.errors.types if api.quirks.errors else {}
    statuses |= {t.status for t in types.values()}
    codes = _all_codes(api)
    statuses |= {c.status for c in codes.values()}
    classes: dict[str, ErrorClass] = {}
    by_status: dict[int, str] = {}
    for status in sorted(statuses):
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else f"Status {status}"
        name = (
            _STATUS_CLASSES.get(status) or "".join(w.capitalize() for w in phrase.replace("-", " ").split()) + "Error"
        )
        base = "ServerError" if status >= 500 else "APIStatusError"
        classes[name] = ErrorClass(name, base, status, doc=f"{status} {phrase}.")
        by_status[status] = name
    for type_name, error_type in sorted(types.items()):
        status_class = by_status[error_type.status]
        if error_type.cls in classes:
            if classes[error_type.cls].status not in (None, error_type.status):
                raise ContextError(f"error type {type_name}: class {error_type.cls} already stands for another status")
            classes[error_type.cls].type_name = type_name
            continue
        doc = f"The `{type_name}` error (status {error_type.status})."
        classes[error_type.cls] = ErrorClass(error_type.cls, status_class, None, type_name, doc)
    for text, code in sorted(codes.items()):
        if code.cls is None:
            continue
        known = classes.get(code.cls)
        if known is not None:
            if known.base != by_status[code.status] and known.status != code.status:
                raise ContextError(f"error code {text}: class {code.cls} already stands for another status")
            continue
        doc = f"Error code {text} ({code.kind}, status {code.status})."
        classes[code.cls] = ErrorClass(code.cls, by_status[code.status], None, None, doc)
    return list(classes.values())


def _all_codes(api: Api) -> dict[str, ErrorCode]:
    """The API's error codes and every operation's own (keyed apart, so each keeps its class)."""
    found: dict[str, ErrorCode] = dict(api.quirks.errors.codes) if api.quirks.errors else {}
    for op in api.operations:
        found |= {f"{text} ({op.operation_id})": code for text, code in op.error_codes.items()}
    return found


def runtime_codes(codes: Mapping[str, ErrorCode]) -> dict[str, tuple[int, str | None, bool]]:
    """code -> (logical status, class name or None, retryable), as the runtime reads them."""
    return {text: (code.status, code.cls, code.retryable) for text, code in codes.items()}


def _error_model(data: GeneratorData, quirks: Quirks) -> tuple[str, str] | None:
    if quirks.errors is None or not quirks.errors.schema.startswith("#/components/schemas/"):
        return None
    name = quirks.errors.schema.rsplit("/", 1)[-1]
    for model in data.models:
        if name in {raw(r) for r in model.roots} or f"#/components/schemas/{name}" in {raw(r) for r in model.roots}:
            return model.class_info.name, model.class_info.module_name
    return None


def _oauth(api: Api, data: GeneratorData, planner: Planner) -> OAuth | None:
    quirks = api.quirks
    if quirks.auth is None or quirks.auth.oauth2 is None:
        return None
    if "access_token" not in {c.argument for c in quirks.auth.credentials}:
        raise ContextError("x-soundspec-auth.oauth2 needs a credential with argument `access_token` to hold tokens")
    target = quirks.auth.oauth2.token_operation
    for tag, collection in data.endpoint_collections_by_tag.items():
        for endpoint in collection.endpoints:
            plan = planner(endpoint)
            if plan.operation_id == target:
                if not plan.results:
                    raise ContextError(f"token operation {target} has no success response")
                return OAuth(
                    token_module=f"{tag}.{endpoint.name}",
                    token_path=raw(endpoint.path),
                    token_type=plan.results[0].type_string,
                    token_import=_import_of(endpoint, plan.results[0].type_string),
                    authorization_url=_authorization_url(api, quirks.auth.oauth2.scheme),
                    refresh_on_401=quirks.auth.oauth2.refresh_on_401,
                )
    raise ContextError(f"token operation {target} is not an operation of the spec")


def _import_of(endpoint: Endpoint, class_name: str) -> str:
    found = next((i for i in endpoint.relative_imports if i.endswith(f" import {class_name}")), None)
    if found is None:
        raise ContextError(f"cannot find the import of {class_name}")
    return found.replace("from ...", "from ..", 1)


def _authorization_url(api: Api, scheme_name: str) -> str | None:
    scheme = api.security_schemes.get(scheme_name) or {}
    for flow in (scheme.get("flows") or {}).values():
        if isinstance(flow, dict) and flow.get("authorizationUrl"):
            return str(flow["authorizationUrl"])
    return None


def check_tags(data: GeneratorData) -> None:
    clashes = sorted(set(data.endpoint_collections_by_tag) & RESERVED_ATTRIBUTES)
    if clashes:
        raise ContextError(f"tag(s) {', '.join(clashes)} would hide a client method; rename the tag")


def api_context(api: Api, data: GeneratorData, planner: Planner) -> ApiContext:
    quirks, servers = api.quirks, api.servers
    formats = quirks.formats
    fmt_table: dict[str, tuple[str, str | None, dict[str, Any] | None]] = {"json": ("application/json", None, None)}
    if formats is not None:
        fmt_table = {}
        for name, f in formats.formats.items():
            fmt_table[name] = (f.media_type, f.unsafe, None if f.xml is None else f.xml.as_wire())
    errors = quirks.errors
    context = ApiContext(
        class_name=quirks.class_name,
        error_class=quirks.error_class,
        base_url=servers[0] if servers else "http://localhost",
        server_urls=servers,
        credentials=_credentials(api),
        default_format=formats.default if formats else "json",
        formats=fmt_table,
        selection=tuple((s.by, s.name) for s in formats.selection) if formats else (),
        jsonp=(formats.jsonp.param, formats.jsonp.wrap) if formats and formats.jsonp else None,
        jsonp_off=formats.jsonp.off if formats and formats.jsonp else None,
        request_format=_request_format(fmt_table, formats),
        request_id=quirks.request_id.param if quirks.request_id else None,
        error_status=errors.status if errors else None,
        error_message=errors.message if errors else ("/message",),
        error_type=errors.type if errors else None,
        error_model=_error_model(data, quirks),
        errors=_error_classes(api),
        dates={name: d.parse for name, d in quirks.dates.items()},
        oauth=_oauth(api, data, planner),
    )
    if errors is not None:
        context.error_shape = planner.shapes.shape({"$ref": errors.schema})
        context.error_code = errors.code
        context.error_codes = runtime_codes(errors.codes)
        context.error_when = tuple((w.pointer, w.present, w.equals) for w in errors.when)
        context.error_warnings = errors.warnings
        if errors.xml:
            xml = errors.in_xml()
            context.error_xml = (xml.code, xml.message, xml.type)
    context.uploads = any(
        body.content_type == "multipart/form-data"
        for collection in data.endpoint_collections_by_tag.values()
        for endpoint in collection.endpoints
        for body in endpoint.bodies
    )
    context.coerce_json = any(
        isinstance(node, dict)
        and ("x-soundspec-as" in node or "x-soundspec-unwrap" in node or node.get("x-soundspec-lone-item") is True)
        for _pointer, node in walk(api.document)
    )
    return context


def _request_format(table: Mapping[str, Any], formats: Formats | None) -> str:
    """The format a client asks for unless told otherwise: the spec's `request`, else JSON where
    offered (what a Python caller reads best), else the server's default."""
    if formats is not None and formats.request:
        return formats.request
    return "json" if "json" in table or formats is None else formats.default


def facade_name(tag: str) -> str:
    return naming.tag_attribute(tag)
