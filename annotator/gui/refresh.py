"""The main window's views kept in step with the session: what changed is shown where it shows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from annotator.gui import i18n
from annotator.gui.app_texts import isolated, shown
from annotator.store.values import DocFilter, DocumentId, SpanView



class RefreshActions:
    """Part of MainWindow: handlers of the session's events, the title, the progress and the status bar."""

    # -- refresh --------------------------------------------------------------------------------

    def _opened_elsewhere(self, doc_id: int) -> bool:
        """An undo or redo acted on another document: open it (the views then show it whole); True if so."""
        current = self.session.document
        if current is not None and current.id == doc_id:
            return False
        self.open_document(DocumentId(doc_id))
        return True

    def _on_span_stored(self, span: SpanView) -> None:
        if self._opened_elsewhere(span.document_id):
            return
        if self.view.selected_mark == span.id:  # undo/redo of a resize: the selection follows the span
            self.view.select(span.start, span.end)
            self.view.selected_mark = span.id

    def _on_span_removed(self, span: SpanView) -> None:
        self._opened_elsewhere(span.document_id)

    def _on_spans_changed(self, doc_id: int) -> None:
        self._opened_elsewhere(doc_id)

    def _on_doc_labels_changed(self, doc_id: int) -> None:
        if self._opened_elsewhere(doc_id):
            return
        self._show_doc_labels()

    def _on_status_changed(self, doc_id: int) -> None:
        self._opened_elsewhere(doc_id)  # the list and the review queue show the new status by themselves
        self._update_progress()
        if not self.session.gold:
            self.outside.settle()  # my own change: no need to reread the list for it again

    def _refresh_side_panels(self) -> None:
        self._show_doc_labels()

    def _show_doc_labels(self) -> None:
        self.panel.show_labels({row: self.session.doc_label(*row) for row in self.panel.rows})

    def _on_annotator_changed(self) -> None:
        self.settings.setValue("annotator/name", self.session.annotator.name)
        self._show_mode()
        self._refresh_side_panels()
        self._update_title()
        self._update_progress()

    def _update_title(self) -> None:
        doc = self.session.document
        where = QCoreApplication.translate("RefreshActions", " — {document}").format(document=doc.external_id) if doc else ""
        mode = QCoreApplication.translate("RefreshActions", " (reviewing gold)") if self.session.gold else ""
        self.setWindowTitle(QCoreApplication.translate(
            "RefreshActions", "{project} — {annotator}{mode}{where} — annotator").format(
            project=self.session.project.name, annotator=self.session.annotator.name, mode=mode, where=where))

    def _update_progress(self) -> None:
        if self.session.gold:
            done, total = self.review_queue.model.progress()
            self.progress.setText(QCoreApplication.translate(
                "RefreshActions", "{annotator}: {done} / {total} adjudicated").format(
                annotator=isolated(self.session.annotator.name), done=i18n.number(done), total=i18n.number(total)))
            return
        me = self.session.annotator.id
        queue = self.session.has_queue
        done = self.session.project.count_documents(DocFilter(annotator=me, status="done", assigned=queue))  # by index
        mine = DocFilter(annotator=me, assigned=True)  # my queue: counted already if the list shows it whole
        total = (self.doc_model.rowCount() if self.doc_model.where == mine else self.session.project.count_documents(mine)
                 ) if queue else self._total
        self.progress.setText(QCoreApplication.translate("RefreshActions", "{annotator}: {done} / {total} done").format(
            annotator=isolated(self.session.annotator.name), done=i18n.number(done), total=i18n.number(f"{total:,}"))
            + (QCoreApplication.translate("RefreshActions", " (my queue)") if queue else ""))

    def say(self, message: str) -> None:
        self.last_message = message
        self.statusBar().showMessage(message, 10000)

    def _on_failed(self, message: str) -> None:
        self._failures += 1
        self.say(shown(message))

    def _unsaid(self, act: Callable[[], object]) -> bool:
        """Run ``act``; True when the session reported no failure meanwhile."""
        before = self._failures
        act()
        return self._failures == before

    def undo_redo(self, *, undo: bool) -> None:
        """Ctrl+Z / Ctrl+Shift+Z, saying what was undone or redone (or why not)."""
        stack = self.session.undo_stack
        command = stack.next_undo() if undo else stack.next_redo()
        if command is None:
            self.say(QCoreApplication.translate("RefreshActions", "Nothing to undo.") if undo
                     else QCoreApplication.translate("RefreshActions", "Nothing to redo."))
            return
        here = self.session.document.id if self.session.document is not None else None
        if self.session.undo() if undo else self.session.redo():
            where = "" if command.doc_id == here else QCoreApplication.translate("RefreshActions", " in {document}") \
                .format(document=isolated(self.session.project.document(command.doc_id).external_id))
            said = (QCoreApplication.translate("RefreshActions", "Undone{where}: {step}.") if undo
                    else QCoreApplication.translate("RefreshActions", "Redone{where}: {step}."))
            self.say(said.format(
                where=where, step=shown(command.text)))

