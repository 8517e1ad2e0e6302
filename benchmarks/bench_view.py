"""Time the text view on a 100,000-character Arabic document with 2,000 spans: open, label, scroll."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QEventLoop, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.core.records import parse_record  # noqa: E402
from annotator.gui.fonts import load_fonts  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.store.project import Project  # noqa: E402
from annotator.store.values import DocumentId  # noqa: E402
from generate import generate  # noqa: E402

TARGETS = {"open": 50.0, "label": 16.0}


def arabic_text(chars: int, seed: int) -> str:
    parts: list[str] = []
    size = 0
    for record in generate(chars // 500 + 200, seed):
        if record["meta"]["lang"] != "ar":
            continue
        parts.append(record["text"])
        size += len(record["text"]) + 1
        if size >= chars:
            break
    return "\n".join(parts)[:chars]


def word_spans(text: str, count: int, seed: int) -> list[tuple[int, int]]:
    """``count`` non-overlapping spans on whole words, spread over the text."""
    rng = random.Random(seed)
    words, start = [], None
    for i, ch in enumerate(text + " "):
        if ch.isspace() or ch in "،.؛:\"“”()":
            if start is not None and i - start >= 3:
                words.append((start, i))
            start = None
        elif start is None:
            start = i
    picked = sorted(rng.sample(range(0, len(words), 2), count))
    return [words[i] for i in picked]


def timed(action: Callable[[], object], window: MainWindow) -> float:
    """Milliseconds until the action is done and the text view has painted its result."""
    t0 = time.perf_counter()
    action()
    window.view.viewport().repaint()  # paint now, as the screen would
    return (time.perf_counter() - t0) * 1000


def settle(app: QApplication) -> tuple[float, float]:
    """Run what the app left for idle time (the side panels, laying out the rest of the text).

    Returns the total and the longest single step in ms: the longest step is how long input waits."""
    total = longest = 0.0
    quiet = 0
    while quiet < 20:
        t0 = time.perf_counter()
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)
        step = (time.perf_counter() - t0) * 1000
        total, longest = total + step, max(longest, step)
        quiet = quiet + 1 if step < 0.2 else 0
        time.sleep(0.002)
    return total, longest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=100_000)
    parser.add_argument("--spans", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])
    load_fonts()
    with tempfile.TemporaryDirectory() as tmp:
        project = Project.create(Path(tmp) / "view.db")
        text = arabic_text(args.chars, args.seed)
        spans = word_spans(text, args.spans + args.repeat * 2, args.seed)
        kept, free = spans[:args.spans], spans[args.spans:]
        labels = ["PER", "ORG", "GPE", "LOC"]
        record = {"id": "big", "text": text, "annotator": "bench", "meta": {"lang": "ar"},
                  "spans": [{"start": s, "end": e, "label": labels[i % 4]} for i, (s, e) in enumerate(kept)]}
        project.add_records([parse_record(record, project.schema)])
        small = {"id": "small", "text": "نص قصير.", "meta": {"lang": "ar"}}
        project.add_records([parse_record(small, project.schema)])
        big = project.find_document("big")
        other = project.find_document("small")
        assert big is not None and other is not None
        window = MainWindow(project, "bench", QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        opens, labelling, scrolls, idle, idle_step = [], [], [], [], []
        for i in range(args.repeat):
            window.open_document(DocumentId(other.id))
            settle(app)
            opens.append(timed(lambda: window.open_document(DocumentId(big.id)), window))
            total, longest = settle(app)
            idle.append(total)
            idle_step.append(longest)
            start, end = free[i]
            window.view.select(start, end)  # scrolls there
            window.view.selected_mark = None
            settle(app)
            labelling.append(timed(lambda: window.apply_label("PER"), window))
            settle(app)
            bar = window.view.verticalScrollBar()
            scrolls.append(timed(lambda: bar.setValue(bar.value() - bar.pageStep()), window))
            settle(app)
        stored = len(project.spans(DocumentId(big.id)))
        window.close()
        project.close()
    print(f"document: {len(text):,} characters, {text.count(chr(10)) + 1:,} paragraphs, "
          f"{args.spans:,} spans (+{args.repeat} tagged during the run: {stored:,} stored)")
    print(f"{'step':<64}{'median':>10}{'max':>10}  target")
    for name, values, what in (("open", opens, "load + lay out + highlight + paint"),
                               ("after open, idle", idle, "span list, rest of layout (in steps)"),
                               ("after open, longest step", idle_step, "the longest wait for input"),
                               ("label", labelling, "apply a label: stored and repainted"),
                               ("scroll", scrolls, "scroll one page and repaint")):
        target = TARGETS.get(name)
        verdict = "" if target is None else f"<= {target:.0f} ms: {'MEETS' if statistics.median(values) <= target else 'MISSES'}"
        print(f"{name + ' (' + what + ')':<64}{statistics.median(values):>8.1f}ms{max(values):>8.1f}ms  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
