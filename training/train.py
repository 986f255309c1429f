"""Train geokg's syntax model (tagger + dependency parser) on UD English EWT and package it.

One command does it all::

    python training/train.py --ud ../shared/ud

Steps (each can be re-run alone with ``--steps``):

1. ``convert``  - ``spacy convert`` of the train/dev/test ``.conllu`` files into ``.spacy`` DocBins, one sentence
   per document: geokg parses each selected sentence as a Doc of its own, so the model never has to find
   sentence boundaries, and it is trained and measured the way it is used
2. ``clusters`` - the word-cluster table the embedding layer reads (``extractors/_clusters.py``): the
   ``CLUSTER_WORDS`` most frequent words that have a Brown cluster in spaCy's ``spacy-lookups-data`` (MIT)
3. ``train``    - ``spacy train training/config.cfg`` on the splits of ``--train-on``: ``train`` (default, the
   shipped model: spaCy's early stopping keeps the best model on dev) or ``train,dev`` (an experiment: a fixed
   schedule, give it with ``--max-steps``, and the last model is kept, since dev is then training data)
4. ``evaluate`` - ``spacy evaluate`` of that model on EWT *test*, sentence by sentence; prints TAG, UAS, LAS on
   the treebank's own tokens (the usual parser evaluation) and on the model's tokenizer's tokens (as geokg
   runs it: a token the tokenizer splits differently from the treebank counts as wrong)
5. ``package``  - copies it (spaCy's own ``to_disk`` format) into geokg's package data with a
   ``meta.json`` stating the data, licence, attribution, spaCy version, training time and the test scores

The treebank itself is never copied into the project: it is read from ``--ud``.
Work files go to ``build/training/`` (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_WORK = ROOT / "build" / "training"
DEFAULT_OUTPUT = ROOT / "extractors" / "models" / "en_geokg_syntax"
SPLITS = ("train", "dev", "test")
STEPS = ("convert", "clusters", "train", "evaluate", "package")
MODEL_NAME = "en_geokg_syntax"
MODEL_VERSION = "0.3.0"
SENTS_PER_DOC = 1  # geokg parses sentence by sentence
CLUSTER_WORDS = 100_000  # the table travels in the model (1 MB); the package holds at most 12 MB
CODE = ROOT / "extractors" / "_clusters.py"  # the embedding layer's architecture, for spacy train/evaluate
PROTOCOLS = {  # name -> extra ``spacy evaluate`` arguments
    "gold_tokens": ["--gold-preproc"],
    "own_tokenizer": [],
}

ATTRIBUTION = (
    "Universal Dependencies English Web Treebank (UD_English-EWT), Silveira et al. 2014 (LREC), "
    "and the Universal Dependencies contributors"
)


def _run(cmd: list[str]) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def convert(ud: Path, work: Path, *, n_sents: int = SENTS_PER_DOC, limit: int | None = None) -> dict[str, Path]:
    """Convert each split with ``spacy convert``; with *limit*, only the first *limit* sentences."""
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    for split in SPLITS:
        src = ud / f"en_ewt-{split}.conllu"
        if not src.is_file():
            raise SystemExit(f"error: {src} not found (give the UD English EWT folder with --ud)")
        if limit is not None:
            sliced = work / "slices" / src.name
            sliced.parent.mkdir(parents=True, exist_ok=True)
            sliced.write_text(_first_sentences(src.read_text(encoding="utf-8"), limit), encoding="utf-8")
            src = sliced
        _run([sys.executable, "-m", "spacy", "convert", str(src), str(corpus),
              "--converter", "conllu", "-n", str(n_sents)])
        out[split] = corpus / f"{src.stem}.spacy"
    return out


def _first_sentences(conllu: str, limit: int) -> str:
    blocks = [b for b in conllu.split("\n\n") if b.strip()]
    return "\n\n".join(blocks[:limit]) + "\n\n"


def clusters(work: Path, n_words: int = CLUSTER_WORDS) -> Path:
    """Write ``work/clusters.npz``: the *n_words* most frequent words with a cluster, their clusters and prefixes."""
    import gzip

    import spacy_lookups_data
    from spacy.strings import get_string_id

    data = Path(spacy_lookups_data.__file__).parent / "data"
    with gzip.open(data / "en_lexeme_cluster.json.gz", "rt", encoding="utf-8") as f:
        table = json.load(f)
    with gzip.open(data / "en_lexeme_prob.json.gz", "rt", encoding="utf-8") as f:
        prob = json.load(f)
    words = sorted((w for w, c in table.items() if c > 0), key=lambda w: (-prob.get(w, -99.0), w))[:n_words]
    mod = _clusters_module()
    out = work / "clusters.npz"
    work.mkdir(parents=True, exist_ok=True)
    mod.save_table(mod.cluster_table({w: table[w] for w in words}, get_string_id), out)
    print(f"clusters: {len(words)} words -> {out}")
    return out


CLUSTER_SOURCE = {
    "name": f"Brown clusters of spacy-lookups-data (en_lexeme_cluster, the {CLUSTER_WORDS:,} most frequent words)",
    "url": "https://github.com/explosion/spacy-lookups-data", "license": "MIT", "author": "Explosion",
}


def _uses_clusters(nlp) -> bool:  # noqa: ANN001
    return any(n.name == "geokg_cluster_features" for n in nlp.get_pipe("tok2vec").model.walk())


def _clusters_module():  # noqa: ANN202
    """``extractors/_clusters.py`` loaded from its file (geokg need not be installed to train)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("geokg_clusters", CODE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def train_corpus(work: Path, corpora: dict[str, Path], splits: tuple[str, ...]) -> Path:
    """The training corpus: one split's DocBin, or a folder holding several (spaCy reads every file in it)."""
    if splits == ("train",):
        return corpora["train"]
    folder = work / ("corpus-" + "-".join(splits))
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for split in splits:
        shutil.copy(corpora[split], folder / corpora[split].name)
    return folder


def chosen_model(work: Path, splits: tuple[str, ...]) -> Path:
    """model-best when dev only selects; model-last when dev is training data (its score there means nothing)."""
    return work / "model" / ("model-last" if "dev" in splits else "model-best")


def train(work: Path, corpora: dict[str, Path], *, max_steps: int | None = None,
          splits: tuple[str, ...] = ("train",)) -> float:
    cmd = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"),
           "--output", str(work / "model"),
           "--code", str(CODE), "--paths.clusters", str(work / "clusters.npz"),
           "--paths.train", str(train_corpus(work, corpora, splits)), "--paths.dev", str(corpora["dev"])]
    if "dev" in splits:
        cmd += ["--training.patience", "0", "--training.eval_frequency", "2500"]  # no early stopping on seen data
    if max_steps is not None:
        cmd += ["--training.max_steps", str(max_steps)]
    start = time.monotonic()
    print("+", " ".join(cmd), flush=True)
    with (work / "train.log").open("w", encoding="utf-8") as log, subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        for line in proc.stdout:  # the training table, shown and kept (package reads the best step from it)
            sys.stdout.write(line)
            log.write(line)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    elapsed = time.monotonic() - start
    (work / "train_seconds.txt").write_text(f"{elapsed:.0f}\n")
    return elapsed


def best_step(log: str, weights: dict[str, float]) -> int | None:
    """The step of the best dev score in ``spacy train``'s table (weights: ``[training.score_weights]``)."""
    cols: list[str] = []
    best: tuple[float, int] | None = None
    for line in log.splitlines():
        parts = line.split()
        if "#" in parts and "SCORE" in parts:
            cols = " ".join(parts).lower().replace("loss ", "loss_").split()  # "LOSS TAGGER" is one column
            continue
        if not cols or len(parts) != len(cols) or not parts[1].isdigit():
            continue
        row = dict(zip(cols, parts, strict=True))
        try:
            score = sum(float(row[k]) * w for k, w in weights.items() if w and k in row)
        except ValueError:
            continue
        if best is None or score > best[0]:
            best = (score, int(row["#"]))
    return best[1] if best else None


def evaluate(work: Path, corpora: dict[str, Path], splits: tuple[str, ...] = ("train",)) -> dict[str, dict]:
    """Scores on EWT test under each of ``PROTOCOLS``; written to ``work/test_metrics.json``."""
    results: dict[str, dict] = {}
    for name, extra in PROTOCOLS.items():
        out = work / f"test_metrics.{name}.json"
        _run([sys.executable, "-m", "spacy", "evaluate", str(chosen_model(work, splits)),
              str(corpora["test"]), "--output", str(out), "--code", str(CODE), *extra])
        scores = json.loads(out.read_text())
        results[name] = {"tag_acc": scores["tag_acc"], "dep_uas": scores["dep_uas"], "dep_las": scores["dep_las"]}
    (work / "test_metrics.json").write_text(json.dumps(results, indent=2) + "\n")
    for name, picked in results.items():
        print(f"UD English EWT test ({name.replace('_', ' ')}): "
              "TAG {tag_acc:.3f}  UAS {dep_uas:.3f}  LAS {dep_las:.3f}".format(**picked))
    return results


def package(work: Path, output: Path, ud: Path, splits: tuple[str, ...] = ("train",)) -> Path:
    import spacy

    best = chosen_model(work, splits)
    scores = json.loads((work / "test_metrics.json").read_text())
    seconds_file = work / "train_seconds.txt"
    _clusters_module()  # registers the embedding layer's architecture
    nlp = spacy.load(best)
    nlp.config["paths"]["clusters"] = None  # the table is in the weights; the training file does not travel
    dev_meta = json.loads((best / "meta.json").read_text())
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    nlp.meta.update({
        "name": MODEL_NAME.removeprefix("en_"),
        "version": MODEL_VERSION,
        "description": "geokg's compact tagger and dependency parser (tok2vec + tagger + parser)",
        "trained_on": ("UD English EWT (train and dev splits, fixed schedule chosen on dev in a train-only run; "
                       "scores on test)" if "dev" in splits else
                       "UD English EWT (train split; model selected on dev; scores on test)"),
        "sources": [{"name": "UD_English-EWT", "url": "https://github.com/UniversalDependencies/UD_English-EWT",
                     "license": "CC BY-SA 4.0", "author": ATTRIBUTION},
                    *([CLUSTER_SOURCE] if _uses_clusters(nlp) else [])],
        "license": "CC BY-SA 4.0",
        "attribution": ATTRIBUTION,
        "spacy_version": f">={spacy.__version__.rsplit('.', 1)[0]},<4",
        "spacy_version_trained": spacy.__version__,
        "training_seconds": float(seconds_file.read_text()) if seconds_file.exists() else None,
        "training_steps": nlp.config["training"]["max_steps"],
        "best_step": (best_step((work / "train.log").read_text(encoding="utf-8"),
                                dict(nlp.config["training"]["score_weights"]))
                      if (work / "train.log").exists() and "dev" not in splits else None),
        "machine": "2 cores, no GPU",
        "test_protocol": ("UD English EWT test, one sentence per document; test_scores on the treebank's tokens, "
                          "test_scores_own_tokenizer on the model's tokenizer's tokens"),
        "test_scores": scores["gold_tokens"],
        "test_scores_own_tokenizer": scores["own_tokenizer"],
        "dev_scores": (None if "dev" in splits else
                       {k: dev_meta.get("performance", {}).get(k) for k in ("tag_acc", "dep_uas", "dep_las")}),
    })
    nlp.to_disk(tmp)
    licence = ud / "LICENSE.txt"
    if licence.is_file():
        shutil.copy(licence, tmp / "LICENSE-UD_English-EWT.txt")
    if output.exists():
        shutil.rmtree(output)
    tmp.rename(output)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    print(f"packaged {output} ({size / 1e6:.1f} MB)")
    return output


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "ud", help="UD English EWT folder")
    ap.add_argument("--work", type=Path, default=DEFAULT_WORK, help="work folder (default build/training)")
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where the packaged model goes")
    ap.add_argument("--steps", default=",".join(STEPS), help=f"comma-separated subset of {','.join(STEPS)}")
    ap.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    ap.add_argument("--limit", type=int, default=None, help="convert only the first N sentences of each split")
    ap.add_argument("--train-on", default="train",
                    help="splits to train on: train (default; early stopping on dev, best model) or train,dev "
                         "(fixed schedule of --max-steps, last model)")
    args = ap.parse_args(argv)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        ap.error(f"unknown step(s): {', '.join(unknown)}")
    splits = tuple(x.strip() for x in args.train_on.split(",") if x.strip())
    if "train" not in splits or not set(splits) <= {"train", "dev"}:
        ap.error("--train-on must be 'train' or 'train,dev'")
    corpus = args.work / "corpus"
    corpora = {s: corpus / f"en_ewt-{s}.spacy" for s in SPLITS}
    if "convert" in steps:
        corpora = convert(args.ud, args.work, limit=args.limit)
    if "clusters" in steps:
        clusters(args.work)
    if "train" in steps:
        seconds = train(args.work, corpora, max_steps=args.max_steps, splits=splits)
        print(f"trained in {seconds / 60:.1f} min")
    if "evaluate" in steps:
        evaluate(args.work, corpora, splits)
    if "package" in steps:
        package(args.work, args.output, args.ud, splits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
