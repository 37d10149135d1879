"""The fuzz summary as text and as JUnit XML."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, indent, tostring

from ..quirks import load_quirks
from .fuzzrun import FoundFailure, FuzzReport


def _block(text: str, prefix: str = "     ") -> str:
    return textwrap.indent(text.strip(), prefix)


def summary(name: str, report: FuzzReport, *, all_operations: list[str], replay: str) -> str:
    """What ran, what failed by check, and how to reproduce each failure."""
    phases = ", ".join(f"{phase} {count}" for phase, count in sorted(report.cases_by_phase.items()) if count)
    lines = [
        f"{name}: {len(report.operations)} of {report.operations_total} operation(s) exercised, "
        f"{report.cases} case(s) ({phases or 'none'}) in {report.seconds:.1f} s",
    ]
    if report.links_followed:
        lines.append(
            f"stateful: {sum(report.links_followed.values())} step(s) along {len(report.links_followed)} link(s)"
        )
    untested = [op for op in all_operations if op not in report.operations]
    if untested:
        lines.append(f"not exercised ({len(untested)}): {', '.join(untested)}")
    if report.failures:
        lines.append("failures by check:")
        width = max(len(check) for check in report.by_check())
        lines += [f"  {check:<{width}}  {count}" for check, count in sorted(report.by_check().items())]
        for i, failure in enumerate(sorted(report.failures, key=_order), 1):
            lines.append(f"{i}. [{failure.check}] {failure.operation}: {failure.title} ({failure.phase} phase)")
            lines.append(_block(failure.message))
            if failure.status is not None:
                lines.append(f"   received: {failure.status} {failure.body or '(empty body)'}")
            if failure.reproduce:
                lines.append("   reproduce:")
                lines.append(_block(failure.reproduce))
    for where, message in report.errors:
        lines.append(f"error in {where}:")
        lines.append(_block(message))
    if not report.operations and not report.failures and not report.errors:
        lines.append(f"{name}: FAILED, no operation was exercised: no check ran on any answer")
    elif report.ok:
        lines.append(f"{name}: OK, no failures")
    else:
        lines.append(f"{name}: {len(report.failures)} failure(s), {len(report.errors)} error(s)")
        lines.append(f"replay this run: {replay}")
    return "\n".join(lines)


def auth_warning(name: str, report: FuzzReport, spec: dict[str, Any]) -> str | None:
    """When most answers refused the credentials, what was tested was mostly the refusal: say how to pass one."""
    if not report.answers or report.auth_refusals * 2 <= report.answers:
        return None
    quirks = load_quirks(spec)
    arguments = [c.argument for c in quirks.auth.credentials] if quirks.auth else []
    first = arguments[0] if arguments else "ARGUMENT"
    return (
        f"warning: {report.auth_refusals} of {report.answers} answer(s) refused the credentials (401, 403 or the "
        f"API's auth failure); pass one with --credential {first}=VALUE or the environment variable "
        f"SOUNDSPEC_{name.upper()}_{first.upper()}"
        + (f" (this API takes: {', '.join(arguments)})" if arguments else "")
    )


def _order(failure: FoundFailure) -> tuple[str, str, str]:
    return (failure.operation, failure.check, failure.title)


def write_junit(path: Path, name: str, report: FuzzReport, all_operations: list[str]) -> None:
    """One test case per operation; each failure (by check) and each error inside it."""
    suite = Element("testsuite", name=f"soundspec fuzz {name}", time=f"{report.seconds:.3f}")
    failures = errors = skipped = 0
    labels = list(dict.fromkeys([*all_operations, *(f.operation for f in report.failures)]))
    for label in labels:
        case = SubElement(suite, "testcase", classname=name, name=label)
        found = [f for f in report.failures if f.operation == label]
        for failure in found:
            node = SubElement(case, "failure", type=failure.check, message=failure.title)
            node.text = failure.message + ("\n\nreproduce:\n" + failure.reproduce if failure.reproduce else "")
        for where, message in report.errors:
            if where == label:
                SubElement(case, "error", message=message.splitlines()[0] if message else "error").text = message
                errors += 1
        if label not in report.operations and not found:
            SubElement(case, "skipped", message="no case of this operation was checked")
            skipped += 1
        failures += bool(found)
    for where, message in report.errors:
        if where not in labels:
            case = SubElement(suite, "testcase", classname=name, name=where)
            SubElement(case, "error", message=message.splitlines()[0] if message else "error").text = message
            errors += 1
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", str(skipped))
    indent(suite)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(suite, encoding="utf-8") + b"\n")
