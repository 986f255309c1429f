"""Unit tests of the spaCy components on spacy.blank("en") with sentences written for them."""

from __future__ import annotations

import json

import pytest
import spacy
from geokg.extractors import build_pipeline
from geokg.schemas import load_ontology
from spacy.tokens import Span

from geokg.errors import DataFileError, ModelNotFound


def test_sentences_split_news_text(nlp):
    doc = nlp('Gen. Joseph Votel met U.S. officials. "It went well," he said. Lt. Col. Smith left.\n\nNEW SECTION')
    assert [s.text.strip() for s in doc.sents] == [
        "Gen. Joseph Votel met U.S. officials.", '"It went well," he said.', "Lt. Col. Smith left.", "NEW SECTION"]


def test_actors_resolve_metonyms_demonyms_and_seats(nlp):
    doc = nlp("The Kremlin and Damascus agreed; Belarusian and Belarussian officials and Washington disagreed.")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [
        ("Kremlin", "country:RUS"), ("Damascus", "country:SYR"), ("Belarusian", "country:BLR"),
        ("Belarussian", "country:BLR"), ("Washington", "country:USA")]


def test_actors_surname_and_pronoun_resolution(nlp):
    doc = nlp("Ukrainian envoy Olena Kovalenko arrived on Monday. Kovalenko said she would stay.")
    people = {e.text: e.kb_id_ for e in doc.ents if e.label_ == "PERSON"}
    assert people == {"Olena Kovalenko": "person:olena-kovalenko", "Kovalenko": "person:olena-kovalenko"}
    assert [(sp.text, sp.kb_id_) for sp in doc.spans["geokg_corefs"]] == [("she", "person:olena-kovalenko")]


def test_actors_ignore_boilerplate_and_sentence_starts(nlp):
    doc = nlp("Last Updated: 07/27/2016\n\nAnalysts said Thursday was quiet. Officials declined to comment.")
    assert list(doc.ents) == []


def test_actors_georgia_us_state_is_not_the_country(nlp):
    assert "country:GEO" not in {e.kb_id_ for e in nlp("Voters in Atlanta, Georgia, went to the polls.").ents}
    assert "country:GEO" in {e.kb_id_ for e in nlp("Russian troops remain in Georgia.").ents}


@pytest.mark.usefixtures("shared_lexeme_probs")
def test_actors_user_alias_file_adds_and_removes(tmp_path):
    f = tmp_path / "aliases.yaml"
    f.write_text("actors:\n  - {name: Freedonia, type: country, iso3: XFR, aliases: [Freedonian]}\n"
                 "  - {name: Blue Harbor Group, type: organization, aliases: [BHG]}\nremove: [Chad]\n")
    nlp = build_pipeline(alias_file=f, relations=False)
    doc = nlp("Freedonian officials met BHG and Chad.")
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Freedonian", "country:XFR"),
                                                     ("BHG", "organization:blue-harbor-group")]


def test_actors_bad_alias_file_is_a_clear_error(tmp_path):
    f = tmp_path / "aliases.json"
    f.write_text(json.dumps({"actors": [{"name": "X", "type": "planet"}]}))
    with pytest.raises(DataFileError, match="aliases.json"):
        build_pipeline(alias_file=f, relations=False)("X")


def test_actors_use_a_trained_ner_when_present():
    nlp = spacy.blank("en")

    def fake_ner(doc):  # stands in for a trained pipeline's NER
        doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 5, label="ORG")]
        return doc

    spacy.Language.component("fake_ner_for_test", func=fake_ner)
    nlp.add_pipe("fake_ner_for_test")
    nlp.add_pipe("geokg_sentences", first=True)
    nlp.add_pipe("geokg_actors")
    doc = nlp("Tomas Qorri visited Tirana Logistics yesterday with Russia.")
    got = {(e.text, e.kb_id_) for e in doc.ents}
    assert ("Tomas Qorri", "person:tomas-qorri") in got and ("Russia", "country:RUS") in got
    assert ("Tirana Logistics", "organization:tirana-logistics") in got


def test_build_pipeline_unknown_model_is_model_not_found():
    with pytest.raises(ModelNotFound, match="not installed"):
        build_pipeline("no_such_pipeline_xyz")


def test_ontology_has_every_contract_label_with_codes():
    onto = load_ontology()
    labels = {e.label for e in onto.relations}
    assert len(labels) == 23
    for e in onto.relations:
        assert e.cameo and e.plover and e.quad_class
    assert onto.get("met_with").symmetric and not onto.get("hosted").symmetric


def test_ontology_user_file_adds_a_relation_type(tmp_path):
    import yaml

    data = yaml.safe_load(load_ontology().model_dump_json())
    data["relations"].append({
        "label": "expelled_journalists_from", "description": "head expelled reporters of tail",
        "head_types": ["country"], "tail_types": ["country", "organization"], "cameo": "17", "plover": "COERCE",
        "quad_class": "verbal_conflict", "score": -5.0,
        "triggers": {"verbs": ["expel"], "preps": ["", "from"], "requires": ["journalist", "journalists", "reporters"]},
    })
    f = tmp_path / "onto.yaml"
    f.write_text(yaml.safe_dump(data))
    nlp = spacy.blank("en")
    nlp.add_pipe("geokg_sentences")
    from geokg.extractors.nlp import _add_lookup_lemmatizer

    _add_lookup_lemmatizer(nlp)
    nlp.add_pipe("geokg_actors")
    nlp.add_pipe("geokg_relations", config={"ontology": str(f)})
    doc = nlp("Belarus expelled German journalists on Friday.")
    assert [(h["head"], h["relation"], h["tail"]) for h in doc._.geokg_relations] == [
        ("country:BLR", "expelled_journalists_from", "country:DEU")]


def test_ontology_bad_file_names_the_problem(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("version: 1\nrelations:\n  - label: Bad Label\n")
    with pytest.raises(DataFileError, match="bad.yaml"):
        load_ontology(f)


def test_actors_generic_patterns_without_gazetteer_entries(nlp):
    doc = nlp("Olga Petrova, editor of the journal Turkey in the World, visited the port of Berbera. "
              "In an interview published in Vremya Novostei, she praised the breakaway republic of Transdonia.")
    got = {(e.text, e.label_) for e in doc.ents}
    assert ("Turkey in the World", "ORG") in got and ("Turkey", "COUNTRY") not in got
    assert ("Berbera", "LOC") in got and ("Transdonia", "LOC") in got
    assert ("Vremya Novostei", "ORG") in got
    assert ("Olga Petrova", "PERSON") in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lukashenko, who has ruled Belarus since 1994, spoke.", ("person:alexander-lukashenko", "country:BLR")),
        ("NATO is led by Mark Rutte.", ("person:mark-rutte", "organization:nato")),
        ("Gen. Joseph Votel, commander of U.S. Central Command, spoke.",
         ("person:joseph-votel", "organization:u-s-central-command")),
    ],
)
def test_relations_leader_by_verb_passive_and_apposition(extract, text, expected):
    rels = {(r.head, r.tail) for r in extract(text).relations if r.relation == "leader_of"}
    assert expected in rels


def test_relations_leader_needs_a_person(extract):
    assert extract("Russia leads the world in wheat exports.").relations == []


def test_relations_coordinated_objects_but_not_new_clauses(extract):
    rec = extract("Iran supplied drones to Russia and Venezuela.")
    rels = {(r.head, r.relation, r.tail) for r in rec.relations if r.relation == "arms_supplier_of"}
    assert rels >= {("country:IRN", "arms_supplier_of", t) for t in ("country:RUS", "country:VEN")}
    rec = extract("Russia threatened Ukraine, and Poland condemned the move.")
    rels = {(r.relation, r.tail) for r in rec.relations}
    assert rels == {("threatened", "country:UKR")}


def test_actors_party_names_and_georgia_in_one_article(extract):
    text = ("Georgia's ruling Georgian Dream party won. Russian Foreign Ministry spokeswoman Maria Zakharova spoke."
            " In Atlanta, Georgia Governor Brian Kemp did not comment.")
    rec = extract(text)
    ids = {e.id: [m.text for m in e.mentions] for e in rec.entities}
    assert ids["organization:georgian-dream"] == ["Georgian Dream"]
    assert ids["organization:russian-foreign-ministry"] == ["Russian Foreign Ministry"]
    assert ids["country:GEO"] == ["Georgia"]  # the country once; the US state's governor is not Georgia


@pytest.mark.parametrize("text", ["Michael Jordan visited Chicago.", "Chad Smith met officials."])
def test_actors_country_names_inside_person_names(nlp, text):
    assert not [e for e in nlp(text).ents if e.label_ == "COUNTRY"]


def test_actors_country_names_next_to_lowercase_words_stay_countries(nlp):
    assert [e.kb_id_ for e in nlp("Kenya and Chad signed a deal; Jordan closed its border.").ents] == [
        "country:KEN", "country:TCD", "country:JOR"]


def test_tokenizer_splits_a_hyphen_after_an_abbreviation_before_a_name(nlp):
    words = [t.text for t in nlp.make_doc("the U.S.-Japan accord and U.S.-backed forces at 5 p.m.-6 p.m.")]
    assert words[:4] == ["the", "U.S.", "-", "Japan"]
    assert "U.S.-backed" in words and "p.m.-6" in words  # a lower-case or digit part stays glued


def test_pipeline_declares_what_each_component_assigns_and_requires(nlp):
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]
    summary = analysis["summary"]
    assert "doc.ents" in summary["geokg_actors"]["assigns"]
    assert "token.dep" in summary["geokg_syntax"]["assigns"]
    assert "doc.ents" in summary["geokg_relations"]["requires"]
