"""Mention extents: person mentions are written with their titles, while the relation rules see bare names."""

from __future__ import annotations

import spacy
from geokg.extractors import build_pipeline


def test_actors_mention_extents_include_titles(nlp):
    doc = nlp("Army Lt. Gen. Marek Dolan met Foreign Minister Ilse Varga in Vienna.")
    people = [(sp.text, sp.kb_id_) for sp in doc.ents if sp.label_ == "PERSON"]
    assert people == [("Army Lt. Gen. Marek Dolan", "person:marek-dolan"),
                      ("Foreign Minister Ilse Varga", "person:ilse-varga")]


def test_actors_mention_extents_stop_at_countries(nlp):
    doc = nlp("Kenyan President William Ruto flew to Addis Ababa.")
    assert [(sp.text, sp.label_) for sp in doc.ents][:2] == [("Kenyan", "COUNTRY"),
                                                            ("President William Ruto", "PERSON")]


def test_actors_bare_names_before_the_extent_component():
    nlp = build_pipeline(relations=False)
    nlp.remove_pipe("geokg_mention_extents")
    doc = nlp("Defense Secretary Dana Holt said the talks went well.")
    assert [sp.text for sp in doc.ents if sp.label_ == "PERSON"] == ["Dana Holt"]
    assert doc._.geokg_mention_extents == {(2, 4): (0, 4)}


def test_actors_titles_still_drive_relations(extract):
    rec = extract("Kenyan President William Ruto said Kenya would send police officers to Haiti.")
    assert any(r.head == "person:william-ruto" and r.relation == "leader_of" and r.tail == "country:KEN"
               for r in rec.relations)


def test_actors_mention_extents_component_is_registered():
    nlp = spacy.blank("en")
    nlp.add_pipe("geokg_mention_extents")
    assert nlp("No annotations here.").ents == ()


def test_actors_place_with_its_state_is_one_mention(extract):
    rec = extract("The convoy left Tal Tamr, Syria, at dawn; its driver came from Lufkin, Texas.")
    places = {e.id: (e.country, [m.text for m in e.mentions]) for e in rec.entities}
    assert places["location:lufkin"] == ("country:USA", ["Lufkin, Texas"])
    assert places["location:tal-tamr"] == ("country:SYR", ["Tal Tamr, Syria"])


def test_actors_compass_adjective_is_part_of_the_mention(extract):
    rec = extract("Fighting spread across northern Syria.")
    assert [(m.text, e.id) for e in rec.entities for m in e.mentions] == [("northern Syria", "country:SYR")]
