"""The dateline reaches the record as the document's place."""

from __future__ import annotations


def test_record_keeps_the_dateline_place(extract):
    rec = extract("OSLO, May 4 - Norway and Denmark signed a fisheries accord on Monday.")
    assert rec.dateline is not None
    assert (rec.dateline.text, rec.dateline.start, rec.dateline.end) == ("OSLO", 0, 4)
    assert rec.dateline.entity in ("location:oslo-nor", "country:NOR")


def test_record_without_a_dateline_has_none(extract):
    assert extract("Norway and Denmark signed a fisheries accord on Monday.").dateline is None
