"""Query a geokg graph: resolve names, find evidenced paths between actors, neighbours, statistics."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from geokg.errors import EntityNotFound

__all__ = ["GraphPath", "Hop", "find_paths", "format_path", "graph_stats", "neighbors", "resolve_entity"]


def _names(G: nx.MultiDiGraph, n: str) -> list[str]:
    d = G.nodes[n]
    names = [n, str(d.get("name", ""))] + [str(a) for a in d.get("aliases", []) or []]
    if d.get("iso3"):
        names.append(str(d["iso3"]))
    return [x for x in names if x]


def resolve_entity(G: nx.MultiDiGraph, name: str) -> str:
    """Return the node id for an id, name, alias or ISO code, case-insensitively.

    Raises:
        geokg.errors.EntityNotFound: nothing matches; the error lists close matches.

    Examples:
        >>> G = nx.MultiDiGraph(); G.add_node("country:SYR", name="Syria", aliases=["Damascus"], iso3="SYR")
        >>> resolve_entity(G, "damascus"), resolve_entity(G, "country:SYR"), resolve_entity(G, "SYR")
        ('country:SYR', 'country:SYR', 'country:SYR')
    """
    if name in G:
        return name
    key = name.strip().lower()
    if key.startswith("the "):
        key = key[4:]
    exact: dict[str, str] = {}
    for n in G.nodes:
        for alias in _names(G, n):
            a = alias.lower()
            exact.setdefault(a, n)
            if a.startswith("the "):
                exact.setdefault(a[4:], n)
    if key in exact:
        return exact[key]
    close = difflib.get_close_matches(key, list(exact), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(G.nodes[exact[c]].get("name", exact[c]) for c in close))
    raise EntityNotFound(name, suggestions)


@dataclass
class Hop:
    """One step of a path: the edge between ``source`` and ``target`` and its evidence."""

    source: str
    target: str
    relation: str
    direction: str  # "forward" when the edge runs source -> target, "backward" otherwise
    modality: str
    claimed: bool
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GraphPath:
    """A path between two actors: the node ids and one :class:`Hop` per step."""

    nodes: list[str]
    hops: list[Hop]

    def __len__(self) -> int:
        return len(self.hops)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"nodes": self.nodes, "hops": [h.__dict__ for h in self.hops]}


def _edge_ok(data: dict[str, Any], key: str, relations: set[str] | None, exclude: set[str], unclaimed: bool) -> bool:
    if relations and key not in relations:
        return False
    if key in exclude:
        return False
    return unclaimed or bool(data.get("claimed", True))


def _view(G: nx.MultiDiGraph, *, directed: bool, relations: Iterable[str] | None, exclude: Iterable[str] | None,
          include_unclaimed: bool) -> nx.Graph:
    rel = set(relations) if relations else None
    exc = set(exclude or ())
    H: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G.nodes)
    for u, v, k, d in G.edges(keys=True, data=True):
        if not _edge_ok(d, k, rel, exc, include_unclaimed):
            continue
        pairs = [(u, v)]
        if d.get("symmetric") and directed:
            pairs.append((v, u))
        for a, b in pairs:
            # fewer hops first, then better evidenced edges
            w = 1.0 + 1.0 / (1.0 + float(d.get("weight", 1)))
            if not H.has_edge(a, b) or H[a][b]["weight"] > w:
                H.add_edge(a, b, weight=w)
    return H


def _hops(G: nx.MultiDiGraph, nodes: list[str], *, relations, exclude, include_unclaimed, directed) -> list[Hop]:
    rel = set(relations) if relations else None
    exc = set(exclude or ())
    hops = []
    for a, b in zip(nodes, nodes[1:]):
        cands = []
        for u, v in ((a, b), (b, a)):
            if directed and (u, v) == (b, a):
                continue
            for k, d in (G.get_edge_data(u, v) or {}).items():
                if _edge_ok(d, k, rel, exc, include_unclaimed):
                    cands.append((u, v, k, d))
        if directed:
            for k, d in (G.get_edge_data(b, a) or {}).items():
                if d.get("symmetric") and _edge_ok(d, k, rel, exc, include_unclaimed):
                    cands.append((b, a, k, d))
        u, v, k, d = max(cands, key=lambda c: (bool(c[3].get("claimed", True)), c[3].get("weight", 0)))
        hops.append(Hop(source=a, target=b, relation=k, direction="forward" if (u, v) == (a, b) else "backward",
                        modality=str(d.get("modality", "asserted")), claimed=bool(d.get("claimed", True)),
                        evidence=list(d.get("evidence", []))))
    return hops


def find_paths(G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 4, all_paths: bool = False,
               directed: bool = False, relations: Iterable[str] | None = None,
               exclude_relations: Iterable[str] | None = None, include_unclaimed: bool = False,
               limit: int = 50) -> list[GraphPath]:
    """Find how two actors are connected, with the evidence of every hop.

    Args:
        G: a geokg graph.
        source, target: entity ids or names/aliases (resolved with :func:`resolve_entity`).
        max_hops: longest path considered.
        all_paths: every simple path up to ``max_hops`` (shortest first, at most ``limit``) instead of one.
        directed: follow edges only in their direction (symmetric relations go both ways).
        relations, exclude_relations: keep only / drop these relation labels.
        include_unclaimed: also walk edges whose only evidence is negated or hedged.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("country:SYR", "country:RUS", key="arms_buyer_of", weight=1, claimed=True, evidence=[])
        'arms_buyer_of'
        >>> G.add_edge("country:ISR", "country:RUS", key="cooperates_with", weight=2, claimed=True, evidence=[])
        'cooperates_with'
        >>> [h.relation for h in find_paths(G, "country:SYR", "country:ISR")[0].hops]
        ['arms_buyer_of', 'cooperates_with']
    """
    s, t = resolve_entity(G, source), resolve_entity(G, target)
    if s == t:
        return []
    H = _view(G, directed=directed, relations=relations, exclude=exclude_relations,
              include_unclaimed=include_unclaimed)
    kw = {"relations": relations, "exclude": exclude_relations, "include_unclaimed": include_unclaimed,
          "directed": directed}
    if not all_paths:
        try:
            nodes = nx.shortest_path(H, s, t, weight="weight")
        except nx.NetworkXNoPath:
            return []
        if len(nodes) - 1 > max_hops:
            return []
        return [GraphPath(nodes=nodes, hops=_hops(G, nodes, **kw))]
    out = []
    for nodes in nx.all_simple_paths(H, s, t, cutoff=max_hops):
        out.append(nodes)
    out.sort(key=lambda p: (len(p), -sum(H[a][b]["weight"] for a, b in zip(p, p[1:]))))
    return [GraphPath(nodes=p, hops=_hops(G, p, **kw)) for p in out[:limit]]


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return str(G.nodes[n].get("name", n)) if n in G else n


def format_path(G: nx.MultiDiGraph, path: GraphPath, *, max_evidence: int = 2) -> str:
    """Render a path as text, one hop per line followed by its evidence sentences.

    Examples:
        >>> G = nx.MultiDiGraph(); G.add_node("a", name="Syria"); G.add_node("b", name="Russia")
        >>> _ = G.add_edge("a", "b", key="arms_buyer_of", claimed=True, modality="asserted",
        ...                evidence=[{"doc_id": "d1", "text": "Damascus buys Russian arms."}])
        >>> print(format_path(G, find_paths(G, "a", "b")[0]))
        Syria --arms_buyer_of--> Russia  [asserted]
            [d1] "Damascus buys Russian arms."
    """
    lines = []
    for h in path.hops:
        a, b = _label(G, h.source), _label(G, h.target)
        arrow = f"--{h.relation}-->" if h.direction == "forward" else f"<--{h.relation}--"
        lines.append(f"{a} {arrow} {b}  [{h.modality}]")
        for ev in h.evidence[:max_evidence]:
            text = " ".join(str(ev.get("text", "")).split())
            if len(text) > 300:
                text = text[:297] + "..."
            who = f" (according to {_label(G, ev['attributed_to'])})" if ev.get("attributed_to") else ""
            lines.append(f'    [{ev.get("doc_id", "?")}] "{text}"{who}')
        if len(h.evidence) > max_evidence:
            lines.append(f"    (+{len(h.evidence) - max_evidence} more)")
    return "\n".join(lines)


def neighbors(G: nx.MultiDiGraph, entity: str, *, hops: int = 1,
              relations: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Actors within ``hops`` of ``entity`` (either direction), nearest first, with the connecting edges.

    Examples:
        >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", key="met_with", evidence=[])
        >>> [n["id"] for n in neighbors(G, "a")]
        ['b']
    """
    src = resolve_entity(G, entity)
    rel = set(relations) if relations else None
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    for u, v, k in G.edges(keys=True):
        if rel is None or k in rel:
            U.add_edge(u, v)
    dist = nx.single_source_shortest_path_length(U, src, cutoff=hops)
    out = []
    for n, d in sorted(dist.items(), key=lambda x: (x[1], _label(G, x[0]))):
        if n == src:
            continue
        edges = []
        for u, v in ((src, n), (n, src)):
            for k, data in (G.get_edge_data(u, v) or {}).items():
                if rel is None or k in rel:
                    edges.append({"head": u, "relation": k, "tail": v, "weight": data.get("weight", 0),
                                  "modality": data.get("modality"), "claimed": data.get("claimed", True)})
        out.append({"id": n, "name": _label(G, n), "type": G.nodes[n].get("type"), "distance": d, "edges": edges})
    return out


def graph_stats(G: nx.MultiDiGraph, *, top: int = 10) -> dict[str, Any]:
    """Counts by node type, relation and modality, documents, and the best-connected actors.

    Examples:
        >>> G = nx.MultiDiGraph(); G.add_node("a", type="country"); _ = G.add_edge("a", "b", key="met_with")
        >>> graph_stats(G)["nodes"], graph_stats(G)["edges"]
        (2, 1)
    """
    types = Counter(str(d.get("type", "?")) for _, d in G.nodes(data=True))
    rels = Counter(k for _, _, k in G.edges(keys=True))
    mods: Counter = Counter()
    evidence = 0
    for _, _, d in G.edges(data=True):
        mods.update(d.get("modalities", {}) or {})
        evidence += int(d.get("weight", 0) or 0)
    deg = sorted(G.degree(), key=lambda x: (-x[1], str(x[0])))[:top]
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "evidence": evidence,
        "documents": G.graph.get("documents"),
        "nodes_by_type": dict(types.most_common()),
        "edges_by_relation": dict(rels.most_common()),
        "evidence_by_modality": dict(mods.most_common()),
        "unclaimed_edges": sum(1 for _, _, d in G.edges(data=True) if not d.get("claimed", True)),
        "top_actors": [{"id": n, "name": _label(G, n), "degree": k} for n, k in deg],
    }
