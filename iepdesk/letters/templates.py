"""Letter templates: TOML files in resources/letters, one letter each (format: resources/letters/README.md).

A template gives the letter's subject and body with {placeholders}, the law it cites, the kind of event its
sending records (which starts the matching deadline clock), and the fields it needs beyond the ones every
letter has (``FRAME``: the parent, the recipient, the child, the date). Loading checks every template; a
problem is reported as "FILE, line N: what is wrong", like the criteria and deadline packs.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from iepdesk.errors import IEPDeskError, UsageError
from iepdesk.kinds import KINDS, NOTE_TYPES, SOURCES
from iepdesk.resources import resource
from iepdesk.timeline.kinds import EVENT_KINDS, OUTCOMES, ROLES

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_IDS = ("list", "proof")  # words of the ``letter`` command
_LETTER_KEYS = {"id", "title", "description", "subject", "event_kind", "event_title", "event_outcome", "citations",
                "recipient_roles", "body", "pages"}
_FIELD_KEYS = {"key", "label", "required", "multiline", "type", "from", "default", "hint"}
FIELD_TYPES = ("text", "date")
_VAULT_SOURCES = {
    "today", "cc", "exhibits",
    "parent.name", "parent.address", "parent.phone", "parent.email",
    "recipient.name", "recipient.title", "recipient.organisation", "recipient.email",
    "student.name", "student.first_name", "student.birth_date", "student.school", "student.grade",
    "timeline", "refusals",
}


class TemplateError(IEPDeskError):
    """A letter template that cannot be used; the message names the file and the line."""

    exit_code = 1


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # the human words for it, used when it is missing: "Your postal address"
    required: bool = True
    multiline: bool = False
    type: str = "text"  # text | date (a date is printed "March 2, 2026"; anything else is kept as typed)
    sources: tuple[str, ...] = ()  # where its default comes from in the vault, tried in order
    default: str = ""  # else this text (it may use other fields' {placeholders})
    hint: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "required": self.required, "multiline": self.multiline,
                "type": self.type, "from": list(self.sources), "default": self.default or None,
                "hint": self.hint or None}


# The fields every letter has: its frame (sender, date, recipient, the "Re:" line, greeting, cc, enclosures).
FRAME: tuple[Field, ...] = (
    Field("date", "Date of the letter", type="date", sources=("today",)),
    Field("parent_name", "Your name", sources=("parent.name",),
          hint="Set it once with: iepdesk parent set NAME --address '…' --phone '…' --email '…'"),
    Field("parent_address", "Your postal address", multiline=True, sources=("parent.address",),
          hint="Street on one line, town, state and ZIP on the next (with --address, separate lines with ';')."),
    Field("parent_phone", "Your phone number", required=False, sources=("parent.phone",)),
    Field("parent_email", "Your email address", required=False, sources=("parent.email",)),
    Field("recipient_name", "Who the letter is to", sources=("recipient.name",),
          hint="A person of the case: iepdesk person list"),
    Field("recipient_title", "Their job title", required=False, sources=("recipient.title",)),
    Field("recipient_organisation", "Their school or district", required=False,
          sources=("recipient.organisation", "student.school")),
    Field("recipient_address", "Their postal address", required=False, multiline=True),
    Field("student", "Your child's name", sources=("student.name",)),
    Field("child", "What the letter calls your child after the first mention", sources=("student.first_name",),
          hint="Usually the first name."),
    Field("birth_date", "Your child's date of birth", type="date", sources=("student.birth_date",)),
    Field("school", "Your child's school", sources=("student.school",)),
    Field("grade", "Your child's grade", required=False, sources=("student.grade",)),
    Field("salutation", "Greeting", default="Dear {recipient_greeting}:"),
    Field("closing", "Closing", default="Sincerely,"),
    Field("delivery", "How it is sent", required=False,
          hint="email, hand delivered, mail, certified mail, fax …"),
    Field("cc", "Copies to", required=False, sources=("cc",)),
    Field("enclosures", "Enclosures", required=False, multiline=True, sources=("exhibits",)),
)
FRAME_KEYS = tuple(f.key for f in FRAME)
# Names a template may use that are worked out, not typed: the greeting "Ms. Holloway" from the recipient's name
# "Ms. Karen Holloway" (letters/compose.py: greeting); the time the law gives the district to answer, in the
# child's state, and its citation (letters/compose.py: law_values).
COMPUTED = ("recipient_greeting", "rule_span", "rule_citation", "deadline_sentence")


@dataclass(frozen=True)
class Template:
    id: str
    title: str  # "Request for education records"
    description: str  # when to send it
    subject: str  # the "Re:" line and the filed document's title; may use {placeholders}
    event_kind: str  # the kind of event its sending records (timeline/kinds.py)
    event_title: str
    citations: tuple[str, ...]  # every one is cited in the body
    recipient_roles: tuple[str, ...]  # who it usually goes to, most usual first
    body: str
    fields: tuple[Field, ...]  # its own fields, beyond FRAME
    file_name: str
    pages: int = 1  # the most pages it may take (a complaint takes more than a letter)
    event_outcome: str | None = None  # the outcome its event records ("by_parent" for a due-process complaint)
    relabelled: tuple[Field, ...] = ()  # fields of the frame under this letter's own words ("… (300.508(b)(3))")

    @property
    def all_fields(self) -> tuple[Field, ...]:
        own = {f.key: f for f in self.relabelled}
        return tuple(own.get(f.key, f) for f in FRAME) + self.fields

    def field(self, key: str) -> Field:
        for each in self.all_fields:
            if each.key == key:
                return each
        raise UsageError(f"The letter “{self.title}” has no field '{key}'. Its fields are: "
                         f"{', '.join(f.key for f in self.all_fields)}.")

    @property
    def main_field(self) -> str | None:
        """The letter's main free text (the concerns, the topics, the summary): its first multi-line field."""
        return next((f.key for f in self.fields if f.multiline), None)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "description": self.description, "subject": self.subject,
                "event_kind": self.event_kind, "citations": list(self.citations),
                "recipient_roles": list(self.recipient_roles), "main_field": self.main_field,
                "fields": [f.as_json() for f in self.fields], "frame": [f.as_json() for f in FRAME],
                "file": self.file_name}


# -- where things are in the file (for messages) ---------------------------------------------------------------
def _line(text: str, index: int) -> int:
    return text.count("\n", 0, max(index, 0)) + 1


def _tables(text: str, name: str) -> list[tuple[int, int]]:
    """(start, end) of each [name] / [[name]] table in the text."""
    headers = list(re.finditer(rf"^[ \t]*\[\[?[ \t]*{name}[ \t]*\]\]?", text, re.MULTILINE))
    spans = []
    for header in headers:
        following = re.search(r"^[ \t]*\[", text[header.end():], re.MULTILINE)
        spans.append((header.start(), header.end() + following.start() if following else len(text)))
    return spans


def _key_index(text: str, span: tuple[int, int] | None, key: str | None) -> int:
    """Where the ``key = …`` line of a table starts (the table's header when it has none)."""
    if span is None:
        return 0
    start, end = span
    if key:
        found = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text[start:end], re.MULTILINE)
        if found:
            return start + found.start()
    return start


def _key_line(text: str, span: tuple[int, int] | None, key: str | None) -> int:
    return _line(text, _key_index(text, span, key)) if span is not None else 1


def _placeholder_line(text: str, name: str, after: int) -> int:
    """The line of the first ``{name…}`` at or after ``after`` (a doubled brace is not a placeholder)."""
    for match in re.finditer(r"\{+", text[after:]):
        opening = match.group()
        if len(opening) % 2 == 1 and text[after + match.end():].startswith(name):
            return _line(text, after + match.end())
    return _line(text, after)


# -- placeholders -------------------------------------------------------------------------------------------------
def placeholders(text: str) -> list[str]:
    """The {names} a text uses; raises ValueError for a brace that does not close (or a format spec)."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not _KEY.match(name):
            shown = "{" + name + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}"
            raise ValueError(f"{shown} is not a placeholder: write a field's key in braces, like {{student}}")
        names.append(name)
    return names


def fill(text: str, values: dict[str, str]) -> str:
    """The text with each {name} replaced by its value ({{ and }} give a brace)."""
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(text):
        parts.append(literal)
        if name is not None:
            parts.append(values.get(name, ""))
    return "".join(parts)


# -- parsing ------------------------------------------------------------------------------------------------------
def _text(value: Any, where: str, key: str, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise TemplateError(f"{where}: '{key}' must be text in quotes" + (" and may not be empty." if required
                                                                             else "."))
    return value.strip()


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TemplateError(f"{where}: '{key}' must be a list of texts in quotes, like [\"a\", \"b\"].")
    return tuple(v.strip() for v in value)


def _check_source(source: str, where: str) -> None:
    if source in _VAULT_SOURCES:
        return
    head, _, rest = source.partition(":")
    if head == "event" and rest:
        unknown = [k for k in rest.split("|") if k not in EVENT_KINDS]
        if not unknown:
            return
        raise TemplateError(f"{where}: 'from' names the kind of event '{unknown[0]}', which does not exist; use "
                            f"one of: {', '.join(EVENT_KINDS)}.")
    if head == "note" and rest:
        unknown = [k for k in rest.split("|") if k not in NOTE_TYPES]
        if not unknown:
            return
        raise TemplateError(f"{where}: 'from' names the kind of note '{unknown[0]}'; use one of: "
                            f"{', '.join(NOTE_TYPES)}.")
    if head == "document" and rest:
        kind, _, source_of = rest.partition(":")
        if kind in KINDS and (not source_of or source_of in SOURCES):
            return
        raise TemplateError(f"{where}: 'from' = '{source}' names a kind of document or source that does not "
                            f"exist (kinds: {', '.join(KINDS)}; sources: {', '.join(SOURCES)}).")
    raise TemplateError(f"{where}: 'from' = '{source}' is not a place in the vault. Use one of: "
                        f"{', '.join(sorted(_VAULT_SOURCES))}, event:KIND, note:TYPE or document:KIND[:SOURCE].")


def _field(row: Any, text: str, span: tuple[int, int], file_name: str, seen: set[str]) -> Field:
    def where(key: str | None = None) -> str:
        return f"{file_name}, line {_key_line(text, span, key)}"

    if not isinstance(row, dict):
        raise TemplateError(f"{where()}: a [[field]] is a table of key = value lines.")
    unknown = set(row) - _FIELD_KEYS
    if unknown:
        raise TemplateError(f"{where(sorted(unknown)[0])}: unknown field setting(s) {', '.join(sorted(unknown))}; "
                            f"a [[field]] may have: {', '.join(sorted(_FIELD_KEYS))}.")
    key = row.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise TemplateError(f"{where('key')}: each [[field]] needs a 'key' of lower-case letters, digits and '_', "
                            "starting with a letter.")
    if key in seen:
        raise TemplateError(f"{where('key')}: the field '{key}' is declared twice.")
    label = _text(row.get("label"), where("label"), "label")
    if key in FRAME_KEYS:  # a field every letter has, in this letter's words (a complaint names the law's part)
        if set(row) - {"key", "label", "hint"}:
            raise TemplateError(f"{where('key')}: '{key}' is a field every letter has already; a template may only "
                                "give it its own 'label' and 'hint' (or give this field another key).")
        seen.add(key)
        frame = next(f for f in FRAME if f.key == key)
        return replace(frame, label=label, hint=_text(row.get("hint"), where("hint"), "hint", required=False)
                       or frame.hint)
    for flag in ("required", "multiline"):
        if flag in row and not isinstance(row[flag], bool):
            raise TemplateError(f"{where(flag)}: '{flag}' must be true or false.")
    kind = row.get("type", "text")
    if kind not in FIELD_TYPES:
        raise TemplateError(f"{where('type')}: 'type' must be one of {', '.join(FIELD_TYPES)}.")
    sources = _strings(row["from"], where("from"), "from") if "from" in row else ()
    for source in sources:
        _check_source(source, where("from"))
    seen.add(key)
    return Field(key, label, bool(row.get("required", True)), bool(row.get("multiline", False)), kind, sources,
                 _text(row.get("default"), where("default"), "default", required=False),
                 _text(row.get("hint"), where("hint"), "hint", required=False))


def parse_template(text: str, file_name: str) -> Template:
    """Parse and check one template; a problem raises TemplateError naming the file and the line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{file_name}: this is not valid TOML ({error}).") from error
    head = data.get("letter")
    spans = _tables(text, "letter")
    span = spans[0] if spans else None

    def where(key: str | None = None) -> str:
        return f"{file_name}, line {_key_line(text, span, key)}"

    if not isinstance(head, dict):
        raise TemplateError(f"{file_name}, line 1: a letter template starts with a [letter] table giving its id, "
                            "title, subject, event_kind, citations and body.")
    extra = set(data) - {"letter", "field"}
    if extra:
        raise TemplateError(f"{file_name}: unknown table(s) {', '.join(sorted(extra))}; a template has [letter] and "
                            "[[field]] tables only.")
    unknown = set(head) - _LETTER_KEYS
    if unknown:
        raise TemplateError(f"{where(sorted(unknown)[0])}: unknown setting(s) {', '.join(sorted(unknown))}; "
                            f"[letter] may have: {', '.join(sorted(_LETTER_KEYS))}.")
    letter_id = _text(head.get("id"), where("id"), "id")
    if not _ID.match(letter_id) or letter_id in RESERVED_IDS:
        raise TemplateError(f"{where('id')}: the id '{letter_id}' may hold only lower-case letters, digits, '-' "
                            f"and '_' (and may not be {' or '.join(RESERVED_IDS)}).")
    title = _text(head.get("title"), where("title"), "title")
    subject = _text(head.get("subject"), where("subject"), "subject")
    body = _text(head.get("body"), where("body"), "body")
    kind = _text(head.get("event_kind"), where("event_kind"), "event_kind")
    if kind not in EVENT_KINDS:
        raise TemplateError(f"{where('event_kind')}: '{kind}' is not a kind of event; use one of: "
                            f"{', '.join(EVENT_KINDS)}.")
    if "citations" not in head:
        raise TemplateError(f"{where()}: the letter needs 'citations': the regulation(s) that give the right it "
                            "asks for, each quoted in the body (e.g. citations = [\"34 CFR 300.613\"]).")
    citations = _strings(head["citations"], where("citations"), "citations")
    if not citations:
        raise TemplateError(f"{where('citations')}: 'citations' is empty; name the regulation that gives the "
                            "right the letter asks for.")
    for citation in citations:
        if citation not in body:
            raise TemplateError(f"{where('citations')}: the citation “{citation}” is listed, but the body never "
                                "cites it; quote it in the body, word for word.")
    roles = _strings(head.get("recipient_roles", []), where("recipient_roles"), "recipient_roles") \
        if head.get("recipient_roles") else ()
    for role in roles:
        if role not in ROLES:
            raise TemplateError(f"{where('recipient_roles')}: '{role}' is not a role; use one of: "
                                f"{', '.join(ROLES)}.")
    pages = head.get("pages", 1)
    if not isinstance(pages, int) or isinstance(pages, bool) or not 1 <= pages <= 10:
        raise TemplateError(f"{where('pages')}: 'pages' is the most pages the letter may take: a whole number from "
                            "1 to 10.")
    outcome = head.get("event_outcome")
    if outcome is not None and outcome not in OUTCOMES.get(kind, {}):
        raise TemplateError(f"{where('event_outcome')}: '{outcome}' is not an outcome of the event '{kind}'"
                            + (f"; use one of: {', '.join(OUTCOMES[kind])}." if OUTCOMES.get(kind) else "."))
    rows = data.get("field", [])
    if not isinstance(rows, list):
        raise TemplateError(f"{file_name}: fields are written as [[field]] tables.")
    field_spans = _tables(text, "field")
    seen: set[str] = set()
    fields = tuple(_field(row, text, field_spans[i] if i < len(field_spans) else (0, 0), file_name, seen)
                   for i, row in enumerate(rows))
    span_of = {f.key: field_spans[i] if i < len(field_spans) else None for i, f in enumerate(fields)}
    relabelled = tuple(f for f in fields if f.key in FRAME_KEYS)
    fields = tuple(f for f in fields if f.key not in FRAME_KEYS)
    known = set(FRAME_KEYS) | seen | set(COMPUTED)
    used: set[str] = set()
    checks = [("subject", subject, _key_index(text, span, "subject")),
              ("body", body, _key_index(text, span, "body"))]
    checks += [(f"default of '{f.key}'", f.default,
                _key_index(text, span_of[f.key], "default")) for f in fields]
    checks += [(f"default of '{f.key}'", f.default, 0) for f in FRAME]
    for what, value, start in checks:
        try:
            names = placeholders(value)
        except ValueError as error:
            raise TemplateError(f"{file_name}, line {_placeholder_line(text, '', start)}: the {what}: "
                                f"{error}. A literal brace is written twice: {{{{ or }}}}.") from error
        for name in names:
            if name not in known:
                raise TemplateError(
                    f"{file_name}, line {_placeholder_line(text, name, start)}: the {what} uses {{{name}}}, which is "
                    f"not a field of this letter. Declare it as a [[field]], or use one every letter has: "
                    f"{', '.join(FRAME_KEYS + COMPUTED)}.")
        used.update(names)
    for each in fields:
        if each.key not in used:
            line = _key_line(text, span_of[each.key], "key")
            raise TemplateError(f"{file_name}, line {line}: the field '{each.key}' is declared but the subject and "
                                "body never use it.")
    return Template(letter_id, title, _text(head.get("description"), where("description"), "description",
                                            required=False),
                    subject, kind, _text(head.get("event_title"), where("event_title"), "event_title",
                                         required=False) or title,
                    citations, roles, body.strip() + "\n", fields, file_name, pages, outcome, relabelled)


def template_files(folder: Path | None = None) -> list[Path]:
    """The templates in the order of the numbers their names start with ("9-…" before "10-…")."""
    def order(path: Path) -> tuple[int, str]:
        number = path.name.split("-", 1)[0]
        return (int(number) if number.isdigit() else 1 << 30, path.name)

    return sorted((folder or resource("letters")).glob("*.toml"), key=order)


def load_templates(folder: Path | None = None) -> dict[str, Template]:
    """Every template of ``folder`` (default: the built-in ones), by id, in file order; checked."""
    if folder is None:
        return dict(_builtin())
    return _load(folder)


@cache
def _builtin() -> tuple[tuple[str, Template], ...]:
    return tuple(_load(resource("letters")).items())


def _load(folder: Path) -> dict[str, Template]:
    found: dict[str, Template] = {}
    for path in template_files(folder):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as failure:
            raise TemplateError(f"{path}: cannot be read ({failure}).") from failure
        template = parse_template(text, path.name)
        if template.id in found:
            raise TemplateError(f"{path.name}: the letter id '{template.id}' is used by "
                                f"{found[template.id].file_name} already.")
        found[template.id] = template
    return found


def get_template(template_id: str) -> Template:
    templates = load_templates()
    if template_id not in templates:
        raise UsageError(f"There is no letter '{template_id}'. The letters are: {', '.join(templates)} "
                         "('iepdesk letter list' says what each is for).")
    return templates[template_id]
