"""``geokg_actors``: find countries, people, organisations and places and resolve them to stable ids.

PLACEHOLDER: a tiny gazetteer so that the pipeline runs end to end; the actors issue replaces it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from geokg.extractors._doc import EntityInfo

__all__ = ["ActorRecognizer", "make_actors"]

_TINY = {
    "syria": ("country:SYR", "country", "Syria", "SYR"),
    "russia": ("country:RUS", "country", "Russia", "RUS"),
    "israel": ("country:ISR", "country", "Israel", "ISR"),
}


class ActorRecognizer:
    """Set ``doc.ents`` with resolved actor spans and fill ``doc._.geokg_entities``."""

    def __init__(self, nlp: Language, alias_file: str | None = None) -> None:
        self.nlp = nlp
        self.alias_file = alias_file

    def __call__(self, doc: Doc) -> Doc:
        ents, infos = [], {}
        for tok in doc:
            hit = _TINY.get(tok.lower_)
            if hit:
                eid, typ, name, iso3 = hit
                ents.append(Span(doc, tok.i, tok.i + 1, label="COUNTRY", kb_id=eid))
                infos[eid] = EntityInfo(id=eid, type=typ, name=name, iso3=iso3)
        doc.ents = ents
        doc._.geokg_entities = infos
        doc._.geokg_corefs = []
        return doc


@Language.factory("geokg_actors", default_config={"alias_file": None})
def make_actors(nlp: Language, name: str, alias_file: str | None) -> ActorRecognizer:
    """Build the actor recogniser."""
    return ActorRecognizer(nlp, alias_file=alias_file)
