"""geokg's spaCy components and their data: sentence splitting, actors, relations.

Importing this package registers the factories ``geokg_sentences``, ``geokg_actors`` and
``geokg_relations`` and the ``Doc._.geokg_*`` extensions (see ``geokg.extractors._doc``).
"""

from geokg.extractors import actors, lemmas, relations, sentences, syntax  # noqa: F401  (registers factories)
from geokg.extractors._doc import LABEL_TO_TYPE, TYPE_TO_LABEL, EntityInfo, RelationHit
from geokg.extractors._records import doc_to_extraction
from geokg.extractors.nlp import build_pipeline

__all__ = ["LABEL_TO_TYPE", "TYPE_TO_LABEL", "EntityInfo", "RelationHit", "build_pipeline", "doc_to_extraction"]
