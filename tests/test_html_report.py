"""`annotator agreement --html`: one self-contained page, project data escaped, Arabic left to the browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.records import parse_record
from annotator.core.schema import parse_schema
from annotator.formats import html_report
from annotator.formats.agreement import compute
from annotator.store.project import Project

SCHEMA = """
name = "arabic"

[[layers]]
name = "كيانات"
description = "Entities."
style = "box"

  [[layers.labels]]
  name = "شخص"
  color = "#e6194b"
  key = "p"
  description = "A person."

  [[layers.labels]]
  name = "مكان"
  color = "#4363d8"
  key = "l"
  description = "A place."

[[layers]]
name = "boilerplate"
description = "Not the article."
style = "band"

  [[layers.labels]]
  name = "BOILERPLATE"
  color = "#a9a9a9"
  key = "b"
  description = "Site chrome."

[[tasks]]
name = "موقف"
description = "Stance."
targets = ["روسيا", "USA"]

  [[tasks.labels]]
  name = "مؤيد"
  color = "#2e8b57"
  key = "1"
  description = "For."

  [[tasks.labels]]
  name = "معارض"
  color = "#dc143c"
  key = "2"
  description = "Against."
"""

SCRIPT = "<script>alert(1)</script>"
TEXT = f"التقى بوتين في موسكو. {SCRIPT} Kim met Putin."  # بوتين 6-11, موسكو 15-20


def record(ext: str, who: str, spans: list[tuple[int, int, str]], stance: str) -> dict[str, object]:
    return {"id": ext, "text": TEXT if ext == "d1" else "خبر آخر عن روسيا.", "annotator": who, "status": "done",
            "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans],
            "doc_labels": [{"task": "موقف", "target": "روسيا", "label": stance}]}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "arabic.db"
    with Project.create(path, schema=parse_schema(SCHEMA)) as project:
        records = [record("d1", "ann", [(6, 11, "شخص"), (15, 20, "مكان"), (22, 47, "BOILERPLATE")], "مؤيد"),
                   record("d1", "سارة", [(6, 11, "شخص"), (15, 20, "شخص"), (22, 40, "BOILERPLATE")], "معارض"),
                   record("d2", "ann", [], "معارض"),
                   record("d2", "سارة", [], "معارض")]
        project.add_records([parse_record(r, project.schema) for r in records])
    return path


def test_cli_writes_a_safe_self_contained_page(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert TEXT[6:11] == "بوتين" and TEXT[15:20] == "موسكو"
    out = tmp_path / "report.html"
    assert main(["agreement", "--db", str(db), "--html", str(out)]) == 0
    assert f"report written to {out}" in capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert SCRIPT not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()  # no JavaScript at all
    for arabic in ("شخص", "مكان", "مؤيد", "معارض", "موقف/روسيا", "كيانات", "سارة"):
        assert re.search(rf'dir="auto"[^>]*>[^<]*{arabic}', page), arabic  # the logical string, never reshaped
    assert "\ufe8d" not in page and "\ufedf" not in page  # no presentation forms: the browser shapes
    urls = re.findall(r"https?://[^\s\"')]+", page)
    assert set(urls) <= {"http://www.w3.org/2000/svg"}
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@font-face" in page and "data:font/ttf;base64," in page
    assert not re.search(r">\s*(nan|None|NaN)\s*<", page) and "n/a" in page
    assert page.count("<svg") >= 3  # a per-label bar chart and one progress bar per annotator
    assert re.search(r">0\.\d{3}<", page)  # three decimals


def test_project_name_and_annotator_names_are_escaped(db: Path) -> None:
    with Project.open(db) as project:
        report, stats = compute(project), project.stats()
    report["annotators"] = ['<b onmouseover="x">ann</b>', "سارة"]
    report["disagreement"][0]["id"] = '"><img src=x>'
    page = html_report.render(report, '<i>news</i> "q"', stats)
    assert "<i>news</i>" not in page and "&lt;i&gt;news&lt;/i&gt; &quot;q&quot;" in page
    assert "<b onmouseover" not in page and '"><img' not in page and "<img" not in page


def test_an_empty_project_renders(tmp_path: Path) -> None:
    with Project.create(tmp_path / "empty.db") as project:
        page = html_report.render(compute(project), project.name, project.stats())
    assert "<html" in page and "No document was annotated by two people" in page
    assert not re.search(r">\s*(nan|None)\s*<", page)


def test_empty_project_through_the_cli(tmp_path: Path) -> None:
    Project.create(tmp_path / "empty.db").close()
    out = tmp_path / "empty.html"
    assert main(["agreement", "--db", str(tmp_path / "empty.db"), "--html", str(out), "--json"]) == 0
    assert "</html>" in out.read_text(encoding="utf-8")


def _css_rules(css: str) -> dict[str, dict[str, str]]:
    """Selector -> its declarations, for the simple one-level CSS of the report."""
    rules: dict[str, dict[str, str]] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"@font-face\s*\{[^}]*\}", "", css)):
        declarations = dict(tuple(part.strip() for part in d.split(":", 1)) for d in body.split(";") if ":" in d)
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), {}).update(declarations)
    return rules


def test_table_headers_wrap_between_words_only_and_wide_tables_scroll(db: Path) -> None:
    """Regression: `table { overflow-wrap: anywhere }` let a narrow column break its header as "scor/e"."""
    rules = _css_rules(html_report.CSS)
    for selector, declarations in rules.items():  # nothing that reaches a header may break inside a word
        if re.search(r"(^|[\s>+~])(table|thead|tr|th)\b", selector):
            assert declarations.get("overflow-wrap", "normal") == "normal", selector
            assert declarations.get("word-break", "normal") in ("normal", "keep-all"), selector
    assert rules["th"]["overflow-wrap"] == "normal" and rules["th"]["word-break"] == "keep-all"
    assert rules["th"].get("hyphens") == "manual"
    assert rules[".scroll"]["overflow-x"] == "auto" and rules[".scroll"]["max-width"] == "100%"
    with Project.open(db) as project:
        page = html_report.render(compute(project), project.name, project.stats())
    tables = re.findall(r"(.{0,20})<table\b", page)
    assert tables and all(before.endswith('<div class="scroll">') for before in tables)  # every table scrolls
    assert "<th>score</th>" in page and "\u00ad" not in page and "<wbr" not in page  # no break point in a word
