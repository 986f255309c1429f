"""Word-cluster features for the syntax model's embedding layer (``geokg.ClusterHashEmbed.v1``).

A treebank of 200,000 words leaves most words of news unseen. Brown clusters computed over a large corpus group
words that occur in the same contexts ("Norway" with "Chile", "warned" with "cautioned"); the embedding layer reads
a word's cluster and a coarse prefix of its cluster path beside its hashed form, prefix, suffix and shape, so a
word the treebank never showed is tagged and attached like the words of its cluster.

The clusters are those spaCy distributes in ``spacy-lookups-data`` (``en_lexeme_cluster``, MIT licence); the
training recipe keeps the most frequent words that have one and the table travels inside the model's weights
(the layer's attributes, spaCy's own serialisation), so the installed package needs nothing else at run time.

This module imports only spaCy, thinc and numpy: ``spacy train --code extractors/_clusters.py`` loads it alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array

PREFIX_BITS = 6  # the coarse cluster: the first bits of the cluster's path in the Brown hierarchy


def cluster_table(clusters: dict[str, int], hash_string: Callable[[str], int]) -> dict[str, numpy.ndarray]:
    """Sorted key hashes and, for each, its cluster and the cluster's coarse prefix.

    A cluster id is the cluster's path in the binary hierarchy under a leading 1 bit (as spaCy stores it); the
    prefix keeps that leading bit and the first ``PREFIX_BITS`` bits of the path.
    """
    items = sorted((hash_string(w), c) for w, c in clusters.items() if c > 0)
    return {
        "keys": numpy.asarray([k for k, _ in items], dtype="uint64"),
        "cluster": numpy.asarray([c for _, c in items], dtype="uint32"),
        "prefix": numpy.asarray([c >> max(0, c.bit_length() - 1 - PREFIX_BITS) for _, c in items], dtype="uint8"),
    }


def save_table(table: dict[str, numpy.ndarray], path: Path) -> None:
    numpy.savez_compressed(path, **table)


def _load_table(path: str | Path | None) -> dict[str, numpy.ndarray]:
    if path is None:  # a trained model: the table comes back with the weights (from_disk)
        return {"keys": numpy.zeros(0, "uint64"), "cluster": numpy.zeros(0, "uint32"),
                "prefix": numpy.zeros(0, "uint8")}
    # allow_pickle=False: a cluster file is arrays of integers, never objects
    with numpy.load(Path(path), allow_pickle=False) as data:
        table = {k: numpy.ascontiguousarray(data[k]) for k in ("keys", "cluster", "prefix")}
    keys = table["keys"]
    n = len(keys)
    if (not n or keys.dtype != numpy.uint64 or any(len(v) != n for v in table.values())
            or numpy.any(keys[1:] <= keys[:-1])):
        raise ValueError(f"{path}: not a cluster table (sorted unique uint64 keys, one cluster and prefix each)")
    return table


def _find(keys: numpy.ndarray, hashes: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Positions of ``hashes`` in the sorted ``keys`` and whether each is there."""
    if not len(keys):
        return numpy.zeros(len(hashes), dtype="int64"), numpy.zeros(len(hashes), dtype=bool)
    pos = numpy.minimum(numpy.searchsorted(keys, hashes), len(keys) - 1)
    return pos, keys[pos] == hashes


def ClusterFeatures(columns: list[int | str], table: dict[str, numpy.ndarray]) -> Model:
    """spaCy's FeatureExtractor with two more columns: the word's cluster and its prefix (0: none known)."""
    return Model("geokg_cluster_features", _features_forward,
                 attrs={"columns": list(columns), "cluster_keys": table["keys"],
                        "cluster_values": table["cluster"], "cluster_prefixes": table["prefix"]})


def _features_forward(model: Model, docs: list, is_train: bool) -> tuple[list, Callable]:
    columns = [*model.attrs["columns"], ORTH, LOWER]
    keys = model.attrs["cluster_keys"]
    arrays = [(d.to_array(columns) if hasattr(d, "to_array") else d.doc.to_array(columns)[d.start : d.end])
              .reshape((len(d), len(columns))) for d in docs]
    if not arrays:
        return [], lambda d_features: []
    # one lookup for the whole batch: the word as written ("US", "May"), else lower-cased
    out = numpy.concatenate(arrays).astype("uint64", copy=False)
    pos, hit = _find(keys, out[:, -2])
    low, hit_low = _find(keys, out[:, -1])
    pos = numpy.where(hit, pos, low)
    hit |= hit_low
    if len(keys):
        out[:, -2] = numpy.where(hit, model.attrs["cluster_values"][pos], 0)
        out[:, -1] = numpy.where(hit, model.attrs["cluster_prefixes"][pos], 0)
    else:
        out[:, -2:] = 0
    ends = numpy.cumsum([len(a) for a in arrays])[:-1]
    return [model.ops.asarray2i(f, dtype="uint64") for f in numpy.split(out, ends)], lambda d_features: []


@registry.architectures("geokg.ClusterHashEmbed.v1")
def ClusterHashEmbed(width: int, attrs: list[str], rows: list[int], cluster_rows: list[int],
                     clusters: str | None = None) -> Model:
    """spaCy's MultiHashEmbed.v2 (no static vectors) with the two cluster columns embedded beside ``attrs``.

    width: output width and the width of each table; attrs/rows as MultiHashEmbed; cluster_rows: the rows of
    the cluster table and of the prefix table; clusters: the ``.npz`` table written by the training recipe
    (null in a trained model's config: the table is part of its weights).
    """
    if len(rows) != len(attrs) or len(cluster_rows) != 2:
        raise ValueError("rows must match attrs, and cluster_rows give two numbers (cluster, prefix)")
    table = _load_table(clusters)
    all_rows = [*rows, *cluster_rows]
    embeddings = [HashEmbed(width, n, column=i, seed=8 + i, dropout=0.0) for i, n in enumerate(all_rows)]
    return chain(
        ClusterFeatures(attrs, table),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
