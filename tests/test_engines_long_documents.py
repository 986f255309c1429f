"""Long documents are split at paragraph breaks and merged back with exact offsets (issue 13)."""

from __future__ import annotations

from geokg import Document, Extractor
from geokg.extractor import split_points
from tests.cli._corpus import article


def test_split_points_cover_the_text_and_respect_the_limit():
    text = "\n\n".join(article(n) for n in range(30)) + "\n" + "x" * 500
    cuts = split_points(text, 400)
    assert cuts[0] == 0 and cuts[-1] == len(text)
    parts = [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    assert "".join(parts) == text
    assert all(0 < len(p) <= 400 for p in parts)
    assert sum(p.endswith("\n\n") for p in parts) >= len(parts) - 3  # paragraph breaks where there are some


def test_split_points_short_text_is_one_part():
    assert split_points("Russia met Syria.", 100) == [0, 17]


def test_long_document_parts_merge_with_exact_offsets(nlp):
    text = "\n\n".join(article(n) for n in range(40))
    doc = Document(doc_id="long", text=text)
    whole = next(Extractor(nlp=nlp).extract([doc]))
    split = next(Extractor(nlp=nlp, split_chars=1500).extract([doc]))
    assert any("processed in" in w for w in split.warnings)
    for ent in split.entities:
        assert all(text[m.start:m.end] == m.text for m in ent.mentions)
    for rel in split.relations:
        assert all(text[e.start:e.end] == e.text for e in rel.evidence)
    # every paragraph stands alone here, so the parts find what the whole document finds
    assert sorted(e.id for e in split.entities) == sorted(e.id for e in whole.entities)

    def mentions(rec):
        return sorted((m.start, m.end, e.id) for e in rec.entities for m in e.mentions)

    assert mentions(split) == mentions(whole)
    key = sorted((r.head, r.relation, r.tail, r.evidence[0].start) for r in split.relations)
    assert key == sorted((r.head, r.relation, r.tail, r.evidence[0].start) for r in whole.relations)
