"""Client fuzzing of a configured API: its generated package against its mock, and the summary."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Any

from ..config import ApiConfig
from ..errors import UsageError
from ..specs import load_spec
from .clientfuzz import ClientFuzzReport, ClientUnderTest, fuzz_client
from .exchange import SpecIndex
from .harness import FuzzSettings
from .mockview import mock_view
from .targets import mock_target


def prepare(api: ApiConfig, replay: Path | None = None) -> tuple[ClientUnderTest, Any, Any]:
    """(client under test, schemathesis schema, mock app) of `api`, the mock accepting the client's credentials
    (and answering from the recordings in `replay` where one matches)."""
    from .stschema import load_schema

    spec = load_spec(api.spec)
    index = SpecIndex(spec.model)
    target = mock_target(api, index.base_path, index.quirks, replay=replay)
    view = mock_view(spec.data)  # the values the mock declares it refuses are not valid calls of it
    schema = load_schema(view, FuzzSettings(mode="positive"), {}, base_url=target.base_url, app=target.app)
    client = ClientUnderTest(api.package, index.quirks, target.credentials, target.base_url)
    try:
        client.error_root  # noqa: B018 - imports the generated package by its configured name
    except ModuleNotFoundError:
        # not installed (yet): the one `soundspec generate` wrote into the project's output folder
        if (Path(api.output) / api.package / "__init__.py").is_file():
            sys.path.insert(0, str(api.output))
    try:
        client.error_root  # noqa: B018
    except ModuleNotFoundError as err:
        raise UsageError(
            f"the generated client {api.package} is not installed ({err}); run soundspec generate"
        ) from None
    return client, schema, target.app


def fuzz_api_client(
    api: ApiConfig, *, examples: int, seed: int, only: list[str] | None = None, replay: Path | None = None
) -> ClientFuzzReport:
    client, schema, app = prepare(api, replay)
    report = fuzz_client(client, schema, app, examples=examples, seed_value=seed, only=only)
    if app.replay is not None:
        report.replayed = app.replay.hits
    return report


def client_summary(name: str, report: ClientFuzzReport) -> str:
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(report.by_kind().items()))
    rate = report.cases / report.seconds if report.seconds else 0.0
    lines = [
        f"{name}: {len(report.operations)} operation(s), {report.cases} client call(s) in {report.seconds:.1f} s "
        f"({rate:.0f}/s)" + (f"; failures: {kinds}" if kinds else ""),
    ]
    if report.replayed is not None:
        lines.append(f"answers replayed from recordings: {report.replayed} (the mock answered the rest)")
    unmapped = [f"{o.operation} ({o.unmappable})" for o in report.operations if o.unmappable]
    if unmapped:
        lines.append(f"cases the client's arguments cannot express: {', '.join(unmapped)}")
    for i, failure in enumerate(report.failures, 1):
        lines.append(f"{i}. [{failure.kind}] {failure.operation}")
        lines.append(textwrap.indent(failure.message.strip(), "     "))
        lines.append(f"   call: {failure.call}")
    if not report.cases and not report.failures:
        lines.append(f"{name}: FAILED, no client call was made: nothing was tested")
    else:
        lines.append(
            f"{name}: OK, no failures" if report.ok else f"{name}: {sum(report.by_kind().values())} failure(s)"
        )
    return "\n".join(lines)
