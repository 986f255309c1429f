"""The relation test set (tests/extractors/data/relations.jsonl): precision and recall on sentences we wrote.

Each line: a sentence and the relations it must yield as ``[head, label, tail, modality]``; sentences with no
relations must yield none. Derived country-level edges are a view, not scored here. A relation counts as found
when head, label, tail and modality match (symmetric labels either way; arms_buyer_of/arms_supplier_of as
inverses).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "relations.jsonl"


def _cases() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_relation_corpus_covers_every_label_and_modality():
    from geokg.schemas import load_ontology

    cases = _cases()
    assert len(cases) >= 60
    labels = Counter(r[1] for c in cases for r in c["relations"])
    for entry in load_ontology().relations:
        assert labels[entry.label] >= 2, f"{entry.label} has {labels[entry.label]} test sentences"
    mods = Counter(r[3] for c in cases for r in c["relations"])
    assert set(mods) == {"asserted", "reported", "hedged", "negated", "planned"}
    assert sum(1 for c in cases if not c["relations"]) >= 8


def test_relation_corpus_precision_recall(extract, capsys, relation_keys):
    _keys = relation_keys
    tp = fp = fn = 0
    per_label: dict[str, Counter] = {}
    misses, extras = [], []
    for i, case in enumerate(_cases()):
        rec = extract(case["text"], doc_id=f"r{i}")
        gold = [tuple(r) for r in case["relations"]]
        system = [(r.head, r.relation, r.tail, r.modality) for r in rec.relations
                  if not r.attributes.get("derived_from") and r.attributes.get("source") != "gazetteer"]
        matched = set()
        for g in gold:
            hit = next((s for s in system if s in _keys(*g) and s not in matched), None)
            per_label.setdefault(g[1], Counter())
            if hit:
                tp += 1
                matched.add(hit)
                per_label[g[1]]["tp"] += 1
            else:
                fn += 1
                per_label[g[1]]["fn"] += 1
                misses.append((case["text"], g, system))
        for s in system:
            if s not in matched:
                fp += 1
                per_label.setdefault(s[1], Counter())["fp"] += 1
                extras.append((case["text"], s))
    p = tp / max(1, tp + fp)
    r = tp / max(1, tp + fn)
    with capsys.disabled():
        print(f"\nrelation test set: P={p:.2f} R={r:.2f} (tp={tp} fp={fp} fn={fn})")
        for label, c in sorted(per_label.items()):
            lp = c["tp"] / max(1, c["tp"] + c["fp"])
            lr = c["tp"] / max(1, c["tp"] + c["fn"])
            print(f"  {label:26} P={lp:.2f} R={lr:.2f}  {dict(c)}")
        for text, g, system in misses:
            print(f"  MISSED {g} in {text!r}; got {system}")
        for text, s in extras:
            print(f"  EXTRA  {s} in {text!r}")
    assert p >= 0.95, f"precision {p:.2f}"
    assert r >= 0.95, f"recall {r:.2f}"


@pytest.mark.parametrize(
    "text",
    [
        "Russia and Syria are among the countries that voted against the resolution.",
        "Officials from France and Germany attended the ceremony.",
        "In an interview with Kommersant, the analyst discussed Turkey.",
    ],
)
def test_relation_corpus_sentences_without_relations_yield_nothing(extract, text):
    assert extract(text).relations == []
