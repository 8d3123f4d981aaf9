"""Issue 32: how the suggestion rules do on text they were not tuned on, measured without the held-out half.

Every passage of the tuning half was scored once before any rule was changed for it: by the rules as they stood
just before the commit that added it to tests/data/suggestions/real.toml. This script rebuilds those first sights
from git (each older tree exported with ``git archive`` into a temporary folder, matched with this venv's Python,
the folder removed after) and scores them against today's labels:

    .venv/bin/python tools/first_sight.py            # every commit that added passages
    .venv/bin/python tools/first_sight.py --last 40  # only the passages added by the last 40 of them
    .venv/bin/python tools/first_sight.py --json FIRST.json  # and keep them (tools/embeddings_experiment.py)

It prints precision and recall on first sight, and for each element the suggestions that were right and wrong and
the labels missed, the worst first: where the rules generalise least. The held-out half is never read.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SET = "tests/data/suggestions/real.toml"
# Run inside an exported tree: the module that builds the rules moved from suggest.py to rules.py on the way.
MATCH = """
import json, sys
try:
    from iepdesk.criteria.rules import rules_for
except ImportError:
    from iepdesk.criteria.suggest import rules_for
from iepdesk.criteria.catalogue import load_catalogue
from iepdesk.criteria.suggest import match_page
rules = rules_for(load_catalogue().criteria.values())
texts = json.load(sys.stdin)
json.dump({i: sorted({m.criterion_id for m in match_page(t, rules)}) for i, t in texts.items()}, sys.stdout)
"""


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, check=True).stdout


def first_sights(last: int | None) -> dict[str, list[str]]:
    """The elements suggested for each tuning passage by the rules just before the commit that added it."""
    sys.path.insert(0, str(ROOT))
    from tests.unit.criteria.test_real_language import half

    commits = _git("log", "--format=%H", "--reverse", "--", SET).decode().split()
    seen: set[str] = set()
    added: list[tuple[str, dict[str, str]]] = []
    for commit in commits:
        passages = tomllib.loads(_git("show", f"{commit}:{SET}").decode("utf-8"))["passage"]
        new = {p["id"]: p["text"] for p in passages if p["id"] not in seen and half(p["id"]) == "tune"}
        seen.update(p["id"] for p in passages)
        if new:
            added.append((commit, new))
    found: dict[str, list[str]] = {}
    for commit, texts in added[-last:] if last else added:
        with tempfile.TemporaryDirectory() as tree:
            archive = _git("archive", f"{commit}^", "iepdesk", "resources")
            subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
            run = subprocess.run([sys.executable, "-c", MATCH], input=json.dumps(texts), capture_output=True,
                                 text=True, cwd=tree, env={**os.environ, "PYTHONPATH": tree}, check=True)
            found.update(json.loads(run.stdout))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--last", type=int, help="only the passages added by the last N commits that added any")
    parser.add_argument("--json", type=Path, help="also write each passage's first-sight suggestions to this file")
    arguments = parser.parse_args()
    found = first_sights(arguments.last)
    if arguments.json:
        arguments.json.write_text(json.dumps(found))
    from tests.unit.criteria.test_real_language import load

    passages, unjudged = load()
    labels = {p["id"]: set(p["expected"]) - unjudged for p in passages}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # right, wrong, missed
    for passage_id, elements in found.items():
        if passage_id not in labels:
            continue  # a passage since removed from the set
        expected, got = labels[passage_id], set(elements) - unjudged
        for element in got & expected:
            counts[element][0] += 1
        for element in got - expected:
            counts[element][1] += 1
        for element in expected - got:
            counts[element][2] += 1
    right, wrong, missed = (sum(c[k] for c in counts.values()) for k in range(3))
    precision, recall = right / max(1, right + wrong), right / max(1, right + missed)
    print(f"{len(found)} tuning passages on first sight: precision {right}/{right + wrong} ({precision:.2f}), "
          f"recall {right}/{right + missed} ({recall:.2f})")
    for element, (r, w, m) in sorted(counts.items(), key=lambda kv: (-kv[1][1], -kv[1][2]))[:30]:
        print(f"  {element:42s} right {r:3d}  wrong {w:3d}  missed {m:3d}")


if __name__ == "__main__":
    main()
