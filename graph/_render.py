"""Render a graph as one self-contained interactive HTML relationship map (pyvis data, vis-network inlined).

pyvis 0.3.2's own template links Bootstrap from a CDN even with ``cdn_resources="in_line"``, so geokg builds
the nodes and edges with a pyvis :class:`~pyvis.network.Network` and writes them into its own template
(``templates/map.html``), with vis-network's JavaScript and CSS (shipped inside the pyvis package) inlined.
The page loads nothing remote, and its Content-Security-Policy forbids it. Every string from a document
travels as JSON inside a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and
reaches the page through ``textContent`` or DOM nodes, never as HTML (tooltips included).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from geokg.graph._atomic import atomic_write
from geokg.graph._query import _num, resolve_entity

__all__ = ["EDGE_COLORS", "TYPE_COLORS", "render_html"]

TYPE_COLORS = {"country": "#1c7ed6", "person": "#f08c00", "organization": "#7048e8", "location": "#2b8a3e"}
_SHAPES = {"country": "dot", "person": "diamond", "organization": "square", "location": "triangle"}
EDGE_COLORS = {
    "material_cooperation": "#2f9e44",
    "verbal_cooperation": "#74b816",
    "verbal_conflict": "#f76707",
    "material_conflict": "#e03131",
    "none": "#495057",
    "unclaimed": "#adb5bd",
}
# Evidence items per edge embedded in the page (all of them stay in graph.json); keeps big maps light.
_MAX_EVIDENCE = 25
_SLOT = re.compile(r"__(VIS_CSS|VIS_JS|TITLE|DATA)__")


def _script_json(obj: Any) -> str:
    """JSON that is safe inside a <script> element (no ``</script>``, no ``<!--``, no HTML entities)."""
    try:
        text = json.dumps(obj, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:  # NaN/Infinity would make JSON.parse fail and the page stay blank
        text = json.dumps(_finite(obj), ensure_ascii=False, default=str, allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _finite(obj: Any) -> Any:
    """``obj`` with NaN and Infinity replaced by None."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _vis_assets() -> tuple[str, str]:
    import pyvis

    base = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    js = (base / "vis-network.min.js").read_text(encoding="utf-8")
    css = (base / "vis-network.css").read_text(encoding="utf-8")
    # The source-map comment is the only remote reference in the bundle; nothing may close our elements early.
    js = re.sub(r"//[#@] sourceMappingURL=\S*", "", js).replace("</script", "<\\/script")
    # core-js builds an IE iframe with the string "<script>"; keep the page free of any literal "<script".
    js = js.replace('"<script>"', '"\\x3cscript>"')
    css = re.sub(r"/\*[#@] sourceMappingURL=.*?\*/", "", css).replace("</style", "<\\/style")
    return js, css


def _edge_color(d: dict[str, Any]) -> str:
    if d.get("claimed", True) is False:
        return EDGE_COLORS["unclaimed"]
    quad = d.get("quad_class")
    if quad in EDGE_COLORS:
        return EDGE_COLORS[quad]
    score = d.get("score")
    if isinstance(score, (int, float)) and score:
        return EDGE_COLORS["material_cooperation" if score > 0 else "material_conflict"]
    return EDGE_COLORS["none"]


def _subgraph(
    G: nx.MultiDiGraph, focus: str | None, hops: int, max_nodes: int, relations: Iterable[str] | None
) -> tuple[nx.MultiDiGraph, int, str | None]:
    center = resolve_entity(G, focus) if focus is not None else None
    H = G
    if relations:
        keep = set(relations)
        H = nx.MultiDiGraph()
        H.graph.update(G.graph)
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("relation", k) in keep)
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0 and n != center])
    if center is not None:
        reach = nx.single_source_shortest_path_length(H.to_undirected(as_view=True), center, cutoff=max(hops, 0))
        H = _ordered_subgraph(H, reach)
    total = H.number_of_nodes()
    if total > max_nodes:
        ranked = [n for n, _ in sorted(H.degree(), key=lambda x: (-x[1], str(x[0])))]
        if center is not None:
            ranked = [center, *(n for n in ranked if n != center)]
        H = _ordered_subgraph(H, ranked[: max(max_nodes, 1)])
    return H, total - H.number_of_nodes(), center


def _ordered_subgraph(H: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """Induced subgraph in ``H``'s own node and edge order.

    ``H.subgraph(nodes)`` iterates a set of the node ids, whose order changes with Python's string hash seed,
    so the same graph rendered in two processes gave two different pages.
    """
    keep = set(nodes)
    S = nx.MultiDiGraph()
    S.graph.update(H.graph)
    S.add_nodes_from((n, d) for n, d in H.nodes(data=True) if n in keep)
    S.add_edges_from((u, v, k, d) for u, v, k, d in H.edges(keys=True, data=True) if u in keep and v in keep)
    return S


def render_html(
    G: nx.MultiDiGraph,
    path: str | Path,
    *,
    focus: str | None = None,
    hops: int = 2,
    max_nodes: int = 300,
    relations: Iterable[str] | None = None,
    title: str | None = None,
) -> Path:
    """Write the interactive relationship map of ``G`` to ``path`` (atomically) and return the path.

    Nodes are coloured and shaped by type, edges coloured by cooperation/conflict (the ontology's quad
    class) and dashed grey when only negated or hedged. Clicking shows the evidence sentences with doc
    ids, modality and attribution; a search box finds an actor; checkboxes filter relation types.

    Args:
        G: a geokg graph.
        path: output HTML file.
        focus: an actor (id, name or alias); the map then shows its neighbourhood of ``hops`` steps.
        hops: radius of the ``focus`` neighbourhood.
        max_nodes: keep the best-connected actors up to this many (the page says how many were hidden).
        relations: only these relation labels.
        title: page title.

    Raises:
        geokg.errors.EntityNotFound: ``focus`` is not in the graph.

    Examples:
        >>> import tempfile, pathlib
        >>> G = nx.MultiDiGraph(); G.add_node("country:X", name="<b>X</b>", type="country")
        >>> out = render_html(G, pathlib.Path(tempfile.mkdtemp()) / "m.html")
        >>> "<b>X</b>" in out.read_text()
        False
    """
    from pyvis.network import Network

    H, hidden, center = _subgraph(G, focus, hops, max_nodes, relations)
    net = Network(directed=True, cdn_resources="in_line")
    deg = dict(H.degree())
    for n, d in H.nodes(data=True):
        typ = str(d.get("type") or "organization")
        name = str(d.get("name") or n)
        net.add_node(
            str(n),
            label=name,
            title=f"{name} ({typ}) · {deg.get(n, 0)} relations",
            color=TYPE_COLORS.get(typ, "#868e96"),
            shape=_SHAPES.get(typ, "dot"),
            size=10 + min(30, 3 * deg.get(n, 0)),
            type=typ,
            aliases=[str(a) for a in d.get("aliases") or []],
            iso3=d.get("iso3"),
            mentions=_num(d.get("mentions"), 0),
            documents=_num(d.get("documents"), 0),
            borderWidth=3 if n == center else 1,
        )
    parallel: dict[frozenset, int] = {}
    for i, (u, v, k, d) in enumerate(H.edges(keys=True, data=True)):
        claimed = d.get("claimed", True) is not False
        relation = str(d.get("relation") or k)
        pair = frozenset((u, v))
        nth = parallel[pair] = parallel.get(pair, -1) + 1
        evidence = [
            {
                "doc_id": str(e.get("doc_id") or ""),
                "text": str(e.get("text") or ""),
                "modality": str(e.get("modality") or ""),
                "attributed_to": e.get("attributed_to"),
                "derived_from": e.get("derived_from"),
            }
            for e in (d.get("evidence") or [])[:_MAX_EVIDENCE]
        ]
        net.add_edge(
            str(u),
            str(v),
            id=f"e{i}",
            label=relation,
            relation=relation,
            title=f"{relation} ({d.get('modality') or 'asserted'}, {len(evidence)} evidence)",
            color=_edge_color(d),
            dashes=not claimed,
            width=1 + min(6, _num(d.get("weight"), 1)),
            arrows="" if d.get("symmetric") else "to",
            claimed=claimed,
            derived=bool(d.get("derived")),
            symmetric=bool(d.get("symmetric")),
            modality=str(d.get("modality") or "asserted"),
            weight=_num(d.get("weight"), 0),
            evidence_total=len(d.get("evidence") or []),
            quad_class=d.get("quad_class"),
            evidence=evidence,
            smooth={
                "enabled": True,
                "type": "curvedCW" if nth % 2 else "curvedCCW",
                "roundness": 0.2 * ((nth + 1) // 2),
            }
            if nth
            else {"enabled": False},
        )
    note = f"{H.number_of_nodes()} actors, {H.number_of_edges()} relations"
    if center is not None:
        note += f" within {hops} hops of {G.nodes[center].get('name') or center}"
    if hidden:
        note += f"; {hidden} less-connected actors hidden (raise max_nodes / --max-nodes to see them)"
    payload = {
        "title": title or "geokg relationship map",
        "summary": note,
        "hidden": hidden,
        "nodes": net.nodes,
        "edges": net.edges,
        "types": TYPE_COLORS,
        "shapes": _SHAPES,
        "edge_colors": EDGE_COLORS,
        "relations": sorted({e["relation"] for e in net.edges}),
    }
    js, css = _vis_assets()
    slots = {
        "VIS_CSS": css,
        "VIS_JS": js,
        "TITLE": html.escape(payload["title"], quote=True),
        "DATA": _script_json(payload),
    }
    template = resources.files("geokg.graph").joinpath("templates/map.html").read_text(encoding="utf-8")
    # One pass, so text inserted for one slot is never scanned for another.
    page = _SLOT.sub(lambda m: slots[m.group(1)], template)
    out = Path(path)
    with atomic_write(out) as f:
        f.write(page)
    return out
