"""The actor component as a spaCy component: declared attributes, saving and loading with a user alias file."""

from __future__ import annotations

import json

import pytest
import spacy
from geokg.extractors import build_pipeline


def test_actors_component_declares_what_it_assigns():
    nlp = spacy.blank("en")
    nlp.add_pipe("geokg_sentences")
    nlp.add_pipe("geokg_actors")
    meta = nlp.get_pipe_meta("geokg_actors")
    assert "doc.ents" in meta.assigns and "doc._.geokg_dateline" in meta.assigns
    assert meta.default_config == {"alias_file": None}


@pytest.mark.slow
@pytest.mark.usefixtures("shared_lexeme_probs")
def test_actors_component_saves_its_alias_file(tmp_path):
    aliases = tmp_path / "mine.json"
    aliases.write_text(json.dumps({"actors": [{"name": "Karvonen Institute", "type": "organization",
                                              "aliases": ["KVI"]}]}), encoding="utf-8")
    nlp = build_pipeline(alias_file=aliases, relations=False)
    nlp.get_pipe("geokg_actors").initialize()
    nlp.to_disk(tmp_path / "pipe")
    aliases.unlink()  # the saved pipeline carries its own copy
    again = spacy.load(tmp_path / "pipe")
    doc = again("Researchers at KVI said the study was sound.")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("KVI", "organization:karvonen-institute")]
