"""Processed Docs are plain data: DocBin round-trips, and nlp.pipe(n_process=2) gives the same records."""

from __future__ import annotations

from geokg.extractors._doc import plain
from spacy.tokens import DocBin

TEXTS = [
    "Russia warned Georgia on Monday. President Vladimir Putin met Turkish officials in Ankara.",
    "Kenyan President William Ruto said Kenya would send police officers to Haiti. He met the UN envoy.",
    "India bought Russian oil at a discount, officials said.",
    "No actor here at all.",
]


def _summary(doc):
    return (
        [(e.text, e.label_, e.kb_id_) for e in doc.ents],
        [(s.text, s.kb_id_) for s in doc.spans.get("geokg_corefs", [])],
        plain(doc._.geokg_entities),  # msgpack gives lists back as tuples
        plain(doc._.geokg_relations),
        [(t.dep_, t.head.i, t.tag_) for t in doc],
    )


def test_processed_doc_round_trips_through_docbin(nlp):
    docs = list(nlp.pipe(TEXTS))
    assert any(d._.geokg_relations for d in docs)
    data = DocBin(store_user_data=True, docs=docs).to_bytes()
    back = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
    assert [_summary(d) for d in back] == [_summary(d) for d in docs]


def test_processed_doc_to_bytes_round_trips(nlp):
    from spacy.tokens import Doc

    doc = nlp(TEXTS[1])
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _summary(again) == _summary(doc)


def test_pipe_with_two_processes_equals_one(nlp):
    one = [_summary(d) for d in nlp.pipe(TEXTS)]
    two = [_summary(d) for d in nlp.pipe(TEXTS, n_process=2, batch_size=2)]
    assert two == one
