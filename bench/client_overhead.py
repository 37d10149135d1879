"""The generated client's overhead: a 50-track SoundCloud page fetched and parsed through
`soundcloud_v1`, next to the same request done with raw httpx plus `json.loads`.

Both sides talk to one local server in another process (so it does not share the GIL with the
clients), which answers every request with the same 50 full track objects, keep-alive. Goal:
ours / raw <= 1.15, medians of alternated rounds in one run.

    python -m bench.client_overhead [--rounds N] [--calls N]
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.harness import Result, alternate, median, timed

ROOT = Path(__file__).resolve().parent.parent
TRACK = ROOT / "specs" / "recordings" / "soundcloud" / "tracks_id.json"
CLIENT_ID = "bench-client-id"
GOAL = 1.15

# A minimal HTTP/1.1 keep-alive server: every GET gets the page. Stdlib only, run in a subprocess.
SERVER = textwrap.dedent(
    """
    import asyncio, sys
    body = open(sys.argv[1], "rb").read()
    head = (
        b"HTTP/1.1 200 OK\\r\\nContent-Type: application/json; charset=utf-8\\r\\n"
        b"Content-Length: %d\\r\\n\\r\\n" % len(body)
    )

    async def serve(reader, writer):
        try:
            while True:
                request = await reader.readuntil(b"\\r\\n\\r\\n")
                if not request:
                    break
                writer.write(head + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    async def main():
        server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[2]))
        print("ready", flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())
    """
)


def page(count: int = 50) -> bytes:
    """`count` full track objects as the API answered them (ids, titles and times varied)."""
    track = json.loads(TRACK.read_text(encoding="utf-8"))
    tracks = []
    for i in range(count):
        one = dict(track, id=track["id"] + i, title=f"{track['title']} {i}")
        one["created_at"] = f"2013/08/{1 + i % 28:02d} 18:40:{i % 60:02d} +0000"
        tracks.append(one)
    return json.dumps(tracks).encode()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def local_server(body: bytes, folder: Path) -> Iterator[str]:
    body_file = folder / "page.json"
    body_file.write_bytes(body)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(body_file), str(port)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def measure(rounds: int = 15, calls: int = 40, folder: Path | None = None) -> list[Result]:
    import tempfile

    from soundcloud_v1 import SoundCloudClient

    with tempfile.TemporaryDirectory() as tmp, local_server(page(), folder or Path(tmp)) as url:
        client = SoundCloudClient(client_id=CLIENT_ID, base_url=url, max_retries=0)
        raw = httpx.Client(base_url=url)

        def ours() -> float:
            def run() -> None:
                for _ in range(calls):
                    tracks = client.tracks.list_tracks(limit=50)
                    assert isinstance(tracks, list) and len(tracks) == 50

            return timed(run) / calls

        def baseline() -> float:
            def run() -> None:
                for _ in range(calls):
                    response = raw.get("/tracks", params={"client_id": CLIENT_ID, "limit": 50})
                    assert len(json.loads(response.content)) == 50

            return timed(run) / calls

        with client, raw:
            a, b = alternate(ours, baseline, rounds=rounds, warmup=2)
    return [
        Result(
            name="client overhead (50-track SoundCloud page)",
            metric="seconds",
            ours_label="soundcloud_v1: request + models",
            ours=median(a),
            baseline_label="raw httpx + json.loads",
            baseline=median(b),
            goal=GOAL,
            rounds=rounds,
            notes=[f"{calls} calls per sample; a local keep-alive server in another process serves one body"],
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=40)
    args = parser.parse_args()
    started = time.perf_counter()
    for result in measure(args.rounds, args.calls):
        print(f"{result.name}: ours {result.ours * 1e3:.3f} ms, raw {(result.baseline or 0) * 1e3:.3f} ms")
        print(f"ratio {result.ratio:.3f} (goal <= {GOAL}) -> {'met' if result.passed else 'NOT met'}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
