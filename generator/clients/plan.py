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


class Planner:
    """Plans for every endpoint of one API (the `plan(endpoint)` template global)."""

    def __init__(self, api: Api) -> None:
        quirks = api.quirks
        self._quirks = quirks
        self._document = api.document
        self.shapes = ShapeTable(api)
        self._ops = {path_key(op.method, op.path): op for op in api.operations}
        self._cache: dict[int, OperationPlan] = {}
        self._api_wide = quirks.owned_query_params()

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
        plan.paging = self._paging(endpoint, plan)
        return plan

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

    def _param(self, endpoint: Endpoint, wire_name: Any) -> Any:
        return next((p for p in endpoint.query_parameters if raw(p.name) == wire_name), None)

    def _paging(self, endpoint: Endpoint, plan: OperationPlan) -> Paging | None:
        pagination = self._quirks.pagination
        ok = next((r for r in plan.results if r.status == 200 and r.kind == "data"), None)
        own = self.spec_operation(endpoint).paging
        if pagination is None or ok is None or own is None:
            return None
        settings = own.settings
        prop = ok.response.prop
        if pagination.style == "page-number":
            return _page_number(endpoint, prop, settings)
        if pagination.style == "next-link" and str(settings["next"]).startswith("/"):
            return self._linked_at_pointers(endpoint, prop, settings)
        if pagination.style == "next-link":
            if not isinstance(prop, ModelProperty) or _find(prop, settings["next"]) is None:
                return None
            lists = [p for p in _props(prop) if isinstance(p, ListProperty)]
            if len(lists) != 1:
                return None
            size = self._param(endpoint, settings.get("size-param"))
            return Paging(
                style="next-link",
                item_type=lists[0].inner_property.get_type_string().as_unembedded_code(),
                imports=_imports_of(lists[0].inner_property),
                items=naming.field_attribute(lists[0].python_name),
                next=naming.field_attribute(_find(prop, settings["next"]).python_name),
                size_param=settings.get("size-param") if size is not None else None,
                max_size=settings.get("max-size") if size is not None else None,
            )
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
        return Paging(
            style="offset-limit",
            item_type=item_source.inner_property.get_type_string().as_unembedded_code(),
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
