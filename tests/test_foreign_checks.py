"""`annotator import --from FORMAT` refuses what it cannot import exactly, naming FILE:LINE and why: offsets in
the wrong unit, labels the layer lacks (until --add-labels or --map), a native line carrying another tool's
annotations; and the exact offset conversion and the schema edit it rests on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.core.errors import SchemaError
from annotator.core.offsets import offset_converter
from annotator.core.schema_edit import add_labels
from annotator.store.base import default_schema
from annotator.store.project import Project

from tests.test_foreign_formats import FOREIGN, KCNA, run

FLAG_TEXT = "🇰🇵 كيم جونغ أون"

pytestmark = pytest.mark.usefixtures("both_readings")  # each test twice: read in line, and read ahead


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def documents(db: Path) -> int:
    with Project.open(db) as project:
        return project.count_documents()


@pytest.mark.parametrize("text, unit, offset, index", [
    (FLAG_TEXT, "utf16", 5, 3), (FLAG_TEXT, "utf16", 4, 2), (FLAG_TEXT, "codepoints", 3, 3),
    (FLAG_TEXT, "graphemes", 2, 3), ("كِيم", "graphemes", 1, 2), ("كِيم", "utf16", 2, 2)])
def test_offsets_convert_exactly(text: str, unit: str, offset: int, index: int) -> None:
    assert offset_converter(text, unit)(offset) == index


@pytest.mark.parametrize("unit, offset, reason", [
    ("utf16", 1, "falls inside the surrogate pair of U+1F1F0 REGIONAL INDICATOR SYMBOL LETTER K"),
    ("utf16", 3, "falls inside the surrogate pair of U+1F1F5"),
    ("utf16", 18, "beyond the text (17 UTF-16 units)"),
    ("graphemes", 15, "beyond the text (14 grapheme clusters)"),
    ("codepoints", -1, "beyond the text (15 code points)")])
def test_offsets_that_are_no_position_are_refused(unit: str, offset: int, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        offset_converter(FLAG_TEXT, unit)(offset)


def test_offsets_inside_a_surrogate_pair_refuse_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "bad.jsonl", json.dumps({"text": FLAG_TEXT, "label": [[1, 9, "PER"]]}, ensure_ascii=False)
                + "\n" + json.dumps({"text": "كيم", "label": [[0, 3, "PER"]]}, ensure_ascii=False) + "\n")
    db = tmp_path / "p.db"
    code, out, err = run(capsys, "import", "--db", db, "--from", "doccano", bad)
    assert code == 1
    assert f"{bad}:1: label 1 (PER): UTF-16 offset 1 falls inside the surrogate pair of U+1F1F0" in err
    assert out.strip() == "1 imported, 0 skipped (already there), 1 rejected"


def test_grapheme_offsets_beyond_the_text_and_default_units_that_split_a_cluster(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    bad = write(tmp_path / "g.jsonl", json.dumps({"text": "كِيم", "label": [[0, 9, "PER"]]}, ensure_ascii=False) + "\n")
    code, _, err = run(capsys, "import", "--db", db, "--from", "doccano", "--offsets", "graphemes", bad)
    assert code == 1 and f"{bad}:1: label 1 (PER): offset 9 is beyond the text (3 grapheme clusters)" in err
    graphemes = FOREIGN / "doccano/arabic_graphemes.jsonl"  # read as UTF-16 units, its offsets cut the family emoji
    code, _, err = run(capsys, "import", "--db", db, "--from", "doccano", graphemes)
    assert code == 1 and f"{graphemes}:1: label 1 (PER):" in err and "splits a character from its marks" in err
    assert not db.exists() or documents(db) == 0


def test_text_that_does_not_match_the_offsets_is_refused_with_both_texts(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    old = FOREIGN / "label_studio/old_utf16.json"
    code, out, err = run(capsys, "import", "--db", db, "--from", "label-studio", old)
    assert code == 1
    assert (f"{old}:2: annotation 1, result 'o1' (PER): offsets 46-58 (in code points) select ' جونغ أون ال', but the "
            "file says the span is 'كيم جونغ أون'; counted in UTF-16 units they fit: give --offsets utf16") in err
    assert out.startswith("0 imported")

    ann = write(tmp_path / "brat/doc.ann", "T1\tPER 0 3\tكيم\nT2\tGPE 4 9\tموسكو\n")
    write(tmp_path / "brat/doc.txt", "كيم زار موسكو.\n")
    code, _, err = run(capsys, "import", "--db", db, "--from", "brat", ann)
    assert code == 1
    assert f"{ann}:2: T2 (GPE): offsets 4-9 (in code points) select 'زار م', but the file says the span is 'موسكو'" in err
    assert documents(db) == 0  # nothing of the document is stored, not even its text

    line = {"text": KCNA, "spans": [{"start": 43, "end": 55, "label": "PER", "text": "كيم"}], "answer": "accept"}
    prodigy = write(tmp_path / "p.jsonl", json.dumps(line, ensure_ascii=False) + "\n")
    code, _, err = run(capsys, "import", "--db", db, "--from", "prodigy", prodigy)
    assert code == 1 and f"{prodigy}:1: span 1 (PER): offsets 43-55" in err

    tsv = FOREIGN / "webanno/arabic_emoji.tsv"  # its offsets are UTF-16: read as code points, the tokens do not fit
    code, _, err = run(capsys, "import", "--db", db, "--from", "webanno-tsv", "--offsets", "codepoints", tsv)
    assert code == 1 and f"{tsv}:6: offsets 0-6 select '🇰🇵🔥 قا' of the text, not the token '🇰🇵🔥'" in err


def test_unknown_labels_refuse_the_file_then_a_lead_adds_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    exported = FOREIGN / "doccano/sequence_labeling.jsonl"
    code, out, err = run(capsys, "import", "--db", db, "--from", "doccano", exported)
    assert code == 1 and out.startswith("0 imported")
    assert (f"{exported}: labels that layer 'entities' does not have: PERSON (2), MISC (1); nothing of this file "
            "was imported") in err
    assert documents(db) == 0

    assert run(capsys, "team", "add-user", "lina", "--role", "lead", "--db", db)[0] == 0
    assert run(capsys, "team", "add-user", "omar", "--role", "annotator", "--db", db, "--as", "lina")[0] == 0
    code, _, err = run(capsys, "import", "--db", db, "--from", "doccano", exported, "--add-labels", "entities",
                       "--as", "omar")
    assert code == 2 and "is for a lead" in err

    code, out, err = run(capsys, "import", "--db", db, "--from", "doccano", exported, "--add-labels", "entities",
                         "--as", "lina")
    assert code == 0, err
    assert "added to layer 'entities': PERSON, MISC" in err
    with Project.open(db) as project:
        layer = project.schema.layer("entities")
        assert layer is not None
        added = {lab.name: lab for lab in layer.labels if lab.name in ("PERSON", "MISC")}
        assert set(added) == {"PERSON", "MISC"}
        keys = [lab.key for lab in layer.labels]
        assert len(keys) == len(set(keys))
        assert "# The default annotation schema" in project.schema.source  # the comments stay
    assert out.startswith("3 imported")


def test_map_renames_and_leaves_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "import", "--db", db, "--from", "doccano", FOREIGN / "doccano/sequence_labeling.jsonl",
                       "--map", "PERSON=PER", "--map", "MISC=")
    assert code == 0, err
    assert "1 spans labelled 'MISC' (--map MISC=)" in err
    with Project.open(db) as project:
        assert [lab.name for lab in project.schema.layer("entities").labels].count("MISC") == 0  # type: ignore[union-attr]
        assert project.stats().spans == {"entities": {"ORG": 1, "PER": 2}}


def test_a_native_line_with_another_tools_annotations_is_refused(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Before, a doccano line imported as native with exit 0 and every annotation dropped."""
    db = tmp_path / "p.db"
    lines = write(tmp_path / "d.jsonl", (FOREIGN / "doccano/sequence_labeling.jsonl").read_text(encoding="utf-8")
                  + json.dumps({"text": "Plain.", "spans": []}) + "\n"
                  + json.dumps({"text": "x", "annotations": []}) + "\n")
    code, out, err = run(capsys, "import", "--db", db, lines)
    assert code == 1
    assert (f"{lines}:1: has 'label', which the native format does not read (its annotations would be lost); it is "
            "read by --from doccano") in err
    assert f"{lines}:5: has 'annotations'" in err and "--from label-studio" in err
    assert out.startswith("1 imported") and "4 rejected" in out


def test_a_broken_task_costs_only_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = json.loads((FOREIGN / "label_studio/arabic_emoji.json").read_text(encoding="utf-8"))
    tasks[0]["annotations"][0]["result"][0]["value"]["start"] = "/p[1]/text()[1]"  # a HyperText region
    broken = write(tmp_path / "t.json", json.dumps(tasks, ensure_ascii=False, indent=1))
    db = tmp_path / "p.db"
    code, out, err = run(capsys, "import", "--db", db, "--from", "label-studio", broken)
    assert code == 1
    assert f"{broken}:2: annotation 1, result 'r1': 'start' and 'end' are not character offsets" in err
    assert out.startswith("2 imported")  # tasks 42 and 43; nothing of task 41, not even its other annotator


def test_options_that_do_not_apply_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "import", "--db", db, FOREIGN / "doccano", "--map", "A=B")
    assert code == 2 and "--map is for --from formats other than native" in err
    code, _, err = run(capsys, "import", "--db", db, "--from", "conll", "--offsets", "utf16", FOREIGN / "conll")
    assert code == 2 and "conll files have no offsets" in err
    code, _, err = run(capsys, "import", "--db", db, "--from", "doccano", "--layer", "nope", FOREIGN / "doccano")
    assert code == 2 and "the schema has no layer 'nope'" in err


def test_webanno_asks_which_layer_when_several(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (FOREIGN / "webanno/testMultiTokenStackedSpanWithFeatureValue.tsv").read_text(encoding="utf-8")
    two = write(tmp_path / "two.tsv", text.replace("#T_SP=webanno.custom.Span|value\n",
                                                   "#T_SP=webanno.custom.Span|value\n#T_SP=webanno.custom.Other|kind\n")
                .replace("]\t\n", "]\t_\t\n"))
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "import", "--db", db, "--from", "webanno-tsv", two)
    assert code == 1 and "which layer holds the labels? give --layer-field TYPE:FEATURE" in err
    code, out, err = run(capsys, "import", "--db", db, "--from", "webanno-tsv", two, "--layer-field", "Span:value",
                         "--map", "PERSON=PER", "--map", "LOCATION=")
    assert code == 0 and out.startswith("1 imported"), err
    assert "1 spans labelled 'LOCATION' (--map LOCATION=)" in err


def test_add_labels_keeps_the_toml_and_refuses_what_is_no_label_name() -> None:
    schema = default_schema()
    grown = add_labels(schema, "boilerplate", ["AD", "منوعات"])
    layer = grown.layer("boilerplate")
    assert layer is not None and [lab.name for lab in layer.labels] == ["BOILERPLATE", "AD", "منوعات"]
    assert grown.layers[0] == schema.layers[0] and grown.tasks == schema.tasks
    start = grown.source.index('\n  [[layers.labels]]\n  name = "AD"')
    end = grown.source.index('[[layers]]\nname = "stance"')
    assert grown.source[:start] + "\n" + grown.source[end:] == schema.source  # only the two labels are new
    with pytest.raises(SchemaError, match="'2a' cannot be label names"):
        add_labels(schema, "entities", ["2a"])


def test_a_bad_annotator_name_is_refused_before_add_labels_changes_the_schema(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "a.jsonl"
    data.write_text(json.dumps({"text": "Bob met Ann", "label": [[0, 3, "NEWLABEL"]]}) + "\n", encoding="utf-8")
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "import", "--db", db, "--from", "doccano", data, "--add-labels", "entities",
                       "--annotator", "bad\u202ename")
    assert code != 0 and "--annotator" in err and "added to layer" not in err
    with Project.open(db) as project:
        assert project.schema.layer("entities").label("NEWLABEL") is None
        assert project.count_documents() == 0
