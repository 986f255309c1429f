"""Read and write graphs: ``graph.json`` (lossless node-link data) and GraphML through a safe XML parser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from geokg._atomic import atomic_write
from geokg.errors import GraphFormatError

__all__ = ["read_graph", "write_json", "to_node_link", "JSON_ATTRS"]

# attributes that GraphML stores JSON-encoded (see geokg.graph.export.graphml_safe)
JSON_ATTRS = frozenset({"aliases", "evidence", "modalities", "derived_from"})


def to_node_link(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Return node-link data of ``G`` (edges under "edges", keys kept)."""
    return nx.node_link_data(G, edges="edges")


def write_json(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write ``G`` as node-link JSON, atomically.

    Examples:
        >>> import tempfile, pathlib
        >>> G = nx.MultiDiGraph(); G.add_node("country:SYR", name="Syria", type="country")
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "graph.json"
        >>> write_json(G, p); read_graph(p).nodes["country:SYR"]["name"]
        'Syria'
    """
    with atomic_write(path) as f:
        json.dump(to_node_link(G), f, ensure_ascii=False)


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """Read a graph written by geokg: ``graph.json`` or a ``.graphml`` file.

    GraphML goes through defusedxml first, so DTDs, entity expansion (billion laughs) and external entities
    are refused.

    Raises:
        geokg.errors.GraphFormatError: the file is missing, unreadable or not a geokg graph.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise GraphFormatError(f"{p}: cannot read graph ({exc.strerror or exc})") from exc
    if p.suffix.lower() in (".graphml", ".xml") or raw.lstrip()[:5] == b"<?xml" or raw.lstrip()[:8] == b"<graphml":
        return _read_graphml(p, raw)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GraphFormatError(f"{p}: not a graph.json (invalid JSON: {exc})") from exc
    if not isinstance(data, dict) or "nodes" not in data or not ({"edges", "links"} & set(data)):
        raise GraphFormatError(f"{p}: not node-link graph data (expected 'nodes' and 'edges' keys)")
    try:
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges" if "edges" in data else "links")
    except (KeyError, TypeError, nx.NetworkXError) as exc:
        raise GraphFormatError(f"{p}: malformed node-link data ({exc})") from exc
    return G if isinstance(G, nx.MultiDiGraph) else nx.MultiDiGraph(G)


def _read_graphml(p: Path, raw: bytes) -> nx.MultiDiGraph:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise GraphFormatError(f"{p}: refused unsafe GraphML ({type(exc).__name__}: DTDs and entities are not allowed)") from exc
    except SafeET.ParseError as exc:
        raise GraphFormatError(f"{p}: invalid GraphML ({exc})") from exc
    try:
        G = nx.parse_graphml(raw.decode("utf-8"), force_multigraph=True)
    except (nx.NetworkXError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise GraphFormatError(f"{p}: invalid GraphML ({exc})") from exc
    G = G if G.is_directed() else G.to_directed()
    G = nx.MultiDiGraph(G)
    for _, data in G.nodes(data=True):
        _decode(data)
    for _, _, data in G.edges(data=True):
        _decode(data)
    return G


def _decode(data: dict[str, Any]) -> None:
    for key in JSON_ATTRS & set(data):
        val = data[key]
        if isinstance(val, str) and val[:1] in "[{":
            try:
                data[key] = json.loads(val)
            except json.JSONDecodeError:
                pass
