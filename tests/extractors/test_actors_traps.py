"""Precision traps for actors (issue 14): given names that are places, bare given names, amounts, lookalikes.

tests/extractors/data/actor_traps.jsonl: made-up sentences. A line whose ``entities`` is empty must yield
no entity at all; the others must yield exactly their mentions and none of their ``forbidden`` ids.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parent / "data" / "actor_traps.jsonl"


def _cases() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_actors_traps_corpus_is_balanced():
    cases = _cases()
    assert len(cases) >= 20
    assert sum(1 for c in cases if not c["entities"]) * 2 >= len(cases) - 4  # about half yield nothing


def test_actors_traps_precision(extract, capsys):
    tp = fp = fn = 0
    report, violations = [], []
    for i, case in enumerate(_cases()):
        rec = extract(case["text"], doc_id=f"trap{i}")
        system = Counter((m.text, e.id) for e in rec.entities for m in e.mentions)
        gold = Counter((t, eid) for t, eid in case["entities"])
        tp += sum((system & gold).values())
        fp += sum((system - gold).values())
        fn += sum((gold - system).values())
        if system != gold:
            report.append(f"  {case['text']!r}\n    missing {sorted(gold - system)}\n"
                          f"    extra   {sorted(system - gold)}")
        ids = {e.id for e in rec.entities}
        violations += [f"{bad} in {case['text']!r}" for bad in case.get("forbidden", []) if bad in ids]
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    with capsys.disabled():
        print(f"\nactor traps: P={p:.2f} R={r:.2f} (tp={tp} fp={fp} fn={fn})")
        print("\n".join(report))
    assert not violations, violations
    assert fp == 0, f"precision {p:.2f}"
    assert r >= 0.9, f"recall {r:.2f}"
