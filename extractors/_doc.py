"""The Doc-level contract between geokg's spaCy components (registered once, on import).

- ``doc.ents``: spans labelled ``COUNTRY``, ``PERSON``, ``ORG`` or ``LOC``; ``span.kb_id_`` is the entity id
  (``country:SYR``, ``person:bashar-al-assad``, ``organization:nato``, ``location:tartus``).
- ``doc._.geokg_entities``: ``{entity_id: EntityInfo}`` for every id used in ``doc.ents``.
- ``doc._.geokg_corefs``: ``[(start_token, end_token, entity_id)]`` for pronouns and descriptions
  ("he", "the Syrian leader") resolved to an entity; relation rules use them, they are not mentions.
- ``doc._.geokg_relations``: ``[RelationHit]`` found by the relation component.
- ``doc._.geokg_mention_extents``: ``{(start_token, end_token): (written_start, written_end)}`` for mentions
  written with more than their name ("Defense Secretary Ash Carter", "Palmyra, Syria", "northern Iraq"):
  ``doc.ents`` keep the core name for the relation rules, and the last component
  (``geokg_mention_extents``) widens the mentions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

__all__ = ["LABEL_TO_TYPE", "TYPE_TO_LABEL", "EntityInfo", "RelationHit", "register_extensions"]

LABEL_TO_TYPE = {"COUNTRY": "country", "PERSON": "person", "ORG": "organization", "LOC": "location"}
TYPE_TO_LABEL = {v: k for k, v in LABEL_TO_TYPE.items()}


@dataclass
class EntityInfo:
    """What the graph needs to know about one entity id."""

    id: str
    type: str
    name: str
    iso3: str | None = None
    country: str | None = None  # entity id of the country a place/organisation is in, when known
    aliases: list[str] = field(default_factory=list)  # further names that resolve to this entity


@dataclass
class RelationHit:
    """One relation found in a Doc. Offsets are character offsets of the evidence span."""

    head: str
    relation: str
    tail: str
    start_char: int
    end_char: int
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    attributes: dict[str, Any] = field(default_factory=dict)


def register_extensions() -> None:
    """Register the ``Doc._`` extensions geokg uses (idempotent)."""
    if not Doc.has_extension("geokg_entities"):
        Doc.set_extension("geokg_entities", default=None)
    if not Doc.has_extension("geokg_corefs"):
        Doc.set_extension("geokg_corefs", default=None)
    if not Doc.has_extension("geokg_relations"):
        Doc.set_extension("geokg_relations", default=None)
    if not Doc.has_extension("geokg_mention_extents"):
        Doc.set_extension("geokg_mention_extents", default=None)


register_extensions()
