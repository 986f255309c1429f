"""geokg.graph's public surface, and the rule that graph code never imports spaCy."""

from __future__ import annotations

import subprocess
import sys

import geokg.graph

EXPECTED = {
    "CLAIMED_MODALITIES",
    "EXPORT_FORMATS",
    "GraphPath",
    "PathHop",
    "add_records",
    "build_graph",
    "default_ontology",
    "export_graph",
    "find_paths",
    "format_path",
    "graph_stats",
    "neighbors",
    "read_graph",
    "render_html",
    "resolve_entity",
    "to_json_dict",
    "to_scalar_attrs",
    "write_csv",
    "write_cypher",
    "write_gexf",
    "write_graphml",
    "write_json",
}


def test_graph_all_is_pinned():
    assert set(geokg.graph.__all__) == EXPECTED
    assert all(hasattr(geokg.graph, name) for name in EXPECTED)


def test_graph_never_imports_spacy(tmp_path):
    code = f"""
import sys
from geokg.graph import build_graph, export_graph, find_paths, read_graph, render_html, write_json
rec = {{"doc_id": "d", "relations": [{{"head": "country:SYR", "relation": "met_with", "tail": "country:RUS",
        "evidence": [{{"start": 0, "end": 1, "text": "x"}}]}}]}}
G = build_graph([rec])
write_json(G, {str(tmp_path / "g.json")!r}); G = read_graph({str(tmp_path / "g.json")!r})
render_html(G, {str(tmp_path / "m.html")!r}); export_graph(G, "graphml", {str(tmp_path / "g.graphml")!r})
find_paths(G, "syria", "russia")
bad = sorted(m for m in sys.modules
             if m.split(".")[0] in ("spacy", "thinc") or m.startswith("geokg.extractors."))
print(",".join(bad))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True, cwd=tmp_path
    )  # outside the checkout: import the installed package
    assert out.stdout.strip() == ""
