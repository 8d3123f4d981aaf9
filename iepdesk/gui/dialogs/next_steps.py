"""Help ▸ What can I do next?: the paths a parent can take when the school says no, side by side, each with what
it takes, what it costs, how it starts and this case's date for it."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.vault import Vault


class NextStepsDialog(Dialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        from iepdesk.guide import NOT_ADVICE, next_steps

        super().__init__(parent)
        self.setWindowTitle("What can I do next?")
        fit_to_screen(self, 860, 620)
        self.text = QTextBrowser()
        self.text.setAccessibleName("The paths you can take, with this case's dates")
        parts = ["<p>When the school says no, these are the paths open to you. Several can run at once.</p>"]
        for step in next_steps(vault):
            when = f"<p><b>In your case:</b> {escape(step.when)}</p>" if step.when else ""
            parts.append(f"<h3>{escape(step.title)}</h3><p>{escape(step.what)}</p>{when}"
                         f"<p><b>It takes:</b> {escape(step.needs)}</p>"
                         f"<p><b>Costs and risks:</b> {escape(step.costs)}</p>"
                         f"<p><b>How it starts:</b> {escape(step.starts)} <i>({escape('; '.join(step.citations))})"
                         "</i></p>")
        parts.append(f"<p><i>{escape(NOT_ADVICE)}</i></p>")
        self.text.setHtml("".join(parts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
