"""Suggestions measured on real language (issue 32): passages quoted from public decisions, court opinions, OSEP
letters and school documents, each with its address, labelled from the law before any rule was tuned on them
(tests/data/suggestions/real.toml). The set is split into a tuning half and a held-out half by a hash of each
passage's id; rules are changed only after reading the tuning half's misses (``python -m
tests.unit.criteria.test_real_language`` prints them), and the held-out half is only ever scored."""

from __future__ import annotations

import hashlib
import math
import sys
import tomllib
from pathlib import Path
from typing import Any

from iepdesk.criteria.catalogue import load_catalogue
from iepdesk.criteria.rules import rules_for
from iepdesk.criteria.suggest import match_page

REAL = Path(__file__).parents[2] / "data" / "suggestions" / "real.toml"
# Floors a little below the figures measured on the held-out half (see the issue notes for the history). The set
# keeps growing by batches from sources not used before, each labelled before it was scored. At the last measure
# (2,448 passages, labelled by the conventions written at the head of real.toml): precision 0.71 (800/1125), recall
# 0.57 (800/1392) on the whole held-out half; the rules as they stood before the session that added a school's
# "not eligible" in any words (PageText.denial), the conditions a 504 element follows by their words and the phrases
# with a category left open scored 0.71 (776/1093) and 0.56 on the same labels. Earlier, by share: 0.72 (352/488)
# and 0.61 on the passages held out before batch 38; 0.71 (363/514) and 0.53 on the held-out share of batches
# 38-148; 0.66 (60/91) and 0.49 on that of batches 149-174. Two readings of the same passages agree at about 0.86 /
# 0.89 (tools/label_agreement.py), which bounds what any rule can score against one of them.
PRECISION_FLOOR = 0.70
RECALL_FLOOR = 0.56


def half(passage_id: str) -> str:
    return "tune" if hashlib.sha256(f"real:{passage_id}".encode()).digest()[0] % 2 == 0 else "held_out"


def load() -> tuple[list[dict[str, Any]], set[str]]:
    data = tomllib.loads(REAL.read_text("utf-8"))
    return data["passage"], set(data.get("unjudged", []))


def interval(hits: int, total: int) -> str:
    """A proportion's 95% Wilson interval, as the figures are read (a few hundred labels leave it wide)."""
    if not total:
        return "no data"
    z, p = 1.96, hits / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return f"95% interval {centre - half:.2f}-{centre + half:.2f}"


def score(passages: list[dict[str, Any]], unjudged: set[str]) -> tuple[float, float, list[str]]:
    rules = rules_for(load_catalogue().criteria.values())
    tp = fp = fn = 0
    notes = []
    for passage in passages:
        expected = set(passage["expected"]) - unjudged
        found = {m.criterion_id for m in match_page(passage["text"], rules)} - unjudged
        tp, fp, fn = tp + len(found & expected), fp + len(found - expected), fn + len(expected - found)
        if found != expected:
            notes.append(f"{passage['id']}: missed {sorted(expected - found)}, extra {sorted(found - expected)}\n"
                         f"    {passage['text'][:300]}")
    notes.append(f"precision {tp}/{tp + fp} ({interval(tp, tp + fp)}), recall {tp}/{tp + fn} ({interval(tp, tp + fn)})")
    return tp / max(1, tp + fp), tp / max(1, tp + fn), notes


def test_the_set_is_large_sourced_and_labelled_with_real_elements() -> None:
    passages, unjudged = load()
    ids = set(load_catalogue().criteria)
    assert len(passages) >= 400 and len({p["id"] for p in passages}) == len(passages)
    assert all(p["source"].startswith(("http://", "https://")) for p in passages)
    assert all(set(p["expected"]) <= ids for p in passages) and unjudged <= ids
    halves = [half(p["id"]) for p in passages]
    assert 0.4 < halves.count("tune") / len(halves) < 0.6
    # a passage met again (the same page found twice) would put the same words in both halves
    texts = [" ".join(p["text"].lower().split()) for p in passages]
    assert len(set(texts)) == len(texts), [t for t in set(texts) if texts.count(t) > 1]


# Labels that real.toml's conventions pair: a passage with the first is evidence for the second as well.
PAIRED = {"idea.sld.area.basic_reading_skill": "s504.mla.reading", "idea.sld.area.reading_fluency": "s504.mla.reading",
          "idea.sld.area.reading_comprehension": "s504.mla.reading", "idea.vi.impairment": "s504.mla.seeing",
          "idea.hi.impairment": "s504.mla.hearing", "idea.deaf.impairment": "s504.mla.hearing"}


def test_the_labels_keep_the_paired_conventions() -> None:
    passages, _unjudged = load()
    unpaired = [(p["id"], label, PAIRED[label]) for p in passages for label in p["expected"]
                if label in PAIRED and PAIRED[label] not in p["expected"]]
    assert not unpaired


def test_the_second_labelling_is_of_tuning_passages_with_real_elements() -> None:
    """tests/data/suggestions/relabel.toml (read by tools/label_agreement.py) labels again passages of the tuning
    half only: a second reading of held-out passages would be a look at them."""
    passages, _unjudged = load()
    ids = {p["id"] for p in passages}
    second = tomllib.loads(REAL.with_name("relabel.toml").read_text("utf-8"))["passage"]
    assert len(second) >= 100 and len({p["id"] for p in second}) == len(second)
    assert all(p["id"] in ids and half(p["id"]) == "tune" for p in second)
    elements = set(load_catalogue().criteria)
    assert all(set(p["expected"]) <= elements for p in second)


def test_precision_and_recall_on_real_language() -> None:
    passages, unjudged = load()
    results = {part: score([p for p in passages if half(p["id"]) == part], unjudged) for part in ("tune", "held_out")}
    for part, (precision, recall, notes) in results.items():
        print(f"\nreal language, {part} half: precision {precision:.2f}, recall {recall:.2f}; {notes[-1]}")
    precision, recall, _ = results["held_out"]
    assert precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR


if __name__ == "__main__":  # the tuning half's misses, to read before changing a rule
    passages, unjudged = load()
    precision, recall, notes = score([p for p in passages if half(p["id"]) == "tune"], unjudged)
    print("\n".join(notes))
    print(f"tune half: precision {precision:.2f}, recall {recall:.2f}", file=sys.stderr)
