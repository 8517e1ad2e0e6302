"""Review mode's one source of what the reviewer compares, without Qt: every annotator's work on the open
document beside gold.

A *candidate* is one distinct annotation some annotator made: a span (layer, label, start, end,
target) or a document label (task, target, label), with who made it and whether gold has it.
The reviewer takes candidates into gold (the session does the writing, undoably). How much a
document's candidates are disputed is ``core.agreement.Disagreement``, the same number as the
queue's score (``disagreement``).

``ReviewWork`` observes the session: it reads the annotators' work once per opened document (and
again when the person, the mode or the "include unfinished" choice changes), works the candidates
out again whenever gold changes, and tells its views (the review panel, the text view's tints)
through ``changed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from annotator.app.events import Event
from annotator.core.agreement import Disagreement, is_disputed
from annotator.store.values import DocLabelView, SpanView

if TYPE_CHECKING:
    from annotator.app.session import Session


@dataclass(frozen=True)
class Candidate:
    kind: str                    # "span" or "label"
    layer: str                   # the span's layer, or the label's task
    label: str
    start: int                   # spans only (-1 for labels)
    end: int
    target: str                  # the stance target of a span or label, "" if none
    annotators: tuple[str, ...]  # who made it
    disputed: bool               # not every annotator of the document made it
    in_gold: bool

    @property
    def attrs(self) -> dict[str, Any]:
        return {"target": self.target} if self.target else {}

    def same_as(self, other: Candidate) -> bool:
        """The same annotation (who made it and whether gold has it aside)."""
        return ((self.kind, self.layer, self.label, self.start, self.end, self.target)
                == (other.kind, other.layer, other.label, other.start, other.end, other.target))


def candidates(names: dict[int, str], present: list[str], spans: list[SpanView], labels: list[DocLabelView],
               gold_spans: list[SpanView], gold_labels: list[DocLabelView]) -> list[Candidate]:
    """Every distinct annotation on a document, spans in text order, then document labels.

    ``present`` are the annotators whose work is compared: a candidate is disputed unless all of
    them made it (for a document label: unless all gave that label), and there are two or more:
    one annotator's work agrees with nobody (``core.agreement.is_disputed``)."""
    by_span: dict[tuple[str, str, int, int, str], list[str]] = {}
    for s in spans:
        by_span.setdefault((s.layer, s.label, s.start, s.end, str(s.attrs.get("target", ""))), []).append(names[s.annotator_id])
    gold_span_keys = {(g.layer, g.label, g.start, g.end, str(g.attrs.get("target", ""))) for g in gold_spans}
    out = [Candidate("span", layer, label, start, end, target, tuple(sorted(set(who))),
                     is_disputed(who, present), (layer, label, start, end, target) in gold_span_keys)
           for (layer, label, start, end, target), who in sorted(by_span.items(), key=lambda kv: (kv[0][2], kv[0][3], kv[0]))]
    by_label: dict[tuple[str, str, str], list[str]] = {}
    for d in labels:
        by_label.setdefault((d.task, d.target, d.label), []).append(names[d.annotator_id])
    gold_label_keys = {(g.task, g.target, g.label) for g in gold_labels}
    out += [Candidate("label", task, label, -1, -1, target, tuple(sorted(set(who))),
                      is_disputed(who, present), (task, target, label) in gold_label_keys)
            for (task, target, label), who in sorted(by_label.items())]
    return out


def disagreement(rows: list[Candidate]) -> Disagreement:
    """The document's disagreement from its candidates: what the panel heading shows, as
    ``str(disagreement(rows))`` ("12 of 13 disputed (0.92)"), and the queue's score for it."""
    return Disagreement(sum(c.disputed for c in rows), len(rows))


@dataclass(frozen=True)
class Comparison:
    """What the review panel shows for the open document."""

    document_id: int
    text: str
    annotators: list[str]  # whose work is compared, by name
    rows: list[Candidate]
    adjudicated: bool

    @property
    def disagreement(self) -> Disagreement:
        return disagreement(self.rows)


@dataclass(frozen=True)
class _Work:
    document_id: int
    names: dict[int, str]
    present: list[str]
    spans: list[SpanView]
    labels: list[DocLabelView]


class ReviewWork:
    """Every annotator's work on the session's open document while it is in review mode; ``current`` is
    what the views show (None outside review mode), and ``changed(current)`` says when it changes."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changed = Event()  # Comparison | None
        self.current: Comparison | None = None
        self._include_unfinished = False
        self._work: _Work | None = None
        session.documentOpened.connect(lambda _doc: self.reload())
        session.annotatorChanged.connect(self.reload)  # another person, or review mode on or off
        session.spanStored.connect(lambda span: self._gold_changed(span.document_id))
        session.spanRemoved.connect(lambda span: self._gold_changed(span.document_id))
        session.spansChanged.connect(self._gold_changed)
        session.docLabelsChanged.connect(self._gold_changed)
        session.statusChanged.connect(self._gold_changed)

    @property
    def include_unfinished(self) -> bool:
        return self._include_unfinished

    def set_include_unfinished(self, on: bool) -> None:
        """Compare everyone who worked on the document, not only those who marked it done."""
        if on != self._include_unfinished:
            self._include_unfinished = on
            self.reload()

    def reload(self) -> None:
        """Read the annotators' work on the open document again (nothing outside review mode)."""
        doc = self.session.document
        if not self.session.gold or doc is None:
            self._work = None
            self._show(None)
            return
        project = self.session.project
        names = {a.id: a.name for a in project.annotators()}
        statuses = project.statuses(doc.id)
        spans, labels = project.spans(doc.id), project.doc_labels(doc.id)
        workers = {s.annotator_id for s in spans} | {d.annotator_id for d in labels}
        done = {a for a, st in statuses.items() if st == "done"}
        # the work compared is as in the agreement figures: what was marked done, unless asked otherwise
        compared = workers | done if self._include_unfinished or not done else done
        self._work = _Work(doc.id, names, sorted(names[a] for a in compared),
                           [s for s in spans if s.annotator_id in compared],
                           [d for d in labels if d.annotator_id in compared])
        self._compare()

    def _gold_changed(self, doc_id: int) -> None:
        if self._work is not None and self._work.document_id == doc_id and self.session.gold:
            self._compare()

    def _compare(self) -> None:
        work, doc = self._work, self.session.document
        if work is None or doc is None or doc.id != work.document_id:
            return
        rows = candidates(work.names, work.present, work.spans, work.labels, self.session.spans(),
                          self.session.labels())
        self._show(Comparison(doc.id, doc.text, work.present, rows, self.session.status() == "adjudicated"))

    def _show(self, comparison: Comparison | None) -> None:
        if comparison is None and self.current is None:
            return
        self.current = comparison
        self.changed.emit(comparison)
