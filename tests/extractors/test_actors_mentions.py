"""Mentions are the name alone (CoNLL-2003/OntoNotes convention); titles and qualifiers are not part of them."""

from __future__ import annotations


def test_actors_mentions_exclude_titles(nlp):
    doc = nlp("Army Lt. Gen. Marek Dolan met Foreign Minister Ilse Varga in Vienna.")
    people = [(sp.text, sp.kb_id_) for sp in doc.ents if sp.label_ == "PERSON"]
    assert people == [("Marek Dolan", "person:marek-dolan"), ("Ilse Varga", "person:ilse-varga")]


def test_actors_mentions_stop_at_countries(nlp):
    doc = nlp("Kenyan President William Ruto flew to Addis Ababa.")
    assert [(sp.text, sp.label_) for sp in doc.ents][:2] == [("Kenyan", "COUNTRY"), ("William Ruto", "PERSON")]


def test_actors_titles_still_drive_relations(extract):
    rec = extract("Kenyan President William Ruto said Kenya would send police officers to Haiti.")
    assert any(r.head == "person:william-ruto" and r.relation == "leader_of" and r.tail == "country:KEN"
               for r in rec.relations)


def test_actors_place_with_its_state_takes_that_country(extract):
    rec = extract("The convoy left Tal Tamr, Syria, at dawn; its driver came from Lufkin, Texas.")
    places = {e.id: (e.country, [m.text for m in e.mentions]) for e in rec.entities}
    assert places["location:lufkin"] == ("country:USA", ["Lufkin"])
    assert places["location:tal-tamr"] == ("country:SYR", ["Tal Tamr"])
    assert "country:SYR" in places
