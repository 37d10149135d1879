"""What the endpoint templates render for each operation, worked out in Python, not in Jinja.

An `OperationPlan` joins the stock generator's parsed `Endpoint` with the operation in the
truthful spec: which responses are answers (and which are errors the runtime raises), how each
answer's body is read, its coercion shape, and how the operation pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from openapi_python_client.parser.openapi import Endpoint
from openapi_python_client.parser.properties.list_property import ListProperty
from openapi_python_client.parser.properties.model_property import ModelProperty
from openapi_python_client.parser.properties.union import UnionProperty
from openapi_python_client.parser.responses import Response
from openapi_python_client.schema.untrusted_string import UntrustedString

from .. import naming
from ..apimodel import Api, Operation
from ..xmlnames import answer_names
from .shapes import ShapeTable

_BODY_KINDS = {"response.json()": "data", "response.content": "bytes", "response.text": "text"}


def raw(value: object) -> str:
    """The plain text of a value the generator wraps to keep it out of generated code."""
    return value.get_untrusted_value() if isinstance(value, UntrustedString) else str(value)


def path_key(method: str, path: str) -> tuple[str, str]:
    return method.lower(), re.sub(r"\{[^}]*\}", "{}", path)


@dataclass
class Paging:
    style: str
    item_type: str
    imports: set[str] = field(default_factory=set)
    items: str | None = None
    next: str | None = None
    size_param: str | None = None
    max_size: int | None = None
    offset_param: str | None = None
    max_offset: int | None = None
    # page-number paging: the page parameter, and attribute paths of the page model to its records and totals
    page_param: str | None = None
    first_page: int | None = None
    items_path: tuple[str, ...] | None = None
    page_path: tuple[str, ...] | None = None
    total_pages_path: tuple[str, ...] | None = None
    total_path: tuple[str, ...] | None = None
    next_path: tuple[str, ...] | None = None

    def runtime_args(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("item_type", "imports") and v is not None}


@dataclass
class Result:
    status: int
    response: Response
    kind: str
    type_string: str


@dataclass
class Branch:
    """One answer a parameter chooses: the condition on the argument and the type it gives."""

    when: str  # "absent" | "present" | "equals"
    value: Any  # the value, typed as the parameter is, for "equals"
    prop: Any  # the branch's property (an inner property of the answer's union)
    annotation: str  # the parameter's annotation in the overload of this branch
    item_type: str = ""  # the items of its pages, when the operation pages

    @property
    def type_string(self) -> str:
        return str(self.prop.get_type_string().as_unembedded_code())

    @property
    def test(self) -> str:
        """A Python expression over the argument `value`, true when this branch answers."""
        if self.when == "absent":
            return "isinstance(value, Unset)"
        if self.when == "present":
            return "not isinstance(value, Unset)"
        return f"value == {self.value!r}"


@dataclass
class Choice:
    """An answer whose shape a parameter chooses (a `linked` paging flag, a key selection):
    the facade's overloads give each call the type its arguments choose."""

    status: int
    param: str  # the parameter's Python name
    annotation: str  # its full annotation, as the stock generator writes it
    branches: list[Branch]
    covered: bool  # the branches' overloads take every value the parameter takes


@dataclass
class OperationPlan:
    operation_id: str
    method: str
    results: list[Result]
    shapes: dict[int, Any]
    anonymous: bool
    # the API-wide query parameters (format, JSONP callback, request id) this operation declares
    takes: frozenset[str] = frozenset()
    # its own base URL (operation or path item `servers`) when that is not the API's
    server: str | None = None
    # where requests go: the spec's path key, or the shared path of a dispatched operation
    wire_path: str = ""
    # (query parameter, value) that names a dispatched operation on its shared path
    dispatch: tuple[str, str] | None = None
    dispatch_form: bool = False  # the dispatch value goes in the form body, not the query
    paging: Paging | None = None
    imports: set[str] = field(default_factory=set)
    # error codes that mean something else for this operation: code -> (status, class, retryable)
    error_codes: dict[str, tuple[int, str | None, bool]] = field(default_factory=dict)
    # the root elements an XML answer may have, per status, where the API's XML names its root
    # after the answer (SoundCloud's <track>, <tracks>): a body with another root is not this answer
    roots: dict[int, tuple[str, ...]] = field(default_factory=dict)
    choice: Choice | None = None

    def return_type_with(self, branch: Branch) -> str:
        """The return type of a call that chose `branch` (the other statuses' answers stay)."""
        assert self.choice is not None
        status = self.choice.status
        types = [branch.type_string if r.status == status else r.type_string for r in self.results]
        return " | ".join(dict.fromkeys(types))

    @property
    def wire_label(self) -> str:
        """Where it goes, as the docs write it: `/2.0/?method=artist.getInfo` for a dispatched operation."""
        if self.dispatch and self.dispatch_form:
            return f"{self.wire_path} (form {self.dispatch[0]}={self.dispatch[1]})"
        return self.wire_path + (f"?{self.dispatch[0]}={self.dispatch[1]}" if self.dispatch else "")

    @property
    def facade_name(self) -> str:
        return naming.method_name(self.operation_id)

    @property
    def pager_name(self) -> str:
        return naming.pager_name(self.operation_id)

    @property
    def downloads(self) -> bool:
        """Every answer is a file: the operation can stream it to a path (`<method>_to`)."""
        return bool(self.results) and all(r.kind == "bytes" for r in self.results)

    @property
    def return_type(self) -> str:
        types = list(dict.fromkeys(r.type_string for r in self.results))
        return " | ".join(types) if types else "None"

    def operation_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"id": self.operation_id, "method": self.method.upper()}
        args["results"] = tuple(r.status for r in self.results)
        bodies = {r.status: r.kind for r in self.results if r.kind != "data"}
        if bodies:
            args["bodies"] = bodies
        shapes = {s: shape for s, shape in self.shapes.items() if shape != "*"}
        if shapes:
            args["shapes"] = shapes
        if self.anonymous:
            args["anonymous"] = True
        if self.takes:
            args["takes"] = tuple(sorted(self.takes))  # sorted: generated code is deterministic
        if self.server:
            args["server"] = self.server
        if self.dispatch and self.dispatch_form:
            args["dispatch_form"] = self.dispatch
        elif self.dispatch:
            args["dispatch"] = self.dispatch
        if self.error_codes:
            args["error_codes"] = self.error_codes
        if self.roots:
            args["roots"] = self.roots
        return args


def _is_result(response: Response, op: Operation) -> bool:
    code_range = response.status_code.range
    if code_range is None:
        return False
    low = code_range[0]
    return 200 <= low < 300 or (300 <= low < 400 and str(low) in {r.status for r in op.responses})


def _imports_of(prop: Any) -> set[str]:
    """What a module needs to import to name the type of `prop` (in a module two levels down)."""
    imports: set[str] = set(prop.get_imports(prefix="..."))
    info = getattr(prop, "class_info", None)
    if info is not None:
        imports.add(f"from ...models.{info.module_name} import {info.name}")
    return imports


def _props(model: ModelProperty) -> list[Any]:
    return [*(model.required_properties or []), *(model.optional_properties or [])]


def _find(model: ModelProperty, wire_name: str) -> Any:
    return next((p for p in _props(model) if raw(p.name) == wire_name), None)


def _walk(prop: Any, pointer: str | None) -> tuple[tuple[str, ...], Any] | None:
    """(attribute path, property) at a JSON pointer of the page model; None where the model has no such field."""
    if not pointer:
        return None
    path: list[str] = []
    for token in pointer.lstrip("/").split("/"):
        if not isinstance(prop, ModelProperty):
            return None
        prop = _find(prop, token.replace("~1", "/").replace("~0", "~"))
        if prop is None:
            return None
        path.append(naming.field_attribute(prop.python_name))
    return tuple(path), prop


def _item_type(items: ListProperty) -> str:
    return str(items.inner_property.get_type_string().as_unembedded_code())


def _next_link_page(page: Any, next_name: str) -> tuple[ListProperty, str] | None:
    """The one list of a page model and the attribute of its next link; None when it has not both."""
    if not isinstance(page, ModelProperty) or _find(page, next_name) is None:
        return None
    lists = [p for p in _props(page) if isinstance(p, ListProperty)]
    return (lists[0], str(_find(page, next_name).python_name)) if len(lists) == 1 else None


def _page_number(endpoint: Endpoint, prop: Any, settings: dict[str, Any]) -> Paging | None:
    """Page-number paging: the records and totals found in the page model at the settings' pointers."""
    names = {raw(p.name) for p in endpoint.query_parameters}
    items = _walk(prop, settings.get("items"))
    if items is None or not isinstance(items[1], ListProperty) or settings["page-param"] not in names:
        return None
    found = {key: _walk(prop, settings.get(key)) for key in ("page", "total-pages", "total")}
    size = settings.get("size-param") if settings.get("size-param") in names else None
    return Paging(
        style="page-number",
        item_type=items[1].inner_property.get_type_string().as_unembedded_code(),
        imports=_imports_of(items[1].inner_property),
        size_param=size,
        max_size=settings.get("max-size") if size is not None else None,
        page_param=settings["page-param"],
        first_page=settings.get("first-page", 1),
        items_path=items[0],
        page_path=found["page"][0] if found["page"] else None,
        total_pages_path=found["total-pages"][0] if found["total-pages"] else None,
        total_path=found["total"][0] if found["total"] else None,
    )


def _typed(value: str, schema: Any) -> Any:
    """A condition's value (written as text) as the parameter's type takes it."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind == "integer" or (kind is None and isinstance(schema, dict) and isinstance(schema.get("const"), int)):
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return value.lower() in ("1", "true")
    return value


def _choice_of(status: int, param: Any, schema: Any, conditions: list[dict[str, Any]], props: list[Any]) -> Choice:
    full = str(param.get_type_string().as_unembedded_code())
    bare = str(param.get_type_string(no_optional=True).as_unembedded_code())
    branches: list[Branch] = []
    for condition, prop in zip(conditions, props, strict=True):
        if condition.get("absent"):
            branches.append(Branch("absent", None, prop, f"{param.python_name}: Unset = UNSET"))
        elif "equals" in condition:
            value = _typed(str(condition["equals"]), schema)
            branches.append(Branch("equals", value, prop, f"{param.python_name}: Literal[{value!r}]"))
        else:
            branches.append(Branch("present", None, prop, f"{param.python_name}: {bare}"))
    whens = {b.when for b in branches}
    values = {repr(b.value) for b in branches if b.when == "equals"}
    covered = "absent" in whens and ("present" in whens or bare in {f"Literal[{v}]" for v in values})
    return Choice(status, str(param.python_name), full, branches, covered)


class Planner:
    """Plans for every endpoint of one API (the `plan(endpoint)` template global)."""

    def __init__(self, api: Api) -> None:
        quirks = api.quirks
        self._quirks = quirks
        self._api = api
        self._document = api.document
        self.shapes = ShapeTable(api)
        self._ops = {path_key(op.method, op.path): op for op in api.operations}
        self._cache: dict[int, OperationPlan] = {}
        self._api_wide = quirks.owned_query_params()
        # the generator's models by class name (set once it has parsed the spec)
        self.models: dict[str, ModelProperty] = {}

    def __call__(self, endpoint: Endpoint) -> OperationPlan:
        if id(endpoint) not in self._cache:
            self._cache[id(endpoint)] = self._plan(endpoint)
        return self._cache[id(endpoint)]

    def spec_operation(self, endpoint: Endpoint) -> Operation:
        return self._ops[path_key(endpoint.method, raw(endpoint.path))]

    def _plan(self, endpoint: Endpoint) -> OperationPlan:
        op = self.spec_operation(endpoint)
        results = []
        for response in endpoint.responses.patterns:
            if not _is_result(response, op):
                continue
            source = response.source
            attribute = source.get("attribute", "") if isinstance(source, dict) else getattr(source, "attribute", "")
            kind = _BODY_KINDS.get(str(attribute), "data")
            type_string = response.prop.get_type_string().as_unembedded_code()
            if type_string == "None":
                kind = "none"
            results.append(Result(response.status_code.range[0], response, kind, type_string))  # type: ignore[index]
        plan = OperationPlan(
            operation_id=op.operation_id or endpoint.name,
            method=endpoint.method,
            results=results,
            shapes={r.status: self._shape(op, r.status) for r in results if r.kind == "data"},
            anonymous=op.security in ((), ({},)),
            takes=self._api_wide & op.query_names(),
            server=op.server,
            wire_path=op.wire_path,
            dispatch=(op.dispatch.param, op.dispatch.value) if op.dispatch is not None else None,
            dispatch_form=op.dispatch is not None and op.dispatch.location == "form",
            error_codes={t: (c.status, c.cls, c.retryable) for t, c in op.error_codes.items()},
            roots={r.status: roots for r in results if r.kind == "data" and (roots := self._roots(op, r.status))},
        )
        plan.choice = self._choice(endpoint, op, plan)
        plan.paging = self._paging(endpoint, plan)
        return plan

    def _choice(self, endpoint: Endpoint, op: Operation, plan: OperationPlan) -> Choice | None:
        """Which parameter chooses the branch of a union answer, from the schema's
        `x-soundspec-chosen-by` or the paging quirk's `linked` form."""
        for result in plan.results:
            prop = result.response.prop
            response = next((r for r in op.responses if r.status == str(result.status)), None)
            media = next((m for m in (response.content if response else ()) if "json" in m.media_type), None)
            if not isinstance(prop, UnionProperty) or media is None:
                continue
            schema = media.resolved_schema
            branches = [b for b in schema.get("oneOf") or schema.get("anyOf") or [] if not self._is_error(b)]
            conditions = self._conditions(schema, branches)
            if conditions is None or len(conditions[1]) != len(prop.inner_properties):
                continue
            param = self._param(endpoint, conditions[0])
            declared = next((p for p in op.parameters if p.name == conditions[0] and p.location == "query"), None)
            if param is None or declared is None:
                continue
            return _choice_of(result.status, param, declared.resolved_schema, conditions[1], prop.inner_properties)
        return None

    def _is_error(self, branch: Any) -> bool:
        errors = self._quirks.errors
        if errors is None or not errors.when:
            return False
        return isinstance(branch, dict) and branch.get("$ref") == errors.schema

    def _conditions(self, schema: Any, branches: list[Any]) -> tuple[str, list[dict[str, Any]]] | None:
        chosen = schema.get("x-soundspec-chosen-by")
        if isinstance(chosen, dict):
            return chosen["param"], list(chosen["branches"])
        pagination = self._quirks.pagination
        linked = (pagination.settings.get("linked") if pagination is not None else None) or {}
        if not linked or len(branches) != 2:
            return None
        collection = linked["collection"]
        is_linked = [collection in ((self._api.resolve(b) or {}).get("properties") or {}) for b in branches]
        if sorted(is_linked) != [False, True]:
            return None
        return linked["param"], [{"equals": linked["value"]} if it else {"absent": True} for it in is_linked]

    def _shape(self, op: Operation, status: int) -> Any:
        response = next((r for r in op.responses if r.status == str(status)), None)
        content = response.content if response is not None else ()
        media = next((m for m in content if "json" in m.media_type), next(iter(content), None))
        return self.shapes.shape(media.schema) if media else "*"

    def _roots(self, op: Operation, status: int) -> tuple[str, ...]:
        """The root element names of an XML answer, as the mock writes them (an array's or an
        object's branch of a union alike); none where the dialect fixes the root itself."""
        dialect = next(
            (f.xml for f in (self._quirks.formats.formats.values() if self._quirks.formats else ()) if f.xml), None
        )
        response = next((r for r in op.responses if r.status == str(status)), None)
        media = next((m for m in (response.content if response is not None else ()) if "json" in m.media_type), None)
        if dialect is None or dialect.root is not None or media is None or media.schema is None:
            return ()
        probes: list[Any] = [[], {}]  # a union's array branch and its object branch
        names = {answer_names(self._document, media.schema, p, dialect.dasherize)[0] or "response" for p in probes}
        return tuple(sorted(names))

    def _model(self, prop: Any) -> Any:
        """The model a union's branch names, with its fields (the branch itself is a bare reference)."""
        info = getattr(prop, "class_info", None)
        return self.models.get(info.name, prop) if info is not None else prop

    def _param(self, endpoint: Endpoint, wire_name: Any) -> Any:
        return next((p for p in endpoint.query_parameters if raw(p.name) == wire_name), None)

    def _paging(self, endpoint: Endpoint, plan: OperationPlan) -> Paging | None:
        pagination = self._quirks.pagination
        ok = next((r for r in plan.results if r.status == 200 and r.kind == "data"), None)
        if pagination is None or ok is None:
            return None
        own = self.spec_operation(endpoint).paging
        # the model's settings hold the operation's own pointers; a next link found by name
        # (below) is judged on the client's page models, which see through a chosen answer's forms
        settings = own.settings if own is not None else pagination.settings
        if own is None and (pagination.style != "next-link" or str(settings["next"]).startswith("/")):
            return None
        prop = ok.response.prop
        if pagination.style == "page-number":
            return _page_number(endpoint, prop, settings)
        if pagination.style == "next-link" and str(settings["next"]).startswith("/"):
            return self._linked_at_pointers(endpoint, prop, settings)
        if pagination.style == "next-link":
            # a chosen answer pages alike in each of its forms: the same list and link attributes
            pages = [self._model(p) for p in prop.inner_properties] if isinstance(prop, UnionProperty) else [prop]
            found = [_next_link_page(page, settings["next"]) for page in pages]
            if any(f is None for f in found) or len({(f[0].python_name, f[1]) for f in found if f}) != 1:
                return None
            lists = [f[0] for f in found if f is not None]
            size = self._param(endpoint, settings.get("size-param"))
            paging = Paging(
                style="next-link",
                item_type=" | ".join(dict.fromkeys(_item_type(items) for items in lists)),
                imports=set().union(*(_imports_of(items.inner_property) for items in lists)),
                items=naming.field_attribute(lists[0].python_name),
                next=naming.field_attribute(found[0][1] if found[0] else ""),
                size_param=settings.get("size-param") if size is not None else None,
                max_size=settings.get("max-size") if size is not None else None,
            )
            if plan.choice is not None:
                for branch, items in zip(plan.choice.branches, lists, strict=True):
                    branch.item_type = _item_type(items)
            return paging
        limit = self._param(endpoint, settings["limit-param"])
        offset = self._param(endpoint, settings["offset-param"])
        if limit is None or offset is None:
            return None
        options = prop.inner_properties if isinstance(prop, UnionProperty) else [prop]
        bare = next((p for p in options if isinstance(p, ListProperty)), None)
        linked = settings.get("linked") or {}
        model = next((p for p in options if isinstance(p, ModelProperty)), None)
        collection = _find(model, linked.get("collection", "")) if model is not None else None
        item_source = bare if bare is not None else collection
        at_items = _walk(model, settings.get("items")) if model is not None else None
        if at_items is not None and isinstance(at_items[1], ListProperty):
            item_source, collection = at_items[1], None  # records inside an envelope
        if not isinstance(item_source, ListProperty):
            return None
        next_prop = _find(model, linked.get("next", "")) if model is not None else None
        total = _walk(model, settings.get("total")) if model is not None else None
        if plan.choice is not None:
            for branch in plan.choice.branches:
                branch.item_type = _item_type(item_source)
        return Paging(
            style="offset-limit",
            item_type=_item_type(item_source),
            imports=_imports_of(item_source.inner_property),
            items=naming.field_attribute(collection.python_name) if collection is not None else None,
            next=naming.field_attribute(next_prop.python_name) if next_prop is not None else None,
            size_param=settings["limit-param"],
            max_size=settings.get("max-limit"),
            offset_param=settings["offset-param"],
            max_offset=settings.get("max-offset"),
            items_path=at_items[0] if at_items is not None and collection is None else None,
            total_path=total[0] if total is not None else None,
        )

    def _linked_at_pointers(self, endpoint: Endpoint, prop: Any, settings: dict[str, Any]) -> Paging | None:
        """Next-link paging with the records, the link (and a total) at JSON pointers of the page."""
        items, link = _walk(prop, settings.get("items")), _walk(prop, settings["next"])
        if items is None or link is None or not isinstance(items[1], ListProperty):
            return None
        total = _walk(prop, settings.get("total"))
        size = self._param(endpoint, settings.get("size-param"))
        return Paging(
            style="next-link",
            item_type=items[1].inner_property.get_type_string().as_unembedded_code(),
            imports=_imports_of(items[1].inner_property),
            size_param=settings.get("size-param") if size is not None else None,
            max_size=settings.get("max-size") if size is not None else None,
            items_path=items[0],
            next_path=link[0],
            total_path=total[0] if total is not None else None,
        )
