"""Deadline-rule packs: the federal pack, a state's changes, and the messages for a broken pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from iepdesk.timeline.rules import RuleError, add_rule_pack, builtin_rule_packs, join, load_rules, parse_rule_pack
from iepdesk.vault import Vault

HEAD = '[pack]\nid = "state"\nversion = "1"\ntitle = "A state"\n\n'
GOOD_RULE = ('[[rule]]\nid = "state.answer"\ntitle = "Answer to a request"\nstarts = "request_for_evaluation"\n'
             'stops = "consent_signed"\nlength = 30\nunit = "school"\ncitation = "State Code 1"\n')


def test_the_federal_pack_has_every_computable_timeline_with_its_citation() -> None:
    rules = load_rules().rules
    assert {"initial-evaluation", "initial-iep", "annual-review", "reevaluation", "records-request",
            "resolution-meeting", "resolution-period", "hearing-decision", "state-complaint-decision",
            "hearing-disclosure", "iee-answer", "pwn-after-meeting"} <= set(rules)
    assert all(rule.citation for rule in rules.values())
    evaluation = rules["initial-evaluation"]
    assert (evaluation.starts, evaluation.length, evaluation.unit) == (("consent_signed",), 60, "calendar")
    assert set(evaluation.stops) == {"evaluation_received", "eligibility_meeting"}
    assert evaluation.citation.startswith("34 CFR 300.301(c)")
    assert rules["records-request"].describe() == "45 calendar days after records requested"
    assert rules["hearing-disclosure"].describe() == "5 business days before hearing"
    assert rules["iee-answer"].length is None and rules["iee-answer"].timing == "without unnecessary delay"
    assert list(rules).index("hearing-decision") > list(rules).index("resolution-period")


def _error(text: str) -> str:
    with pytest.raises(RuleError) as caught:
        parse_rule_pack(text, "state.toml")
    return str(caught.value)


def test_a_rule_without_a_citation_is_named_by_file_and_line() -> None:
    text = HEAD + GOOD_RULE.replace('citation = "State Code 1"\n', "")
    assert _error(text) == "state.toml, line 6: 'state.answer' needs a 'citation' (text in quotes)."
    assert "line 13: 'state.answer' needs a 'citation'" in _error(text.replace("[[rule]]", "\n\n\n\n\n\n\n[[rule]]"))


def test_a_negative_length_is_refused_on_its_line() -> None:
    message = _error(HEAD + GOOD_RULE.replace("length = 30", "length = -30"))
    assert message.startswith("state.toml, line 11: 'state.answer' has a negative length (-30)")
    assert "line 11: 'state.answer' has a length of 0" in _error(HEAD + GOOD_RULE.replace("length = 30", "length = 0"))
    assert "whole number" in _error(HEAD + GOOD_RULE.replace("length = 30", 'length = "30"'))


def test_an_event_kind_no_rule_knows_is_refused_on_its_line() -> None:
    message = _error(HEAD + GOOD_RULE.replace('starts = "request_for_evaluation"', 'starts = "letter_sent"'))
    assert message.startswith("state.toml, line 9: 'state.answer' names 'letter_sent' in starts, which is not a "
                              "kind of event. Use one of: request_for_evaluation,")
    message = _error(HEAD + GOOD_RULE.replace('stops = "consent_signed"', 'stops = ["consent_signed", "answered"]'))
    assert message.startswith("state.toml, line 10: 'state.answer' names 'answered' in stops")


def test_other_mistakes_in_a_pack_are_explained() -> None:
    assert "not valid TOML" in _error("[pack\n")
    assert "line 1: a pack starts with a [pack] table" in _error(GOOD_RULE)
    assert "unknown field(s) lenght" in _error(HEAD + GOOD_RULE.replace("length", "lenght"))
    assert "has unit 'weeks'" in _error(HEAD + GOOD_RULE.replace('"school"', '"weeks"'))
    assert "no 'length'" in _error(HEAD + GOOD_RULE.replace("length = 30\n", ""))
    assert "the id 'state.answer' is used twice" in _error(HEAD + GOOD_RULE + "\n" + GOOD_RULE)
    assert "is not an outcome of request_for_evaluation" in _error(HEAD + GOOD_RULE + 'if_outcome = "eligible"\n')
    assert "either 'starts'" in _error(HEAD + GOOD_RULE + 'follows = "resolution-period"\n')
    override = '[[override]]\nrule = "initial-evaluation"\nlength = -1\ncitation = "State Code 2"\n'
    assert _error(HEAD + override).startswith("state.toml, line 8: 'override of initial-evaluation' has a negative")
    no_citation = '[[override]]\nrule = "initial-evaluation"\nlength = 45\n'
    assert _error(HEAD + no_citation) == ("state.toml, line 6: 'override of initial-evaluation' needs a 'citation' "
                                          "(text in quotes).")


def test_references_between_packs_are_checked_when_they_are_joined() -> None:
    federal = list(builtin_rule_packs())
    unknown = parse_rule_pack(HEAD + '[[override]]\nrule = "initial-evaluaton"\nlength = 45\ncitation = "X 1"\n',
                              "state.toml")
    with pytest.raises(RuleError, match=r"state.toml, line 7: there is no rule 'initial-evaluaton' to change"):
        join([*federal, unknown])
    twice = parse_rule_pack(HEAD + GOOD_RULE.replace("state.answer", "records-request"), "state.toml")
    with pytest.raises(RuleError, match=r"state.toml, line 6: the rule id 'records-request' is already used"):
        join([*federal, twice])
    follows = parse_rule_pack(HEAD + '[[rule]]\nid = "x"\ntitle = "X"\nfollows = "nothing"\nlength = 5\n'
                              'citation = "X 1"\n', "state.toml")
    with pytest.raises(RuleError, match=r"state.toml, line 9: 'x' follows 'nothing', which is not a rule"):
        join([*federal, follows])


def test_a_state_pack_changes_a_federal_length_and_adds_a_rule(vault: Vault, tmp_path: Path) -> None:
    pack = tmp_path / "washington.toml"
    pack.write_text(HEAD + GOOD_RULE + '\n[[override]]\nrule = "initial-evaluation"\nlength = 35\nunit = "school"\n'
                    'citation = "WAC 392-172A-03005(3)"\nnote = "School days in this state."\n', "utf-8")
    added = add_rule_pack(vault, pack, actor="test")
    assert (added.id, len(added.rules), len(added.overrides)) == ("state", 1, 1)
    rules = load_rules(vault).rules
    evaluation = rules["initial-evaluation"]
    assert (evaluation.length, evaluation.unit, evaluation.changed_by) == (35, "school", "state")
    assert evaluation.citation.startswith("WAC 392-172A-03005(3) (A state); federal: 34 CFR 300.301(c)")
    assert rules["state.answer"].unit == "school"
    assert load_rules().rules["initial-evaluation"].length == 60  # the built-in pack itself is unchanged
    pack.write_text(HEAD + GOOD_RULE.replace("length = 30", "length = -3"), "utf-8")
    with pytest.raises(RuleError, match=r"washington\.toml, line 11"):
        add_rule_pack(vault, pack)
    assert load_rules(vault).rules["initial-evaluation"].length == 35  # a refused pack changes nothing
