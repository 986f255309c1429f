"""Ablation of the relation rules on the development news gold (run: python benchmarks/bench_ablation.py).

Three settings of ``geokg_relations`` (``mode``), each scored with the shared scorer on the dev news gold
(``../shared/devdata/news-gold``, 32 real articles; research use, never copied into the project) and timed on the
same articles (one process, one core, warm caches; the mean of ``--repeat`` passes):

- ``token``: word-order rules only, on a pipeline without the parser (``--fast``);
- ``parse``: dependency-parse rules wherever ``geokg_syntax`` parsed the sentence, word order elsewhere;
- ``both`` (the default): parse rules first, word-order rules where the parse did not read the trigger.

Prints one row per setting: micro relation recall and precision, traps, and words per second of the whole
pipeline. Not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _load_gold(gold_dir: Path, root: Path) -> dict[str, tuple[dict, str]]:
    docs = {}
    for g in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        docs[g.name.removesuffix(".gold.json")] = (gold, (root / gold["document"]).read_text(encoding="utf-8"))
    return docs


def _pipeline(mode: str):
    from geokg.extractors import build_pipeline

    nlp = build_pipeline(fast=mode == "token")
    nlp.replace_pipe("geokg_relations", "geokg_relations", config={"mode": mode})
    return nlp


def run(mode: str, docs: dict[str, tuple[dict, str]], score, repeat: int) -> dict[str, float]:
    """Score and time one setting."""
    from geokg.extractors import doc_to_extraction
    from geokg.schemas import Document

    nlp = _pipeline(mode)
    texts = [t for _, t in docs.values()]
    list(nlp.pipe(texts[:2]))  # load the gazetteer and the syntax model outside the timing
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    for _ in range(repeat):
        processed = list(nlp.pipe(texts))
    seconds = (time.perf_counter() - t0) / repeat
    must = found = tp = fp = traps = 0
    for (stem, (gold, text)), doc in zip(docs.items(), processed, strict=True):
        rec = doc_to_extraction(doc, Document(doc_id=stem, text=text)).model_dump(mode="json")
        res = score(gold, rec, text)
        must += res["must_rels"]
        found += res["must_found"]
        tp += res["rel_tp"]
        fp += res["rel_fp"]
        traps += res["traps"]
    return {"recall": found / max(1, must), "precision": tp / max(1, tp + fp), "traps": traps,
            "found": found, "must": must, "wps": words / seconds}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=SHARED / "devdata" / "news-gold")
    ap.add_argument("--root", type=Path, default=SHARED, help="folder the gold files' document paths start from")
    ap.add_argument("--tools", type=Path, default=SHARED / "tools", help="folder of score_extraction.py")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--modes", nargs="*", default=["token", "parse", "both"])
    args = ap.parse_args()
    sys.path.insert(0, str(args.tools))
    from score_extraction import score

    docs = _load_gold(args.gold, args.root)
    print(f"dev news gold: {len(docs)} articles, {sum(len(t.split()) for _, t in docs.values())} words")
    print(f"{'mode':6}  {'R':>5}  {'P':>5}  {'traps':>5}  {'found':>7}  {'words/s':>8}")
    for mode in args.modes:
        r = run(mode, docs, score, args.repeat)
        print(f"{mode:6}  {r['recall']:5.2f}  {r['precision']:5.2f}  {r['traps']:5d}  "
              f"{r['found']:3d}/{r['must']:3d}  {r['wps']:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
