"""Fictional demo case: writes a realistic IEP dispute case file into a folder.

Everything here is invented (people, district, scores). Output is deterministic:
fixed dates in school year 2025-26, seeded noise, invariant PDF generation.
"""

from __future__ import annotations

import datetime
import html
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

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

__all__ = ["DemoCase", "DemoNote", "write_demo_files"]


@dataclass(frozen=True)
class DemoNote:
    note_type: str  # "call" | "meeting" | "observation"
    title: str
    date: datetime.date
    text: str


@dataclass(frozen=True)
class DemoCase:
    student_name: str
    birth_date: datetime.date
    school: str
    grade: str
    files: list[Path]
    notes: list[DemoNote]


STUDENT = "Sam Rivera"
BIRTH_DATE = datetime.date(2016, 5, 12)
SCHOOL = "Birchwood Elementary School"
GRADE = "4"
DISTRICT = "MAPLE GROVE UNIFIED SCHOOL DISTRICT"
SCHOOL_DOMAIN = "maplegrove.k12.example"

PEOPLE: dict[str, tuple[str, str]] = {
    "dana": ("Dana Rivera", "dana.rivera@example.com"),
    "luis": ("Luis Rivera", "luis.rivera@example.com"),
    "holloway": ("Karen Holloway", f"kholloway@{SCHOOL_DOMAIN}"),
    "natarajan": ("Priya Natarajan", f"pnatarajan@{SCHOOL_DOMAIN}"),
    "bell": ("Marcus Bell", f"mbell@{SCHOOL_DOMAIN}"),
    "ortiz": ("Jennifer Ortiz", f"jortiz@{SCHOOL_DOMAIN}"),
    "greer": ("Thomas Greer", f"tgreer@{SCHOOL_DOMAIN}"),
}


def _dt(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime.datetime:
    """Local Pacific time with a fixed offset (no tz database needed)."""
    day = datetime.date(y, mo, d)
    dst = datetime.date(2025, 3, 9) <= day < datetime.date(2025, 11, 2) or day >= datetime.date(2026, 3, 8)
    tz = datetime.timezone(datetime.timedelta(hours=-7 if dst else -8))
    return datetime.datetime(y, mo, d, h, mi, tzinfo=tz)


# --------------------------------------------------------------------------- PDF writer
# Mini markup, one item per line (paragraph lines are joined until a blank line):
#   ^ centered letterhead line   # title   ## heading   ### subheading   - bullet
#   | grid table row (first row = header)   ~ borderless table row   > hard-broken line
#   === page break   @gap vertical space   @name extra flowable   (blank) end of paragraph


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
        "h1": ParagraphStyle(
            "h1", parent=p, fontName=bold, fontSize=15, leading=19, alignment=TA_CENTER,
            spaceBefore=8, spaceAfter=10,
        ),
        "h2": ParagraphStyle(
            "h2", parent=p, fontName=bold, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
        ),
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
        cmds += [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e4e4")),
        ]
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
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax, plot.xValueAxis.valueStep = 1, 12, 1
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 50, 90, 10
    drawing.add(plot)
    drawing.add(String(40, 2, "Week of intervention (dashed = aimline, solid = WCPM)", fontSize=8))
    return drawing


# --------------------------------------------------------------------------- documents
_SCHOOL_LH = f"""
^<b>{DISTRICT}</b>
^Special Education and Student Services
^1450 Orchard Lane, Maple Grove, CA 95999 | (555) 014-2200
"""

_ID_ROWS = f"""
~<b>Student:</b> Samuel (Sam) Rivera|<b>Date of Birth:</b> {BIRTH_DATE:%m/%d/%Y}
~<b>School:</b> {SCHOOL}|<b>Grade:</b> {GRADE}
"""

SCHOOL_EVAL = _SCHOOL_LH + """
# Psychoeducational Evaluation Report
<b>CONFIDENTIAL</b> - This report contains confidential student information (FERPA).
""" + _ID_ROWS + """
~<b>Evaluator:</b> Jennifer Ortiz, Ed.S., NCSP|<b>Teacher:</b> Karen Holloway
~<b>Age at Testing:</b> 9 years, 5 months|<b>Type:</b> Initial evaluation
~<b>Dates of Testing:</b> 10/14/2025, 10/16/2025, 10/21/2025|<b>Date of Report:</b> November 14, 2025
## Reason for Referral
Sam was referred for an initial psychoeducational evaluation after his mother, Dana Rivera, submitted a
written request on September 26, 2025. Parent concerns include difficulty completing classwork and
homework, inattention, and reading. Consent was received on October 3, 2025.

## Background Information
Sam lives with his parents and a younger sister. English is the only language spoken at home. Vision and
hearing screenings on 10/09/2025 were within normal limits. Per parent report, Sam was diagnosed with ADHD
by his pediatrician in October 2025 and began medication on 10/06/2025. Sam has attended Birchwood
Elementary since kindergarten. Report card marks have been mostly "3 - Meets Standard." He has received
Tier 2 small-group reading intervention since 9/15/2025. State testing in spring 2025 (grade 3): ELA
Standard Nearly Met; Math Standard Met.

## Assessment Procedures
- Review of records, report cards, and Tier 2 intervention data
- Wechsler Intelligence Scale for Children - Fifth Edition (WISC-V)
- Wechsler Individual Achievement Test - Fourth Edition (WIAT-4)
- Behavior Assessment System for Children - Third Edition (BASC-3), Teacher and Parent forms
- Classroom observation (10/23/2025) and interviews with Sam, his mother, and his teacher

Sam was cooperative and appeared to put forth adequate effort. He required several breaks and frequent
prompts to stay on task. Results are considered a valid estimate of his current skills.
===
## Cognitive Functioning (WISC-V)
Sam's Full Scale IQ falls within the average range. Working memory and processing speed were relative
weaknesses but remain within one standard deviation of the mean or slightly below.
|Index|Standard Score|Percentile|95% CI|Descriptive Range
|Verbal Comprehension (VCI)|102|55|94-110|Average
|Visual Spatial (VSI)|108|70|99-115|Average
|Fluid Reasoning (FRI)|100|50|92-108|Average
|Working Memory (WMI)|88|21|81-96|Low Average
|Processing Speed (PSI)|83|13|76-93|Low Average
|Full Scale IQ (FSIQ)|96|39|90-102|Average
|General Ability Index (GAI)|104|61|97-110|Average
Standard scores have a mean of 100 and a standard deviation of 15.

## Academic Achievement (WIAT-4)
|Subtest / Composite|Standard Score|Percentile|Descriptive Range
|Word Reading|89|23|Average
|Pseudoword Decoding|86|18|Average
|Orthographic Fluency|84|14|Below Average
|Oral Reading Fluency|85|16|Average
|Reading Comprehension|95|37|Average
|Spelling|88|21|Average
|Sentence Composition|94|34|Average
|Essay Composition|90|25|Average
|Math Problem Solving|101|53|Average
|Numerical Operations|97|42|Average
|Total Reading|89|23|Average
|Total Achievement|94|34|Average
Descriptive ranges follow the publisher's 15-point classification (85-115 = Average).

Sam's reading, writing, and math skills are within the average range. He read slowly during Oral Reading
Fluency and made several word substitutions but was able to answer most comprehension questions. Spelling
errors were phonetically plausible.
===
## Social, Emotional, and Behavioral Functioning (BASC-3)
T-scores have a mean of 50. Scores of 60-69 are At-Risk; 70 and above are Clinically Significant.
|Scale|Teacher (T)|Parent (T)|Classification
|Hyperactivity|62|68|At-Risk / At-Risk
|Attention Problems|64|71|At-Risk / Clinically Significant
|Learning Problems|63|--|At-Risk
|Anxiety|55|58|Average / Average
|Depression|50|54|Average / Average
|Adaptability|44|39|Average / At-Risk (adaptive)
|Study Skills|37|--|At-Risk (adaptive)
|Functional Communication|48|45|Average / Average
Ratings indicate some concern with attention in both settings. These behaviors were reported to improve
with preferential seating and reminders.

## Classroom Observation
Sam was observed on 10/23/2025 for 30 minutes during independent ELA work using 15-second momentary time
sampling. Sam was on task in 71% of intervals compared with 88% for a randomly selected peer. He was
redirected by the teacher five times and left his seat twice to sharpen a pencil. When redirected he
returned to task quickly. He completed 3 of 6 assigned questions.
===
## Summary
Sam is a friendly 9-year-old fourth grader referred due to concerns about attention, work completion, and
reading. Cognitive testing indicates overall ability in the average range. Academic achievement is
generally within the average range across reading, writing, and math. Rating scales show at-risk attention
concerns, which are being addressed through classroom supports. Sam is earning passing grades and is
making progress in the general curriculum.

Based on the results of this evaluation, Sam's performance is within the average range, and he does not
demonstrate a need for specially designed instruction at this time. The IEP team will make the final
determination of eligibility. The team may wish to consider a Section 504 plan.

## Recommendations for the General Education Setting
- Preferential seating near instruction and away from high-traffic areas
- Break longer assignments into smaller parts with check-ins
- Continue Tier 2 reading intervention and monitor progress
- Home-school communication log for homework

> Jennifer Ortiz, Ed.S., NCSP
> School Psychologist, Maple Grove Unified School District
"""

NEURO_EVAL = """
^<b>CEDAR HOLLOW NEUROPSYCHOLOGY ASSOCIATES, PLLC</b>
^220 Lakeview Drive, Suite 310, Maple Grove, CA 95999
^Tel (555) 014-8800 | Fax (555) 014-8801 | www.cedarhollow-neuro.example
# Neuropsychological Evaluation
~<b>Patient:</b> Samuel (Sam) Rivera|<b>Date of Birth:</b> 05/12/2016
~<b>Age:</b> 9 years, 7 months|<b>Grade/School:</b> 4th, Birchwood Elementary School
~<b>Dates of Evaluation:</b> December 15 and 18, 2025|<b>Date of Report:</b> January 23, 2026
~<b>Referred by:</b> Dana and Luis Rivera (parents)|<b>Examiner:</b> Elena Marsh, Ph.D., ABPP-CN
## Reason for Referral
Sam's parents requested an independent neuropsychological evaluation to clarify the nature of his
attention and reading difficulties. A school psychoeducational evaluation (11/14/2025) found his skills in
the average range, and the IEP team determined he was not eligible for special education. His parents
report nightly homework of two hours, avoidance of reading aloud, and distress about school.

## Relevant History
Pregnancy and delivery were unremarkable. Early speech was mildly delayed and Sam had difficulty learning
letter sounds in kindergarten. A paternal uncle has dyslexia. Sam was diagnosed with ADHD by his
pediatrician, Alan Kessler, M.D., in October 2025 and takes methylphenidate ER (increased from 18 mg to 27
mg in November). He has received Tier 2 reading intervention since 9/15/2025; progress monitoring shows a
rate of improvement of about 0.8 words correct per minute per week, below his goal.

## Behavioral Observations
Sam was friendly and eager to please. Testing was conducted in the morning while on medication. He was
highly distractible: he commented on the hum of the air vent, footsteps in the hallway and a car alarm
outside, and frequently lost his place on multi-step tasks. On reading tasks he tracked with his finger,
guessed from the first letter of longer words, and said "I'm a slow reader." Breaks were needed every 15
to 20 minutes. Results are considered valid.
===
## Tests Administered
- Wechsler Intelligence Scale for Children - Fifth Edition (WISC-V)
- Comprehensive Test of Phonological Processing - Second Edition (CTOPP-2)
- Test of Word Reading Efficiency - Second Edition (TOWRE-2)
- Gray Oral Reading Tests - Fifth Edition (GORT-5)
- Behavior Rating Inventory of Executive Function - Second Edition (BRIEF-2), Parent and Teacher
- Conners 4th Edition (Conners-4), Parent and Teacher
- Clinical interview, record review (school evaluation, report cards, RTI data)

## Intellectual Functioning (WISC-V)
|Index|Standard Score|Percentile|Range
|Verbal Comprehension|104|61|Average
|Visual Spatial|106|66|Average
|Fluid Reasoning|100|50|Average
|Working Memory|85|16|Low Average
|Processing Speed|80|9|Low Average
|Full Scale IQ|95|37|Average
|General Ability Index|103|58|Average
Sam's reasoning abilities are solidly average. Working memory and processing speed are significantly lower
than his General Ability Index (difference of 18 and 23 points), a pattern that is common in children with
ADHD and that depresses the Full Scale IQ.
===
## Phonological Processing and Reading
|Measure|Score|Percentile|Range
|CTOPP-2 Phonological Awareness (composite)|84|14|Below Average
|CTOPP-2 Phonological Memory (composite)|91|27|Average
|CTOPP-2 Rapid Symbolic Naming (composite)|76|5|Poor
|TOWRE-2 Sight Word Efficiency|82|12|Below Average
|TOWRE-2 Phonemic Decoding Efficiency|77|6|Poor
|TOWRE-2 Total Word Reading Efficiency|78|7|Poor
|GORT-5 Rate (scaled)|5|5|Poor
|GORT-5 Accuracy (scaled)|6|9|Below Average
|GORT-5 Fluency (scaled)|5|5|Poor
|GORT-5 Comprehension (scaled)|8|25|Average
|GORT-5 Oral Reading Index|80|9|Below Average
Sam shows a double deficit in phonological awareness and rapid naming. His word reading efficiency and
oral reading fluency are below the 10th percentile for his age. Comprehension is relatively preserved when
text is read to him or when he is given unlimited time, which explains why untimed school measures may
overestimate his functional reading.
===
## Executive Functioning and Attention
BRIEF-2 and Conners-4: T-scores of 65 and above are clinically elevated.
|Scale|Parent (T)|Teacher (T)
|BRIEF-2 Inhibit|68|66
|BRIEF-2 Working Memory|74|72
|BRIEF-2 Plan/Organize|72|69
|BRIEF-2 Task-Monitor|68|67
|BRIEF-2 Global Executive Composite|71|67
|Conners-4 Inattention/Executive Dysfunction|78|74
|Conners-4 Hyperactivity|72|70
|Conners-4 Impulsivity|70|68
|Conners-4 ADHD Inattentive Symptoms|80|76
|Conners-4 ADHD Hyperactive/Impulsive Symptoms|74|71
|Conners-4 Schoolwork (impairment)|76|73
Ratings from home and school are consistently elevated, indicating pervasive difficulty with sustained
attention, working memory, planning, and self-monitoring across settings.
===
## Summary and Impressions
Sam is a bright, likeable boy with average reasoning ability and clinically significant weaknesses in
attention, executive functioning, phonological processing, and reading fluency. His ADHD causes heightened
alertness to environmental stimuli that results in limited alertness to the educational environment: he
notices every sound and movement in the classroom and therefore misses instruction, loses his place, and
does not complete work. This has an adverse effect on educational performance, seen in incomplete
classwork and homework, teacher reports of frequent redirection, and insufficient response to Tier 2
intervention.

His reading fluency is below the 10th percentile (GORT-5 Fluency 5th percentile; TOWRE-2 7th percentile)
despite average intellectual ability and appropriate instruction. Average grades and average composite
scores do not rule out a disability; they mask how much effort and adult support Sam needs to keep up.

## Diagnoses (DSM-5-TR)
- F90.2 Attention-Deficit/Hyperactivity Disorder, combined presentation
- F81.0 Specific Learning Disorder with impairment in reading (word reading accuracy, reading rate or
  fluency), moderate

## Educational Implications
In my opinion Sam meets criteria for special education eligibility under Other Health Impairment (34 CFR
300.8(c)(9)) and Specific Learning Disability in basic reading skills and reading fluency (34 CFR
300.8(c)(10)). He requires specially designed instruction; general education accommodations alone have not
been sufficient. A child may be eligible even if he is advancing from grade to grade (34 CFR 300.101(c)).
===
## Recommendations
- Specially designed instruction in reading: structured literacy (Orton-Gillingham based), explicit
  phonics and fluency, 45 minutes, 4-5 days per week, in a group of no more than 3
- Measurable IEP goals for decoding and oral reading fluency, monitored every two weeks
- Executive function support: daily check-in/check-out, visual task lists, assignment planner
- Accommodations: extended time (1.5x), reduced homework, text-to-speech, directions read aloud, testing
  in a quiet setting, preferential seating away from doors and windows, movement breaks
- Do not require Sam to read aloud in front of the class without preparation
- Continue medical management of ADHD with Dr. Kessler
- Re-evaluate reading skills in 12 months

It was a pleasure working with Sam and his family. Please contact me with any questions.

@signature
> Elena Marsh, Ph.D., ABPP-CN
> Licensed Psychologist (CA PSY 00000), Board Certified in Clinical Neuropsychology
"""

_RC_ROWS = [  # (area, T1, T2)
    ("<b>English Language Arts</b>", "", ""),
    ("Reading: Foundational Skills / Fluency", "2", "2"),
    ("Reading: Literature and Informational Text", "3", "3"),
    ("Writing", "3", "2"),
    ("Speaking and Listening", "3", "3"),
    ("<b>Mathematics</b>", "", ""),
    ("Operations and Algebraic Thinking", "3", "3"),
    ("Number and Operations in Base Ten", "3", "3"),
    ("Measurement and Data", "3", "3"),
    ("<b>Science</b>", "3", "3"),
    ("<b>Social Studies</b>", "3", "3"),
    ("<b>Visual and Performing Arts</b>", "3", "3"),
    ("<b>Physical Education</b>", "4", "3"),
    ("<b>Learner Qualities</b>", "", ""),
    ("Stays on task / completes work on time", "2", "2"),
    ("Follows directions", "3", "2"),
    ("Homework completed and returned", "2", "2"),
    ("Works cooperatively with others", "3", "3"),
]
_RC_TERMS = {
    1: ("Trimester 1", "September 2 - November 21, 2025", "December 5, 2025", "0", "2",
        "Sam is a kind and curious member of our class who contributes good ideas in math discussions. He "
        "has difficulty staying focused during independent work and needs several reminders to begin and "
        "stay on task. Many classwork assignments were incomplete, and 9 of 24 homework assignments were not "
        "turned in. Sam is reading below grade level (level N; fall benchmark Q) and receives Tier 2 reading "
        "support. Please keep reading with him."),
    2: ("Trimester 2", "December 1, 2025 - March 6, 2026", "March 13, 2026", "2", "1",
        "Sam continues to need frequent redirection to stay focused and often does not finish written work "
        "in class. He is still reading below grade level (level O; winter benchmark R) and avoids reading "
        "aloud. Sam's math skills remain a strength. Missing homework continues to affect his learning. I "
        "appreciate the family's support at home."),
}


def _report_card(term: int) -> str:
    label, period, issued, absent, tardy, comment = _RC_TERMS[term]
    rows = "\n".join(f"|{a}|{t1}|{t2 if term >= 2 else ''}|" for a, t1, t2 in _RC_ROWS)
    return f"""
^<b>{SCHOOL.upper()}</b>
^{DISTRICT.title()} | 2025-2026
# Standards-Based Report Card - {label}
~<b>Student:</b> Rivera, Samuel|<b>Student ID:</b> 2016-48213
~<b>Grade:</b> {GRADE}|<b>Teacher:</b> Karen Holloway, Room 14
~<b>Reporting Period:</b> {period}|<b>Date Issued:</b> {issued}
~<b>Days Absent:</b> {absent}|<b>Days Tardy:</b> {tardy}
Marks: 4 - Exceeds Standard | 3 - Meets Standard | 2 - Approaching Standard | 1 - Below Standard
|Content Area / Standard|T1|T2|T3
{rows}
## Teacher Comments ({label})
{comment}

> Karen Holloway, Teacher | Marcus Bell, Ed.D., Principal
"""


_ORF = [62, 64, 61, 66, 65, 68, 66, 67, 70, 69, 71, 70]
_AIM = [62 + 1.5 * w for w in range(1, 13)]  # baseline 62 WCPM, goal 80 by week 12


def _rti_report() -> str:
    start = datetime.date(2025, 9, 15)
    rows = "\n".join(
        f"|Week {w + 1}|{start + datetime.timedelta(weeks=w):%m/%d/%Y}|{v}|{_AIM[w]:.1f}|"
        f"{'Below' if v < _AIM[w] else 'At/above'}"
        for w, v in enumerate(_ORF)
    )
    return _SCHOOL_LH + """
# Response to Intervention (RTI) Progress Monitoring Report
""" + _ID_ROWS + f"""
~<b>Area:</b> Reading - Oral Reading Fluency|<b>Date:</b> December 12, 2025
~<b>Prepared by:</b> Priya Natarajan, Reading Specialist|<b>Tier:</b> Tier 2
## Intervention
Small-group (1:4) explicit phonics and repeated-reading intervention, 30 minutes per day, 4 days per week,
from 09/15/2025 to 12/05/2025 (12 weeks, 41 of 48 sessions attended). Progress is measured weekly with
grade 4 oral reading fluency probes (words correct per minute, WCPM).

~<b>Baseline:</b> 62 WCPM (about 12th percentile, fall)|<b>Goal:</b> 80 WCPM by week 12
~<b>Goal rate of improvement:</b> 1.5 WCPM/week|<b>Actual rate of improvement:</b> 0.8 WCPM/week
|Week|Date|WCPM|Aimline|Relative to aimline
{rows}
@chart
## Decision
All twelve weekly data points fall below the aimline, and the trend line (0.8 WCPM/week) is flatter than
the aimline.
Sam's response to Tier 2 intervention is <b>insufficient</b>. Accuracy averaged 91%. Team decision:
continue Tier 2 with increased time (45 minutes) and review in 6 weeks.

> Priya Natarajan, M.A., Reading Specialist
"""


PWN = _SCHOOL_LH + """
# Prior Written Notice
Notice of action proposed or refused by the district (34 CFR 300.503)
~<b>Date:</b> November 21, 2025|<b>To:</b> Dana and Luis Rivera (parents)
""" + _ID_ROWS + """
~<b>Meeting date:</b> November 20, 2025|<b>Case manager:</b> Thomas Greer, Program Specialist
## Action proposed or refused
The district refuses to find Sam eligible for special education and related services and will not develop
an Individualized Education Program (IEP) at this time. This refusal follows the parent's request for
evaluation dated September 26, 2025 and the initial evaluation completed November 14, 2025.

## Reasons
The IEP team determined that Sam does not meet eligibility criteria for Other Health Impairment or
Specific Learning Disability. Sam's cognitive and academic scores are within the average range. He is
earning passing grades (mostly "3 - Meets Standard") and is progressing in the general education
curriculum. The team found that Sam's needs can be met with general education supports and that he does
not demonstrate a need for specially designed instruction.

## Other options considered
- Eligibility under Other Health Impairment (ADHD): rejected; the team did not find an adverse effect on
  educational performance requiring specially designed instruction.
- Eligibility under Specific Learning Disability: rejected; no severe discrepancy and achievement within
  the average range.
- Referral for a Section 504 evaluation: to be considered by the school site 504 team.
===
## Evaluation procedures, assessments, records or reports used
- Psychoeducational Evaluation Report, J. Ortiz, Ed.S., NCSP (11/14/2025): WISC-V, WIAT-4, BASC-3
- Classroom observation (10/23/2025)
- Report cards and state assessment results (2024-25)
- Tier 2 reading intervention progress monitoring data (through 11/14/2025)
- Parent input and letter from Alan Kessler, M.D. (10/08/2025)

## Other factors relevant to the decision
The team considered parent concerns about homework completion and reading aloud. The parent disagreed with
the decision at the meeting.

## Procedural safeguards
You have protection under the procedural safeguards of the Individuals with Disabilities Education Act. A
copy of the Notice of Procedural Safeguards was provided on September 30, 2025. You may request an
independent educational evaluation, mediation, or a due process hearing. For help understanding these
rights, contact the Maple Grove Parent Resource Center, (555) 014-3300.

> Thomas Greer, Program Specialist, Special Education
> Maple Grove Unified School District, (555) 014-2260
"""

DOCTOR_LETTER = """
^<b>MAPLE GROVE PEDIATRICS GROUP</b>
^Alan Kessler, M.D., FAAP | 88 Sycamore Street, Maple Grove, CA 95999 | (555) 014-5120
@gap
October 8, 2025

> To: Birchwood Elementary School, Student Study / 504 Team
> RE: Samuel Rivera | DOB: 05/12/2016

To Whom It May Concern:

Sam Rivera has been my patient since birth. Based on my clinical evaluation, parent and teacher Vanderbilt
rating scales, and developmental history, I have diagnosed Sam with Attention-Deficit/Hyperactivity
Disorder, combined presentation (ICD-10 F90.2).

Sam started methylphenidate ER (Concerta) 18 mg by mouth once daily in the morning on October 6, 2025. The
dose may be adjusted over the next several weeks. Medication will not address all of his difficulties, and
his parents have also reported significant struggles with reading that should be evaluated by the school.

I request that the school evaluate Sam for special education and a Section 504 plan under Other Health
Impairment, and provide accommodations including preferential seating, frequent breaks, extended time on
tests and assignments, shortened or chunked assignments, reduced homework, and a daily home-school
communication log.

Please contact my office with any questions.

Sincerely,

@signature
> Alan Kessler, M.D., FAAP
"""

WORK_SAMPLE = """
# Reading Response Worksheet - "The Lighthouse Cat"
~<b>Name:</b> Sam R.|<b>Date:</b> 9/22/25
1. Who is the main character? <i>the cat Pepper</i>

2. Where does the story take place? <i>at the lighthouse by the see</i>

3. What problem does Pepper have? Use two details from the text.

4. How does the keeper's feeling change? Explain.

5. Find two words that describe the storm.

6. Write a new ending for the story (3-5 sentences).

<i>Teacher note: 2 of 6 completed in 30 minutes of work time. Redirected 6 times. - K.H.</i>
"""

READING_LOG = """
# 4th Grade Reading Log - Sam Rivera
Goal: 20 minutes every night. Parent initials each night.
|Date|Book|Minutes|Notes|Initials
|9/24|Dog Man #3|20|read to himself, could not tell me what happened|DR
|9/25|Dog Man #3|10|stopped, said eyes hurt|DR
|9/29|Magic Tree House #12|15|I read aloud, he listened|DR
|9/30|Magic Tree House #12|8|refused to read aloud after page 3|DR
|10/1|--|0|homework took 1 hr 50 min, no time|DR
|10/2|Magic Tree House #12|20|took turns, skipped lines|DR
|10/6|Magic Tree House #12|12|guessing at words, cried|DR
"""

CONSENT_FORM = _SCHOOL_LH + """
# Parent Consent for Initial Evaluation
(Assessment Plan)
~<b>Student:</b> Samuel Rivera|<b>Date of Birth:</b> 05/12/2016
~<b>School:</b> Birchwood Elementary|<b>Grade:</b> 4
The district proposes to assess your child in the areas checked below. The assessments will be
conducted by qualified staff. No special education services will be provided without your written consent.

~[X] Intellectual / Cognitive Development (WISC-V)|[X] Academic Achievement (WIAT-4)
~[X] Social, Emotional and Behavioral (BASC-3)|[X] Classroom Observation
~[X] Health, Vision and Hearing Screening|[ ] Speech and Language
~[X] I give consent for the assessments described.|[ ] I do not give consent.

Parent / Guardian Signature:
@signature
Printed name: Dana Rivera        Date: 10/02/2025

Received by district: OCT 03 2025 (front office)
"""

WORKSHEET = """
# Homework - Week 6
~<b>Name:</b> Sam|<b>Date:</b> 10/7
## Spelling: write each word 3 times
|Word|1|2|3
|because|<i>becuz</i>|<i>because</i>|
|through|<i>thru</i>||
|caught|<i>cot</i>||
|thought|||
## Reading: read pages 12-15, then answer
1. Why did Maya go back to the barn? <i>to get the lantern</i>

2. What did she find there?

3. How do you know she was brave?
"""


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


# --------------------------------------------------------------------------- emails
@dataclass(frozen=True)
class _Mail:
    key: str
    parent: str | None  # key of the message this one replies to
    when: datetime.datetime
    sender: str  # PEOPLE keys; to/cc are space-separated
    to: str
    cc: str
    subject: str
    body: str  # paragraphs are reflowed onto one line each, except the last (the sign-off)
    quote: bool = True
    html: bool = False
    attach: tuple[_Pdf, ...] = ()


_SIG_KH = "Karen Holloway\n4th Grade, Room 14\nBirchwood Elementary School"
_SIG_JO = "Jennifer Ortiz, Ed.S., NCSP\nSchool Psychologist\nMaple Grove Unified School District"
_HW = "Sam homework"
_WORK_SAMPLE = _Pdf("Sam_reading_response_9-22.pdf", _dt(2025, 9, 22, 15, 50), WORK_SAMPLE,
                    producer="Xerox AltaLink C8155")
_READING_LOG = _Pdf("Reading Log Sept-Oct.pdf", _dt(2025, 10, 7, 20, 40), READING_LOG,
                    title="Reading Log", author="Dana Rivera", creator="Google Docs",
                    producer="Skia/PDF m129 Google Docs Renderer")
_REQ = "Request for Special Education Evaluation - Sam Rivera (Grade 4)"
_IEE = "Private neuropsychological evaluation - request to reconvene IEP team - Sam Rivera"

MAILS = [
    _Mail("hw1", None, _dt(2025, 9, 18, 15, 42), "holloway", "dana", "", _HW, f"""
Hi Ms. Rivera,

I wanted to reach out because Sam has not turned in his homework packet for the last two weeks. He tells
me he forgot it at home or that he "did it but lost it." Homework is due every Friday in the blue folder.

Could you check his folder tonight and help him get it back to school? Let me know if there is anything
going on at home that I should know about.

Thanks,
{_SIG_KH}
"""),
    _Mail("hw2", "hw1", _dt(2025, 9, 18, 21, 17), "dana", "holloway", "", "Re: " + _HW, """
Hi Ms. Holloway,

Thank you for letting me know. Sam sits down with the packet every night, but it takes him well over an
hour and he often melts down before it's done. I found two finished pages crumpled at the bottom of his
backpack tonight, so some of it is done and just never makes it to you.

Is he finishing his work in class? He says he runs out of time a lot.

Dana Rivera
"""),
    _Mail("hw3", "hw2", _dt(2025, 9, 22, 16, 5), "holloway", "dana", "natarajan", "RE: " + _HW, f"""
Hi Ms. Rivera,

To answer your question: no, Sam is not finishing most of his classwork. During independent work he needs
redirection about every five minutes. He sharpens pencils, talks to neighbors, or looks out the window. I
attached today's reading response so you can see where he stopped: 2 of 6 questions in 30 minutes.

Sam also started in Ms. Natarajan's Tier 2 reading group on September 15. She will track his reading
fluency weekly (cc'd here).

{_SIG_KH}
""",
          attach=(_WORK_SAMPLE,)),
    _Mail("hw4", "hw3", _dt(2025, 10, 7, 20, 51), "dana", "holloway", "", "Re: " + _HW, """
Ms. Holloway,

Attaching his reading log for the last two weeks. Tonight's homework (one worksheet and 20 minutes of
reading) took almost two hours. He guesses at words, skips lines, and when I ask him to read aloud he
hides under the table or says his stomach hurts.

Does he read aloud in class? I am worried this is more than just focus.

Dana
""",
          attach=(_READING_LOG,)),
    _Mail("hw5", "hw4", _dt(2025, 10, 8, 7, 58), "holloway", "dana", "", "RE: " + _HW, """
Good morning,

You are not alone in noticing that. Sam avoids reading aloud in class too. When it is his turn during
partner reading he usually asks to go to the bathroom or the nurse, and when he does read he loses his
place and guesses at longer words. I have stopped calling on him to read aloud in front of the whole class
because it upsets him.

He is a sweet kid and his grades are okay for now, but I agree it is getting harder for him as the reading
gets longer.

Karen
"""),
    _Mail("req1", None, _dt(2025, 9, 26, 8, 12), "dana", "bell ortiz", "holloway luis", _REQ, """
Dear Dr. Bell and Ms. Ortiz,

I am the parent of Samuel (Sam) Rivera, date of birth 05/12/2016, a 4th grade student in Ms. Holloway's
class at Birchwood Elementary.

I am writing to formally request a full and individual evaluation of Sam for special education and related
services under the Individuals with Disabilities Education Act (IDEA), and for consideration under Section
504. I suspect a disability in attention/executive functioning and reading.

Sam does not finish classwork, misses homework even though he works on it nightly, needs frequent
redirection, avoids reading aloud, and reads below grade level. He has been in a Tier 2 reading group
since September 15. Our pediatrician is evaluating him for ADHD.

Please evaluate in all areas of suspected disability, including cognitive, reading fluency and decoding,
attention and executive functioning, social-emotional functioning, and a classroom observation, and send
me the consent form and a copy of the procedural safeguards.

When we spoke by phone on September 24, Dr. Bell told me the school does not do IEPs for ADHD because Sam
gets good grades. I understand that good grades do not rule out eligibility, so I am making this request
in writing.

Thank you,
Dana Rivera
(555) 014-7731
"""),
    _Mail("req2", "req1", _dt(2025, 9, 30, 11, 26), "ortiz", "dana", "bell", "RE: " + _REQ, f"""
Dear Ms. Rivera,

Thank you for your request, which we received on September 26, 2025. The team has reviewed Sam's records
and will proceed with an initial evaluation. An Assessment Plan (consent for evaluation) and the Notice of
Procedural Safeguards are going home in Sam's Friday folder today.

The plan includes cognitive testing, academic achievement, behavior rating scales from home and school,
and a classroom observation. Once we receive your signed consent, the district has 60 days to complete the
evaluation and hold an eligibility meeting.

Please note that an evaluation does not guarantee eligibility. Many students with attention concerns are
successful with general education supports.

{_SIG_JO}
"""),
    _Mail("req3", "req2", _dt(2025, 10, 2, 19, 3), "dana", "ortiz", "bell", "Re: " + _REQ, """
Ms. Ortiz,

I signed the Assessment Plan and returned it to the front office this afternoon (I kept a scanned copy).
Please confirm the date the district received it.

I would also like copies of Sam's cumulative file, his Tier 2 progress monitoring data, and his state test
scores before the eligibility meeting.

Thank you,
Dana Rivera
"""),
    _Mail("req4", "req3", _dt(2025, 11, 10, 9, 40), "ortiz", "dana", "bell holloway greer",
          "RE: " + _REQ, f"""
Dear Ms. Rivera,

Signed consent was received on October 3, 2025, and testing is complete. The eligibility meeting is
scheduled for Thursday, November 20, 2025 at 3:15 PM in the Birchwood conference room. Dr. Bell, Ms.
Holloway, Mr. Greer (Program Specialist) and I will attend.

I will send a copy of my report home on November 17 so you have time to review it before the meeting.

{_SIG_JO}
""", quote=False),
    _Mail("iee1", None, _dt(2026, 1, 27, 21, 5), "dana", "bell ortiz greer", "luis", _IEE, """
Dear Dr. Bell, Ms. Ortiz, and Mr. Greer,

We disagree with the district's November 2025 evaluation and the decision that Sam is not eligible for
special education. We obtained a private neuropsychological evaluation from Dr. Elena Marsh (Cedar Hollow
Neuropsychology Associates); her report dated January 23, 2026 will be delivered to the school office
tomorrow.

Dr. Marsh diagnosed ADHD, combined presentation, and a specific learning disability in reading (basic
reading skills and reading fluency). Sam's reading fluency is below the 10th percentile, and his Tier 2
progress monitoring shows insufficient progress.

We request that the IEP team reconvene within 30 days to consider the private evaluation and reconsider
eligibility under Other Health Impairment and Specific Learning Disability. Please also provide all data
used to determine that Sam was not eligible, and tell us whether the district will reimburse the
evaluation as an independent educational evaluation.

Sincerely,
Dana and Luis Rivera
"""),
    _Mail("iee2", "iee1", _dt(2026, 2, 3, 10, 14), "greer", "dana", "bell ortiz", "RE: " + _IEE, """
Dear Mr. and Ms. Rivera,

Thank you for sharing Dr. Marsh's report. The district will consider the private evaluation, and we have
scheduled an IEP team meeting for Tuesday, February 24, 2026 at 3:30 PM at Birchwood Elementary.

Please be aware that the November team found Sam's performance to be within the average range, and his
grades are at or near grade level. The team will review all of the information, including whether a
Section 504 plan would be appropriate.

Regarding reimbursement, I will send you the district's independent educational evaluation procedures
under separate cover.

Thomas Greer
Program Specialist, Special Education
Maple Grove Unified School District
(555) 014-2260
""", html=True),
    _Mail("hw6", "hw5", _dt(2026, 2, 10, 14, 30), "holloway", "dana", "natarajan", "RE: " + _HW, f"""
Hi Ms. Rivera,

A quick update before the meeting: Sam is missing 7 of 16 homework assignments so far this trimester. In
class he still needs frequent redirection, usually 6 to 8 times during a 45-minute reading block, even
after moving his seat to the front. His reading responses are mostly incomplete.

Please let me know if you would like work samples for the meeting.

{_SIG_KH}
""", quote=False),
]

_CONFIDENTIAL = ("CONFIDENTIALITY NOTICE: This email may contain confidential student information "
                 "protected by FERPA. If you received it in error, please delete it.")


def _addr(key: str) -> str:
    name, email = PEOPLE[key]
    return f"{name} <{email}>"


def _attribution(m: _Mail) -> str:
    stamp = f"{m.when:%a, %b} {m.when.day}, {m.when:%Y} at {m.when:%I:%M %p}".replace(" 0", " ")
    return f"On {stamp} {_addr(m.sender)} wrote:"


def _quoted(m: _Mail) -> str:
    lines = "\n".join(">" + ("" if ln[:1] in ("", ">") else " ") + ln for ln in _text(m).splitlines())
    return f"{_attribution(m)}\n{lines}"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _body(text: str) -> str:
    paras = text.strip().split("\n\n")
    return "\n\n".join([_flat(p) for p in paras[:-1]] + [paras[-1]])


def _text(m: _Mail) -> str:
    parent = _BY_KEY.get(m.parent or "")
    return _body(m.body) + (f"\n\n{_quoted(parent)}" if parent and m.quote else "")


_BY_KEY = {m.key: m for m in MAILS}


def _msgid(m: _Mail) -> str:
    return f"<{m.when:%Y%m%d%H%M%S}.{m.key}@{PEOPLE[m.sender][1].split('@')[1]}>"


def _html(m: _Mail) -> str:
    def paras(text: str) -> str:
        return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))

    out = paras(_body(m.body)) + f'<p style="color:#777;font-size:9pt">{_CONFIDENTIAL}</p>'
    parent = _BY_KEY.get(m.parent or "")
    if parent and m.quote:
        out += (f"<hr><div>{html.escape(_attribution(parent))}</div>"
                f'<blockquote style="border-left:2px solid #ccc">{paras(_text(parent))}</blockquote>')
    return f'<html><body style="font-family:Calibri,Arial,sans-serif">{out}</body></html>'


def _email(m: _Mail) -> bytes:
    msg = EmailMessage()
    msg["From"] = _addr(m.sender)
    msg["To"] = ", ".join(_addr(k) for k in m.to.split())
    if m.cc:
        msg["Cc"] = ", ".join(_addr(k) for k in m.cc.split())
    msg["Subject"] = m.subject
    msg["Date"] = format_datetime(m.when)
    msg["Message-ID"] = _msgid(m)
    chain: list[str] = []
    node = _BY_KEY.get(m.parent or "")
    while node:
        chain.insert(0, _msgid(node))
        node = _BY_KEY.get(node.parent or "")
    if chain:
        msg["In-Reply-To"] = chain[-1]
        msg["References"] = " ".join(chain)
    msg["MIME-Version"] = "1.0"
    text = _text(m)
    if m.sender != "dana":
        text += "\n\n" + _CONFIDENTIAL
    msg.set_content(text)
    if m.html:
        msg.add_alternative(_html(m), subtype="html")
    for spec in m.attach:
        msg.add_attachment(_render_pdf(spec), maintype="application", subtype="pdf",
                           filename=spec.name)
    if msg.is_multipart():
        msg.set_boundary(f"----=_Part_{m.when:%Y%m%d%H%M}_{m.key}")  # fixed, not random
    return msg.as_bytes(policy=SMTP)


# --------------------------------------------------------------------------- notes
NOTES = [
    DemoNote("call", "Phone call with Principal Bell", datetime.date(2025, 9, 24), _flat("""
Called Dr. Marcus Bell (principal) at 2:10 PM about Sam's missing homework and reading. I asked about an
evaluation for an IEP. He said "we don't do IEPs for ADHD, he gets good grades" and suggested we wait
until the end of the trimester. He did not offer an evaluation or tell me I could request one in writing.
Call lasted about 10 minutes. I will send a written request this week.
""")),
    DemoNote("observation", "Homework time observation", datetime.date(2025, 10, 7), _flat("""
Homework was one reading worksheet plus 20 minutes of reading (the teacher says it should take about 30
minutes). Started 4:45 PM, finished 6:40 PM. I had to redirect Sam 14 times (counting). He guessed at
words like 'through' and 'thought', skipped lines, and hid under the table when I asked him to read a page
aloud. Cried twice. Photo of the worksheet: IMG_2231.jpg.
""")),
    DemoNote("meeting", "Eligibility meeting - found not eligible", datetime.date(2025, 11, 20), _flat("""
Attendees: Dr. Bell, Ms. Ortiz (school psychologist), Ms. Holloway, Mr. Greer, me and Luis. Ms. Ortiz
reviewed her report and said all scores are 'within the average range'. I asked about the low processing
speed and the fluency scores and the Tier 2 data; Mr. Greer said Sam is passing and does not need
specially designed instruction. Team found him not eligible. They mentioned a 504 plan 'could be
considered later'. I said I disagree. I asked for prior written notice; they said it would be mailed.
""")),
]


# --------------------------------------------------------------------------- entry point
_PDFS = [  # (spec, kind) kinds: "pdf" text PDF, "scan" image-only PDF, "photo" JPEG
    (_Pdf("scan0003.pdf", _dt(2025, 10, 2, 18, 47), CONSENT_FORM, creator="HP Smart",
          producer="HP Scan Extended", size=12), "scan"),
    (_Pdf("IMG_2231.jpg", _dt(2025, 10, 7, 20, 14), WORKSHEET), "photo"),
    (_Pdf("Dr Kessler letter.pdf", _dt(2025, 10, 8, 11, 30), DOCTOR_LETTER, font="Times-Roman",
          title="Microsoft Word - ADHD school letter template.docx", author="MGPG Front Desk",
          creator="Microsoft Word", producer="Microsoft: Print To PDF"), "pdf"),
    (_Pdf("Psychoeducational Evaluation 11-14-2025.pdf", _dt(2025, 11, 14, 16, 2), SCHOOL_EVAL,
          title="Microsoft Word - Rivera_S_PsychEd_FINAL.docx", author="jortiz",
          creator="Microsoft Word", producer="Microsoft: Print To PDF",
          header="Psychoeducational Evaluation - S. Rivera - CONFIDENTIAL",
          footer="Maple Grove USD - Confidential Student Record", size=11.5), "pdf"),
    (_Pdf("PWN_Rivera_112125.pdf", _dt(2025, 11, 21, 10, 5), PWN,
          footer="MGUSD SpEd Form 7 (rev. 2024)"), "pdf"),
    (_Pdf("Report Card T1 2025-26.pdf", _dt(2025, 12, 5, 6, 0), _report_card(1)), "pdf"),
    (_Pdf("RTI Progress Monitoring - Reading - Rivera.pdf", _dt(2025, 12, 12, 13, 20),
          _rti_report(), creator="Microsoft Excel", producer="Microsoft Excel",
          extras={"chart": lambda: _orf_chart(list(range(1, 13)), _ORF, _AIM)}), "pdf"),
    (_Pdf("Rivera_Sam_NeuropsychEval_2026-01-23.pdf", _dt(2026, 1, 23, 17, 45), NEURO_EVAL,
          font="Times-Roman", size=12.5, title="Neuropsychological Evaluation - S. Rivera",
          author="Elena Marsh, Ph.D.", creator="Microsoft Word for Microsoft 365",
          producer="Adobe PDF Library 23.1.175",
          header="Rivera, Samuel - DOB 05/12/2016 - Neuropsychological Evaluation",
          footer="Cedar Hollow Neuropsychology Associates - Confidential",
          extras={"signature": lambda: _signature(seed=7)}), "pdf"),
    (_Pdf("ReportCard_Trimester2_RiveraSamuel.pdf", _dt(2026, 3, 13, 6, 0), _report_card(2)),
     "pdf"),
]


def _safe_name(subject: str) -> str:
    return "".join("_" if ch in '<>:"/\\|?*' else ch for ch in subject).strip()


def write_demo_files(folder: Path) -> DemoCase:
    """Write the fictional Sam Rivera case file into ``folder`` (which must exist)."""
    folder = Path(folder)
    written: list[tuple[datetime.datetime, Path]] = []
    for spec, kind in _PDFS:
        if kind == "scan":
            data = _scan(spec)
        elif kind == "photo":
            data = _photo(spec)
        else:
            data = _render_pdf(spec)
        path = folder / spec.name
        path.write_bytes(data)
        written.append((spec.when, path))
    used: set[str] = set()
    for mail in sorted(MAILS, key=lambda m: m.when):
        base = _safe_name(mail.subject)
        name, n = f"{base}.eml", 1
        while name.lower() in used:  # "RE_ x" and "Re_ x" collide on Windows and macOS
            n += 1
            name = f"{base} ({n}).eml"
        used.add(name.lower())
        path = folder / name
        path.write_bytes(_email(mail))
        written.append((mail.when, path))
    written.sort(key=lambda item: item[0])
    return DemoCase(
        student_name=STUDENT,
        birth_date=BIRTH_DATE,
        school=SCHOOL,
        grade=GRADE,
        files=[p for _, p in written],
        notes=list(NOTES),
    )
