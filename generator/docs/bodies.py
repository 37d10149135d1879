"""Request and response bodies as views: media types, schemas, examples, links, recordings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..apimodel import Operation, RequestBody
from .schemas import SCHEMA_PREFIX, Field, Part, SchemaReader, field_names

RESPONSE_PREFIX = "#/components/responses/"


@dataclass
class Example:
    title: str
    text: str
    value: Any
    anchor: str = ""  # where the page shows its text
    first: bool = True  # False: the same text is shown at `anchor`, earlier on the page
    owner: str = ""  # the operation or response that shows it at `anchor`


@dataclass
class Content:
    media_types: list[str]  # media types sharing this schema
    types: list[Part]
    fields: list[Field]
    component: str | None  # the component schema whose fields these are
    examples: list[Example] = field(default_factory=list)
    models: list[Model] = field(default_factory=list)  # the component schemas a body may be

    @property
    def search_words(self) -> list[str]:
        linked = [part.text for part in self.types if part.href and part.href.startswith("#schema-")]
        return linked + field_names(self.fields)


@dataclass(frozen=True)
class Model:
    """A component schema a body can be: the generated model class is named after it."""

    name: str
    required: frozenset[str]
    fixed: dict[str, frozenset[str]]  # property -> the only values it takes (const, enum)

    def fits(self, value: Any) -> bool:
        if not isinstance(value, dict) or not self.required <= set(value):
            return False
        return all(value[k] in allowed for k, allowed in self.fixed.items() if k in value)


@dataclass
class Body:
    required: bool
    description: str
    claimed: str | None
    contents: list[Content]


@dataclass
class Recorded:
    name: str
    path: str
    request: str
    status: int
    media_type: str
    kind: str
    source: str
    notes: str
    text: str
    truncated: int  # lines left out


@dataclass(frozen=True)
class Link:
    name: str
    operation_id: str
    anchor: str
    parameters: dict[str, str]


@dataclass
class Response:
    status: str
    description: str
    claimed: str | None
    contents: list[Content]
    headers: list[Field]
    links: list[Link]
    shared: str | None = None  # the components/responses entry an error response refers to
    recordings: list[Recorded] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"response-{self.shared}"

    @property
    def search_words(self) -> list[str]:
        return [*(self.shared or "").split(), *(w for content in self.contents for w in content.search_words)]

    @property
    def search_text(self) -> str:
        return " ".join(self.search_words).lower()


def _examples(reader: SchemaReader, media: dict[str, Any]) -> list[Example]:
    found: list[tuple[str, Any]] = []
    if "example" in media:
        found.append(("Example", media["example"]))
    for key, raw in (media.get("examples") or {}).items():
        ex = reader.resolve(raw)
        if isinstance(ex, dict) and "value" in ex:
            found.append((str(ex.get("summary") or key), ex["value"]))
    out = []
    for title, value in found:
        text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
        out.append(Example(title, text, value))
    return out


def _contents(reader: SchemaReader, content: Any) -> list[Content]:
    """One entry per schema: media types with the same schema are listed together."""
    out: list[Content] = []
    for media_type, raw in (content or {}).items():
        media = raw if isinstance(raw, dict) else {}
        schema = media.get("schema")
        types = reader.types(schema) if schema is not None else [Part("no schema")]
        rows = reader.fields(schema) if schema is not None else []
        examples = _examples(reader, media)
        same = next((c for c in out if c.types == types and c.fields == rows), None)
        if same is not None:
            same.media_types.append(str(media_type))
            same.examples += examples
            continue
        component = types[0].text if len(types) == 1 and types[0].href else None
        out.append(Content([str(media_type)], types, rows, component, examples, _models(reader, schema)))
    return out


def _models(reader: SchemaReader, schema: Any) -> list[Model]:
    """The component schemas behind a body schema: itself, or the alternatives of its oneOf/anyOf."""
    if not isinstance(schema, dict):
        return []
    refs = [schema] if "$ref" in schema else [*(schema.get("oneOf") or []), *(schema.get("anyOf") or [])]
    out = []
    for ref in refs:
        name = ref.get("$ref", "") if isinstance(ref, dict) else ""
        if not name.startswith(SCHEMA_PREFIX):
            continue
        target = reader.resolve(ref)
        fixed = {}
        for prop, raw in (target.get("properties") or {}).items():
            sub = reader.resolve(raw)
            if "const" in sub:
                fixed[str(prop)] = frozenset([sub["const"]])
            elif isinstance(sub.get("enum"), list) and len(sub["enum"]) == 1:
                fixed[str(prop)] = frozenset(sub["enum"])
        out.append(Model(name.removeprefix(SCHEMA_PREFIX), frozenset(reader.required_names(target)), fixed))
    return out


def _headers(reader: SchemaReader, response: dict[str, Any]) -> list[Field]:
    rows = []
    for name, raw in (response.get("headers") or {}).items():
        header = reader.resolve(raw)
        row = reader.row(str(name), header.get("schema") or {}, bool(header.get("required")))
        row.description = str(header.get("description") or row.description)
        rows.append(row)
    return rows


def _links(response: dict[str, Any]) -> list[Link]:
    out = []
    for name, link in (response.get("links") or {}).items():
        if isinstance(link, dict) and isinstance(link.get("operationId"), str):
            params = {str(k): str(v) for k, v in (link.get("parameters") or {}).items()}
            out.append(Link(str(name), link["operationId"], f"op-{link['operationId']}", params))
    return out


def read_response(reader: SchemaReader, status: str, raw: Any) -> Response:
    response = reader.resolve(raw)
    return Response(
        status=status,
        description=str(response.get("description") or ""),
        claimed=reader.claim(raw) or reader.claim(response),
        contents=_contents(reader, response.get("content")),
        headers=_headers(reader, response),
        links=_links(response),
    )


def read_responses(reader: SchemaReader, op: Operation) -> list[Response]:
    out = []
    for response in op.responses:
        ref, status = response.ref, response.status
        if ref is not None and ref.startswith(RESPONSE_PREFIX) and not status.startswith(("1", "2", "3")):
            # an error answer many operations share is shown in full once, in Shared responses
            name = ref.removeprefix(RESPONSE_PREFIX)
            out.append(Response(status, str(response.node.get("description") or ""), None, [], [], [], shared=name))
            continue
        out.append(read_response(reader, status, response.node))
    return out


def read_body(reader: SchemaReader, body: RequestBody | None) -> Body | None:
    if body is None:
        return None
    node = body.node
    return Body(
        body.required, str(node.get("description") or ""), reader.claim(node), _contents(reader, node.get("content"))
    )
