"""Hard-wrapped text (wire copy, e-mail) gives exactly the relations of the same text unwrapped."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ARTICLES = sorted((Path(__file__).parent / "data" / "articles").glob("*.txt"))

# written for this test: names, titles and clauses broken across lines as wire copy does it
WIRE = """ANKARA, May 4 - Turkish Foreign Minister Mehmet
Yilmaz met his Greek counterpart Nikos Papadakis on
Thursday and accused Syria of shelling border villages, the
ministry said.
    Greece has agreed to sell two
frigates to Egypt, officials in Athens said.
"""


def _wrap(text: str, width: int) -> str:
    paragraphs = text.split("\n\n")
    return "\n\n".join(textwrap.fill(p.replace("\n", " "), width=width) for p in paragraphs)


def _key(rec):
    return sorted((r.head, r.relation, r.tail, r.modality, r.attributed_to) for r in rec.relations)


@pytest.mark.parametrize("path", ARTICLES[:8], ids=lambda p: p.stem)
def test_relations_wrapping_articles_identical(extract, path):
    text = path.read_text(encoding="utf-8").strip()
    flat = "\n\n".join(p.replace("\n", " ") for p in text.split("\n\n"))
    wrapped = _wrap(text, 58)
    assert wrapped != flat and len(wrapped) == len(flat)
    flat_rec, wrapped_rec = extract(flat), extract(wrapped)
    assert _key(flat_rec) and _key(flat_rec) == _key(wrapped_rec)
    # offsets point into the text as read
    assert [(m.start, m.end) for e in wrapped_rec.entities for m in e.mentions] == [
        (m.start, m.end) for e in flat_rec.entities for m in e.mentions
    ]


def test_relations_wrapping_wire_copy(extract):

    wrapped, unwrapped = extract(WIRE), extract(WIRE.replace("\n", " "))
    got = _key(wrapped)
    assert got == _key(unwrapped)
    assert ("person:mehmet-yilmaz", "met_with", "person:nikos-papadakis") in {k[:3] for k in got} | {
        (k[2], k[1], k[0]) for k in got
    }
    for rel in wrapped.relations:
        for ev in rel.evidence:
            assert ev.text == WIRE[ev.start : ev.end]
