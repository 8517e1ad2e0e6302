"""Exports that tools train on: every line says its language, spans default to the entity layer, token
formats skip (and name) documents whose spans overlap, and Prodigy, CoNLL and spaCy files hold exactly
the stored spans, on Arabic with emoji, tashkeel, bidi marks and entities glued to a proclitic."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.core.bio import align_tokens, spans_from_bio
from annotator.core.records import parse_record
from annotator.formats.export import Exporter, ExportOptions, default_path
from annotator.store.project import Project

from tests.test_export import lines, validate

LRM, RLM = "\u200e", "\u200f"
D1 = (f"🇰🇵 قال كيم جونغ أون إن والولايات المتحدة 🔥 تهدد كوريا.\nوقالت وكالة {LRM}KCNA{LRM} إن "
      "التدريبات  عدوانية.")
D2 = f"زَارَ كِيمُ{RLM} رُوسِيَا وَالْصِّينَ. ثُمَّ عَادَ"
D3 = "😀 Kim met Putin in Vladivostok.\n\nThen  he left for North Korea's capital."
D4 = "قال  كيم إن"


def unmarked(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _span(text: str, entity: str, label: str, *, at: int | None = None, **extra: Any) -> dict[str, Any]:
    start = text.index(entity) if at is None else at
    return {"start": start, "end": start + len(entity), "label": label, **extra}


def _records() -> list[dict[str, Any]]:
    return [
        {"id": "d1", "text": D1, "meta": {"lang": "ar", "source": "kcna", "date": 2024}, "annotator": "sara",
         "status": "done", "spans": [
             _span(D1, "كيم جونغ أون", "PER"), _span(D1, "الولايات المتحدة", "GPE"), _span(D1, "كوريا", "GPE"),
             _span(D1, "KCNA", "ORG"),
             _span(D1, "والولايات المتحدة 🔥 تهدد", "AGAINST", layer="stance", attrs={"target": "United States"})],
         "doc_labels": [{"task": "stance", "target": "United States", "label": "AGAINST"}]},
        {"id": "d2", "text": D2, "meta": {"date": "2024-01-01"}, "annotator": "sara", "status": "done", "spans": [
            _span(D2, "كِيمُ", "PER"), _span(D2, "رُوسِيَا", "GPE"), _span(D2, "الْصِّينَ", "GPE")]},
        {"id": "d2", "text": D2, "annotator": "omar", "status": "done", "spans": [_span(D2, f"كِيمُ{RLM}", "PER")]},
        {"id": "d3", "text": D3, "annotator": "sara", "status": "done", "spans": [
            _span(D3, "Kim", "PER"), _span(D3, "Putin", "PER"), _span(D3, "Vladivostok", "GPE"),
            _span(D3, "North Korea", "GPE")]},
        {"id": "d4", "text": D4, "annotator": "sara", "status": "done",
         "spans": [_span(D4, " كيم", "PER", at=4)]},  # edge whitespace: only bio keeps it
    ]


@pytest.fixture
def corpus(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "handoffs.db")
    project.add_records([parse_record(r, project.schema) for r in _records()])
    return project


def stored(project: Project, ext: str, who: str = "sara") -> list[tuple[int, int, str]]:
    doc = project.find_document(ext)
    assert doc is not None
    return [(s.start, s.end, s.label) for s in project.spans(doc.id, project.annotator(who).id, "entities")]


def export(project: Project, tmp_path: Path, fmt: str, **options: Any) -> tuple[Path, Any]:
    path = default_path(project, fmt, tmp_path)
    return path, Exporter(project, ExportOptions(format=fmt, **options)).run(path)


@pytest.mark.parametrize("fmt", ["native", "spans", "bio", "stance", "boilerplate", "prodigy"])
def test_every_line_carries_the_documents_language(corpus: Project, tmp_path: Path, fmt: str) -> None:
    path, _ = export(corpus, tmp_path, fmt)
    found = validate(path, fmt)
    assert found
    for line in found:
        doc = corpus.find_document(line["id"])
        assert doc is not None and line["meta"]["lang"] == doc.language
    assert any(line["meta"]["lang"] == "ar" for line in found if line["id"] == "d1")
    if fmt in ("bio", "stance", "boilerplate"):  # the training formats: the language alone
        assert all(line["meta"] == {"lang": line["meta"]["lang"]} for line in found)


def test_spans_export_the_entity_layer_unless_told(corpus: Project, tmp_path: Path) -> None:
    path, _ = export(corpus, tmp_path, "spans")
    d1 = next(line for line in validate(path, "spans") if line["id"] == "d1")
    assert [s["label"] for s in d1["spans"]] == ["PER", "GPE", "GPE", "ORG"]  # no stance evidence among them
    assert all("layer" not in s for s in d1["spans"])
    path, _ = export(corpus, tmp_path, "spans", layers=("entities", "stance"))
    d1 = next(line for line in validate(path, "spans") if line["id"] == "d1")
    assert {(s["label"], s["layer"]) for s in d1["spans"]} >= {("AGAINST", "stance"), ("PER", "entities")}


@pytest.mark.parametrize("fmt", ["bio", "prodigy", "conll"])
def test_overlapping_spans_skip_their_document_and_are_named(corpus: Project, tmp_path: Path, fmt: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    db = corpus.url.render_as_string(hide_password=False)
    out = tmp_path / f"x.{fmt}"
    assert main(["export", "--db", db, "--format", fmt, "--layers", "entities,stance", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: skipped 1 documents because their spans overlap within the exported layers" in err
    assert "'d1' (sara)" in err and "'d2'" not in err
    written = out.read_text(encoding="utf-8")
    assert "كيم جونغ أون" not in written and "رُوسِيَا" in written  # d1 left out, the others there


def test_prodigy_holds_exactly_the_stored_spans_on_the_apps_tokens(corpus: Project, tmp_path: Path) -> None:
    path, report = export(corpus, tmp_path, "prodigy")
    found = validate(path, "prodigy")
    assert [(x["id"], x["_annotator_id"]) for x in found] == [("d1", "sara"), ("d2", "omar"), ("d2", "sara"),
                                                              ("d3", "sara"), ("d4", "sara")]
    for line in found:
        expected = stored(corpus, line["id"], line["_annotator_id"])
        if line["id"] == "d4":
            expected = [(5, 8, "PER")]  # " كيم" without its edge space (said in a warning)
        assert [(s["start"], s["end"], s["label"]) for s in line["spans"]] == expected
        tokens = line["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        for span in line["spans"]:
            assert tokens[span["token_start"]]["start"] == span["start"]
            assert tokens[span["token_end"]]["end"] == span["end"]
        rebuilt = "".join(t["text"] + " " * t["ws"] for t in tokens)
        assert unmarked(rebuilt) == unmarked(line["text"])  # the tokens give the text back, but for marks that
    assert "".join(t["text"] for t in found[0]["tokens"]).count(LRM) == 0  # belong to no word (around KCNA)
    d1 = found[0]
    words = [t["text"] for t in d1["tokens"]]
    gpe = d1["spans"][1]
    assert words[gpe["token_start"] - 1:gpe["token_end"] + 1] == ["و", "الولايات", "المتحدة"]
    assert words[:2] == ["🇰🇵", "قال"] and "\n" in words and "KCNA" in words
    d3 = found[3]
    assert [t["text"] for t in d3["tokens"] if t["text"].isspace()] == ["\n\n", " "]  # as spaCy makes them
    omar = found[1]
    assert omar["spans"][0]["text"] == f"كِيمُ{RLM}" == omar["tokens"][omar["spans"][0]["token_start"]]["text"]
    assert report.warnings == ["warning: 1 spans begin or end with whitespace, which no prodigy token can hold: "
                               "they were written without it"]


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents, each a list of sentences of (token, tag), read as CoNLL readers do."""
    docs: list[list[list[tuple[str, str]]]] = []
    for block in path.read_text(encoding="utf-8").split("-DOCSTART- -X- O O\n")[1:]:
        assert block.startswith("\n")
        sentences = [s for s in block.split("\n\n") if s.strip()]
        docs.append([[tuple(line.split(" ")) for line in s.strip("\n").split("\n")] for s in sentences])  # type: ignore[misc]
    return docs


def test_conll_is_iob2_by_sentence_and_holds_exactly_the_stored_spans(corpus: Project, tmp_path: Path) -> None:
    path, report = export(corpus, tmp_path, "conll")
    assert path.suffix == ".conll" and report.summary().endswith("(5 documents)")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("-DOCSTART- -X- O O\n\n") and text.count("-DOCSTART-") == 5
    docs = read_conll(path)
    order = [("d1", "sara"), ("d2", "omar"), ("d2", "sara"), ("d3", "sara"), ("d4", "sara")]
    texts = {"d1": D1, "d2": D2, "d3": D3, "d4": D4}
    for (ext, who), sentences in zip(order, docs, strict=True):
        pairs = [pair for sentence in sentences for pair in sentence]
        assert all(len(pair) == 2 and pair[0] and pair[1][:2] in ("O", "B-", "I-") for pair in pairs)
        tokens, tags = [p[0] for p in pairs], [p[1] for p in pairs]
        recovered = spans_from_bio(align_tokens(texts[ext], tokens), tags)
        assert recovered == (stored(corpus, ext, who) if ext != "d4" else [(5, 8, "PER")])
    d1 = docs[0]
    assert len(d1) == 2 and d1[1][0] == ("وقالت", "O")  # a line break starts a sentence
    assert [p for p in d1[0] if p[0] in ("و", "الولايات", "المتحدة")] == [("و", "O"), ("الولايات", "B-GPE"),
                                                                          ("المتحدة", "I-GPE")]
    assert len(docs[2]) == 2 and docs[2][1][0][0] == "ثُمَّ"  # "." ends the first sentence
    assert ("وَ", "O") in docs[2][0] and ("الْصِّينَ", "B-GPE") in docs[2][0]
    (tmp_path / "again").mkdir()
    again, _ = export(corpus, tmp_path / "again", "conll")
    assert again.read_bytes() == path.read_bytes()  # the same project and options, the same bytes


def test_bio_loads_into_hugging_face_datasets_with_class_labels(corpus: Project, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")  # a local file: nothing may be fetched
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    path, _ = export(corpus, tmp_path, "bio")
    found = lines(path)
    names = sorted({tag for line in found for tag in line["ner_tags"]}, key=lambda t: (t != "O", t))
    loaded = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "hf"))
    assert loaded.num_rows == len(found) == 5  # documents whose other meta differ in shape load side by side
    cast = loaded.cast_column("ner_tags", datasets.Sequence(datasets.ClassLabel(names=names)))
    labels = cast.features["ner_tags"].feature
    for row, line in zip(cast, found):
        assert row["tokens"] == line["tokens"] and [labels.int2str(i) for i in row["ner_tags"]] == line["ner_tags"]
        assert row["meta"] == line["meta"]


def test_spacy_export_without_spacy_says_how_to_install_it(corpus: Project, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy fails as when it is not installed
    out = tmp_path / "x.spacy"
    db = corpus.url.render_as_string(hide_password=False)
    assert main(["export", "--db", db, "--format", "spacy", "-o", str(out)]) == 2
    assert 'pip install "annotator[spacy]"' in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".*.part"))


@pytest.fixture
def spacy_lib() -> Any:
    """spaCy, which CI installs (the extra annotator[spacy]); elsewhere its tests are skipped without it."""
    try:
        import spacy
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must run the spaCy tests, but spaCy is not installed (.ci/run installs .[spacy])")
        pytest.skip("spaCy is not installed (pip install -e '.[spacy]')")
    return spacy


@pytest.mark.spacy
def test_spacy_docbin_is_built_on_our_tokens(corpus: Project, tmp_path: Path, spacy_lib: Any) -> None:
    from spacy.tokens import DocBin

    path, report = export(corpus, tmp_path, "spacy")
    assert path.suffix == ".spacy" and report.spans == 13
    nlp = spacy_lib.blank("ar")
    docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    assert [(d.user_data["id"], d.user_data["annotator"]) for d in docs] == [
        ("d1", "sara"), ("d2", "omar"), ("d2", "sara"), ("d3", "sara"), ("d4", "sara")]
    texts = {"d1": D1, "d2": D2, "d3": D3, "d4": D4}
    for doc in docs:
        ext, who = doc.user_data["id"], doc.user_data["annotator"]
        expected = [(texts[ext][s:e], label) for s, e, label in stored(corpus, ext, who)]
        assert [(e.text, e.label_) for e in doc.ents] == (expected if ext != "d4" else [("كيم", "PER")])
        assert unmarked(doc.text) == unmarked(texts[ext]) and doc.user_data["meta"]["lang"]
    d1 = docs[0]
    gpe = d1.ents[1]
    assert d1[gpe.start - 1].text == "و" and gpe.text == "الولايات المتحدة"
    own = nlp(D1)  # spaCy's own Arabic tokenizer keeps "والولايات" one token: the entity has no span there
    at = D1.index("الولايات المتحدة")
    assert own.char_span(at, at + len("الولايات المتحدة")) is None
    (tmp_path / "again").mkdir()
    again, _ = export(corpus, tmp_path / "again", "spacy")
    assert again.read_bytes() == path.read_bytes()


def _debug_data(config: Path, data: Path, *overrides: str) -> str:
    done = subprocess.run([sys.executable, "-m", "spacy", "debug", "data", str(config), "--paths.train", str(data),
                           "--paths.dev", str(data), *overrides], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "ANSI_COLORS_DISABLED": "1", "NO_COLOR": "1"})
    return done.stdout + done.stderr + f"\nexit {done.returncode}"


@pytest.mark.spacy
def test_spacy_debug_data_accepts_the_export(corpus: Project, tmp_path: Path, spacy_lib: Any) -> None:
    path, _ = export(corpus, tmp_path, "spacy")
    config = tmp_path / "config.cfg"
    made = subprocess.run([sys.executable, "-m", "spacy", "init", "config", str(config), "--lang", "ar",
                           "--pipeline", "ner", "--optimize", "efficiency"], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    # the README's advice: train on the export's tokens (gold_preproc), not spaCy's re-tokenized text
    said = _debug_data(config, path, "--corpora.train.gold_preproc", "true", "--corpora.dev.gold_preproc", "true")
    errors = [line for line in said.splitlines() if "✘" in line]
    # a handful of documents is too few to train on (the one error); nothing else is wrong with them
    assert errors == ["✘ Low number of examples to train a new pipeline (9)", "✘ 1 error"], said
    assert "misaligned" not in said and "Corpus is loadable" in said
    assert "No entities consisting of or starting/ending with whitespace" in said
    assert "GPE" in said and "PER" in said
    # without it spaCy re-tokenizes the text its own way, and "والولايات" is one token again
    said = _debug_data(config, path)
    assert "misaligned tokens in the training data" in said, said
