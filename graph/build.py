"""Merge extraction records into a NetworkX MultiDiGraph (nodes = entity ids, edges keyed by relation)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from geokg.schemas import Extraction, Ontology

__all__ = ["DEFAULT_SYMMETRIC", "add_records", "build_graph"]

DEFAULT_SYMMETRIC = frozenset(
    {"met_with", "negotiating_with", "signed_agreement_with", "cooperates_with", "trades_with"}
)
UNCLAIMED = frozenset({"negated", "hedged"})
_MODALITY_ORDER = ("asserted", "reported", "planned", "hedged", "negated")


def build_graph(records: Iterable[Extraction | Mapping[str, Any]], *, ontology: Ontology | None = None) -> nx.MultiDiGraph:
    """Build a graph from extraction records.

    Args:
        records: :class:`geokg.schemas.Extraction` objects or dicts of the same shape.
        ontology: relation ontology; edges then carry ``cameo``, ``plover``, ``quad_class`` and ``score``, and
            its symmetric labels are stored once per unordered pair.

    Examples:
        >>> rec = {"doc_id": "d1", "entities": [
        ...     {"id": "country:ISR", "type": "country", "name": "Israel", "mentions": [{"start": 0, "end": 6, "text": "Israel"}]},
        ...     {"id": "country:GEO", "type": "country", "name": "Georgia", "mentions": []}],
        ...   "relations": [{"head": "country:ISR", "relation": "recalled_consultants_from", "tail": "country:GEO",
        ...     "evidence": [{"start": 0, "end": 40, "text": "Israel recalled its consultants from Georgia."}]}]}
        >>> G = build_graph([rec])
        >>> G["country:ISR"]["country:GEO"]["recalled_consultants_from"]["weight"]
        1
    """
    G = nx.MultiDiGraph()
    add_records(G, records, ontology=ontology)
    return G


def add_records(G: nx.MultiDiGraph, records: Iterable[Extraction | Mapping[str, Any]], *,
                ontology: Ontology | None = None) -> nx.MultiDiGraph:
    """Merge records into ``G`` in place (and return it): counts add up, evidence accumulates."""
    symmetric = {e.label for e in ontology.relations if e.symmetric} if ontology else set(DEFAULT_SYMMETRIC)
    G.graph.setdefault("documents", 0)
    for rec in records:
        data = rec.model_dump(mode="json") if isinstance(rec, Extraction) else dict(rec)
        doc_id = str(data.get("doc_id", ""))
        date = data.get("date")
        G.graph["documents"] += 1
        for ent in data.get("entities", []) or []:
            _add_node(G, ent)
        for rel in data.get("relations", []) or []:
            _add_edge(G, rel, doc_id, date, symmetric, ontology)
    return G


def _add_node(G: nx.MultiDiGraph, ent: Mapping[str, Any]) -> None:
    eid = str(ent["id"])
    mentions = ent.get("mentions") or []
    if eid not in G:
        G.add_node(eid, type=ent.get("type") or eid.split(":", 1)[0], name=ent.get("name") or eid, aliases=[],
                   mentions=0, documents=0)
    node = G.nodes[eid]
    if ent.get("iso3"):
        node["iso3"] = ent["iso3"]
    if ent.get("country"):
        node["country"] = ent["country"]
    node["aliases"] = sorted(set(node.get("aliases", [])) | {str(a) for a in ent.get("aliases") or []}
                             - {node["name"]})
    node["mentions"] = int(node.get("mentions", 0)) + len(mentions)
    node["documents"] = int(node.get("documents", 0)) + 1


def _ensure_node(G: nx.MultiDiGraph, eid: str) -> None:
    if eid not in G:
        typ, _, rest = eid.partition(":")
        G.add_node(eid, type=typ if typ in ("country", "person", "organization", "location") else "organization",
                   name=rest.replace("-", " ").title() if rest else eid, aliases=[], mentions=0, documents=0)


def _add_edge(G: nx.MultiDiGraph, rel: Mapping[str, Any], doc_id: str, date: str | None, symmetric: set[str],
              ontology: Ontology | None) -> None:
    head, tail, label = str(rel["head"]), str(rel["tail"]), str(rel["relation"])
    if not head or not tail or ":" not in head or ":" not in tail:
        return
    is_sym = label in symmetric
    if is_sym and tail < head:
        head, tail = tail, head
    _ensure_node(G, head)
    _ensure_node(G, tail)
    modality = rel.get("modality") or "asserted"
    attrs = rel.get("attributes") or {}
    evidence = [
        {"doc_id": doc_id, "text": ev.get("text", ""), "start": ev.get("start"), "end": ev.get("end"),
         "modality": modality, "attributed_to": rel.get("attributed_to"), "confidence": rel.get("confidence")}
        for ev in (rel.get("evidence") or [{}])
    ]
    if G.has_edge(head, tail, key=label):
        edge = G.edges[head, tail, label]
    else:
        G.add_edge(head, tail, key=label, relation=label, weight=0, modalities={}, evidence=[], symmetric=is_sym,
                   derived=False, confidence=0.0)
        edge = G.edges[head, tail, label]
        entry = ontology.get(label) if ontology else None
        if entry is not None:
            edge.update(cameo=entry.cameo, plover=entry.plover, quad_class=entry.quad_class, score=entry.score)
    edge["evidence"].extend(evidence)
    edge["weight"] = len(edge["evidence"])
    counts = Counter(edge["modalities"])
    counts[modality] += len(evidence)
    edge["modalities"] = dict(counts)
    edge["claimed"] = any(m not in UNCLAIMED for m in counts)
    edge["modality"] = _dominant(counts)
    edge["derived"] = bool(edge.get("derived")) or bool(attrs.get("derived_from"))
    if attrs.get("derived_from"):
        edge["derived_from"] = sorted(set(edge.get("derived_from", [])) | {str(attrs["derived_from"])})
    if attrs.get("role"):
        edge["role"] = str(attrs["role"])
    edge["confidence"] = max(float(edge.get("confidence") or 0.0), float(rel.get("confidence") or 0.0))
    if date:
        edge["first_seen"] = min(filter(None, [edge.get("first_seen"), date]))
        edge["last_seen"] = max(filter(None, [edge.get("last_seen"), date]))


def _dominant(counts: Counter) -> str:
    claimed = [m for m in _MODALITY_ORDER if counts.get(m) and m not in UNCLAIMED]
    if claimed:
        return max(claimed, key=lambda m: (counts[m], -_MODALITY_ORDER.index(m)))
    return max((m for m in counts), key=lambda m: (counts[m], -_MODALITY_ORDER.index(m)))
