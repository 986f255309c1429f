"""Dated actors: leaders by the document's date, old states' capitals, datelines, companies (made-up copy)."""

from __future__ import annotations

import pytest
from geokg.schemas import Document


@pytest.fixture
def extract_dated(extractor):
    def run(text: str, date: str | None = None):
        return next(extractor.extract([Document(doc_id="d", text=text, date=date)]))

    return run


def _ids(rec) -> set[str]:
    return {e.id for e in rec.entities}


@pytest.mark.parametrize(("date", "expected"), [("1987-03-02", "person:george-h-w-bush"),
                                                ("1990-06-01", "person:george-h-w-bush"),
                                                ("2003-03-02", "person:george-w-bush")])
def test_actors_dated_surname_goes_to_leader_in_office(extract_dated, date, expected):
    rec = extract_dated("Bush said the talks with the allies would go on.", date)
    assert expected in _ids(rec)
    assert not any(e.id.startswith("person:george") and e.id != expected for e in rec.entities)


def test_actors_dated_no_date_two_candidates_no_guess(extract_dated):
    rec = extract_dated("Bush said the talks with the allies would go on.")
    assert not [e for e in rec.entities if e.type == "person"]


def test_actors_dated_era_from_the_text(extract_dated):
    # no date, but Reagan's presidency tells the time: the vice president of those years
    rec = extract_dated("Reagan and Bush met congressional leaders. Bush later flew to Texas.")
    assert {"person:ronald-reagan", "person:george-h-w-bush"} <= _ids(rec)


def test_actors_dated_full_name_in_document_wins(extract_dated):
    rec = extract_dated("Laura Bush opened the library on Monday. Bush said reading mattered.", "2004-05-01")
    assert "person:laura-bush" in _ids(rec) and "person:george-w-bush" not in _ids(rec)


def test_actors_dated_other_stoltenberg_by_office_named(extract_dated):
    rec = extract_dated("West German Finance Minister Stoltenberg said Bonn would not cut rates.")
    assert "person:gerhard-stoltenberg" in _ids(rec) and "person:jens-stoltenberg" not in _ids(rec)
    rec = extract_dated("NATO chief Stoltenberg said the alliance would respond.", "2019-04-04")
    assert "person:jens-stoltenberg" in _ids(rec)


def test_actors_dated_old_capital_is_the_old_state(extract_dated):
    assert "country:BRD" in _ids(extract_dated("Bonn and Paris disagree on farm prices.", "1987-03-02"))
    assert "country:BRD" not in _ids(extract_dated("Bonn hosted a climate conference.", "2017-11-10"))
    assert "country:SUN" in _ids(extract_dated("Moscow rejected the proposal on Tuesday.", "1985-06-01"))
    assert "country:RUS" in _ids(extract_dated("Moscow rejected the proposal on Tuesday.", "2015-06-01"))


def test_actors_dated_namesake_before_first_office_is_not_the_leader(extract_dated):
    rec = extract_dated("Schroeder, a salesman from Ohio, said orders were up.", "1975-05-05")
    assert "person:gerhard-schroeder" not in _ids(rec)


def test_actors_dated_historical_actors_have_own_ids_and_successors(extract_dated):
    rec = extract_dated("The European Community and GATT officials met Comecon and Zaire delegates in "
                        "Burma while West Germany watched.")
    assert {"organization:european-community", "organization:general-agreement-on-tariffs-and-trade",
            "organization:comecon", "country:ZAR", "country:BUR", "country:BRD"} <= _ids(rec)


def test_actors_dated_dateline_is_a_place_on_the_doc(nlp):
    doc = nlp("GRAIN SHIPMENTS RISE\n\nROTTERDAM, March 16 - Grain shipments rose, port officials said.")
    assert doc._.geokg_dateline == {"text": "ROTTERDAM", "start": 22, "end": 31,
                                    "entity": doc._.geokg_dateline["entity"]}
    assert doc._.geokg_dateline["entity"].startswith("location:rotterdam")
    assert any(e.text == "ROTTERDAM" and e.label_ == "LOC" for e in doc.ents)
    assert nlp("Grain shipments rose in March, officials said.")._.geokg_dateline is None


def test_actors_dated_dateline_survives_serialisation(nlp):
    from spacy.tokens import Doc

    doc = nlp("TOKYO, June 29 - The central bank held rates.")
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.geokg_dateline == doc._.geokg_dateline


@pytest.mark.parametrize(("text", "name"), [
    ("Halvorsen Industries Inc said it agreed to buy a stake.", "Halvorsen Industries Inc"),
    ("Brennick Kraftwerke AG said profits fell.", "Brennick Kraftwerke AG"),
    ("<Tamsworth Mining PLC> said output rose.", "Tamsworth Mining PLC"),
])
def test_actors_dated_company_by_legal_form_is_an_organisation(extract, text, name):
    rec = extract(text)
    orgs = {e.name for e in rec.entities if e.type == "organization"}
    assert name in orgs and not [e for e in rec.entities if e.type == "person"]


def test_actors_dated_company_short_forms_link(extract):
    rec = extract("Ostrander Mills Corp said it would sell its Mexican unit. Ostrander shares rose 2 Dlrs.")
    org = next(e for e in rec.entities if e.id == "organization:ostrander-mills-corp")
    assert {m.text for m in org.mentions} == {"Ostrander Mills Corp", "Ostrander"}
    assert not [e for e in rec.entities if e.type == "person"]


def test_actors_dated_dateline_line_with_iso_date(nlp):
    doc = nlp("STEEL OUTPUT FALLS\nLISBON 1996-08-22\nSteel output fell in July, the ministry said.")
    assert doc._.geokg_dateline["text"] == "LISBON"
    assert doc._.geokg_dateline["entity"] == "location:lisbon-prt"
