"""Response schemas compiled into the coercion shapes the runtime types XML and YAML text with."""

from __future__ import annotations

from freesound_v1._runtime.coerce import coerce as freesound_coerce

from generator.apimodel import build_api
from generator.clients.shapes import ShapeTable
from generator.quirks import load_quirks

SPEC = {
    "openapi": "3.1.0",
    "x-soundspec-dates": {"odd": {"parse": ["%Y"]}},
    "components": {
        "schemas": {
            "Node": {
                "anyOf": [
                    {"type": "object"},
                    {"type": "array", "items": {"type": "number"}},
                    {"type": "number"},
                    {"type": "string"},
                ]
            },
            "Tree": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
                },
            },
            "Stamp": {"type": "string", "format": "odd"},
            "Page": {
                "allOf": [{"$ref": "#/components/schemas/Base"}],
                "properties": {"when": {"$ref": "#/components/schemas/Stamp"}, "flag": {"type": ["boolean", "null"]}},
            },
            "Base": {"type": "object", "properties": {"count": {"type": "integer"}}},
        }
    },
}


def test_shapes_of_objects_unions_dates_and_recursion() -> None:
    table = ShapeTable(build_api(SPEC, load_quirks(SPEC)))
    assert table.shape({"$ref": "#/components/schemas/Stamp"}) == "t"
    assert table.shape({"$ref": "#/components/schemas/Node"}) == ("r", "Node")
    assert table.named["Node"] == ("u", (("o", {}), ("l", "n"), "n", "s"))
    assert table.shape({"$ref": "#/components/schemas/Page"}) == ("r", "Page")
    assert table.named["Page"] == ("o", {"when": "t", "flag": ("u", ("b", "z")), "count": "i"})
    assert table.shape({"$ref": "#/components/schemas/Tree"}) == ("r", "Tree")
    assert table.named["Tree"] == ("o", {"id": "i", "children": ("l", "*")})


def test_the_runtime_coerces_text_by_shape() -> None:
    literals = {True: "True", False: "False", None: "None"}
    shape = (
        "o",
        {"id": "i", "rate": "n", "name": "s", "tags": ("l", "s"), "mean": ("u", ("n", "s")), "gone": ("u", ("s", "z"))},
    )
    text = {"id": "7", "rate": "7.7999999999999998", "name": True, "tags": "", "mean": "G", "gone": None}
    assert freesound_coerce(shape, text, literals) == {
        "id": 7, "rate": 7.8, "name": "True", "tags": [], "mean": "G", "gone": None,
    }  # fmt: skip
    assert freesound_coerce(("u", ("n", "s")), "120.4") == 120.4
    # XML (literals given): a lone element is a list of one; JSON keeps what it said, for the
    # model to report, unless the spec says a list of one may come alone (("l", shape, True))
    assert freesound_coerce(("l", ("o", {"x": "i"})), {"x": "1"}, {}) == [{"x": 1}]
    assert freesound_coerce(("l", ("o", {"x": "i"})), {"x": "1"}) == {"x": "1"}
    assert freesound_coerce(("l", ("o", {"x": "i"}), True), {"x": "1"}) == [{"x": 1}]
    # XML writes an empty required list as nothing at all
    assert freesound_coerce(("o", {"t": ("l", "s")}, ("t",)), "", {}) == {"t": []}
    assert freesound_coerce(("o", {"t": ("l", "s")}, ("t",)), {}) == {}
