"""Train geokg's syntax model (tagger + dependency parser) on UD English EWT and package it.

One command does it all::

    python training/train.py --ud ../shared/ud

Steps (each can be re-run alone with ``--steps``):

1. ``convert``  - ``spacy convert`` of the train/dev/test ``.conllu`` files into ``.spacy`` DocBins, one sentence
   per document: geokg parses each selected sentence as a Doc of its own, so the model never has to find
   sentence boundaries, and it is trained and measured the way it is used
2. ``train``    - ``spacy train training/config.cfg`` on the splits of ``--train-on``: ``train`` (default, the
   shipped model: spaCy's early stopping keeps the best model on dev) or ``train,dev`` (an experiment: a fixed
   schedule, give it with ``--max-steps``, and the last model is kept, since dev is then training data)
3. ``evaluate`` - ``spacy evaluate`` of that model on EWT *test*, sentence by sentence; prints TAG, UAS, LAS on
   the treebank's own tokens (the usual parser evaluation) and on the model's tokenizer's tokens (as geokg
   runs it: a token the tokenizer splits differently from the treebank counts as wrong)
4. ``package``  - copies it (spaCy's own ``to_disk`` format) into geokg's package data with a
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
STEPS = ("convert", "train", "evaluate", "package")
MODEL_NAME = "en_geokg_syntax"
MODEL_VERSION = "0.2.0"
SENTS_PER_DOC = 1  # geokg parses sentence by sentence
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
           "--paths.train", str(train_corpus(work, corpora, splits)), "--paths.dev", str(corpora["dev"])]
    if "dev" in splits:
        cmd += ["--training.patience", "0", "--training.eval_frequency", "2500"]  # no early stopping on seen data
    if max_steps is not None:
        cmd += ["--training.max_steps", str(max_steps)]
    start = time.monotonic()
    _run(cmd)
    elapsed = time.monotonic() - start
    (work / "train_seconds.txt").write_text(f"{elapsed:.0f}\n")
    return elapsed


def evaluate(work: Path, corpora: dict[str, Path], splits: tuple[str, ...] = ("train",)) -> dict[str, dict]:
    """Scores on EWT test under each of ``PROTOCOLS``; written to ``work/test_metrics.json``."""
    results: dict[str, dict] = {}
    for name, extra in PROTOCOLS.items():
        out = work / f"test_metrics.{name}.json"
        _run([sys.executable, "-m", "spacy", "evaluate", str(chosen_model(work, splits)),
              str(corpora["test"]), "--output", str(out), *extra])
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
    nlp = spacy.load(best)
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
                     "license": "CC BY-SA 4.0", "author": ATTRIBUTION}],
        "license": "CC BY-SA 4.0",
        "attribution": ATTRIBUTION,
        "spacy_version": f">={spacy.__version__.rsplit('.', 1)[0]},<4",
        "spacy_version_trained": spacy.__version__,
        "training_seconds": float(seconds_file.read_text()) if seconds_file.exists() else None,
        "training_steps": dev_meta.get("performance", {}).get("step") or nlp.config["training"]["max_steps"],
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
