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
    return set(_modalities(nlp, words, heads, deps, tags))


def _modalities(nlp, words, heads, deps, tags):
    spaces = [not (i + 1 < len(words) and words[i + 1] in (",", ".")) for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags)
    for name, proc in nlp.pipeline:
        if name not in ("geokg_relations", "geokg_sentences"):
            doc = proc(doc)
    doc._.geokg_parsed = [[0, len(doc)]]
    doc = nlp.get_pipe("geokg_relations")(doc)
    return {(r["head"], r["relation"], r["tail"]): r["modality"] for r in doc._.geokg_relations}


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


def _urged(verb):
    words = f"The Farmers Association {verb} the Peruvian government to impose sanctions against Bolivia .".split()
    heads = [2, 2, 3, 3, 6, 6, 3, 8, 3, 8, 11, 8, 3]
    deps = ["det", "compound", "nsubj", "ROOT", "det", "amod", "iobj", "mark", "advcl", "obj", "case", "obl",
            "punct"]
    tags = ["DT", "NNPS", "NNP", "VBD", "DT", "JJ", "NN", "TO", "VB", "NNS", "IN", "NNP", "."]
    return words, heads, deps, tags


def test_object_control_infinitive_read_as_purpose_clause(nlp):
    # "to impose" parsed as an adverbial clause of "urged" rather than its xcomp: the government imposes
    rels = _modalities(nlp, *_urged("urged"))
    assert rels.get(("country:PER", "sanctioned", "country:BOL")) == "hedged"  # urged, not done
    assert not any(r == "sanctioned" and h != "country:PER" for h, r, _ in rels)


def test_purpose_clause_of_other_verbs_keeps_the_subject(nlp):
    # "thanked the Peruvian government to impose ...": not an object-control verb, the object is not the agent
    rels = _relations(nlp, *_urged("thanked"))
    assert ("country:PER", "sanctioned", "country:BOL") not in rels


def test_title_participle_read_as_clausal_subject(nlp):
    # "acting" parsed as the clausal subject of "met", the minister's name as its object
    words = "Chile 's acting Foreign Minister Ana Ferreira met with Lars Berg in Lima .".split()
    heads = [2, 0, 7, 4, 5, 2, 5, 7, 9, 7, 9, 12, 7, 7]
    deps = ["nmod:poss", "case", "csubj", "amod", "nmod:desc", "obj", "flat", "ROOT", "case", "obl", "flat", "case",
            "obl", "punct"]
    tags = ["NNP", "POS", "VBG", "NNP", "NNP", "NNP", "NNP", "VBD", "IN", "NNP", "NNP", "IN", "NNP", "."]
    rels = _relations(nlp, words, heads, deps, tags)
    assert ("person:ana-ferreira", "met_with", "person:lars-berg") in rels
    assert not any(h == "country:CHL" and r == "met_with" for h, r, _ in rels)


def test_fronted_event_noun_parsed_as_adverbial_clause(nlp):
    # "After talks with Chile" labelled advcl (a clause) instead of obl: still the clause subject's meeting
    words = "After talks with Chile , Peru said the border would reopen .".split()
    heads = [1, 6, 3, 1, 1, 6, 6, 8, 10, 10, 6, 6]
    deps = ["case", "advcl", "case", "nmod", "punct", "nsubj", "ROOT", "det", "nsubj", "aux", "ccomp", "punct"]
    tags = ["IN", "NNS", "IN", "NNP", ",", "NNP", "VBD", "DT", "NN", "MD", "VB", "."]
    rels = _relations(nlp, words, heads, deps, tags)
    assert ("country:PER", "met_with", "country:CHL") in rels


def test_denial_does_not_cover_a_second_verb_tagged_as_participle(nlp):
    # "accused" tagged VBN and coordinated with "attacking" rather than with "denied"
    words = "Peru denied attacking Chile and accused Bolivia of shelling border villages .".split()
    heads = [1, 1, 1, 2, 5, 2, 5, 8, 5, 10, 8, 1]
    deps = ["nsubj", "ROOT", "advcl", "obj", "cc", "conj", "obj", "mark", "advcl", "compound", "obj", "punct"]
    tags = ["NNP", "VBD", "VBG", "NNP", "CC", "VBN", "NNP", "IN", "VBG", "NN", "NNS", "."]
    rels = _modalities(nlp, words, heads, deps, tags)
    assert rels.get(("country:PER", "attacked", "country:CHL")) == "negated"
    assert rels.get(("country:PER", "accused", "country:BOL")) == "asserted"


def test_adverbial_meeting_attached_to_another_adverbial_noun(nlp):
    # "after an hour-long meeting with X" attached to "a luncheon" rather than to "Speaking"
    words = ("Speaking at a luncheon after an hour - long meeting with President Ana Ferreira , Lars Berg delivered "
             "a powerful endorsement of the government .").split()
    heads = [17, 3, 3, 0, 9, 9, 8, 6, 9, 3, 12, 12, 9, 12, 15, 17, 15, 17, 20, 20, 17, 23, 23, 20, 17]
    deps = ["advcl", "case", "det", "obl", "case", "det", "obl:unmarked", "punct", "amod", "nmod", "case",
            "nmod:desc", "nmod", "flat", "punct", "nsubj", "flat", "ROOT", "det", "amod", "obj", "case", "det",
            "nmod", "punct"]
    tags = ["VBG", "IN", "DT", "NN", "IN", "DT", "NN", "HYPH", "JJ", "NN", "IN", "NNP", "NNP", "NNP", ",", "NNP",
            "NNP", "VBD", "DT", "JJ", "NN", "IN", "DT", "NN", "."]
    rels = _relations(nlp, words, heads, deps, tags)
    assert ("person:lars-berg", "met_with", "person:ana-ferreira") in rels


@pytest.mark.parametrize("participle,owned", [("owned", True), ("backed", False)])
def test_name_joined_to_a_participle_modifier_by_a_hyphen(nlp, participle, owned):
    # "Chilean-owned ships" with "Chilean" hung on "owned" rather than on the ships: Chile's own ships;
    # "Chilean-backed ships" are someone else's
    words = f"Peru started to attack Chilean - {participle} ships near the coast .".split()
    heads = [1, 1, 3, 1, 6, 4, 7, 3, 10, 10, 3, 1]
    deps = ["nsubj", "ROOT", "mark", "xcomp", "obl:unmarked", "punct", "amod", "obj", "case", "det", "obl", "punct"]
    tags = ["NNP", "VBD", "TO", "VB", "JJ", "HYPH", "VBN", "NNS", "IN", "DT", "NN", "."]
    rels = _relations(nlp, words, heads, deps, tags)
    assert (("country:PER", "attacked", "country:CHL") in rels) is owned
