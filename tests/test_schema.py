"""The default schema has the layers, task and targets the tool is built for; a broken schema file is named with its problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import SchemaError
from annotator.core.schema import load_schema_file
from annotator.resources import resource_path


def test_default_schema_has_the_layers_tasks_and_targets() -> None:
    schema = load_schema_file(resource_path("schema.toml"))
    assert {lay.name: [lab.name for lab in lay.labels] for lay in schema.layers} == {
        "entities": ["PER", "ORG", "GPE", "LOC", "NORP", "EVENT", "DATE"],
        "boilerplate": ["BOILERPLATE"],
        "stance": ["FAVOR", "AGAINST", "NEUTRAL"],
    }
    stance = schema.task("stance")
    assert stance is not None
    assert stance.targets == ("United States", "Russia", "South Korea")
    assert [lab.name for lab in stance.labels] == ["FAVOR", "AGAINST", "NEUTRAL", "UNRELATED"]
    stance_layer = schema.layer("stance")
    assert stance_layer is not None and schema.targets_of(stance_layer) == stance.targets
    assert stance.names_of("Russia")[:3] == ("Russia", "روسيا", "موسكو") and stance.names_of("") == ()
    for group in (*schema.layers, *schema.tasks):
        assert group.description
        for label in group.labels:
            assert label.description and len(label.key) == 1 and label.color.startswith("#")


TASK = '[[tasks]]\nname = "t"\ndescription = "d"\ntargets = ["A"]\n[[tasks.labels]]\nname = "F"\ncolor = "#112233"\nkey = "f"\ndescription = "x"\n'
GOOD_LAYER = '[[layers]]\nname = "e"\ndescription = "d"\n[[layers.labels]]\nname = "PER"\ncolor = "#112233"\nkey = "p"\ndescription = "x"\n'


@pytest.mark.parametrize("text, problem", [
    ("name = ", "not valid TOML"),
    ('name = "s"\n', "needs at least one span layer"),
    ('name = "s"\n' + GOOD_LAYER.replace("#112233", "red"), "is not of the form #RRGGBB"),
    ('name = "s"\n' + GOOD_LAYER.replace('key = "p"', 'key = "pp"'), "must be one character"),
    ('name = "s"\n' + GOOD_LAYER + GOOD_LAYER, "layer name 'e' is used twice"),
    ('name = "s"\n' + GOOD_LAYER.replace('description = "x"\n', ""), "'description' must be a non-empty string"),
    ('name = "s"\n' + GOOD_LAYER.replace('description = "d"', 'description = "d"\ntarget_task = "nope"'), "target_task 'nope' is not a task"),
    ('name = "s"\n' + GOOD_LAYER.replace('description = "d"', 'description = "d"\nallow_overlaps = true'), "unknown key 'allow_overlaps'"),
    ('name = "s"\nlayers = 3\n', "must be an array of tables"),
    ('name = "s"\n' + GOOD_LAYER.replace('description = "d"', 'description = "d"\nstyle = "glow"'), "style 'glow' is not one of"),
    ('name = "s"\n' + GOOD_LAYER + GOOD_LAYER.replace("layers", "tasks").replace('name = "e"', 'name = "t"'),
     "key 'p' is also a key in layer 'e'"),
    ('name = "s"\n' + GOOD_LAYER + TASK + '[tasks.target_names]\nB = ["b"]\n', "target_names: 'B' is not one of the task's targets"),
    ('name = "s"\n' + GOOD_LAYER + TASK + '[tasks.target_names]\nA = "a"\n', "target_names: 'A' must be a list of non-empty strings"),
])
def test_broken_schema_names_file_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "my-schema.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_schema_file(path)
    assert str(path) in str(info.value)
    assert problem in str(info.value)


def test_missing_schema_file(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="cannot read schema"):
        load_schema_file(tmp_path / "nope.toml")
