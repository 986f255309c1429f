"""Corpus-scale ``geokg build``: documents and words per second, start-up and peak memory, per engine.

    python benchmarks/bench_build.py                          # the shared news sample (2,000 articles)
    python benchmarks/bench_build.py --articles 20000         # ... repeated with fresh ids to 20,000
    python benchmarks/bench_build.py --corpus my.jsonl --modes local1,local2
    python benchmarks/bench_build.py --articles 4000 --resume # also: SIGKILL a build halfway, time the restart

Every number is measured in this run. The reference is spaCy's bare tokenizer (``spacy.blank("en")``) on the
same texts in the same run, so the ratio compares across machines. Peak memory is the largest sum of the
resident memory of the build and all its child processes (workers, Dask scheduler), sampled every 0.1 s.

Repeated copies of an article get a fresh id and a one-line suffix: a build counts identical text once
(exact duplicates), so without the suffix 20,000 copies of 2,000 articles would be 2,000 documents.
Not a test: timing checks do not belong in the unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "corpus" / "news-sample.jsonl"
GEOKG = str(Path(sys.executable).parent / "geokg")
MODES = {
    "local1": [],
    "local2": ["--workers", "2"],
    "dask2": ["--engine", "dask", "--workers", "2"],
}


def prepare(source: Path, articles: int | None, work: Path) -> tuple[Path, int, int]:
    """Write the corpus to measure (JSONL); return its path, document count and word count."""
    base = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    target = articles or len(base)
    path = work / f"corpus-{target}.jsonl"
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(target):
            rec = dict(base[i % len(base)])
            copy = i // len(base)
            rec["id"] = f"{rec.get('id') or 'doc'}-{copy}" if copy else str(rec.get("id") or f"doc{i}")
            if copy:
                rec["text"] = f"{rec['text']}\n\nref {copy}-{i}"
            words += len(rec["text"].split())
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path, target, words


def tokenizer_rate(corpus: Path) -> float:
    """Words per second of spacy.blank("en") over the corpus texts (one process)."""
    code = f"""
import json, time, spacy
texts = [json.loads(l)["text"] for l in open({str(corpus)!r}, encoding="utf-8")]
nlp = spacy.blank("en")
nlp.max_length = 10**8
words = sum(len(t.split()) for t in texts)
t = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=64):
    pass
print(words / (time.perf_counter() - t))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def run_measured(cmd: list[str], kill_after: float | None = None) -> dict:
    """Run ``cmd``; wall time and peak RSS of its process tree (MiB). ``kill_after``: SIGKILL after so many s."""
    import psutil

    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    p = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        if kill_after is not None and time.perf_counter() - t > kill_after:
            for c in p.children(recursive=True):
                c.kill()
            proc.send_signal(signal.SIGKILL)
        time.sleep(0.1)
    _, err = proc.communicate()
    return {"seconds": time.perf_counter() - t, "peak_mib": peak / 2**20, "returncode": proc.returncode,
            "stderr": err.strip().splitlines()[-1] if err.strip() else ""}


def startup(work: Path) -> tuple[float, float]:
    """Median cold start of a one-document build, and of ``import spacy; spacy.blank('en')('x')``."""
    tiny = work / "tiny.txt"
    tiny.write_text("Russia and Syria met in Moscow.")
    builds, bare = [], []
    for _ in range(3):
        shutil.rmtree(work / "out-tiny", ignore_errors=True)
        t = time.perf_counter()
        subprocess.run([GEOKG, "build", str(tiny), "--out", str(work / "out-tiny"), "-q"], capture_output=True,
                       check=True)
        builds.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import spacy; spacy.blank('en')('x')"], check=True)
        bare.append(time.perf_counter() - t)
    return statistics.median(builds), statistics.median(bare)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SAMPLE, help="JSONL with 'text' (default: the shared sample)")
    ap.add_argument("--articles", type=int, default=None, help="repeat the corpus with fresh ids to this many")
    ap.add_argument("--modes", default="local1,local2,dask2", help=f"comma-separated, of {', '.join(MODES)}")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench", help="scratch folder")
    ap.add_argument("--resume", action="store_true", help="also time a restart after SIGKILL at half the run")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    corpus, n_docs, n_words = prepare(args.corpus, args.articles, args.work)
    print(f"corpus: {n_docs:,} articles, {n_words:,} words ({corpus})", flush=True)
    tok = tokenizer_rate(corpus)
    print(f"bare tokenizer spacy.blank('en'): {tok:,.0f} words/s", flush=True)
    cold, bare = startup(args.work)
    print(f"start-up: one-document build {cold:.2f}s, bare spaCy {bare:.2f}s (x{cold / bare:.2f})", flush=True)

    results: dict = {"articles": n_docs, "words": n_words, "tokenizer_words_per_s": tok, "startup_s": cold,
                     "bare_spacy_startup_s": bare, "modes": {}}
    for mode in args.modes.split(","):
        out = args.work / f"out-{mode}"
        shutil.rmtree(out, ignore_errors=True)
        r = run_measured([GEOKG, "build", str(corpus), "--out", str(out), "-q", "--no-progress", *MODES[mode]])
        r.update(docs_per_s=n_docs / r["seconds"], words_per_s=n_words / r["seconds"])
        r["ratio_to_tokenizer"] = r["words_per_s"] / tok
        results["modes"][mode] = r
        print(f"{mode:7} {r['seconds']:7.1f}s  {r['docs_per_s']:7.1f} docs/s  {r['words_per_s']:9,.0f} words/s  "
              f"(x{r['ratio_to_tokenizer']:.3f} of the tokenizer)  peak {r['peak_mib']:6.0f} MiB  "
              f"exit {r['returncode']}  | {r['stderr']}", flush=True)
    if args.resume:
        mode = "local2"
        full = results["modes"].get(mode, {}).get("seconds")
        out = args.work / "out-resume"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [GEOKG, "build", str(corpus), "--out", str(out), "-q", "--no-progress", *MODES[mode]]
        killed = run_measured(cmd, kill_after=(full or 60) / 2)
        again = run_measured(cmd)
        results["resume"] = {"killed_after_s": killed["seconds"], "restart_s": again["seconds"],
                             "uninterrupted_s": full, "summary": again["stderr"]}
        print(f"resume: SIGKILL after {killed['seconds']:.1f}s, restart took {again['seconds']:.1f}s "
              f"(uninterrupted {full or float('nan'):.1f}s) | {again['stderr']}", flush=True)
        same = all((out / n).read_bytes() == (args.work / f"out-{mode}" / n).read_bytes()
                   for n in ("extractions.jsonl", "graph.json", "graph.graphml", "graph.html")) if full else None
        results["resume"]["byte_identical"] = same
        print(f"resume: outputs byte-identical to the uninterrupted run: {same}", flush=True)
    (args.work / "results.json").write_text(json.dumps(results, indent=2))
    print(f"results: {args.work / 'results.json'} (cpu count {os.cpu_count()})")


if __name__ == "__main__":
    main()
