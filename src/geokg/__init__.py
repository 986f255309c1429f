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


def __getattr__(name: str):  # noqa: ANN202
    # spaCy is imported only when extraction is asked for, so `geokg.graph` and `geokg.errors` stay light.
    if name in ("Extractor", "doc_to_extraction"):
        from geokg import extractor as pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'geokg' has no attribute {name!r}")


def extract_text(text: str, *, doc_id: str = "text", model: str | None = None) -> Extraction:
    """Extract one record from a string with a pipeline built for the call (use Extractor for many)."""
    from geokg.extractor import Extractor

    out = next(Extractor(model).extract([Document(doc_id=doc_id, text=text)]))
    if isinstance(out, DocumentError):
        raise out
    return out
