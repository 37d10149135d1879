"""Where the real server differed from the old official docs (`x-soundspec-docs-claimed`).

Each note is shown where it stands (operation, parameter, response, field) and once more in a
list at the top. A note on a node the page does not otherwise show still reaches that list,
with its JSON pointer as its place, so no note of the spec is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..refs import walk
from .bodies import Response
from .operations import Operation, Param
from .schemas import Field, SchemaReader, SchemaView

CLAIM = "x-soundspec-docs-claimed"
RUNTIME_ANCHOR = "quirk-runtime"


@dataclass(frozen=True)
class Claim:
    anchor: str | None  # where it is shown on the page; None: only in the list
    where: str
    claimed: str
    did: str


def _field_claims(rows: list[Field], anchor: str, prefix: str, path: str = "") -> Iterator[Claim]:
    for row in rows:
        dotted = f"{path}{row.name}"
        if row.claimed:
            did = row.description or f"Sent the field as `{row.name}`."
            yield Claim(anchor, f"{prefix}field {dotted}", row.claimed, did)
        yield from _field_claims(row.children, anchor, prefix, dotted + ".")


def _operation_claims(op: Operation) -> Iterator[Claim]:
    title = f"{op.method} {op.path}"
    if op.claimed:
        yield Claim(op.anchor, title, op.claimed, op.description or op.summary)
    for param in op.params:
        if param.row.claimed and param.argument is not None:
            yield Claim(op.anchor, f"{title}: parameter {param.name}", param.row.claimed, param.row.description)
    if op.body is not None:
        if op.body.claimed:
            yield Claim(op.anchor, f"{title}: request body", op.body.claimed, op.body.description)
        for content in op.body.contents:
            if content.component is None:  # a component's notes are listed with the component
                yield from _field_claims(content.fields, op.anchor, f"{title}: request body ")
    for response in op.responses:
        yield from _response_claims(response, op.anchor, f"{title}: response {response.status}")


def _response_claims(response: Response, anchor: str, where: str) -> Iterator[Claim]:
    if response.claimed:
        yield Claim(anchor, where, response.claimed, response.description)
    for content in response.contents:
        if content.component is None:
            yield from _field_claims(content.fields, anchor, f"{where} ")
    yield from _field_claims(response.headers, anchor, f"{where} header ")


def collect_claims(
    spec: object,
    *,
    reader: SchemaReader,
    operations: list[Operation],
    runtime: list[Param],
    shared: list[Response],
    schemas: list[SchemaView],
) -> list[Claim]:
    claims: list[Claim] = []
    seen: set[tuple[str, str]] = set()

    def add(claim: Claim) -> None:
        # a shared parameter or response is shown under every operation using it: list it once
        if (claim.claimed, claim.did) not in seen:
            seen.add((claim.claimed, claim.did))
            claims.append(claim)

    for op in operations:
        for claim in _operation_claims(op):
            add(claim)
    for param in runtime:
        if param.row.claimed:
            add(Claim(RUNTIME_ANCHOR, f"parameter {param.name}", param.row.claimed, param.row.description))
    for response in shared:
        for claim in _response_claims(response, response.anchor, f"response {response.shared}"):
            add(claim)
    for schema in schemas:
        if schema.claimed:
            add(Claim(schema.anchor, f"schema {schema.name}", schema.claimed, schema.description))
        for claim in _field_claims(schema.fields, schema.anchor, f"schema {schema.name}, "):
            add(claim)
    for pointer, node in walk(spec):
        if isinstance(node, dict) and isinstance(node.get(CLAIM), str) and id(node) not in reader.shown_claims:
            add(Claim(None, pointer or "/", node[CLAIM], str(node.get("description") or node.get("summary") or "")))
    return claims
