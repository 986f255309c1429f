"""Build, merge, query, export and render geokg knowledge graphs (NetworkX MultiDiGraph; no spaCy here)."""

from geokg.graph.build import DEFAULT_SYMMETRIC, add_records, build_graph
from geokg.graph.export import export_graph, graphml_safe, write_csv, write_cypher, write_gexf, write_graphml
from geokg.graph.io import read_graph, write_json
from geokg.graph.query import GraphPath, Hop, find_paths, format_path, graph_stats, neighbors, resolve_entity
from geokg.graph.render import render_html

__all__ = [
    "DEFAULT_SYMMETRIC",
    "GraphPath",
    "Hop",
    "add_records",
    "build_graph",
    "export_graph",
    "find_paths",
    "format_path",
    "graph_stats",
    "graphml_safe",
    "neighbors",
    "read_graph",
    "render_html",
    "resolve_entity",
    "write_csv",
    "write_cypher",
    "write_gexf",
    "write_graphml",
    "write_json",
]
