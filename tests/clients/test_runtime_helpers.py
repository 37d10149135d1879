"""Small pieces of the rendered runtime: date forms, Retry-After, URL redaction, JSONP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from freesound_v1._runtime import codecs as freesound_codecs
from freesound_v1._runtime import jsonp as freesound_jsonp
from freesound_v1._runtime import retries as freesound_retries
from freesound_v1._runtime.auth import redact_url
from hypothesis import given, settings
from hypothesis import strategies as st
from soundcloud_v1._runtime import codecs as soundcloud_codecs
from soundcloud_v1._runtime.auth import Credentials, strip_secrets
from soundcloud_v1._runtime.dates import format_datetime as sc_format
from soundcloud_v1._runtime.dates import parse_datetime as sc_parse

from generator.contract import bodies as contract_bodies

WRAPS = ["{callback}({body})", "/**/{callback}({body});"]  # Freesound's, SoundCloud's


def test_soundcloud_forms() -> None:
    assert sc_parse("2011/01/08 01:01:25 +0000", "soundcloud-datetime") == datetime(2011, 1, 8, 1, 1, 25, tzinfo=UTC)
    assert sc_parse("2011/01/08 01:01:25 -0530", "soundcloud-datetime").utcoffset() == -timedelta(hours=5, minutes=30)
    assert sc_parse("2013-03-17 18:37:51", "soundcloud-query-datetime") == datetime(2013, 3, 17, 18, 37, 51)
    # another of the API's forms, and ISO 8601, are read too; nonsense is refused
    assert sc_parse("2013-03-17 18:37:51", "soundcloud-datetime") == datetime(2013, 3, 17, 18, 37, 51)
    assert sc_parse("2013-03-17T18:37:51Z", "soundcloud-datetime") == datetime(2013, 3, 17, 18, 37, 51, tzinfo=UTC)
    with pytest.raises(ValueError, match="soundcloud-datetime"):
        sc_parse("2013/13/45 99:00:00 +0000", "soundcloud-datetime")
    when = datetime(2013, 8, 6, 18, 40, 58, tzinfo=timezone(timedelta(hours=2)))
    assert sc_format(when, "soundcloud-datetime") == "2013/08/06 18:40:58 +0200"
    assert sc_format(datetime(2013, 8, 6, 18, 40, 58), "soundcloud-datetime") == "2013/08/06 18:40:58 +0000"


def test_retry_after_in_seconds_and_as_a_date() -> None:
    assert freesound_retries.retry_after("3") == 3.0
    assert freesound_retries.retry_after(None) is None
    assert freesound_retries.retry_after("soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    assert 100 < (freesound_retries.retry_after(later) or 0) <= 120


def test_redaction_and_stripping() -> None:
    url = "http://u:pw@h/x?api_key=K&q=1&format=xml"
    assert redact_url(url) == "http://u:%3Credacted%3E@h/x?api_key=%3Credacted%3E&q=1&format=xml"
    assert str(strip_secrets(httpx.URL("http://h/x?client_id=C&oauth_token=T&q=1"))) == "http://h/x?q=1"
    credentials = Credentials({"client_id": "client-1d", "access_token": "t0k3n"})
    assert repr(credentials) == "Credentials(access_token, client_id: <redacted>)"


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(callback=st.text(min_size=1, max_size=8), value=_JSON_VALUES, wrap=st.sampled_from(WRAPS))
def test_the_runtime_unwraps_jsonp_as_the_contract_checks_do(callback: str, value: Any, wrap: str) -> None:
    # any callback the server echoes, delimiters and all: the client reads what the checks read
    text = wrap.replace("{callback}", callback).replace("{body}", json.dumps(value, ensure_ascii=False))
    assert freesound_jsonp.unwrap(text, wrap) == value
    assert contract_bodies.unwrap_jsonp(text, wrap) == value
    if wrap == "{callback}({body})":  # the decoders of the generated clients, with their API's wrap
        assert freesound_codecs.decode_json(text.encode()) == value
    else:
        assert soundcloud_codecs.decode_json(text.encode()) == value
