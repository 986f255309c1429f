"""Tests of the record models and the JSON Schema export."""

from __future__ import annotations

import json

import pytest
from geokg.schemas import (
    Document,
    Entity,
    Evidence,
    Extraction,
    Mention,
    Ontology,
    OntologyEntry,
    Relation,
    json_schema,
)
from pydantic import ValidationError


def _entry(label: str, **kw) -> OntologyEntry:
    base = {"label": label, "description": "d", "head_types": ["country"], "tail_types": ["country"],
            "cameo": "19", "plover": "ASSAULT", "quad_class": "material_conflict", "score": -10.0}
    base.update(kw)
    return OntologyEntry(**base)


def test_entity_rejects_bad_id_and_type():
    with pytest.raises(ValidationError):
        Entity(id="SYR", type="country", name="Syria")
    with pytest.raises(ValidationError):
        Entity(id="country:SYR", type="state", name="Syria")


def test_records_are_frozen_and_forbid_extra_fields():
    ent = Entity(id="country:SYR", type="country", name="Syria")
    with pytest.raises(ValidationError):
        ent.name = "Syrie"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Entity(id="country:SYR", type="country", name="Syria", colour="red")


def test_mention_end_before_start_is_rejected():
    with pytest.raises(ValidationError):
        Mention(start=5, end=2, text="x")


def test_relation_modality_is_constrained():
    ev = [Evidence(start=0, end=1, text="x")]
    assert Relation(head="a:b", relation="met_with", tail="c:d", modality="planned", evidence=ev).modality == "planned"
    with pytest.raises(ValidationError):
        Relation(head="a:b", relation="met_with", tail="c:d", modality="rumoured", evidence=ev)
    with pytest.raises(ValidationError):
        Relation(head="a:b", relation="Met With", tail="c:d")
    with pytest.raises(ValidationError):
        Relation(head="a:b", relation="met_with", tail="c:d", confidence=1.5)


def test_extraction_round_trips_through_json():
    rec = Extraction(
        doc_id="d",
        entities=[Entity(id="country:ISR", type="country", name="Israel", iso3="ISR",
                         mentions=[Mention(start=0, end=6, text="Israel")])],
        relations=[Relation(head="country:ISR", relation="recalled_consultants_from", tail="country:GEO",
                            evidence=[Evidence(start=0, end=6, text="Israel")], attributes={"role": None})],
    )
    again = Extraction.model_validate_json(rec.model_dump_json())
    assert again == rec


def test_ontology_rejects_duplicate_labels_and_unknown_inverse():
    with pytest.raises(ValidationError, match="defined twice"):
        Ontology(relations=[_entry("attacked"), _entry("attacked")])
    with pytest.raises(ValidationError, match="inverse"):
        Ontology(relations=[_entry("arms_buyer_of", inverse="arms_supplier_of")])
    onto = Ontology(relations=[_entry("attacked")])
    assert onto.get("attacked").cameo == "19"
    assert onto.get("hosted") is None


def test_json_schema_describes_the_record():
    schema = json_schema()
    assert schema["title"] == "Extraction"
    assert {"doc_id", "entities", "relations", "warnings"} <= set(schema["properties"])
    json.dumps(schema)  # serialisable


def test_document_requires_an_id():
    with pytest.raises(ValidationError):
        Document(doc_id="", text="x")
