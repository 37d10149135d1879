"""Our own checks for what openapi-spec-validator lets through but our tools cannot live with.

Each rule yields (pointer, message); `specs.validate_spec` turns them into findings with lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
from openapi_python_client import strings
from referencing.exceptions import Unresolvable

from .apimodel import Api, Operation, build_api
from .generator_config import drops_content_type
from .jsonschemas import SpecSchemas
from .quirks import ANYWHERE_KEYS, KNOWN_KEYS, PREFIX, ROOT_KEYS, load_quirks
from .refs import DanglingRef, deref, resolve_pointer, walk
from .yamlsource import join

Found = Iterator[tuple[str, str]]

_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMA_ONE = (
    "items", "not", "additionalProperties", "if", "then", "else", "contains",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties",
)  # fmt: skip
_STANDARD_FORMATS = frozenset(
    "date-time date time duration email idn-email hostname idn-hostname ipv4 ipv6 uri "
    "uri-reference iri iri-reference uuid uri-template json-pointer relative-json-pointer regex "
    "int32 int64 float double password byte binary base64".split()
)
_PATH_PARAM = re.compile(r"{([^}/]+)}")


def _subschemas(schema: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in _SUBSCHEMA_MAPS:
        for name, sub in (schema.get(key) or {}).items():
            yield from _subschemas(sub, join(pointer, key, name))
    for key in _SUBSCHEMA_LISTS:
        for i, sub in enumerate(schema.get(key) or []):
            yield from _subschemas(sub, join(pointer, key, i))
    for key in _SUBSCHEMA_ONE:
        if isinstance(schema.get(key), dict):
            yield from _subschemas(schema[key], join(pointer, key))


def _media_and_params(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Objects that carry a `schema` and `example(s)`: media types, parameters, headers."""
    for pointer, node in walk(spec):
        if not isinstance(node, dict) or "schema" not in node or not isinstance(node["schema"], dict):
            continue
        parts = pointer.split("/")
        if "example" in parts or "examples" in parts or "schema" in parts[:-1]:
            continue  # inside example values or inside a schema: not a carrier
        yield pointer, node


def iter_schemas(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object of the document, with its pointer."""
    for name, schema in ((spec.get("components") or {}).get("schemas") or {}).items():
        yield from _subschemas(schema, join("/components/schemas", name))
    for pointer, carrier in _media_and_params(spec):
        yield from _subschemas(carrier["schema"], join(pointer, "schema"))


def dangling_refs(spec: dict[str, Any], api: Api) -> Found:
    for pointer, node in walk(spec):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                resolve_pointer(spec, node["$ref"])
            except DanglingRef as err:
                yield join(pointer, "$ref"), str(err)
                continue
            cycle = _ref_cycle(spec, pointer, node)
            if cycle and pointer == min(cycle):  # one finding per cycle, at its first member
                yield join(pointer, "$ref"), "a $ref cycle with no schema between: " + " -> ".join([*cycle, cycle[0]])


def _ref_cycle(spec: dict[str, Any], pointer: str, node: dict[str, Any]) -> list[str]:
    """The places of a chain of bare `$ref`s that leads back to `pointer`, or [] when it ends."""
    chain = [pointer]
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#"):
        target = node["$ref"][1:]
        if target == pointer:
            return chain
        if target in chain:
            return []  # a cycle this place only leads into: reported at its own members
        chain.append(target)
        try:
            node = resolve_pointer(spec, node["$ref"])
        except DanglingRef:
            return []
    return []


def undefined_security(spec: dict[str, Any], api: Api) -> Found:
    defined = set(api.security_schemes)
    places = [("/security", spec.get("security"))]
    places += [(join(op.pointer, "security"), op.node.get("security")) for op in api.operations]
    for pointer, requirements in places:
        for i, requirement in enumerate(requirements or []):
            for name in requirement if isinstance(requirement, dict) else []:
                if name not in defined:
                    yield join(pointer, i, name), f"security requirement names undefined scheme '{name}'"


def nullable_keyword(spec: dict[str, Any], api: Api) -> Found:
    for pointer, schema in iter_schemas(spec):
        if "nullable" in schema:
            yield join(pointer, "nullable"), "'nullable' is OpenAPI 3.0; in 3.1 write type: [<type>, 'null']"


def unknown_formats(spec: dict[str, Any], api: Api) -> Found:
    for pointer, schema in iter_schemas(spec):
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt not in _STANDARD_FORMATS and fmt not in api.quirks.dates:
            yield join(pointer, "format"), f"unknown format '{fmt}' (declare it in x-soundspec-dates)"


def bad_examples(spec: dict[str, Any], api: Api) -> Found:
    schemas = SpecSchemas(spec, api.quirks)

    def check(schema_pointer: str, value_pointer: str, value: Any) -> Found:
        try:
            found = list(schemas.mismatches(schema_pointer, value))
        except Unresolvable:
            return  # the dangling $ref itself is reported by dangling_refs
        for m in found:
            yield join(value_pointer + m.pointer), f"example does not match its schema: {m.message} ({m.keyword})"

    for pointer, carrier in _media_and_params(spec):
        if "example" in carrier:
            yield from check(join(pointer, "schema"), join(pointer, "example"), carrier["example"])
        for name, raw in (carrier.get("examples") or {}).items():
            try:
                example = deref(spec, raw)
            except DanglingRef:
                continue
            if isinstance(example, dict) and "value" in example:
                yield from check(join(pointer, "schema"), join(pointer, "examples", name, "value"), example["value"])
    for pointer, schema in iter_schemas(spec):
        if "example" in schema:
            yield from check(pointer, join(pointer, "example"), schema["example"])
        for i, value in enumerate(schema.get("examples") or [] if isinstance(schema.get("examples"), list) else []):
            yield from check(pointer, join(pointer, "examples", i), value)


def dropped_media_types(spec: dict[str, Any], api: Api) -> Found:
    for op in api.operations:
        for response in op.responses:
            content = [media.media_type for media in response.content]
            if content and all(drops_content_type(ct) for ct in content):
                listed = ", ".join(content)
                yield (
                    join(op.pointer, "responses", response.status, "content"),
                    (f"response offered only in media types the client generator drops ({listed})"),
                )


def enum_collisions(spec: dict[str, Any], api: Api) -> Found:
    for pointer, schema in iter_schemas(spec):
        values = [v for v in schema.get("enum") or [] if isinstance(v, str)]
        names = schema.get("x-enum-varnames") or []
        by_name: dict[str, list[str]] = {}
        for i, value in enumerate(values):
            key = names[i] if len(names) == len(values) else (value.upper() if value[:1].isalpha() else f"VALUE_{i}")
            by_name.setdefault(strings.snake_case(key).upper(), []).append(value)
        for name, clashing in by_name.items():
            if len(clashing) > 1:
                shown = ", ".join(repr(v) for v in clashing)
                yield join(pointer, "enum"), f"enum values {shown} share the Python name {name}; one would be dropped"


def operation_ids(spec: dict[str, Any], api: Api) -> Found:
    seen: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for op in api.operations:
        op_id = op.operation_id
        if not op_id:
            yield op.pointer, "operation has no operationId"
            continue
        python = strings.snake_case(op_id)
        if python in seen and seen_ids.get(python) != op_id:  # equal ids: the validator says so
            yield join(op.pointer, "operationId"), f"operationId '{op_id}' gives the same Python name as {seen[python]}"
        seen[python] = op.pointer
        seen_ids[python] = str(op_id)


def path_parameters(spec: dict[str, Any], api: Api) -> Found:
    for op in api.operations:
        in_template = set(_PATH_PARAM.findall(op.path))
        declared = {p.name for p in op.parameters if p.location == "path"}
        for name in sorted(in_template - declared):
            yield op.pointer, f"path parameter '{name}' of {op.path} is not declared"
        for name in sorted(declared - in_template):
            yield op.pointer, f"path parameter '{name}' is declared but {op.path} has no {{{name}}}"


def soundspec_keys(spec: dict[str, Any], api: Api) -> Found:
    for pointer, node in walk(spec):
        if not isinstance(node, dict) or "/example" in pointer:
            continue
        for key, value in node.items():
            if not key.startswith(PREFIX):
                continue
            where = join(pointer, key)
            if key not in KNOWN_KEYS:
                yield where, f"unknown extension {key} (known: {', '.join(sorted(KNOWN_KEYS))})"
                continue
            if key in ROOT_KEYS and pointer:
                yield where, f"{key} belongs at the root of the document"
                continue
            schema = ROOT_KEYS.get(key) or ANYWHERE_KEYS[key]
            for err in jsonschema.Draft202012Validator(schema).iter_errors(value):
                yield join(where, *err.absolute_path), f"{key}: {err.message.splitlines()[0]}"


def quirk_references(spec: dict[str, Any], api: Api) -> Found:
    """Names inside the quirks must point at things the spec defines."""
    schemes = api.security_schemes
    op_ids = {op.operation_id for op in api.operations}
    auth = spec.get("x-soundspec-auth") or {}
    for i, cred in enumerate(auth.get("credentials") or []):
        for placement, scheme in (cred.get("schemes") or {}).items():
            if scheme not in schemes:
                yield join("/x-soundspec-auth/credentials", i, "schemes", placement), f"no security scheme '{scheme}'"
        default = cred.get("default-placement")
        if default is not None and default not in (cred.get("schemes") or {}):
            yield join("/x-soundspec-auth/credentials", i, "default-placement"), f"no placement '{default}'"
    oauth2 = auth.get("oauth2") or {}
    if oauth2 and (schemes.get(str(oauth2.get("scheme"))) or {}).get("type") != "oauth2":
        yield "/x-soundspec-auth/oauth2/scheme", f"'{oauth2.get('scheme')}' is not an oauth2 security scheme"
    if oauth2 and oauth2.get("token-operation") not in op_ids:
        yield "/x-soundspec-auth/oauth2/token-operation", f"no operation '{oauth2.get('token-operation')}'"
    formats = spec.get("x-soundspec-formats") or {}
    for key in ("default", "request"):
        if formats and key in formats and formats.get(key) not in (formats.get("formats") or {}):
            yield f"/x-soundspec-formats/{key}", f"{key} format '{formats.get(key)}' is not declared"
    errors = spec.get("x-soundspec-errors") or {}
    if isinstance(errors.get("schema"), str):
        try:
            resolve_pointer(spec, errors["schema"])
        except DanglingRef as err:
            yield "/x-soundspec-errors/schema", str(err)
    types = set(errors.get("types") or {})
    if errors.get("codes") and not errors.get("code"):
        yield "/x-soundspec-errors/codes", "codes need `code`: the pointer to the error code in the body"
    yield from _page_references(spec, api)
    for op in api.operations:
        if "x-soundspec-error-codes" in op.node and not errors.get("code"):
            yield join(op.pointer, "x-soundspec-error-codes"), "x-soundspec-errors has no `code` to read these by"
        for j, name in enumerate(op.node.get("x-soundspec-error-types") or []):
            if name not in types:
                yield (
                    join(op.pointer, "x-soundspec-error-types", j),
                    f"error type '{name}' is not in x-soundspec-errors",
                )
        group = op.node.get("x-soundspec-requires-any-of")
        declared = {p.name for p in op.parameters}
        for j, name in enumerate(group if isinstance(group, list) else []):
            if name not in declared:
                yield (
                    join(op.pointer, "x-soundspec-requires-any-of", j),
                    f"'{name}' is not a parameter of this operation",
                )


def _page_references(spec: dict[str, Any], api: Api) -> Found:
    """`x-soundspec-page` needs page-number paging, and a page-number operation needs its records' pointer."""
    pagination = api.quirks.pagination
    page_number = pagination is not None and pagination.style == "page-number"
    for op in api.operations:
        where = join(op.pointer, "x-soundspec-page")
        if "x-soundspec-page" in op.node and not page_number:
            yield where, "x-soundspec-page needs x-soundspec-pagination with style page-number"
        takes = pagination is not None and pagination.settings.get("page-param") in op.query_names()
        if page_number and takes and op.paging is None:
            yield op.pointer, "a page-number operation must say where its records are (x-soundspec-page: {items: ...})"


def _fixed_value(schema: Any) -> Any:
    """The one value a schema admits (`const`, or an `enum` of one), else a marker no value equals."""
    if isinstance(schema, dict) and "const" in schema:
        return schema["const"]
    enum = schema.get("enum") if isinstance(schema, dict) else None
    return enum[0] if isinstance(enum, list) and len(enum) == 1 else _NO_VALUE


_NO_VALUE = object()


def _dispatch_declared(api: Api, op: Operation) -> bool:
    """The operation's own query parameter carrying its dispatch value, required and fixed to it.

    Tools that do not read our vocabulary (schemathesis, any OpenAPI reader) then still send it.
    """
    assert op.dispatch is not None
    if op.dispatch.location == "form":
        return _form_declares(api, op, op.dispatch.param, op.dispatch.value)
    found = [p for p in op.parameters if p.location == "query" and p.name == op.dispatch.param]
    return bool(found) and found[0].required and _fixed_value(found[0].resolved_schema) == op.dispatch.value


def _form_declares(api: Api, op: Operation, name: str, value: str) -> bool:
    """Every form body of the operation has the field `name`, required and fixed to `value`."""
    forms = [m for m in (op.body.content if op.body is not None else ()) if "form" in m.media_type]
    for media in forms:
        schema = api.resolve(media.schema)
        props = schema.get("properties") if isinstance(schema, dict) else None
        field = api.resolve(props.get(name)) if isinstance(props, dict) else None
        if not isinstance(field, dict) or name not in (schema.get("required") or []) or _fixed_value(field) != value:
            return False
    return bool(forms)


def dispatch(spec: dict[str, Any], api: Api) -> Found:
    """Dispatched operations: declared parameter, path parameters that match, one operation per value."""
    seen: dict[tuple[str, str, str], str] = {}
    params: dict[tuple[str, str], str] = {}
    for op in api.operations:
        d = op.dispatch
        if d is None:
            continue
        where = join(op.pointer, "x-soundspec-dispatch")
        if not _dispatch_declared(api, op):
            what = "form field of its request body" if d.location == "form" else "query parameter"
            yield where, f"the operation must declare the required {what} '{d.param}' fixed to '{d.value}'"
        if set(_PATH_PARAM.findall(op.path)) != set(_PATH_PARAM.findall(d.path)):
            yield where, f"path {d.path} and the path key {op.path} must have the same path parameters"
        key = (op.method, d.path, d.value)
        if key in seen:
            yield where, f"{op.method.upper()} {d.path} with {d.param}={d.value} is already {seen[key]}"
        seen.setdefault(key, op.pointer)
        first = params.setdefault((op.method, d.path), d.param)
        if first != d.param:
            yield where, f"operations on {op.method.upper()} {d.path} are told apart by '{first}'"


def value_keys(spec: dict[str, Any], api: Api) -> Found:
    """`x-soundspec-as` stands on a string schema, `x-soundspec-lone-item` on an array one;
    `x-soundspec-unwrap` names a property of its object."""
    for pointer, node in walk(spec):
        if not isinstance(node, dict) or "/example" in pointer:
            continue
        if "x-soundspec-as" in node and node.get("type") != "string":
            yield (
                join(pointer, "x-soundspec-as"),
                "x-soundspec-as types a value sent as text: the schema must be type string",
            )
        if node.get("x-soundspec-lone-item") is True and node.get("type") != "array":
            yield (
                join(pointer, "x-soundspec-lone-item"),
                "x-soundspec-lone-item says how a list of one came: the schema must be type array",
            )
        key = node.get("x-soundspec-unwrap")
        if isinstance(key, str) and key not in (node.get("properties") or {}):
            yield join(pointer, "x-soundspec-unwrap"), f"'{key}' is not a property of this schema"


RULES: tuple[Callable[[dict[str, Any], Api], Found], ...] = (
    dangling_refs,
    undefined_security,
    nullable_keyword,
    unknown_formats,
    bad_examples,
    dropped_media_types,
    enum_collisions,
    operation_ids,
    path_parameters,
    soundspec_keys,
    quirk_references,
    dispatch,
    value_keys,
)


def lint(spec: dict[str, Any], api: Api | None = None) -> Iterator[tuple[str, str]]:
    """Run every rule; a rule that meets a broken document reports it instead of crashing.

    `api` is the spec's model; without one (its quirks are malformed, which soundspec_keys
    reports) the rules read a model built with no quirks.
    """
    if api is None:
        api = build_api(spec, load_quirks({}))
    for rule in RULES:
        try:
            yield from rule(spec, api)
        except (DanglingRef, KeyError, TypeError, AttributeError) as err:
            yield "", f"{rule.__name__}: could not check this document ({err})"
