"""Constructions of the relation rules and the precision traps of issue 14, on sentences written for this test.

Each line of ``data/relations_constructions.jsonl``: ``kind`` (role, verb, noun, modality, trap), ``text``,
``must`` (``[head, label, tail]`` or ``[head, label, tail, modality]``) and ``must_not`` (the same shapes; a
pattern without modality forbids every modality) and, optionally, ``speaker``: the ``attributed_to`` of the
``must`` relations. A sentence with an empty ``must`` must claim no relation:
nothing asserted or reported besides roles and places (a hedged or negated reading is no claim, as in the scorer).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "relations_constructions.jsonl"
CASES = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
SYMMETRIC = {"met_with", "negotiating_with", "signed_agreement_with", "cooperates_with", "trades_with"}


def _rels(rec):
    return [(r.head, r.relation, r.tail, r.modality) for r in rec.relations
            if not r.attributes.get("derived_from") and r.attributes.get("source") != "gazetteer"]


def _claim(rel) -> bool:
    return rel[3] in ("asserted", "reported") and rel[1] not in (
        "leader_of", "member_of", "spokesperson_of", "located_in")


def _hit(pattern, rels) -> bool:
    h, label, t = pattern[:3]
    for r in rels:
        pairs = {(r[0], r[2])} | ({(r[2], r[0])} if label in SYMMETRIC else set())
        if r[1] == label and (h, t) in pairs and (len(pattern) < 4 or r[3] == pattern[3]):
            return True
    return False


def test_relations_constructions_corpus_shape():
    kinds = Counter(c["kind"] for c in CASES)
    assert len(CASES) >= 40 and kinds["trap"] >= 20
    assert 2 * sum(1 for c in CASES if not c["must"]) >= len(CASES)  # half must yield nothing
    assert {"role", "verb", "noun", "modality", "trap"} <= set(kinds)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['kind']}:{c['text'][:40]}" for c in CASES])
def test_relations_constructions_case(extract, case):
    rec = extract(case["text"])
    rels = _rels(rec)
    missing = [p for p in case["must"] if not _hit(p, rels)]
    wrong = [p for p in case.get("must_not", []) if _hit(p, rels)]
    assert not missing, f"missing {missing}; got {rels}"
    assert not wrong, f"must not yield {wrong}; got {rels}"
    if "speaker" in case:
        for p in case["must"]:
            said = {r.attributed_to for r in rec.relations if r.relation == p[1] and {r.head, r.tail} == {p[0], p[2]}}
            assert said == {case["speaker"]}, f"attributed to {said}, not {case['speaker']}"


def test_relations_constructions_precision(extract, capsys):
    """Precision over the whole set: a relation is wrong when forbidden, or when a must-yield-nothing sentence
    claims anything (asserted or reported) that is not a role or place."""
    tp = fp = 0
    clean = 0
    negatives = [c for c in CASES if not c["must"]]
    for case in CASES:
        rels = _rels(extract(case["text"]))
        for r in rels:
            if any(_hit(p, [r]) for p in case.get("must_not", [])):
                fp += 1
            elif any(_hit(p, [r]) for p in case["must"]):
                tp += 1
            elif not case["must"] and _claim(r):
                fp += 1
        if not case["must"] and not any(_claim(r) for r in rels):
            clean += 1
    precision = tp / max(1, tp + fp)
    with capsys.disabled():
        print(f"\nconstructions and traps: precision {precision:.2f} (tp={tp} fp={fp}); "
              f"{clean}/{len(negatives)} must-yield-nothing sentences yield nothing")
    assert precision >= 0.95 and clean == len(negatives)
