"""Names by shape in wire copy: line breaks inside names, particles, organisation contexts, amounts, articles."""

from __future__ import annotations

import pytest


def _ents(nlp, text: str) -> list[tuple[str, str]]:
    return [(" ".join(e.text.split()), e.kb_id_) for e in nlp(text).ents]


def test_actors_shapes_name_across_a_line_break(nlp):
    ents = _ents(nlp, "Ministers of the European\nCommunity met Agriculture Minister\nTomas Varga on Monday.")
    assert ("European Community", "organization:european-community") in ents
    assert ("Tomas Varga", "person:tomas-varga") in ents


def test_actors_shapes_family_name_with_particle(nlp):
    ents = _ents(nlp, "Central bank governor Pieter van Rensburg spoke first. "
                      "Later van Rensburg said rates would hold.")
    assert ents.count(("van Rensburg", "person:pieter-van-rensburg")) == 1


@pytest.mark.parametrize("text", ["Shares of Kelvarra rose sharply on Friday.",
                                  "Kelvarra said it would close two plants.",
                                  "Kelvarra's board approved the dividend."])
def test_actors_shapes_organisation_contexts(nlp, text):
    assert _ents(nlp, text) == [("Kelvarra", "organization:kelvarra")]


def test_actors_shapes_amounts_are_not_names(nlp):
    assert _ents(nlp, "Profit rose to 4.2 Mln Dlrs from 3.9 Mln Dlrs.") == []


def test_actors_shapes_mentions_have_no_article(nlp):
    ents = _ents(nlp, "The European Union and the United States warned the Kremlin.")
    assert ents == [("European Union", "organization:european-union"), ("United States", "country:USA"),
                    ("Kremlin", "country:RUS")]
