"""The main window's review mode: the queue, every annotator's work beside gold, taking into gold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.gui.progress_view import ProgressView
from annotator.gui.review import Candidate, candidates, disagreement
from annotator.store.access import Action

if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView



class ReviewActions:
    """Part of MainWindow: review mode for reviewers and leads."""

    # -- review mode ------------------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> None:
        """Reviewers and leads: the queue ranked by disagreement, every annotator's work, gold to edit."""
        if on and self.session.may_review:  # else the session says why not, before anything is read
            self.refresh_review_queue()
        self.session.set_review(on)
        self.review_action.setChecked(self.session.gold)
        if self.session.gold and self.review_queue.model.rowCount():
            current = self.session.document
            if current is None or self.review_queue.model.row_of(current.id) is None:
                first = self.review_queue.model.next_open(None) or self.review_queue.model.item_at(0).id  # type: ignore[union-attr]
                self.open_document(first)

    def refresh_review_queue(self) -> None:
        project = self.session.project
        from annotator.formats.agreement import rank_documents  # numpy: loaded when review mode needs it

        ranking = rank_documents(project, include_unfinished=self.review_queue.unfinished.isChecked())
        done = project.adjudicated_documents()
        adjudicated = {r.id for r in ranking if r.id in done}
        self.review_queue.model.set_ranking(ranking, adjudicated)
        self.review_queue.update_heading()
        if self.session.document is not None:
            self.review_queue.show_document(self.session.document.id)
        self._update_progress()

    def _show_mode(self) -> None:
        gold, may = self.session.gold, self.session.may_review
        self.review_menu.menuAction().setVisible(may)
        for action in self.review_actions:
            action.setEnabled(may)
        lead = self.session.may(Action.SEE_PROGRESS)
        self.progress_action.setVisible(lead)
        self.progress_action.setEnabled(lead)
        exports = self._may_export()  # a project without leads is one person's: they export
        self.export_action.setVisible(exports)
        self.export_action.setEnabled(exports)
        self.review_action.setChecked(gold)
        for action in self.suggest_actions:  # suggestions are an annotator's own, not gold's
            action.setEnabled(not gold)
        self.left.setCurrentWidget(self.review_queue if gold else self.doc_list)
        self.review_panel.setVisible(gold)
        self.panel_heading.setText("<b>Gold document labels</b>" if gold else "<b>Document</b>")
        self.spans_heading.setText("<b>Gold spans</b>" if gold else "<b>My spans</b>")
        if not gold:
            self._review_work = None
            self.view.set_candidates([])

    def _load_review_work(self) -> None:
        """Every annotator's spans and labels on the open document, read once per document."""
        doc = self.session.document
        if doc is None:
            return
        project = self.session.project
        names = {a.id: a.name for a in project.annotators()}
        statuses = project.statuses(doc.id)
        spans, labels = project.spans(doc.id), project.doc_labels(doc.id)
        workers = {s.annotator_id for s in spans} | {d.annotator_id for d in labels}
        done = {a for a, st in statuses.items() if st == "done"}
        # the work compared is as in the agreement figures: what was marked done, unless asked otherwise
        compared = workers | done if self.review_queue.unfinished.isChecked() or not done else done
        present = sorted(names[a] for a in compared)
        self._review_work = (doc.id, names, present, [s for s in spans if s.annotator_id in compared],
                             [d for d in labels if d.annotator_id in compared])
        self._show_candidates()

    def _show_candidates(self) -> None:
        doc = self.session.document
        if self._review_work is None or doc is None or self._review_work[0] != doc.id:
            return
        _, names, present, spans, labels = self._review_work
        rows = candidates(names, present, spans, labels, self.session.spans(), self.session.labels())
        state = "adjudicated" if self.session.status() == "adjudicated" else "not adjudicated yet"
        who = ", ".join(present) or "nobody"
        heading = (f"<b>Annotations</b> by {who}: {disagreement(rows)} (tinted). "
                   f"This document is {state}.")
        self.review_panel.show_candidates(doc.text, present, rows, heading)
        self.view.set_candidates([(c.start, c.end, c.disputed) for c in rows if c.kind == "span"])

    def _on_candidate_chosen(self, candidate: Candidate) -> None:
        if candidate.kind == "span":
            if candidate.layer != self.layer.name:
                self.layer_box.setCurrentIndex(self.layer_box.findData(candidate.layer))
            self.view.select(candidate.start, candidate.end)
            self.view.selected_mark = None
            self.view.viewport().update()

    def take_candidate(self) -> None:
        """Ctrl+G: the chosen annotation (a row of the review table) becomes gold."""
        if not self.session.gold:
            self.say("Taking into gold is for review mode (Ctrl+R).")
            return
        chosen = self.review_panel.current()
        if chosen is None:
            self.say("Choose a row in the review table first (click it, or F8 for the next disagreement).")
            return
        self._take(chosen)

    def take_agreed(self) -> None:
        """Ctrl+Shift+G: every annotation all annotators agree on becomes gold, as one undoable step."""
        if not self.session.gold:
            self.say("Taking into gold is for review mode (Ctrl+R).")
            return
        agreed = [c for c in self.review_panel.model.items() if not c.disputed and not c.in_gold]
        if not agreed:
            self.say("Nothing agreed is left to take.")
            return
        with self.session.macro(f"take {len(agreed)} agreed annotation(s) into gold"):
            for c in agreed:
                self._take(c)

    def _take(self, c: Candidate) -> None:
        if c.kind == "span":
            self.session.take(c.layer, c.label, c.start, c.end, c.attrs)
        else:
            self.session.set_doc_label(c.layer, c.target, c.label)

    def next_disagreement(self) -> None:
        if not self.session.gold:
            self.say("Disagreements are shown in review mode (Ctrl+R).")
        elif not self.review_panel.next_disputed():
            self.say("No disagreements on this document.")

    def show_progress(self) -> ProgressView | None:
        if not self.session.may(Action.SEE_PROGRESS):
            self.say("Team progress is for leads.")
            return None
        view = ProgressView(self.session.project, self)
        view.show()
        return view

    def show_agreement(self) -> AgreementView:
        from annotator.gui.agreement_view import AgreementView

        view = AgreementView(self.session.project, self)
        view.documentChosen.connect(self._open_for_review)
        view.show()
        view.compute()
        return view

    def _open_for_review(self, external_id: str) -> None:
        doc = self.session.project.find_document(external_id)
        if doc is None:
            return
        if self.session.may_review and not self.session.gold:
            self.set_review_mode(True)
        self.open_document(doc.id)
        self.activateWindow()

