"""The glossary: every word the app explains, in two sentences at most with its citation, found by any of its
names; the command prints it and names a word it does not know."""

from __future__ import annotations

import json

from iepdesk.glossary import find, search, terms
from tests.integration.test_cli import iepdesk

LINKED = ("Disclosure", "Exhibit", "Bates number", "Due process", "Certificate of service")  # "?" links in the app


def test_each_word_is_short_cited_and_found_by_any_of_its_names() -> None:
    listed = terms()
    assert len(listed) >= 20 and [t.term.lower() for t in listed] == sorted(t.term.lower() for t in listed)
    for term in listed:
        assert term.citation and term.text.count(". ") <= 1, term.term
        for name in term.names:
            assert find(name) == term and find(name.upper()) == term
    names = [n.lower() for t in listed for n in t.names]
    assert len(names) == len(set(names)), "a name that means two words"
    for word in ("IEP", "504", "IEE", "PWN", "FAPE", "RTI", "MTSS", "Bates number", "exhibit", "stay-put",
                 "due process", "mediation", "resolution meeting", *LINKED):
        assert find(word) is not None, word
    assert "PWN" in [t.term for t in search("written notice")]
    assert search("zzzz") == []


def test_the_command_explains_a_word_and_names_one_it_does_not_know() -> None:
    done = iepdesk("glossary", "prior written notice")
    assert done.returncode == 0 and "34 CFR 300.503" in done.stdout and done.stdout.startswith("PWN")
    data = json.loads(iepdesk("glossary", "stay", "put", "--json").stdout)
    assert [t["term"] for t in data] == ["Stay-put"]
    unknown = iepdesk("glossary", "zzzz")
    assert unknown.returncode == 1 and "No word of the glossary matches" in unknown.stderr
