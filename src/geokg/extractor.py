"""Wire the spaCy components to the records: stream Documents through ``nlp.pipe`` into Extractions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from geokg.errors import DocumentError
from geokg.extractors import build_pipeline, doc_to_extraction
from geokg.schemas import Document, Extraction

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

    def _make_doc(self, document: Document) -> Doc:
        """A tokenised Doc that carries the document's date (``doc._.geokg_date``) for the components."""
        doc = self.nlp.make_doc(document.text)
        doc._.geokg_date = str(document.date) if document.date else None
        return doc

    def _run_batch(self, batch: list[Document | DocumentError]) -> Iterator[Extraction | DocumentError]:
        docs = [d for d in batch if isinstance(d, Document)]
        try:
            processed = dict(zip((id(d) for d in docs), self.nlp.pipe(self._make_doc(d) for d in docs), strict=True))
        except Exception:  # noqa: BLE001  (find the culprit one by one below)
            processed = {}
            for d in docs:
                try:
                    processed[id(d)] = self.nlp(self._make_doc(d))
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
