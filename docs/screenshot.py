"""Render the main window on an Arabic seed, with a few annotations, to docs/screenshot.png (offscreen);
with ``--lang ar``, the interface in Arabic (mirrored) to docs/screenshot-ar.png."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.formats.importer import Importer, collect_files  # noqa: E402
from annotator.gui import i18n  # noqa: E402
from annotator.gui.fonts import load_fonts  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.resources import seeds_dir  # noqa: E402
from annotator.store.project import Project  # noqa: E402

SEED = "000_4eee2279a2a81452"
ENTITIES = [("كوريا الشمالية", "GPE"), ("الولايات المتحدة", "GPE"), ("كيم جونج أون", "PER"),
            ("الأحد 29ديسمبر2024", "DATE"), ("وكالة الأنباء المركزية الكورية الرسمية", "ORG"),
            ("الشيوعية", "NORP"), ("كوريا الجنوبية", "GPE"), ("اليابان", "GPE")]


def main(out: Path, lang: str = "en") -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_fonts()
    if i18n.install(app, lang) != lang:
        raise SystemExit(f"the {lang} interface is not available (see the log)")
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.create(Path(tmp) / "demo.db")
        Importer(project).run(collect_files([seeds_dir()])[0])
        window = MainWindow(project, "sara", QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 860)
        window.show()
        doc = project.find_document(SEED)
        assert doc is not None
        window.open_document(doc.id)
        for text, label in ENTITIES:
            start = doc.text.index(text)
            window.view.select(start, start + len(text))
            window.view.selected_mark = None
            window.apply_label(label)
        korea = next(s for s in window.session.spans() if s.start == doc.text.index("كوريا الشمالية"))
        window.view.selected_mark = korea.id
        running = window.propagate(False)  # the other occurrences as suggestions: dashed outlines
        if running is not None:
            running.wait()  # a background job: its suggestions are drawn once it ends
        window.layer_box.setCurrentIndex(window.layer_box.findData("stance"))
        start = doc.text.index("الأكثر صرامة")
        window.view.select(start, start + len("الأكثر صرامة"))
        window.view.selected_mark = None
        window.apply_label("AGAINST")
        window.session.set_doc_label("stance", "United States", "AGAINST")
        window.layer_box.setCurrentIndex(0)
        window.view.select(0, 0)
        window.view.selected_mark = None
        app.processEvents()
        window.grab().save(str(out))
        window.close()
        project.close()
    print(out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", type=Path, help="the PNG to write (default: docs/screenshot[-LANG].png)")
    parser.add_argument("--lang", default="en", choices=sorted(i18n.LANGUAGES), help="the interface's language")
    args = parser.parse_args()
    name = "screenshot.png" if args.lang == "en" else f"screenshot-{args.lang}.png"
    main(args.out or Path(__file__).with_name(name), args.lang)
