"""Client fuzzing: spec-driven cases drive the generated client against a server, in-process.

For every operation, schemathesis' hypothesis strategy (positive mode) generates a case; the
case becomes the keyword arguments of the generated `asyncio_detailed` function and client
options (format, JSONP callback, request id); the raw response is held to the spec with
schemathesis' response checks. The client must return a model or raise its own typed error:
any other exception is a crash, and a decode error or no model on a response that passed every
check is a client failure too. Schemathesis does not fuzz clients; this does.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import httpx
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.core import NOT_SET

from ..apimodel import Api
from ..errors import UsageError
from ..naming import module_path
from ..quirks import Quirks
from .clientargs import ArgumentMapper, Unmappable
from .clientchecks import check_raw
from .determinism import reproducible
from .specstrategy import Drawn, Unsupported
from .stglue import index_for, schema_index

KINDS = ("crash", "decode-error", "no-model", "response-check")
EXAMPLES_PER_KIND = 3  # failures kept (with their call) per operation and kind; all are counted
# cases drawn per hypothesis example: hypothesis' per-example bookkeeping is paid once per batch
BATCH = 10


@dataclass(frozen=True)
class ClientFailure:
    kind: str  # crash | decode-error | no-model | response-check
    operation: str
    message: str
    call: str  # how the client was called


@dataclass
class OperationResult:
    operation: str
    cases: int = 0
    unmappable: int = 0
    failures: list[ClientFailure] = field(default_factory=list)  # the first few of each kind
    counts: Counter[str] = field(default_factory=Counter)  # every failure, by kind
    seconds: float = 0.0


@dataclass
class ClientFuzzReport:
    operations: list[OperationResult] = field(default_factory=list)
    seconds: float = 0.0
    replayed: int | None = None  # answers that came from recordings (fuzz-client --replay)

    @property
    def cases(self) -> int:
        return sum(o.cases for o in self.operations)

    @property
    def failures(self) -> list[ClientFailure]:
        return [f for o in self.operations for f in o.failures]

    def by_kind(self) -> Counter[str]:
        return sum((o.counts for o in self.operations), Counter())

    @property
    def ok(self) -> bool:
        """No failure, and at least one client call made: a run that called nothing passes nothing."""
        return not self.failures and self.cases > 0


class Capture(httpx.AsyncBaseTransport):
    """Keeps every raw response the client received (the request attached), read in full."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.responses: list[httpx.Response] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()  # the checks read the body sent
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        kept = httpx.Response(response.status_code, headers=response.headers, content=content, request=request)
        self.responses.append(kept)
        return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)


@dataclass(frozen=True)
class ClientUnderTest:
    """The generated package, imported by name at run time (the toolkit never imports it otherwise)."""

    package: str
    quirks: Quirks
    credentials: dict[str, str]
    base_url: str

    def module(self, tag: str, operation_id: str) -> Any:
        return importlib.import_module(module_path(self.package, tag, operation_id))

    def make(self, transport: httpx.AsyncBaseTransport) -> Any:
        root = importlib.import_module(self.package)
        cls = getattr(root, f"Async{self.quirks.class_name}")
        return cls(**self.credentials, base_url=self.base_url, transport=transport, max_retries=0)

    @property
    def error_root(self) -> type[BaseException]:
        found: type[BaseException] = getattr(importlib.import_module(self.package), self.quirks.error_class)
        return found


def _describe_call(name: str, kwargs: dict[str, Any], options: dict[str, Any]) -> str:
    opts = f".with_options({', '.join(f'{k}={v!r}' for k, v in options.items())})" if options else ""
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"client{opts} -> {name}({args})"[:600]


class OperationFuzzer:
    """One operation: hypothesis examples, each a client call and a check of the raw answer."""

    def __init__(
        self, client: ClientUnderTest, schema: Any, operation: tuple[str, str, str], app: Any, *, ours: bool = True
    ) -> None:
        label, tag, op_id = operation
        method, path = label.split(" ", 1)
        self.client = client
        self.operation = schema[path][method]
        self.func: Callable[..., Any] = client.module(tag, op_id).asyncio_detailed
        self.mapper = ArgumentMapper(self.func, client.quirks)
        self.result = OperationResult(label)
        self.capture = Capture(httpx.ASGITransport(app))
        self.name = f"{module_path(client.package, tag, op_id)}.asyncio_detailed"
        self.ours = ours  # our spec-built strategies, or schemathesis' own (slower, for comparison)

    def _fail(self, kind: str, message: str, call: str) -> None:
        self.result.counts[kind] += 1
        if self.result.counts[kind] <= EXAMPLES_PER_KIND:
            self.result.failures.append(ClientFailure(kind, self.result.operation, message, call))

    def strategy(self) -> st.SearchStrategy[Drawn]:
        """Our fast strategies from the spec; schemathesis' own where they cannot express a schema."""
        index = index_for(self.operation)
        if self.ours:
            with contextlib.suppress(Unsupported):
                return index.strategies.operation(index.operation(self.operation.method, self.operation.path))
        fallback: st.SearchStrategy[Drawn] = self.operation.as_strategy().map(from_case)
        return fallback

    async def one(self, api_client: Any, drawn: Drawn) -> None:
        try:
            kwargs = self.mapper.kwargs(drawn.path, drawn.query, drawn.headers, drawn.body)
            options = self.mapper.options(drawn.query)
        except Unmappable:
            self.result.unmappable += 1
            return
        self.result.cases += 1
        call = _describe_call(self.name, kwargs, options)
        self.capture.responses.clear()
        raised: BaseException | None = None
        parsed: Any = None
        try:
            target = api_client.with_options(**options) if options else api_client
            parsed = (await self.func(client=target, **kwargs)).parsed
        except self.client.error_root as err:
            raised = err
        except Exception as err:  # the point of the exercise: anything else is a crash
            frames = traceback.format_exception(type(err), err, err.__traceback__, limit=-3)
            self._fail("crash", f"{type(err).__name__}: {err}\n{''.join(frames)[-1200:]}", call)
            return
        if not self.capture.responses:
            return
        raw = self.capture.responses[0]
        body = NOT_SET if drawn.body is None else drawn.body
        case = self.operation.Case(
            path_parameters=drawn.path, query=drawn.query, headers=drawn.headers, body=body, media_type=drawn.media_type
        )
        problems = check_raw(case, raw)
        if problems:
            self._fail("response-check", problems, call)
            return
        if raised is not None and type(raised).__name__ == "ResponseDecodeError":
            self._fail("decode-error", f"{type(raised).__name__} on a response that passed every check: {raised}", call)
        elif raised is None and parsed is None and 200 <= raw.status_code < 300 and raw.content.strip():
            self._fail("no-model", f"HTTP {raw.status_code} with a body that passed every check, but no model", call)

    def run(self, examples: int, seed_value: int) -> OperationResult:
        """About `examples` cases (whole batches), deterministic for a seed."""
        loop = asyncio.new_event_loop()
        api_client = self.client.make(self.capture)
        batch = st.lists(self.strategy(), min_size=min(BATCH, examples), max_size=min(BATCH, examples))

        @seed(seed_value)
        @settings(
            max_examples=-(-examples // BATCH),
            database=None,
            deadline=None,
            derandomize=False,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(cases=batch)
        def examples_of(cases: list[Drawn]) -> None:
            for drawn in cases:
                loop.run_until_complete(self.one(api_client, drawn))

        started = time.perf_counter()
        try:
            examples_of()
            self.result.seconds = time.perf_counter() - started
        finally:
            loop.run_until_complete(api_client.aclose())
            loop.close()
        return self.result


def from_case(case: Any) -> Drawn:
    """A schemathesis case as drawn inputs (its path values come percent-encoded, as sent)."""
    path = {k: unquote(v) if isinstance(v, str) else v for k, v in (case.path_parameters or {}).items()}
    body = None if type(case.body).__name__ == "NotSet" else case.body
    return Drawn(path, dict(case.query or {}), dict(case.headers or {}), body, case.media_type)


def operations_of(api: Api) -> list[tuple[str, str, str]]:
    """(label, first tag, operationId) of every operation with an operationId."""
    return [
        (f"{op.method.upper()} {op.path}", op.tags[0] if op.tags else "default", op.operation_id)
        for op in api.operations
        if op.operation_id
    ]


def fuzz_client(
    client: ClientUnderTest,
    schema: Any,
    app: Any,
    *,
    examples: int,
    seed_value: int,
    only: list[str] | None = None,
    ours: bool = True,
) -> ClientFuzzReport:
    """Client fuzzing of every operation (or the labels in `only`) against `app`, in-process."""
    report = ClientFuzzReport()
    started = time.perf_counter()
    chosen = operations_of(schema_index(schema).model)
    unknown = sorted(set(only or ()) - {operation[0] for operation in chosen})
    if unknown:
        raise UsageError(f"--operation: no such operation {', '.join(unknown)} (as in 'GET /path/{{param}}')")
    with reproducible():
        for operation in chosen:
            if only is None or operation[0] in only:
                fuzzer = OperationFuzzer(client, schema, operation, app, ours=ours)
                report.operations.append(fuzzer.run(examples, seed_value))
    report.seconds = time.perf_counter() - started
    return report
