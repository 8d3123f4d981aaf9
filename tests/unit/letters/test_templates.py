"""Letter templates: the built-in ones load and cite the law; a broken one is named by file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepdesk.letters.templates import (
    COMPUTED,
    FRAME_KEYS,
    TemplateError,
    load_templates,
    parse_template,
    placeholders,
)
from iepdesk.timeline.kinds import EVENT_KINDS
from iepdesk.timeline.rules import load_rules

GOOD = '''\
[letter]
id = "test-letter"
title = "A test letter"
subject = "About {student}"
event_kind = "records_requested"
citations = ["34 CFR 300.613"]
body = """
I ask for {child}'s records (34 CFR 300.613).

{wanted}
"""

[[field]]
key = "wanted"
label = "What you want"
multiline = true
'''


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_every_built_in_template_loads_and_cites_the_law() -> None:
    templates = load_templates()
    assert list(templates) == ["evaluation-request", "iee-request", "records-request", "pwn-request",
                               "meeting-request", "conversation-confirmation", "hearing-disclosure",
                               "records-follow-up", "due-process-complaint", "state-complaint"]
    for template in templates.values():
        assert template.citations and all(c in template.body for c in template.citations)
        assert template.event_kind in EVENT_KINDS
        assert "in writing" in template.body  # every letter asks for a written answer
        known = set(FRAME_KEYS) | set(COMPUTED) | {f.key for f in template.fields}
        assert set(placeholders(template.body)) <= known
        assert len(template.body.split()) < 300 * template.pages, template.id  # room for the parent's own words


def test_the_letters_that_have_a_clock_start_it() -> None:
    templates = load_templates()
    starts = {kind: rule.id for rule in load_rules().rules.values() for kind in rule.starts}
    assert starts[templates["evaluation-request"].event_kind] == "evaluation-request-answer"
    assert starts[templates["iee-request"].event_kind] == "iee-answer"
    assert starts[templates["records-request"].event_kind] == "records-request"
    for other in ("pwn-request", "meeting-request", "conversation-confirmation"):
        assert templates[other].event_kind == "other"
    assert "34 CFR 300.301(b)" in templates["evaluation-request"].citations
    assert "34 CFR 300.502(b)" in templates["iee-request"].citations
    assert "34 CFR 300.613" in templates["records-request"].citations
    assert "34 CFR 300.503" in templates["pwn-request"].citations
    assert "34 CFR 300.324(b)" in templates["meeting-request"].citations


def test_a_good_template_parses() -> None:
    template = parse_template(GOOD, "mine.toml")
    assert (template.id, template.main_field, template.citations) == ("test-letter", "wanted", ("34 CFR 300.613",))


def test_an_unknown_placeholder_names_the_file_and_line() -> None:
    text = GOOD.replace("{wanted}", "{wanted}\n\nPlease reply by {reply_by}.")
    with pytest.raises(TemplateError) as error:
        parse_template(text, "mine.toml")
    message = str(error.value)
    assert message.startswith(f"mine.toml, line {line_of(text, '{reply_by}')}:")
    assert "{reply_by}" in message and "not a field" in message


def test_an_unknown_placeholder_in_the_subject_names_its_line() -> None:
    text = GOOD.replace('subject = "About {student}"', 'subject = "About {pupil}"')
    with pytest.raises(TemplateError, match=rf"mine.toml, line {line_of(text, 'subject =')}: the subject uses "
                                            r"\{pupil\}"):
        parse_template(text, "mine.toml")


def test_a_missing_citation_names_the_file_and_line() -> None:
    text = GOOD.replace('citations = ["34 CFR 300.613"]\n', "")
    with pytest.raises(TemplateError, match=r"^mine.toml, line 1: the letter needs 'citations'"):
        parse_template(text, "mine.toml")
    cited_nowhere = GOOD.replace('citations = ["34 CFR 300.613"]', 'citations = ["34 CFR 300.613", "34 CFR 300.502"]')
    with pytest.raises(TemplateError) as error:
        parse_template(cited_nowhere, "mine.toml")
    assert str(error.value).startswith(f"mine.toml, line {line_of(cited_nowhere, 'citations =')}:")
    assert "“34 CFR 300.502” is listed, but the body never cites it" in str(error.value)
    empty = GOOD.replace('citations = ["34 CFR 300.613"]', "citations = []")
    with pytest.raises(TemplateError, match=rf"line {line_of(empty, 'citations =')}: 'citations' is empty"):
        parse_template(empty, "mine.toml")


@pytest.mark.parametrize(("change", "needle", "words"), [
    (('event_kind = "records_requested"', 'event_kind = "records_sent"'), "event_kind =", "not a kind of event"),
    (('label = "What you want"', 'label = "What you want"\nfrom = ["event:party"]'), "from =", "'party'"),
    (('label = "What you want"', 'label = "What you want"\ncolour = "red"'), "colour =", "unknown field setting"),
    (('key = "wanted"', 'key = "student"'), 'key = "student"', "every letter has already"),
    (('id = "test-letter"', 'id = "list"'), "id =", "may not be list"),
    (('multiline = true', 'multiline = "yes"'), "multiline =", "true or false"),
    (('event_kind = "records_requested"', 'event_kind = "records_requested"\npages = 0'), "pages =", "'pages'"),
    (('event_kind = "records_requested"', 'event_kind = "records_requested"\nevent_outcome = "by_parent"'),
     "event_outcome =", "not an outcome of the event 'records_requested'"),
])
def test_other_mistakes_name_their_line(change: tuple[str, str], needle: str, words: str) -> None:
    text = GOOD.replace(*change)
    with pytest.raises(TemplateError) as error:
        parse_template(text, "mine.toml")
    assert str(error.value).startswith(f"mine.toml, line {line_of(text, needle)}:"), str(error.value)
    assert words in str(error.value)


def test_a_field_never_used_and_bad_toml_are_named() -> None:
    text = GOOD + '\n[[field]]\nkey = "spare"\nlabel = "Spare"\n'
    spare = line_of(text, 'key = "spare"')
    with pytest.raises(TemplateError, match=rf"line {spare}: the field 'spare' is declared but"):
        parse_template(text, "mine.toml")
    with pytest.raises(TemplateError, match=r"mine.toml: this is not valid TOML .*line 2"):
        parse_template("[letter]\nid = \n", "mine.toml")
    with pytest.raises(TemplateError, match=r"mine.toml, line 1: a letter template starts with a \[letter\]"):
        parse_template('title = "x"\n', "mine.toml")


def test_a_folder_of_templates_with_one_id_twice_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(GOOD, "utf-8")
    (tmp_path / "b.toml").write_text(GOOD, "utf-8")
    with pytest.raises(TemplateError, match=r"b.toml: the letter id 'test-letter' is used by a.toml already"):
        load_templates(tmp_path)
