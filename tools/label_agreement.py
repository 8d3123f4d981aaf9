"""Issue 32: how far two labellings of the same real-language passages agree, and where the rules stand between them.

    .venv/bin/python tools/label_agreement.py

tests/data/suggestions/relabel.toml labels again a random sample of real.toml's tuning half. Taking real.toml's
labels as the truth, the second labelling is scored like a set of suggestions (precision and recall per passage and
element), and so are the rules on the same passages, against each labelling in turn. A target for the rules much
above the agreement of two readers measures the labels' noise, not the rules.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _score(found: dict[str, set[str]], truth: dict[str, set[str]]) -> str:
    right = sum(len(found[i] & truth[i]) for i in found)
    made, due = sum(len(f) for f in found.values()), sum(len(truth[i]) for i in found)
    return f"precision {right}/{made} ({right / max(1, made):.2f}), recall {right}/{due} ({right / max(1, due):.2f})"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from iepdesk.criteria.catalogue import load_catalogue
    from iepdesk.criteria.rules import rules_for
    from iepdesk.criteria.suggest import match_page
    from tests.unit.criteria.test_real_language import load

    passages, unjudged = load()
    texts = {p["id"]: p["text"] for p in passages}
    first = {p["id"]: set(p["expected"]) - unjudged for p in passages}
    second_set = tomllib.loads((ROOT / "tests/data/suggestions/relabel.toml").read_text("utf-8"))["passage"]
    second = {p["id"]: set(p["expected"]) - unjudged for p in second_set}
    rules = rules_for(load_catalogue().criteria.values())
    suggested = {i: {m.criterion_id for m in match_page(texts[i], rules)} - unjudged for i in second}
    print(f"{len(second)} passages labelled twice")
    print(f"second labelling against the first: {_score(second, first)}")
    print(f"the rules against the first:        {_score(suggested, first)}")
    print(f"the rules against the second:       {_score(suggested, second)}")


if __name__ == "__main__":
    main()
