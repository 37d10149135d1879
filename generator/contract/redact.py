"""Keep credentials out of what the recorder writes: the query, a redirect's Location, the bodies.

One list of credential names serves every place: the spec's query-placed apiKey schemes, the
OAuth parameters and the legacy `consumer_key` (`credential_names`). In any text, a parameter of
that list inside a URL, a fragment or a form (`?client_id=...`, `#access_token=...`, XML's
`&amp;oauth_token=...`, JSON's `\\u0026`, a nested URL's `%3Fclient_id%3D...`) keeps its name and
has its value replaced by `<redacted>`. The answers of the token operation (the `oauth2`
token-operation of `x-soundspec-auth`, or any operation an oauth2 flow's `tokenUrl` or
`refreshUrl` names) carry their tokens as members: there a JSON member, an XML element or a YAML
line named in the list is redacted too. Binary bodies (audio, images, archives) stay untouched.

Names miss what a server echoes in its own words (a form quoted inside an escaped JSON string, a
token inside another parameter's URL), so the credential *values* the request carried (its
query, form or JSON body, `Authorization` and apiKey headers, found by the same list of names)
are replaced wherever they appear: as sent, percent-encoded, JSON-escaped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from ..recordings import REDACTED, credential_parameters
from .bodies import api_format, is_structured, media_base, media_charset
from .exchange import SpecIndex

ESCAPED = REDACTED.replace("<", "&lt;").replace(">", "&gt;")  # the marker inside XML or HTML text
_TEXT_TYPES = frozenset({"application/x-www-form-urlencoded", "application/octet-stream", ""})
_FORM = "application/x-www-form-urlencoded"
MIN_SECRET = 6  # shorter values (`1`, `true`, a page size) would blank out ordinary text


def credential_names(index: SpecIndex, extra: Iterable[str] = ()) -> frozenset[str]:
    """Parameters that carry credentials: the apiKey schemes in the query, OAuth's, and `extra`."""
    return credential_parameters(index.model, extra)


def token_operations(index: SpecIndex) -> frozenset[str]:
    """Pointers of the operations that answer with tokens: the quirk's token operation, the flows' URLs."""
    auth = index.quirks.auth
    named = auth.oauth2.token_operation if auth is not None and auth.oauth2 is not None else None
    token = index.model.operation(named) if named else None
    found = {token.pointer} if token else set()
    for scheme in index.model.security_schemes.values():
        for flow in (scheme.get("flows") or {}).values() if scheme.get("type") == "oauth2" else ():
            for url in (flow.get("tokenUrl"), flow.get("refreshUrl")):
                matched = index.match("post", urlsplit(str(url)).path) if url else None
                if matched is not None:
                    found.add(matched.pointer)
    return frozenset(found)


class Redactor:
    """Replaces credential values by `<redacted>` in query parameters, header values and bodies."""

    def __init__(self, index: SpecIndex, extra: Iterable[str] = ()) -> None:
        self.index = index
        self.names = credential_names(index, extra)
        self.token_ops = token_operations(index)
        schemes = (index.spec.get("components") or {}).get("securitySchemes") or {}
        self.header_names = frozenset(
            str(s["name"]).lower() for s in schemes.values() if s.get("type") == "apiKey" and s.get("in") == "header"
        )
        names = "|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True))
        self._param = re.compile(
            # plain: the value runs to the next separator, quote, tag, space or JSON escape (`\/` excepted)
            rf"(?P<plain>(?:^|[?&;#]|\\u0026)(?:{names})(?:=|\\u003[dD]))(?:[^&#\"'<>\s\\]|\\/)*"
            # percent-encoded once (a URL inside a parameter): it runs to the next %26
            rf"|(?P<nested>(?:%3[fF]|%26|%23)(?:{names})%3[dD])(?:(?!%26)[^&#\"'<>\s\\])*"
        )
        members = "|".join(re.escape(n) for n in sorted(self.names | {n.replace("_", "-") for n in self.names}))
        self._json_member = re.compile(rf"(\"(?:{members})\"\s*:\s*\")(?:[^\"\\]|\\.)*(\")")
        self._xml_element = re.compile(rf"(<({members})(?:\s[^>]*)?>)(?:[^<]|<!\[CDATA\[.*?\]\]>)*(</\2\s*>)", re.S)
        self._yaml_line = re.compile(rf"^([ \t]*(?:-[ \t]+)?[\"']?(?:{members})[\"']?[ \t]*:[ \t]+)\S.*$", re.M)

    def secrets(
        self, query: Mapping[str, list[str]], headers: Mapping[str, str], media_type: str, body: bytes
    ) -> frozenset[str]:
        """The credential values a request carried: query, form or JSON body, Authorization and apiKey headers."""
        found = [v for name, values in query.items() if name in self.names for v in values]
        base = media_base(media_type)
        if base == _FORM:
            pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=10_000)
            found += [v for name, v in pairs if name in self.names]
        elif base.endswith("json") and body:
            try:
                data = json.loads(body)
            except (ValueError, RecursionError):
                data = None
            if isinstance(data, dict):
                found += [v for name, v in data.items() if name in self.names and isinstance(v, str)]
        found += [v.partition(" ")[2].strip() for k, v in headers.items() if k.lower() == "authorization"]
        found += [v for k, v in headers.items() if k.lower() in self.header_names]
        return frozenset(v for v in found if len(v) >= MIN_SECRET)

    def query(self, query: dict[str, list[str]], secrets: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The sidecar's `query`: one value as itself, several as a list, credentials redacted (inside values too)."""
        out: dict[str, Any] = {}
        for name, values in query.items():
            kept = [REDACTED if name in self.names else self.text(v, secrets=secrets) for v in values]
            out[name] = kept[0] if len(kept) == 1 else kept
        return out

    def text(self, text: str, *, markup: bool = False, secrets: frozenset[str] = frozenset()) -> str:
        """`text` (a header value, a body) with every credential parameter's value, and every secret, replaced."""
        marker = ESCAPED if markup else REDACTED
        text = self._param.sub(lambda m: (m.group("plain") or m.group("nested")) + marker, text)
        for secret in sorted(secrets, key=len, reverse=True):
            for form in _spellings(secret):
                text = text.replace(form, marker)
        return text

    def body(
        self, method: str, path: str, media_type: str, body: bytes, secrets: frozenset[str] = frozenset()
    ) -> bytes:
        """The body as it may be written: textual ones redacted, binary ones as they came."""
        codec = self._codec(media_type, body)
        if codec is None:
            return body
        text = body.decode(codec)
        base = media_base(media_type)
        fmt = api_format(media_type, self.index.quirks)
        markup = base.endswith(("xml", "html")) or (fmt is not None and fmt.xml is not None)
        redacted = self.text(text, markup=markup, secrets=secrets)
        matched = self.index.match(method, path)
        if matched is not None and matched.pointer in self.token_ops:
            redacted = self._json_member.sub(lambda m: m.group(1) + REDACTED + m.group(2), redacted)
            redacted = self._xml_element.sub(lambda m: m.group(1) + ESCAPED + m.group(3), redacted)
            if "yaml" in base:
                redacted = self._yaml_line.sub(lambda m: m.group(1) + REDACTED, redacted)
        return body if redacted == text else redacted.encode(codec)

    def _codec(self, media_type: str, body: bytes) -> str | None:
        """How to read the body as text; None for binary bodies, which are never rewritten."""
        textual = is_structured(media_type, self.index.quirks) or media_base(media_type).startswith("text/")
        charset = media_charset(media_type)
        try:
            body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            # text in another charset than declared: latin-1 maps every byte, so nothing is lost
            return "latin-1" if textual else None
        return charset if textual or media_base(media_type) in _TEXT_TYPES else None


def _spellings(secret: str) -> tuple[str, ...]:
    """A value as it may appear in a body: as sent, percent-encoded (once, twice), JSON-escaped."""
    once = quote(secret, safe="")
    escaped = json.dumps(secret)[1:-1]
    return tuple(dict.fromkeys((secret, once, quote(once, safe=""), escaped, quote(secret, safe="/:"))))
