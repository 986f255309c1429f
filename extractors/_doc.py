"""The Doc-level contract between geokg's spaCy components (registered once, on import).

Everything a component leaves on the Doc is serialisable (``doc.to_bytes()``, ``DocBin(store_user_data=True)``,
``nlp.pipe(n_process=N)``):

- ``doc.ents``: spans labelled ``COUNTRY``, ``PERSON``, ``ORG`` or ``LOC``; ``span.kb_id_`` is the entity id
  (``country:SYR``, ``person:bashar-al-assad``, ``organization:nato``, ``location:tartus``). A mention is the
  name alone ("Ash Carter", not "Defense Secretary Ash Carter").
- ``doc._.geokg_entities``: ``{entity_id: {"id", "type", "name", "iso3", "country", "aliases"}}`` (plain JSON,
  the fields of :class:`geokg.schemas.Entity` without mentions) for every id used in ``doc.ents``.
- ``doc.spans["geokg_corefs"]``: pronouns and descriptions ("he", "the Syrian leader") resolved to an entity
  (``kb_id_``); relation rules use them, they are not mentions.
- ``doc._.geokg_relations``: plain dicts of :class:`RelationHit` fields found by the relation component.

:class:`EntityInfo` and :class:`RelationHit` are the components' mutable working objects; they never stay on
the Doc. :func:`geokg.extractors.doc_to_extraction` turns a processed Doc into the schema's record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

__all__ = ["COREF_KEY", "LABEL_TO_TYPE", "TYPE_TO_LABEL", "EntityInfo", "RelationHit", "plain", "register_extensions"]

LABEL_TO_TYPE = {"COUNTRY": "country", "PERSON": "person", "ORG": "organization", "LOC": "location"}
TYPE_TO_LABEL = {v: k for k, v in LABEL_TO_TYPE.items()}
COREF_KEY = "geokg_corefs"


@dataclass
class EntityInfo:
    """What the graph needs to know about one entity id (working object of ``geokg_actors``)."""

    id: str
    type: str
    name: str
    iso3: str | None = None
    country: str | None = None  # entity id of the country a place/organisation is in, when known
    aliases: list[str] = field(default_factory=list)  # further names that resolve to this entity


@dataclass
class RelationHit:
    """One relation found in a Doc (working object of ``geokg_relations``); offsets are of the evidence."""

    head: str
    relation: str
    tail: str
    start_char: int
    end_char: int
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    attributes: dict[str, Any] = field(default_factory=dict)


def plain(obj: Any) -> Any:
    """``obj`` as plain JSON values (dataclasses to dicts, tuples to lists), as msgpack would give it back.

    Examples:
        >>> plain(EntityInfo(id="country:SYR", type="country", name="Syria", aliases=("Syrian",)))["aliases"]
        ['Syrian']
    """
    if hasattr(obj, "__dataclass_fields__"):
        return {k: plain(getattr(obj, k)) for k in obj.__dataclass_fields__}
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [plain(v) for v in obj]
    return obj


def register_extensions() -> None:
    """Register the ``Doc._`` extensions geokg uses (idempotent)."""
    for name in ("geokg_entities", "geokg_relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
