"""Cost per megabyte against document length: 10 KB, 100 KB, 1 MB and 5 MB documents (issue 13).

    python benchmarks/bench_length.py                    # texts from the shared news sample
    python benchmarks/bench_length.py --text my-book.txt # or your own long text
    python benchmarks/bench_length.py --split-chars 0    # without splitting long documents (to see why)

Each size is extracted with one warm pipeline in this process, record building and JSON writing included
(what ``geokg build`` does per document). Sizes below 1 MB are measured on several different documents of
that size and summed, so that every size processes at least 1 MB. Documents are cut from the source text at
paragraph breaks; a source shorter than 5 MB is repeated (the repeat warms spaCy's tokenizer cache a little,
which flatters the longest size, not the shortest). Linear cost means seconds per MB within a factor of 2.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "corpus" / "news-sample.jsonl"
SIZES = {"10 KB": 10_000, "100 KB": 100_000, "1 MB": 1_000_000, "5 MB": 5_000_000}


def source_text(path: Path | None) -> str:
    if path is not None:
        return path.read_text(encoding="utf-8")
    return "\n\n".join(json.loads(line)["text"] for line in SAMPLE.open(encoding="utf-8") if line.strip())


def cut(text: str, start: int, size: int) -> str:
    """``size`` characters of ``text`` (repeated as needed) from ``start``, ending at a paragraph break."""
    while len(text) < start + size + 10_000:
        text = text + "\n\n" + text
    piece = text[start : start + size]
    end = piece.rfind("\n\n", size // 2)
    return piece[: end if end > 0 else size]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", type=Path, default=None, help="a long UTF-8 text (default: the shared sample)")
    ap.add_argument("--sizes", default=",".join(SIZES), help="comma-separated, of: " + ", ".join(SIZES))
    ap.add_argument("--split-chars", type=int, default=None, help="0: never split (default: geokg's default)")
    args = ap.parse_args()

    from geokg import Document, Extractor
    from geokg.extractor import DEFAULT_SPLIT_CHARS

    split = DEFAULT_SPLIT_CHARS if args.split_chars is None else (args.split_chars or 10**9)
    ex = Extractor(split_chars=split)
    ex.nlp.max_length = 10**8
    next(ex.extract([Document(doc_id="warm", text="Russia and Syria met in Moscow.")]))
    text = source_text(args.text)
    print(f"source {len(text):,} characters; split long documents at {split:,} characters", flush=True)
    rows = []
    offset = 0
    for label in args.sizes.split(","):
        size = SIZES[label.strip()]
        count = max(1, 1_000_000 // size)
        docs = []
        for i in range(count):
            docs.append(Document(doc_id=f"{label}-{i}", text=cut(text, offset, size)))
            offset = (offset + size) % max(len(text) - size, 1)
        chars = sum(len(d.text) for d in docs)
        t = time.perf_counter()
        for rec in ex.extract(docs):
            json.dumps(rec.model_dump(mode="json"), ensure_ascii=False)
        secs = time.perf_counter() - t
        per_mb = secs / (chars / 1e6)
        rows.append((label, count, chars, secs, per_mb))
        print(f"{label:>7}: {count:3} document(s), {chars:>10,} chars, {secs:7.2f}s, {per_mb:6.2f} s/MB", flush=True)
    rates = [r[4] for r in rows]
    print(f"max/min seconds per MB: {max(rates) / min(rates):.2f} (linear: under 2)")


if __name__ == "__main__":
    main()
