"""Exports: every format on the seeds and the tricky inputs, round trip, BIO back to spans, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.bio import align_tokens, spans_from_bio
from annotator.formats.export import Cancelled, Exporter, ExportOptions
from annotator.formats.importer import Importer, collect_files
from annotator.formats.shapes import ExportError, check_line
from annotator.store.project import Project
from annotator.store.values import DocumentId

from tests.conftest import SEEDS, TRICKY

SCHEMAS = Path(__file__).parents[1] / "resources" / "schemas"


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def validate(path: Path, fmt: str) -> list[dict[str, Any]]:
    """Every line of an export against the format's JSON Schema."""
    import jsonschema
    schema = json.loads((SCHEMAS / f"{fmt}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    found = lines(path)
    for line in found:
        validator.validate(line)
    return found


def tag(project: Project, ext: str, who: str, text: str, label: str, layer: str = "entities",
        occurrence: int = 0, **attrs: str) -> None:
    doc = project.find_document(ext)
    assert doc is not None
    at = -1
    for _ in range(occurrence + 1):
        at = doc.text.index(text, at + 1)
    project.add_span(doc.id, project.annotator(who).id, layer, label, at, at + len(text), dict(attrs) or None)


@pytest.fixture
def annotated(target: str) -> Project:
    """Seeds and tricky files, annotated by two annotators in every layer (on SQLite, then on PostgreSQL)."""
    project = Project.create(target)
    files, _ = collect_files([SEEDS, TRICKY / "emoji_before_entity.txt", TRICKY / "tashkeel.txt",
                              TRICKY / "bidi_controls.txt", TRICKY / "good.jsonl"])
    Importer(project).run(files)
    seed = "000_4eee2279a2a81452"
    tag(project, seed, "sara", "الولايات المتحدة", "GPE")
    tag(project, seed, "sara", "الولايات المتحدة", "GPE", occurrence=2)  # in "والولايات المتحدة"
    tag(project, seed, "sara", "كيم جونج أون", "PER")
    tag(project, seed, "sara", "الأكثر صرامة", "AGAINST", layer="stance", target="United States")
    tag(project, seed, "omar", "كوريا الشمالية", "GPE")
    tag(project, "003_336e19fc3d449e98", "sara", "عربي و دولي", "BOILERPLATE", layer="boilerplate")
    tag(project, "003_336e19fc3d449e98", "sara", "كيم", "PER")
    tag(project, "emoji_before_entity", "sara", "كيم جونغ أون", "PER")
    tag(project, "tashkeel", "sara", "كِيمُ جُونْغ أُون", "PER")
    tag(project, "bidi_controls", "sara", "KCNA", "ORG")
    sara, omar = project.annotator("sara"), project.annotator("omar")
    for ext in (seed, "003_336e19fc3d449e98", "emoji_before_entity", "tashkeel", "bidi_controls"):
        doc = project.find_document(ext)
        assert doc is not None
        project.set_status(doc.id, sara.id, "done")
    doc = project.find_document(seed)
    assert doc is not None
    project.set_doc_label(doc.id, sara.id, "stance", "United States", "AGAINST")
    project.set_doc_label(doc.id, sara.id, "stance", "Russia", "UNRELATED")
    project.set_status(doc.id, omar.id, "in_progress")
    other = project.find_document("001_6baab1ea1730d38d")
    assert other is not None
    project.set_status(other.id, omar.id, "skipped")  # a set with a status only
    return project


def export(project: Project, tmp_path: Path, fmt: str, **options: Any) -> Path:
    path = tmp_path / f"out-{fmt}.jsonl"
    Exporter(project, ExportOptions(format=fmt, **options)).run(path)
    return path


def test_native_round_trip_is_byte_identical(annotated: Project, tmp_path: Path) -> None:
    first = export(annotated, tmp_path, "native")
    found = validate(first, "native")
    assert len({line["id"] for line in found}) == annotated.count_documents()  # nothing dropped
    assert any("annotator" not in line for line in found)  # documents nobody touched are there too
    second_project = Project.create(tmp_path / "b.db")
    report = Importer(second_project).run([first])
    assert report.rejected == []
    second = tmp_path / "again.jsonl"
    Exporter(second_project, ExportOptions(format="native")).run(second)
    assert second.read_bytes() == first.read_bytes()


def test_same_options_give_the_same_bytes(annotated: Project, tmp_path: Path) -> None:
    a = export(annotated, tmp_path, "spans")
    b = tmp_path / "b.jsonl"
    Exporter(annotated, ExportOptions(format="spans")).run(b)
    assert a.read_bytes() == b.read_bytes()


def test_spans_format_is_exact_and_done_only_by_default(annotated: Project, tmp_path: Path) -> None:
    found = validate(export(annotated, tmp_path, "spans"), "spans")
    assert {line["annotator"] for line in found} == {"sara"}  # omar has nothing done
    for line in found:
        for span in line["spans"]:
            assert line["text"][span["start"]:span["end"]] == span["text"]
    emoji = next(line for line in found if line["id"] == "emoji_before_entity")
    assert [s["text"] for s in emoji["spans"]] == ["كيم جونغ أون"]
    tashkeel = next(line for line in found if line["id"] == "tashkeel")
    assert [s["text"] for s in tashkeel["spans"]] == ["كِيمُ جُونْغ أُون"]
    bidi = next(line for line in found if line["id"] == "bidi_controls")
    assert [s["text"] for s in bidi["spans"]] == ["KCNA"]
    only = validate(export(annotated, tmp_path, "spans", layers=("entities",), status="any", annotators=("omar",)), "spans")
    assert [(line["id"], [s["text"] for s in line["spans"]]) for line in only if line["spans"]] == \
        [("000_4eee2279a2a81452", ["كوريا الشمالية"])]


def test_bio_tokens_cut_at_proclitics_and_turn_back_into_the_same_spans(annotated: Project, tmp_path: Path) -> None:
    found = validate(export(annotated, tmp_path, "bio"), "bio")
    seed = next(line for line in found if line["id"] == "000_4eee2279a2a81452")
    assert "و" in seed["tokens"] and "الولايات" in seed["tokens"]  # "والولايات" cut before the entity
    checked = 0
    for line in found:
        offsets = align_tokens(line["text"], line["tokens"])
        recovered = spans_from_bio(offsets, line["ner_tags"])
        doc = annotated.find_document(line["id"])
        assert doc is not None
        stored = [(s.start, s.end, s.label) for s in annotated.spans(doc.id, annotated.annotator("sara").id, "entities")]
        assert recovered == stored
        checked += len(stored)
    assert checked == 7


def test_bio_skips_a_document_whose_spans_overlap_and_names_it(annotated: Project, tmp_path: Path) -> None:
    tag(annotated, "000_4eee2279a2a81452", "sara", "الأكثر", "FAVOR", layer="stance", target="Russia")
    path = tmp_path / "out-bio.jsonl"
    report = Exporter(annotated, ExportOptions(format="bio", layers=("stance",), status="any")).run(path)
    assert report.skipped == [("000_4eee2279a2a81452", "sara", "overlap")]  # the others are written
    assert report.warnings == ["warning: skipped 1 documents because their spans overlap within the exported layers, "
                               "which tokens and tags cannot hold (--layers picks layers; the schema says whether a "
                               "layer allows overlaps): '000_4eee2279a2a81452' (sara)"]
    written = {(line["id"], line["annotator"]) for line in validate(path, "bio")}
    assert ("000_4eee2279a2a81452", "omar") in written and ("000_4eee2279a2a81452", "sara") not in written


def test_stance_lines_carry_their_evidence(annotated: Project, tmp_path: Path) -> None:
    found = validate(export(annotated, tmp_path, "stance"), "stance")
    assert [(line["target"], line["label"], [e["text"] for e in line["evidence"]]) for line in found] == [
        ("Russia", "UNRELATED", []), ("United States", "AGAINST", ["الأكثر صرامة"])]


def test_boilerplate_removed_and_entities_moved(annotated: Project, tmp_path: Path) -> None:
    found = validate(export(annotated, tmp_path, "boilerplate"), "boilerplate")
    line = next(x for x in found if x["id"] == "003_336e19fc3d449e98")
    assert line["boilerplate"] == [{"start": 0, "end": len("عربي و دولي")}]
    assert line["paragraphs"][0] == {"start": 0, "end": len("عربي و دولي"), "boilerplate": True}
    assert not line["clean_text"].startswith("عربي و دولي")
    assert line["clean_text"] == line["text"][len("عربي و دولي") + 1:]  # the line feed goes with the paragraph
    assert [(e["text"], line["clean_text"][e["start"]:e["end"]]) for e in line["entities"]] == [("كيم", "كيم")]


def test_interrupted_export_leaves_no_file_and_keeps_the_old_one(annotated: Project, tmp_path: Path) -> None:
    path = tmp_path / "keep.jsonl"
    path.write_text("the earlier export\n", encoding="utf-8")

    def stop(done: int, total: int) -> None:
        raise Cancelled("stopped")

    with pytest.raises(Cancelled):
        Exporter(annotated, ExportOptions(format="native"), stop).run(path)
    assert path.read_text(encoding="utf-8") == "the earlier export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_span_that_does_not_match_its_text_stops_the_export(annotated: Project, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.formats import shapes
    real = shapes.span_json

    def off_by_one(span, text, *, layer=True):  # type: ignore[no-untyped-def]
        out = real(span, text, layer=layer)
        out["end"] += 1
        return out

    monkeypatch.setattr(shapes, "span_json", off_by_one)
    with pytest.raises(ExportError, match="is not what the document holds there"):
        export(annotated, tmp_path, "spans")
    assert not (tmp_path / "out-spans.jsonl").exists()
    assert check_line({"text": "abc", "spans": [{"start": 0, "end": 2, "text": "ab"}]}) is None


def test_splits_keep_the_same_story_together(annotated: Project, tmp_path: Path) -> None:
    path = tmp_path / "split.jsonl"
    report = Exporter(annotated, ExportOptions(format="native", split=(("train", .6), ("dev", .2), ("test", .2)),
                                               seed=3)).run(path)
    parts = {name: validate(tmp_path / f"split-{name}.jsonl", "native") for name in ("train", "dev", "test")}
    where = {line["id"]: name for name, found in parts.items() for line in found}
    assert where["001_6baab1ea1730d38d"] == where["002_cb5e77503dd4e336"]
    assert report.story_groups >= 1 and report.grouped_documents >= 2
    whole = lines(export(annotated, tmp_path, "native"))
    assert sorted(map(json.dumps, whole)) == sorted(json.dumps(x) for found in parts.values() for x in found)
    again = tmp_path / "again.jsonl"
    Exporter(annotated, ExportOptions(format="native", split=(("train", .6), ("dev", .2), ("test", .2)),
                                      seed=3)).run(again)
    assert (tmp_path / "again-train.jsonl").read_bytes() == (tmp_path / "split-train.jsonl").read_bytes()


def test_gold_export(annotated: Project, tmp_path: Path) -> None:
    doc = annotated.find_document("000_4eee2279a2a81452")
    assert doc is not None
    rev = annotated.annotator("rev", role="reviewer")
    at = doc.text.index("كيم جونج أون")
    annotated.add_span(DocumentId(doc.id), rev.id, "entities", "PER", at, at + 12, gold=True)
    found = validate(export(annotated, tmp_path, "spans", gold=True), "spans")
    assert [(line["annotator"], [s["text"] for s in line["spans"]]) for line in found] == [("gold", ["كيم جونج أون"])]


def test_cli_export_and_its_errors(annotated: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    db = annotated.url.render_as_string(hide_password=False)
    out = tmp_path / "cli.jsonl"
    assert main(["export", "--db", db, "--format", "spans", "-o", str(out), "--lang", "ar"]) == 0
    assert "documents" in capsys.readouterr().out
    assert {line["id"] for line in validate(out, "spans")} <= {"000_4eee2279a2a81452", "003_336e19fc3d449e98", "tashkeel",
                                                    "bidi_controls", "emoji_before_entity", "v-good-1"}
    assert main(["export", "--db", db, "--format", "spans", "--layers", "nope", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--layers: no layer 'nope'" in err and "Traceback" not in err
    assert main(["export", "--db", db, "--format", "native", "--split", "train=0.5,test=0.2", "-o", str(out)]) == 2
    assert "add up to 0.7" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", db, "--format", "stance"]) == 0
    [default] = (tmp_path / "exports").glob(f"{annotated.name}-stance-*.jsonl")
    validate(default, "stance")


def test_bio_edge_whitespace_and_last_paragraph_boilerplate(tmp_path: Path) -> None:
    from annotator.core.bio import bio_tags, tokenize
    text = "ab  . cd"
    tokens = tokenize(text, [(3, 5, "PER")])
    assert [text[a:b] for a, b in tokens] == ["ab", " .", "cd"]  # edge space stays with its span's token
    offsets = align_tokens(text, [text[a:b] for a, b in tokens])
    assert spans_from_bio(offsets, bio_tags(tokens, [(3, 5, "PER")])) == [(3, 5, "PER")]
    project = Project.create(tmp_path / "bp.db")
    from annotator.core.records import parse_record
    project.add_records([parse_record({"id": "x", "text": "A\nBP", "annotator": "sara", "status": "done",
                                       "spans": [{"start": 2, "end": 4, "label": "BOILERPLATE"},
                                                 {"start": 0, "end": 2, "label": "PER"}]}, project.schema)])
    [line] = validate(export(project, tmp_path, "boilerplate"), "boilerplate")
    assert line["clean_text"] == "A" and [e["text"] for e in line["entities"]] == ["A"]
