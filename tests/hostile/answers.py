"""Hostile answers for the clients: what a broken or malicious server can send.

Each answer is built here rather than stored, as several are megabytes once built. A client given
any of them must raise its own error (or read it, where it is only odd) and never die or leak a
foreign exception: no segfault, no RecursionError, no MemoryError.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HostileAnswer:
    kind: str  # what it attacks: nesting, size, format, encoding, shape
    name: str
    media_type: str
    build: Callable[[], bytes]
    headers: dict[str, str] = field(default_factory=dict)
    asked: str = "json"  # the format the client asks for


def _gzip_bomb() -> bytes:
    return gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)  # ~200 KB that inflates to 200 MB


ANSWERS = [
    HostileAnswer("nesting", "json-2000-deep", "application/json", lambda: b"[" * 2000 + b"]" * 2000),
    HostileAnswer("nesting", "json-100k-open", "application/json", lambda: b"[" * 100_000),
    HostileAnswer(
        "nesting", "json-objects-5000-deep", "application/json", lambda: b'{"a":' * 5000 + b"1" + b"}" * 5000
    ),
    HostileAnswer("nesting", "jsonp-5000-deep", "text/javascript", lambda: b"cb(" + b"[" * 5000 + b"]" * 5000 + b")"),
    # libyaml's C composer overflowed the stack on this: a segfault, even for a client asking JSON
    HostileAnswer("nesting", "yaml-25k-flow-to-json-client", "application/x-yaml", lambda: b"[" * 25_000),
    HostileAnswer("nesting", "yaml-25k-flow", "application/x-yaml", lambda: b"[" * 25_000, asked="yaml"),
    HostileAnswer("nesting", "yaml-25k-mappings", "application/x-yaml", lambda: b"{a: " * 25_000, asked="yaml"),
    HostileAnswer(
        "nesting", "yaml-20k-block-sequences", "application/x-yaml", lambda: b"- " * 20_000 + b"x\n", asked="yaml"
    ),
    HostileAnswer(
        "nesting",
        "yaml-3000-indented-mappings",
        "application/x-yaml",
        lambda: b"".join(b" " * i + b"k:\n" for i in range(3000)) + b" " * 3000 + b"v\n",
        asked="yaml",
    ),
    HostileAnswer(
        "nesting",
        "xml-100k-deep",
        "text/xml",
        lambda: b"<response>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</response>",
        asked="xml",
    ),
    HostileAnswer("size", "gzip-bomb", "application/json", _gzip_bomb, {"Content-Encoding": "gzip"}),
    HostileAnswer(
        "size",
        "yaml-alias-bomb",
        "application/x-yaml",
        lambda: (
            b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + b"".join(
                b"%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n" % ((98 + i, 98 + i) + (97 + i,) * 10)
                for i in range(8)
            )
        ),
        asked="yaml",
    ),
    HostileAnswer(
        "size",
        "yaml-alias-bomb-in-a-read-field",
        "application/x-yaml",
        lambda: (
            b"x: &a [t, t, t, t, t, t, t, t, t, t]\n"
            + b"".join(
                b"x%d: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n" % ((i, 98 + i) + (97 + i,) * 10)
                for i in range(8)
            )
            + b"id: 7\nname: *i\nprice: 1\nlive: true\nparts: []\ntags: *i\n"
        ),
        asked="yaml",
    ),
    HostileAnswer("format", "pickle-to-json-client", "application/python-pickle", lambda: b"\x80\x04K\x01."),
    HostileAnswer("format", "xml-to-json-client", "text/xml", lambda: b"<response><id>7</id></response>"),
    HostileAnswer("format", "html-error-page", "text/html", lambda: b"<html><body>Bad Gateway</body></html>"),
    HostileAnswer(
        "format",
        "xml-external-entity",
        "text/xml",
        lambda: (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><response><name>&x;</name></response>'
        ),
        asked="xml",
    ),
    HostileAnswer("format", "xml-wrong-root", "text/xml", lambda: b"<html><id>7</id></html>", asked="xml"),
    HostileAnswer("encoding", "invalid-utf8", "application/json", lambda: b'{"name": "\xff\xfe"}'),
    HostileAnswer("encoding", "nul-bytes", "application/json", lambda: b'{"id": 7\x00\x00}'),
    HostileAnswer("encoding", "truncated", "application/json", lambda: b'{"id": 7, "name": "tru'),
    HostileAnswer("shape", "array-for-object", "application/json", lambda: b"[1, 2, 3]"),
    HostileAnswer("shape", "string-for-object", "application/json", lambda: b'"just a string"'),
    HostileAnswer("shape", "huge-number", "application/json", lambda: b'{"id": 1' + b"0" * 5000 + b"}"),
]
