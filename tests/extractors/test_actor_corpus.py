"""The actor test corpus (tests/extractors/data/actors.jsonl): mention-level precision and recall with ids.

Each line: a sentence, the mentions it must yield as ``[surface text, entity id]``, and optionally ids that
must not appear (the ambiguity cases: Georgia the US state, "Russia in Global Affairs" the journal).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

DATA = Path(__file__).parent / "data" / "actors.jsonl"


def _cases() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_actor_corpus_is_large_and_varied():
    cases = _cases()
    assert len(cases) >= 40
    prefixes = Counter(e[1].split(":")[0] for c in cases for e in c["entities"])
    assert all(prefixes[t] >= 8 for t in ("country", "person", "organization", "location")), prefixes
    assert sum(1 for c in cases if c.get("forbidden")) >= 3


def test_actor_corpus_precision_recall(extract, capsys):
    tp = fp = fn = 0
    by_type: dict[str, Counter] = {}
    report, violations = [], []
    for i, case in enumerate(_cases()):
        rec = extract(case["text"], doc_id=f"a{i}")
        system = Counter((m.text, e.id) for e in rec.entities for m in e.mentions)
        gold = Counter((t, eid) for t, eid in case["entities"])
        hit = system & gold
        tp += sum(hit.values())
        fp += sum((system - gold).values())
        fn += sum((gold - system).values())
        for (_, eid), n in hit.items():
            by_type.setdefault(eid.split(":")[0], Counter())["tp"] += n
        for (_, eid), n in (system - gold).items():
            by_type.setdefault(eid.split(":")[0], Counter())["fp"] += n
        for (_, eid), n in (gold - system).items():
            by_type.setdefault(eid.split(":")[0], Counter())["fn"] += n
        if system != gold:
            report.append(f"  {case['text']!r}\n    missing {sorted(gold - system)}\n"
                          f"    extra   {sorted(system - gold)}")
        ids = {e.id for e in rec.entities}
        for bad in case.get("forbidden", []):
            if bad in ids:
                violations.append(f"{bad} found in {case['text']!r}")
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    with capsys.disabled():
        f1 = 2 * p * r / max(1e-9, p + r)
        print(f"\nactor test corpus: P={p:.2f} R={r:.2f} F1={f1:.2f} (tp={tp} fp={fp} fn={fn})")
        for t, c in sorted(by_type.items()):
            tp_, fp_, fn_ = c["tp"], c["fp"], c["fn"]
            print(f"  {t:13} P={tp_ / max(1, tp_ + fp_):.2f} R={tp_ / max(1, tp_ + fn_):.2f}")
        print("\n".join(report))
    assert not violations, violations
    assert p >= 0.95, f"precision {p:.2f}"
    assert r >= 0.95, f"recall {r:.2f}"
