"""CLI commands of the contract package: check-recordings, fuzz, proxy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

Run = Callable[[Callable[[], Any]], Any]


def register(app: typer.Typer, run: Run) -> None:
    @app.command("check-recordings")
    def check_recordings_command(
        name: Annotated[str | None, typer.Argument(help="API name; all when omitted (or a recording path)")] = None,
        paths: Annotated[list[Path] | None, typer.Argument(help="recordings or folders of them")] = None,
    ) -> None:
        """Validate recorded responses against the response schema of their operation.

        Prints one line per mismatch (file: /pointer: keyword: message); exit 1 when any.
        """
        from .cli_recordings import check_recordings_cli

        raise typer.Exit(run(lambda: check_recordings_cli(name, paths or [])))

    @app.command("fuzz")
    def fuzz_command(  # noqa: PLR0917 - typer reads the options from the signature
        name: Annotated[str, typer.Argument(help="API name from [tool.soundspec]")],
        url: Annotated[
            str | None, typer.Option(help="a live server's base URL; the built-in mock when omitted")
        ] = None,
        max_examples: Annotated[int, typer.Option(min=1, help="examples per operation and phase")] = 25,
        seed: Annotated[int, typer.Option(help="random seed: the same seed replays the same run")] = 1,
        workers: Annotated[int, typer.Option(min=1, max=64, help="operations tested in parallel")] = 1,
        junit: Annotated[Path | None, typer.Option(help="write a JUnit XML report here")] = None,
        credential: Annotated[
            list[str] | None,
            typer.Option(help="ARGUMENT=VALUE of x-soundspec-auth (e.g. api_key=...); env SOUNDSPEC_<API>_<ARGUMENT>"),
        ] = None,
        check: Annotated[list[str] | None, typer.Option(help="only these schemathesis checks (repeatable)")] = None,
        phases: Annotated[
            str, typer.Option(help="comma-separated: examples, coverage, fuzzing, stateful (OpenAPI links)")
        ] = "examples,coverage,fuzzing,stateful",
    ) -> None:
        """Run schemathesis against a live URL or, without --url, the built-in mock in-process.

        Prints operations, cases, failures by check and how to reproduce each; exit 1 on any failure.
        """
        from .cli_fuzz import fuzz_cli

        def action() -> int:
            return fuzz_cli(
                name, url=url, max_examples=max_examples, seed=seed, workers=workers, junit=junit,
                credentials=credential or [], checks=check or [], phases=phases,
            )  # fmt: skip

        raise typer.Exit(run(action))

    @app.command("fuzz-client")
    def fuzz_client_command(
        name: Annotated[str, typer.Argument(help="API name from [tool.soundspec]")],
        max_examples: Annotated[int, typer.Option(min=1, help="client calls per operation")] = 50,
        seed: Annotated[int, typer.Option(help="random seed: the same seed replays the same calls")] = 1,
        operation: Annotated[list[str] | None, typer.Option(help="only this operation, e.g. 'GET /tracks'")] = None,
        replay: Annotated[
            Path | None, typer.Option(help="answer from the recordings in DIR where one matches (mock --replay)")
        ] = None,
    ) -> None:
        """Drive the generated client with spec-generated calls against the built-in mock, in-process.

        Every raw answer is held to the spec with schemathesis' checks; the client must return a model
        or raise its own typed error. Exit 1 on any failure.
        """
        from ..config import load_project
        from .clientrun import client_summary, fuzz_api_client
        from .harness import hypothesis_home

        def action() -> int:
            project = load_project()
            (api,) = project.select([name])
            hypothesis_home(project.root)
            report = fuzz_api_client(api, examples=max_examples, seed=seed, only=operation or None, replay=replay)
            typer.echo(client_summary(name, report))
            return 0 if report.ok else 1

        raise typer.Exit(run(action))

    @app.command("import-har")
    def import_har_command(
        har: Annotated[Path, typer.Argument(help="a HAR file (browser devtools, mitmproxy)")],
        api: Annotated[
            str | None, typer.Option(help="the API every entry requests, on any host (default: by server URL)")
        ] = None,
        out: Annotated[
            Path | None, typer.Option(help="write the recordings here (default: specs/recordings/<api>/)")
        ] = None,
    ) -> None:
        """Turn a HAR capture into recordings: one per entry that requests an operation, credentials redacted.

        Check them with `soundspec check-recordings`, replay them with `soundspec mock NAME --replay DIR`.
        """
        from .har import import_har_cli

        raise typer.Exit(run(lambda: import_har_cli(har, api, out)))

    @app.command("proxy")
    def proxy_command(  # noqa: PLR0917 - typer reads the options from the signature
        name: Annotated[str, typer.Argument(help="API name from [tool.soundspec]")],
        upstream: Annotated[str, typer.Option(help="the real server's base URL")],
        port: Annotated[int, typer.Option(min=0, max=65535, help="port on 127.0.0.1; 0 picks a free one")] = 8089,
        host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
        strict: Annotated[bool, typer.Option(help="answer 502 with the violations instead of the response")] = False,
        record: Annotated[Path | None, typer.Option(help="save every exchange as a recording in DIR")] = None,
        log: Annotated[Path | None, typer.Option(help="append violations as JSON lines to this file")] = None,
    ) -> None:
        """A validating proxy: forward each request, hold request and response to the spec.

        Violations go to the X-Soundspec-Violations response header and to the log (stderr).
        """
        from .cli_proxy import proxy_cli

        def action() -> int:
            return proxy_cli(name, upstream, port=port, host=host, strict=strict, record=record, log=log)

        raise typer.Exit(run(action))
