"""A headline in capitals is read like the same words in lower case (the actors given, as geokg_actors sets them)."""

from __future__ import annotations

import spacy
from spacy.tokens import Span


def _run(text: str, ents: list[tuple[int, int, str, str]]):
    nlp = spacy.blank("en")
    nlp.add_pipe("geokg_sentences")
    nlp.add_pipe("geokg_lemmas", name="lemmatizer")
    rel = nlp.add_pipe("geokg_relations", config={"gazetteer_places": False})
    doc = nlp.make_doc(text)
    for _name, proc in nlp.pipeline[:2]:
        doc = proc(doc)
    doc.ents = [Span(doc, s, e, label=label, kb_id=eid) for s, e, label, eid in ents]
    doc._.geokg_entities = {eid: {"id": eid, "type": "country", "name": eid, "iso3": None, "country": None,
                                  "aliases": []} for *_, eid in ents}
    return [(r["head"], r["relation"], r["tail"], r["modality"]) for r in rel(doc)._.geokg_relations]


def test_relations_headline_in_capitals_reads_its_verb():
    got = _run("JAPAN ACCUSES CHINA OF DUMPING STEEL",
               [(0, 1, "COUNTRY", "country:JPN"), (2, 3, "COUNTRY", "country:CHN")])
    assert ("country:JPN", "accused", "country:CHN", "asserted") in got


def test_relations_capitalised_words_in_running_text_are_no_verbs():
    # in running text a capitalised trigger word is a name ("Support Group"), not a verb
    got = _run("Japan and the Support Group for China met.", [(0, 1, "COUNTRY", "country:JPN"),
                                                               (6, 7, "COUNTRY", "country:CHN")])
    assert not any(r[1] == "supports" for r in got)
