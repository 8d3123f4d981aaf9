"""Evidence from the app: words selected on a page, Tag as evidence…, and the review of suggestions (one, some or
all of a document's), each change through the core and undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from iepdesk.gui.main_window import MainWindow


class EvidenceActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.selection: tuple[int, str] | None = None  # (page, words) selected on the page preview
        self.tag_action = window._action("&Tag as evidence…", "Ctrl+T", self.tag_current)
        panel = window.evidence
        panel.accept_requested.connect(lambda ids: self.review(ids, "accepted"))
        panel.reject_requested.connect(lambda ids: self.review(ids, "rejected"))
        panel.remove_requested.connect(self._on_remove_requested)
        panel.tag_requested.connect(self.tag_current)
        panel.page_requested.connect(self._on_page_requested)
        window.preview.text_selected.connect(self._on_text_selected)

    def _on_text_selected(self, page: int, text: str) -> None:
        self.selection = (page, text)
        self.window.statusBar().showMessage(
            f"Selected on page {page}: “{text[:80]}”. Choose Tag as evidence… (Ctrl+T).", 10000)

    def tag_current(self, criterion_id: str | None = None) -> None:
        """Tag the document, or the words chosen on its page, as evidence; with several documents chosen in the
        list, each of them, whole."""
        window = self.window
        item_id = window.current_item_id()
        if item_id is None:
            window.statusBar().showMessage("Choose a document in the list first, then Tag as evidence… (Ctrl+T).",
                                           10000)
            return
        chosen = window.selected_item_ids()
        quote = self.selection[1] if self.selection and len(chosen) == 1 else None
        from iepdesk.criteria.evidence import tag, tag_documents
        from iepdesk.items import get_item

        if not criterion_id:
            from iepdesk.gui.dialogs.criterion import CriterionDialog

            criterion_id = CriterionDialog.choose(window.catalogue, quote, window)
        if not criterion_id:
            return
        if len(chosen) > 1:
            if window._run_change(lambda: tag_documents(window.vault, chosen, criterion_id, actor="app",
                                                        catalogue=window.catalogue)) is not None:
                window.statusBar().showMessage(f"Tagged {len(chosen)} documents as evidence.", 10000)
            return
        item = get_item(window.vault, item_id)
        page = self.selection[0] if self.selection and item.media_type == "application/pdf" else None
        tagged = window._run_change(lambda: tag(window.vault, item_id, criterion_id, page=page, quote=quote,
                                                actor="app", catalogue=window.catalogue))
        window.tabs.setCurrentWidget(window.evidence)
        if tagged is not None and quote:
            self._look_for_more(criterion_id)

    def _look_for_more(self, criterion_id: str) -> None:
        """The words just quoted, looked for in the other documents (iepdesk.criteria.learned): where a teacher
        repeats a comment, it waits among the suggestions to review."""
        window = self.window
        if window.runner.busy:  # an import or OCR under way: look when it is done
            QTimer.singleShot(2000, lambda: self._look_for_more(criterion_id))
            return
        from iepdesk.criteria.suggest import run_suggestions

        def done(report: Any) -> None:
            window._changed()
            if report.new:
                window.statusBar().showMessage(
                    f"Looked for these words in your other documents: {report.new} new suggestion(s) wait for "
                    "your review.", 15000)

        window.runner.start(lambda _r, _c: run_suggestions(window.vault, criteria_roots=[criterion_id],
                                                           catalogue=window.catalogue, actor="app"),
                            done, window._on_task_failed)

    def review(self, ids: list[int], status: str) -> None:
        from iepdesk.criteria.evidence import set_status

        if ids:
            window = self.window
            if window._run_change(lambda: set_status(window.vault, ids, status, actor="app")) is not None:
                what = "accepted as evidence" if status == "accepted" else "rejected"
                window.statusBar().showMessage(f"{len(ids)} suggestion(s) {what}. Undo (Ctrl+Z) takes it back.", 8000)
                if status == "rejected":
                    self._reject_the_same(ids)

    def _reject_the_same(self, ids: list[int]) -> None:
        """The same words suggested for the same element on other pages (a form's printed line, a paragraph pasted
        from one notice into the next): offered to reject with these, never rejected without asking."""
        from iepdesk.criteria.evidence import set_status
        from iepdesk.criteria.suggest import same_words

        window = self.window
        same = [s.id for s in same_words(window.vault, ids)]
        if same and QMessageBox.question(
                window, "The same words on other pages",
                f"The same words wait as a suggestion for the same element on {len(same)} other page(s) — often a "
                "form's printed text, or a paragraph copied from one document to the next.\n\nReject those too?"
        ) == QMessageBox.StandardButton.Yes and window._run_change(
                lambda: set_status(window.vault, same, "rejected", actor="app")) is not None:
            window.statusBar().showMessage(f"{len(ids) + len(same)} suggestion(s) rejected. Undo (Ctrl+Z) takes "
                                           "them back, in two steps.", 8000)

    def _on_remove_requested(self, evidence_id: int) -> None:
        from iepdesk.criteria.evidence import untag

        window = self.window
        window._run_change(lambda: untag(window.vault, evidence_id, actor="app", catalogue=window.catalogue))

    def _on_page_requested(self, page: int) -> None:
        self.window.tabs.setCurrentWidget(self.window.preview)
        self.window.preview.show_page(page)
