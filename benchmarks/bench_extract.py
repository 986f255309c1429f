"""Throughput, start-up time and peak memory of geokg's extraction (run: python benchmarks/bench_extract.py).

Every number is measured in this run and reported as a ratio against a baseline measured in the same run, so
results from different machines compare:

- start-up: a cold ``geokg extract`` of a short text vs ``python -c "import spacy; spacy.blank('en')('x')"``
  (median of several runs each; the gazetteer cache is warmed first, as it is after a first use);
- throughput in words per second on one core, on real news (``../shared/corpus/news-sample.jsonl`` by default,
  or ``--corpus FILE.jsonl``): spaCy's tokenizer alone, the entity pipeline (``relations=False``), the pipeline
  without the parser (``--fast``), and the full default pipeline with the syntax model; for the full pipeline,
  the share of sentences the parser ran on;
- peak memory (max RSS) of each subprocess.

Throughput runs in ``--repeats`` interleaved rounds (default 3): each ratio is taken within a round, against the
baseline measured beside it, and the median round is reported (with each round's full/tokenizer ratio); words/s
are each mode's median.

Not a test: timing checks do not belong in the unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT = "Syrian President Bashar al-Assad met Russian President Vladimir Putin in Moscow on Tuesday."


NEWS = ROOT.parent / "shared" / "corpus" / "news-sample.jsonl"
DOC_SEP = "\n\u241e\n"  # one article per chunk of the temporary corpus file


def _corpus_text(corpus: Path | None, words_target: int) -> str:
    """Whole articles of a JSONL corpus (default: the news sample) up to ``words_target`` words."""
    path = corpus or NEWS
    parts, words = [], 0
    if path.exists():
        with path.open(encoding="utf-8") as f:
            for line in f:
                text = json.loads(line).get("text") or ""
                parts.append(text)
                words += len(text.split())
                if words >= words_target:
                    break
    else:  # no news sample here: the bundled examples
        parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    return DOC_SEP.join(parts)


def _timed(cmd: list[str], runs: int) -> tuple[float, int]:
    """Median wall time and max peak RSS (KiB) of ``cmd`` over ``runs`` runs."""
    times, peaks = [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - t)
        peaks.append(int(out.stderr.strip().splitlines()[-1]))
    return statistics.median(times), max(peaks)


def _throughput(mode: str, words_target: int) -> dict:
    code = f"""
import json, resource, time
from pathlib import Path
import spacy
text = Path({str(Path(tempfile.gettempdir()) / 'geokg-bench.txt')!r}).read_text()
docs = [p for p in text.split({DOC_SEP!r}) if p.strip()]
words = sum(len(d.split()) for d in docs)
reps = max(1, {words_target} // max(1, words))
docs = docs * reps
if {mode!r} == "tokenizer":
    nlp = spacy.blank("en")
else:
    from geokg.extractors import build_pipeline
    nlp = build_pipeline(relations={mode!r} in ("full", "fast"), fast={mode!r} == "fast")
for d in nlp.pipe(docs[:20]):
    pass  # warm up: caches, lazy gazetteer and model
t = time.perf_counter()
n = sents = parsed = 0
for d in nlp.pipe(docs, batch_size=64):
    n += 1
    if {mode!r} == "full":
        sents += sum(1 for _ in d.sents)
        parsed += len(d._.geokg_parsed or [])
dt = time.perf_counter() - t
print(json.dumps({{"words": words * reps, "seconds": dt, "docs": n, "sents": sents, "parsed": parsed,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["wps"] = res["words"] / res["seconds"]
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="cold-start runs per command (median)")
    ap.add_argument("--words", type=int, default=200_000, help="words per throughput measurement")
    ap.add_argument("--corpus", type=Path, default=None, help="JSONL corpus with a text field (default: news sample)")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved rounds of the throughput runs (best counts)")
    args = ap.parse_args()
    geokg = str(Path(sys.executable).parent / "geokg")
    bench = Path(tempfile.gettempdir()) / "geokg-bench.txt"
    bench.write_text(_corpus_text(args.corpus, args.words), encoding="utf-8")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(SHORT)
    short = f.name
    try:
        subprocess.run([geokg, "extract", short], capture_output=True, check=True)  # warm the gazetteer cache
        base_t, base_m = _timed([sys.executable, "-c", "import spacy; spacy.blank('en')('x')"], args.runs)
        cold_t, cold_m = _timed([geokg, "extract", short], args.runs)
        print(f"start-up: spacy.blank baseline {base_t:.2f}s ({base_m / 1024:.0f} MiB peak); "
              f"cold `geokg extract` {cold_t:.2f}s ({cold_m / 1024:.0f} MiB peak); "
              f"ratio {cold_t / base_t:.2f} (target <= 2.0)")
        # rounds of the four modes, interleaved; each ratio is taken within a round (the baseline measured
        # beside what it divides) and the median round is reported, as are each mode's median words/s
        modes = ("tokenizer", "entities", "fast", "full")
        rounds = [{m: _throughput(m, args.words) for m in modes} for _ in range(max(1, args.repeats))]
        tok, ents, fast, full = (sorted((r[m] for r in rounds), key=lambda x: x["wps"])[len(rounds) // 2]
                                 for m in modes)

        def ratio(a: str, b: str) -> float:
            return statistics.median(r[a]["wps"] / r[b]["wps"] for r in rounds)

        if len(rounds) > 1:
            print("full/tokenizer by round: " + ", ".join(f"{r['full']['wps'] / r['tokenizer']['wps']:.2f}"
                                                          for r in rounds))
        for name, r in (("tokenizer only", tok), ("entities", ents), ("no parser (--fast)", fast),
                        ("full, with parser", full)):
            print(f"throughput {name:20} {r['wps']:>10,.0f} words/s  ({r['words']:,} words, "
                  f"{r['peak_kib'] / 1024:.0f} MiB peak)")
        print(f"sentences parsed by the full pipeline: {full['parsed']:,} of {full['sents']:,} "
              f"({full['parsed'] / max(1, full['sents']):.0%})")
        print(f"ratios (median round): full/tokenizer {ratio('full', 'tokenizer'):.2f} (target >= 0.15); "
              f"fast/tokenizer {ratio('fast', 'tokenizer'):.2f}; full/fast {ratio('full', 'fast'):.2f}; "
              f"full vs a trained spaCy small pipeline at ~3k words/s here: {full['wps'] / 3000:.1f}x (target >= 5)")
    finally:
        os.unlink(short)


if __name__ == "__main__":
    main()
