"""resolve_entity, find_paths, format_path, neighbors, graph_stats."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from geokg.graph import (
    GraphPath,
    build_graph,
    find_paths,
    format_path,
    graph_stats,
    neighbors,
    resolve_entity,
    to_json_dict,
)

from geokg.errors import EntityNotFound

_spec = importlib.util.spec_from_file_location("graph_records", Path(__file__).with_name("_records.py"))
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)

SYR, RUS, GEO, ISR, USA = "country:SYR", "country:RUS", "country:GEO", "country:ISR", "country:USA"
ASSAD, PUTIN = "person:bashar-al-assad", "person:vladimir-putin"
ARMS = "Damascus, already the fourth-largest purchaser of the Russian arms, wants more."


@pytest.fixture
def G():
    return build_graph(
        [
            R.record(
                "seed",
                [
                    R.relation(SYR, "arms_buyer_of", RUS, ARMS, modality="reported"),
                    R.relation(
                        ISR,
                        "recalled_consultants_from",
                        GEO,
                        "Israel recalled its consultants from Georgia.",
                        modality="reported",
                    ),
                    R.relation(RUS, "deployed_forces_to", GEO, "Russian forces moved into Georgia."),
                    R.relation(ASSAD, "leader_of", SYR, "Syrian President Bashar al-Assad"),
                    R.relation(PUTIN, "met_with", ASSAD, "Putin did not meet Assad.", modality="negated"),
                    R.relation(USA, "threatened", RUS, "Washington threatened Moscow."),
                ],
            ),
            R.record(
                "other",
                [
                    R.relation(ISR, "arms_supplier_of", GEO, "Israel sold drones to Georgia."),
                    R.relation(ISR, "arms_supplier_of", GEO, "Israeli drones were delivered to Tbilisi.", start=50),
                ],
            ),
        ]
    )


@pytest.mark.parametrize("query", ["syria", "Damascus", "country:SYR", "COUNTRY:syr", "syr", "  Syrian "])
def test_resolve_entity_accepts_ids_names_aliases_and_iso3(G, query):
    assert resolve_entity(G, query) == SYR


def test_resolve_entity_prefers_names_over_aliases(G):
    G.add_node("location:damascus", type="location", name="Damascus", aliases=[])
    assert resolve_entity(G, "damascus") == "location:damascus"
    assert resolve_entity(G, "assad") == ASSAD


def test_resolve_entity_unknown_suggests_close_names(G):
    with pytest.raises(EntityNotFound) as info:
        resolve_entity(G, "Sirya")
    assert info.value.suggestions[0] == "Syria"
    assert "Did you mean 'Syria'" in str(info.value)
    with pytest.raises(EntityNotFound, match="'Gondor' is not in the graph.$"):
        resolve_entity(G, "Gondor")


def test_find_paths_records_direction_and_evidence(G):
    (path,) = find_paths(G, "Israel", "Syria")
    assert path.nodes == [ISR, GEO, RUS, SYR]
    hops = [(h.source, h.relation, h.target, h.direction) for h in path.hops]
    assert hops[1] == (GEO, "deployed_forces_to", RUS, "backward")
    assert hops[2] == (RUS, "arms_buyer_of", SYR, "backward")
    assert path.hops[2].modality == "reported"
    assert path.hops[2].evidence[0]["doc_id"] == "seed" and path.hops[2].evidence[0]["text"] == ARMS
    # ties between the two Israel-Georgia relations go to the better-evidenced one
    assert path.hops[0].relation == "arms_supplier_of" and path.hops[0].weight == 2


def test_find_paths_directed_follows_edge_direction(G):
    assert find_paths(G, "Georgia", "Russia", directed=True) == []
    (path,) = find_paths(G, "Russia", "Georgia", directed=True)
    assert [h.direction for h in path.hops] == ["forward"]


def test_find_paths_relation_filters(G):
    assert find_paths(G, "Israel", "Syria", exclude_relations=["deployed_forces_to"]) == []
    (path,) = find_paths(G, "Israel", "Georgia", relations=["recalled_consultants_from"])
    assert [h.relation for h in path.hops] == ["recalled_consultants_from"]
    assert find_paths(G, "Israel", "Russia", relations=["arms_supplier_of"]) == []


def test_find_paths_skips_unclaimed_edges_unless_asked(G):
    assert find_paths(G, "Putin", "Assad") == []
    (path,) = find_paths(G, "Putin", "Assad", include_unclaimed=True)
    assert path.hops[0].modality == "negated" and path.hops[0].claimed is False
    assert path.hops[0].direction == "symmetric"


def test_find_paths_respects_max_hops(G):
    assert find_paths(G, "Israel", "Syria", max_hops=2) == []
    assert len(find_paths(G, "Israel", "Syria", max_hops=3)[0]) == 3


def test_find_paths_all_paths_lists_every_simple_path_shortest_first(G):
    G.add_edge(
        ISR,
        SYR,
        key="threatened",
        relation="threatened",
        claimed=True,
        modality="asserted",
        weight=1,
        evidence=[{"doc_id": "x", "text": "Israel threatened Syria."}],
    )
    paths = find_paths(G, "Israel", "Syria", all_paths=True)
    assert [len(p) for p in paths] == [1, 3]
    assert len(find_paths(G, "Israel", "Syria", all_paths=True, limit=1)) == 1


def test_find_paths_unknown_entity_raises(G):
    with pytest.raises(EntityNotFound):
        find_paths(G, "Israel", "Mordor")


def test_format_path_prints_each_hop_with_its_evidence(G):
    text = format_path(G, find_paths(G, "Syria", "Russia")[0])
    assert text == f'Syria --arms_buyer_of--> Russia  [seed] "{ARMS}" (reported)'
    back = format_path(G, find_paths(G, "Georgia", "Russia")[0])
    assert back.startswith("Georgia <--deployed_forces_to-- Russia  [seed]")
    assert format_path(G, GraphPath(nodes=[SYR], hops=[])) == "Syria (same entity)"


def test_neighbors_lists_connecting_edges_by_distance(G):
    rows = neighbors(G, "Georgia")
    assert {r["id"] for r in rows} == {ISR, RUS}
    isr = next(r for r in rows if r["id"] == ISR)
    assert {e["relation"] for e in isr["edges"]} == {"arms_supplier_of", "recalled_consultants_from"}
    two = neighbors(G, "Georgia", hops=2)
    assert {r["id"]: r["distance"] for r in two}[SYR] == 2
    only = neighbors(G, "Georgia", hops=2, relations=["deployed_forces_to"])
    assert [r["id"] for r in only] == [RUS]


def test_graph_stats_counts(G):
    s = graph_stats(G)
    assert s["documents"] == 2
    assert s["nodes_by_type"] == {"country": 5, "person": 2}
    assert s["edges_by_relation"]["arms_supplier_of"] == 1
    assert s["evidence"] == 8 and s["evidence_by_modality"]["reported"] == 2
    assert s["unclaimed_edges"] == 1
    assert s["top_actors"][0]["id"] in {RUS, GEO}


def test_to_json_dict_makes_paths_json_ready(G):
    data = to_json_dict(find_paths(G, "Syria", "Russia"))
    assert json.loads(json.dumps(data))[0]["hops"][0]["relation"] == "arms_buyer_of"


def test_find_paths_prefers_direct_firmer_edges_between_the_same_pair():
    G = build_graph(
        [
            R.record(
                "d",
                [
                    R.relation(
                        SYR,
                        "visited",
                        RUS,
                        "Assad will visit Russia.",
                        modality="planned",
                        derived_from=ASSAD,
                    ),
                    R.relation(SYR, "arms_buyer_of", RUS, ARMS, modality="reported", start=90),
                ],
            )
        ]
    )
    (path,) = find_paths(G, "Russia", "Syria")
    assert path.hops[0].relation == "arms_buyer_of"


def test_find_paths_hop_lists_stating_evidence_before_negations():
    G = build_graph(
        [
            R.record("a", [R.relation(SYR, "supports", RUS, "Syria did not back Russia.", modality="negated")]),
            R.record("b", [R.relation(SYR, "supports", RUS, "Syria backed Russia.")]),
        ]
    )
    (path,) = find_paths(G, "Syria", "Russia")
    assert [e["doc_id"] for e in path.hops[0].evidence] == ["b", "a"]
    assert '[b] "Syria backed Russia."' in format_path(G, path)


def test_queries_tolerate_foreign_graphs_with_odd_attributes():
    import networkx as nx

    F = nx.MultiDiGraph()
    F.add_edge("a", "b", key="x", weight="abc", confidence="high")
    F.add_edge("b", "c", key="y", weight=-1)
    (path,) = find_paths(F, "a", "c")
    assert format_path(F, path) == "a --x--> b\nb --y--> c"
    assert {n["id"] for n in neighbors(F, "b")} == {"a", "c"}
    assert graph_stats(F)["edges"] == 2
