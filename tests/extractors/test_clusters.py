"""The word-cluster features of the syntax model's embedding layer (extractors/_clusters.py)."""

from __future__ import annotations

import numpy
import pytest
import spacy
from geokg.extractors import _clusters
from spacy.strings import get_string_id

# made-up cluster paths under the leading 1 bit: two country-like words share one, a verb has another
CLUSTERS = {"Norway": 0b1011010011, "Chile": 0b1011010011, "warned": 0b1110101, "norway": 0b1011010010, "x": 0}


def _features(words: list[str], table: dict[str, numpy.ndarray]) -> numpy.ndarray:
    nlp = spacy.blank("en")
    layer = _clusters.ClusterFeatures(["NORM", "SHAPE"], table)
    return layer.predict([spacy.tokens.Doc(nlp.vocab, words=words)])[0]


def test_table_is_sorted_and_keeps_the_path_prefix():
    table = _clusters.cluster_table(CLUSTERS, get_string_id)
    assert list(table["keys"]) == sorted(table["keys"]) and len(table["keys"]) == 4  # cluster 0: no cluster
    by_key = dict(zip(table["keys"].tolist(), table["prefix"].tolist(), strict=True))
    # the leading bit and the first six bits of the path
    assert by_key[get_string_id("Norway")] == 0b1011010
    assert by_key[get_string_id("warned")] == 0b1110101  # a path of six bits is its own prefix


def test_features_give_the_cluster_of_the_word_as_written_then_lower_cased():
    table = _clusters.cluster_table(CLUSTERS, get_string_id)
    f = _features(["Norway", "NORWAY", "warned", "Chile", "Qzxv"], table)
    assert f.shape == (5, 4)  # NORM, SHAPE, cluster, prefix
    assert f[:, 2].tolist() == [0b1011010011, 0b1011010010, 0b1110101, 0b1011010011, 0]
    assert f[4, 3] == 0  # unknown word: no cluster, no prefix
    assert f[0, 0] == get_string_id("norway")  # the other columns are spaCy's own


def test_an_empty_table_gives_zero_columns():
    f = _features(["Norway", "warned"], _clusters._load_table(None))
    assert f[:, 2:].tolist() == [[0, 0], [0, 0]]


def test_load_table_refuses_what_is_not_a_cluster_table(tmp_path):
    good = _clusters.cluster_table(CLUSTERS, get_string_id)
    path = tmp_path / "t.npz"
    _clusters.save_table(good, path)
    assert len(_clusters._load_table(path)["keys"]) == 4
    unsorted = dict(good, keys=good["keys"][::-1].copy())
    _clusters.save_table(unsorted, path)
    with pytest.raises(ValueError, match="not a cluster table"):
        _clusters._load_table(path)
    numpy.savez(path, keys=numpy.array([{"a": 1}], dtype=object), cluster=numpy.zeros(1), prefix=numpy.zeros(1))
    with pytest.raises(ValueError):  # object arrays would need pickle: refused
        _clusters._load_table(path)
