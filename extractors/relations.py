"""``geokg_relations``: typed relations between actors with modality, attribution and evidence.

PLACEHOLDER: finds nothing yet; the relations issue replaces it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["RelationExtractor", "make_relations"]


class RelationExtractor:
    """Fill ``doc._.geokg_relations`` with :class:`geokg.extractors.RelationHit` objects."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        doc._.geokg_relations = []
        return doc


@Language.factory("geokg_relations", default_config={})
def make_relations(nlp: Language, name: str) -> RelationExtractor:
    """Build the relation extractor."""
    return RelationExtractor(nlp)
