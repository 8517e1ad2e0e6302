"""The main window's review mode: the queue, every annotator's work beside gold, taking into gold."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from annotator.app.reports import Ranking, ranking_job
from annotator.gui.app_texts import shown
from annotator.gui.jobs import RunningJob
from annotator.gui.progress_view import ProgressView
from annotator.app.review import Candidate
from annotator.store.access import Action

if TYPE_CHECKING:
    from annotator.gui.agreement_view import AgreementView



class ReviewActions:
    """Part of MainWindow: review mode for reviewers and leads."""

    # -- review mode ------------------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> RunningJob | None:
        """Reviewers and leads: the queue ranked by disagreement (in the background: it lands when ready and
        opens its first open document unless the one open is in it), every annotator's work, gold to edit."""
        self.session.set_review(on)  # refused with a reason for an annotator, before anything is read
        self.review_action.setChecked(self.session.gold)
        if not (on and self.session.gold):
            if self._ranking is not None:  # left review mode: its ranking is of no use now
                self._ranking.cancel()
                self._ranking = None
            return None
        return self.refresh_review_queue(open_first=True)

    def refresh_review_queue(self, open_first: bool = False) -> RunningJob | None:
        """Rank the review queue again as a background job. Its result lands only if the window is then
        still in review mode, for the same person, with the same "include unfinished" choice; else it is dropped."""
        if not self.session.gold:
            return None
        if self._ranking is not None:
            self._ranking.cancel()  # overtaken: whatever it brings is dropped
        unfinished = self.review_queue.unfinished.isChecked()
        self.review_work.set_include_unfinished(unfinished)  # the open document's panel compares the same work
        annotator = self.session.annotator.id
        running: RunningJob | None = None

        def applies() -> bool:
            return (self._ranking is running and self.session.gold and self.session.annotator.id == annotator
                    and self.review_queue.unfinished.isChecked() == unfinished)

        def done(ranking: Ranking) -> None:
            self._ranking = None
            self._show_ranking(ranking, open_first)

        def failed(message: str) -> None:
            self._ranking = None
            self.say(shown(message))

        self.review_queue.heading.setText(
            QCoreApplication.translate("ReviewActions", "<b>Review</b>: ranking documents by disagreement…"))
        running = self._ranking = self.job_bar.run(ranking_job(self.session.project.url, include_unfinished=unfinished),
                                                   done, failed, applies)
        return running

    def _show_ranking(self, ranking: Ranking, open_first: bool) -> None:
        model = self.review_queue.model
        model.set_ranking(ranking.documents, ranking.adjudicated)
        self.review_queue.update_heading()
        current = self.session.document
        if open_first and model.rowCount() and (current is None or model.row_of(current.id) is None):
            first = model.next_open(None) or model.item_at(0).id  # type: ignore[union-attr]
            self.open_document(first)
        elif current is not None:
            self.review_queue.show_document(current.id)
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
        self.panel_heading.setText(QCoreApplication.translate("ReviewActions", "<b>Gold document labels</b>") if gold
                                   else QCoreApplication.translate("ReviewActions", "<b>Document</b>"))
        self.spans_heading.setText(QCoreApplication.translate("ReviewActions", "<b>Gold spans</b>") if gold
                                   else QCoreApplication.translate("ReviewActions", "<b>My spans</b>"))

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
            self.say(QCoreApplication.translate("ReviewActions", "Taking into gold is for review mode (Ctrl+R)."))
            return
        chosen = self.review_panel.current()
        if chosen is None:
            self.say(QCoreApplication.translate(
                "ReviewActions", "Choose a row in the review table first (click it, or F8 for the next disagreement)."))
            return
        self._take(chosen)

    def take_agreed(self) -> None:
        """Ctrl+Shift+G: every annotation all annotators agree on becomes gold, as one undoable step."""
        if not self.session.gold:
            self.say(QCoreApplication.translate("ReviewActions", "Taking into gold is for review mode (Ctrl+R)."))
            return
        agreed = [c for c in self.review_panel.model.items() if not c.disputed and not c.in_gold]
        if not agreed:
            self.say(QCoreApplication.translate("ReviewActions", "Nothing agreed is left to take."))
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
            self.say(QCoreApplication.translate("ReviewActions", "Disagreements are shown in review mode (Ctrl+R)."))
        elif not self.review_panel.next_disputed():
            self.say(QCoreApplication.translate("ReviewActions", "No disagreements on this document."))

    def show_progress(self) -> ProgressView | None:
        if not self.session.may(Action.SEE_PROGRESS):
            self.say(QCoreApplication.translate("ReviewActions", "Team progress is for leads."))
            return None
        view = ProgressView(self.session.project, self)
        view.show()
        return view

    def show_agreement(self) -> AgreementView:
        from annotator.gui.agreement_view import AgreementView

        view = AgreementView(self.session.project, self, self.job_bar)
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

