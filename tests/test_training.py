"""The training recipe's conversion step, on a tiny treebank written here (training itself is not run in CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent

SENTENCE = """# text = Norway warned Sweden.
1\tNorway\tNorway\tPROPN\tNNP\t_\t2\tnsubj\t_\t_
2\twarned\twarn\tVERB\tVBD\t_\t0\troot\t_\t_
3\tSweden\tSweden\tPROPN\tNNP\t_\t2\tobj\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

"""


def test_training_convert_step_on_a_small_slice(tmp_path):
    ud = tmp_path / "ud"
    ud.mkdir()
    for split in ("train", "dev", "test"):
        (ud / f"en_ewt-{split}.conllu").write_text(SENTENCE * 5, encoding="utf-8")
    work = tmp_path / "work"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "training" / "train.py"), "--ud", str(ud), "--work", str(work),
         "--steps", "convert", "--limit", "3"],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    docs = list(DocBin().from_disk(work / "corpus" / "en_ewt-train.spacy").get_docs(spacy.blank("en").vocab))
    tokens = [t for d in docs for t in d]
    assert len(tokens) == 12  # --limit 3: three of the five sentences
    assert len(docs) == 3  # one sentence per document, as geokg parses
    assert [(t.text, t.dep_, t.head.text, t.tag_) for t in tokens[:3]] == [
        ("Norway", "nsubj", "warned", "NNP"), ("warned", "ROOT", "warned", "VBD"), ("Sweden", "obj", "warned", "NNP")]


def test_training_unknown_step_is_a_usage_error(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "training" / "train.py"), "--steps", "bake"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "unknown step" in proc.stderr


def _train_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("geokg_train", ROOT / "training" / "train.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_training_on_train_and_dev_reads_both_and_keeps_the_last_model(tmp_path):
    train = _train_module()
    corpora = {}
    for split in ("train", "dev"):
        corpora[split] = tmp_path / f"en_ewt-{split}.spacy"
        corpora[split].write_bytes(split.encode())
    assert train.train_corpus(tmp_path, corpora, ("train",)) == corpora["train"]
    folder = train.train_corpus(tmp_path, corpora, ("train", "dev"))
    assert sorted(p.read_bytes() for p in folder.iterdir()) == [b"dev", b"train"]
    # dev is training data then: its score cannot pick a model
    assert train.chosen_model(tmp_path, ("train", "dev")).name == "model-last"
    assert train.chosen_model(tmp_path, ("train",)).name == "model-best"


def test_training_on_test_is_a_usage_error():
    proc = subprocess.run([sys.executable, str(ROOT / "training" / "train.py"), "--train-on", "train,test",
                           "--steps", "evaluate"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "--train-on" in proc.stderr


def test_training_cluster_step_keeps_the_most_frequent_clustered_words(tmp_path):
    train = _train_module()
    out = train.clusters(tmp_path, n_words=50)
    mod = train._clusters_module()
    table = mod._load_table(out)
    assert len(table["keys"]) == 50 and table["cluster"].min() > 0
    from spacy.strings import get_string_id

    assert get_string_id("the") in set(table["keys"].tolist())  # the most frequent words come first


def test_training_best_step_is_read_from_the_training_table():
    train = _train_module()
    log = """E    #       LOSS TOK2VEC  LOSS TAGGER  LOSS PARSER  TAG_ACC  POS_ACC  DEP_UAS  DEP_LAS  SENTS_F  SCORE
---  ------  ------------  -----------  -----------  -------  -------  -------  -------  -------  ------
  0       0          0.00        71.45       152.23     0.06     0.00     8.43     8.43     0.72    0.04
  3     500       6684.36     24616.03     61893.11    94.00     0.00    87.00    83.00    94.52    0.90
  5    1000       6684.36     24616.03     61893.11    94.10     0.00    86.80    83.10    94.52    0.90
"""
    # SCORE ties at two decimals; the weights decide: 0.5 * tag + 0.25 * uas + 0.25 * las
    assert train.best_step(log, {"tag_acc": 0.5, "dep_uas": 0.25, "dep_las": 0.25, "sents_f": 0.0}) == 1000
    assert train.best_step("no table here", {"tag_acc": 1.0}) is None
