"""The `x-soundspec-*` quirk vocabulary: its JSON Schema and the typed object every part reads.

The vocabulary is documented in docs/quirks.md. `load_quirks` assumes a spec that passed
`soundspec validate`; the schema below is what validation holds the extensions to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .xmlnames import unwrapped

PREFIX = "x-soundspec-"

_POINTER = {"type": "string", "pattern": "^(/[^/]*)*$"}
_IDENT = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
_FAILURE = {
    "type": "object",
    "required": ["status", "body"],
    "properties": {"status": {"type": "integer"}, "body": {}},
    "additionalProperties": False,
}

ROOT_KEYS: dict[str, dict[str, Any]] = {
    "x-soundspec-client": {
        "type": "object",
        "required": ["class-name", "error-class"],
        "properties": {"class-name": _IDENT, "error-class": _IDENT},
        "additionalProperties": False,
    },
    "x-soundspec-auth": {
        "type": "object",
        "required": ["credentials"],
        "properties": {
            "credentials": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["argument", "schemes"],
                    "properties": {
                        "argument": _IDENT,
                        "schemes": {
                            "type": "object",
                            "minProperties": 1,
                            "additionalProperties": {"type": "string"},
                        },
                        "default-placement": {"type": "string"},
                        "placement-argument": _IDENT,
                    },
                    "additionalProperties": False,
                },
            },
            "failures": {
                "type": "object",
                "properties": {"missing": _FAILURE, "invalid": _FAILURE},
                "additionalProperties": False,
            },
            "oauth2": {
                "type": "object",
                "required": ["scheme", "token-operation"],
                "properties": {
                    "scheme": {"type": "string"},
                    "token-operation": {"type": "string"},
                    "refresh-on-401": {"type": "boolean"},
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    },
    "x-soundspec-formats": {
        "type": "object",
        "required": ["default", "formats", "selection"],
        "properties": {
            "default": {"type": "string"},
            "formats": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {
                    "type": "object",
                    "required": ["media-type"],
                    "properties": {
                        "media-type": {"type": "string"},
                        "unsafe": {"type": "string"},
                        "jsonp": {"type": "boolean"},
                        "xml": {
                            "type": "object",
                            "properties": {
                                "root": {"type": ["string", "null"]},
                                "item": {"type": ["string", "null"]},
                                "literals": {"type": "object"},
                                "type-attribute": {"type": ["string", "null"]},
                                "nil-attribute": {"type": ["string", "null"]},
                                "dasherize": {"type": "boolean"},
                            },
                            "additionalProperties": False,
                        },
                    },
                    "additionalProperties": False,
                },
            },
            "selection": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["by"],
                    "properties": {
                        "by": {"enum": ["query", "suffix", "accept"]},
                        "name": {"type": "string"},
                    },
                    "additionalProperties": False,
                },
            },
            "jsonp": {
                "type": "object",
                "required": ["param", "wrap"],
                "properties": {"param": {"type": "string"}, "wrap": {"type": "string"}},
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
    },
    "x-soundspec-request-id": {
        "type": "object",
        "required": ["param", "field"],
        "properties": {"param": {"type": "string"}, "field": {"type": "string"}},
        "additionalProperties": False,
    },
    "x-soundspec-errors": {
        "type": "object",
        "required": ["schema", "message"],
        "properties": {
            "schema": {"type": "string", "pattern": "^#/"},
            "http-status": {"type": "integer"},
            "status": _POINTER,
            "message": {"type": "array", "minItems": 1, "items": _POINTER},
            "type": _POINTER,
            "types": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "required": ["status", "class"],
                    "properties": {"status": {"type": "integer"}, "class": _IDENT},
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    },
    "x-soundspec-dates": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "required": ["parse"],
            "properties": {
                "parse": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                "pattern": {"type": "string"},
            },
            "additionalProperties": False,
        },
    },
    "x-soundspec-trailing-slash": {
        "type": "object",
        "required": ["required"],
        "properties": {"required": {"type": "boolean"}, "redirect": {"type": "integer"}},
        "additionalProperties": False,
    },
    "x-soundspec-pagination": {
        "oneOf": [
            {
                "type": "object",
                "required": ["style", "next"],
                "properties": {
                    "style": {"const": "next-link"},
                    "next": {"type": "string"},
                    "previous": {"type": "string"},
                    "page-param": {"type": "string"},
                    "size-param": {"type": "string"},
                    "max-size": {"type": "integer"},
                    "links-carry-credentials": {"type": "boolean"},
                },
                "additionalProperties": False,
            },
            {
                "type": "object",
                "required": ["style", "limit-param", "offset-param"],
                "properties": {
                    "style": {"const": "offset-limit"},
                    "limit-param": {"type": "string"},
                    "offset-param": {"type": "string"},
                    "default-limit": {"type": "integer"},
                    "max-limit": {"type": "integer"},
                    "max-offset": {"type": "integer"},
                    "linked": {
                        "type": "object",
                        "required": ["param", "value", "collection", "next"],
                        "properties": {
                            "param": {"type": "string"},
                            "value": {"type": "string"},
                            "collection": {"type": "string"},
                            "next": {"type": "string"},
                        },
                        "additionalProperties": False,
                    },
                },
                "additionalProperties": False,
            },
        ]
    },
}

# Keys that may stand on any object of the document (operations, parameters, schemas...).
ANYWHERE_KEYS: dict[str, dict[str, Any]] = {
    "x-soundspec-docs-claimed": {"type": "string", "minLength": 1},
    "x-soundspec-error-types": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    "x-soundspec-since": {"type": "string", "pattern": r"^\d{4}(-\d{2}){0,2}$"},
    "x-soundspec-mock": {"type": "object"},
    # (operations) the server refused a request that sent none of these parameters
    "x-soundspec-requires-any-of": {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "minItems": 2,
        "uniqueItems": True,
    },
}

KNOWN_KEYS = frozenset(ROOT_KEYS) | frozenset(ANYWHERE_KEYS)


@dataclass(frozen=True)
class Credential:
    argument: str
    schemes: dict[str, str]
    default_placement: str
    placement_argument: str | None


@dataclass(frozen=True)
class AuthFailure:
    status: int
    body: Any


@dataclass(frozen=True)
class OAuth2:
    scheme: str
    token_operation: str
    refresh_on_401: bool


@dataclass(frozen=True)
class Auth:
    credentials: tuple[Credential, ...]
    failures: dict[str, AuthFailure]
    oauth2: OAuth2 | None


@dataclass(frozen=True)
class XmlDialect:
    root: str | None = None
    item: str | None = None
    literals: dict[str, Any] = field(default_factory=dict)
    type_attribute: str | None = None
    nil_attribute: str | None = None
    dasherize: bool = False
    # from the spec's OpenAPI `xml` objects, not a quirk key: arrays declared `wrapped: false`
    unwrapped: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_wire(self) -> dict[str, Any]:
        """The mapping `generator/wire/xml_dialect.py` (and every generated client) reads."""
        return {
            "root": self.root, "item": self.item, "literals": self.literals, "type-attribute": self.type_attribute,
            "nil-attribute": self.nil_attribute, "dasherize": self.dasherize, "unwrapped": self.unwrapped,
        }  # fmt: skip


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    unsafe: str | None
    xml: XmlDialect | None
    jsonp: bool = False  # the JSON body, wrapped in the `jsonp` callback when one is given


@dataclass(frozen=True)
class Selection:
    by: str
    name: str | None


@dataclass(frozen=True)
class Jsonp:
    param: str
    wrap: str


@dataclass(frozen=True)
class Formats:
    default: str
    formats: dict[str, Format]
    selection: tuple[Selection, ...]
    jsonp: Jsonp | None


@dataclass(frozen=True)
class RequestId:
    param: str
    field: str


@dataclass(frozen=True)
class ErrorType:
    status: int
    cls: str


@dataclass(frozen=True)
class Errors:
    schema: str
    http_status: int | None
    status: str | None
    message: tuple[str, ...]
    type: str | None
    types: dict[str, ErrorType]


@dataclass(frozen=True)
class DateFormat:
    name: str
    parse: tuple[str, ...]
    pattern: str | None


@dataclass(frozen=True)
class TrailingSlash:
    required: bool
    redirect: int | None


@dataclass(frozen=True)
class Pagination:
    style: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class Quirks:
    class_name: str
    error_class: str
    auth: Auth | None
    formats: Formats | None
    request_id: RequestId | None
    errors: Errors | None
    dates: dict[str, DateFormat]
    trailing_slash: TrailingSlash | None
    pagination: Pagination | None

    def credential_problem(self, given: Iterable[str]) -> str | None:
        """What is wrong with credentials given by argument name, or None: a misspelt name would
        otherwise be dropped without a word, and every request then fails auth."""
        takes = [c.argument for c in self.auth.credentials] if self.auth is not None else []
        unknown = sorted(set(given) - set(takes))
        if unknown:
            return f"unknown credential {', '.join(unknown)} (this API takes: {', '.join(takes) or 'none'})"
        return None

    def owned_query_params(self) -> frozenset[str]:
        """Query parameters the runtime sets itself, not the caller of an endpoint function."""
        names: set[str] = set()
        if self.formats is not None:
            names.update(s.name for s in self.formats.selection if s.by == "query" and s.name)
            if self.formats.jsonp is not None:
                names.add(self.formats.jsonp.param)
        if self.request_id is not None:
            names.add(self.request_id.param)
        return frozenset(names)


def _auth(raw: dict[str, Any] | None) -> Auth | None:
    if raw is None:
        return None
    creds = tuple(
        Credential(
            argument=c["argument"],
            schemes=dict(c["schemes"]),
            default_placement=c.get("default-placement", next(iter(c["schemes"]))),
            placement_argument=c.get("placement-argument"),
        )
        for c in raw["credentials"]
    )
    failures = {k: AuthFailure(v["status"], v["body"]) for k, v in raw.get("failures", {}).items()}
    o = raw.get("oauth2")
    oauth2 = None if o is None else OAuth2(o["scheme"], o["token-operation"], bool(o.get("refresh-on-401", False)))
    return Auth(creds, failures, oauth2)


def _formats(raw: dict[str, Any] | None, spec: dict[str, Any]) -> Formats | None:
    if raw is None:
        return None
    formats: dict[str, Format] = {}
    for name, f in raw["formats"].items():
        x = f.get("xml")
        dialect = None
        if x is not None:
            dialect = XmlDialect(
                root=x.get("root"),
                item=x.get("item"),
                literals=dict(x.get("literals", {})),
                type_attribute=x.get("type-attribute"),
                nil_attribute=x.get("nil-attribute"),
                dasherize=bool(x.get("dasherize", False)),
                unwrapped=unwrapped(spec),
            )
        formats[name] = Format(name, f["media-type"], f.get("unsafe"), dialect, bool(f.get("jsonp", False)))
    selection = tuple(Selection(s["by"], s.get("name")) for s in raw["selection"])
    j = raw.get("jsonp")
    return Formats(raw["default"], formats, selection, None if j is None else Jsonp(j["param"], j["wrap"]))


def _errors(raw: dict[str, Any] | None) -> Errors | None:
    if raw is None:
        return None
    return Errors(
        schema=raw["schema"],
        http_status=raw.get("http-status"),
        status=raw.get("status"),
        message=tuple(raw["message"]),
        type=raw.get("type"),
        types={k: ErrorType(v["status"], v["class"]) for k, v in raw.get("types", {}).items()},
    )


def load_quirks(spec: dict[str, Any]) -> Quirks:
    """Read the root `x-soundspec-*` extensions of a validated spec into one typed object."""
    client = spec.get("x-soundspec-client", {})
    title = "".join(w.capitalize() for w in str(spec.get("info", {}).get("title", "Api")).split() if w.isalnum())
    rid = spec.get("x-soundspec-request-id")
    slash = spec.get("x-soundspec-trailing-slash")
    pag = spec.get("x-soundspec-pagination")
    return Quirks(
        class_name=client.get("class-name", f"{title}Client"),
        error_class=client.get("error-class", f"{title}Error"),
        auth=_auth(spec.get("x-soundspec-auth")),
        formats=_formats(spec.get("x-soundspec-formats"), spec),
        request_id=None if rid is None else RequestId(rid["param"], rid["field"]),
        errors=_errors(spec.get("x-soundspec-errors")),
        dates={
            name: DateFormat(name, tuple(d["parse"]), d.get("pattern"))
            for name, d in spec.get("x-soundspec-dates", {}).items()
        },
        trailing_slash=None if slash is None else TrailingSlash(slash["required"], slash.get("redirect")),
        pagination=None if pag is None else Pagination(pag["style"], {k: v for k, v in pag.items() if k != "style"}),
    )
