"""A page of a document, rendered (PyMuPDF → QImage), with zoom, page turning, search hits highlighted and
words selected in reading order for a quote."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from iepdesk.vault import Vault

if TYPE_CHECKING:
    from iepdesk.items import ItemRecord


class _Page(QWidget):
    """The rendered page. Pressing on a word and dragging to another selects the words between them in reading
    order, line after line, as a text editor does: what is highlighted is exactly the quote."""

    selected = Signal(str)  # the words chosen, in reading order

    def __init__(self) -> None:
        super().__init__()
        self.pixmap = QPixmap()
        self.scale = 1.0
        self.hits: list[QRectF] = []
        self.words: list[tuple[QRectF, str]] = []  # the page's words in reading order, in page points
        self.chosen: range = range(0)
        self._anchor: int | None = None
        self.setCursor(Qt.CursorShape.IBeamCursor)

    def set_page(self, pixmap: QPixmap, scale: float, hits: list[QRectF],
                 words: list[tuple[QRectF, str]] | None = None) -> None:
        self.pixmap, self.scale, self.hits, self.words = pixmap, scale, hits, words or []
        self.chosen, self._anchor = range(0), None
        self.setFixedSize(pixmap.size() / max(1.0, pixmap.devicePixelRatio()))
        self.update()

    def _on_screen(self, rect: QRectF) -> QRectF:
        return QRectF(rect.x() * self.scale, rect.y() * self.scale, rect.width() * self.scale,
                      rect.height() * self.scale)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.pixmap)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 210, 0, 110))
        for rect in self.hits:
            painter.drawRect(self._on_screen(rect))
        painter.setBrush(QColor(40, 120, 220, 90))
        for index in self.chosen:
            painter.drawRect(self._on_screen(self.words[index][0]))
        painter.end()

    def word_at(self, point: QPointF) -> int | None:
        """The word under a point on the screen, or the nearest one: on the same line if the point is beside a
        line, otherwise the closest."""
        if not self.words:
            return None
        x, y = point.x() / self.scale, point.y() / self.scale

        def distance(index: int) -> tuple[float, float]:
            rect = self.words[index][0]
            dy = max(rect.top() - y, 0.0, y - rect.bottom())
            dx = max(rect.left() - x, 0.0, x - rect.right())
            return (dy, dx)

        return min(range(len(self.words)), key=distance)

    def text(self) -> str:
        return " ".join(self.words[i][1] for i in self.chosen)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._anchor = self.word_at(event.position())
        self.chosen = range(self._anchor, self._anchor + 1) if self._anchor is not None else range(0)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        here = self.word_at(event.position())
        if self._anchor is not None and here is not None:
            self.chosen = range(min(self._anchor, here), max(self._anchor, here) + 1)
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.mouseMoveEvent(event)
        if self.chosen:
            self.selected.emit(self.text())
        self._anchor = None


class PagePreview(QWidget):
    """Shows one page at a time of the current document."""

    text_selected = Signal(int, str)  # page number (1-based), the selected words

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.vault = vault
        self.item: ItemRecord | None = None
        self.page = 1
        self.zoom = 0.0  # 0: fit the page's width to the view
        self.terms: list[str] = []
        self._doc: Any = None
        self._cache: OrderedDict[tuple[int, int, float], QImage] = OrderedDict()
        self._build_ui()

    def _build_ui(self) -> None:
        self.canvas = _Page()
        self.canvas.setAccessibleName("Page preview")
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.prev_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.zoom_out = QPushButton("−")
        self.zoom_in = QPushButton("+")
        for button, name in ((self.prev_button, "Previous page"), (self.next_button, "Next page"),
                             (self.zoom_out, "Zoom out"), (self.zoom_in, "Zoom in")):
            button.setAccessibleName(name)
            button.setToolTip(name)
        self.page_label = QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: gray")
        bar = QHBoxLayout()
        for widget in (self.prev_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch()
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_in)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area)
        layout.addWidget(self.hint)
        self.prev_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.zoom_in.clicked.connect(lambda: self.zoom_by(1.25))
        self.zoom_out.clicked.connect(lambda: self.zoom_by(1 / 1.25))
        self.canvas.selected.connect(self._on_canvas_selected)
        for button in (self.prev_button, self.next_button, self.zoom_in, self.zoom_out):
            button.setEnabled(False)  # until a document is shown

    # -- documents -------------------------------------------------------------------------------------------
    def show_item(self, item: ItemRecord | None, page: int = 1, terms: list[str] | None = None) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None
        self.item, self.terms = item, terms or []
        for button in (self.prev_button, self.next_button, self.zoom_in, self.zoom_out):
            button.setEnabled(item is not None)  # show_page sets Previous and Next for the page shown
        if item is None:
            self.canvas.set_page(QPixmap(), 1.0, [])
            self.page_label.setText("")
            self.hint.setText("")
            return
        self._doc = self._open(item)
        self.show_page(page)

    def _open(self, item: ItemRecord) -> Any:
        import pymupdf

        from iepdesk.ingest.pdf import open_mended

        data = self.vault.blobs.read(item.sha256)
        if item.media_type == "application/pdf":
            try:
                doc = open_mended(data)
                if not doc.needs_pass:
                    return doc
            except Exception:
                pass
        from iepdesk.binder.model import PAPER
        from iepdesk.binder.typeset import typeset_item
        from iepdesk.items import page_texts

        texts = [text for _, _, text in page_texts(self.vault, item.id)]
        return pymupdf.open(stream=typeset_item(item.media_type, data, texts, item, PAPER["letter"]), filetype="pdf")

    def show_page(self, number: int) -> None:
        if self._doc is None:
            return
        number = max(1, min(number, self._doc.page_count))
        self.page = number
        page = self._doc[number - 1]
        shown = self._shown_scale(page.rect.width)
        scale = shown * self.devicePixelRatioF()
        key = (self.item.id if self.item else 0, number, round(scale, 3))
        import pymupdf

        image = self._cache.get(key)
        if image is None:
            pixmap = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
            image = QImage(pixmap.samples, pixmap.width, pixmap.height, pixmap.stride,
                           QImage.Format.Format_RGB888).copy()
            self._cache[key] = image
            while len(self._cache) > 24:
                self._cache.popitem(last=False)
        picture = QPixmap.fromImage(image)
        picture.setDevicePixelRatio(self.devicePixelRatioF())
        turn = page.rotation_matrix  # text is placed on the page unturned; the picture is turned as a viewer shows it

        def shown_rect(rect: Any) -> QRectF:
            r = pymupdf.Rect(rect) * turn
            return QRectF(r.x0, r.y0, r.width, r.height)

        hits = [shown_rect(r) for term in self.terms for r in page.search_for(term)]
        # PyMuPDF gives the words in the page's reading order (block, line, word), which the selection follows
        words = [(shown_rect(w[:4]), w[4]) for w in page.get_text("words")]
        self.canvas.set_page(picture, shown, hits, words)
        self.hint.setText("Drag from the first word to the last to quote them as evidence." if words else
                          "This page is a picture with no words to select: Tag as evidence… quotes the whole "
                          "document.")
        self.page_label.setText(f"Page {number} of {self._doc.page_count}")
        self.prev_button.setEnabled(number > 1)
        self.next_button.setEnabled(number < self._doc.page_count)

    def _shown_scale(self, page_width: float) -> float:
        """Screen pixels per PDF point: the zoom chosen, or what fits the page's width to the view."""
        if self.zoom:
            return self.zoom
        available = max(200, self.scroll_area.viewport().width() - 8)
        return max(0.3, min(available / page_width, 3.0))

    def zoom_by(self, factor: float) -> None:
        """Zoom in or out from what is shown now (the first zoom leaves fit-to-width)."""
        self.zoom = max(0.3, min((self.zoom or self.canvas.scale or 1.0) * factor, 4.0))
        self.show_page(self.page)

    def _on_canvas_selected(self, text: str) -> None:
        if self._doc is not None and text:
            self.text_selected.emit(self.page, text)
