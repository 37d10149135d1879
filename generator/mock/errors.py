"""Error bodies in the API's own shape, from `x-soundspec-errors` and the error schema.

The body starts from the schema (its consts and required keys), then the logical status,
message, type and the API's own error code (one whose kind stands for the status, the
operation's codes first) are written at the pointers the quirks name. The HTTP status is the
quirk's fixed `http-status` when the API had one (Freesound: always 400; 200 for an API whose
errors come inside a success).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from ..quirks import Quirks, at_pointer, set_at
from ..refs import deref
from .compiled import Operation
from .synth import Synth, rng


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class ErrorShaper:
    def __init__(self, spec: dict[str, Any], quirks: Quirks, synth: Synth) -> None:
        self.quirks = quirks
        self.errors = quirks.errors
        self.template: Any = None
        if self.errors is not None:
            schema = deref(spec, {"$ref": self.errors.schema})
            self.template = _skeleton(spec, schema, synth)

    def logical(self, status: int) -> int:
        """A status the API's error types or codes know (400 stands in for one none has, e.g. 406)."""
        if self.errors is None or not (self.errors.types or self.errors.codes):
            return status
        known = {t.status for t in self.errors.types.values()} | {c.status for c in self.errors.codes.values()}
        return status if status in known else 400

    def kind_for(self, status: int, kind: str | None) -> str | None:
        if kind is not None or self.errors is None:
            return kind
        candidates = [(name, t) for name, t in self.errors.types.items() if t.status == self.logical(status)]
        phrase = reason(self.logical(status)).replace(" ", "")
        # of the types sharing a status, the one named for it (InternalServerError for 500)
        for name, t in candidates:
            if phrase in (name, t.cls, t.cls.removesuffix("Error")):
                return name
        return candidates[0][0] if candidates else None

    def body(
        self, status: int, message: str, kind: str | None = None, op: Operation | None = None, xml: bool = False
    ) -> Any:
        """The error answer; `xml` when it is written as XML, where the rule may keep its code and
        message elsewhere (an attribute and a text: `<error code="6">message</error>`)."""
        if self.errors is None:
            return {"error": {"status": status, "message": message}}
        rule = self.errors.in_xml() if xml and self.errors.xml else self.errors
        status = self.logical(status)
        body = {} if rule is not self.errors else _copy(self.template)
        if rule.status:
            set_at(body, rule.status, status)
        code = rule.code_for(status, dict(op.model.error_codes) if op is not None and op.model else None)
        if rule.code and code is not None:
            numeric = rule is self.errors and code.isdigit() and self._numeric_code()
            set_at(body, rule.code, int(code) if numeric else code)
        set_at(body, rule.message[0], message)
        kind = self.kind_for(status, kind)
        if rule.type and kind is not None:
            set_at(body, rule.type, kind)
        return body

    def as_xml(self, body: Any) -> Any:
        """A body written in the JSON layout (an auth failure of the quirks) in the XML one."""
        if self.errors is None or not self.errors.xml:
            return body
        return self.errors.relaid(body, self.errors, self.errors.in_xml())

    def http_status(self, status: int, op: Operation | None) -> int:
        """The status that went over the wire, kept to what the operation declares."""
        fixed = self.errors.http_status if self.errors is not None else None
        # errors inside a success come from the API's code; a wrong method is refused before it
        if fixed is not None and not (fixed < 300 and status == 405):
            return fixed
        if op is None or op.declares(status):
            return status
        for fallback in (400, 404, 422):
            if fallback != status and str(fallback) in op.responses:
                return fallback
        return status

    def _numeric_code(self) -> bool:
        """Whether the error schema types the code as a number (codes are keyed by their text)."""
        assert self.errors is not None and self.errors.code is not None
        found, value = at_pointer(self.template, self.errors.code)
        return found and isinstance(value, int | float) and not isinstance(value, bool)


def _skeleton(spec: dict[str, Any], schema: Any, synth: Synth) -> Any:
    """The error schema's consts and required keys; free values stay out of the template."""
    schema = deref(spec, schema)
    if not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"]
    props = schema.get("properties") or {}
    if props or schema.get("type") == "object":
        out = {}
        for name in schema.get("required") or []:
            if name in props:
                out[name] = _skeleton(spec, props[name], synth)
        return out
    if schema.get("type") == "array" or "items" in schema:
        item = _skeleton(spec, schema.get("items") or {}, synth)
        return [item] if int(schema.get("minItems", 1)) > 0 else []
    return synth.value(schema, rng(0))


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
