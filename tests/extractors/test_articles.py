"""Whole articles written for these tests: relations they must and must not yield (with modality)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
EXPECT = json.loads((DATA / "articles.json").read_text(encoding="utf-8"))


def _matches(rel, pattern) -> bool:
    h, r, *rest = pattern
    t = rest[0] if rest else None
    m = rest[1] if len(rest) > 1 else None
    sym = r in {"met_with", "negotiating_with", "signed_agreement_with", "cooperates_with", "trades_with"}
    pairs = {(rel.head, rel.tail)} | ({(rel.tail, rel.head)} if sym else set())
    return (rel.relation == r and any(a == h and (t is None or b == t) for a, b in pairs)
            and (m is None or rel.modality == m))


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_articles_yield_expected_relations(extract, name):
    rec = extract((DATA / "articles" / f"{name}.txt").read_text(encoding="utf-8"), doc_id=name)
    rels = [r for r in rec.relations
            if not r.attributes.get("derived_from") and r.attributes.get("source") != "gazetteer"]
    missing = [p for p in EXPECT[name]["must"] if not any(_matches(r, p) for r in rels)]
    wrong = [p for p in EXPECT[name]["must_not"] if any(_matches(r, p) for r in rels)]
    assert not missing, f"missing {missing}; got {[(r.head, r.relation, r.tail, r.modality) for r in rels]}"
    assert not wrong, f"must not yield {wrong}"
