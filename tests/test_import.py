"""Every case of CASES.md, through the Project API (Importer) and through the CLI, plus the seeds."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.formats.importer import Importer, collect_files
from annotator.store.project import Project
from annotator.store.values import DocFilter

from tests.conftest import SEEDS, TRICKY

ARABIC = "قالت وكالة الأنباء المركزية الكورية إن كيم جونغ أون التقى بوتين في فلاديفوستوك.\n"


@dataclass
class Result:
    code: int
    rejected: list[str]
    summary: str


def run_import(mode: str, db: Path, *paths: Path, annotator: str | None = None,
               capsys: pytest.CaptureFixture[str] | None = None) -> Result:
    """Import through the library (as the GUI will) or through the CLI in-process."""
    if mode == "api":
        with Project.open(db, create=True) as project:
            files, problems = collect_files(paths)
            report = Importer(project, annotator=annotator).run(files)
        rejected = problems + report.rejected
        return Result(1 if rejected else 0, rejected, report.summary())
    assert capsys is not None
    capsys.readouterr()
    args = ["import", *map(str, paths), "--db", str(db)] + (["--annotator", annotator] if annotator else [])
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return Result(code, [line for line in err.splitlines() if line.strip()], out.strip())


MODES = ["api", "cli"]


@pytest.fixture
def db_path(target: str) -> str:  # type: ignore[override]
    """Every import test runs on a SQLite file and on an empty PostgreSQL database (the import makes the project)."""
    return target


def stored_text(db: Path, ext: str) -> str | None:
    with Project.open(db) as project:
        doc = project.find_document(ext)
        return doc.text if doc else None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name, check", [
    ("utf8_bom_arabic.txt", lambda t: t == ARABIC),
    ("cp1256_arabic.txt", lambda t: t == ARABIC and "كيم جونغ أون" in t),
    ("utf16le_bom_arabic.txt", lambda t: t == ARABIC),
    ("crlf_english.txt", lambda t: "\r" not in t and t == "North Korea held a party meeting.\nKim spoke for hours.\n"),
    ("tashkeel.txt", lambda t: t == (TRICKY / "tashkeel.txt").read_text(encoding="utf-8") and "\u064e" in t),
    ("bidi_controls.txt", lambda t: t == (TRICKY / "bidi_controls.txt").read_text(encoding="utf-8")
        and t.index("KCNA") == 6 and "\u200f" in t and "\u2067" in t and "\u2069" in t),
    ("mixed_digits.txt", lambda t: "١٠٬٠٠٠" in t and "(10,000)" in t and "3%" in t),
    ("persian_zwnj.txt", lambda t: "کره\u200cشمالی" in t),
    ("emoji_before_entity.txt", lambda t: t.startswith("🇰🇵🔥")),
])
def test_text_file_is_imported_exactly(mode: str, name: str, check, db_path: Path,  # type: ignore[no-untyped-def]
                                       capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(mode, db_path, TRICKY / name, capsys=capsys)
    assert result.code == 0 and result.rejected == []
    assert result.summary.startswith("1 imported")
    text = stored_text(db_path, Path(name).stem)
    assert text is not None and check(text)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("whitespace_only.txt", "only whitespace"),
    ("binary_garbage.txt", "not a text file"),
])
def test_unusable_file_is_refused_naming_it(mode: str, name: str, reason: str, db_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(mode, db_path, TRICKY / name, capsys=capsys)
    assert result.code == 1
    assert len(result.rejected) == 1
    assert result.rejected[0].startswith(f"{TRICKY / name}: {reason}")
    with Project.open(db_path) as project:
        assert project.count_documents() == 0


@pytest.mark.parametrize("mode", MODES)
def test_entity_after_emoji_keeps_code_point_offsets(mode: str, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_import(mode, db_path, TRICKY / "emoji_before_entity.txt", capsys=capsys)
    with Project.open(db_path) as project:
        doc = project.find_document("emoji_before_entity")
        assert doc is not None
        start = doc.text.index("كيم جونغ أون")
        span = project.add_span(doc.id, project.annotator("sara").id, "entities", "PER", start, start + 12)
        assert doc.text[span.start:span.end] == "كيم جونغ أون"


@pytest.mark.parametrize("mode", MODES)
def test_good_jsonl_keeps_every_span(mode: str, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_import(mode, db_path, TRICKY / "good.jsonl", capsys=capsys)
    assert result.code == 0
    with Project.open(db_path) as project:
        for line in (TRICKY / "good.jsonl").read_text(encoding="utf-8").splitlines():
            want = json.loads(line)
            doc = project.find_document(want["id"])
            assert doc is not None and doc.text == want["text"]
            got = [{"start": s.start, "end": s.end, "label": s.label, "text": doc.text[s.start:s.end]}
                   for s in project.spans(doc.id)]
            assert got == want["spans"]
        assert [a.name for a in project.annotators()] == ["imported"]


@pytest.mark.parametrize("mode", MODES)
def test_malformed_jsonl_reports_each_bad_line(mode: str, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = TRICKY / "malformed.jsonl"
    result = run_import(mode, db_path, path, capsys=capsys)
    assert result.code == 1
    reasons = {int(msg.split(":")[1]): msg.split(": ", 1)[1] for msg in result.rejected}
    assert all(msg.startswith(f"{path}:") for msg in result.rejected)
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert reasons[2].startswith("broken JSON")
    assert reasons[3] == "no 'text' field"
    assert reasons[4] == "'text' is a number, not a string"
    assert "outside the text" in reasons[5]
    assert "not before end" in reasons[6]
    assert "unknown label 'NO_SUCH_LABEL'" in reasons[7]
    assert "already stored with a different text" in reasons[8]
    assert reasons[9] == "not a JSON object but an array"
    with Project.open(db_path) as project:
        assert sorted(d.external_id for d in project.documents()) == ["v-bad-ok", "v-bad-ok2"]
        ok = project.find_document("v-bad-ok")
        assert ok is not None and ok.text == "Pyongyang and Moscow signed a pact."
        assert project.stats().spans == {}


@pytest.mark.parametrize("mode", MODES)
def test_importing_twice_adds_nothing(mode: str, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_import(mode, db_path, TRICKY, capsys=capsys)
    with Project.open(db_path) as project:
        before = project.stats()
    again = run_import(mode, db_path, TRICKY, capsys=capsys)
    assert again.summary.startswith("0 imported, 13 skipped (already there)")
    with Project.open(db_path) as project:
        assert project.stats() == before


def test_seeds_are_stored_exactly(db_path: Path) -> None:
    result = run_import("api", db_path, SEEDS)
    assert result.code == 0 and result.summary.startswith("5 imported")
    with Project.open(db_path) as project:
        for path in sorted(SEEDS.glob("*.txt")):
            raw = path.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
            assert stored_text(db_path, path.stem) == raw
        assert project.count_documents(DocFilter(language="ar")) == 3
        assert project.count_documents(DocFilter(language="en")) == 2


def test_annotator_option_and_conflicting_annotations(db_path: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.jsonl"
    first.write_text(json.dumps({"id": "k", "text": "Kim met Putin", "status": "done",
                                 "spans": [{"start": 0, "end": 3, "label": "PER"}]}) + "\n", encoding="utf-8")
    second = tmp_path / "b.jsonl"
    second.write_text(json.dumps({"id": "k", "text": "Kim met Putin",
                                  "spans": [{"start": 8, "end": 13, "label": "PER"}]}) + "\n", encoding="utf-8")
    assert run_import("api", db_path, first, annotator="sara").code == 0
    result = run_import("api", db_path, second, annotator="sara")
    assert result.rejected == [f"{second}:1: annotator 'sara' already has other annotations on 'k'; not overwritten"]
    assert run_import("api", db_path, second, annotator="omar").code == 0
    with Project.open(db_path) as project:
        doc = project.find_document("k")
        assert doc is not None
        sara, omar = project.find_annotator("sara"), project.find_annotator("omar")
        assert sara and omar
        assert [(s.start, s.end) for s in project.spans(doc.id, sara.id)] == [(0, 3)]
        assert [(s.start, s.end) for s in project.spans(doc.id, omar.id)] == [(8, 13)]
        assert project.status(doc.id, sara.id) == "done"


def test_folders_are_walked_and_other_files_ignored(db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "corpus" / "deep").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text("Kim", encoding="utf-8")
    (tmp_path / "corpus" / "deep" / "b.TXT").write_text("Putin", encoding="utf-8")
    (tmp_path / "corpus" / "deep" / "notes.md").write_text("# not imported", encoding="utf-8")
    result = run_import("api", db_path, tmp_path / "corpus", tmp_path / "missing.txt", tmp_path / "corpus" / "deep" / "notes.md")
    assert result.summary.startswith("2 imported")
    assert result.rejected == [f"{tmp_path / 'missing.txt'}: no such file or folder",
                               f"{tmp_path / 'corpus' / 'deep' / 'notes.md'}: not a .txt or .jsonl file"]


def test_bad_unicode_and_long_fields_reject_only_their_line(db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    lines = ['{"id": "ok-1", "text": "Kim"}',
             '{"id": "s1", "text": "abc \\ud800"}',
             json.dumps({"id": "x" * 300, "text": "long id"}),
             json.dumps({"id": "l", "text": "t", "meta": {"lang": "a language name that is far too long"}}),
             json.dumps({"id": "ghost-line", "text": "Kim", "annotator": "ghost", "spans": [{"start": 0, "end": 9, "label": "PER"}]}),
             '{"id": "ok-2", "text": "Putin", "annotator": " sara ", "status": "done", "meta": {"lang": "EN"}}']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_import("api", db_path, path)
    assert [msg.split(":")[1] for msg in result.rejected] == ["2", "3", "4", "5"]
    assert "lone surrogate" in result.rejected[0]
    assert "longer than 255" in result.rejected[1]
    assert "meta.lang" in result.rejected[2]
    with Project.open(db_path) as project:
        assert sorted(d.external_id for d in project.documents()) == ["ok-1", "ok-2"]
        assert [a.name for a in project.annotators()] == ["sara"]  # no 'ghost' from the refused line
        assert project.find_document("ok-2").language == "en"  # type: ignore[union-attr]


def test_a_database_error_in_a_batch_costs_only_the_failing_line(db_path: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.core.errors import ProjectError
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"text {i}"}) + "\n" for i in range(3)), encoding="utf-8")
    with Project.open(db_path, create=True) as project:
        real = project.add_records

        def flaky(records):  # type: ignore[no-untyped-def]
            if any(r.external_id == "d1" for r in records):
                raise ProjectError("database error: disk I/O error")
            return real(records)

        monkeypatch.setattr(project, "add_records", flaky)
        report = Importer(project).run([path])
        assert report.imported == 2
        assert report.rejected == [f"{path}:2: database error: disk I/O error"]
        assert sorted(d.external_id for d in project.documents()) == ["d0", "d2"]
