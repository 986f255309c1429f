"""Wire the spaCy components to the records: stream Documents through ``nlp.pipe`` into Extractions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from geokg.errors import DocumentError
from geokg.extractors import build_pipeline
from geokg.extractors._doc import LABEL_TO_TYPE
from geokg.schemas import Document, Entity, Evidence, Extraction, Mention, Relation

__all__ = ["Extractor", "doc_to_extraction"]


class Extractor:
    """Extract records from documents with one pipeline, built once.

    Examples:
        >>> from geokg.schemas import Document
        >>> ex = Extractor()
        >>> rec = next(ex.extract([Document(doc_id="d1", text="Russia and Syria met.")]))
        >>> sorted(e.id for e in rec.entities)
        ['country:RUS', 'country:SYR']
    """

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        alias_file: str | Path | None = None,
        relations: bool = True,
        batch_size: int = 64,
        nlp: Language | None = None,
    ) -> None:
        self.nlp = nlp if nlp is not None else build_pipeline(model, alias_file=alias_file, relations=relations)
        self.batch_size = batch_size

    def extract(self, documents: Iterable[Document | DocumentError]) -> Iterator[Extraction | DocumentError]:
        """Yield one Extraction per Document, in input order; bad documents come back as DocumentError.

        A DocumentError in the input is passed through, so readers and extraction report in one stream.
        A document whose processing raises is reported and the batch goes on.
        """
        batch: list[Document | DocumentError] = []
        for item in documents:
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document | DocumentError]) -> Iterator[Extraction | DocumentError]:
        docs = [d for d in batch if isinstance(d, Document)]
        try:
            processed = dict(zip((id(d) for d in docs), self.nlp.pipe(d.text for d in docs), strict=True))
        except Exception:  # noqa: BLE001  (find the culprit one by one below)
            processed = {}
            for d in docs:
                try:
                    processed[id(d)] = self.nlp(d.text)
                except Exception as exc:  # noqa: BLE001
                    processed[id(d)] = DocumentError(d.doc_id, f"extraction failed: {type(exc).__name__}: {exc}")
        for item in batch:
            if isinstance(item, DocumentError):
                yield item
                continue
            out = processed[id(item)]
            if isinstance(out, DocumentError):
                yield out
            else:
                yield doc_to_extraction(out, item)


def doc_to_extraction(doc: Doc, document: Document) -> Extraction:
    """Turn a processed Doc into the record of CONTRACT.md."""
    infos = doc._.geokg_entities or {}
    mentions: dict[str, list[Mention]] = {}
    aliases: dict[str, list[str]] = {}
    for span in doc.ents:
        eid = span.kb_id_
        if not eid or LABEL_TO_TYPE.get(span.label_) is None:
            continue
        mentions.setdefault(eid, []).append(Mention(start=span.start_char, end=span.end_char, text=span.text))
        bag = aliases.setdefault(eid, [])
        alias = span.text[4:] if span.text[:4] in ("the ", "The ") else span.text
        if alias not in bag:
            bag.append(alias)
    entities = []
    for eid, ms in mentions.items():
        info = infos.get(eid)
        if info is None:
            continue
        entities.append(
            Entity(
                id=eid,
                type=info.type,  # type: ignore[arg-type]
                name=info.name,
                iso3=info.iso3,
                country=info.country,
                aliases=[a for a in dict.fromkeys([*aliases[eid], *info.aliases]) if a != info.name],
                mentions=ms,
            )
        )
    known = set(mentions)
    relations = []
    warnings: list[str] = []
    for hit in doc._.geokg_relations or []:
        if hit.head not in known or hit.tail not in known:
            # a relation may name an entity only seen through coreference; keep it if we know the entity
            missing = [e for e in (hit.head, hit.tail) if e not in infos]
            if missing:
                warnings.append(f"relation {hit.relation} dropped: unknown entity {missing[0]}")
                continue
        relations.append(
            Relation(
                head=hit.head,
                relation=hit.relation,
                tail=hit.tail,
                modality=hit.modality,  # type: ignore[arg-type]
                attributed_to=hit.attributed_to,
                confidence=round(hit.confidence, 3),
                evidence=[Evidence(start=hit.start_char, end=hit.end_char,
                                   text=doc.text[hit.start_char : hit.end_char])],
                attributes=dict(hit.attributes),
            )
        )
    return Extraction(
        doc_id=document.doc_id,
        source=document.source,
        title=document.title,
        date=document.date,
        entities=entities,
        relations=relations,
        warnings=[*document.warnings, *warnings],
    )
