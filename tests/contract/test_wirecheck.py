"""negative_data_rejection judged on the wire: a multipart negation that arrives valid is not a failure."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.contract import wirecheck
from generator.contract.fuzzrun import FuzzReport, run_schema
from generator.contract.harness import FuzzSettings
from generator.contract.stschema import load_schema
from generator.mock import forms
from generator.mock.asgi import Receive, Send, lifespan
from generator.mock.exchange import ApiError, Upload

# a note: text fields and a file, multipart (the only encoding that carries the file)
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Notes", "version": "1"},
    "servers": [{"url": "http://127.0.0.1:9"}],
    "paths": {
        "/notes": {
            "post": {
                "operationId": "createNote",
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["title", "attachment"],
                                "properties": {
                                    "title": {"type": "string"},
                                    "mood": {"type": "string"},
                                    "pages": {"type": "integer"},
                                    "attachment": {"type": "string", "format": "binary"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "required": ["title"], "properties": {"title": {}}}
                            }
                        },
                    },
                    "400": {"description": "Refused"},
                },
            }
        }
    },
}


class NotesApp:
    """Takes a note: `title` text, `pages` (if sent) an integer, `attachment` a file, as form servers read them."""

    def __init__(self, *, careless: bool = False) -> None:
        self.accepted = 0
        self.careless = careless  # takes any text for `pages`: a real fault

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        status, answer = 400, b""
        try:
            fields = forms.flat(forms.multipart(body, headers.get("content-type", ""), 100))
            ok = (
                isinstance(fields.get("title"), str)
                and isinstance(fields.get("attachment"), Upload)
                and (self.careless or _integer(fields.get("pages", "0")))
                and isinstance(fields.get("mood", ""), str)
            )
            if ok:
                status, answer = 201, json.dumps({"title": fields["title"]}).encode()
                self.accepted += 1
        except ApiError:
            pass
        media = b"application/json" if status == 201 else b"text/plain"
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", media)]})
        await send({"type": "http.response.body", "body": answer})


def _integer(text: Any) -> bool:
    try:
        int(text)
    except (TypeError, ValueError):
        return False
    return True


def fuzz(app: NotesApp) -> FuzzReport:
    settings = FuzzSettings(max_examples=60, seed=5, phases=("fuzzing",), mode="negative")
    schema = load_schema(SPEC, settings, {}, base_url="http://127.0.0.1:9", app=app, sanitize=False)
    return run_schema(schema)


def test_a_negation_that_arrives_as_valid_text_is_not_a_failure() -> None:
    app = NotesApp()
    report = fuzz(app)
    assert app.accepted > 0  # some negative cases did arrive valid, and were accepted
    assert report.failures == [] and report.errors == []


def test_the_builtin_check_alone_reports_the_honest_server(monkeypatch: pytest.MonkeyPatch) -> None:
    # why the variant exists: schemathesis gives up on a multipart body with a file part
    monkeypatch.setattr(wirecheck, "REPLACED", {})
    report = fuzz(NotesApp())
    assert {f.check for f in report.failures} == {"negative_data_rejection"}


def test_a_negation_the_server_received_and_accepted_is_still_reported() -> None:
    report = fuzz(NotesApp(careless=True))
    assert {(f.check, f.operation) for f in report.failures} == {("wire_negative_data_rejection", "POST /notes")}
    assert "pages" in next(f.message for f in report.failures)
