"""Query the graph: resolve names, find evidenced paths, list neighbours, summarise."""

from __future__ import annotations

import difflib
import itertools
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from geokg.schemas.errors import EntityNotFound

__all__ = [
    "GraphPath",
    "PathHop",
    "find_paths",
    "format_path",
    "graph_stats",
    "neighbors",
    "resolve_entity",
    "to_json_dict",
]


@dataclass(frozen=True)
class PathHop:
    """One step of a path: traversed from ``source`` to ``target`` over one relation.

    ``direction`` is ``"forward"`` when the edge points from ``source`` to ``target``, ``"backward"``
    when the step goes against the edge, and ``"symmetric"`` for symmetric relations.
    ``edge_source``/``edge_target`` are the edge's own endpoints. ``derived`` is True when the hop is a
    country-level relation inferred from a person's relation (every piece of its evidence is), and
    ``derived_from`` lists those persons' entity ids.
    """

    source: str
    target: str
    relation: str
    direction: str
    modality: str
    claimed: bool
    weight: int
    edge_source: str
    edge_target: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    derived: bool = False
    derived_from: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GraphPath:
    """A path between two entities: the node ids in order and one :class:`PathHop` per step."""

    nodes: list[str]
    hops: list[PathHop]

    def __len__(self) -> int:
        return len(self.hops)

    def to_dict(self) -> dict[str, Any]:
        """Return plain JSON-ready data."""
        return {"nodes": list(self.nodes), "length": len(self.hops), "hops": [asdict(h) for h in self.hops]}


def _num(value: Any, default: Any) -> Any:
    """A count or score read from a graph file; tolerant of foreign files (``"2"``, ``"n/a"``, None)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and not math.isfinite(value):
        return default
    if isinstance(value, (int, float)):
        return value if isinstance(default, float) else int(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return type(default)(number) if math.isfinite(number) else default


def _norm(text: str) -> str:
    return " ".join(str(text).casefold().split())


def resolve_entity(G: nx.MultiDiGraph, name: str) -> str:
    """Return the node id for an id, name, alias or ISO3 code, case-insensitively.

    Exact ids win, then names, then ISO3 codes, then aliases; among several matches the best
    connected node wins.

    Raises:
        geokg.errors.EntityNotFound: nothing matches; ``suggestions`` lists close names.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("country:SYR", name="Syria", iso3="SYR", aliases=["Damascus", "Syrian"])
        >>> resolve_entity(G, "damascus"), resolve_entity(G, "syr"), resolve_entity(G, "country:SYR")
        ('country:SYR', 'country:SYR', 'country:SYR')
        >>> resolve_entity(G, "Syrai")
        Traceback (most recent call last):
        ...
        geokg.errors.EntityNotFound: 'Syrai' is not in the graph. Did you mean 'Syria'?
    """
    if name in G:
        return name
    key = _norm(name)
    tiers: list[list[str]] = [[], [], [], []]
    for n, d in G.nodes(data=True):
        if _norm(n) == key:
            tiers[0].append(n)
        elif _norm(d.get("name") or "") == key:
            tiers[1].append(n)
        elif d.get("iso3") and _norm(d["iso3"]) == key:
            tiers[2].append(n)
        elif any(_norm(a) == key for a in d.get("aliases") or []):
            tiers[3].append(n)
    for tier in tiers:
        if tier:
            return max(tier, key=lambda n: (G.degree(n), -len(str(n)), str(n)))
    raise EntityNotFound(name, _suggest(G, key))


#: Similarity (difflib ratio) a name must reach to be suggested: 'Syrai' -> 'Syria' (0.8) is offered,
#: 'Narnia' -> 'Armenia' (0.77) or 'Manila' (0.67, an alias of the Philippines) is not.
SUGGEST_CUTOFF = 0.8


def _suggest(G: nx.MultiDiGraph, key: str, n: int = 3) -> list[str]:
    """Close names for an unknown ``key``; an alias is shown with its entity ("Manila (Philippines)")."""
    display: dict[str, tuple[str, str]] = {}
    for node, d in G.nodes(data=True):
        label = str(d.get("name") or node)
        display.setdefault(_norm(label), (node, label))
        display.setdefault(_norm(node), (node, str(node)))
        for alias in d.get("aliases") or []:
            display.setdefault(_norm(alias), (node, f"{alias} ({label})"))
    cutoff = SUGGEST_CUTOFF if len(key) > 3 else 0.85
    close = difflib.get_close_matches(key, list(display), n=n * 3, cutoff=cutoff)
    if len(key) >= 4:
        # Swapped letters ('Sirya') score low on difflib; the same letters with the same ends are a typo.
        close += [c for c in display if len(c) == len(key) and c[0] == key[0] and c[-1] == key[-1]
                  and sorted(c) == sorted(key) and c not in close]
    out: dict[str, str] = {}
    for c in close:
        node, text = display[c]
        out.setdefault(node, text)  # one suggestion per entity, its best-matching name
    return list(out.values())[:n]


def _edge_ok(d: dict[str, Any], relations: set[str] | None, exclude: set[str], include_unclaimed: bool) -> bool:
    rel = d.get("relation")
    if relations is not None and rel not in relations:
        return False
    if rel in exclude:
        return False
    return include_unclaimed or d.get("claimed", True) is not False


_MODALITY_RANK = {"asserted": 3, "reported": 2, "planned": 1}


def _rank(d: dict[str, Any]) -> tuple:
    """Order parallel edges: claimed, more evidence, direct (not derived), firmer modality, confidence."""
    return (
        d.get("claimed", True) is not False,
        _num(d.get("weight"), 0),
        not d.get("derived"),
        _MODALITY_RANK.get(str(d.get("modality")), 0),
        float(_num(d.get("confidence"), 0.0)),
    )


def _view(
    G: nx.MultiDiGraph,
    *,
    directed: bool,
    relations: Iterable[str] | None,
    exclude_relations: Iterable[str] | None,
    include_unclaimed: bool,
    max_hops: int,
) -> nx.Graph:
    """Collapse the multigraph to a simple (Di)Graph keeping the best edge per traversal step."""
    rel_set = set(relations) if relations is not None else None
    excl = set(exclude_relations or ())
    H: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G.nodes)
    # Hop count dominates the cost; 1/(1+evidence) only breaks ties towards well-evidenced edges.
    eps = 1.0 / (2 * (max_hops + 1))
    for u, v, k, d in G.edges(keys=True, data=True):
        if not _edge_ok(d, rel_set, excl, include_unclaimed):
            continue
        steps = [(u, v)]
        if not directed or d.get("symmetric"):
            steps.append((v, u))
        for a, b in steps:
            if a == b:
                continue
            cur = H.get_edge_data(a, b)
            if cur is None or _rank(d) > _rank(G.edges[cur["edge"]]):
                H.add_edge(a, b, edge=(u, v, k), cost=1.0 + eps / (1 + max(0, _num(d.get("weight"), 0))))
    return H


def _hop(G: nx.MultiDiGraph, a: str, b: str, edge: tuple[str, str, str]) -> PathHop:
    u, v, k = edge
    d = G.edges[u, v, k]
    direction = "symmetric" if d.get("symmetric") else "forward" if (u, v) == (a, b) else "backward"
    evidence = [
        {key: e.get(key) for key in ("doc_id", "text", "start", "end", "modality", "attributed_to", "derived_from")}
        for e in d.get("evidence") or []
    ]
    # Evidence that states the relation comes before negated/hedged mentions of it.
    evidence.sort(key=lambda e: e.get("modality") in ("negated", "hedged"))
    return PathHop(
        source=a,
        target=b,
        relation=str(d.get("relation") or k),
        direction=direction,
        modality=str(d.get("modality") or "asserted"),
        claimed=d.get("claimed", True) is not False,
        weight=_num(d.get("weight"), len(evidence)),
        edge_source=u,
        edge_target=v,
        evidence=evidence,
        derived=bool(d.get("derived")),
        derived_from=[str(x) for x in d.get("derived_from") or []],
    )


def find_paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    all_paths: bool = False,
    directed: bool = False,
    relations: Iterable[str] | None = None,
    exclude_relations: Iterable[str] | None = None,
    include_unclaimed: bool = False,
    limit: int = 100,
) -> list[GraphPath]:
    """Find how two entities are connected, with the evidence for every hop.

    By default returns the one shortest path (fewest hops; ties go to better-evidenced edges),
    traversing edges in either direction and recording each hop's real direction.

    Args:
        G: a graph from :func:`geokg.graph.build_graph` or :func:`geokg.graph.read_graph`.
        source: id, name or alias of the start (see :func:`resolve_entity`).
        target: id, name or alias of the end.
        max_hops: longest path considered.
        all_paths: return every simple path up to ``max_hops`` (shortest first, at most ``limit``).
        directed: follow edges only in their direction (symmetric relations go both ways).
        relations: only use these relation labels.
        exclude_relations: never use these relation labels.
        include_unclaimed: also use edges whose evidence is only negated or hedged.
        limit: most paths returned with ``all_paths``.

    Returns:
        A list of :class:`GraphPath` (empty when the entities are not connected within ``max_hops``).

    Raises:
        geokg.errors.EntityNotFound: ``source`` or ``target`` is not in the graph.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("country:SYR", "country:RUS", key="arms_buyer_of", relation="arms_buyer_of",
        ...            claimed=True, modality="reported", weight=1, evidence=[{"doc_id": "d", "text": "t"}])
        'arms_buyer_of'
        >>> [(h.source, h.relation, h.direction) for h in find_paths(G, "country:RUS", "country:SYR")[0].hops]
        [('country:RUS', 'arms_buyer_of', 'backward')]
    """
    s, t = resolve_entity(G, source), resolve_entity(G, target)
    if s == t:
        return [GraphPath(nodes=[s], hops=[])]
    H = _view(
        G,
        directed=directed,
        relations=relations,
        exclude_relations=exclude_relations,
        include_unclaimed=include_unclaimed,
        max_hops=max_hops,
    )
    try:
        if all_paths:
            found = []
            for nodes in nx.shortest_simple_paths(H, s, t, weight="cost"):
                if len(nodes) - 1 > max_hops or len(found) >= limit:
                    break
                found.append(nodes)
        else:
            nodes = nx.shortest_path(H, s, t, weight="cost")
            found = [nodes] if len(nodes) - 1 <= max_hops else []
    except nx.NetworkXNoPath:
        found = []
    return [
        GraphPath(
            nodes=list(nodes),
            hops=[_hop(G, a, b, H.edges[a, b]["edge"]) for a, b in itertools.pairwise(nodes)],
        )
        for nodes in found
    ]


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return str(G.nodes[n].get("name") or n) if n in G else str(n)


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def format_path(G: nx.MultiDiGraph, path: GraphPath, *, width: int = 160) -> str:
    """Render a path one hop per line, each with its first evidence sentence and doc id.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("country:SYR", name="Syria"); G.add_node("country:RUS", name="Russia")
        >>> G.add_edge("country:SYR", "country:RUS", key="arms_buyer_of", relation="arms_buyer_of",
        ...            claimed=True, modality="reported", weight=1,
        ...            evidence=[{"doc_id": "d1", "text": "Syria buys."}])
        'arms_buyer_of'
        >>> print(format_path(G, find_paths(G, "Russia", "Syria")[0]))
        Russia <--arms_buyer_of-- Syria  [d1] "Syria buys." (reported)
        >>> G.add_node("person:p", name="Vladimir Putin")
        >>> G.add_edge("country:RUS", "country:SYR", key="met_with", relation="met_with", symmetric=True,
        ...            derived=True, derived_from=["person:p"], evidence=[{"doc_id": "d2", "text": "Putin met."}])
        'met_with'
        >>> print(format_path(G, find_paths(G, "Russia", "Syria", relations=["met_with"])[0]))
        Russia --met_with-- Syria  [d2] "Putin met." (derived from Vladimir Putin's relation)
    """
    if not path.hops:
        return f"{_label(G, path.nodes[0])} (same entity)" if path.nodes else "(empty path)"
    lines = []
    for hop in path.hops:
        a, b = _label(G, hop.source), _label(G, hop.target)
        arrow = {"forward": f"--{hop.relation}-->", "backward": f"<--{hop.relation}--"}.get(
            hop.direction, f"--{hop.relation}--"
        )
        line = f"{a} {arrow} {b}"
        if hop.evidence:
            ev = hop.evidence[0]
            line += f'  [{ev.get("doc_id")}] "{_clip(ev.get("text") or "", width)}"'
            more = len(hop.evidence) - 1
            if more:
                line += f" (+{more} more)"
        if hop.modality != "asserted":
            line += f" ({hop.modality})"
        if hop.derived:
            who = ", ".join(_label(G, p) for p in hop.derived_from) or "a person"
            line += f" (derived from {who}'s relation)"
        lines.append(line)
    return "\n".join(lines)


def _edge_summary(G: nx.MultiDiGraph, u: str, v: str, k: str, d: dict[str, Any]) -> dict[str, Any]:
    first = (d.get("evidence") or [{}])[0]
    return {
        "source": u,
        "target": v,
        "relation": str(d.get("relation") or k),
        "modality": d.get("modality"),
        "claimed": d.get("claimed", True) is not False,
        "weight": _num(d.get("weight"), 0),
        "symmetric": bool(d.get("symmetric")),
        "doc_id": first.get("doc_id"),
        "evidence": first.get("text"),
    }


def neighbors(
    G: nx.MultiDiGraph, entity: str, *, hops: int = 1, relations: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """List the entities within ``hops`` steps of ``entity`` (either edge direction), nearest first.

    Each item has ``id``, ``name``, ``type``, ``distance`` and ``edges``: the edges joining it to the
    entities one step closer (``source``, ``target``, ``relation``, ``modality``, ``claimed``,
    ``weight``, first ``evidence`` sentence and its ``doc_id``).

    Raises:
        geokg.errors.EntityNotFound: ``entity`` is not in the graph.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("country:RUS", "country:GEO", key="deployed_forces_to", relation="deployed_forces_to")
        'deployed_forces_to'
        >>> [(n["id"], n["edges"][0]["relation"]) for n in neighbors(G, "country:GEO")]
        [('country:RUS', 'deployed_forces_to')]
    """
    start = resolve_entity(G, entity)
    rel_set = set(relations) if relations is not None else None
    dist = {start: 0}
    frontier = [start]
    found: dict[str, list[dict[str, Any]]] = {}
    for level in range(1, max(hops, 0) + 1):
        nxt: list[str] = []
        for node in frontier:
            incident = itertools.chain(
                ((u, v, k, d, v) for u, v, k, d in G.out_edges(node, keys=True, data=True)),
                ((u, v, k, d, u) for u, v, k, d in G.in_edges(node, keys=True, data=True)),
            )
            for u, v, k, d, other in incident:
                if rel_set is not None and d.get("relation", k) not in rel_set:
                    continue
                if other not in dist:
                    dist[other] = level
                    nxt.append(other)
                if dist[other] == level:
                    edge = _edge_summary(G, u, v, k, d)
                    if edge not in found.setdefault(other, []):
                        found[other].append(edge)
        frontier = nxt
    out = []
    for n, edges in found.items():
        d = G.nodes[n]
        out.append({"id": n, "name": d.get("name") or n, "type": d.get("type"), "distance": dist[n], "edges": edges})
    out.sort(key=lambda x: (x["distance"], -sum(e["weight"] for e in x["edges"]), str(x["name"])))
    return out


def graph_stats(G: nx.MultiDiGraph, *, top: int = 10) -> dict[str, Any]:
    """Summarise the graph: counts by type, relation and modality, documents, best-connected actors.

    Examples:
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("country:SYR", type="country", name="Syria")
        >>> graph_stats(G)["nodes_by_type"]
        {'country': 1}
    """
    evidence_modalities: Counter[str] = Counter()
    edge_modalities: Counter[str] = Counter()
    relations: Counter[str] = Counter()
    docs: set[str] = set(G.graph.get("documents") or {})
    evidence_total = claimed = 0
    for _, _, k, d in G.edges(keys=True, data=True):
        relations[str(d.get("relation") or k)] += 1
        edge_modalities[str(d.get("modality") or "asserted")] += 1
        claimed += d.get("claimed", True) is not False
        for e in d.get("evidence") or []:
            evidence_modalities[str(e.get("modality") or "asserted")] += 1
            evidence_total += 1
            if e.get("doc_id"):
                docs.add(str(e["doc_id"]))
    degree = sorted(G.degree, key=lambda x: (-x[1], str(x[0])))[:top]
    return {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "documents": len(docs),
        "evidence": evidence_total,
        "claimed_edges": claimed,
        "unclaimed_edges": G.number_of_edges() - claimed,
        "nodes_by_type": dict(Counter(str(d.get("type") or "unknown") for _, d in G.nodes(data=True)).most_common()),
        "edges_by_relation": dict(relations.most_common()),
        "edges_by_modality": dict(edge_modalities.most_common()),
        "evidence_by_modality": dict(evidence_modalities.most_common()),
        "top_actors": [
            {"id": n, "name": G.nodes[n].get("name") or n, "type": G.nodes[n].get("type"), "degree": deg}
            for n, deg in degree
        ],
    }


def to_json_dict(obj: Any) -> Any:
    """Turn query results (paths, lists, dicts, sets) into JSON-ready data for ``--json`` output.

    Examples:
        >>> to_json_dict([GraphPath(nodes=["a:x"], hops=[])])
        [{'nodes': ['a:x'], 'length': 0, 'hops': []}]
    """
    if isinstance(obj, GraphPath):
        return obj.to_dict()
    if isinstance(obj, PathHop):
        return asdict(obj)
    if isinstance(obj, dict):
        return {str(k): to_json_dict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj, key=str) if isinstance(obj, (set, frozenset)) else obj
        return [to_json_dict(x) for x in items]
    return obj
