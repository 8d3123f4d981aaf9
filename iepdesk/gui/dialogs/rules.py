"""The rules IEPDesk applies: the deadline rules in use (federal, and a state's when one is added) and the
criteria packs, with a way to add a state's pack or an advocate's checklist from a file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iepdesk.gui.attempt import said
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.lists import readable
from iepdesk.vault import Vault


class RulesDialog(Dialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.added = 0
        self.setWindowTitle("Deadline rules and criteria packs")
        fit_to_screen(self, 900, 560)
        self.rules = readable(QTreeWidget())
        self.rules.setHeaderLabels(["Deadline", "How it is counted", "Citation"])
        self.rules.setRootIsDecorated(False)
        self.rules.setColumnWidth(0, 260)
        self.rules.setColumnWidth(1, 380)
        self.rules.setAccessibleName("Deadline rules in use")
        self.packs = readable(QTreeWidget())
        self.packs.setHeaderLabels(["Criteria pack", "Version", "Criteria"])
        self.packs.setRootIsDecorated(False)
        self.packs.setColumnWidth(0, 520)
        self.packs.setAccessibleName("Criteria packs")
        self.add_rules_button = QPushButton("Add a state's deadline rules…")
        self.add_pack_button = QPushButton("Add a criteria pack…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        row = QHBoxLayout()
        row.addWidget(QLabel("Packs are files (TOML) a state, an advocate or IEPDesk provides; each is checked "
                             "before it is kept in this vault."), 1)
        row.addWidget(self.add_rules_button)
        row.addWidget(self.add_pack_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Deadline rules in use</b>"))
        layout.addWidget(self.rules, 3)
        layout.addWidget(QLabel("<b>Criteria packs</b>"))
        layout.addWidget(self.packs, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.add_rules_button.clicked.connect(lambda: self._add("deadlines"))
        self.add_pack_button.clicked.connect(lambda: self._add("criteria"))
        buttons.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        from iepdesk.criteria.catalogue import load_catalogue
        from iepdesk.timeline.rules import load_rules

        self.rules.clear()
        for rule in load_rules(self.vault).rules.values():
            self.rules.addTopLevelItem(QTreeWidgetItem([rule.title, rule.describe(), rule.citation]))
        self.packs.clear()
        for pack in load_catalogue(self.vault).packs:
            self.packs.addTopLevelItem(QTreeWidgetItem([pack.title, pack.version, str(len(pack.criteria))]))

    def _add(self, kind: str) -> None:
        from iepdesk.criteria.catalogue import add_pack
        from iepdesk.timeline.rules import add_rule_pack

        name, _ = QFileDialog.getOpenFileName(self, "Choose the pack file", str(Path.home()), "Packs (*.toml)")
        if not name:
            return
        try:
            pack = (add_rule_pack if kind == "deadlines" else add_pack)(self.vault, Path(name))
        except Exception as error:  # the pack's own check: which file, which line, what is wrong
            QMessageBox.warning(self, "The pack was not added", said(error))
            return
        self.added += 1
        self.refresh()
        QMessageBox.information(self, "Added", f"Added “{pack.title}” ({pack.id} {pack.version}).")
