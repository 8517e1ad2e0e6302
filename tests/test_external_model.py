"""A token-classification model on disk (an ONNX export) as the entity model: exact spans in Arabic and
English, long documents read in windows, sub-word pieces merged into whole words, the label map, damaged
folders refused with the file and the reason; through a project, ``annotator model use-onnx`` scores and
stores it, ``suggest --model`` suggests from it, a missing folder is said (never a crash), and the
automatic retraining does not replace it.

The test builds its own tiny model: a tokenizers file whose vocabulary is a few Arabic and English
words, and an ONNX graph that maps each word straight to logits over O, B-PER, I-PER, B-LOC, I-LOC,
with position embeddings of the configured length, so that a window longer than that fails in
onnxruntime as a real BERT model would."""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from annotator.app.jobs import Job, Progress
from annotator.cli import main
from annotator.core.errors import AnnotatorError
from annotator.core.records import parse_record
from annotator.store.learned import ModelSettings
from annotator.store.project import Project

for _module in ("onnx", "onnxruntime", "tokenizers"):
    if importlib.util.find_spec(_module) is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must test the ONNX model, but {_module} is not installed (the test extra has it)",
                        pytrace=False)
        pytest.skip(f"{_module} is not installed: pip install -e '.[test]'", allow_module_level=True)

import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors  # noqa: E402

from annotator.core.external_model import (default_label_map, load, predict, spans_from_labels,  # noqa: E402
                                           uncertainty)

LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
WORDS = {"[UNK]": "O", "[CLS]": "O", "[SEP]": "O", "[PAD]": "O", "قال": "O", "كيم": "B-PER", "جونغ": "I-PER",
         "أون": "I-PER", "موسكو": "B-LOC", "Kim": "B-PER", "Jong": "I-PER", "Un": "I-PER", "visited": "O",
         "Moscow": "B-LOC", "Mos": "B-LOC", "##cow": "O", "Ki": "B-PER", "##m": "B-PER", "اون": "I-PER"}
SURE = math.exp(4) / (math.exp(4) + 4)  # a word's probability of its label: logit 4 against four zeros


def tiny_model(folder: Path, *, max_length: int = 512, type_ids: bool = False, pieces: bool = False) -> Path:
    """model.onnx, tokenizer.json and config.json of a word → label lookup (see the module docstring).
    ``pieces``: a BERT-style WordPiece tokenizer ("Moscow" is "Mos" + "##cow"; marks stripped, "أون" read
    as "اون") instead of whole words."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = {w: i for i, w in enumerate(WORDS)}
    if pieces:
        tokenizer = Tokenizer(models.WordPiece(ids, unk_token="[UNK]"))
        tokenizer.normalizer = normalizers.BertNormalizer(strip_accents=True, lowercase=False)
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    else:
        tokenizer = Tokenizer(models.WordLevel(ids, unk_token="[UNK]"))
        tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", ids["[CLS]"]), ("[SEP]", ids["[SEP]"])])
    tokenizer.save(str(folder / "tokenizer.json"))
    table = np.zeros((len(WORDS), len(LABELS)), np.float32)
    for word, label in WORDS.items():
        table[ids[word], LABELS.index(label)] = 4.0
    nodes = [helper.make_node("Gather", ["table", "input_ids"], ["words"]),
             helper.make_node("Shape", ["input_ids"], ["shape"]),
             helper.make_node("Gather", ["shape", "one"], ["length"]),
             helper.make_node("Range", ["zero", "length", "one"], ["at"]),
             helper.make_node("Gather", ["positions", "at"], ["placed"]),  # [length, labels]: fails past max_length
             helper.make_node("Add", ["words", "placed"], ["summed"]),
             helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
             helper.make_node("Unsqueeze", ["maskf", "last"], ["mask3"])]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
              helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"])]
    if type_ids:  # fed, and must be: a graph input left out fails in onnxruntime
        inputs.append(helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "sequence"]))
        nodes += [helper.make_node("Cast", ["token_type_ids"], ["typef"], to=TensorProto.FLOAT),
                  helper.make_node("Unsqueeze", ["typef", "last"], ["type3"]),
                  helper.make_node("Add", ["mask3", "type3"], ["mask3b"]),
                  helper.make_node("Mul", ["summed", "mask3b"], ["logits"])]
    else:
        nodes.append(helper.make_node("Mul", ["summed", "mask3"], ["logits"]))
    constants = [numpy_helper.from_array(table, "table"),
                 numpy_helper.from_array(np.zeros((max_length, len(LABELS)), np.float32), "positions"),
                 numpy_helper.from_array(np.array(1, np.int64), "one"),
                 numpy_helper.from_array(np.array(0, np.int64), "zero"),
                 numpy_helper.from_array(np.array([-1], np.int64), "last")]
    graph = helper.make_graph(nodes, "tiny-ner", inputs, [helper.make_tensor_value_info(
        "logits", TensorProto.FLOAT, ["batch", "sequence", len(LABELS)])], constants)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(folder / "model.onnx"))
    config = {"model_type": "bert", "max_position_embeddings": max_length,
              "id2label": {str(i): label for i, label in enumerate(LABELS)}}
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def found(text: str, model_folder: Path, **options: object) -> list[tuple[str, str, int]]:
    return [(s.label, text[s.start:s.end], s.start) for s in predict(load(model_folder, **options), text)]  # type: ignore[arg-type]


# -- the model on its own ------------------------------------------------------------------------

def test_exact_spans_in_arabic_and_english(tmp_path: Path) -> None:
    folder = tiny_model(tmp_path / "m")
    arabic = "قال الرئيس كيم جونغ أون إنه زار موسكو."
    assert found(arabic, folder) == [("PER", "كيم جونغ أون", 11), ("LOC", "موسكو", 32)]
    english = "🇰🇵 Kim Jong Un visited Moscow."  # a flag of two code points before: offsets are code points
    assert found(english, folder) == [("PER", "Kim Jong Un", 3), ("LOC", "Moscow", 23)]
    scores = [s.score for s in predict(load(folder), english)]
    assert scores == pytest.approx([SURE, SURE])  # each word's probability; the next word is surely not I-PER
    assert uncertainty(load(folder), english) == pytest.approx(1 - SURE)
    assert predict(load(folder), " \n ") == []


def test_a_long_document_is_read_in_overlapping_windows(tmp_path: Path) -> None:
    folder = tiny_model(tmp_path / "m", max_length=16)
    model = load(folder)
    assert model.max_length == 16
    with pytest.raises(Exception):  # the graph reads no more than 16 tokens, as a real model its length
        model.session.run(None, {"input_ids": np.zeros((1, 17), np.int64), "attention_mask": np.ones((1, 17), np.int64)})
    for before in range(40):  # the name at every place against the windows' edges
        text = "visited " * before + "Kim Jong Un visited Moscow"
        assert [(s.label, text[s.start:s.end]) for s in predict(model, text)] == [("PER", "Kim Jong Un"), ("LOC", "Moscow")]
    text = "قال " * 600 + "كيم جونغ أون"
    assert [(s.label, s.start, s.end) for s in predict(model, text)] == [("PER", 2400, 2412)]


@pytest.mark.parametrize("count, width", [(1, 14), (14, 14), (15, 14), (40, 14), (600, 14), (1000, 510), (5, 1), (9, 2)])
def test_windows_keep_each_token_once_away_from_the_edges(count: int, width: int) -> None:
    """Each token's probabilities come from one window, where it has the overlap's half of context on both
    sides (except at the text's ends)."""
    from annotator.core.external_model import OVERLAP, _windows

    windows = _windows(count, width)
    assert [k for _s, _e, a, b in windows for k in range(a, b)] == list(range(count))
    overlap = min(width - 1, max(1, int(width * OVERLAP))) if count > width else 0
    for start, end, keep_from, keep_to in windows:
        assert end - start <= width and start <= keep_from <= keep_to <= end
        assert start == 0 or keep_from - start >= overlap // 2
        assert end == count or end - keep_to >= overlap - overlap // 2


def test_a_word_takes_its_first_pieces_label_and_a_span_never_ends_inside_it(tmp_path: Path) -> None:
    folder = tiny_model(tmp_path / "m", pieces=True)
    # "Moscow" is Mos (B-LOC) + ##cow (O); "Kim" is Ki (B-PER) + ##m (B-PER, a second start ignored)
    assert found("Kim visited Moscow.", folder) == [("PER", "Kim", 0), ("LOC", "Moscow", 12)]
    # the tokenizer strips tashkeel, and its offsets leave a word's last mark out: the span keeps it
    assert found("قالَ كِيمُ جونغ أونٌ.", folder) == [("PER", "كِيمُ جونغ أونٌ", 5)]


def test_token_type_ids_are_fed_when_the_graph_declares_them(tmp_path: Path) -> None:
    model = load(tiny_model(tmp_path / "m", type_ids=True))
    assert set(model.inputs) == {"input_ids", "attention_mask", "token_type_ids"}
    assert [s.label for s in predict(model, "Kim Jong Un visited Moscow")] == ["PER", "LOC"]


@pytest.mark.parametrize("labels, spans", [
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 1, "PER"), (3, 3, "LOC")]),                   # BIO
    (["I-PER", "I-PER", "B-PER", "O"], [(0, 1, "PER"), (2, 2, "PER")]),                   # IOB1
    (["B-PER", "E-PER", "S-LOC", "U-ORG", "B-LOC", "L-LOC"], [(0, 1, "PER"), (2, 2, "LOC"), (3, 3, "ORG"), (4, 5, "LOC")]),
    (["PER", "PER", "O", "LOC", "ORG"], [(0, 1, "PER"), (3, 3, "LOC"), (4, 4, "ORG")]),    # plain labels
    (["B_PERS", "I_PERS", "I-LOC"], [(0, 1, "PERS"), (2, 2, "LOC")]),                       # another type: a new span
    (["O", "o"], []),
])
def test_tagging_schemes_decode_to_spans(labels: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert spans_from_labels(labels) == spans


@pytest.mark.parametrize("types, schema, mapping, unmapped", [
    (["PERS", "LOC", "ORG", "MISC"], ["PER", "ORG", "GPE", "LOC"], {"PERS": "PER", "LOC": "LOC", "ORG": "ORG"}, ["MISC"]),
    (["per", "Location"], ["PER", "LOC"], {"per": "PER", "Location": "LOC"}, []),
    (["PERSON", "ORGANIZATION"], ["PERS", "ORGANISATION"], {"PERSON": "PERS", "ORGANIZATION": "ORGANISATION"}, []),
    (["DATE", "GPE"], ["PER"], {}, ["DATE", "GPE"]),
])
def test_the_default_label_map(types: list[str], schema: list[str], mapping: dict[str, str], unmapped: list[str]) -> None:
    assert default_label_map(types, schema) == (mapping, unmapped)


def test_the_label_map_renames_and_drops(tmp_path: Path) -> None:
    folder = tiny_model(tmp_path / "m")
    text = "Kim Jong Un visited Moscow"
    assert found(text, folder, label_map={"PER": "PER"}) == [("PER", "Kim Jong Un", 0)]  # LOC maps nowhere: dropped
    assert found(text, folder, label_map={"PER": "PERSON", "LOC": "GPE"}) == [("PERSON", "Kim Jong Un", 0),
                                                                             ("GPE", "Moscow", 20)]


def test_damaged_or_incomplete_folders_are_refused_naming_the_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tiny_model(tmp_path / "m")
    with pytest.raises(AnnotatorError, match="no such folder on this machine"):
        load(tmp_path / "elsewhere")
    (folder / "config.json").write_text('{"id2label": {"0": "O", "2": "B-PER"}}', encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"config\.json: no usable id2label"):
        load(folder)
    (folder / "config.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"config\.json: not readable as JSON"):
        load(folder)
    (folder / "config.json").write_text('{"id2label": {"0": "O", "1": "B-PER", "2": "I-PER"}}', encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"model\.onnx: its output 'logits' has shape .* not \[batch, tokens, 3 labels\]"):
        load(folder)  # a config.json of another model
    folder = tiny_model(tmp_path / "m")
    (folder / "model.onnx").write_bytes(b"\x00not a graph" * 10)
    with pytest.raises(AnnotatorError, match=r"model\.onnx: onnxruntime cannot load it"):
        load(folder)
    folder = tiny_model(tmp_path / "m")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"tokenizer\.json: not a Hugging Face tokenizers file"):
        load(folder)
    (folder / "tokenizer.json").unlink()
    with pytest.raises(AnnotatorError, match=r"tokenizer\.json: missing"):
        load(folder)
    folder = tiny_model(tmp_path / "m")
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # as if not installed
    with pytest.raises(AnnotatorError, match=r'onnxruntime is not installed\): pip install "annotator\[onnx\]"'):
        load(folder)


def test_the_core_imports_without_the_optional_libraries() -> None:
    code = ("import sys; sys.modules['onnxruntime'] = sys.modules['tokenizers'] = None\n"
            "import annotator.core.external_model, annotator.formats.learning, annotator.cli_model")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).parents[1])
    assert result.returncode == 0, result.stderr


# -- through a project -----------------------------------------------------------------------------

DONE = [  # text, its entities (label, text): marked done by sara
    ("قال الرئيس كيم جونغ أون إنه زار موسكو.", [("PER", "كيم جونغ أون"), ("GPE", "موسكو")]),
    ("Kim Jong Un visited Moscow.", [("PER", "Kim Jong Un"), ("GPE", "Moscow")]),
    ("زار كيم جونغ أون موسكو أمس.", [("PER", "كيم جونغ أون"), ("GPE", "موسكو")]),
    ("Moscow welcomed Kim Jong Un.", [("GPE", "Moscow"), ("PER", "Kim Jong Un")]),
    ("Putin met Kim Jong Un.", [("PER", "Putin"), ("PER", "Kim Jong Un")]),  # Putin: unknown to the model
]
UNSEEN = "وقال كيم جونغ أون إن موسكو صديقة."  # d5
LATER = ["Kim Jong Un said nothing.", "Moscow said nothing.", "Nothing was said."]  # d6, d7, d8


def _db(project: Project) -> str:
    return project.url.render_as_string(hide_password=False)


def onnx_project(project: Project) -> None:
    texts = [t for t, _ in DONE] + [UNSEEN, *LATER]
    project.add_records([parse_record({"id": f"d{k}", "text": t}, project.schema) for k, t in enumerate(texts)])
    sara = project.annotator("sara").id
    project.annotator("omar")
    for k, (text, entities) in enumerate(DONE):
        doc = project.find_document(f"d{k}")
        assert doc is not None
        for label, name in entities:
            project.add_span(doc.id, sara, "entities", label, text.index(name), text.index(name) + len(name))
        project.set_status(doc.id, sara, "done")
    project.set_model_settings(ModelSettings(min_score=0.5, min_f1=0.3, retrain_every=1))


def test_use_onnx_scores_stores_and_suggests(any_project: Project, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    onnx_project(any_project)
    db, folder = _db(any_project), tiny_model(tmp_path / "ner model")
    assert main(["model", "use-onnx", str(folder), "--db", db, "--as", "sara", "--map", "LOC=CITY"]) == 2
    assert "sends LOC to 'CITY', which is not a label of the layer (its labels: PER, ORG, GPE" in capsys.readouterr().err
    assert main(["model", "use-onnx", str(folder), "--db", db, "--as", "sara", "--map", "MISC=PER"]) == 2
    assert "names 'MISC', which the model does not have (its labels: PER, LOC)" in capsys.readouterr().err
    assert any_project.latest_model("entities") is None  # refused before anything was stored
    assert main(["model", "use-onnx", str(folder), "--db", db, "--as", "sara"]) == 0  # LOC → LOC by name
    out = capsys.readouterr().out
    assert f"the ONNX model in {folder}, chosen by sara, scored on 5 done documents" in out
    assert "labels: PER → PER, LOC → LOC" in out
    assert main(["model", "use-onnx", str(folder), "--db", db, "--as", "sara", "--map", "loc=gpe", "--json"]) == 0
    chosen = json.loads(capsys.readouterr().out)
    assert chosen["kind"] == "onnx" and chosen["folder"] == str(folder) and chosen["label_map"] == {"PER": "PER", "LOC": "GPE"}
    # PER: 5 of 6 found (Putin is not); GPE: all 4 found, nothing spurious
    assert chosen["overall"] == {"precision": 1.0, "recall": 0.9, "f1": 0.9474, "gold": 10, "predicted": 9}
    assert chosen["labels"]["PER"]["recall"] == pytest.approx(5 / 6, abs=1e-4) and chosen["held_out"] == 5
    info, data = any_project.latest_model("entities")  # type: ignore[misc]
    assert info.kind == "onnx" and len(data) < 2000  # a description of the folder, not the model's bytes
    assert main(["model", "status", "--db", db, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["model"]["id"] == chosen["id"] and status["model"]["folder_here"] is True
    assert main(["suggest", "--model", "--db", db, "--json", "--for", "omar"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    unseen = [(x["label"], x["text"], x["start"]) for x in lines if x["document"] == "d5"]
    assert unseen == [("PER", "كيم جونغ أون", 5), ("GPE", "موسكو", 21)]
    assert all(x["score"] == pytest.approx(SURE, abs=1e-4) for x in lines)
    stored = any_project.suggestions(any_project.find_document("d5").id, any_project.annotator("omar").id)  # type: ignore[union-attr]
    assert [(s.label, UNSEEN[s.start:s.end], s.reason) for s in stored] == [("PER", "كيم جونغ أون", f"model {SURE:.2f}"),
                                                            ("GPE", "موسكو", f"model {SURE:.2f}")]


def test_a_missing_folder_is_said_not_a_crash(any_project: Project, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.app.model_jobs import ModelAdvisor
    from annotator.app.session import Session

    onnx_project(any_project)
    db, folder = _db(any_project), tiny_model(tmp_path / "m")
    assert main(["model", "use-onnx", str(folder), "--db", db, "--as", "sara", "--map", "LOC=GPE"]) == 0
    folder.rename(tmp_path / "moved")  # a team member without the folder
    capsys.readouterr()
    assert main(["suggest", "--model", "--db", db, "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert f"the layer's model is the ONNX model in {folder}, which is not on this machine" in captured.err
    assert main(["model", "status", "--db", db]) == 0
    assert "(not on this machine: no suggestions here)" in capsys.readouterr().out
    session = Session(any_project, any_project.annotator("omar"))
    said: list[str] = []
    advisor = ModelAdvisor(session)
    jobs: list[str] = []

    def run(job: Job) -> None:  # the window runs it in the background; here, at once, as its outcome says it
        jobs.append(job.title)
        kind, message = job.outcome(Progress())
        said.append(message)
        session.suggestions_made()

    advisor.suggestJob.connect(run)
    for ext in ("d5", "d6", "d5"):  # asked once per document and model: d5 again asks nothing
        session.open_document(any_project.find_document(ext).id)  # type: ignore[union-attr]
    assert jobs == ["Suggesting from the ONNX model"] * 2
    assert session.suggestions() == [] and all("which is not on this machine" in m for m in said)
    (tmp_path / "moved").rename(folder)  # the folder came: a new model chosen is asked again
    assert main(["model", "use-onnx", str(folder), "--db", db, "--as", "sara", "--map", "LOC=GPE"]) == 0
    advisor.recommender().recheck_now()  # type: ignore[union-attr]
    session.open_document(any_project.find_document("d6").id)  # type: ignore[union-attr]
    assert said[-1] == "1 new suggestions from the ONNX model"
    assert [(s.label, LATER[0][s.start:s.end]) for s in session.suggestions()] == [("PER", "Kim Jong Un")]
    (folder / "tokenizer.json").write_text((folder / "tokenizer.json").read_text(encoding="utf-8") + " ",
                                           encoding="utf-8")
    assert main(["suggest", "--model", "--db", db]) == 2  # another model than the one scored
    assert "has changed since it was chosen (tokenizer.json)" in capsys.readouterr().err


def test_the_automatic_retraining_leaves_a_chosen_onnx_model(any_project: Project, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.app.model_jobs import ModelAdvisor
    from annotator.app.session import Session

    onnx_project(any_project)  # retrain every 1 newly done document
    db, folder = _db(any_project), tiny_model(tmp_path / "m")
    session = Session(any_project, any_project.annotator("sara"))
    due: list[bool] = []
    ModelAdvisor(session).trainingDue.connect(lambda: due.append(True))

    def finish(ext: str) -> None:
        session.open_document(any_project.find_document(ext).id)  # type: ignore[union-attr]
        session.set_status("done")

    finish("d5")  # no model yet, six done: a training is due
    assert due == [True]
    assert main(["model", "use-onnx", str(folder), "--db", db, "--as", "sara"]) == 0
    finish("d6")
    assert due == [True]  # not again: the ONNX model stays
    assert main(["model", "train", "--db", db, "--as", "sara"]) == 0  # on demand, the project's own replaces it
    assert any_project.latest_model("entities")[0].kind == "crf"  # type: ignore[index]
    finish("d7")
    assert due == [True, True]  # the project's own model is trained again by itself
    assert main(["model", "use-onnx", str(folder), "--db", db, "--as", "sara"]) == 0  # and the ONNX one back
    assert any_project.latest_model("entities")[0].kind == "onnx"  # type: ignore[index]
    capsys.readouterr()
