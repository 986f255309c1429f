"""Merge extraction records into one MultiDiGraph (CONTRACT.md "Graph")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
from geokg.schemas import MODALITIES, Extraction, Ontology, load_ontology
from geokg.schemas.errors import GraphFormatError
from geokg.schemas.reference import country_names
from pydantic import ValidationError

__all__ = [
    "CLAIMED_MODALITIES",
    "add_records",
    "build_graph",
    "default_ontology",
]

#: Modalities that present a relation as (reported, planned or plain) fact; negated/hedged do not.
CLAIMED_MODALITIES = ("asserted", "reported", "planned")

_ID = re.compile(r"^(country|person|organization|location):(\S+)$")
_EDGE_ONTOLOGY_KEYS = ("cameo", "plover", "quad_class", "score")


def default_ontology() -> Ontology:
    """Return the ontology bundled with geokg (``geokg.schemas.load_ontology()``).

    Examples:
        >>> default_ontology().get("met_with").symmetric
        True
    """
    return load_ontology()


def _symmetric_labels() -> frozenset[str]:
    return frozenset(e.label for e in load_ontology().relations if e.symmetric)


def _country_names(code: str) -> tuple[str, list[str]]:
    """Display name and aliases of a country known only by its ISO3 code (gazetteer, then pycountry)."""
    curated, more = country_names(code)
    names: list[str | None] = [curated]
    try:
        import pycountry

        country = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(alpha_3=code)
    except (ImportError, LookupError, KeyError):
        country = None
    if country is not None:
        names += [getattr(country, a, None) for a in ("common_name", "name", "official_name")]
    names += more
    names = [n for n in dict.fromkeys(names) if isinstance(n, str) and n]
    return (names[0], names[1:]) if names else (code, [])


def build_graph(
    records: Iterable[Extraction | Mapping[str, Any]], *, ontology: Ontology | None = None
) -> nx.MultiDiGraph:
    """Merge extraction records (one per document) into a knowledge graph.

    Nodes are entity ids; edges are keyed by relation label, carry every evidence sentence, and
    symmetric relations are stored once per unordered pair (source id < target id).

    Args:
        records: :class:`geokg.schemas.Extraction` objects or dicts of that shape.
        ontology: gives CAMEO/PLOVER codes, quad class, score and symmetry per label. Default: the
            ontology bundled with geokg (``extractors/data/ontology.yaml``) when it is installed.

    Returns:
        A new ``networkx.MultiDiGraph``.

    Raises:
        geokg.errors.GraphFormatError: a dict record does not have the extraction record's shape.

    Examples:
        >>> rec = {"doc_id": "d1", "entities": [
        ...     {"id": "country:SYR", "type": "country", "name": "Syria", "iso3": "SYR"},
        ...     {"id": "country:RUS", "type": "country", "name": "Russia", "iso3": "RUS"}],
        ...   "relations": [{"head": "country:SYR", "relation": "arms_buyer_of", "tail": "country:RUS",
        ...     "modality": "reported", "evidence": [{"start": 0, "end": 9, "text": "Syria buys"}]}]}
        >>> G = build_graph([rec])
        >>> G["country:SYR"]["country:RUS"]["arms_buyer_of"]["weight"]
        1
    """
    G = nx.MultiDiGraph(name="geokg")
    add_records(G, records, ontology=ontology)
    return G


def add_records(
    G: nx.MultiDiGraph, records: Iterable[Extraction | Mapping[str, Any]], *, ontology: Ontology | None = None
) -> nx.MultiDiGraph:
    """Merge more extraction records into ``G`` in place (and return it).

    A record whose ``doc_id`` is already in the graph is skipped (and noted in
    ``G.graph["warnings"]``), so adding the same documents twice never double-counts evidence.

    Examples:
        >>> G = build_graph([])
        >>> rec = {"doc_id": "d2", "relations": [{"head": "country:RUS", "relation": "met_with",
        ...        "tail": "country:BLR", "evidence": [{"start": 0, "end": 4, "text": "Talks"}]}]}
        >>> sorted(add_records(G, [rec]).nodes)
        ['country:BLR', 'country:RUS']
    """
    onto = ontology if ontology is not None else default_ontology()
    docs: dict[str, Any] = G.graph.setdefault("documents", {})
    warnings: list[str] = G.graph.setdefault("warnings", [])
    for raw in records:
        rec = _as_record(raw)
        if rec.doc_id in docs:
            warnings.append(f"{rec.doc_id}: document already in the graph; skipped")
            continue
        docs[rec.doc_id] = {"title": rec.title, "date": rec.date, "source": rec.source}
        _add_one(G, rec, onto, warnings)
    return G


def _as_record(raw: Extraction | Mapping[str, Any]) -> Extraction:
    if isinstance(raw, Extraction):
        return raw
    try:
        return Extraction.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "record"
        doc = raw.get("doc_id", "?") if isinstance(raw, Mapping) else "?"
        raise GraphFormatError(f"record {doc!r}: invalid extraction record at {where}: {first['msg']}") from exc


def _name_from_id(entity_id: str) -> tuple[str, list[str]]:
    kind, _, rest = entity_id.partition(":")
    if kind == "country":
        return _country_names(rest.upper())
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", rest) if w) or rest, []


def _ensure_node(G: nx.MultiDiGraph, entity_id: str) -> bool:
    """Create a node known only by its id; False when the id is not well-formed."""
    if entity_id in G:
        return True
    m = _ID.match(entity_id or "")
    if not m:
        return False
    iso3 = m.group(2).upper() if m.group(1) == "country" and len(m.group(2)) == 3 else None
    name, aliases = _name_from_id(entity_id)
    G.add_node(
        entity_id,
        type=m.group(1),
        name=name,
        aliases=sorted(aliases),
        iso3=iso3,
        country=None,
        mentions=0,
        documents=0,
    )
    return True


def _add_one(G: nx.MultiDiGraph, rec: Extraction, onto: Ontology | None, warnings: list[str]) -> None:
    seen: set[str] = set()
    for ent in rec.entities:
        if ent.id not in G:
            G.add_node(
                ent.id,
                type=ent.type,
                name=ent.name,
                aliases=[],
                iso3=ent.iso3,
                country=ent.country,
                mentions=0,
                documents=0,
            )
        data = G.nodes[ent.id]
        aliases = set(data.get("aliases") or []) | set(ent.aliases)
        if ent.name != data.get("name"):
            if data.get("name") == _name_from_id(ent.id)[0]:
                # The node was made from a bare id; a document's own name for it reads better.
                aliases.add(data["name"])
                data["name"] = ent.name
            else:
                aliases.add(ent.name)
        aliases.discard(data.get("name"))
        data["aliases"] = sorted(a for a in aliases if a)
        for key in ("iso3", "country"):
            if not data.get(key) and getattr(ent, key):
                data[key] = getattr(ent, key)
        data["mentions"] = int(data.get("mentions") or 0) + len(ent.mentions)
        seen.add(ent.id)

    for rel in rec.relations:
        ends_ok = [_ensure_node(G, x) for x in (rel.head, rel.tail)]
        if not all(ends_ok):
            warnings.append(
                f"{rec.doc_id}: relation {rel.relation} has a malformed entity id "
                f"({rel.head!r} -> {rel.tail!r}); skipped"
            )
            continue
        seen.update((rel.head, rel.tail))
        entry = onto.get(rel.relation) if onto is not None else None
        symmetric = entry.symmetric if entry is not None else rel.relation in _symmetric_labels()
        u, v = (min(rel.head, rel.tail), max(rel.head, rel.tail)) if symmetric else (rel.head, rel.tail)
        if not G.has_edge(u, v, key=rel.relation):
            attrs: dict[str, Any] = {
                "relation": rel.relation,
                "symmetric": symmetric,
                "evidence": [],
                "attributes": {},
                "derived_from": [],
            }
            for key in _EDGE_ONTOLOGY_KEYS:
                attrs[key] = getattr(entry, key) if entry is not None else None
            G.add_edge(u, v, key=rel.relation, **attrs)
        data = G.edges[u, v, rel.relation]
        derived = rel.attributes.get("derived_from")
        items = rel.evidence or [None]
        known = {(e["doc_id"], e["start"], e["end"], e["modality"]) for e in data["evidence"]}
        for ev in items:
            item = {
                "doc_id": rec.doc_id,
                "text": ev.text if ev is not None else "",
                "start": ev.start if ev is not None else None,
                "end": ev.end if ev is not None else None,
                "modality": rel.modality,
                "attributed_to": rel.attributed_to,
                "confidence": float(rel.confidence),
            }
            if derived:
                item["derived_from"] = str(derived)
            if (item["doc_id"], item["start"], item["end"], item["modality"]) in known:
                continue
            known.add((item["doc_id"], item["start"], item["end"], item["modality"]))
            data["evidence"].append(item)
        if derived and str(derived) not in data["derived_from"]:
            data["derived_from"] = sorted({*data["derived_from"], str(derived)})
        for key, value in rel.attributes.items():
            if key != "derived_from":
                data["attributes"].setdefault(key, value)
        _summarise_edge(data, G.graph.get("documents", {}))

    for node in seen:
        G.nodes[node]["documents"] = int(G.nodes[node].get("documents") or 0) + 1


def _summarise_edge(data: dict[str, Any], documents: Mapping[str, Any]) -> None:
    """Recompute the summary attributes of an edge from its evidence list."""
    evidence = data["evidence"]
    counts = Counter(e["modality"] for e in evidence)
    data["weight"] = len(evidence)
    data["modalities"] = {m: counts[m] for m in MODALITIES if counts[m]}
    claimed = [m for m in CLAIMED_MODALITIES if counts[m]]
    data["claimed"] = bool(claimed)
    if claimed:
        data["modality"] = max(claimed, key=lambda m: (counts[m], -CLAIMED_MODALITIES.index(m)))
    else:
        data["modality"] = "negated" if counts["negated"] >= counts["hedged"] else "hedged"
    data["derived"] = bool(evidence) and all(e.get("derived_from") for e in evidence)
    data["confidence"] = max((float(e.get("confidence") or 0.0) for e in evidence), default=0.0)
    dates = sorted(
        d for d in ((documents.get(e["doc_id"]) or {}).get("date") for e in evidence) if isinstance(d, str) and d
    )
    data["first_seen"] = dates[0] if dates else None
    data["last_seen"] = dates[-1] if dates else None
