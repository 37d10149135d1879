"""What the old official docs said where the real server did otherwise (`x-soundspec-docs-claimed`).

Each note is shown where it stands (operation, parameter, response, field) and once more in a
list at the top. A note on a node the page does not otherwise show still reaches that list,
with its JSON pointer as its place, so no note of the spec is ever dropped.

Not every note is an error of the docs: some record that the docs never mentioned an endpoint
or a key the server had, or keep a recommendation of theirs. `kind_of` tells them apart by what
the note says, so the page counts each kind for what it is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..refs import walk
from .bodies import Response
from .operations import Operation, Param
from .schemas import Field, SchemaReader, SchemaView

CLAIM = "x-soundspec-docs-claimed"
RUNTIME_ANCHOR = "quirk-runtime"

DIFFERED, SILENT, ADVICE = "differed", "silent", "advice"
# the docs never mentioned it: "Undocumented endpoint (not in DOC)", "DOC's table leaves this key out"
_SILENT = re.compile(
    r"\bundocumented\b|\bnot (?:in|mentioned by|listed (?:in|by)) (?:the )?(?:DOC|docs?|reference)\b"
    r"|\bleaves? (?:this|the|it)\b[^.;]*\bout\b|\b(?:does|did) not (?:mention|list|document)\b",
    re.IGNORECASE,
)
# a recommendation of the docs, no statement about the wire
_ADVICE = re.compile(r"\brecommend", re.IGNORECASE)


def kind_of(claimed: str) -> str:
    """`silent`: the docs did not mention it; `advice`: they recommended something; else `differed`."""
    if _SILENT.search(claimed):
        return SILENT
    return ADVICE if _ADVICE.search(claimed) else DIFFERED


@dataclass(frozen=True)
class Claim:
    anchor: str | None  # where it is shown on the page; None: only in the list
    where: str
    claimed: str
    did: str
    subject: str = "place"  # what the note is about: endpoint, parameter, field, header, ...

    @property
    def kind(self) -> str:
        return kind_of(self.claimed)


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    return f"{count} " + (
        noun[:-1] + "ies" if noun.endswith("y") else noun + "es" if noun.endswith("s") else noun + "s"
    )


def _listed(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def summary(claims: list[Claim]) -> str:
    """What the notes add up to, in one sentence: "The old official docs differed from the server
    in 14 places and were silent on 4 endpoints and 2 fields; 1 more note keeps their advice." """
    kinds = Counter(c.kind for c in claims)
    parts = []
    if kinds[DIFFERED]:
        parts.append(f"differed from the server in {_plural(kinds[DIFFERED], 'place')}")
    if kinds[SILENT]:
        subjects = Counter(c.subject for c in claims if c.kind == SILENT)
        ordered = sorted(subjects.items(), key=lambda item: (-item[1], item[0]))
        parts.append("were silent on " + _listed([_plural(n, subject) for subject, n in ordered]))
    sentence = "The old official docs " + (" and ".join(parts) if parts else "were not found wrong")
    if kinds[ADVICE]:
        more = "more " if parts else ""
        verb = "keeps" if kinds[ADVICE] == 1 else "keep"
        sentence += f"; {_plural(kinds[ADVICE], more + 'note')} {verb} their advice"
    return sentence + "."


def _field_claims(
    rows: list[Field], anchor: str, prefix: str, path: str = "", subject: str = "field"
) -> Iterator[Claim]:
    for row in rows:
        dotted = f"{path}{row.name}"
        if row.claimed:
            did = row.description or f"Sent the field as `{row.name}`."
            yield Claim(anchor, f"{prefix}{subject} {dotted}", row.claimed, did, subject)
        yield from _field_claims(row.children, anchor, prefix, dotted + ".", subject)


def _operation_claims(op: Operation) -> Iterator[Claim]:
    title = f"{op.method} {op.path}"
    if op.claimed:
        yield Claim(op.anchor, title, op.claimed, op.description or op.summary, "endpoint")
    for param in op.params:
        if param.row.claimed and param.argument is not None:
            yield Claim(
                op.anchor, f"{title}: parameter {param.name}", param.row.claimed, param.row.description, "parameter"
            )
    if op.body is not None:
        if op.body.claimed:
            yield Claim(op.anchor, f"{title}: request body", op.body.claimed, op.body.description, "request body")
        for content in op.body.contents:
            if content.component is None:  # a component's notes are listed with the component
                yield from _field_claims(content.fields, op.anchor, f"{title}: request body ")
    for response in op.responses:
        yield from _response_claims(response, op.anchor, f"{title}: response {response.status}")


def _response_claims(response: Response, anchor: str, where: str) -> Iterator[Claim]:
    if response.claimed:
        yield Claim(anchor, where, response.claimed, response.description, "response")
    for content in response.contents:
        if content.component is None:
            yield from _field_claims(content.fields, anchor, f"{where} ")
    yield from _field_claims(response.headers, anchor, f"{where} ", subject="header")


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
            add(Claim(RUNTIME_ANCHOR, f"parameter {param.name}", param.row.claimed, param.row.description, "parameter"))
    for response in shared:
        for claim in _response_claims(response, response.anchor, f"response {response.shared}"):
            add(claim)
    for schema in schemas:
        if schema.claimed:
            add(Claim(schema.anchor, f"schema {schema.name}", schema.claimed, schema.description, "schema"))
        for claim in _field_claims(schema.fields, schema.anchor, f"schema {schema.name}, "):
            add(claim)
    for pointer, node in walk(spec):
        if isinstance(node, dict) and isinstance(node.get(CLAIM), str) and id(node) not in reader.shown_claims:
            add(Claim(None, pointer or "/", node[CLAIM], str(node.get("description") or node.get("summary") or "")))
    return claims
