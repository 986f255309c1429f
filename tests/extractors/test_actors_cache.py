"""The compiled gazetteer cache holds data only: a planted file never runs code and is rebuilt."""

from __future__ import annotations

import gzip
import json
import pickle

import pytest
import spacy
from geokg.extractors import _gazetteer as gz


class _Plant:
    """Unpickling this object would create ``path`` (the attack a pickle cache allows)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.slow
@pytest.mark.usefixtures("shared_lexeme_probs")
def test_actors_cache_planted_pickle_runs_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gz, "_MEMO", {})
    marker = tmp_path / "pwned"
    key = gz._cache_key(None)
    payload = pickle.dumps(_Plant(str(marker)))
    # the old pickle name, the current name (raw and gzipped): none of them may be unpickled
    (tmp_path / f"gazetteer-{key}.pickle").write_bytes(payload)
    (tmp_path / f"gazetteer-{key}.json.gz").write_bytes(gzip.compress(payload))
    gaz = gz.load_gazetteer(spacy.blank("en"))
    assert not marker.exists()
    assert gaz.phrases[("Syria",)] == ("country:SYR", "country")
    # the planted file was replaced by plain JSON data that loads back to the same tables
    with gzip.open(tmp_path / f"gazetteer-{key}.json.gz", "rt", encoding="utf-8") as f:
        data = json.load(f)
    again = gz.Gazetteer.from_json(data)
    assert again.phrases == gaz.phrases and again.ambiguous == gaz.ambiguous and again.given == gaz.given


@pytest.mark.slow
@pytest.mark.usefixtures("shared_lexeme_probs")
def test_actors_cache_foreign_json_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOKG_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gz, "_MEMO", {})
    key = gz._cache_key(None)
    (tmp_path / f"gazetteer-{key}.json.gz").write_bytes(gzip.compress(b'{"format": 1, "phrases": []}'))
    gaz = gz.load_gazetteer(spacy.blank("en"))
    assert gaz.entities["country:SUN"]["successor"] == "country:RUS"
