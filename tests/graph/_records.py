"""Hand-built extraction records for the graph tests (local helpers, not fixtures)."""

from __future__ import annotations

from typing import Any

from geokg.schemas import Entity, Evidence, Extraction, Mention, Relation

NAMES = {
    "country:SYR": ("Syria", ["Syrian", "Damascus"]),
    "country:RUS": ("Russia", ["Russian", "Moscow", "the Kremlin"]),
    "country:GEO": ("Georgia", ["Georgian", "Tbilisi"]),
    "country:ISR": ("Israel", ["Israeli"]),
    "country:USA": ("United States", ["U.S.", "Washington"]),
    "person:bashar-al-assad": ("Bashar al-Assad", ["Assad"]),
    "person:vladimir-putin": ("Vladimir Putin", ["Putin"]),
}


def entity(eid: str, name: str | None = None, aliases: list[str] | None = None, mentions: int = 1) -> Entity:
    """An entity with ``mentions`` dummy mentions."""
    kind, _, rest = eid.partition(":")
    default_name, default_aliases = NAMES.get(eid, (rest, []))
    return Entity(
        id=eid,
        type=kind,
        name=name or default_name,
        iso3=rest if kind == "country" else None,
        aliases=default_aliases if aliases is None else aliases,
        mentions=[Mention(start=i, end=i + 1, text="x") for i in range(mentions)],
    )


def relation(
    head: str,
    label: str,
    tail: str,
    text: str,
    *,
    modality: str = "asserted",
    start: int = 0,
    attributed_to: str | None = None,
    confidence: float = 0.8,
    **attributes: Any,
) -> Relation:
    """A relation with one evidence sentence."""
    return Relation(
        head=head,
        relation=label,
        tail=tail,
        modality=modality,
        attributed_to=attributed_to,
        confidence=confidence,
        evidence=[Evidence(start=start, end=start + len(text), text=text)],
        attributes=attributes,
    )


def record(
    doc_id: str, relations: list[Relation], *, entities: list[Entity] | None = None, date: str | None = None
) -> Extraction:
    """A record whose entities default to every endpoint of ``relations``."""
    if entities is None:
        ids = dict.fromkeys(x for r in relations for x in (r.head, r.tail))
        entities = [entity(i) for i in ids]
    return Extraction(doc_id=doc_id, date=date, entities=entities, relations=relations)
