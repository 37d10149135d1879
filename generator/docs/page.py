"""Everything one API's pages show, read from its spec, its quirks and its recordings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .. import naming
from ..apimodel import Api
from ..config import ApiConfig
from ..quirks import Quirks
from ..specs import LoadedSpec
from . import examples, pycall
from .bodies import RESPONSE_PREFIX, Content, Example, Response, read_response
from .claims import Claim, collect_claims, summary
from .operations import Operation, Param, api_server, describe_scheme, read_operations
from .recorded import attach_recordings, use_recorded_path_values
from .schemas import SchemaReader, SchemaView, schema_anchor

OAUTH_SECRET = "client_secret"  # noqa: S105 - a name, the argument the OAuth 2 flows send (docs/quirks.md)


@dataclass
class TagGroup:
    name: str
    attribute: str  # the facade attribute: client.<attribute>
    anchor: str
    description: str
    operations: list[Operation]


@dataclass(frozen=True)
class Placement:
    argument: str
    placement: str
    scheme: str
    where: str
    default: bool


@dataclass
class Page:
    api: str
    title: str
    version: str
    description: str
    server: str
    quirks: Quirks
    setup: examples.Setup
    placements: list[Placement]
    tags: list[TagGroup]
    runtime_params: list[Param]
    shared_responses: list[Response]
    schemas: list[SchemaView]
    claims: list[Claim]
    error_schema: str | None

    @property
    def operations(self) -> list[Operation]:
        return [op for tag in self.tags for op in tag.operations]

    @property
    def servers(self) -> list[str]:
        """The hosts the samples call, longest first (a sample served by a mock calls the mock instead)."""
        found = {self.server, *(op.server for op in self.operations if op.server)}
        return sorted(found, key=lambda s: (-len(s), s))

    @property
    def claims_summary(self) -> str:
        return summary(self.claims)


def tag_anchor(name: str) -> str:
    return "tag-" + "-".join(name.split())


def _tags(api: Api, operations: list[Operation]) -> list[TagGroup]:
    """Tags in the order the spec declares them, then undeclared ones by first use."""
    declared = dict(api.tags)
    order = list(declared) + [op.tag for op in operations if op.tag not in declared]
    groups = []
    for name in dict.fromkeys(order):
        ops = [op for op in operations if op.tag == name]
        if ops:
            groups.append(TagGroup(name, naming.tag_attribute(name), tag_anchor(name), declared.get(name, ""), ops))
    return groups


def _placements(api: Api) -> list[Placement]:
    schemes = api.security_schemes
    out = []
    for cred in api.quirks.auth.credentials if api.quirks.auth else ():
        for placement, scheme in cred.schemes.items():
            where = describe_scheme(schemes.get(scheme) or {})
            out.append(Placement(cred.argument, placement, scheme, where, placement == cred.default_placement))
    return out


def _secrets(api: Api) -> dict[str, str]:
    """The wire names of credentials (apiKey names; the OAuth 2 flows' `client_secret`) -> argument."""
    quirks, schemes = api.quirks, api.security_schemes
    out = {}
    for cred in quirks.auth.credentials if quirks.auth else ():
        for scheme in cred.schemes.values():
            declared = schemes.get(scheme) or {}
            if declared.get("type") == "apiKey" and declared.get("name"):
                out[str(declared["name"])] = cred.argument
    if quirks.auth and quirks.auth.oauth2:
        out[OAUTH_SECRET] = OAUTH_SECRET  # the flows' constructor argument, sent under its own name
    return out


def _schemas(spec: dict[str, Any], reader: SchemaReader) -> list[SchemaView]:
    out = []
    for name, raw in ((spec.get("components") or {}).get("schemas") or {}).items():
        schema = raw if isinstance(raw, dict) else {}
        description = str(schema.get("description") or "")
        claimed = reader.claim(schema)
        view = SchemaView(
            str(name), schema_anchor(str(name)), description, claimed, reader.fields(schema), reader.types(schema)
        )
        out.append(view)
    return out


def _runtime_params(operations: list[Operation]) -> list[Param]:
    """Query parameters the client runtime sets (format, JSONP, request id): explained once."""
    seen: dict[str, Param] = {}
    for op in operations:
        for param in op.params:
            if param.argument is None:
                seen.setdefault(param.name, param)
    return list(seen.values())


def _shared_responses(reader: SchemaReader, operations: list[Operation]) -> list[Response]:
    """The shared error responses the operations refer to, in the order of first use."""
    names = dict.fromkeys(r.shared for op in operations for r in op.responses if r.shared)
    return [replace(read_response(reader, "", {"$ref": RESPONSE_PREFIX + name}), shared=name) for name in names if name]


def _share_examples(operations: list[Operation], shared: list[Response]) -> None:
    """Number the examples in page order; one whose text was shown before points there instead
    (components/examples are `$ref`'d by many operations: a page would carry each many times)."""
    seen: dict[str, Example] = {}
    owned: list[tuple[str, list[Content]]] = []
    for op in operations:
        owned.append((op.operation_id, op.body.contents if op.body else []))
        owned += [(op.operation_id, r.contents) for r in op.responses]
    owned += [(r.shared or "", r.contents) for r in shared]
    for owner, contents in owned:
        for example in (e for content in contents for e in content.examples):
            earlier = seen.get(example.text)
            if earlier is None:
                example.anchor, example.owner = f"example-{len(seen) + 1}", owner
                seen[example.text] = example
            else:
                example.anchor, example.owner, example.first = earlier.anchor, earlier.owner, False


def build_page(api: ApiConfig, spec: LoadedSpec) -> Page:
    model = spec.model
    # the model's own document: claims are told apart by node identity
    data, quirks = model.document, model.quirks
    reader = SchemaReader(model)
    operations = read_operations(model, reader, api.package)
    attach_recordings(api.spec.parent / "recordings" / api.name, quirks, operations)
    use_recorded_path_values(operations)
    placement_arguments = {
        c.argument: (c.placement_argument, c.default_placement)
        for c in (quirks.auth.credentials if quirks.auth else ())
        if c.placement_argument
    }
    setup = examples.Setup(
        server=api_server(model),
        package=api.package,
        class_name=quirks.class_name,
        env_prefix=api.name.upper().replace("-", "_"),
        placement_arguments=placement_arguments,
        dates={**{name: d.parse for name, d in quirks.dates.items()}, "date-time": ("%Y-%m-%dT%H:%M:%SZ",)},
        secrets=_secrets(model),
        samples=examples.sample_values(operations),
    )
    for op in operations:
        op.curl = examples.curl(op, setup)
        flows = quirks.auth.oauth2 if quirks.auth else None
        oauth = pycall.oauth_python(op, setup) if flows and flows.token_operation == op.operation_id else None
        op.python = oauth or pycall.python(op, setup)
    shared = _shared_responses(reader, operations)
    tags = _tags(model, operations)
    _share_examples([op for tag in tags for op in tag.operations], shared)
    runtime = _runtime_params(operations)
    schemas = _schemas(data, reader)
    return Page(
        api=api.name,
        title=model.title or api.name,
        version=model.version,
        description=model.description,
        server=setup.server,
        quirks=quirks,
        setup=setup,
        placements=_placements(model),
        tags=tags,
        runtime_params=runtime,
        shared_responses=shared,
        schemas=schemas,
        claims=collect_claims(
            data, reader=reader, operations=operations, runtime=runtime, shared=shared, schemas=schemas
        ),
        error_schema=quirks.errors.schema.removeprefix("#/components/schemas/") if quirks.errors else None,
    )
