"""The bottom layer: pydantic v2 records, the relation ontology (model, data file, loader) and the errors.

This package imports nothing else of geokg, so both the extractors and the graph code can depend on it.
"""

from geokg.schemas.models import (
    ENTITY_TYPES,
    MODALITIES,
    Dateline,
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
from geokg.schemas.ontology import DEFAULT_ONTOLOGY, load_ontology

__all__ = [
    "DEFAULT_ONTOLOGY",
    "ENTITY_TYPES",
    "MODALITIES",
    "Dateline",
    "Document",
    "Entity",
    "Evidence",
    "Extraction",
    "Mention",
    "Ontology",
    "OntologyEntry",
    "Relation",
    "json_schema",
    "load_ontology",
]
