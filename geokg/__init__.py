"""geokg: news text in, a knowledge graph of geopolitical actors and their evidenced relations out.

Examples:
    >>> import geokg
    >>> rec = geokg.extract_text("Russia threatened Syria.")
    >>> rec.doc_id
    'text'
"""

from __future__ import annotations

from geokg.errors import (
    DataFileError,
    DocumentError,
    EntityNotFound,
    GeokgError,
    GraphFormatError,
    InputError,
    ModelNotFound,
)
from geokg.pipeline import Extractor, doc_to_extraction
from geokg.schemas import Document, Entity, Evidence, Extraction, Mention, Relation

__version__ = "0.1.0"

__all__ = [
    "DataFileError",
    "Document",
    "DocumentError",
    "Entity",
    "EntityNotFound",
    "Evidence",
    "Extraction",
    "Extractor",
    "GeokgError",
    "GraphFormatError",
    "InputError",
    "Mention",
    "ModelNotFound",
    "Relation",
    "__version__",
    "doc_to_extraction",
    "extract_text",
]


def extract_text(text: str, *, doc_id: str = "text", model: str | None = None) -> Extraction:
    """Extract one record from a string with a pipeline built for the call (use Extractor for many)."""
    out = next(Extractor(model).extract([Document(doc_id=doc_id, text=text)]))
    if isinstance(out, DocumentError):
        raise out
    return out
