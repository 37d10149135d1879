"""JSON-shaped data made writable as XML 1.0, so that every XML answer of a mock is well-formed.

XML 1.0 cannot carry the C0 control characters other than tab, line feed and carriage return,
nor U+FFFE, U+FFFF or lone surrogates, in any form (not even as character references), and an
element name must be an XML name. Text a mock echoes from a request (a `request_id`, a username
inside an error message) can hold any of those; the real servers wrote it as it came, and such an
answer was not XML at all. The mock writes U+FFFD in place of each character XML cannot carry,
and leaves out a key that is not an ASCII XML name (the APIs' own keys all are: only a key
taken from a request could fail, and the APIs dropped unknown names).
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# ASCII names only: parsers of XML 1.0 before its fifth edition (expat among them) refuse many
# letters the fifth edition admits; at most one `:`, between a prefix and a name, as the APIs
# wrote prefixed names (`opensearch:totalResults`) that a namespace-aware parser still reads
_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*:)?[A-Za-z_][A-Za-z0-9_.-]*")


def is_name(tag: str) -> bool:
    return _NAME.fullmatch(tag) is not None


def xml_safe(value: Any, dasherize: bool = False, reserved: frozenset[str] = frozenset()) -> Any:
    """`value` with every text XML can carry and every key usable as an element name (in the dialect);
    `reserved` keys stand for an element's text and attributes (`#text`, `@attr`), not for elements."""
    if isinstance(value, str):
        return _ILLEGAL.sub(REPLACEMENT, value)
    if isinstance(value, dict):
        return {
            key: xml_safe(child, dasherize, reserved)
            for key, child in value.items()
            if key in reserved or is_name(str(key).replace("_", "-") if dasherize else str(key))
        }
    if isinstance(value, list):
        return [xml_safe(child, dasherize, reserved) for child in value]
    return value
