"""Sentence boundaries: geokg's splitter against the syntax model's parser, on gold-segmented text.

    python benchmarks/bench_sentences.py [--corpus build/training/corpus/en_ewt-test.spacy] [--group 10]

The corpus is a spaCy DocBin with gold sentence starts (``training/train.py --steps convert`` writes UD
English EWT test there, one sentence per Doc); runs of ``--group`` consecutive Docs are joined into one text
(``Doc.from_docs``), so there are boundaries to find. Each text is re-tokenised by geokg's tokenizer, split (a) by
``geokg_sentences`` and (b) by the parser of the syntax model run on the whole text, and both are scored
against the gold boundaries by character offset (precision, recall, F1 of sentence starts, the first
start of each text not counted). Web text, not news: read it as a comparison, not an absolute.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

ROOT = Path(__file__).resolve().parent.parent


def _starts(doc) -> set[int]:  # noqa: ANN001
    return {s.start_char for s in doc.sents if s.start_char > 0}


def _prf(gold: list[set[int]], pred: list[set[int]]) -> tuple[float, float, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    n_p, n_g = sum(map(len, pred)), sum(map(len, gold))
    p, r = tp / max(1, n_p), tp / max(1, n_g)
    return p, r, 2 * p * r / max(1e-9, p + r)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "build" / "training" / "corpus" / "en_ewt-test.spacy")
    ap.add_argument("--group", type=int, default=10, help="consecutive Docs joined into one text (default 10)")
    args = ap.parse_args()
    from geokg.extractors.syntax import load_syntax_model

    blank = spacy.blank("en")
    pieces = list(DocBin().from_disk(args.corpus).get_docs(blank.vocab))
    gold_docs = [Doc.from_docs(pieces[k : k + args.group]) for k in range(0, len(pieces), max(1, args.group))]
    texts = [d.text for d in gold_docs]
    gold = [_starts(d) for d in gold_docs]
    ours = blank
    ours.add_pipe("geokg_sentences")
    ours_pred = [_starts(d) for d in ours.pipe(texts)]
    model = load_syntax_model()
    parser_pred = [_starts(d) for d in model.pipe(texts)]
    for name, pred in (("geokg_sentences", ours_pred), ("syntax model parser", parser_pred)):
        p, r, f = _prf(gold, pred)
        print(f"{name:20} sentence starts P={p:.3f} R={r:.3f} F1={f:.3f}  ({len(texts)} texts)")


if __name__ == "__main__":
    main()
