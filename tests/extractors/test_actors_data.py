"""The actor data files, one check per kind of entry (dated offices, historical states, successors, lists)."""

from __future__ import annotations

import json

import pytest
from geokg.extractors._gazetteer import COUNTRIES_FILE, DATA_DIR, Lexicon, _read_json, _wrap, slugify


def _rows(name: str) -> list:
    return _read_json(DATA_DIR / f"{name}.json", _wrap(name)).rows


def test_actors_data_offices_are_dated_and_ordered():
    people = _rows("people")
    dated = [p for p in people if p.offices]
    assert len(dated) >= 60
    for p in dated:
        for o in p.offices:
            assert o.end is None or o.start <= o.end, (p.name, o)


def test_actors_data_shared_surnames_have_offices_to_choose_by():
    by_alias: dict[str, list] = {}
    for p in _rows("people"):
        for a in [p.name, *p.aliases]:
            by_alias.setdefault(a, []).append(p)
    shared = {a: ps for a, ps in by_alias.items() if len(ps) > 1}
    assert "Bush" in shared
    for alias, ps in shared.items():
        assert all(p.offices for p in ps), f"{alias!r} is shared by people without dated offices"


def test_actors_data_historical_states_end_and_have_known_successors():
    data = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    codes = set(data["countries"]) | set(data["historical"])
    import pycountry

    codes |= {c.alpha_3 for c in pycountry.countries}
    for code, row in data["historical"].items():
        assert row.get("end"), code
        assert row.get("successor") in codes, code
        assert row.get("names_of") in (None, *codes), code


def test_actors_data_successor_organisations_exist():
    ids = {f"organization:{slugify(r.name)}"
           for r in _rows("organizations")}
    for r in _rows("organizations"):
        assert r.successor is None or r.successor in ids, r.name


@pytest.mark.parametrize("field", ["company_suffixes", "units", "org_context_before", "org_context_after",
                                   "dateline_months", "name_particles", "title_qualifiers"])
def test_actors_data_lexicon_lists_are_filled_and_unique(field):
    lex = _read_json(DATA_DIR / "lexicon.json", Lexicon)
    values = getattr(lex, field)
    assert values and len(values) == len(set(values)), field


def test_speaker_cues_come_from_the_one_list_of_reporting_verbs(nlp):
    from geokg.extractors._relex import load_relation_lexicon

    lexicon = json.loads((DATA_DIR / "lexicon.json").read_text(encoding="utf-8"))
    assert "reporting_verbs" not in lexicon  # the reporting verbs live in relation_lexicon.yaml only
    cues = set(nlp.get_pipe("geokg_actors").gaz.lexicon["speech_cue_forms"])
    reporting = load_relation_lexicon().modality.reporting_verbs
    assert {"say", "stress", "declare", "warn"} <= reporting
    assert {"said", "stressed", "declared", "warned", "told", "urged", "says"} <= cues
    assert not cues & {"disclosed", "reported", "claims", "report"}  # company subjects, or nouns
