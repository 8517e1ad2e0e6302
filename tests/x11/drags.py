"""Real mouse drags on a real X11 screen: the pointer moved by xdotool over every entity of
``tests/data/drag/`` in the real window, as ``tests/gui/test_drags.py`` does with synthetic events.

Run under an X server (``.ci/run`` does: ``xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python
tests/x11/drags.py --strict``). For each entity, drags from several points of its first word to
several points of its last (see ``tests/gui/drag_plan.py``), both ways; then one drag and the label's
key (pressed with xdotool too) store it, and Ctrl+Z takes it back. Prints the share of drags that
selected exactly the entity and how many had a space at an edge; ``--strict`` fails unless every
drag and every store was exact.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
os.environ["QT_QPA_PLATFORM"] = "xcb"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every drag was exact")
    parser.add_argument("--limit", type=int, default=0, help="only the first N entities (0: all)")
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY") or shutil.which("xdotool") is None:
        print("needs an X display ($DISPLAY) and xdotool", file=sys.stderr)
        return 2

    from PySide6.QtCore import QPoint, QSettings
    from PySide6.QtWidgets import QApplication

    from annotator.gui.main_window import MainWindow
    from annotator.store.project import Project
    from tests.gui.drag_plan import drag_pairs, drag_points, line_entities, seed_entities, show
    from tests.gui.test_drags import drag_project

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="annotator-drags-"))
    os.environ.setdefault("XDG_DATA_HOME", str(folder / "data"))
    os.environ.setdefault("XDG_CONFIG_HOME", str(folder / "config"))
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    entities = seed_entities() + line_entities()
    if args.limit:
        entities = entities[:args.limit]
    with Project.create(folder / "drags.db") as project:
        drag_project(project)
        window = MainWindow(project, "sara", settings)
        window.move(0, 0)
        window.show()
        window.raise_()
        window.activateWindow()
        _settle(app, 1.0)
        view = window.view
        keys = {(layer.name, label.name): label.key for layer in project.schema.layers for label in layer.labels}

        def run(*commands: str) -> None:
            process = subprocess.Popen(["xdotool", *commands])
            while process.poll() is None:
                app.processEvents()
                time.sleep(0.002)
            _settle(app, 0.01)

        def until(done: object, seconds: float = 2.0) -> None:
            end = time.perf_counter() + seconds
            while not done() and time.perf_counter() < end:  # type: ignore[operator]
                app.processEvents()
                time.sleep(0.001)

        def real_drag(a: QPoint, b: QPoint) -> tuple[int, int] | None:
            ga, gb = view.viewport().mapToGlobal(a), view.viewport().mapToGlobal(b)
            mid = (ga + gb) / 2
            # one xdotool call per step, each handled before the next (``--sync`` waits forever when the
            # pointer is already where it is sent)
            run("mousemove", str(ga.x()), str(ga.y()))
            run("mousedown", "1")
            until(lambda: getattr(view, "dragging", True))  # the press has reached the view
            run("mousemove", str(mid.x()), str(mid.y()))
            run("mousemove", str(gb.x()), str(gb.y()))
            run("mouseup", "1")
            until(lambda: not getattr(view, "dragging", False))  # and the release (an older build: a pause)
            return view.selection()

        drags = exact = spaced = stores = stored_exact = 0
        misses: list[str] = []
        current = None
        for entity in entities:
            if entity.doc != current:
                doc = project.find_document(entity.doc)
                assert doc is not None
                window.open_document(doc.id)
                current = entity.doc
                _settle(app, 0.2)
            show(view, entity)
            _settle(app, 0.05)
            starts, ends = drag_points(view, entity)
            for first, second in drag_pairs(view, entity):  # both ways; none so short it is a click
                got = real_drag(first.at, second.at)
                drags += 1
                text = view.text[got[0]:got[1]] if got else ""
                exact += got == (entity.start, entity.end)
                spaced += bool(text) and (text[0].isspace() or text[-1].isspace())
                if got != (entity.start, entity.end):
                    misses.append(f"{entity.doc} {entity.text!r}: {first.where} → {second.where} gave {text!r}")
            if starts and ends:  # the drag and the label key, both real, store it
                real_drag(starts[0].at, ends[0].at)
                run("key", keys[("entities", entity.label)])
                spans = window.session.spans()
                stores += 1
                stored_exact += [(s.start, s.end) for s in spans] == [(entity.start, entity.end)]
                if spans:
                    run("key", "ctrl+z")
        window.close()
    shutil.rmtree(folder, ignore_errors=True)
    share = 100 * exact / drags if drags else 0.0
    print(f"{drags} real drags over {len(entities)} entities: {exact} exact ({share:.1f} %), "
          f"{spaced} with a space at an edge; {stored_exact} of {stores} stored exactly with the label key")
    for line in misses[:30]:
        print("  missed:", line)
    if args.strict and (exact != drags or stored_exact != stores or not drags):
        return 1
    return 0


def _settle(app: object, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.002)


if __name__ == "__main__":
    raise SystemExit(main())
