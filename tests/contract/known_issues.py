"""Failures the contract tests find in the mocks, specs and clients today, each routed to its owner.

An entry matches a failure by check (or client-fuzzing kind), operation ("*": any) and a piece of
its message; its text says whose it is and what is wrong. tests/contract/test_mocks.py fails on
any failure no entry matches, and on any entry that matches nothing any more (fixed: delete it).
The API's own documented error answers are not failures: the checks accept them
(generator/contract/documented.py), so they have no entry here.
Reproduce with `soundspec fuzz <api> --seed 11 --max-examples <n>` (the curl lines of the
summary) or `soundspec fuzz-client <api> --seed 5`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Known:
    check: str
    operation: str  # a label such as "GET /apps", or "*"
    contains: str  # a piece of the failure's message ("" for any)
    owner: str  # mock | spec | client, and what is wrong
    # where an API's schemathesis run is split by phase (test_mocks.RUNS): the phases it shows in
    phases: tuple[str, ...] = ()

    def matches(self, check: str, operation: str, message: str) -> bool:
        return check == self.check and self.operation in ("*", operation) and self.contains in message


SCHEMATHESIS: dict[str, list[Known]] = {
    "freesound": [],
    "soundcloud": [],
}  # fmt: skip

CLIENTS: dict[str, list[Known]] = {
    "freesound": [],
    "soundcloud": [],
}

Failure = tuple[str, str, str]  # (check or kind, operation, message)


def unexpected(found: Iterable[Failure], known: list[Known]) -> list[tuple[str, str]]:
    """(check, operation) of the failures no entry accounts for."""
    return sorted({(c, o) for c, o, m in found if not any(k.matches(c, o, m) for k in known)})


def fixed(found: Iterable[Failure], known: list[Known], phases: tuple[str, ...] = ()) -> list[str]:
    """The entries no failure matches any more, of those a run of these phases (all: empty) must find."""
    found = list(found)
    due = [k for k in known if not phases or (k.phases and set(k.phases) <= set(phases))]
    return [f"{k.check} {k.operation}: {k.owner}" for k in due if not any(k.matches(*f) for f in found)]
