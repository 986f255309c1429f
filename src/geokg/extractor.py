"""Wire the spaCy components to the records: stream Documents through ``nlp.pipe`` into Extractions.

Long documents are split at paragraph boundaries into parts of at most ``split_chars`` characters, processed
as separate Docs and merged back into one record with every offset shifted to the whole text. This bounds
memory, and keeps the cost linear where a component does per-sentence or per-mention work over the whole
document (see the README, "Building large corpora"). News articles are far below the default size and are
never split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from geokg.errors import DocumentError
from geokg.extractors import build_pipeline, doc_to_extraction
from geokg.schemas import Document, Entity, Evidence, Extraction, Mention, Relation

__all__ = ["DEFAULT_SPLIT_CHARS", "Extractor", "doc_to_extraction", "split_points"]

DEFAULT_SPLIT_CHARS = 100_000

# spaCy cannot hash a lone surrogate (a broken UTF-16 pair); U+FFFD keeps every offset where it was.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(doc: Document) -> Document:
    if not _SURROGATE.search(doc.text):
        return doc
    text = _SURROGATE.sub("\ufffd", doc.text)
    return doc.model_copy(update={"text": text, "warnings": [*doc.warnings, "lone surrogates replaced with U+FFFD"]})


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
        fast: bool = False,
        batch_size: int = 64,
        nlp: Language | None = None,
        split_chars: int = DEFAULT_SPLIT_CHARS,
    ) -> None:
        self.nlp = nlp if nlp is not None else build_pipeline(model, alias_file=alias_file, relations=relations,
                                                              fast=fast)
        self.batch_size = batch_size
        self.split_chars = split_chars

    def extract(self, documents: Iterable[Document | DocumentError]) -> Iterator[Extraction | DocumentError]:
        """Yield one Extraction per Document, in input order; bad documents come back as DocumentError.

        A DocumentError in the input is passed through, so readers and extraction report in one stream.
        A document whose processing raises is reported and the batch goes on.
        """
        batch: list[Document | DocumentError] = []
        for item in documents:
            batch.append(_without_surrogates(item) if isinstance(item, Document) else item)
            if len(batch) >= self.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _make_doc(self, document: Document, text: str) -> Doc:
        """A tokenised Doc of ``text`` (the document or a part of it) that carries the document's date
        (``doc._.geokg_date``) for the components."""
        doc = self.nlp.make_doc(text)
        doc._.geokg_date = str(document.date) if document.date else None
        return doc

    def _run_batch(self, batch: list[Document | DocumentError]) -> Iterator[Extraction | DocumentError]:
        docs = [d for d in batch if isinstance(d, Document)]
        # every document becomes one or more parts (offset, text); parts go through nlp.pipe together
        parts: list[tuple[Document, int, str]] = []
        for d in docs:
            cuts = split_points(d.text, self.split_chars)
            parts += [(d, a, d.text[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)]
        try:
            processed = list(self.nlp.pipe(self._make_doc(d, text) for d, _, text in parts))
        except Exception:  # noqa: BLE001  (find the culprit one by one below)
            processed = []
            for d, _, text in parts:
                try:
                    processed.append(self.nlp(self._make_doc(d, text)))
                except Exception as exc:  # noqa: BLE001
                    processed.append(DocumentError(d.doc_id, f"extraction failed: {type(exc).__name__}: {exc}"))
        results: dict[int, list] = {}
        for (d, offset, text), out in zip(parts, processed, strict=True):
            results.setdefault(id(d), []).append((offset, text, out))
        for item in batch:
            if isinstance(item, DocumentError):
                yield item
                continue
            pieces = results[id(item)]
            failed = next((out for _, _, out in pieces if isinstance(out, DocumentError)), None)
            if failed is not None:
                yield failed
            elif len(pieces) == 1:
                yield doc_to_extraction(pieces[0][2], item)
            else:
                yield _merge(item, [(off, doc_to_extraction(out, _part(item, text))) for off, text, out in pieces])


def split_points(text: str, limit: int) -> list[int]:
    r"""Offsets that cut ``text`` into parts of at most ``limit`` characters, at the last paragraph break.

    A part ends after a blank line when it can, else after a line break, a sentence end (". "), a space, and
    only as a last resort in the middle of a word. The first offset is 0 and the last is ``len(text)``.

    Examples:
        >>> text = "One para.\n\nTwo para.\n\nThree."
        >>> cuts = split_points(text, 14)
        >>> [text[a:b] for a, b in zip(cuts, cuts[1:])]
        ['One para.\n\n', 'Two para.\n\n', 'Three.']
    """
    cuts = [0]
    n = len(text)
    while n - cuts[-1] > limit:
        start = cuts[-1]
        end = start + limit
        floor = start + limit // 2  # never a tiny part: look for a break in the second half only
        for sep in ("\n\n", "\n", ". ", " "):
            i = text.rfind(sep, floor, end - len(sep) + 1)
            if i != -1:
                end = i + len(sep)
                break
        cuts.append(end)
    cuts.append(n)
    return cuts


def _part(document: Document, text: str) -> Document:
    return Document(doc_id=document.doc_id, text=text, source=document.source, title=document.title,
                    date=document.date, url=document.url)


def _merge(document: Document, parts: list[tuple[int, Extraction]]) -> Extraction:
    """One record from the records of a document's parts (``offset`` = where each part starts)."""
    entities: dict[str, dict] = {}
    relations: list[Relation] = []
    warnings = [*document.warnings,
                f"long document ({len(document.text):,} characters) processed in {len(parts)} parts split at "
                f"paragraph breaks; names are not linked across parts"]
    for offset, rec in parts:
        for ent in rec.entities:
            slot = entities.setdefault(ent.id, {"entity": ent, "aliases": [], "mentions": []})
            slot["aliases"] += ent.aliases
            slot["mentions"] += [Mention(start=m.start + offset, end=m.end + offset, text=m.text)
                                 for m in ent.mentions]
        for rel in rec.relations:
            ev = [Evidence(start=e.start + offset, end=e.end + offset, text=e.text) for e in rel.evidence]
            attrs = dict(rel.attributes)
            if isinstance(attrs.get("sentence"), list | tuple) and len(attrs["sentence"]) == 2:
                attrs["sentence"] = [attrs["sentence"][0] + offset, attrs["sentence"][1] + offset]
            relations.append(rel.model_copy(update={"evidence": ev, "attributes": attrs}))
        warnings += [w for w in rec.warnings if w not in warnings]
    merged = []
    for slot in entities.values():
        first: Entity = slot["entity"]
        aliases = [a for a in dict.fromkeys(slot["aliases"]) if a != first.name]
        merged.append(first.model_copy(update={"aliases": aliases, "mentions": slot["mentions"]}))
    dateline = parts[0][1].dateline if parts else None  # a dateline opens the story: the first part
    return Extraction(doc_id=document.doc_id, source=document.source, title=document.title, date=document.date,
                      dateline=dateline, entities=merged, relations=relations, warnings=warnings)
