"""Pydantic v2 models for geokg's records: documents, entities, relations, extractions, ontology.

This package imports nothing else of geokg, so both the extractors and the graph code can depend on it.
"""

from geokg.schemas.models import (
    ENTITY_TYPES,
    MODALITIES,
    Document,
    Entity,
    Evidence,
    Extraction,
    Mention,
    Ontology,
    OntologyEntry,
    Relation,
    json_schema,
)

__all__ = [
    "ENTITY_TYPES",
    "MODALITIES",
    "Document",
    "Entity",
    "Evidence",
    "Extraction",
    "Mention",
    "Ontology",
    "OntologyEntry",
    "Relation",
    "json_schema",
]
