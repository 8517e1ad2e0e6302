"""A drag lands on the words the annotator meant: over every entity mention of seeds 000, 003 and 004
and over English, mixed and vowelled lines, drags from several points of the first word to several
points of the last (edges, centres, a proclitic glued before it, the gap beside), in both directions,
select exactly the entity (no proclitic, no edge space or punctuation), and a label key stores it.

The names are known to the project as a team's gazetteer makes them known (suggestions): that is
what lets "لروسيا" give "روسيا" (``core.units``). The same drags on a real X11 screen with the real
pointer: ``tests/x11/drags.py`` (run by ``.ci/run``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from pytestqt.qtbot import QtBot

from annotator.core.matching import MatchOptions
from annotator.core.records import parse_record
from annotator.formats.importer import Importer, collect_files
from annotator.formats.suggest import Pattern, apply_patterns
from annotator.gui.main_window import MainWindow
from annotator.store.project import Project

from tests.conftest import SEEDS
from tests.gui.conftest import open_doc, show_window
from tests.gui.drag_plan import Entity, drag_pairs, drag_points, line_documents, line_entities, seed_entities, show

SEED_IDS = ("000_4eee2279a2a81452", "003_336e19fc3d449e98", "004_e78b2ed2daa97c33")


def drag_project(project: Project) -> None:
    """The three seeds and the lines, with the entities' names applied as sara's gazetteer."""
    files, _ = collect_files([SEEDS / f"{name}.txt" for name in SEED_IDS])
    Importer(project).run(files)
    project.add_records([parse_record({"id": r["id"], "text": r["text"]}, project.schema) for r in line_documents()])
    names = {(e.label, e.text) for e in seed_entities() + line_entities()}
    apply_patterns(project, project.annotator("sara").id, [Pattern("entities", label, text) for label, text in sorted(names)],
                   source_name="names.jsonl", options=MatchOptions())


@pytest.fixture
def drag_window(qtbot: QtBot, target: str, settings: QSettings) -> Iterator[MainWindow]:
    with Project.create(target) as project:
        drag_project(project)
        yield show_window(qtbot, project, settings)


def drag(qtbot: QtBot, window: MainWindow, start: QPoint, end: QPoint) -> tuple[int, int] | None:
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for k in (1, 2, 3):  # a hand moves through the points between
        qtbot.mouseMove(viewport, start + (end - start) * (k / 4))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    return window.view.selection()


def test_every_drag_over_every_entity_selects_exactly_it(qtbot: QtBot, drag_window: MainWindow) -> None:
    window = drag_window
    misses: list[str] = []
    tried = 0
    by_doc: dict[str, list[Entity]] = {}
    for entity in seed_entities() + line_entities():
        by_doc.setdefault(entity.doc, []).append(entity)
    for doc_id, entities in by_doc.items():
        open_doc(window, doc_id)
        for entity in entities:
            show(window.view, entity)
            starts, ends = drag_points(window.view, entity)
            assert len(starts) >= 3 and len(ends) >= 3, (entity, starts, ends)
            for first, second in drag_pairs(window.view, entity):  # forwards and backwards
                got = drag(qtbot, window, first.at, second.at)
                tried += 1
                if got != (entity.start, entity.end):
                    text = window.view.text[slice(*got)] if got else ""
                    misses.append(f"{doc_id} {entity.text!r}: {first.where} → {second.where} gave {text!r}")
    assert tried > 1000
    assert misses == [], f"{len(misses)} of {tried} drags missed:\n" + "\n".join(misses[:40])


def test_a_drag_then_a_key_stores_the_entity_and_alt_drags_by_character(qtbot: QtBot, drag_window: MainWindow) -> None:
    window = drag_window
    entity = next(e for e in seed_entities() if e.doc == SEED_IDS[0] and e.text == "الولايات المتحدة")
    doc = open_doc(window, entity.doc)
    show(window.view, entity)
    starts, ends = drag_points(window.view, entity)
    drag(qtbot, window, starts[0].at, ends[0].at)
    qtbot.keyClick(window.view, Qt.Key.Key_G)
    stored = [(s.label, doc.text[s.start:s.end]) for s in window.session.spans()]
    assert stored == [("GPE", "الولايات المتحدة")]
    # Alt while dragging: characters, not words (from the first letter's outer edge to the last word's centre)
    outer = next(p for p in starts if p.where == "outer edge")
    inside = next(p for p in ends if p.where == "word centre")
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, outer.at)
    qtbot.mouseMove(viewport, inside.at, )
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, inside.at)
    selection = window.view.selection()
    assert selection is not None and selection[0] == entity.start
    assert doc.text.index(" ", entity.start) < selection[1] < entity.end - 2  # it ends inside the last word


def test_shift_click_extends_a_selection_to_whole_words(qtbot: QtBot, drag_window: MainWindow) -> None:
    window = drag_window
    entity = next(e for e in seed_entities() if e.doc == SEED_IDS[1] and e.text == "فلاديمير بوتين")
    open_doc(window, entity.doc)
    show(window.view, entity)
    starts, ends = drag_points(window.view, entity)
    viewport = window.view.viewport()
    inside_first = next(p for p in starts if p.where == "word centre")
    inside_last = next(p for p in ends if p.where == "word centre")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=inside_first.at)  # the cursor inside the first word
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, inside_last.at)
    assert window.view.selection() == (entity.start, entity.end)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=inside_last.at)  # a double-click: the word
    last_word = window.view.text.rindex(" ", entity.start, entity.end) + 1
    assert window.view.selection() == (last_word, entity.end)


def test_drags_stay_exact_after_zooming(qtbot: QtBot, drag_window: MainWindow) -> None:
    window = drag_window
    entity = next(e for e in seed_entities() if e.doc == SEED_IDS[0] and e.text == "كوريا الشمالية")
    open_doc(window, entity.doc)
    for step in (+1, +1, +1, -1):  # the letters move: the mouse must find them where they are drawn now
        window.zoom(step)
        show(window.view, entity)
        for first, second in drag_pairs(window.view, entity):
            assert drag(qtbot, window, first.at, second.at) == (entity.start, entity.end), (step, first, second)


def test_a_triple_click_selects_the_paragraph(qtbot: QtBot, drag_window: MainWindow) -> None:
    window = drag_window
    entity = next(e for e in seed_entities() if e.doc == SEED_IDS[0])
    doc = open_doc(window, entity.doc)
    show(window.view, entity)
    starts, _ends = drag_points(window.view, entity)
    at = next(p for p in starts if p.where == "word centre").at
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=at)
    selection = window.view.selection()
    paragraph_end = doc.text.find("\n", entity.start)
    assert selection is not None and selection[0] <= doc.text.rfind("\n", 0, entity.start) + 1
    assert selection[1] >= (paragraph_end if paragraph_end >= 0 else len(doc.text)) - 1
