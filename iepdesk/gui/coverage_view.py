"""The child's criteria × evidence map: none / thin / supported, and what would fill each gap."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from iepdesk.criteria.catalogue import Catalogue
from iepdesk.criteria.coverage import RULE, ElementCoverage, GroupCoverage, chosen_roots, coverage_report
from iepdesk.criteria.evidence import list_evidence
from iepdesk.gui.lists import readable
from iepdesk.items import get_item
from iepdesk.vault import Vault

COLOURS = {"none": QColor(214, 69, 65, 60), "thin": QColor(240, 173, 78, 70), "supported": QColor(76, 175, 80, 70)}
WORDS = {"none": "None", "thin": "Thin", "supported": "Supported"}
NOT_NEEDED = "Not needed"


class CoverageView(QWidget):
    def __init__(self, vault: Vault, catalogue: Catalogue) -> None:
        super().__init__()
        self.vault = vault
        self.catalogue = catalogue
        self.rows: dict[str, ElementCoverage | GroupCoverage] = {}
        self.tree = readable(QTreeWidget())
        self.tree.setHeaderLabels(["Element", "Status", "Links", "Documents", "Sources"])
        self.tree.setAccessibleName("Coverage of the criteria")
        for column, width in enumerate((560, 90, 130, 90)):  # the element's title first: it is what a parent reads
            self.tree.setColumnWidth(column, width)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Evidence and gaps for the chosen element")
        rule = QLabel(f"<small>{html.escape(RULE)}</small>")
        rule.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.detail)
        splitter.setSizes([500, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(rule)
        self.tree.currentItemChanged.connect(self._on_tree_current_changed)

    def refresh(self) -> None:
        """The groups as headings (each with its status and how its members count), the elements under them."""
        roots = chosen_roots(self.vault, self.catalogue)
        report = coverage_report(self.vault, roots, catalogue=self.catalogue)
        self.rows = {r.criterion_id: r for r in report}
        self.tree.clear()
        nodes: dict[str, QTreeWidgetItem] = {}
        for row in report:
            if isinstance(row, GroupCoverage):
                node = QTreeWidgetItem([f"{row.title} — {row.rule}", WORDS[row.status]])
                font = node.font(0)
                font.setBold(True)
                node.setFont(0, font)
                node.setToolTip(0, f"{row.title}: {row.rule} ({row.citation})")
            else:
                waiting = f" (+{row.waiting} suggested)" if row.waiting else ""
                word = WORDS[row.status] if row.needed or row.status == "supported" else NOT_NEEDED
                node = QTreeWidgetItem([row.title, word, f"{row.evidence_count}{waiting}", str(row.documents),
                                        ", ".join(row.sources)])
                if word == NOT_NEEDED:
                    node.setToolTip(1, "A supporting fact, not required" if not row.required else
                                    "Another member of this group already shows what is needed")
            node.setData(0, Qt.ItemDataRole.UserRole, row.criterion_id)
            if row.status in COLOURS and node.text(1) != NOT_NEEDED:
                node.setBackground(1, QBrush(COLOURS[row.status]))
            above = nodes.get(row.group)
            if above is None:
                self.tree.addTopLevelItem(node)
            else:
                above.addChild(node)
            nodes[row.criterion_id] = node
        self.tree.expandAll()

    def _on_tree_current_changed(self, node: QTreeWidgetItem | None, _previous: object) -> None:
        criterion_id = node.data(0, Qt.ItemDataRole.UserRole) if node else None
        row = self.rows.get(criterion_id or "")
        if row is None:
            self.detail.clear()
            return
        criterion = self.catalogue.criteria[row.criterion_id]
        parts = [f"<h3>{html.escape(row.title)}</h3><p><small>{html.escape(row.citation)}</small></p>",
                 f"<p>{html.escape(criterion.description)}</p>"]
        if isinstance(row, GroupCoverage):
            members = [self.catalogue.criteria[m].title for m in row.members]
            parts.append(f"<p><b>How it is proven:</b> {html.escape(row.rule)}.</p><ul>" +
                         "".join(f"<li>{html.escape(m)}</li>" for m in members) + "</ul>")
            self.detail.setHtml("".join(parts))
            return
        links = list_evidence(self.vault, criterion_ids=[row.criterion_id], statuses=("accepted",))
        if links:
            parts.append("<p><b>Evidence</b></p><ul>")
            titles = {e.item_id: get_item(self.vault, e.item_id).title for e in links}
            parts += [f"<li>{html.escape(titles[e.item_id])}{', p. ' + e.pages_text if e.page else ''}"
                      f"{': <i>“' + html.escape(e.quote) + '”</i>' if e.quote else ''}</li>" for e in links]
            parts.append("</ul>")
        if row.would_help:
            parts.append("<p><b>What would help</b></p><ul>")
            parts += [f"<li>{html.escape(text)}</li>" for text in row.would_help]
            parts.append("</ul>")
        self.detail.setHtml("".join(parts))
