"""Hostile input: arbitrary bytes and JSON values never crash the importer or store half a record;
files too large for one document are refused by the documented limit without being read whole."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.formats import importer, reading
from annotator.formats.importer import Importer
from annotator.store.project import Project
from annotator.store.values import DocFilter

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)

# values shaped like records, so that the checks behind the first few fields are reached too
record_like = st.fixed_dictionaries(
    {"text": st.text(min_size=0, max_size=40)},
    optional={"id": st.text(max_size=6) | st.integers(), "annotator": st.text(max_size=6) | st.none(),
              "spans": st.lists(st.fixed_dictionaries({"start": st.integers(-3, 50), "end": st.integers(-3, 50),
                                                       "label": st.sampled_from(["PER", "GPE", "XX", "FAVOR"])},
                                                      optional={"layer": st.sampled_from(["entities", "stance", "no"]),
                                                                "attrs": json_values}), max_size=4),
              "doc_labels": st.lists(json_values, max_size=2), "meta": json_values, "status": json_values})


def _stored(project: Project) -> dict[str, tuple[str, list[tuple[int, int, str]]]]:
    out = {}
    for doc in project.documents(DocFilter(), offset=0, limit=10_000):
        view = project.document(doc.id)
        out[view.external_id] = (view.text, [(s.start, s.end, s.label) for s in project.spans(doc.id)])
    return out


@SETTINGS
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_as_a_text_file(tmp_path_factory, data: bytes) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("bytes")
    path = folder / "doc.txt"
    path.write_bytes(data)
    with Project.create(folder / "p.db") as project:
        report = Importer(project).run([path])
        stored = _stored(project)
    assert report.imported + len(report.rejected) == 1
    if report.rejected:
        assert stored == {} and report.rejected[0].startswith(f"{path}: ") and len(report.rejected[0]) > len(str(path)) + 4
    else:
        [(text, spans)] = stored.values()
        assert text.strip() and spans == []


@SETTINGS
@given(values=st.lists(json_values | record_like, min_size=1, max_size=6))
def test_arbitrary_json_values_as_jsonl(tmp_path_factory, values: list[object]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("json")
    path = folder / "in.jsonl"
    path.write_text("\n".join(json.dumps(v, ensure_ascii=False) for v in values) + "\n", encoding="utf-8")
    with Project.create(folder / "p.db") as project:
        report = Importer(project).run([path])
        stored = _stored(project)
    assert report.imported + report.unchanged + len(report.rejected) == len(values)
    for message in report.rejected:  # every rejection names the file and line and says why
        head, _, reason = message.partition(": ")
        assert head.startswith(f"{path}:") and reason
    for line, value in enumerate(values, 1):  # a line is stored whole or not at all
        if isinstance(value, dict) and not any(m.startswith(f"{path}:{line}: ") for m in report.rejected):
            text = value["text"].replace("\r\n", "\n").replace("\r", "\n")
            found = [(t, spans) for t, spans in stored.values() if t == text]
            assert found, value
            wanted = sorted((s["start"], s["end"], s["label"]) for s in value.get("spans", []))
            if wanted and "\r" not in value["text"]:
                assert any(sorted(spans) == wanted for _, spans in found)


def _peak_while(action) -> int:  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_50_mb_text_file_is_refused_by_the_limit_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        for _ in range(50):
            fh.write(("كلمة " * 200_000).encode("utf-8")[: 1024 * 1024])
    with Project.create(tmp_path / "p.db") as project:
        report = importer.ImportReport()
        peak = _peak_while(lambda: report.__dict__.update(Importer(project).run([big]).__dict__))
        assert project.count_documents() == 0
    assert report.rejected == [f"{big}: 50.0 MB is more than one document may be (16 MB); split it into smaller documents"]
    assert peak < 40 * 1024 * 1024  # the limit and a little, not the file


def test_a_5_mb_line_imports_and_an_overlong_line_costs_only_itself(tmp_path: Path) -> None:
    text = "قالت وكالة الأنباء إن " * 150_000  # about 5 MB of UTF-8
    path = tmp_path / "lines.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "five", "text": text}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "x" * (20 * 1024 * 1024)}) + "\n")
        fh.write(json.dumps({"id": "after", "text": "still here"}) + "\n")
    assert len(json.dumps({"id": "five", "text": text}, ensure_ascii=False).encode()) > 5 * 1024 * 1024
    with Project.create(tmp_path / "p.db") as project:
        report = Importer(project).run([path])
        five = project.find_document("five")
        assert five is not None and five.text == text
        assert project.find_document("after") is not None and project.find_document("huge") is None
    assert report.imported == 2
    assert report.rejected == [f"{path}:2: 20.0 MB is more than one document may be (16 MB); split it into smaller documents"]


def test_many_large_lines_are_stored_in_batches_by_size(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(reading, "BATCH_BYTES", 1000)
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": "y" * 600}) + "\n" for i in range(5)), encoding="utf-8")
    with Project.create(tmp_path / "p.db") as project:
        batches: list[int] = []
        original = project.add_records
        monkeypatch.setattr(project, "add_records", lambda records: batches.append(len(records)) or original(records))
        report = Importer(project).run([path])
    assert report.imported == 5 and batches == [2, 2, 1]


def test_a_full_disk_or_missing_folder_is_said_and_the_earlier_file_kept(tmp_path: Path,
                                                                         monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os

    from annotator.cli import main
    from annotator.core.records import parse_record

    db = tmp_path / "p.db"
    with Project.create(db) as project:
        project.add_records([parse_record({"id": "d1", "text": "Kim met Putin.", "annotator": "sara",
                                           "status": "done"}, project.schema)])
    out = tmp_path / "out.jsonl"
    assert main(["export", "--format", "native", "-o", str(out), "--db", str(db)]) == 0
    earlier = out.read_bytes()
    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert main(["export", "--format", "native", "-o", str(out), "--db", str(db)]) == 2
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert out.read_bytes() == earlier  # the earlier export is whole
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")] == []  # no part file left
    report = tmp_path / "report.html"
    report.write_text("earlier report", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", full)
    assert main(["agreement", "--html", str(report), "--db", str(db)]) == 2
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert report.read_text(encoding="utf-8") == "earlier report"
    assert main(["export", "--format", "native", "-o", str(tmp_path / "nowhere" / "x.jsonl"), "--db", str(db)]) == 2


# -- hostile lines, one at a time, on both back ends ------------------------------------------------

GOOD_BEFORE = json.dumps({"id": "before", "text": "Kim met Putin.", "annotator": "sara", "status": "done",
                          "spans": [{"start": 0, "end": 3, "label": "PER"}]})
GOOD_AFTER = json.dumps({"id": "after", "text": "Moon met Biden.", "meta": {"lang": "en"}})
DEEP = '{"id": "h", "text": "hostile", "meta": ' + '{"a": ' * 150 + "1" + "}" * 150 + "}"

# (case, the hostile line as raw JSON text, the reason given for it; None: stored as it is)
HOSTILE_LINES = [
    ("surrogate in meta", r'{"id": "h", "text": "hostile", "meta": {"note": "\udc00"}}',
     "'meta.note' holds a lone surrogate (U+DC00), not valid Unicode"),
    ("surrogate in a meta key", r'{"id": "h", "text": "hostile", "meta": {"\udc00": 1}}',
     "a key of 'meta' holds a lone surrogate (U+DC00), not valid Unicode"),
    ("surrogate in meta.lang", r'{"id": "h", "text": "hostile", "meta": {"lang": "a\udc00"}}',
     "'meta.lang' holds a lone surrogate (U+DC00), not valid Unicode"),
    ("surrogate in attrs", r'{"id": "h", "text": "hostile", "annotator": "eve", "spans": [{"start": 0, "end": 3, '
     r'"label": "PER", "attrs": {"note": ["ok", "\udc00"]}}]}',
     "span 1: 'attrs.note[1]' holds a lone surrogate (U+DC00), not valid Unicode"),
    ("surrogate in text", r'{"id": "h", "text": "host\udc00ile"}', "'text' holds a lone surrogate (U+DC00), not valid Unicode"),
    ("surrogate in id", r'{"id": "h\udc00", "text": "hostile"}', "'id' holds a lone surrogate (U+DC00), not valid Unicode"),
    ("5,000-digit integer", '{"id": "h", "text": "hostile", "meta": {"n": ' + "9" * 5000 + "}}",
     "refused JSON: a number has more than 4,300 digits"),
    ("5,000-digit id", '{"id": ' + "9" * 5000 + ', "text": "hostile"}', "refused JSON: a number has more than 4,300 digits"),
    ("NaN in meta", '{"id": "h", "text": "hostile", "meta": {"score": NaN}}', "refused JSON: NaN is not a JSON number"),
    ("Infinity in meta", '{"id": "h", "text": "hostile", "meta": {"score": -Infinity}}',
     "refused JSON: -Infinity is not a JSON number"),
    ("overflowing number", '{"id": "h", "text": "hostile", "meta": {"score": 1e400}}',
     "refused JSON: 1e400 is too large for a JSON number"),
    ("NUL in text", r'{"id": "h", "text": "host\u0000ile"}', "'text' holds a NUL character (U+0000)"),
    ("NUL in meta", r'{"id": "h", "text": "hostile", "meta": {"note": "a\u0000b"}}', "'meta.note' holds a NUL character (U+0000)"),
    ("NUL in id", r'{"id": "h\u0000", "text": "hostile"}', "'id' holds a NUL character (U+0000)"),
    ("NUL in annotator", r'{"id": "h", "text": "hostile", "annotator": "e\u0000ve", "status": "done"}',
     "'annotator' holds a NUL character (U+0000)"),
    ("NUL in a label", r'{"id": "h", "text": "hostile", "annotator": "eve", "spans": [{"start": 0, "end": 3, "label": "PER\u0000"}]}',
     "span 1: unknown label 'PER\\x00': no layer has the label 'PER\\x00'"),
    ("NUL in attrs", r'{"id": "h", "text": "hostile", "annotator": "eve", "spans": [{"start": 0, "end": 3, '
     r'"label": "PER", "attrs": {"note": "\u0000"}}]}', "span 1: 'attrs.note' holds a NUL character (U+0000)"),
    ("ESC in id", r'{"id": "h\u001b]0;pwned\u0007", "text": "hostile"}', "'id' holds a control character (U+001B)"),
    ("newline in annotator", r'{"id": "h", "text": "hostile", "annotator": "eve\nomar: 99 done", "status": "done"}',
     "'annotator' holds a control character (U+000A)"),
    ("bidi override in annotator", r'{"id": "h", "text": "hostile", "annotator": "eve\u202e", "status": "done"}',
     "'annotator' holds a bidi override or isolate (U+202E)"),
    ("C1 control in id", r'{"id": "h\u009b2J", "text": "hostile"}', "'id' holds a control character (U+009B)"),
    ("ESC in meta.lang", r'{"id": "h", "text": "hostile", "meta": {"lang": "e\u001bn"}}',
     "'meta.lang' holds a control character (U+001B)"),
    ("meta nested 150 deep", DEEP, "'meta.a.a.a"),
    # safely accepted: text is content (kept as it is, escaped when printed); a surrogate pair is an emoji
    ("controls in text", r'{"id": "h", "text": "host\u001bile \u202eelitsoh"}', None),
    ("surrogate pair in id", r'{"id": "h\ud83d\ude00", "text": "hostile"}', None),
    ("large but parseable integer", '{"id": "h", "text": "hostile", "meta": {"n": ' + "9" * 300 + "}}", None),
]


def _cli(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    from annotator.cli import main

    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.mark.parametrize(("line", "reason"), [pytest.param(line, reason, id=case) for case, line, reason in HOSTILE_LINES])
def test_a_hostile_line_is_refused_by_name_or_stored_safely_on_both_back_ends(
        target: str, tmp_path: Path, capsys, line: str, reason: str | None) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([GOOD_BEFORE, line, GOOD_AFTER]) + "\n", encoding="utf-8", errors="surrogatepass")
    code, out, err = _cli(capsys, "import", str(path), "--db", target)
    with Project.open(target) as project:
        stored = {d.external_id for d in project.documents(DocFilter(), offset=0, limit=100)}
        people = {a.name for a in project.annotators()}
    if reason is None:
        assert code == 0 and out.endswith("3 imported, 0 skipped (already there), 0 rejected\n"), err
        assert len(stored) == 3
    else:
        assert code == 1 and err.startswith(f"{path}:2: {reason}"), err
        assert err.count("\n") == 1 and out.endswith("2 imported, 0 skipped (already there), 1 rejected\n")
        assert stored == {"before", "after"} and people == {"sara"}  # nothing of line 2, and line 3 imported
    exported = tmp_path / "out.jsonl"
    assert _cli(capsys, "export", "--format", "native", "-o", str(exported), "--db", target)[0] == 0
    lines = [json.loads(x) for x in exported.read_text(encoding="utf-8").splitlines()]  # strict JSON, UTF-8
    assert {x["id"] for x in lines} == stored
    code, out, err = _cli(capsys, "import", str(exported), "--db", target)  # the export imports again: as it was
    assert (code, err) == (0, "") and out.endswith(f"0 imported, {len(lines)} skipped (already there), 0 rejected\n")
    code, out, err = _cli(capsys, "import", str(exported), "--db", str(tmp_path / "again.db"))
    assert (code, err) == (0, "") and out.endswith(f"{len(lines)} imported, 0 skipped (already there), 0 rejected\n")


# -- files that are not files, folders that cannot be read ---------------------------------------------


def test_a_fifo_named_or_in_a_folder_is_refused_unopened_and_the_rest_imported(tmp_path: Path, capsys,
                                                                             monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import threading

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Kim met Putin.", encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")
    named = tmp_path / "named.txt"
    os.mkfifo(named)
    result: list[tuple[int, str, str]] = []
    worker = threading.Thread(target=lambda: result.append(_cli(capsys, "import", str(named), str(folder),
                                                                "--db", str(tmp_path / "p.db"))), daemon=True)
    worker.start()
    worker.join(20)
    assert not worker.is_alive(), "the import waits on a named pipe"
    [(code, out, err)] = result
    assert code == 1 and err.splitlines() == [f"{named}: a named pipe (FIFO), not a regular file; not read",
                                              f"{folder / 'pipe.jsonl'}: a named pipe (FIFO), not a regular file; not read"]
    assert out.endswith("1 imported, 0 skipped (already there), 2 rejected\n")
    # a file that becomes a pipe after the folder was walked is refused when opened, without waiting
    from annotator.formats.importer import Importer

    with Project.create(tmp_path / "q.db") as project:
        report = Importer(project).run([named, folder / "a.txt"])
        assert report.imported == 1 and report.rejected == [f"{named}: cannot read: a named pipe (FIFO), not a regular file; not read"]


def test_an_unreadable_folder_is_named(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os

    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "b.txt").write_text("Moon met Biden.", encoding="utf-8")
    (folder / "a.txt").write_text("Kim met Putin.", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]  # chmod 000 does not stop root, who runs CI
        if Path(path) == folder / "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = _cli(capsys, "import", str(folder), "--db", str(tmp_path / "p.db"))
    assert code == 1 and err == f"{folder / 'locked'}: cannot read folder: Permission denied; its files were not imported\n"
    assert out.endswith("1 imported, 0 skipped (already there), 1 rejected\n")


# -- schema files --------------------------------------------------------------------------------------

DEFAULT_SCHEMA = (Path(__file__).parents[1] / "resources" / "schema.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "reason"), [
    ('name = "PER"', 'name = "PER\\n"', "layer 'entities', label 1: 'name' 'PER\\n' holds a control character (U+000A)"),
    ('name = "PER"', 'name = "PER "', "layer 'entities', label 1: 'name' 'PER ' has space at its start or end"),
    ('color = "#e6194b"', 'color = "#e6194b\\n"',
     "layer 'entities', label 'PER': 'color' '#e6194b\\n' holds a control character (U+000A)"),
    ('key = "p"', 'key = "\\u001b"', "layer 'entities', label 'PER': 'key' '\\x1b' holds a control character (U+001B)"),
    ('name = "entities"', 'name = "entities\\t"', "layer 1: 'name' 'entities\\t' holds a control character (U+0009)"),
    ('"Russia"', '"Rus\\u202esia"', "task 'stance': target 'Rus\\u202esia' holds a bidi override or isolate (U+202E)"),
    ('name = "news-default"', 'name = "news\\u0085"', "top level: 'name' 'news\\x85' holds a control character (U+0085)"),
], ids=["label newline", "label space", "colour newline", "ESC key", "layer tab", "target bidi", "schema C1"])
def test_a_schema_entry_with_control_characters_is_refused_naming_file_and_entry(
        tmp_path: Path, capsys, old: str, new: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    assert old in DEFAULT_SCHEMA
    path = tmp_path / "bad.toml"
    path.write_text(DEFAULT_SCHEMA.replace(old, new, 1), encoding="utf-8")
    code, out, err = _cli(capsys, "init", "--schema", str(path), "--db", str(tmp_path / "p.db"))
    assert code == 2 and err == f"annotator: {path}: {reason}\n" and not (tmp_path / "p.db").exists()


def test_schema_set_refuses_to_orphan_stance_targets_and_overlaps_in_use(target: str, tmp_path: Path,
                                                                        capsys) -> None:  # type: ignore[no-untyped-def]
    from annotator.core.records import parse_record

    allowing = DEFAULT_SCHEMA.replace("allow_overlap = false", "allow_overlap = true", 1)
    with Project.create(target) as project:
        from annotator.core.schema import parse_schema

        project.set_schema(parse_schema(allowing))
        text = "Kim Jong Un met Putin in Russia."
        for doc in ("d1", "d2"):
            project.add_records([parse_record({
                "id": doc, "text": text, "annotator": "sara",
                "spans": [{"start": 0, "end": 12, "label": "PER"}, {"start": 4, "end": 12, "label": "PER"},
                          {"start": 25, "end": 31, "label": "AGAINST", "layer": "stance", "attrs": {"target": "Russia"}}],
                "doc_labels": [{"task": "stance", "target": "Russia", "label": "AGAINST"}]}, project.schema)])
    no_russia = tmp_path / "no-russia.toml"
    without = "\n".join(line for line in allowing.replace('"Russia", ', "").splitlines()
                         if not line.lstrip().startswith('"Russia" ='))  # the target and its other names
    no_russia.write_text(without, encoding="utf-8")
    code, _, err = _cli(capsys, "schema", "set", str(no_russia), "--db", target)
    assert code == 2 and "document label stance/Russia/AGAINST (2 document labels, e.g. document 'd1')" in err
    assert "stance target 'Russia' of layer stance (2 spans, e.g. document 'd1')" in err
    no_overlap = tmp_path / "no-overlap.toml"
    no_overlap.write_text(DEFAULT_SCHEMA, encoding="utf-8")
    code, _, err = _cli(capsys, "schema", "set", str(no_overlap), "--db", target)
    assert code == 2 and err == ("annotator: the new schema does not allow what stored annotations use, so it was not set: "
                                 "overlapping spans in layer entities, which would no longer allow overlaps "
                                 "(2 span pairs, e.g. document 'd1'). Change or delete those annotations first\n")
    with Project.open(target) as project:
        assert project.schema.layer("entities").allow_overlap  # type: ignore[union-attr]  # unchanged
    exported = tmp_path / "out.jsonl"
    assert _cli(capsys, "export", "--format", "native", "-o", str(exported), "--db", target)[0] == 0
    code, out, err = _cli(capsys, "import", str(exported), "--db", target)
    assert (code, err) == (0, "") and out.endswith("0 imported, 2 skipped (already there), 0 rejected\n")


# -- what the command line prints ----------------------------------------------------------------------

EVIL_NAME = "eve\x1b]0;pwned\x07\nomar (annotator): 99 done\u202e"
EVIL_ID = "d1\x1b[2J\u2066\x85"
UNSAFE = ("\x1b", "\x07", "\x85", "\u202e", "\u2066")


def test_names_and_ids_already_stored_are_printed_escaped(target: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Names and ids from before these checks (or written by raw SQL) cannot forge lines or retitle the terminal."""
    from sqlalchemy import create_engine, text

    from annotator.core.records import parse_record

    with Project.create(target) as project:
        for i in range(1, 4):
            body = f"Headline number {i}\nKim met Putin in Moscow on day {i}.\nFollow us on Twitter for more news every day."
            for who in ("sara", "omar"):
                project.add_records([parse_record({"id": f"d{i}", "text": body, "annotator": who, "status": "done",
                                                   "spans": [{"start": 0 if who == "sara" else 9, "end": 15, "label": "PER"}],
                                                   "doc_labels": [{"task": "stance", "target": "Russia", "label": "AGAINST"}]},
                                                  project.schema)])
        url = project.url
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE annotators SET name = :n WHERE name = 'omar'"), {"n": EVIL_NAME})
        conn.execute(text("UPDATE documents SET external_id = :n WHERE external_id = 'd1'"), {"n": EVIL_ID})
        conn.execute(text("UPDATE documents SET language = :n WHERE external_id = 'd2'"), {"n": "e\x1bn"})
    engine.dispose()
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "PER", "pattern": "Putin"}\n', encoding="utf-8")
    runs = {
        "team list": _cli(capsys, "team", "list", "--db", target),
        "stats": _cli(capsys, "stats", "--db", target),
        "stats --json": _cli(capsys, "stats", "--json", "--db", target),
        "agreement": _cli(capsys, "agreement", "--db", target),
        "agreement --json": _cli(capsys, "agreement", "--json", "--db", target),
        "suggest --patterns": _cli(capsys, "suggest", "--patterns", str(patterns), "--for", EVIL_NAME, "--db", target),
        "suggest --for stranger": _cli(capsys, "suggest", "--patterns", str(patterns), "--for", "nobody", "--db", target),
        "suggest --boilerplate": _cli(capsys, "suggest", "--boilerplate", "--for", EVIL_NAME, "--db", target),
    }
    for command, (code, out, err) in runs.items():
        for stream in (out, err):
            assert not any(ch in stream for ch in UNSAFE), (command, stream)
            assert not any(line.startswith("omar") for line in stream.splitlines()), (command, stream)  # no forged line
    escaped = "eve\\x1b]0;pwned\\x07\\nomar (annotator): 99 done\\u202e"
    assert f"{escaped}\tannotator" in runs["team list"][1].splitlines()
    assert f"  {escaped} (annotator): 3 done of 3 documents" in runs["stats"][1]
    assert "e\\x1bn 1" in runs["stats"][1]
    assert f"{escaped} / sara: Cohen's kappa" in runs["agreement"][1]
    assert json.loads(runs["agreement --json"][1])["annotators"] == sorted(["sara", EVIL_NAME])  # same JSON, escaped
    assert f"{escaped}: " in runs["suggest --patterns"][1], runs["suggest --patterns"]
    assert runs["suggest --for stranger"][0] == 2 and escaped in runs["suggest --for stranger"][2]
    assert "d1\\x1b[2J\\u2066\\x85\t" in runs["suggest --boilerplate"][1]


@pytest.mark.parametrize("name", ["eve\x1b[2J", "eve\nomar", "eve\u202e", "eve\u2066", "e\x00ve", "eve\x9b"])
def test_a_new_name_with_control_characters_is_refused(target: str, tmp_path: Path, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    Project.create(target).close()
    code, out, err = _cli(capsys, "team", "add-user", name, "--role", "annotator", "--db", target)
    assert code == 2 and out == "" and err.startswith("annotator: the name ") and "a name may not hold control characters" in err
    assert not any(ch in err for ch in UNSAFE)
    path = tmp_path / "a.txt"
    path.write_text("Kim met Putin.", encoding="utf-8")
    code, out, err = _cli(capsys, "import", str(path), "--annotator", name, "--db", target)
    assert code == 2 and err.startswith("annotator: --annotator: annotator name ")
    with Project.open(target) as project:
        assert [a.name for a in project.annotators()] == [] and project.count_documents() == 0
