"""YAML 1.2 loading with a line for every JSON pointer."""

from __future__ import annotations

import pytest

from generator.yamlsource import YamlSyntaxError, join, load_text, unescape


def test_scalars_follow_yaml_1_2_not_1_1() -> None:
    data, _ = load_text("a: on\nb: no\nc: 2012-01-23\nd: 012\ne: true\nf: ~\ng: 1.5\nh: '1'\ni: 0x1F\n")
    assert data == {"a": "on", "b": "no", "c": "2012-01-23", "d": 12, "e": True, "f": None, "g": 1.5, "h": "1", "i": 31}


def test_every_pointer_has_its_line() -> None:
    data, smap = load_text("paths:\n  /a/{id}:\n    get:\n      tags:\n        - x\n        - y\n")
    pointer = join("/paths", "/a/{id}", "get", "tags", 1)
    assert pointer == "/paths/~1a~1{id}/get/tags/1"
    assert smap.line_of(pointer) == 6
    assert smap.line_of(join("/paths", "/a/{id}", "get")) == 3
    assert smap.line_of("/paths/~1a~1{id}/get/nothing/here") == 3  # nearest ancestor
    assert unescape("~1a~1{id}") == "/a/{id}"
    assert data["paths"]["/a/{id}"]["get"]["tags"] == ["x", "y"]


def test_duplicate_keys_are_recorded() -> None:
    _, smap = load_text("a: 1\nb: 2\na: 3\n")
    assert smap.duplicates == [("/a", 3)]


def test_syntax_errors_carry_line_and_column() -> None:
    with pytest.raises(YamlSyntaxError) as caught:
        load_text("a: [1, 2\nb: 3\n")
    assert (caught.value.line, caught.value.column) == (2, 2)
