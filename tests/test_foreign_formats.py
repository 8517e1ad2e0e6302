"""`annotator import --from FORMAT`: every fixture of tests/data/foreign (the tools' own files and Arabic
lines with emoji written in each tool's offset unit) imports with every span exact, and comes back the
same through native export and import."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from annotator.cli import main

from tests.conftest import DATA

FOREIGN = DATA / "foreign"
OVERLAPS = FOREIGN / "overlap_schema.toml"
KCNA = "🇰🇵🔥 قالت وكالة الأنباء المركزية الكورية إن كيم جونغ أون التقى بوتين في موسكو."
TASS = "😀 أعلنت وزارة الخارجية الروسية أن لافروف سيزور بيونغ يانغ."
KCNA_SPANS = [("ORG", "وكالة الأنباء المركزية الكورية"), ("PER", "كيم جونغ أون"), ("PER", "بوتين"), ("GPE", "موسكو")]
TASS_SPANS = [("ORG", "وزارة الخارجية الروسية"), ("PER", "لافروف"), ("GPE", "بيونغ يانغ")]

pytestmark = pytest.mark.usefixtures("both_readings")  # each test twice: read in line, and read ahead


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def export(capsys: pytest.CaptureFixture[str], db: Path, out: Path) -> list[dict]:
    code, _, err = run(capsys, "export", "--db", db, "--format", "native", "-o", out)
    assert code == 0, err
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def spans(lines: list[dict]) -> Counter[tuple[str, str, str]]:
    """(annotator, label, text) of every exported span, each checked to be its document's slice."""
    found: Counter[tuple[str, str, str]] = Counter()
    for line in lines:
        for span in line.get("spans", []):
            assert line["text"][span["start"]:span["end"]] == span["text"]
            found[(line["annotator"], span["label"], span["text"])] += 1
    return found


def tutorial(*pairs: tuple[str, str, int]) -> Counter[tuple[str, str, str]]:
    return Counter({("imported", label, text): n for label, text, n in pairs})


CASES = [
    # (id, format, files, options, schema, expected spans, what else the test checks)
    ("doccano-export", "doccano", ["doccano/sequence_labeling.jsonl"], ["--map", "PERSON=PER", "--map", "MISC=NORP"],
     None, tutorial(("ORG", "EU", 1), ("NORP", "German", 1), ("PER", "Peter Blackburn", 1), ("PER", "Obama", 1))),
    ("doccano-relations", "doccano", ["doccano/relation_extraction.jsonl"], ["--map", "PERSON=PER"], None,
     tutorial(("ORG", "Google", 1), ("DATE", "September 4, 1998", 1), ("PER", "Larry Page", 1),
              ("PER", "Sergey Brin", 1))),
    ("doccano-arabic-utf16", "doccano", ["doccano/arabic_emoji_utf16.jsonl"], ["--annotator", "sara"], None,
     Counter({("sara", label, text): 1 for label, text in KCNA_SPANS + TASS_SPANS})),
    ("doccano-graphemes", "doccano", ["doccano/arabic_graphemes.jsonl"], ["--offsets", "graphemes"], None,
     tutorial(("PER", "كِيمُ جونغ أون", 1), ("GPE", "مُوسْكُو", 1))),
    ("label-studio-example", "label-studio", ["label_studio/named_entity_task.json"], ["--map", "Date=DATE"], None,
     tutorial(("DATE", "February 22", 1))),
    ("label-studio-arabic", "label-studio", ["label_studio/arabic_emoji.json"], [], None,
     Counter({("label-studio-3", "PER", "كيم جونغ أون"): 1, ("label-studio-3", "GPE", "موسكو"): 1,
              **{("sara@example.org", label, text): 1 for label, text in KCNA_SPANS + TASS_SPANS}})),
    ("label-studio-two-labels", "label-studio", ["label_studio/multi_label_region.json"], [], OVERLAPS,
     Counter({("label-studio-3", "GPE", "موسكو"): 1, ("label-studio-3", "LOC", "موسكو"): 1})),
    ("label-studio-utf16", "label-studio", ["label_studio/old_utf16.json"], ["--offsets", "utf16"], None,
     tutorial(("PER", "كيم جونغ أون", 1), ("GPE", "موسكو", 1))),
    ("brat-tutorial", "brat", ["brat/tutorial"], ["--map", "Person=PER", "--map", "Organization=ORG"], None,
     tutorial(("PER", "Somebody", 2), ("ORG", "YouTube", 8), ("ORG", "Google", 8), ("ORG", "CNN", 2),
              ("GPE", "Discworld", 2), ("ORG", "DoubleClick", 2), ("PER", "Orville Wright", 2),
              ("PER", "Wilbur Wright", 2), ("PER", "Terry Pratchett", 2), ("GPE", "England", 2),
              ("PER", "Joanne Rowling", 2), ("PER", "Jo Rowling", 2), ("PER", "J. K. Rowling", 2))),
    ("brat-arabic", "brat", ["brat/arabic/kcna-meeting.ann"], [], None,
     tutorial(*((label, text, 1) for label, text in KCNA_SPANS))),
    ("conll-spacy", "conll", ["conll/ner-token-per-line.iob"], ["--map", "PERSON=PER"], None,
     tutorial(("PER", "Sebastian Thrun", 1), ("ORG", "Google", 1), ("DATE", "2007", 1), ("NORP", "American", 1),
              ("PER", "Thrun", 1), ("ORG", "Recode", 1), ("DATE", "earlier this week", 1))),
    ("conll-arabic-bioes", "conll", ["conll/arabic_bioes.conll"], [], None,
     tutorial(*((label, text, 1) for label, text in KCNA_SPANS[:3] + TASS_SPANS), ("GPE", "موسكو", 1),
              ("GPE", "#كوريا", 1))),
    ("conll-arabic-iob1", "conll", ["conll/arabic_iob1.conll"], [], None,
     tutorial(("PER", "كيم جونغ أون", 1), ("PER", "بوتين", 1), ("PER", "لافروف", 1), ("GPE", "موسكو", 1))),
    ("webanno-arabic-utf16", "webanno-tsv", ["webanno/arabic_emoji.tsv"], [], None,
     tutorial(*((label, text, 1) for label, text in KCNA_SPANS))),
    ("webanno-stacked", "webanno-tsv", ["webanno/testMultiTokenStackedSpanWithFeatureValue.tsv"],
     ["--map", "PERSON=PER", "--map", "LOCATION=LOC"], OVERLAPS,
     tutorial(("PER", "This is a test .", 1), ("LOC", "This is a test .", 1))),
    ("webanno-sub-tokens", "webanno-tsv", ["webanno/testSubMultiTokenSpanWithFeatureValue.tsv"],
     [a for n in range(1, 13) for a in ("--map", f"{n}=S{n}")] + ["--add-labels", "names"], OVERLAPS,
     # the spans INCEpTION's writer test (WebAnnoTsv3WriterTestBase) made this file from; 10-12 have no length
     tutorial(("S1", "aaaaaa", 1), ("S2", "aaaaaa bbbbbb", 1), ("S3", "bb", 1), ("S4", "bbbb", 1), ("S5", "bbbb", 1),
              ("S6", "aaa bbbbbb", 1), ("S7", "aaaaaa bbb", 1), ("S8", "aaa bbb", 1), ("S9", "aaa bbbbbb ccc", 1))),
    ("webanno-across-sentences", "webanno-tsv", ["webanno/testCrossSentenceSpanWithoutFeatureValue.tsv"],
     ["--map", "*=PER"], None, tutorial(("PER", "He loves her .\nShe loves him not .", 1))),
    ("webanno-zero-length", "webanno-tsv", ["webanno/testZeroLengthSpansWithoutFeatureValues.tsv"], [], None, Counter()),
    ("prodigy-drugs", "prodigy", ["prodigy/drugs_training_head.jsonl"], ["--add-labels", "entities"], None,
     tutorial(("DRUG", "H", 1), ("DRUG", "shot", 1))),
    ("prodigy-arabic", "prodigy", ["prodigy/arabic_emoji.jsonl"], [], None,
     Counter({**{("news_ner-sara", label, text): 1 for label, text in KCNA_SPANS},
              ("news_ner-omar", "PER", "لافروف"): 1, ("news_ner-omar", "GPE", "بيونغ يانغ"): 1,
              ("imported", "ORG", "وزارة الخارجية الروسية"): 1})),
]


@pytest.mark.parametrize("name, fmt, files, options, schema, expected", CASES, ids=[c[0] for c in CASES])
def test_every_fixture_imports_exactly_and_round_trips(name: str, fmt: str, files: list[str], options: list[str],
                                                       schema: Path | None, expected: Counter[tuple[str, str, str]],
                                                       tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "project.db"
    if schema is not None:
        assert run(capsys, "init", "--db", db, "--schema", schema)[0] == 0
    code, out, err = run(capsys, "import", "--db", db, "--from", fmt, *(FOREIGN / f for f in files), *options)
    assert code == 0, err
    assert "0 rejected" in out
    first = export(capsys, db, tmp_path / "first.jsonl")
    assert spans(first) == expected
    assert all(line["status"] == "done" for line in first if line.get("spans"))

    again = run(capsys, "import", "--db", db, "--from", fmt, *(FOREIGN / f for f in files), *options)
    assert again[0] == 0 and again[1].startswith("0 imported"), again  # importing twice adds nothing

    copy = tmp_path / "copy.db"
    if schema is not None:
        assert run(capsys, "init", "--db", copy, "--schema", schema)[0] == 0
    if "--add-labels" in options:
        schema_file = tmp_path / "schema.toml"
        schema_file.write_text(run(capsys, "schema", "show", "--db", db)[1], encoding="utf-8")
        if schema is None:
            assert run(capsys, "init", "--db", copy, "--schema", schema_file)[0] == 0
        else:
            assert run(capsys, "schema", "set", schema_file, "--db", copy)[0] == 0
    assert run(capsys, "import", "--db", copy, tmp_path / "first.jsonl")[0] == 0
    second = export(capsys, copy, tmp_path / "second.jsonl")
    assert (tmp_path / "second.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()
    assert spans(second) == expected


def test_what_is_not_imported_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Relations, events, notes on them, discontinuous spans, predictions, cancelled annotations and rejected
    answers are counted on standard error, never dropped without a word; spans keep brat's attributes and notes."""
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "import", "--db", db, "--from", "brat", FOREIGN / "brat/arabic")
    assert code == 0
    assert "kcna-meeting.ann:4: warning: T4 (PER) is discontinuous (43 46;52 55)" in err
    for what in ("1 brat relations (R)", "1 brat events (E)", "1 brat event triggers (T)", "1 brat normalisations (N)",
                 "1 brat equivalences (*)", "1 brat attributes and notes on relations and events",
                 "1 discontinuous brat spans"):
        assert what in err
    attrs = {s["text"]: s.get("attrs") for s in export(capsys, db, tmp_path / "b.jsonl")[0]["spans"]}
    assert attrs["كيم جونغ أون"] == {"Negated": True}
    assert attrs["بوتين"] == {"Confidence": "High"}
    assert attrs["موسكو"] == {"note": "العاصمة الروسية"}

    code, _, err = run(capsys, "import", "--db", db, "--from", "label-studio", FOREIGN / "label_studio/arabic_emoji.json")
    assert code == 0
    for what in ("1 Label Studio predictions", "1 cancelled (skipped) Label Studio annotations",
                 "1 Label Studio results of type 'choices'"):
        assert what in err
    code, _, err = run(capsys, "import", "--db", db, "--from", "prodigy", FOREIGN / "prodigy/arabic_emoji.jsonl")
    assert code == 0
    for what in ("1 Prodigy answers 'reject'", "1 Prodigy answers 'ignore'", "1 binary Prodigy answers"):
        assert what in err
    code, _, err = run(capsys, "import", "--db", db, "--from", "webanno-tsv",
                       FOREIGN / "webanno/testZeroLengthSpansWithoutFeatureValues.tsv")
    assert code == 0
    assert "testZeroLengthSpansWithoutFeatureValues.tsv:7: warning: a span of no length at 0-0" in err


def test_conll_text_is_rebuilt_one_sentence_a_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    assert run(capsys, "import", "--db", db, "--from", "conll", FOREIGN / "conll/arabic_bioes.conll")[0] == 0
    texts = {line["id"]: line["text"] for line in export(capsys, db, tmp_path / "c.jsonl")}
    assert texts == {
        "arabic_bioes-1": "🇰🇵 قالت وكالة الأنباء المركزية الكورية إن كيم جونغ أون التقى بوتين .\n"
                          "وجرى اللقاء في موسكو #كوريا #",
        "arabic_bioes-2": "أعلنت وزارة الخارجية الروسية أن لافروف سيزور بيونغ يانغ 😀"}


def test_label_studio_names_the_text_field_and_keeps_string_ids(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """Task 42 keeps its text in 'article' (the field its regions point at) and names itself 'tass-2024-0007'."""
    db = tmp_path / "p.db"
    assert run(capsys, "import", "--db", db, "--from", "label-studio", FOREIGN / "label_studio/arabic_emoji.json")[0] == 0
    lines = {(line["id"], line.get("annotator")): line for line in export(capsys, db, tmp_path / "l.jsonl")}
    assert lines[("tass-2024-0007", "sara@example.org")]["text"] == TASS
    assert lines[("tass-2024-0007", "sara@example.org")]["meta"] == {"label_studio_id": 42, "lang": "ar"}  # the detected language
    unannotated = [line for line in lines.values() if "annotator" not in line]
    assert [line["text"] for line in unannotated] == ["🇸🇾 لم يُعلَّق على هذه المهمة بعد."]


def test_a_number_too_long_to_parse_in_a_json_export_is_refused_not_a_crash(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.json"
    path.write_text('[{"data": {"text": "x"}, "id": ' + "9" * 5000 + "}]", encoding="utf-8")
    code, _out, err = run(capsys, "import", "--db", tmp_path / "p.db", "--from", "label-studio", path)
    assert code == 1 and f"{path}:1: refused JSON: a number has more than 4,300 digits" in err
