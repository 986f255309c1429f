"""build_graph / add_records: merging, symmetry, modality, derived edges, robustness."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from geokg.graph import add_records, build_graph, default_ontology
from geokg.schemas import Ontology, OntologyEntry

from geokg.errors import GraphFormatError

_spec = importlib.util.spec_from_file_location("graph_records", Path(__file__).with_name("_records.py"))
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)

SYR, RUS, GEO, ISR = "country:SYR", "country:RUS", "country:GEO", "country:ISR"


def test_build_graph_merges_nodes_and_evidence_across_documents():
    d1 = R.record("d1", [R.relation(SYR, "arms_buyer_of", RUS, "Damascus buys Russian jets.")], date="2008-08-20")
    d2 = R.record(
        "d2",
        [
            R.relation(
                SYR,
                "arms_buyer_of",
                RUS,
                "Syria ordered missiles from Moscow.",
                modality="reported",
                attributed_to="country:ISR",
                confidence=0.95,
            )
        ],
        entities=[R.entity(SYR, aliases=["Syrian Arab Republic"], mentions=3), R.entity(RUS)],
        date="2008-08-21",
    )
    G = build_graph([d1, d2])
    assert G.number_of_nodes() == 2
    syr = G.nodes[SYR]
    assert syr["aliases"] == ["Damascus", "Syrian", "Syrian Arab Republic"]
    assert (syr["mentions"], syr["documents"], syr["iso3"], syr["type"]) == (4, 2, "SYR", "country")
    edge = G.edges[SYR, RUS, "arms_buyer_of"]
    assert edge["weight"] == 2
    assert edge["modalities"] == {"asserted": 1, "reported": 1}
    assert [e["doc_id"] for e in edge["evidence"]] == ["d1", "d2"]
    assert edge["evidence"][1]["attributed_to"] == "country:ISR"
    assert (edge["first_seen"], edge["last_seen"]) == ("2008-08-20", "2008-08-21")
    assert edge["confidence"] == 0.95
    assert edge["claimed"] is True and edge["symmetric"] is False and edge["derived"] is False


def test_build_graph_stores_symmetric_relations_once_per_pair():
    d1 = R.record("d1", [R.relation(SYR, "met_with", RUS, "Assad met Medvedev.")])
    d2 = R.record("d2", [R.relation(RUS, "met_with", SYR, "Medvedev met Assad.")])
    G = build_graph([d1, d2])
    assert list(G.edges(keys=True)) == [(RUS, SYR, "met_with")]
    assert G.edges[RUS, SYR, "met_with"]["weight"] == 2
    assert G.edges[RUS, SYR, "met_with"]["symmetric"] is True


def test_build_graph_directed_relations_keep_both_directions():
    G = build_graph(
        [R.record("d1", [R.relation(SYR, "threatened", RUS, "a"), R.relation(RUS, "threatened", SYR, "b")])]
    )
    assert sorted(G.edges(keys=True)) == [(RUS, SYR, "threatened"), (SYR, RUS, "threatened")]


def test_build_graph_symmetry_follows_the_given_ontology():
    entry = OntologyEntry(
        label="allied_with",
        description="d",
        symmetric=True,
        head_types=["country"],
        tail_types=["country"],
        cameo="05",
        plover="COOPERATE",
        quad_class="verbal_cooperation",
        score=5.0,
    )
    G = build_graph(
        [R.record("d1", [R.relation(SYR, "allied_with", RUS, "allies")])],
        ontology=Ontology(relations=[entry]),
    )
    edge = G.edges[RUS, SYR, "allied_with"]
    assert (edge["cameo"], edge["plover"], edge["quad_class"], edge["score"]) == (
        "05",
        "COOPERATE",
        "verbal_cooperation",
        5.0,
    )


def test_build_graph_default_ontology_gives_codes():
    onto = default_ontology()
    assert len(onto.relations) == 23 and onto.get("met_with").symmetric and not onto.get("attacked").symmetric
    G = build_graph([R.record("d1", [R.relation(RUS, "deployed_forces_to", GEO, "Troops moved in.")])])
    edge = G.edges[RUS, GEO, "deployed_forces_to"]
    assert edge["quad_class"] == "material_conflict" and edge["score"] < 0 and edge["cameo"]


@pytest.mark.parametrize(
    ("modalities", "claimed", "modality"),
    [
        (["negated"], False, "negated"),
        (["hedged"], False, "hedged"),
        (["hedged", "negated", "negated"], False, "negated"),
        (["negated", "reported"], True, "reported"),
        (["planned", "asserted", "planned"], True, "planned"),
    ],
)
def test_build_graph_claimed_only_when_some_evidence_is_not_negated_or_hedged(modalities, claimed, modality):
    recs = [
        R.record(
            f"d{i}",
            [R.relation("person:vladimir-putin", "met_with", "person:bashar-al-assad", f"sentence {i}", modality=m)],
        )
        for i, m in enumerate(modalities)
    ]
    G = build_graph(recs)
    ((_, _, edge),) = G.edges(data=True)
    assert edge["claimed"] is claimed
    assert edge["modality"] == modality
    assert edge["weight"] == len(modalities)


def test_build_graph_marks_derived_country_edges():
    rel = R.relation("country:USA", "threatened", RUS, "Bush warned Moscow.", derived_from="person:george-w-bush")
    G = build_graph([R.record("d1", [rel])])
    edge = G.edges["country:USA", RUS, "threatened"]
    assert edge["derived"] is True
    assert edge["derived_from"] == ["person:george-w-bush"]
    assert edge["evidence"][0]["derived_from"] == "person:george-w-bush"
    direct = R.record("d2", [R.relation("country:USA", "threatened", RUS, "The U.S. warned Russia.")])
    add_records(G, [direct])
    assert G.edges["country:USA", RUS, "threatened"]["derived"] is False


def test_build_graph_creates_missing_endpoints_and_skips_malformed_ids():
    rels = [
        R.relation(
            "person:pavel-orlov",
            "member_of",
            "organization:cast",
            "Orlov, director of CAST",
            role="director",
        ),
        R.relation("nonsense", "met_with", SYR, "bad id"),
    ]
    G = build_graph([R.record("d1", rels, entities=[R.entity(SYR)])])
    assert G.nodes["person:pavel-orlov"]["name"] == "Pavel Orlov"
    assert G.nodes["organization:cast"]["type"] == "organization"
    assert G.edges["person:pavel-orlov", "organization:cast", "member_of"]["attributes"] == {"role": "director"}
    assert "nonsense" not in G
    assert any("malformed entity id" in w for w in G.graph["warnings"])


def test_build_graph_names_countries_known_only_by_id():
    G = build_graph([R.record("d1", [R.relation("country:FRA", "supports", "country:DEU", "x")], entities=[])])
    assert G.nodes["country:FRA"]["iso3"] == "FRA"
    assert G.nodes["country:FRA"]["name"] == "France"
    assert "French" in G.nodes["country:FRA"]["aliases"]
    later = R.record("d2", [], entities=[R.entity("person:pavel-orlov", name="Pavel N. Orlov", aliases=[])])
    G = build_graph(
        [
            R.record("d1", [R.relation("person:pavel-orlov", "leader_of", "country:FRA", "x")], entities=[]),
            later,
        ]
    )
    assert G.nodes["person:pavel-orlov"]["name"] == "Pavel N. Orlov"
    assert G.nodes["person:pavel-orlov"]["aliases"] == ["Pavel Orlov"]


def test_add_records_skips_a_document_already_in_the_graph():
    d1 = R.record("d1", [R.relation(SYR, "arms_buyer_of", RUS, "Damascus buys Russian jets.")])
    G = build_graph([d1])
    add_records(G, [d1])
    assert G.edges[SYR, RUS, "arms_buyer_of"]["weight"] == 1
    assert G.nodes[SYR]["documents"] == 1
    assert any("already in the graph" in w for w in G.graph["warnings"])


def test_build_graph_accepts_dicts_and_rejects_malformed_ones():
    ok = R.record("d1", [R.relation(SYR, "arms_buyer_of", RUS, "x")]).model_dump(mode="json")
    assert build_graph([ok]).has_edge(SYR, RUS, "arms_buyer_of")
    with pytest.raises(GraphFormatError, match="'bad'.*relations"):
        build_graph([{"doc_id": "bad", "relations": [{"head": SYR}]}])


def test_build_graph_relation_without_evidence_still_counts_once():
    rel = R.relation(SYR, "supports", RUS, "x").model_copy(update={"evidence": []})
    G = build_graph([R.record("d1", [rel])])
    edge = G.edges[SYR, RUS, "supports"]
    assert edge["weight"] == 1 and edge["evidence"][0]["text"] == ""
