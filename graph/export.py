"""Export a graph to GraphML, GEXF, JSON, CSV and Cypher (all written atomically)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from geokg._atomic import atomic_write
from geokg.errors import GeokgError
from geokg.graph.io import write_json

__all__ = ["EXPORT_FORMATS", "export_graph", "graphml_safe", "write_csv", "write_cypher", "write_gexf",
           "write_graphml"]

EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "cypher")
# characters XML 1.0 does not allow (NetworkX writes them unescaped without lxml, giving invalid XML)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict, set)):
        value = json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False)
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    return value


def graphml_safe(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of ``G`` whose attributes GraphML/GEXF accept: scalars only, None dropped.

    Lists and dicts are JSON-encoded (``read_graph`` decodes them back); XML-illegal control characters are
    removed. This is the one place that turns records into GraphML attributes.

    Examples:
        >>> G = nx.MultiDiGraph(); G.add_node("a", aliases=["x", "y"], iso3=None, name="A\\x01")
        >>> graphml_safe(G).nodes["a"]
        {'aliases': '["x", "y"]', 'name': 'A'}
    """
    H = nx.MultiDiGraph()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items() if v is not None})
    for n, data in G.nodes(data=True):
        H.add_node(_scalar(n), **{k: _scalar(v) for k, v in data.items() if v is not None})
    for u, v, k, data in G.edges(keys=True, data=True):
        H.add_edge(_scalar(u), _scalar(v), key=_scalar(k), **{a: _scalar(b) for a, b in data.items() if b is not None})
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GraphML that opens in Gephi, yEd and Cytoscape and reads back with ``networkx.read_graphml``."""
    H = graphml_safe(G)
    buf = io.BytesIO()
    nx.write_graphml_xml(H, buf, encoding="utf-8", prettyprint=True)
    with atomic_write(path, "wb") as f:
        f.write(buf.getvalue())


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GEXF 1.2 (Gephi's own format); edges get a ``label`` with the relation."""
    H = graphml_safe(G)
    for _, _, k, data in H.edges(keys=True, data=True):
        data["label"] = str(k)
    for n, data in H.nodes(data=True):
        data["label"] = str(data.get("name", n))
    buf = io.BytesIO()
    nx.write_gexf(H, buf, encoding="utf-8", prettyprint=True)
    with atomic_write(path, "wb") as f:
        f.write(buf.getvalue())


def _cell(value: Any) -> Any:
    """CSV cell: JSON for containers, and no spreadsheet formula injection ("=cmd()", "+", "-", "@")."""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` into the directory ``path`` (created if needed).

    One row per node and one per (head, relation, tail) edge, with the evidence count, the modality counts and
    the first evidence sentence.
    """
    out = Path(path)
    if out.suffix.lower() == ".csv":
        raise GeokgError(f"{out}: CSV export writes two files; give a directory (nodes.csv and edges.csv go in it)")
    out.mkdir(parents=True, exist_ok=True)
    with atomic_write(out / "nodes.csv") as f:
        w = csv.writer(f)
        w.writerow(["id", "type", "name", "iso3", "country", "aliases", "mentions", "documents"])
        for n, d in sorted(G.nodes(data=True)):
            w.writerow([_cell(x) for x in (n, d.get("type"), d.get("name"), d.get("iso3"), d.get("country"),
                                           "; ".join(d.get("aliases", [])), d.get("mentions"), d.get("documents"))])
    with atomic_write(out / "edges.csv") as f:
        w = csv.writer(f)
        w.writerow(["head", "relation", "tail", "weight", "claimed", "modality", "modalities", "derived",
                    "cameo", "plover", "quad_class", "score", "first_evidence", "doc_ids"])
        for u, v, k, d in sorted(G.edges(keys=True, data=True)):
            ev = d.get("evidence") or []
            docs = sorted({str(e.get("doc_id")) for e in ev})
            w.writerow([_cell(x) for x in (u, k, v, d.get("weight"), d.get("claimed"), d.get("modality"),
                                           d.get("modalities"), d.get("derived"), d.get("cameo"), d.get("plover"),
                                           d.get("quad_class"), d.get("score"), ev[0].get("text") if ev else "",
                                           "; ".join(docs))])


def _cy(value: Any) -> str:
    """A Cypher literal: strings single-quoted with backslash escapes, containers JSON-encoded."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    s = str(value).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    return "'" + s + "'"


_LABELS = {"country": "Country", "person": "Person", "organization": "Organization", "location": "Location"}


def write_cypher(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write Neo4j Cypher: one ``MERGE`` per node and per edge (relation types upper-cased, all strings escaped)."""
    lines = ["// geokg export: run with cypher-shell -f FILE", "CREATE CONSTRAINT geokg_actor IF NOT EXISTS "
             "FOR (a:Actor) REQUIRE a.id IS UNIQUE;"]
    for n, d in sorted(G.nodes(data=True)):
        label = _LABELS.get(str(d.get("type")), "Actor")
        props = ", ".join(f"a.{k} = {_cy(d.get(k))}" for k in ("name", "type", "iso3", "aliases", "mentions",
                                                                 "documents") if d.get(k) is not None)
        lines.append(f"MERGE (a:Actor {{id: {_cy(n)}}}) SET a:{label}" + (f", {props};" if props else ";"))
    for u, v, k, d in sorted(G.edges(keys=True, data=True)):
        rtype = re.sub(r"[^A-Z0-9_]", "_", str(k).upper()) or "RELATED"
        props = ", ".join(f"r.{a} = {_cy(d.get(a))}" for a in ("weight", "claimed", "modality", "derived", "cameo",
                                                                "plover", "quad_class", "score", "evidence")
                          if d.get(a) is not None)
        lines.append(f"MATCH (h:Actor {{id: {_cy(u)}}}), (t:Actor {{id: {_cy(v)}}}) MERGE (h)-[r:{rtype}]->(t)"
                     + (f" SET {props};" if props else ";"))
    with atomic_write(path) as f:
        f.write("\n".join(lines) + "\n")


def export_graph(G: nx.MultiDiGraph, fmt: str, path: str | Path) -> None:
    """Export ``G`` as ``fmt`` (graphml, gexf, json, csv, cypher) to ``path``.

    Raises:
        geokg.errors.GeokgError: unknown format.
    """
    writers = {"graphml": write_graphml, "gexf": write_gexf, "json": write_json, "csv": write_csv,
               "cypher": write_cypher}
    if fmt not in writers:
        raise GeokgError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    writers[fmt](G, path)
