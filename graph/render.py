"""Render a graph as one self-contained interactive HTML relationship map (pyvis data, vis-network inlined).

pyvis 0.3.2's own template links Bootstrap from a CDN even with ``cdn_resources="in_line"``, so geokg builds
the nodes and edges with a pyvis :class:`~pyvis.network.Network` and writes them into its own template, with
vis-network's JavaScript and CSS (shipped inside the pyvis package) inlined. The page loads nothing remote and
has a Content-Security-Policy that forbids it. Every string from a document travels as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and is put into the page with
``textContent``, never as HTML.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from geokg._atomic import atomic_write
from geokg.graph.query import resolve_entity

__all__ = ["render_html", "TYPE_COLORS"]

TYPE_COLORS = {"country": "#1c7ed6", "person": "#f59f00", "organization": "#7048e8", "location": "#37b24d"}
_SHAPES = {"country": "dot", "person": "dot", "organization": "square", "location": "triangle"}
_QUAD_COLORS = {"verbal_cooperation": "#69db7c", "material_cooperation": "#2f9e44", "verbal_conflict": "#ff8787",
                "material_conflict": "#e03131", "none": "#495057"}


def _script_json(obj: Any) -> str:
    """JSON that is safe inside a <script> element (no "</script>", no "<!--", no HTML entities)."""
    text = json.dumps(obj, ensure_ascii=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_assets() -> tuple[str, str]:
    import pyvis

    base = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    # nothing in the page may close our <script>/<style> elements early
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _subgraph(G: nx.MultiDiGraph, focus: str | None, hops: int, max_nodes: int,
              relations: list[str] | None) -> tuple[nx.MultiDiGraph, int]:
    H = G
    if relations:
        keep = set(relations)
        H = nx.MultiDiGraph()
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if k in keep)
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0 and n != focus])
    if focus is not None:
        center = resolve_entity(G, focus)
        reach = nx.single_source_shortest_path_length(H.to_undirected(as_view=True), center, cutoff=hops) \
            if center in H else {center: 0}
        H = H.subgraph(reach).copy()
    total = H.number_of_nodes()
    if total > max_nodes:
        ranked = sorted(H.degree(), key=lambda x: (-x[1], str(x[0])))
        keep_nodes = [n for n, _ in ranked[:max_nodes]]
        if focus is not None:
            keep_nodes = list(dict.fromkeys([resolve_entity(G, focus), *keep_nodes]))[:max_nodes]
        H = H.subgraph(keep_nodes).copy()
    return H, total - H.number_of_nodes()


def render_html(G: nx.MultiDiGraph, path: str | Path, *, focus: str | None = None, hops: int = 2,
                max_nodes: int = 300, relations: list[str] | None = None, title: str | None = None) -> Path:
    """Write the interactive relationship map of ``G`` to ``path`` and return the path.

    Args:
        G: a geokg graph.
        path: output HTML file (written atomically).
        focus: an actor (id, name or alias); the map then shows its neighbourhood of ``hops`` steps.
        max_nodes: keep the best-connected actors up to this many (the page says how many were hidden).
        relations: only these relation labels.
        title: page title.

    Examples:
        >>> import tempfile, pathlib
        >>> G = nx.MultiDiGraph(); G.add_node("a", name="<b>A</b>", type="country")
        >>> out = render_html(G, pathlib.Path(tempfile.mkdtemp()) / "m.html")
        >>> "<b>A</b>" in out.read_text()
        False
    """
    from pyvis.network import Network

    H, hidden = _subgraph(G, focus, hops, max_nodes, relations)
    net = Network(directed=True, cdn_resources="in_line")
    deg = dict(H.degree())
    for n, d in H.nodes(data=True):
        typ = str(d.get("type", "organization"))
        aliases = [str(a) for a in d.get("aliases", []) or []]
        net.add_node(str(n), label=str(d.get("name", n)), title=f"{d.get('name', n)} ({typ})", group=typ,
                     color=TYPE_COLORS.get(typ, "#868e96"), shape=_SHAPES.get(typ, "dot"),
                     size=12 + min(30, 3 * deg.get(n, 0)), type=typ, aliases=aliases,
                     mentions=int(d.get("mentions", 0) or 0), documents=int(d.get("documents", 0) or 0))
    for i, (u, v, k, d) in enumerate(H.edges(keys=True, data=True)):
        claimed = bool(d.get("claimed", True))
        color = _QUAD_COLORS.get(str(d.get("quad_class", "none")), "#495057") if claimed else "#adb5bd"
        evidence = [{"doc_id": str(e.get("doc_id", "")), "text": str(e.get("text", "")),
                     "modality": str(e.get("modality", "")), "attributed_to": e.get("attributed_to")}
                    for e in d.get("evidence", []) or []]
        net.add_edge(str(u), str(v), id=f"e{i}", label=str(k), relation=str(k), title=f"{k} ({d.get('modality')})",
                     color=color, dashes=not claimed, width=1 + min(6, int(d.get("weight", 1) or 1)),
                     arrows="to" if not d.get("symmetric") else "", claimed=claimed, derived=bool(d.get("derived")),
                     modality=str(d.get("modality", "asserted")), weight=int(d.get("weight", 0) or 0),
                     evidence=evidence)
    note = f"{H.number_of_nodes()} actors, {H.number_of_edges()} relations"
    if hidden:
        note += f"; {hidden} less-connected actors hidden (raise --max-nodes to see them)"
    if focus:
        note += f"; around {focus!s} ({hops} hops)"
    payload = {"title": title or "geokg relationship map", "summary": note, "nodes": net.nodes, "edges": net.edges,
               "types": TYPE_COLORS, "relations": sorted({str(k) for _, _, k in H.edges(keys=True)})}
    js, css = _vis_assets()
    template = resources.files("geokg.graph").joinpath("templates/map.html").read_text(encoding="utf-8")
    html = (template.replace("__VIS_CSS__", css)
            .replace("__TITLE__", _html_text(payload["title"]))
            .replace("__DATA__", _script_json(payload))
            .replace("__VIS_JS__", js))
    out = Path(path)
    with atomic_write(out) as f:
        f.write(html)
    return out


def _html_text(s: str) -> str:
    import html

    return html.escape(s, quote=True)
