"""`annotator merge OTHER`: a laptop's work comes into the team project once, conflicts are reported, nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.records import parse_record
from annotator.store.project import Project


def _record(ext: str, text: str, who: str | None = None, spans: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
            status: str | None = None) -> dict[str, object]:
    line: dict[str, object] = {"id": ext, "text": text}
    if who:
        line.update(annotator=who, spans=[{"start": s, "end": e, "label": lab} for s, e, lab in spans])
    if status:
        line["status"] = status
    return line


def test_merge_brings_work_once_and_reports_conflicts(tmp_path: Path, target: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with Project.create(target) as team:
        team.add_records([parse_record(r, team.schema) for r in (
            _record("d1", "Kim met Putin."), _record("d2", "Seoul said nothing."),
            _record("d1", "Kim met Putin.", "omar", [(0, 3, "PER")], "done"))])
    laptop = tmp_path / "laptop.db"
    with Project.create(laptop) as mine:
        mine.add_records([parse_record(r, mine.schema) for r in (
            _record("d1", "Kim met Putin.", "sara", [(0, 3, "PER"), (8, 13, "PER")], "done"),
            _record("d2", "Seoul said NOTHING.", "sara", [(0, 5, "GPE")], "done"),  # edited offline: a conflict
            _record("d3", "A new article from the road.", "sara", [], "in_progress"))])
    before = laptop.read_bytes()
    capsys.readouterr()
    assert main(["merge", str(laptop), "--db", target]) == 1
    out, err = capsys.readouterr()
    assert "d2" in err and "different text" in err
    assert out.strip().startswith("2 imported")
    with Project.open(target) as team:
        d1, d3 = team.find_document("d1"), team.find_document("d3")
        assert d1 is not None and d3 is not None
        sara, omar = team.find_annotator("sara"), team.find_annotator("omar")
        assert sara is not None and omar is not None
        assert [(s.start, s.end) for s in team.spans(d1.id, sara.id)] == [(0, 3), (8, 13)]
        assert [(s.start, s.end) for s in team.spans(d1.id, omar.id)] == [(0, 3)]  # omar's work as it was
        assert team.status(d1.id, sara.id) == "done" and team.status(d3.id, sara.id) == "in_progress"
        d2 = team.find_document("d2")
        assert d2 is not None and d2.text == "Seoul said nothing." and team.spans(d2.id, sara.id) == []
    assert main(["merge", str(laptop), "--db", target]) == 1  # again: nothing new, the same conflict
    assert capsys.readouterr().out.strip().startswith("0 imported")
    assert laptop.read_bytes() == before  # the laptop's file is read from a copy
    jsonl = tmp_path / "road.jsonl"
    jsonl.write_text('{"id": "d4", "text": "Written on a train.", "annotator": "sara", "spans": []}\n', encoding="utf-8")
    assert main(["merge", str(jsonl), "--db", target]) == 0
    assert main(["merge", target, "--db", target]) == 2
    assert "that is this project" in capsys.readouterr().err
