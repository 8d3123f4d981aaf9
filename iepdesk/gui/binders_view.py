"""The Binders view: every binder made from this vault, with the SHA-256 of the file that was handed over."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from iepdesk.gui.lists import readable
from iepdesk.vault import Vault


class BindersView(QWidget):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.table = readable(QTableWidget(0, 4))
        self.table.setHorizontalHeaderLabels(["Made", "Pages", "Exhibits", "File"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Binders made from this vault")
        self.make_button = QPushButton("Make a binder…")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>Binders</h3><p>Every binder made from this vault, with the SHA-256 "
                                "fingerprint of the file that was handed over.</p>"))
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.make_button)
        layout.addLayout(row)

    def refresh(self) -> None:
        from sqlalchemy import select

        from iepdesk.vault.models import Binder

        with self.vault.session() as session:
            rows = session.scalars(select(Binder).order_by(Binder.id.desc())).all()
            self.table.setRowCount(len(rows))
            for number, row in enumerate(rows):
                cells = (f"{row.created_at:%Y-%m-%d %H:%M}", str(row.pages), str(len(row.exhibits)), row.path)
                for column, text in enumerate(cells):
                    cell = QTableWidgetItem(text)
                    cell.setToolTip(f"SHA-256 {row.sha256}")
                    self.table.setItem(number, column, cell)
