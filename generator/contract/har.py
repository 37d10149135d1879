"""`soundspec import-har FILE.har`: a browser's or mitmproxy's capture (HAR 1.2) as recordings.

Each entry whose request names an operation of the API becomes a recording in the
`check-recordings` format, written by the proxy's recorder, so credentials are redacted exactly
as there (generator/contract/redact.py: by name, and by the values the request carried in its
query, headers and body). Which API: the one `--api` names (any host: a capture against a mock on
127.0.0.1), else the configured API whose server URL (host and base path) the entry's URL is
under. Bodies come as HAR writes them: `content.text`, base64 when `content.encoding` says so,
text in the charset of its media type. Entries with no answer (a blocked or aborted request),
without their body in the capture, or naming no operation are left out, and counted.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import typer

from ..config import ApiConfig, load_project
from ..errors import UsageError
from ..mock.forms import multidict
from ..specs import load_spec
from .bodies import media_charset
from .exchange import SpecIndex
from .recorder import Exchange, Recorder


@dataclass
class Imported:
    written: Counter[str] = field(default_factory=Counter)  # operation id -> recordings written
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> entries left out
    folders: dict[str, Path] = field(default_factory=dict)  # API -> where its recordings went


@dataclass(frozen=True)
class _Target:
    api: ApiConfig
    index: SpecIndex
    origin: str  # scheme://host[:port] of the API's server, "" when --api names it (any host)
    recorder: Recorder


def read_har(path: Path) -> tuple[list[dict[str, Any]], str]:
    """The entries of a HAR file and what wrote it; UsageError (one line) when it is not one."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as err:
        raise UsageError(f"{path}: cannot read: {err.strerror or err}") from None
    except (ValueError, RecursionError) as err:
        raise UsageError(f"{path}: not a HAR file (not JSON: {err})") from None
    log = data.get("log") if isinstance(data, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(log, dict) or not isinstance(entries, list):
        raise UsageError(f"{path}: not a HAR file (no log.entries list)")
    for number, entry in enumerate(entries, 1):
        request = entry.get("request") if isinstance(entry, dict) else None
        response = entry.get("response") if isinstance(entry, dict) else None
        if not isinstance(request, dict) or not isinstance(response, dict):
            raise UsageError(f"{path}: entry {number}: no request and response objects")
        if not isinstance(request.get("method"), str) or not isinstance(request.get("url"), str):
            raise UsageError(f"{path}: entry {number}: the request has no method and url")
        if not isinstance(response.get("status"), int) or isinstance(response.get("status"), bool):
            raise UsageError(f"{path}: entry {number}: the response has no status")
    made_by = log.get("creator")
    creator: dict[str, Any] = made_by if isinstance(made_by, dict) else {}
    return entries, " ".join(str(creator[k]) for k in ("name", "version") if creator.get(k))


def _headers(items: Any) -> dict[str, str]:
    """HAR's [{name, value}] list as a dict (the last of a repeated name wins; HTTP/2's pseudo-headers go)."""
    out: dict[str, str] = {}
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and isinstance(item.get("name"), str) and not item["name"].startswith(":"):
            out[item["name"]] = str(item.get("value", ""))
    return out


def _body(content: dict[str, Any], media_type: str, length: str, method: str) -> bytes | None:
    """The response body as it went over the wire (decoded of any content coding); None when not captured.

    Browsers keep no body of a redirect: devtools export it with none or an empty one, though the
    server sent one (its Content-Length says so), and an empty body in its place would be another
    answer."""
    text = content.get("text")
    sent = length.strip().isdigit() and int(length) > 0 and method != "HEAD"
    if not isinstance(text, str) or not text:
        return None if sent or content.get("size") else b""
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            return None
    try:
        return text.encode(media_charset(media_type))
    except (LookupError, UnicodeEncodeError):
        return text.encode("utf-8")


def _request_body(request: dict[str, Any]) -> tuple[str, bytes]:
    posted = request.get("postData")
    if not isinstance(posted, dict):
        return "", b""
    media = str(posted.get("mimeType", ""))
    text = posted.get("text")
    if isinstance(text, str):
        return media, text.encode("utf-8")
    params = posted.get("params")
    if isinstance(params, list):  # a form HAR lists as params only
        pairs = "&".join(f"{p.get('name', '')}={p.get('value', '')}" for p in params if isinstance(p, dict))
        return media, pairs.encode("utf-8")
    return media, b""


def import_har(path: Path, apis: list[ApiConfig], out: dict[str, Path], *, named: bool) -> Imported:
    """Write the entries of `path` that request an operation of `apis` into `out[api]` as recordings.

    `named`: the API was named (--api): entries on any host count, matched by path alone."""
    entries, creator = read_har(path)
    targets: list[_Target] = []
    for api in apis:
        index = SpecIndex(load_spec(api.spec).model)
        server = urlsplit(index.model.server_url or "")
        origin = "" if named else f"{server.scheme}://{server.netloc}".lower()
        targets.append(_Target(api, index, origin, Recorder(out[api.name], index)))
    result = Imported(folders={t.api.name: t.recorder.folder for t in targets})
    made = f"HAR {path.name}" + (f" ({creator})" if creator else "")
    for number, entry in enumerate(entries, 1):
        reason = _import_entry(entry, targets, result, source=f"{made}, entry {number}")
        if reason is not None:
            result.skipped[reason] += 1
    return result


def _import_entry(entry: dict[str, Any], targets: list[_Target], result: Imported, *, source: str) -> str | None:
    """Write one entry; the reason it was left out, or None."""
    request, response = entry["request"], entry["response"]
    url = urlsplit(request["url"])
    origin = f"{url.scheme}://{url.netloc}".lower()
    method = request["method"].upper()
    if response["status"] == 0:
        return "no answer (blocked or aborted)"
    for target in targets:
        base = target.index.base_path
        if target.origin and (origin != target.origin or not (url.path + "/").startswith(base + "/")):
            continue
        matched = target.index.match(method, url.path, multidict(parse_qsl(url.query, keep_blank_values=True)))
        if matched is None:
            continue
        headers = _headers(response.get("headers"))
        content = response.get("content") if isinstance(response.get("content"), dict) else {}
        lowered = {k.lower(): v for k, v in headers.items()}
        media = lowered.get("content-type") or str(content.get("mimeType") or "")
        body = _body(content, media, lowered.get("content-length", ""), method)
        if body is None:
            return "the body is not in the capture"
        request_media, request_body = _request_body(request)
        request_headers = {k.lower(): v for k, v in _headers(request.get("headers")).items()}
        exchange = Exchange(
            method, url.path, multidict(parse_qsl(url.query, keep_blank_values=True)), response["status"], media,
            headers, body, request_headers=request_headers, request_media_type=request_media,
            request_body=request_body,
        )  # fmt: skip
        started = entry.get("startedDateTime")
        target.recorder.save(exchange, source=source + (f", {started}" if isinstance(started, str) else ""))
        result.written[f"{target.api.name} {matched.operation.operation_id or matched.template}"] += 1
        return None
    names = ", ".join(t.api.name for t in targets)
    return f"no operation of {names}" + (" on its server" if targets[0].origin else "")


def summary(path: Path, result: Imported) -> str:
    written = sum(result.written.values())
    lines = [f"{path}: {written} recording(s) written, {sum(result.skipped.values())} entr(ies) left out"]
    for name, folder in result.folders.items():
        mine = sorted((op.split(" ", 1)[1], n) for op, n in result.written.items() if op.startswith(name + " "))
        ops = ", ".join(f"{op} {n}" for op, n in mine)
        if ops:
            lines.append(f"  {name} into {folder}: {ops}")
    lines += [f"  left out: {count} {reason}" for reason, count in sorted(result.skipped.items())]
    return "\n".join(lines)


def import_har_cli(path: Path, name: str | None, out: Path | None) -> int:
    project = load_project()
    apis = project.select([name]) if name is not None else list(project.apis)
    if out is not None and len(apis) > 1:
        raise UsageError("--out wants --api NAME: the recordings of several APIs go to their own folders")
    folders = {api.name: out or project.root / "specs" / "recordings" / api.name for api in apis}
    result = import_har(path, apis, folders, named=name is not None)
    if not result.written:
        hint = "" if name is not None else "; name the API with --api NAME to take entries on any host"
        reasons = ", ".join(f"{count} {reason}" for reason, count in sorted(result.skipped.items()))
        raise UsageError(f"{path}: no entry became a recording ({reasons or 'no entries'}){hint}")
    typer.echo(summary(path, result))
    return 0
