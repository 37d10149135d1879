"""Parallel fuzz workers parse source one thread at a time (CPython < 3.13 corrupts concurrent AST builds)."""

from __future__ import annotations

import ast
import sys
import threading

from generator.contract.astlock import serialized_ast_parse

AFFECTED = sys.version_info < (3, 13)


def test_parallel_runs_hold_a_lock_around_ast_parse_and_give_it_back() -> None:
    original = ast.parse
    with serialized_ast_parse(1):
        assert ast.parse is original  # one worker: nothing to guard
    with serialized_ast_parse(2):
        guarded = ast.parse
        assert (guarded is not original) == AFFECTED  # a fixed CPython is left alone
        with serialized_ast_parse(4):  # overlapping runs share the one guard
            assert ast.parse is guarded
        assert ast.parse is guarded  # the inner run ending does not lift it for the outer
        assert ast.dump(ast.parse("x = 1")) == ast.dump(original("x = 1"))
    assert ast.parse is original


def test_the_guard_lets_one_thread_parse_at_a_time() -> None:
    inside = 0
    most = 0
    count = threading.Lock()
    original = ast.parse

    def slow_parse(*args: object, **kwargs: object) -> ast.AST:
        nonlocal inside, most
        with count:
            inside += 1
            most = max(most, inside)
        threading.Event().wait(0.01)
        with count:
            inside -= 1
        return original(*args, **kwargs)  # type: ignore[arg-type]

    ast.parse = slow_parse  # type: ignore[assignment]
    try:
        with serialized_ast_parse(4):
            threads = [threading.Thread(target=lambda: [ast.parse("y = 2") for _ in range(5)]) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        ast.parse = original
    assert most == 1 if AFFECTED else most > 1
