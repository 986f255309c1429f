"""Turn a processed Doc into the extraction record of the contract (:class:`geokg.schemas.Extraction`)."""

from __future__ import annotations

from geokg.extractors._doc import LABEL_TO_TYPE
from geokg.schemas import Dateline, Document, Entity, Evidence, Extraction, Mention, Relation
from spacy.tokens import Doc

__all__ = ["doc_to_extraction"]


def doc_to_extraction(doc: Doc, document: Document) -> Extraction:
    """Return the record of one processed Doc; ``document`` gives the id, metadata and reading warnings.

    Cost is linear in the number of entities and relations: evidence text is sliced from the document's
    own text, never from a rebuilt ``doc.text``.
    """
    text = document.text if len(document.text) == len(doc.text) else doc.text
    infos = doc._.geokg_entities or {}
    mentions: dict[str, list[Mention]] = {}
    aliases: dict[str, list[str]] = {}
    for span in doc.ents:
        eid = span.kb_id_
        if not eid or LABEL_TO_TYPE.get(span.label_) is None:
            continue
        written = text[span.start_char : span.end_char]
        mentions.setdefault(eid, []).append(Mention(start=span.start_char, end=span.end_char, text=written))
        bag = aliases.setdefault(eid, [])
        alias = written[4:] if written[:4] in ("the ", "The ") else written
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
                type=info["type"],
                name=info["name"],
                iso3=info.get("iso3"),
                country=info.get("country"),
                aliases=[a for a in dict.fromkeys([*aliases[eid], *info.get("aliases", [])]) if a != info["name"]],
                mentions=ms,
            )
        )
    known = set(mentions)
    relations = []
    warnings: list[str] = []
    for hit in doc._.geokg_relations or []:
        if hit["head"] not in known or hit["tail"] not in known:
            # a relation may name an entity only seen through coreference; keep it if we know the entity
            missing = [e for e in (hit["head"], hit["tail"]) if e not in infos]
            if missing:
                warnings.append(f"relation {hit['relation']} dropped: unknown entity {missing[0]}")
                continue
        start, end = hit["start_char"], hit["end_char"]
        relations.append(
            Relation(
                head=hit["head"],
                relation=hit["relation"],
                tail=hit["tail"],
                modality=hit["modality"],
                attributed_to=hit.get("attributed_to"),
                confidence=round(hit.get("confidence", 0.5), 3),
                evidence=[Evidence(start=start, end=end, text=text[start:end])],
                attributes=dict(hit.get("attributes") or {}),
            )
        )
    return Extraction(
        doc_id=document.doc_id,
        source=document.source,
        title=document.title,
        date=document.date,
        dateline=_dateline(doc),
        entities=entities,
        relations=relations,
        warnings=[*document.warnings, *warnings],
    )


def _dateline(doc: Doc) -> Dateline | None:
    line = doc._.get("geokg_dateline") if doc.has_extension("geokg_dateline") else None
    if not line:
        return None
    return Dateline(text=line["text"], start=line["start"], end=line["end"], entity=line.get("entity"))
