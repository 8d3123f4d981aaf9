"""The demo's documents as PDFs (ReportLab), a scanned page and a phone photo, made the same way every time."""

from __future__ import annotations

import datetime
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import pymupdf
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

# --------------------------------------------------------------------------- PDF writer
# Mini markup of the documents in resources/demo/*.toml, one item per line (paragraph lines are joined
# until a blank line):
#   ^ centered letterhead line   # title   ## heading   ### subheading   - bullet
#   | grid table row (first row = header)   ~ borderless table row   > hard-broken line
#   === page break   @gap vertical space   @name extra flowable (@signature: a scribbled signature)
#   (blank) end of paragraph or table


@dataclass(frozen=True)
class _Pdf:
    name: str
    when: datetime.datetime
    markup: str
    title: str = ""
    author: str = ""
    creator: str = ""
    producer: str = ""
    header: str = ""
    footer: str = ""
    font: str = "Helvetica"
    size: float = 10.5  # body font size
    extras: dict[str, Callable[[], Flowable]] = field(default_factory=dict)  # fresh per build


def _styles(font: str, size: float) -> dict[str, ParagraphStyle]:
    bold = {"Helvetica": "Helvetica-Bold", "Times-Roman": "Times-Bold"}[font]
    p = ParagraphStyle("p", fontName=font, fontSize=size, leading=size * 1.35, spaceAfter=size * 0.6)
    return {
        "p": p,
        "li": ParagraphStyle("li", parent=p, leftIndent=16, bulletIndent=5, spaceAfter=2),
        "h1": ParagraphStyle("h1", parent=p, fontName=bold, fontSize=15, leading=19, alignment=TA_CENTER,
                             spaceBefore=8, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=p, fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=p, fontName=bold, spaceBefore=6, spaceAfter=2),
        "^": ParagraphStyle("lh", parent=p, alignment=TA_CENTER, fontSize=10, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=p, fontSize=size - 1.5, leading=size * 1.1, spaceAfter=0),
    }


def _table(rows: list[list[str]], grid: bool, st: dict[str, ParagraphStyle]) -> Table:
    n = max(len(r) for r in rows)
    weights = [2.0] + [1.0] * (n - 1) if n >= 3 else [1.0] * n
    widths = [490 * w / sum(weights) for w in weights]
    data = []
    for i, row in enumerate(rows):
        cells = [c.strip() for c in row] + [""] * (n - len(row))
        data.append([Paragraph(f"<b>{c}</b>" if grid and i == 0 else c, st["cell"]) for c in cells])
    cmds: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if grid:
        cmds += [("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e4e4"))]
    table = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1 if grid else 0)
    table.setStyle(TableStyle(cmds))
    return table


def _flowables(spec: _Pdf) -> list[Flowable]:
    st = _styles(spec.font, spec.size)
    out: list[Flowable] = []
    para: list[str] = []
    rows: list[list[str]] = []
    grid, bullet = False, False

    def flush() -> None:
        if para:
            out.append(Paragraph(" ".join(para), st["li" if bullet else "p"],
                                 bulletText="\u2022" if bullet else None))
            para.clear()
        if rows:
            out.extend([_table(rows, grid, st), Spacer(1, 8)])
            rows.clear()

    for raw in spec.markup.strip().splitlines():
        line = raw.strip()
        head = line[:1]
        if head in ("|", "~"):
            if para or (rows and grid != (head == "|")):
                flush()
            grid = head == "|"
            rows.append(line[1:].split("|"))
            continue
        if rows:
            flush()
        if head == ">":
            para.append(line[1:].strip() + "<br/>")
            continue
        tag, _, rest = ("^", "", line[1:].strip()) if head == "^" else line.partition(" ")
        if line and line != "===" and head != "@" and tag not in ("#", "##", "###", "^", "-"):
            para.append(line)  # paragraph text, or the continuation of a bullet
            continue
        flush()
        bullet = tag == "-"
        if line == "===":
            out.append(PageBreak())
        elif line == "@gap":
            out.append(Spacer(1, 16))
        elif head == "@":
            name = line[1:]
            out.append(spec.extras[name]() if name in spec.extras else _signature(seed=len(spec.name)))
        elif tag in ("#", "##", "###"):
            out.append(Paragraph(rest, st["h" + str(len(tag))]))
        elif tag == "^":
            out.append(Paragraph(rest, st["^"]))
        elif bullet:
            para.append(rest)
    flush()
    return out


def _pdf_date(when: datetime.datetime) -> str:
    off = int((when.utcoffset() or datetime.timedelta()).total_seconds() // 60)
    sign = "-" if off < 0 else "+"
    return f"D:{when:%Y%m%d%H%M%S}{sign}{abs(off) // 60:02d}'{abs(off) % 60:02d}'"


def _finish(doc: pymupdf.Document, spec: _Pdf) -> bytes:
    stamp = _pdf_date(spec.when)
    meta = {"title": spec.title, "author": spec.author, "creator": spec.creator,
            "producer": spec.producer, "subject": "", "keywords": "",
            "creationDate": stamp, "modDate": stamp}
    doc.set_metadata(meta)
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)


def _render_pdf(spec: _Pdf) -> bytes:
    def decorate(c: Canvas, doc: BaseDocTemplate) -> None:
        c.saveState()
        c.setFont(spec.font, 8)
        c.setFillColor(colors.grey)
        if spec.header and doc.page > 1:
            c.drawString(54, 756, spec.header)
        if spec.footer:
            c.drawString(54, 30, spec.footer)
            c.drawRightString(558, 30, f"Page {doc.page}")
        c.restoreState()

    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=letter, invariant=1)
    frame = Frame(54, 54, 504, 684)  # drawn before the page decoration, so body text comes first
    doc.addPageTemplates([PageTemplate("page", [frame], onPageEnd=decorate)])
    doc.build(_flowables(spec))
    return _finish(pymupdf.open(stream=buf.getvalue(), filetype="pdf"), spec)


def _signature(width: float = 160, seed: int = 1) -> Drawing:
    """A scribbled 'handwritten' signature as a vector flowable."""
    rng = random.Random(seed)
    loops, phase = rng.randint(5, 8), rng.uniform(0, 3)
    pts: list[float] = []
    for i in range(121):
        t = i / 120
        pts += [6 + t * (width - 20) + 7 * math.cos(t * loops * 6.283 + phase),
                17 + 10 * math.sin(t * loops * 6.283) * (1.2 - t) + 4 * math.sin(t * 9)]
    drawing = Drawing(width, 34)
    drawing.add(PolyLine(pts, strokeWidth=1.3, strokeColor=colors.HexColor("#1a2a6c")))
    return drawing


def _orf_chart(weeks: list[int], wcpm: list[int], aim: list[float]) -> Drawing:
    drawing = Drawing(490, 190)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 42, 430, 135
    plot.data = [list(zip(weeks, aim, strict=True)), list(zip(weeks, wcpm, strict=True))]
    plot.lines[0].strokeDashArray = (4, 3)
    plot.lines[0].strokeColor = colors.grey
    plot.lines[1].strokeColor = colors.black
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax, plot.xValueAxis.valueStep = 1, weeks[-1], 1
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 50, 90, 10
    drawing.add(plot)
    drawing.add(String(40, 2, "Week of intervention (dashed = aimline, solid = WCPM)", fontSize=8))
    return drawing


# --------------------------------------------------------------------------- images
def _page_image(pdf: bytes, dpi: int, gray: bool) -> Image.Image:
    page = pymupdf.open(stream=pdf, filetype="pdf")[0]
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY if gray else pymupdf.csRGB)
    return Image.frombytes("L" if gray else "RGB", (pix.width, pix.height), pix.samples)


def _scan(spec: _Pdf) -> bytes:
    """Render a text page to a noisy, slightly skewed grayscale image-only PDF page."""
    img = _page_image(_render_pdf(spec), 200, gray=True)
    img = img.rotate(-1.3, resample=Image.Resampling.BICUBIC, fillcolor=250)
    rng = random.Random(2025)
    noise = Image.frombytes("L", img.size, rng.randbytes(img.width * img.height))
    img = ImageChops.subtract(img, noise.point(lambda v: 80 if v >= 254 else v // 26))
    img = img.filter(ImageFilter.GaussianBlur(0.5))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80, dpi=(200, 200))
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_image(page.rect, stream=out.getvalue())
    return _finish(doc, spec)


def _photo(spec: _Pdf) -> bytes:
    """Phone photo of a paper on a table; pixels stored sideways with EXIF Orientation 6."""
    taken = spec.when
    paper = _page_image(_render_pdf(spec), 100, gray=False)
    paper = ImageChops.multiply(paper, Image.new("RGB", paper.size, (250, 243, 228)))
    scene = Image.new("RGB", (1200, 1600), (122, 86, 54))
    draw = ImageDraw.Draw(scene)
    rng = random.Random(2231)
    for _ in range(140):  # wood grain
        y = rng.randrange(1600)
        shade = rng.randrange(95, 140)
        draw.line([(0, y), (1200, y + rng.randrange(-30, 30))], fill=(shade, shade - 35, 40), width=2)
    tilted = paper.convert("RGBA").rotate(2.5, resample=Image.Resampling.BICUBIC, expand=True)
    shadow = Image.new("RGBA", tilted.size, (0, 0, 0, 0))
    shadow.putalpha(tilted.getchannel("A").point(lambda a: a // 2))
    shadow = shadow.filter(ImageFilter.GaussianBlur(8))
    scene.paste(shadow, (190, 255), shadow)
    scene.paste(tilted, (170, 230), tilted)
    light = Image.linear_gradient("L").resize(scene.size).point(lambda v: 255 - v // 4)
    scene = ImageChops.multiply(scene, Image.merge("RGB", (light, light, light)))
    stored = scene.rotate(90, expand=True)  # sensor landscape; viewer rotates 90 deg CW
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 12"
    exif[0x0112] = 6
    exif[0x0132] = f"{taken:%Y:%m:%d %H:%M:%S}"
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = f"{taken:%Y:%m:%d %H:%M:%S}"
    sub[0x9011] = f"{taken:%z}"[:3] + ":" + f"{taken:%z}"[3:]
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()
