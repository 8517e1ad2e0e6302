"""The effort to tag every mention of the seeds' people and countries, scripted as an expert works.

Seeds 000, 003 and 004 and their PER and GPE mentions (``tests/data/drag/entities.jsonl``) in the real
window (offscreen, synthetic mouse events). Mention by mention, in reading order:

- a suggestion there already, exactly the mention: F7 to it and Alt+A: 2 keys;
- a suggestion there that is not exactly the mention: F7 and Alt+X to reject it, then as below;
- else one drag from the visible outer edge of its first letter to that of its last (where an expert
  aims), then Alt(+Shift)+arrow presses until the selection is exactly the mention (counted: one per
  character the selection is off, at each edge), the label's key, and, the first time a name is
  tagged, Ctrl+Alt+P to propagate it to every document (a background job, waited for).

Prints the drags and keys in all and per mention. Run it on another checkout (``PYTHONPATH``) to compare.

With ``--model``: real annotated Arabic news (ANERcorp, ``benchmarks/data/``; documents as
``bench_model.py`` makes them, joined four at a time to about an article's length) replayed as an
annotator works with and without the project's model. Without it, every entity is a drag and a
key. With it, the model is trained again every ``--every`` documents on those done so far (as the
project's setting does), and in each new document its suggestions come first: Alt+Shift+A accepts
them all (one key), each wrong one is then clicked and deleted (two actions), and each entity it
missed is a drag and a key. Counted per entity.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = ("000_4eee2279a2a81452", "003_336e19fc3d449e98", "004_e78b2ed2daa97c33")


def replay_with_model(every: int, documents: int) -> None:
    """The ANERcorp replay (see the module's docstring): actions per entity with and without the model."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from anercorp import documents as anercorp_documents
    from bench_model import joined

    from annotator.core.recommender import Labelled, predict, train
    from annotator.core.word_clusters import learn_clusters

    pieces = anercorp_documents()
    docs = joined(pieces, len(pieces) // 4, 4)[:documents]
    clusters = learn_clusters([d.text for d in docs])
    entities = sum(len(d.spans) for d in docs)
    counts = {"accept keys": 0, "fix wrong (click, Del)": 0, "drags": 0, "label keys": 0}
    model = None
    started = time.perf_counter()
    for k, doc in enumerate(docs):
        if k and k % every == 0:
            model = train([Labelled(d.text, d.spans) for d in docs[:k]], clusters=clusters)
        gold = {(s, e, label) for s, e, label in doc.spans}
        found = {(x.start, x.end, x.label) for x in predict(model, doc.text)} if model is not None else set()
        right, wrong = found & gold, found - gold
        if found:  # Alt+Shift+A takes them all; a wrong one is then clicked and deleted (or relabelled)
            counts["accept keys"] += 1
            counts["fix wrong (click, Del)"] += 2 * len(wrong)
        missed = len(gold - right)
        counts["drags"] += missed
        counts["label keys"] += missed
    took = time.perf_counter() - started
    with_model = sum(counts.values())
    print(f"ANERcorp replay: {len(docs)} documents, {entities} entities; the model trained every {every} documents "
          f"({took:.0f} s in all):")
    for name, value in counts.items():
        print(f"  {name:22} {value:6}")
    print(f"  with the model:    {with_model / entities:.2f} actions per entity ({with_model} in all)")
    print(f"  without the model: 2.00 actions per entity ({2 * entities} in all: a drag and a key each)")


def main() -> int:
    if "--model" in sys.argv[1:]:
        args = sys.argv[1:]
        every = int(args[args.index("--every") + 1]) if "--every" in args else 10
        replay_with_model(every, int(args[args.index("--documents") + 1]) if "--documents" in args else 60)
        return 0
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.core.offsets import cluster_boundaries
    from annotator.formats.importer import Importer, collect_files
    from annotator.gui.main_window import MainWindow
    from annotator.store.project import Project
    from tests.gui.drag_plan import drag_points, seed_entities, show

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="annotator-effort-"))
    mentions = [e for e in seed_entities() if e.label in ("PER", "GPE")]
    counts = {"drags": 0, "accept keys": 0, "reject keys": 0, "edge keys": 0, "label keys": 0, "propagation keys": 0}
    exact_drags = 0
    propagated: set[str] = set()
    with Project.create(folder / "effort.db") as project:
        files, _ = collect_files([ROOT / "seeds" / f"{name}.txt" for name in SEEDS])
        Importer(project).run(files)
        window = MainWindow(project, "expert", QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        app.processEvents()
        view = window.view
        keys = {label.name: label.key for layer in project.schema.layers if layer.name == "entities"
                for label in layer.labels}
        current = None
        started = time.perf_counter()
        for mention in mentions:
            if mention.doc != current:
                doc = project.find_document(mention.doc)
                assert doc is not None
                window.open_document(doc.id)
                current = mention.doc
                app.processEvents()
            suggested = [s for s in window.session.suggestions() if s.start < mention.end and mention.start < s.end]
            if any((s.start, s.end, s.label) == (mention.start, mention.end, mention.label) for s in suggested):
                counts["accept keys"] += 2  # F7, Alt+A
                window.session.accept([s.id for s in suggested if (s.start, s.end) == (mention.start, mention.end)],
                                      "accept")
                continue
            if suggested:
                counts["reject keys"] += 2  # F7, Alt+X
                project.reject_suggestions([s.id for s in suggested], window.session.annotator.id)
                window.session.suggestions_made()
            show(view, mention)
            app.processEvents()
            starts, ends = drag_points(view, mention)
            a = next(p for p in starts if p.where == "outer edge")
            b = next(p for p in ends if p.where == "outer edge")
            viewport = view.viewport()
            QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a.at)
            QTest.mouseMove(viewport, (a.at + b.at) / 2)
            QTest.mouseMove(viewport, b.at)
            QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b.at)
            counts["drags"] += 1
            got = view.selection() or (mention.start, mention.start)
            exact_drags += got == (mention.start, mention.end)
            bounds = cluster_boundaries(view.text)
            for have, want in ((got[0], mention.start), (got[1], mention.end)):  # clusters between, at each edge
                lo, hi = sorted((have, want))
                counts["edge keys"] += sum(1 for p in bounds if lo < p <= hi)
            view.select(mention.start, mention.end)  # where those presses take the selection
            QTest.keyClick(view, keys[mention.label])
            counts["label keys"] += 1
            if mention.text not in propagated:
                propagated.add(mention.text)
                running = window.propagate(True)
                counts["propagation keys"] += 1
                if running is not None:
                    running.wait(120)
                    app.processEvents()
        took = time.perf_counter() - started
        stored = sum(len(project.spans(project.find_document(d).id)) for d in SEEDS)  # type: ignore[union-attr]
        window.close()
    total = sum(counts.values())
    print(f"{len(mentions)} mentions of people and countries in seeds 000, 003 and 004 ({stored} spans stored, {took:.0f} s):")
    for name, value in counts.items():
        print(f"  {name:18} {value:5}")
    print(f"  {'actions in all':18} {total:5}  ({total / len(mentions):.2f} per mention; "
          f"{exact_drags} of {counts['drags']} drags exact)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
