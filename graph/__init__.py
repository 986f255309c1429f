"""Build, query, export and render geokg knowledge graphs (no spaCy needed).

Examples:
    >>> from geokg.graph import build_graph, find_paths, format_path
    >>> rec = {"doc_id": "d1", "entities": [
    ...     {"id": "country:SYR", "type": "country", "name": "Syria", "iso3": "SYR", "aliases": ["Damascus"]},
    ...     {"id": "country:RUS", "type": "country", "name": "Russia", "iso3": "RUS"}],
    ...   "relations": [{"head": "country:SYR", "relation": "arms_buyer_of", "tail": "country:RUS",
    ...     "modality": "reported",
    ...     "evidence": [{"start": 0, "end": 24, "text": "Damascus buys Russian jets."}]}]}
    >>> G = build_graph([rec])
    >>> print(format_path(G, find_paths(G, "damascus", "russia")[0]))
    Syria --arms_buyer_of--> Russia  [d1] "Damascus buys Russian jets." (reported)
"""

from __future__ import annotations

from geokg.graph._build import (
    CLAIMED_MODALITIES,
    add_records,
    build_graph,
    default_ontology,
)
from geokg.graph._io import (
    EXPORT_FORMATS,
    export_graph,
    read_graph,
    to_scalar_attrs,
    write_csv,
    write_cypher,
    write_gexf,
    write_graphml,
    write_json,
)
from geokg.graph._query import (
    GraphPath,
    PathHop,
    find_paths,
    format_path,
    graph_stats,
    neighbors,
    resolve_entity,
    to_json_dict,
)
from geokg.graph._render import render_html

__all__ = [
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
]
