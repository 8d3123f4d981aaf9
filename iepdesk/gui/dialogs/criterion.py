"""Choose a criterion element from a searchable tree."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from iepdesk.criteria.catalogue import Catalogue
from iepdesk.gui.fit import fit_to_screen
from iepdesk.gui.keyboard import Dialog
from iepdesk.gui.lists import readable


class CriterionDialog(Dialog):
    def __init__(self, catalogue: Catalogue, quote: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tag as evidence for…")
        fit_to_screen(self, 640, 560)
        self.catalogue = catalogue
        self.filter = QLineEdit(placeholderText="Type to find an element (e.g. alertness, fluency, 504)…")
        self.filter.setAccessibleName("Find a criterion")
        self.tree = readable(QTreeWidget())
        self.tree.setHeaderLabels(["Element", "Citation"])
        self.tree.setAccessibleName("Criteria")
        self.tree.setColumnWidth(0, 420)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Tag")
        layout = QVBoxLayout(self)
        if quote:
            shown = QLabel(f"<i>“{quote[:300]}”</i>")
            shown.setWordWrap(True)
            layout.addWidget(shown)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        layout.addWidget(self.description)
        layout.addWidget(self.buttons)
        self._items: dict[str, QTreeWidgetItem] = {}
        for criterion in catalogue.criteria.values():
            parent_item = self._items.get(criterion.parent_id or "")
            node = QTreeWidgetItem([criterion.title, criterion.citation])
            node.setData(0, Qt.ItemDataRole.UserRole, criterion.id)
            node.setToolTip(0, criterion.description)
            if criterion.type == "group":
                node.setFlags(node.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            (parent_item.addChild(node) if parent_item else self.tree.addTopLevelItem(node))
            self._items[criterion.id] = node
        self.filter.textChanged.connect(self._on_filter_changed)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)
        self.tree.itemDoubleClicked.connect(lambda *_: self.accept())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def selected(self) -> str | None:
        node = self.tree.currentItem()
        if node is None or not node.flags() & Qt.ItemFlag.ItemIsSelectable:
            return None
        return node.data(0, Qt.ItemDataRole.UserRole)

    def _on_filter_changed(self, text: str) -> None:
        words = text.lower().split()
        for criterion_id, node in self._items.items():
            criterion = self.catalogue.criteria[criterion_id]
            haystack = f"{criterion.title} {criterion.id} {criterion.citation} {criterion.description}".lower()
            node.setHidden(bool(words) and not all(w in haystack for w in words) and criterion.type != "group")
        for node in self._items.values():  # a heading stays visible while one of its elements is
            if self.catalogue.criteria[node.data(0, Qt.ItemDataRole.UserRole)].type == "group":
                shown = any(not child.isHidden() for child in map(node.child, range(node.childCount())) if child)
                node.setHidden(bool(words) and not shown)
                node.setExpanded(bool(words))

    def _on_tree_current_changed(self, node: QTreeWidgetItem | None, _previous: object) -> None:
        if node is not None:
            criterion = self.catalogue.criteria[node.data(0, Qt.ItemDataRole.UserRole)]
            self.description.setText(criterion.description)

    @classmethod
    def choose(cls, catalogue: Catalogue, quote: str | None, parent: QWidget | None = None) -> str | None:
        dialog = cls(catalogue, quote, parent)
        return dialog.selected() if dialog.exec() == QDialog.DialogCode.Accepted else None
