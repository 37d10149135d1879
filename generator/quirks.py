"""The `x-soundspec-*` quirk vocabulary: its JSON Schema and the typed object every part reads.

The vocabulary is documented in docs/quirks.md. `load_quirks` assumes a spec that passed
`soundspec validate`; the schema below is what validation holds the extensions to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .xmlnames import attribute_keys, unwrapped

PREFIX = "x-soundspec-"

_POINTER = {"type": "string", "pattern": "^(/[^/]*)*$"}
_IDENT = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}
# what an error code means: the status class it stands for, and whether asking again may succeed
ERROR_KINDS: dict[str, tuple[int, bool]] = {
    "invalid-request": (400, False),
    "auth": (401, False),
    "permission": (403, False),
    "not-found": (404, False),
    "rate-limited": (429, True),
    "transient": (503, True),
}
_CODES = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": list(ERROR_KINDS)}, "class": _IDENT, "message": {"type": "string"}},
        "additionalProperties": False,
    },
}
# where a page keeps its records, totals (values may be digit strings) and next link
_PAGE_POINTERS: dict[str, Any] = {
    "items": _POINTER,
    "page": _POINTER,
    "total-pages": _POINTER,
    "total": _POINTER,
    "next": _POINTER,
}
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
            "request": {"type": "string"},
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
                                "text": {"type": "string", "minLength": 1},
                                "attributes": {"type": ["string", "null"], "minLength": 1},
                                "arrays": {"enum": ["wrapped", "unwrapped"]},
                                "root-status": {
                                    "type": "object",
                                    "required": ["attribute", "ok", "failed"],
                                    "properties": {
                                        "attribute": {"type": "string", "minLength": 1},
                                        "ok": {"type": "string"},
                                        "failed": {"type": "string"},
                                    },
                                    "additionalProperties": False,
                                },
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
                "properties": {
                    "param": {"type": "string"},
                    "wrap": {"type": "string", "pattern": "[{]callback[}].*[{]body[}]"},
                    "default-callback": {"type": "string", "minLength": 1},
                    "off": {
                        "type": "object",
                        "required": ["param", "value"],
                        "properties": {"param": {"type": "string"}, "value": {"type": "string"}},
                        "additionalProperties": False,
                    },
                },
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
            "code": _POINTER,
            "codes": _CODES,
            "when": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["present"],
                            "properties": {"present": _POINTER},
                            "additionalProperties": False,
                        },
                        {
                            "type": "object",
                            "required": ["at", "equals"],
                            "properties": {"at": _POINTER, "equals": {}},
                            "additionalProperties": False,
                        },
                    ]
                },
            },
            "warnings": _POINTER,
            # where an XML error answer keeps its code and message, when not where the JSON one does
            # (`<error code="6">message</error>` beside `{"error": 6, "message": "..."}`)
            "xml": {
                "type": "object",
                "minProperties": 1,
                "properties": {
                    "code": _POINTER,
                    "message": {"type": "array", "minItems": 1, "items": _POINTER},
                    "type": _POINTER,
                },
                "additionalProperties": False,
            },
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
    # the server answers a form-encoded POST to a GET operation's path as that GET, its fields read
    # as the query (Last.fm, Flickr: clients that POST every call)
    "x-soundspec-post-reads": {"type": "boolean"},
    "x-soundspec-pagination": {
        "oneOf": [
            {
                "type": "object",
                "required": ["style", "next"],
                "properties": {
                    "style": {"const": "next-link"},
                    # a top-level field's name, or a JSON pointer into the page (`/links/next`)
                    "next": {"type": "string"},
                    "items": _POINTER,
                    "total": _POINTER,
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
                    "items": _POINTER,
                    "total": _POINTER,
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
            {
                "type": "object",
                "required": ["style", "page-param"],
                "properties": {
                    "style": {"const": "page-number"},
                    "page-param": {"type": "string"},
                    "size-param": {"type": "string"},
                    "max-size": {"type": "integer", "minimum": 1},
                    "first-page": {"type": "integer", "minimum": 0},
                    **_PAGE_POINTERS,
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
    # (operations) one of several operations sharing `path`, told apart by a fixed parameter value
    "x-soundspec-dispatch": {
        "type": "object",
        "required": ["path", "param", "value"],
        "properties": {
            "path": {"type": "string", "pattern": "^/"},
            "param": {"type": "string", "minLength": 1},
            "value": {"type": "string", "minLength": 1},
            # where the value goes: the query (default) or the form-encoded request body
            "in": {"enum": ["query", "form"]},
            # the server matches the value ignoring case (`artist.getinfo` for `artist.getInfo`)
            "ignore-case": {"type": "boolean"},
        },
        "additionalProperties": False,
    },
    # (operations) where this operation's page keeps its records, totals and next link (any style)
    "x-soundspec-page": {
        "type": "object",
        "minProperties": 1,
        "properties": _PAGE_POINTERS,
        "additionalProperties": False,
    },
    # (operations) error codes that mean something else here than x-soundspec-errors.codes says
    "x-soundspec-error-codes": _CODES,
    # (schemas) a value sent as text (`"42"`, `"1"`) that callers get as this JSON type
    "x-soundspec-as": {"enum": ["integer", "number", "boolean"]},
    # (array schemas) the server wrote a list of one as its item alone (`"track": {...}`)
    "x-soundspec-lone-item": {"type": "boolean"},
    # (schemas) an object that only wraps its value (`{"_content": "..."}`, `{"#text": "..."}`):
    # callers get the value of this property
    "x-soundspec-unwrap": {"type": "string", "minLength": 1},
    # (schemas with anyOf/oneOf) which answer a query parameter chooses, one condition per branch:
    # the parameter absent, present, or equal to a value; clients type each call by its arguments
    "x-soundspec-chosen-by": {
        "type": "object",
        "required": ["param", "branches"],
        "properties": {
            "param": {"type": "string", "minLength": 1},
            "branches": {
                "type": "array",
                "minItems": 2,
                "items": {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "properties": {"absent": {"const": True}, "present": {"const": True}, "equals": {"type": "string"}},
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    },
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
    text: str | None = None  # the key of an element's text beside its attributes (`#text`)
    attributes: str | None = None  # the key gathering an element's attributes beside children (`@attr`)
    arrays: str = "wrapped"
    root_status: dict[str, str] | None = None  # {attribute, ok, failed} on the root element
    # from the spec's OpenAPI `xml` objects, not quirk keys: arrays declared `wrapped: false`,
    # properties declared `attribute: true`
    unwrapped: dict[str, dict[str, str]] = field(default_factory=dict)
    attribute_keys: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def reserved_keys(self) -> frozenset[str]:
        """Keys of JSON-shaped data that stand for an element's text and attributes, not elements."""
        return frozenset(k for k in (self.text or "#text", self.attributes) if k)

    def as_wire(self) -> dict[str, Any]:
        """The mapping `generator/wire/xml_dialect.py` (and every generated client) reads."""
        return {
            "root": self.root, "item": self.item, "literals": self.literals, "type-attribute": self.type_attribute,
            "nil-attribute": self.nil_attribute, "dasherize": self.dasherize, "text": self.text,
            "attributes": self.attributes, "arrays": self.arrays, "root-status": self.root_status,
            "unwrapped": self.unwrapped, "attribute-keys": self.attribute_keys,
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
    # the wrapper's name when the request names none (JSON formats are then always wrapped)
    default_callback: str | None = None
    off: tuple[str, str] | None = None  # (parameter, value) that asks for bare JSON


@dataclass(frozen=True)
class Formats:
    default: str  # what the server answers when the request asks for none
    formats: dict[str, Format]
    selection: tuple[Selection, ...]
    jsonp: Jsonp | None
    request: str | None = None  # what a client asks for unless told otherwise (None: json if offered)


@dataclass(frozen=True)
class RequestId:
    param: str
    field: str


@dataclass(frozen=True)
class ErrorType:
    status: int
    cls: str


@dataclass(frozen=True)
class ErrorCode:
    """What one of the API's error codes means."""

    kind: str  # a key of ERROR_KINDS
    cls: str | None  # its own error class, under the kind's status class
    message: str | None  # the message the API sends with it (the mock's)

    @property
    def status(self) -> int:
        return ERROR_KINDS[self.kind][0]

    @property
    def retryable(self) -> bool:
        return ERROR_KINDS[self.kind][1]


@dataclass(frozen=True)
class ErrorWhen:
    """A body is an error answer when the value at `pointer` is present (`equals` None) or equal to `equals`."""

    pointer: str
    equals: Any = None
    present: bool = False


@dataclass(frozen=True)
class Errors:
    schema: str
    http_status: int | None
    status: str | None
    message: tuple[str, ...]
    type: str | None
    types: dict[str, ErrorType]
    code: str | None = None  # pointer to the API's own error code
    codes: dict[str, ErrorCode] = field(default_factory=dict)  # by the code's text ("6" for 6)
    when: tuple[ErrorWhen, ...] = ()  # an answer of any status whose body matches one is an error
    warnings: str | None = None  # pointer to non-fatal warnings in a success body
    xml: dict[str, Any] | None = None  # the XML answer's own pointers (code, message, type)

    def in_xml(self) -> Errors:
        """The rule as it reads an XML error answer (its own pointers where it has them)."""
        if not self.xml:
            return self
        return replace(
            self,
            code=self.xml.get("code", self.code),
            message=tuple(self.xml.get("message", self.message)),
            type=self.xml.get("type", self.type),
            xml=None,
        )

    @staticmethod
    def relaid(body: Any, source: Errors, target: Errors) -> Any:
        """An error body's code, message and type moved from `source`'s pointers to `target`'s
        (between the JSON and the XML layout of one API's error answer)."""
        out: Any = {}
        pairs = ((source.code, target.code), (source.message[0], target.message[0]), (source.type, target.type))
        for read, write in pairs:
            found, value = at_pointer(body, read) if read else (False, None)
            if found and write:
                set_at(out, write, value)
        return out

    def from_xml(self, data: Any) -> Any:
        """An XML error answer in the JSON layout that the error schema describes."""
        return self.relaid(data, self.in_xml(), self) if self.xml and self.is_error(data) else data

    def is_error(self, data: Any) -> bool:
        """Whether a decoded body of any status is the API's error answer (by `when`)."""
        for rule in self.when:
            found, value = at_pointer(data, rule.pointer)
            if found and (rule.present or value == rule.equals or str(value) == str(rule.equals)):
                return True
        return False

    def code_of(self, data: Any, overrides: dict[str, ErrorCode] | None = None) -> ErrorCode | None:
        """What the code in an error body means, the operation's overrides first."""
        if self.code is None:
            return None
        found, value = at_pointer(data, self.code)
        if not found or value is None:
            return None
        text = str(value)
        return (overrides or {}).get(text) or self.codes.get(text)

    def code_for(self, status: int, overrides: dict[str, ErrorCode] | None = None) -> str | None:
        """A code of the kind that stands for `status` (what a mock sends), the operation's first."""
        for table in (overrides or {}, self.codes):
            for text, meaning in table.items():
                if meaning.status == status:
                    return text
        return None


def at_pointer(data: Any, pointer: str) -> tuple[bool, Any]:
    """(found, value) at a JSON pointer of decoded data."""
    for raw in pointer.lstrip("/").split("/") if pointer else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return False, None
    return True, data


def set_at(doc: Any, pointer: str, value: Any) -> None:
    """Write `value` at a JSON pointer, making the objects and lists on the way."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")] if pointer else []
    node = doc
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1
        nxt: Any = value if last else ([] if tokens[i + 1].isdigit() else {})
        if isinstance(node, list):
            index = int(token)
            while len(node) <= index:
                node.append(None)
            if last or not isinstance(node[index], dict | list):
                node[index] = nxt
            node = node[index]
        else:
            if last or not isinstance(node.get(token), dict | list):
                node[token] = nxt
            node = node[token]


def error_codes(raw: Any) -> dict[str, ErrorCode]:
    """A `codes` table (root `x-soundspec-errors.codes`, or an operation's `x-soundspec-error-codes`)."""
    if not isinstance(raw, dict):
        return {}
    return {
        str(code): ErrorCode(str(v["kind"]), v.get("class"), v.get("message"))
        for code, v in raw.items()
        if isinstance(v, dict) and v.get("kind") in ERROR_KINDS
    }


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
class Dispatch:
    """Where a dispatched operation really goes: `path`, with the query parameter `param` = `value`.

    OpenAPI keys paths uniquely, so the spec files each dispatched operation under a path key of its
    own (an alias) and says here where requests go on the wire.
    """

    path: str
    param: str
    value: str
    location: str = "query"  # or "form": a field of the form-encoded request body
    ignore_case: bool = False

    def matches(self, value: Any) -> bool:
        """Whether a request's value of `param` names this operation."""
        if not isinstance(value, str):
            return False
        return value.casefold() == self.value.casefold() if self.ignore_case else value == self.value


def dispatch_of(node: Any) -> Dispatch | None:
    """The dispatch an Operation Object declares (`x-soundspec-dispatch`), if any."""
    raw = node.get("x-soundspec-dispatch") if isinstance(node, dict) else None
    if not isinstance(raw, dict) or not {"path", "param", "value"} <= set(raw):
        return None
    return Dispatch(
        str(raw["path"]),
        str(raw["param"]),
        str(raw["value"]),
        str(raw.get("in", "query")),
        raw.get("ignore-case") is True,
    )


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
    post_reads: bool = False
    # some array schema says a list of one may come as its item alone (`x-soundspec-lone-item`)
    lone_items: bool = False

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
                if self.formats.jsonp.off is not None:
                    names.add(self.formats.jsonp.off[0])
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
                text=x.get("text"),
                attributes=x.get("attributes"),
                arrays=x.get("arrays", "wrapped"),
                root_status=dict(x["root-status"]) if "root-status" in x else None,
                unwrapped=unwrapped(spec),
                attribute_keys=attribute_keys(spec),
            )
        formats[name] = Format(name, f["media-type"], f.get("unsafe"), dialect, bool(f.get("jsonp", False)))
    selection = tuple(Selection(s["by"], s.get("name")) for s in raw["selection"])
    j = raw.get("jsonp")
    jsonp = None
    if j is not None:
        off = j.get("off")
        jsonp = Jsonp(
            j["param"], j["wrap"], j.get("default-callback"), None if off is None else (off["param"], off["value"])
        )
    return Formats(raw["default"], formats, selection, jsonp, raw.get("request"))


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
        code=raw.get("code"),
        codes=error_codes(raw.get("codes")),
        when=tuple(
            ErrorWhen(w["present"], present=True) if "present" in w else ErrorWhen(w["at"], w["equals"])
            for w in raw.get("when", [])
        ),
        warnings=raw.get("warnings"),
        xml=dict(raw["xml"]) if "xml" in raw else None,
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
        post_reads=bool(spec.get("x-soundspec-post-reads", False)),
        lone_items=_declares(spec, "x-soundspec-lone-item"),
    )


def _declares(node: Any, key: str, depth: int = 0) -> bool:
    """Whether `key` is set true anywhere in the document (examples included: it is a key, not a value)."""
    if depth > 64:
        return False
    if isinstance(node, dict):
        return node.get(key) is True or any(_declares(v, key, depth + 1) for v in node.values())
    if isinstance(node, list):
        return any(_declares(v, key, depth + 1) for v in node)
    return False
