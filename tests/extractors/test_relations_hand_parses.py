"""Relation rules on parses written by hand: the parser errors the rules must survive, whatever the model.

Each case gives the words with a wrong but real-looking parse (one the shipped model has produced on news) and
the relations the rules must still read from it.
"""

from __future__ import annotations

import pytest
from geokg.extractors.nlp import build_pipeline
from spacy.tokens import Doc


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(fast=True)


def _relations(nlp, words, heads, deps, tags):
    spaces = [not (i + 1 < len(words) and words[i + 1] in (",", ".")) for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags)
    for name, proc in nlp.pipeline:
        if name not in ("geokg_relations", "geokg_sentences"):
            doc = proc(doc)
    doc._.geokg_parsed = [[0, len(doc)]]
    doc = nlp.get_pipe("geokg_relations")(doc)
    return {(r["head"], r["relation"], r["tail"]) for r in doc._.geokg_relations}


def test_fronted_participle_read_as_clausal_subject(nlp):
    # "Speaking" parsed as the csubj of "praised", and "Lars Berg" as part of the name before the comma
    words = "Speaking after talks with President Ana Ferreira , Lars Berg praised Chile .".split()
    heads = [10, 2, 0, 5, 5, 2, 5, 8, 5, 8, 10, 10, 10]
    deps = ["csubj", "case", "obl", "case", "nmod:desc", "nmod", "flat", "punct", "flat", "flat", "ROOT", "obj",
            "punct"]
    tags = ["VBG", "IN", "NNS", "IN", "NNP", "NNP", "NNP", ",", "NNP", "NNP", "VBD", "NNP", "."]
    rels = _relations(nlp, words, heads, deps, tags)
    assert ("person:lars-berg", "met_with", "person:ana-ferreira") in rels
    assert ("person:lars-berg", "praised", "country:CHL") in rels
    assert not any(h == "person:ana-ferreira" for h, _, _ in rels)


def test_clausal_subject_that_is_not_fronted_gives_no_name(nlp):
    # "Meeting Ana Ferreira pleased Lars Berg": a real clausal subject, no comma, no name before the verb
    words = "Meeting Ana Ferreira pleased Lars Berg .".split()
    heads = [3, 2, 0, 3, 5, 3, 3]
    deps = ["csubj", "compound", "obj", "ROOT", "compound", "obj", "punct"]
    tags = ["VBG", "NNP", "NNP", "VBD", "NNP", "NNP", "."]
    rels = _relations(nlp, words, heads, deps, tags)
    assert not any(r == "met_with" and h == "person:lars-berg" for h, r, _ in rels)
