"""``geokg_actors``: find countries, people, organisations and places and resolve them to stable ids.

How it works, in one pass over the tokens plus a pass over capitalised runs:

1. **Gazetteer**: the longest case-sensitive token sequence known to the compiled gazetteer
   (:mod:`geokg.extractors._gazetteer`): countries, historical states, short forms, capitals and seats of
   power (metonyms resolve to the country), demonyms, organisations, people, places and cities.
2. **Capitalised runs** ("Syrian President Bashar al-Assad", "Center for Analysis of Strategies") are split
   around gazetteer hits and titles and classified: organisation (keyword suffix/prefix, media cue), person
   (after a title, next to a reporting verb, before an appositive role "X, director of"), or nothing.
3. **Resolution inside the document**: surname-only mentions ("Assad") take the id of the full name seen in
   the document, acronyms defined in brackets ("Syrian Democratic Forces (SDF)") join their long form, and
   "he"/"she" is recorded in ``doc._.geokg_corefs`` for the most recent person.
4. **Ambiguity**: "Georgia" is the country unless US-state cues surround it; capitalised sentence starts,
   headlines, weekdays and page boilerplate are not names.

A trained pipeline's ``doc.ents`` (PERSON, ORG, GPE, LOC, NORP), when present, are used as extra candidates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from geokg.extractors._doc import COREF_KEY, TYPE_TO_LABEL, EntityInfo, plain
from geokg.extractors._gazetteer import Gazetteer, load_gazetteer, slugify
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

__all__ = ["ActorRecognizer", "make_actors"]

# plain JSON values on the Doc: the document's date (set by the caller before the pipeline runs, ISO
# "YYYY-MM-DD" or "YYYY") and the wire dateline's place {"text", "start", "end", "entity"}
for _ext in ("geokg_date", "geokg_dateline"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")  # Unicode format characters
_OPEN_QUOTES = {'"', "“", "'", "‘"}
_CLOSE_QUOTES = {'"', "”", "'", "’"}
_MODEL_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
                 "NORP": None, "FAC": "location"}


class ActorRecognizer:
    """Set ``doc.ents`` with resolved actor spans and fill ``doc._.geokg_entities`` and ``geokg_corefs``."""

    def __init__(self, nlp: Language, alias_file: str | None = None) -> None:
        self.nlp = nlp
        self.alias_file = alias_file
        self._gaz: Gazetteer | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   alias_file: str | None = None) -> None:
        """Compile (or load from the cache) the gazetteer now rather than on the first document.

        Args:
            get_examples: unused (the component learns nothing); spaCy's ``initialize`` signature.
            nlp: the pipeline (unused).
            alias_file: a user alias file to use instead of the configured one.
        """
        if alias_file is not None:
            self.alias_file, self._gaz = str(alias_file), None
        _ = self.gaz

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the user alias file with the pipeline (the bundled data ships with the package)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        data = Path(self.alias_file).read_text(encoding="utf-8") if self.alias_file else None
        suffix = Path(self.alias_file).suffix if self.alias_file else ".json"
        srsly.write_json(path / "cfg.json", {"alias_suffix": suffix if data is not None else None})
        if data is not None:
            (path / f"aliases{suffix}").write_text(data, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActorRecognizer:
        """Load what :meth:`to_disk` saved: the pipeline's own copy of the user alias file, if any."""
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json") if (path / "cfg.json").exists() else {}
        suffix = cfg.get("alias_suffix")
        self.alias_file = str(path / f"aliases{suffix}") if suffix else None
        self._gaz = None
        return self

    @property
    def gaz(self) -> Gazetteer:
        """The compiled gazetteer (loaded on first use, from the cache when possible)."""
        if self._gaz is None:
            self._gaz = load_gazetteer(self.nlp, self.alias_file)
            lex = self._gaz.lexicon
            self._report = set(lex["speech_cue_forms"])
            self._roles = set(lex["person_role_nouns"])
            self._org_suffix = set(lex["org_suffixes"])
            self._org_prefix = {tuple(p.split()) for p in lex["org_prefixes"]}
            self._media = set(lex["media_cues"])
            self._not_names = set(lex["not_names"])
            self._pronouns = lex["pronouns"]
            self._us_cues = set(lex["us_state_cues"])
            self._loc_suffix = set(lex["location_suffixes"])
            self._loc_prefix = {tuple(p.split()) for p in lex["location_prefixes"]}
            self._locative = set(lex["locative_preps"])
            self._venue_nouns = set(lex["venue_nouns"])
            self._motion = set(lex["motion_verbs"])
            self._stance = set(lex["stance_preps"])
            self._function = set(lex["function_words"])
            self._loc_nouns = set(lex["location_nouns"])
            self._publication = {tuple(p.split()) for p in lex["publication_cues"]}
            self._org_types = set(lex["org_type_nouns"])
            self._anaphoric = set(lex["anaphoric_org_nouns"])
            # legal forms as written in copy and in capitals: "Inc", "Inc.", "INC", "L.P", "SPA"
            # "country:DEU" -> "country:BRD": names that meant the old state in its time
            self._old_state_of = {info["names_of"]: eid for eid, info in self._gaz.entities.items()
                                  if info.get("names_of")}
            self._state_organ_words = {w.lower() for w in lex["government_nouns"]}
            self._connectors = set(lex["name_particles"])
            self._org_inner = set(lex["org_inner_words"])
            self._nisba = set(lex["nisba_particles"])
            self._title_qualifiers = set(lex["title_qualifiers"])
            self._company = {v for w in lex["company_suffixes"]
                             for v in (w, w.upper(), w.rstrip("."), w.rstrip(".").upper(), w.replace(".", ""),
                                       w.replace(".", "").upper(), w.rstrip(".") + ".") if len(v) > 1}
            self._title_words = ({w for key in self._gaz.titles for w in key if w[:1].isupper()}
                                 | self._title_qualifiers | {r.title() for r in self._roles if " " not in r})
            self._org_suffix |= self._company
            self._units = {u.lower() for u in lex["units"]}
            self._org_before = {tuple(p.split()) for p in lex["org_context_before"]}
            self._org_after = {tuple(p.replace("'s", " 's").split()) for p in lex["org_context_after"]}
            self._months = set(lex["dateline_months"])
            # "Spc", "Brig" in "Spc. Lorraine Walsh", "Brig. Gen. X": the tokenizer splits off the period
            self._title_longest = max((len(key) for key in self._gaz.titles), default=1)
            self._title_dot = {key[k] for key in self._gaz.titles for k in range(len(key) - 1) if key[k + 1] == "."}
        return self._gaz

    # ------------------------------------------------------------------------------------------ main entry
    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gaz
        strings = doc.vocab.strings
        words = [strings[o] for o in doc.to_array("ORTH").tolist()] if len(doc) else []
        if _INVISIBLE.search("".join(words)):  # (doc.text would rebuild the text from Token objects)
            # a right-to-left mark, zero-width joiner or soft hyphen glued to a name must not hide it: match on the
            # words without them (the mention keeps the token, so offsets stay the document's)
            words = [_INVISIBLE.sub("", w) or w for w in words]
        n = len(words)
        starts = (doc.to_array("SENT_START") == 1).tolist() if n else []
        # per-document state for _headline (components are called one Doc at a time)
        self._words, self._sent_starts, self._headlines = words, [i for i, x in enumerate(starts) if x], {}
        self._starts = starts
        self._covered = covered = [False] * n
        spans: list[tuple[int, int, str, str]] = []  # (start, end, entity id, label)
        kinds: dict[tuple[int, int], str] = {}  # gazetteer span -> entry kind
        infos: dict[str, EntityInfo] = {}
        phrases, max_len, ents = gaz.phrases, gaz.max_len, gaz.entities
        self._aliases: dict[tuple[str, ...], str] = {}  # short forms of names found here -> entity id
        ambiguous: dict[str, list[str]] = {}  # placeholder id -> gazetteer people sharing the name
        era_caps: dict[tuple[int, int], list[str]] = {}

        # 0. the dateline of wire copy ("LONDON, March 16 -"): a place, kept as the document's place
        doc._.geokg_dateline = None
        dateline = self._dateline(doc, words, infos)
        if dateline is not None:
            s0, e0, eid0, kind0 = dateline
            spans.append((s0, e0, eid0, "LOC" if eid0.startswith("location:") else "COUNTRY"))
            kinds[(s0, e0)] = kind0
            for j in range(s0, e0):
                covered[j] = True
            doc._.geokg_dateline = {"text": doc[s0:e0].text, "start": doc[s0].idx,
                                    "end": doc[e0 - 1].idx + len(doc[e0 - 1]), "entity": eid0}

        # 1. gazetteer, longest match first (only where a name can start: words that open a gazetteer name)
        i = 0
        for c in [k for k, w in enumerate(words) if max_len.get(w)]:
            if c < i:
                continue  # inside a name taken before
            i = c
            m = max_len[words[i]]
            if not covered[i]:
                # the words of a name, across a line break inside it ("European\nCommunity" in wrapped copy)
                pos = [i]
                j = i + 1
                while len(pos) < m and j < n:
                    if words[j] == "\n" and j + 1 < n:
                        j += 1
                        continue
                    pos.append(j)
                    j += 1
                for k in range(len(pos), 0, -1):
                    end = pos[k - 1] + 1
                    key = tuple(words[p] for p in pos[:k])
                    hit = phrases.get(key)
                    if hit is None and key in gaz.era_capitals:
                        hit = (gaz.era_capitals[key][0], "capital")  # a name only the old state had: "Rangoon"
                    if hit is not None and self._accept(doc, words, i, end, hit):
                        eid = hit[0]
                        info = ents[eid]
                        s0 = i
                        if hit[1] == "person":  # "King Salman": the mention is the name alone
                            s0 += self._title_prefix(words, i, end)
                        if key in gaz.ambiguous:
                            eid = f"?{len(ambiguous)}"
                            ambiguous[eid] = gaz.ambiguous[key]
                        if key in gaz.era_capitals:
                            era_caps[(s0, end)] = gaz.era_capitals[key]
                        spans.append((s0, end, eid, TYPE_TO_LABEL[info["type"]]))
                        kinds[(s0, end)] = hit[1]
                        for j in range(i, end):
                            covered[j] = True
                        i = end
                        break


        # 2. capitalised runs
        pattern_spans = self._runs(doc, words, starts, covered)
        pattern_spans += self._media_titles(words)
        # 3. a trained model's entities, when the pipeline has a NER
        model_spans = self._model_candidates(doc) if doc.has_annotation("ENT_IOB") and doc.ents else []

        pattern_spans += self._propagate(words, covered, pattern_spans)
        local_people: dict[str, str] = {}  # surname or full name -> person id (from this document)
        final: list[tuple[int, int, str, str]] = list(spans)
        # one guess per name in a document: an organisation cue anywhere beats a locative guess elsewhere
        orgs = {" ".join(words[s:e]) for s, e, typ in pattern_spans if typ == "organization"}
        pattern_spans = [(s, e, "organization" if typ == "location" and " ".join(words[s:e]) in orgs else typ)
                         for s, e, typ in pattern_spans]
        country_at = {s: eid for s, e, eid, lab in spans if lab == "COUNTRY" and kinds.get((s, e)) == "country"}
        for s, e, typ in pattern_spans + model_spans:
            if all(w in self._company or w in ("&", ",", ".") for w in words[s:e]) or (
                    e - s == 1 and len(words[s]) == 1):
                continue  # "Co Inc", "Ltd": a legal form without its name; a lone letter
            text = " ".join(doc[s:e].text.split())  # one line, also where copy wraps inside the name
            short = self._aliases.get(tuple(words[s:e]))
            if short is not None and typ in ("person", "organization"):
                eid, typ = short, "organization"  # "Halden" after "Halden Optics Co", even where it "said"
            elif typ == "person":
                eid = self._person_id(words[s:e], local_people)
            else:
                if typ == "organization" and words[e - 1] in self._company and text.endswith("."):
                    text = text[:-1]  # "Norvik Cable Inc." is "Norvik Cable Inc"
                eid = f"{typ}:{slugify(text)}"
            if eid not in ents and eid not in infos:
                # "Liberation Front of Morocco": the country in the name is the organisation's country
                inside = [country_at[k] for k in range(s, e) if k in country_at]
                infos[eid] = EntityInfo(id=eid, type=typ, name=text, country=inside[0] if inside else None)
                if typ == "organization" and words[e - 1] in self._company and e - s >= 2:
                    core = " ".join(text.split()[:-1]).rstrip(",")
                    if core and core.upper() != core:
                        infos[eid].aliases.append(core)  # "Halden Optics" is the company's name without its form
            final.append((s, e, eid, TYPE_TO_LABEL[typ]))

        # prefer pattern organisations over the gazetteer pieces they contain ("Syrian Democratic Forces")
        span_objs = [Span(doc, s, e, label=lab, kb_id=eid) for s, e, eid, lab in final]
        span_objs = filter_spans(span_objs)
        # surname-only mentions of people named in full earlier, and acronyms defined in brackets
        span_objs = self._link_in_document(doc, words, span_objs, local_people, infos)
        span_objs = self._resolve_dated(doc, span_objs, ambiguous, era_caps, kinds)
        span_objs = self._capitals_as_places(doc, words, span_objs, infos, kinds)
        for sp in span_objs:
            eid = sp.kb_id_
            if eid not in infos:
                info = ents.get(eid)
                if info is None:
                    continue
                infos[eid] = EntityInfo(id=eid, type=info["type"], name=info["name"], iso3=info["iso3"],
                                        country=info["country"])
        span_objs = [sp for sp in span_objs if not sp.kb_id_.startswith("?")]  # not resolved: no guess
        for eid in [k for k in infos if k.startswith("?")]:
            del infos[eid]
        span_objs = self._anaphoric_orgs(doc, words, starts, span_objs, infos)
        span_objs = [sp for sp in span_objs if sp.kb_id_ in infos]  # the name alone: no leading "the" (CoNLL)
        doc.ents = span_objs
        for info in infos.values():
            if info.type == "person" and " " in info.name:
                last = info.name.split()[-1]
                if last not in info.aliases and last[:1].isupper():
                    info.aliases.append(last)
        self._place_countries(words, span_objs, infos, kinds)
        self._written_names(span_objs, infos)
        doc._.geokg_entities = {eid: plain(info) for eid, info in infos.items()}
        doc.spans[COREF_KEY] = [Span(doc, s, e, label="COREF", kb_id=eid)
                                for s, e, eid in self._pronouns_to_people(words, span_objs)]
        return doc

    # ------------------------------------------------------------------------------------------ gazetteer
    def _title_prefix(self, words: list[str], s: int, e: int) -> int:
        """Length of a title at the start of ``words[s:e]`` ("King Salman" -> 1), 0 when there is none."""
        titles = self.gaz.titles
        for L in range(min(self._title_longest, e - s - 1), 0, -1):
            if tuple(words[s : s + L]) in titles:
                return L
        return 0

    def _dateline(self, doc: Doc, words: list[str],
                  infos: dict[str, EntityInfo]) -> tuple[int, int, str, str] | None:
        """The place of a wire dateline at a line start near the top: "LONDON, March 16 -", "TOKYO, June 29 -".

        The place is a location (a capital gets a location of its own: a dateline never stands for the state).
        """
        gaz = self.gaz
        n = min(len(words), 120)
        for i in range(n):
            w = words[i]
            if not (w.isupper() and w[:1].isalpha()):
                continue  # cheap test first: a dateline opens with a name in capitals
            if not (i == 0 or "\n" in words[i - 1] or "\n" in doc[i - 1].whitespace_):
                continue
            j = i
            while j < n and j - i < 5 and (words[j].isupper() and words[j].replace(".", "").isalpha()):
                j += 1
            if j == i or j >= n:
                continue
            state = None
            d_end = _iso_date_end(words, j)
            if d_end and (d_end >= len(words) or "\n" in words[d_end] or "\n" in doc[d_end - 1].whitespace_):
                pass  # a dateline line of its own: "BONN 1996-08-22"
            elif words[j] != ",":
                continue
            else:
                k = j + 1
                if k + 1 < n and words[k] not in self._months and words[k + 1] == ",":  # "CARROLLTON, Texas, Feb 26"
                    state = gaz.phrases.get((words[k],)) or gaz.phrases.get((words[k].rstrip("."),))
                    k += 2
                if not (k + 2 < n and words[k].rstrip(".") in self._months and words[k + 1].isdigit()
                        and words[k + 2] in ("-", "–", "—")):
                    continue
            key = tuple(words[i:j])
            title = tuple(w.capitalize() if w.isalpha() else w.title() for w in key)
            hit = gaz.phrases.get(key) or gaz.phrases.get(title)
            name = " ".join(title)
            if hit is not None and gaz.entities[hit[0]]["type"] == "location":
                return i, j, hit[0], "dateline"
            country = hit[0] if hit is not None and hit[0].startswith("country:") else None
            if hit is not None and hit[1] == "country":
                return i, j, hit[0], "dateline"  # "KUWAIT, March 3 -"
            if hit is not None and hit[1] == "capital" and self._said_again(words, j, title):
                # a capital named again may stand for the state: one id (_capitals_as_places reads those uses)
                return i, j, hit[0], "dateline_capital"
            if country is None and state is not None:
                st = gaz.entities[state[0]]
                country = state[0] if st["type"] == "country" else st.get("country")
            eid = f"location:{slugify(name)}" + (f"-{country[8:].lower()}" if country else "")
            if eid not in gaz.entities and eid not in infos:
                infos[eid] = EntityInfo(id=eid, type="location", name=name, country=country)
            return i, j, eid, "dateline"
        return None

    @staticmethod
    def _said_again(words: list[str], after: int, key: tuple[str, ...]) -> bool:
        """Whether the token sequence ``key`` occurs in ``words`` after position ``after``."""
        first, L = key[0], len(key)
        return any(words[k] == first and tuple(words[k : k + L]) == key for k in range(after, len(words)))

    def _era(self, doc: Doc, spans: list[Span]) -> tuple[str, str] | None:
        """The document's time: its date, else what its unambiguous dated actors allow (a historical state,
        a person's offices), as an interval of ISO dates; None when nothing tells."""
        date = doc._.geokg_date
        self._era_from_people = bool(date)
        if date:
            d = str(date)[:10]
            return (d, d) if len(d) == 10 else (f"{d[:4]}-01-01", f"{d[:4]}-12-31")
        lo, hi = "0000", "9999"
        found = False
        self._era_from_people = False
        for sp in spans:
            info = self.gaz.entities.get(sp.kb_id_)
            if info is None:
                continue
            if info.get("end"):  # a historical state
                lo, hi, found = max(lo, info.get("start") or "0000"), min(hi, info["end"]), True
            offices = info.get("offices")
            if offices:
                lo = max(lo, min(o["start"] for o in offices))
                hi = min(hi, max(o["end"] or "9999" for o in offices))
                found = self._era_from_people = True
        return (lo, hi) if found and lo <= hi else None

    def _resolve_dated(self, doc: Doc, spans: list[Span], ambiguous: dict[str, list[str]],
                       era_caps: dict[tuple[int, int], list[str]], kinds: dict) -> list[Span]:
        """Surnames shared by gazetteer people ("Bush") and old states' capitals ("Bonn"), by the document's time.

        A person is chosen when exactly one candidate held an office in the document's time, else when exactly
        one candidate's office is named in the document (a country, an organisation); otherwise no guess.
        """
        date = str(doc._.geokg_date or "")[:10]
        if not ambiguous and not era_caps and not any(sp.kb_id_ in self._old_state_of for sp in spans) and not (
                date and any(len(sp) == 1 and sp.label_ == "PERSON" for sp in spans)):
            return spans  # nothing here depends on the time
        era = self._era(doc, spans)
        named = {sp.kb_id_ for sp in spans}
        ents = self.gaz.entities
        # the time is known from the date or from dated people (not from an old state's mention alone, which
        # a modern story makes too: "the Soviet-era jets"): old capitals and names then mean the old state
        strong = era is not None and self._era_from_people
        count = Counter(sp.kb_id_ for sp in spans)
        old_names = {}
        for old in set(self._old_state_of.values()):
            info = ents[old]
            # or the story is about the old state: named at least twice, more often than its successor
            about = count[old] >= 2 and count[old] >= count[info["names_of"]]
            if era is not None and (strong or about) and (
                    (info.get("start") or "0000") <= era[0] and era[1] <= info["end"]):
                old_names[info["names_of"]] = old
        choice: dict[str, str | None] = {}
        for ph, cands in ambiguous.items():
            pick = None
            if era is not None:
                fit = sorted(((self._overlap(ents[c].get("offices", []), era), c) for c in cands), reverse=True)
                fit = [(days, c) for days, c in fit if days > 0]
                # one fits, or one fits the (text-derived) interval twenty times better ("Assad" beside Putin)
                if len(fit) == 1 or (len(fit) > 1 and fit[0][0] > 20 * fit[1][0]):
                    pick = fit[0][1]
            if pick is None:
                cue = [c for c in cands if any(o["of"] in named for o in ents[c].get("offices", []))]
                pick = cue[0] if len(cue) == 1 else None
            choice[ph] = pick
        out = []
        for sp in spans:
            eid = sp.kb_id_
            if eid in choice:
                if choice[eid] is None:
                    out.append(sp)  # dropped by the caller: two candidates and nothing to choose by
                    continue
                sp = Span(doc, sp.start, sp.end, label=sp.label_, kb_id=choice[eid])
            elif date and len(sp) == 1 and kinds.get((sp.start, sp.end)) == "person" and self._too_early(eid, date):
                continue  # "Schroeder" in 1987 is not the chancellor of 1998: a namesake, no guess
            elif eid in old_names and sp.label_ == "COUNTRY":
                sp = Span(doc, sp.start, sp.end, label="COUNTRY", kb_id=old_names[eid])  # "German" in 1987
            elif (sp.start, sp.end) in era_caps and era is not None and (
                    strong or any(old in old_names.values() for old in era_caps[(sp.start, sp.end)])):
                for old in era_caps[(sp.start, sp.end)]:
                    info = ents[old]
                    if (info.get("start") or "0000") <= era[0] and era[1] <= info["end"]:
                        sp = Span(doc, sp.start, sp.end, label="COUNTRY", kb_id=old)
                        kinds[(sp.start, sp.end)] = "capital"
                        break
            out.append(sp)
        return out

    def _capitals_as_places(self, doc: Doc, words: list[str], spans: list[Span], infos: dict[str, EntityInfo],
                            kinds: dict[tuple[int, int], str]) -> list[Span]:
        """ "abducted in Baghdad", "the London talks", "the capital Canberra": a capital after a locative
        preposition or a place noun, or before a venue noun, is the place, a location of its own in its
        country; elsewhere ("Washington said", "by Paris and Bonn") it stands for the state and stays the
        country's mention. A dateline capital the story never uses for the state is the place too."""
        out = []
        n = len(words)
        state_uses: set[str] = set()  # capitals (lower case) this document uses for the state
        places: dict[int, Span] = {}
        for k, sp in enumerate(spans):
            s, e = sp.start, sp.end
            kind = kinds.get((s, e))
            if sp.label_ == "COUNTRY" and kind == "capital":
                p = s - 1
                while p >= 0 and words[p].isspace():
                    p -= 1  # "in\nBaghdad" in wrapped copy
                nxt = e
                while nxt < n and words[nxt].isspace():
                    nxt += 1
                before = words[p].lower() if p >= 0 else ""
                after = words[nxt] if nxt < n else ""
                moving = before in ("to", "from") and p > 0 and (
                    doc[p - 1].lemma_.lower() in self._motion
                    or (before == "to" and k - 1 in places and spans[k - 1].end == p and spans[k - 1].start > 0
                        and words[spans[k - 1].start - 1].lower() == "from"))  # "flew from Ottawa to Canberra"
                owned = after in ("'s", "’s", "-") or after.lower() in self._report  # "in Washington's view"
                place = (
                    ((before in self._locative and before not in self._stance or moving) and not owned)
                    or (before == "the" and after in self._venue_nouns)
                    or (before in self._loc_nouns and after not in ("'s", "’s")))
                if place:
                    places[k] = sp
                else:
                    state_uses.add(sp.text.lower())
        for k, sp in enumerate(spans):
            s, e = sp.start, sp.end
            if k in places and k + 1 < len(spans) and e < n and words[e] == ",":
                nxt_sp = spans[k + 1]
                if nxt_sp.start == e + 1 and nxt_sp.kb_id_ != sp.kb_id_ and nxt_sp.label_ in ("COUNTRY", "LOC"):
                    # "Kingston, Ontario": a namesake in the place named after it
                    info = infos.get(nxt_sp.kb_id_)
                    there = nxt_sp.kb_id_ if nxt_sp.label_ == "COUNTRY" else (
                        info.country if info is not None else self.gaz.entities.get(nxt_sp.kb_id_, {}).get("country"))
                    if there and there != sp.kb_id_:
                        sp = Span(doc, s, e, label="COUNTRY", kb_id=there)
            dateline = kinds.get((s, e)) == "dateline_capital"
            if k in places or (dateline and sp.text.lower() not in state_uses):
                name = " ".join(w.capitalize() if w.isupper() and w.isalpha() else w for w in words[s:e])
                country = sp.kb_id_
                eid = f"location:{slugify(name)}-{country[8:].lower()}"
                if eid not in infos:
                    infos[eid] = EntityInfo(id=eid, type="location", name=name, country=country)
                if dateline:
                    doc._.geokg_dateline["entity"] = eid
                else:
                    kinds[(s, e)] = "place"
                sp = Span(doc, s, e, label="LOC", kb_id=eid)
            out.append(sp)
        return out

    def _too_early(self, eid: str, date: str) -> bool:
        """Whether ``date`` is more than eight years before the first office of gazetteer person ``eid``."""
        offices = self.gaz.entities.get(eid, {}).get("offices")
        if not offices or len(date) < 4 or not date[:4].isdigit():
            return False
        return int(date[:4]) < int(min(o["start"] for o in offices)[:4]) - 8

    @staticmethod
    def _overlap(offices: list[dict], era: tuple[str, str]) -> int:
        """Days of ``offices`` inside ``era`` (at least 1 when the era is one day inside an office)."""
        from datetime import date

        def day(x: str, end: bool) -> date:
            x = x[:10] if len(x) >= 10 else (f"{x[:4]}-12-31" if end else f"{x[:4]}-01-01")
            return date.fromisoformat(x) if x[:4] not in ("0000", "9999") else (date.max if end else date.min)

        lo, hi = day(era[0], False), day(era[1], True)
        hi = min(hi, date.today())
        total = 0
        for o in offices:
            a, b = max(lo, day(o["start"], False)), min(hi, day(o["end"] or "9999", True))
            if a <= b:
                total += (b - a).days + 1
        return total

    def _given_name_at(self, words: list[str], k: int, itself: bool = False) -> bool:  # noqa: D417
        """Whether ``words[k]`` is a capitalised given name (not a title, not a common word opening a sentence).

        With ``itself`` False the word must not be a country, capital, demonym or organisation ("India").
        """
        if k < 0 or k >= len(words):
            return False
        w = words[k]
        if w not in self.gaz.given or (w,) in self.gaz.titles or w in self._not_names:
            return False
        if itself:
            return True
        hit = self.gaz.phrases.get((w,))
        if hit is not None and hit[1] not in ("person", "city", "place"):
            return False
        return not (w.lower() in self.gaz.common and self._starts[k])

    def _surname_like(self, words: list[str], k: int) -> bool:
        """Whether ``words[k]`` can be a family name: capitalised, alphabetic, not a word or a known actor."""
        if k >= len(words):
            return False
        w = words[k]
        if not (w[:1].isupper() and w.replace("-", "").isalpha()) or w.isupper() or w in self._not_names:
            return False
        hit = self.gaz.phrases.get((w,))
        if hit is not None and hit[1] == "person":
            return True  # "Laura Bush": a known family name, even where it is also a word
        if w.lower() in self.gaz.frequent or (w,) in self.gaz.titles:
            return False
        return hit is None or hit[1] in ("city", "person", "place") or (hit[1] == "country" and w in self.gaz.given)

    def _accept(self, doc: Doc, words: list[str], s: int, e: int, hit: tuple[str, str]) -> bool:
        eid, kind = hit
        if e - s == 1 and kind in ("country", "capital", "city", "us_state", "place", "person"):
            # "Sofia Haddad", "Victoria Santos", "Gerhard Stoltenberg", "Luis Trujillo": inside a person's name
            if (kind != "person" and self._given_name_at(words, s, itself=True) and self._surname_like(words, e)
                    and not self._headline(doc, s)):
                return False
            if (s > 0 and not self._covered[s - 1] and self._given_name_at(words, s - 1, itself=True)
                    and kind in ("city", "person", "place", "capital")):
                return False
            if (kind in ("city", "place") and s > 1 and not self._covered[s - 1] and not self._covered[s - 2]
                    and self._given_name_at(words, s - 2, itself=True) and self._surname_like(words, s - 1)):
                return False  # "Rafael Ortega Toledo": a second family name, not the city
            if kind != "person" and s > 0 and (words[s - 1],) in self.gaz.titles and words[s - 1][:1].isupper():
                return False  # "Ambassador Lima": a family name after a title
        if eid == "country:GEO" and e - s == 1:
            window = set(words[max(0, s - 3) : s]) | set(words[e : e + 3])
            if window & self._us_cues or (s >= 2 and words[s - 1] == "," and words[s - 2] in self._us_cues):
                return False
        if kind == "country" and e - s == 1 and (words[s] in self.gaz.given or self._given_name_at(words, s - 1)):
            # "Michael Jordan", "Chad Smith": a country name inside a person's name ("U.S. Agriculture" is not)
            prev, nxt = (words[s - 1] if s > 0 else ""), (words[e] if e < len(words) else "")
            for other in (prev, nxt):
                if (other[:1].isupper() and other.isalpha() and other not in self._not_names
                        and (other,) not in self.gaz.phrases and (other,) not in self.gaz.titles
                        and not self._headline(doc, s)):
                    return False
        if e - s == 1 and s >= 2 and words[s - 1] in ("-", "–") and words[s - 2] in self._nisba:
            return False  # a nisba inside a name: "Abu Jandal al-Kuwaiti", "Abu Ayyub al-Masri"
        if kind in ("city", "place", "us_state") and e - s == 1 and s > 0 and _is_initial(words[s - 1]):
            return False  # "Scott C. Dayton": a family name, not the city
        if kind in ("person", "city") and e - s == 1:
            # a lone surname/city glued to another unknown capitalised word is part of another name
            nxt = words[e] if e < len(words) else ""
            if nxt[:1].isupper() and nxt not in self.gaz.max_len and nxt.lower() not in self.gaz.common:
                return False
        if kind == "demonym" and e < len(words) and words[e] in ("-", "–"):
            return True
        if kind == "combining":  # "Franco-German", "Sino-Soviet": only as the first part of a hyphenated pair
            return e + 1 < len(words) and words[e] in ("-", "–") and words[e + 1][:1].isupper()
        return True

    # ------------------------------------------------------------------------------------ capitalised runs
    def _runs(self, doc: Doc, words: list[str], starts: list[bool], covered: list[bool]) -> list[tuple]:
        """Classify runs of capitalised tokens not already taken by the gazetteer."""
        out: list[tuple[int, int, str]] = []
        n = len(words)
        # capitalised, also behind a quote or an apostrophe: "'Abd", '"Tex'
        cap = [w[:1].isupper() or (len(w) > 1 and w[0] in "'’\"" and w[1:2].isupper()) for w in words]
        space = (doc.to_array("SPACY") == 1).tolist() if n else []
        # a run starts at a capitalised word or at an ordinal before one ("3rd Battalion")
        capitalised = [k for k, c in enumerate(cap) if c]
        ordinals = [k - 1 for k in capitalised if k and not cap[k - 1] and _is_ordinal(words[k - 1])]
        i = 0
        for c in sorted(capitalised + ordinals) if ordinals else capitalised:
            if c < i:
                continue  # inside the run before
            i = c
            # extend the run: capitalised words, name particles and hyphenated "al-" pieces
            j = i + 1
            while j < n:
                x = words[j]
                if words[j - 1] in self._company and x not in self._company and j - i >= 2:
                    break  # "Norvik Cable Inc. Halden shares ...": a legal form ends the name
                if cap[j] or (x.lower() in self._connectors and j + 1 < n and cap[j + 1]):
                    j += 1
                elif x == "\n" and j + 1 < n and cap[j + 1] and not starts[j + 1] and not covered[j + 1]:
                    j += 1  # a line break inside a name in wrapped copy
                elif x.isdigit() and len(x) <= 3 and words[j - 1] in self._org_suffix:
                    j += 1  # "Task Force 50"
                elif x == "." and words[j - 1] in self._title_dot and j + 1 < n and cap[j + 1]:
                    j += 1  # "Spc. Lorraine Walsh", "Brig. Gen. Richard Coe"
                elif (x in _OPEN_QUOTES and j + 3 < n and cap[j + 1] and words[j + 2] in _CLOSE_QUOTES
                      and cap[j + 3] and cap[j - 1] and not covered[j - 1]):
                    j += 3  # a nickname inside a name: Richard "Tex" Coe
                elif x.lower() in self._connectors and j + 2 < n and words[j + 1] in ("-", "–") and cap[j + 2]:
                    j += 3
                elif x in ("-", "–") and j + 1 < n and cap[j + 1] and not space[j - 1]:
                    j += 1
                elif (x == "-" and j + 1 < n and words[j + 1].isalpha() and words[j + 1].islower()
                      and len(words[j + 1]) <= 4 and not space[j - 1] and not space[j]
                      and cap[j - 1] and not covered[j - 1]):
                    j += 2  # Korean and Chinese given names: "Ho-jin", "Jong-un"
                elif x == "of" and j + 1 < n and cap[j + 1] and (words[j - 1], "of") in self._loc_prefix:
                    j += 1  # "Gulf of Oman", "Strait of Hormuz"
                elif x in self._org_inner and j + 1 < n and cap[j + 1] and self._org_like(words, i, j):
                    j += 1
                elif x == "&" and j + 1 < n and cap[j + 1] and cap[j - 1]:
                    j += 1  # "Ward Pryce & Co", "AT & T"
                elif x == "and" and j + 1 < n and words[j + 1] in self._company and cap[j - 1]:
                    j += 1  # "G.D. Searle and Co": a company named after people
                else:
                    break
            self._classify_run(doc, words, starts, covered, i, j, out)
            i = j
        return out

    def _propagate(self, words: list[str], covered: list[bool],
                   found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Other occurrences of a place or organisation name found by a pattern in the same document."""
        names: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        taken = set()
        for s, e, typ in found:
            taken.update(range(s, e))
            if typ in ("location", "organization"):
                key = tuple(words[s:e])
                if len(key) == 1 and key[0].lower() in self.gaz.common:
                    continue
                names.setdefault(key[0], []).append((key, typ))
                if typ == "organization" and key[-1] in self._company:
                    for short in self._company_short_forms(key):
                        names.setdefault(short[0], []).append((short, typ))
        if not names:
            return []
        out = []
        n = len(words)
        for i, w in enumerate(words):
            cands = names.get(w)
            if not cands or covered[i] or i in taken:
                continue
            for key, typ in sorted(cands, key=lambda c: -len(c[0])):
                e = i + len(key)
                if tuple(words[i:e]) == key and not any(covered[i:e]) and not (
                        e < n and words[e][:1].isupper() and not key[-1].isupper()):
                    out.append((i, e, typ))
                    taken.update(range(i, e))
                    break
        return out

    def _company_short_forms(self, key: tuple[str, ...]) -> list[tuple[str, ...]]:
        """How a company is named again after its full name: "Halden Optics Co" -> "Halden Optics", "Halden"
        (and in capitals, as headlines write it); each is recorded in ``self._aliases`` with the full id."""
        full = " ".join(key)
        eid = f"organization:{slugify(full[:-1] if full.endswith('.') else full)}"
        core = [w for w in key[:-1] if w not in (",", ".")]
        while core and core[-1] in ("&", "and", "of"):
            core.pop()
        if not core:
            return []
        forms = [tuple(core)]
        if len(core) >= 2:
            for w in (core[0], core[-1]):
                if (w.isalpha() and len(w) >= 3 and w.lower() not in self.gaz.common
                        and (w,) not in self.gaz.phrases and w not in self._org_suffix):
                    forms.append((w,))
        forms += [tuple(w.upper() for w in f) for f in forms if any(w.upper() != w for w in f)]
        for f in forms:
            self._aliases.setdefault(f, eid)
        return forms

    def _media_titles(self, words: list[str]) -> list[tuple[int, int, str]]:
        """Titles after "the journal", "the newspaper", "news agency" (they may hold a country's name)."""
        out = []
        n = len(words)
        for i in range(n - 1):
            if words[i] not in self._media or not words[i + 1][:1].isupper():
                continue
            j = i + 1
            while j < n:
                if words[j][:1].isupper():
                    j += 1
                    continue
                k = j
                while k < n and words[k] in self._org_inner and k - j < 2:
                    k += 1
                if k > j and k < n and words[k][:1].isupper():
                    j = k
                    continue
                break
            if j - (i + 1) >= 2:
                out.append((i + 1, j, "organization"))
        return out

    def _org_like(self, words: list[str], s: int, j: int) -> bool:
        """Whether an inner "of/for/and" continues an organisation name (started by a keyword or acronym)."""
        run = words[s:j]
        if any(w in self._org_suffix for w in run):
            return True
        return tuple(run[-1:] + [words[j]]) in self._org_prefix or (
            len(run) >= 1 and (run[-1], words[j]) in self._org_prefix)

    def _classify_run(self, doc: Doc, words: list[str], starts: list[bool], covered: list[bool],
                      s: int, e: int, out: list[tuple[int, int, str]]) -> None:
        gaz = self.gaz
        # drop a leading "The"/sentence-start function word
        while s < e and (words[s] in ("The", "A", "An") or (starts[s] and words[s].lower() in gaz.common
                                                               and words[s] in self._not_names and not covered[s])
                         or (starts[s] and (words[s].lower() in self._locative
                                            or words[s].lower() in self._function))):
            s += 1  # "Near Al Huwayjah, ...": a capitalised preposition opens the sentence
        if s >= e:
            return
        seg = words[s:e]
        # "X in <known place>" is two names: "the Council of Europe in Strasbourg"
        for m in range(1, len(seg) - 1):
            if seg[m] == "in" and covered[s + m + 1]:
                self._classify_run(doc, words, starts, covered, s, s + m, out)
                self._classify_run(doc, words, starts, covered, s + m + 1, e, out)
                return
        # a long form defined by the acronym that follows it: "State Board of Antiquities and Heritage (SBAH)"
        if e + 2 < len(words) and words[e] == "(" and words[e + 2] == ")" and not all(covered[s:e]):
            start = self._acronym_start(words, s, e, words[e + 1])
            if start is not None:
                out.append((start, e, "organization"))
                return
        # ticker marks: "<NORTHERN ESTATES BHD>", "Halvex <HLVX.O>"
        if e - s == 1 and s > 0 and words[s - 1] == "<":
            before = words[s - 2] if s >= 2 else ""
            if (e < len(words) and words[e] == ">" and not covered[s] and before.islower()
                    and before.isalpha() and "." not in words[s]):
                out.append((s, e, "organization"))  # "a merger between X and <KVT>": the mark stands for the name
            return  # the ticker after a name ("Kodak <EK>") is a code, not a name
        if (s > 0 and words[s - 1] == "<" and e < len(words) and words[e] == ">") or (
                e + 2 < len(words) and words[e] == "<" and words[e + 2] == ">" and words[e + 1].isupper()):
            while s < e and words[s].isupper() and words[s].lower() in gaz.common:
                s += 1  # a headline in capitals: "SEEKS ALL OF BORG-WARNER <BW>"
            if s < e and not all(covered[s:e]):
                out.append((s, e, "organization"))
            return
        # a name followed by a lower-case kind of organisation: "the ruling Georgian Dream party"
        if (len(seg) >= 2 and e < len(words) and words[e] in self._org_types and not all(covered[s:e])
                and not self._headline(doc, s)):
            out.append((s, e, "organization"))
            return
        # places: keyword suffix or prefix ("Anbar Province", "Camp Taji", "Strait of Hormuz")
        if (len(seg) >= 2 and (seg[-1] in self._loc_suffix or tuple(seg[:1]) in self._loc_prefix
                               or tuple(seg[:2]) in self._loc_prefix) and not all(covered[s:e])):
            if not self._headline(doc, s):
                out.append((s, e, "location"))
            return
        # organisations: keyword suffix or prefix over the whole run ("Russian Defense Ministry")
        lead = 0  # country names and demonyms before the keyword: "Iraqi Ministry of Culture"
        while lead < len(seg) - 2 and covered[s + lead]:
            lead += 1
        last = len(seg) - 1
        while last > 0 and seg[last].isdigit():
            last -= 1  # "Task Force 50"
        if len(seg) >= 2 and (seg[last] in self._org_suffix or tuple(seg[:2]) in self._org_prefix
                              or (lead and tuple(seg[lead : lead + 2]) in self._org_prefix)):
            if all(covered[s : s + last]) and seg[last].lower() in self._state_organ_words:
                return  # "U.K. Government": the state acting, the country's mention stays ("Iraqi Army" is an org)
            if not all(covered[s:e]) and not self._headline(doc, s):
                out.append((s, e, "organization"))
            return
        # an organisation name followed by "in/of/for X": "321st Field Artillery Regiment in Jordan"
        for m in range(len(seg) - 2, 0, -1):
            named = seg[m] in self._org_suffix or (seg[m].isdigit() and seg[m - 1] in self._org_suffix)
            if named and seg[m + 1] in self._org_inner and not all(covered[s : s + m + 1]):
                rest = self.gaz.phrases.get(tuple(seg[m + 2 :]))
                if seg[m + 1] in ("of", "for") and rest is not None and rest[1] == "country":
                    # "Liberation Front of Morocco" is not "Liberation Front of India": the country is the name's
                    if not self._headline(doc, s):
                        out.append((s, e, "organization"))
                    return
                if not any(covered[s + m + 2 : e]) and seg[m + 1] == "of":
                    if not self._headline(doc, s):  # "EC Council of Ministers": no other name follows
                        out.append((s, e, "organization"))
                    return
                if not self._headline(doc, s):
                    out.append((s, s + m + 1, "organization"))
                self._classify_run(doc, words, starts, covered, s + m + 2, e, out)
                return
        # split the run into pieces between gazetteer hits and titles
        k = s
        piece_start = None
        after_title = False
        while k < e:
            tl = 0
            m = gaz.title_max.get(words[k])
            if m:
                for L in range(min(m, e - k), 0, -1):
                    if tuple(words[k : k + L]) in gaz.titles:
                        tl = L
                        break
            if tl and piece_start is not None and after_title and not covered[k]:
                # a title inside a name that already follows a title: "President Hassan Sheikh Mohamud"
                k += tl
                continue
            if covered[k] or tl:
                if piece_start is not None:
                    self._piece(doc, words, starts, piece_start, k, after_title, out)
                    piece_start = None
                after_title = bool(tl) or (after_title and covered[k] and self._is_demonym(words, k))
                k += tl or 1
                continue
            if piece_start is None:
                piece_start = k
            k += 1
        if piece_start is not None:
            self._piece(doc, words, starts, piece_start, e, after_title, out)

    def _state_follows(self, words: list[str], k: int) -> bool:
        """Whether a country or US state name (not a possessive) starts at ``words[k]``."""
        phrases = self.gaz.phrases
        for L in (1, 2):
            hit = phrases.get(tuple(words[k : k + L]))
            if hit is not None and hit[1] in ("country", "us_state") and k + L <= len(words):
                after = words[k + L] if k + L < len(words) else "."
                return after not in ("'s", "’s") and not after[:1].isupper()
        return False

    def _role_apposition(self, words: list[str], k: int) -> bool:
        """Whether ``words[k:]`` is "a/an/the [modifiers] <role noun>": "X, an ISIL gang leader"."""
        if k >= len(words) or words[k] not in ("a", "an", "the"):
            return False
        for j in range(k + 1, min(k + 5, len(words))):
            w = words[j]
            if w.lower() in self._roles and w.islower():
                return True
            if not (w.isalpha() or w == "-") or w.lower() in self._function:
                return False
        return False

    def _acronym_start(self, words: list[str], s: int, e: int, acro: str) -> int | None:
        """Start of the tail of ``words[s:e]`` whose capitalised initials spell ``acro``, if any."""
        if not (2 <= len(acro) <= 8 and acro.isalpha() and acro.isupper()):
            return None
        caps = [k for k in range(s, e) if words[k][:1].isupper() and words[k].isalpha()]
        for first in range(len(caps)):
            if "".join(words[k][0] for k in caps[first:]) == acro:
                return caps[first] if len(caps) - first >= 2 else None
        return None

    def _is_demonym(self, words: list[str], k: int) -> bool:
        hit = self.gaz.phrases.get((words[k],))
        return bool(hit and hit[1] == "demonym")

    def _headline(self, doc: Doc, i: int) -> bool:
        """Whether token ``i`` is in a headline-like sentence: mostly capitalised words, no final period."""
        bounds = self._sent_starts
        k = bisect_right(bounds, i) - 1
        b = bounds[k] if k >= 0 else 0
        cached = self._headlines.get(b)
        if cached is None:
            e = bounds[k + 1] if k + 1 < len(bounds) else len(self._words)
            sent = self._words[b:e]
            toks = [w for w in sent if w.isalpha()]
            cached = (len(toks) >= 4 and sum(1 for w in toks if w[:1].isupper()) / len(toks) > 0.7
                      and sent[-1] != ".")
            self._headlines[b] = cached
        return cached

    def _person_out(self, words: list[str], s: int, e: int, out: list[tuple[int, int, str]]) -> None:
        """Add a person found by a pattern: the name alone ("Major-General X", "Chief Cabinet Secretary X"
        lose the title words), never a capitalised headline phrase or a lone given name."""
        # a leading chain of title words and the words that qualify them ("Cabinet Secretary Taro Imai",
        # "Major-General Budi Harsono"); a title inside the name stays ("Hassan Sheikh Mohamud")
        cut = s
        for k in range(s, e - 1):
            w = words[k]
            if w in self._title_words:
                cut = k + 1
            elif not (w in ("-", "–") or w.lower() in self.gaz.common):
                break
        s = cut
        seg = words[s:e]
        if all(w.isupper() for w in seg if w.isalpha()) and (tuple(seg) not in self.gaz.phrases):
            return  # "CHAIRMAN RESIGNS": capitals are headlines and tickers, not a way to write a person
        if len(seg) == 1 and (seg[0] in self.gaz.given or seg[0] in self._title_words):
            return
        out.append((s, e, "person"))

    def _piece(self, doc: Doc, words: list[str], starts: list[bool], s: int, e: int, after_title: bool,
               out: list[tuple[int, int, str]]) -> None:
        gaz = self.gaz
        while s < e and words[s].isspace():
            s += 1  # a line break between a title and the name: "Agriculture Minister\nAmadou Kone Diallo"
        while e > s and words[e - 1].isspace():
            e -= 1
        # lower-case particles cannot start a name; capitalised ones can ("Al Huwayjah", "Abu Kamal")
        while s < e and words[s].lower() in self._connectors and not (words[s][:1].isupper() and s + 1 < e):
            s += 1
        while e > s and (words[e - 1].lower() in self._connectors or words[e - 1] in ("-", "–")):
            e -= 1
        if s >= e:
            return
        seg = words[s:e]
        n = len(words)
        if any(w in self._not_names for w in seg if len(seg) == 1) or (
                len(seg) == 1 and seg[0].lower() in gaz.common and not after_title):
            return
        if any(w.lower() in self._units for w in seg):
            return  # "Dlrs", "Mln": amounts, never names
        if len(seg) == 1 and seg[0] in gaz.given and (seg[0],) not in gaz.phrases:
            return  # a given name alone ("Ivan", "Maria") is not a person node; a surname links later
        prev = words[s - 1] if s > 0 else ""
        prev2 = words[s - 2].lower() if s > 1 else ""
        nxt = words[e] if e < n else ""
        nxt2 = words[e + 1].lower() if e + 1 < n else ""
        if all(w.isupper() and len(w) > 1 for w in seg) and len(seg) == 1:
            # an unknown acronym is an organisation only after a cue: "the think tank EDAM", "the militia FDLR"
            if (prev.lower() in self._media or f"{prev2} {prev.lower()}" in self._media
                    or (prev in self._org_types and prev.islower())
                    or (prev.islower() and (prev.lower(),) in self._org_before)):  # "the car maker TVZ"
                out.append((s, e, "organization"))
            return
        # "the journal X", "news agency X", "the X newspaper", "published in X", "an interview with X"
        if (prev.lower() in self._media or f"{prev2} {prev.lower()}" in self._media or nxt.lower() in self._media
                or f"{nxt.lower()} {nxt2}" in self._media  # "Tanjug news agency"
                or (prev2, prev.lower()) in self._publication or (prev.lower(),) in self._publication
                or (prev in self._org_types and prev.islower())):  # "the militant group Hamas", "the bloc Mercosur"
            out.append((s, e, "organization"))
            return
        # "the breakaway republic of South Ossetia", "the port of Tartus"
        if prev.lower() == "of" and prev2 in self._loc_nouns:
            out.append((s, e, "location"))
            return
        if prev in ("and", "or", ",") and out and out[-1][1] == s - 1 and out[-1][2] == "location" and not after_title:
            out.append((s, e, "location"))  # "the towns of Kafr Musa and Tell Hamid"
            return
        if self._headline(doc, s) and not after_title:
            return
        if any(w in self._not_names for w in seg) and not after_title:
            return
        namelike = all(w[:1].isupper() or w == "\n" or w.lower() in self._connectors or w in ("-", "–")
                       or w in _OPEN_QUOTES
                       or w in _CLOSE_QUOTES
                       or (k > 0 and seg[k - 1] == "-") for k, w in enumerate(seg))
        if not namelike:
            return
        if after_title or (prev in self._roles and len(seg) >= 2):
            if self._headline(doc, s) and any(w.lower() in gaz.common for w in seg):
                return  # "President Vows to ...", "Ambassador Over Port Deal" in a headline
            self._person_out(words, s, e, out)
            return
        if nxt == "," and not after_title and self._state_follows(words, e + 1):
            out.append((s, e, "location"))  # "Cibolo, Texas", "Tiyas, Syria"
            return
        if prev.lower() in self._locative and nxt.lower() not in self._report and not (
                len(seg) == 1 and seg[0].lower() in gaz.common):
            out.append((s, e, "location"))
            return
        # organisation contexts: "shares of X", "X said it", "X's board", "X shares"
        if not after_title and not (len(seg) >= 2 and self._given_name_at(words, s, itself=True)) and (
                (prev2, prev.lower()) in self._org_before or (prev.lower(),) in self._org_before
                or (nxt.lower(), nxt2) in self._org_after
                or (nxt.lower(),) in self._org_after):
            out.append((s, e, "organization"))
            return
        reporting = (prev.lower() in self._report or nxt.lower() in self._report
                     or (nxt == "," and (nxt2 in self._roles or self._role_apposition(words, e + 1)))
                     or (nxt in ("'s", "’s") and len(seg) >= 2))
        if reporting and len(seg) >= 2:
            self._person_out(words, s, e, out)
            return
        n_caps = sum(1 for w in seg if w[:1].isupper())
        if 2 <= len(seg) <= 3 and self._given_name_at(words, s, itself=True) and all(
                self._surname_like(words, k) for k in range(s + 1, e)) and not self._headline(doc, s):
            self._person_out(words, s, e, out)  # "Jordan Peterson", "Georgia Smith": a given name and a family name
            return
        if 2 <= n_caps <= 4 and not starts[s] and seg[-1].lower() not in gaz.common and sum(
                1 for w in seg if w.lower() in gaz.common) <= 1 and prev not in ("the", "The"):
            self._person_out(words, s, e, out)

    # ----------------------------------------------------------------------------------- document linking
    def _person_id(self, toks: list[str], local: dict[str, str]) -> str:
        toks = [t for t in toks if t not in ("'s", "’s") and not t.isspace()]
        if any(t in _OPEN_QUOTES for t in toks):
            # Richard "Tex" Coe is Richard Coe
            keep, inside = [], False
            for t in toks:
                if t in _OPEN_QUOTES and not inside:
                    inside = True
                elif inside and t in _CLOSE_QUOTES:
                    inside = False
                elif not inside:
                    keep.append(t)
            toks = keep or toks
        full = " ".join(toks).replace(" - ", "-").replace(" -", "-").replace("- ", "-")
        key = full
        if key in local:
            return local[key]
        known = self.gaz.phrases.get(tuple(toks))
        eid = known[0] if known and known[0].startswith("person:") else f"person:{slugify(full)}"
        local[key] = eid
        if len(toks) >= 3 and toks[0] == "Abu":
            local.setdefault(f"Abu {toks[1]}", eid)  # the kunya stands for the whole name
        if len(toks) >= 3 and toks[0] in self.gaz.given and all(t[:1].isupper() for t in toks[1:]):
            local.setdefault(" ".join(toks[1:]), eid)  # "Amadou Kone Diallo" ... "Kone Diallo"
        if len(toks) >= 2 and not self._is_demonym(toks, len(toks) - 1):
            local.setdefault(toks[-1], eid)
            if len(toks) >= 3 and toks[-2].lower() in self._connectors:
                local.setdefault(" ".join(toks[-2:]), eid)
        return eid

    def _link_in_document(self, doc: Doc, words: list[str], spans: list[Span], local: dict[str, str],
                          infos: dict[str, EntityInfo]) -> list[Span]:
        gaz = self.gaz
        for sp in spans:
            if sp.label_ == "PERSON" and len(sp) >= 2:
                if not self._is_demonym(words, sp.end - 1):  # "al-Kuwaiti" alone is the nationality
                    local.setdefault(words[sp.end - 1], sp.kb_id_)
                if len(sp) == 2 and len(words[sp.end - 1]) <= 3:
                    # family name first: "Wang Yi" ... "Wang said"
                    local.setdefault(words[sp.start], sp.kb_id_)
                if len(sp) >= 3 and words[sp.start] == "Abu" and words[sp.start + 1][:1].isupper():
                    # a kunya stands for the whole name: "Abu Jandal al-Kuwaiti" ... "Abu Jandal"
                    local.setdefault(f"Abu {words[sp.start + 1]}", sp.kb_id_)
                if sp.kb_id_ in infos and len(sp.text) > len(infos[sp.kb_id_].name):
                    infos[sp.kb_id_].name = sp.text
        taken = [False] * len(words)
        for sp in spans:
            for j in range(sp.start, sp.end):
                taken[j] = True
        out = list(spans)
        relabel = []
        for idx, sp in enumerate(out):
            # a lone surname resolved by the gazetteer to a famous person, but this document names someone else
            if sp.label_ == "PERSON" and len(sp) == 1 and sp.text in local and local[sp.text] != sp.kb_id_:
                relabel.append((idx, local[sp.text]))
            elif sp.label_ == "LOC" and len(sp) == 1 and sp.text in local:
                relabel.append((idx, local[sp.text]))  # "Scott C. Dayton ... Dayton was wounded"
        for idx, eid in relabel:
            sp = out[idx]
            out[idx] = Span(doc, sp.start, sp.end, label="PERSON", kb_id=eid)
        for i, w in enumerate(words):
            if taken[i] or w not in local or not w[:1].isupper():
                if w == "Abu" and not taken[i] and i + 1 < len(words) and not taken[i + 1]:
                    eid = local.get(f"Abu {words[i + 1]}")
                    if eid:
                        out.append(Span(doc, i, i + 2, label="PERSON", kb_id=eid))
                        taken[i] = taken[i + 1] = True
                continue
            out.append(Span(doc, i, i + 1, label="PERSON", kb_id=local[w]))
        # acronym defined in brackets right after a long form: "Syrian Democratic Forces (SDF)"
        by_end = {sp.end: sp for sp in out}
        for i in range(1, len(words) - 2):
            if words[i] == "(" and words[i + 2] == ")" and words[i + 1].isupper() and not taken[i + 1]:
                long = by_end.get(i)
                if long is not None and long.label_ in ("ORG", "LOC", "COUNTRY"):
                    acro = words[i + 1]
                    for j, x in enumerate(words):
                        if x == acro and not taken[j]:
                            out.append(Span(doc, j, j + 1, label=long.label_, kb_id=long.kb_id_))
                            taken[j] = True
        for sp in out:
            if sp.kb_id_ not in infos and sp.kb_id_ not in gaz.entities and sp.label_ == "PERSON":
                infos[sp.kb_id_] = EntityInfo(id=sp.kb_id_, type="person", name=sp.text)
        # "du Plessis", "de Larosiere": the particle is part of the family name written alone
        taken_now = {k for sp in out for k in range(sp.start, sp.end)}
        for idx, sp in enumerate(out):
            k = sp.start
            if (sp.label_ == "PERSON" and len(sp) == 1 and k > 0 and k - 1 not in taken_now
                    and words[k - 1] in self._connectors and words[k - 1].islower()
                    and local.get(f"{words[k - 1]} {words[k]}") == sp.kb_id_):
                out[idx] = Span(doc, k - 1, sp.end, label="PERSON", kb_id=sp.kb_id_)
        return sorted(filter_spans(out), key=lambda s: s.start)

    def _anaphoric_orgs(self, doc: Doc, words: list[str], starts: list[bool], spans: list[Span],
                        infos: dict[str, EntityInfo]) -> list[Span]:
        """ "the Coalition", "the Commission": a capitalised organisation noun used alone names an organisation.

        It is the nearest organisation named before it whose name holds that noun ("the Global Coalition to
        Counter ISIL" ... "the Coalition"; "the EC" ... "the Community"), else the first one after it, else (after
        "the" only) an organisation of its own. Without "the" ("Community farm policy") it only refers back.
        """
        n = len(words)

        def after_the(i: int) -> bool:
            return words[i - 1] in ("the", "The") or (i > 1 and words[i - 1] == "\n" and words[i - 2] in ("the", "The"))

        hits = [i for i in range(1, n) if words[i] in self._anaphoric and not starts[i]
                and (i + 1 >= n or not words[i + 1][:1].isupper())]
        if not hits:
            return spans
        taken = set()
        for sp in spans:
            taken.update(range(sp.start, sp.end))
        ents = self.gaz.entities
        # the words of the mention and of the canonical name: "U.S. Treasury Department" ... "the Treasury"
        orgs = [(sp.start, w, sp.kb_id_) for sp in spans if sp.label_ == "ORG"
                for w in {*words[sp.start : sp.end], *ents.get(sp.kb_id_, {}).get("name", "").split()}
                if w in self._anaphoric]
        out = list(spans)
        for i in hits:
            if i in taken:
                continue
            same = [(s, eid) for s, last, eid in orgs if last == words[i]]
            before = [eid for s, eid in same if s < i]
            if before:
                eid = before[-1]
            elif same:
                eid = same[0][1]
            elif after_the(i):
                eid = f"organization:{slugify(words[i])}"
            else:
                continue
            if eid not in infos:
                info = ents.get(eid)
                infos[eid] = (EntityInfo(id=eid, type="organization", name=words[i]) if info is None else
                              EntityInfo(id=eid, type=info["type"], name=info["name"], iso3=info["iso3"],
                                         country=info["country"]))
            out.append(Span(doc, i, i + 1, label="ORG", kb_id=eid))
        return sorted(out, key=lambda sp: sp.start)

    def _place_countries(self, words: list[str], spans: list[Span], infos: dict[str, EntityInfo],
                         kinds: dict[tuple[int, int], str]) -> None:
        """ "Palmyra, Syria", "Cibolo, Texas": a place followed by a country or US state is in that country
        (both stay mentions of their own, CoNLL style)."""
        n = len(words)
        for idx, sp in enumerate(spans[:-1]):
            if sp.label_ != "LOC":
                continue
            nxt = spans[idx + 1]
            info, nxt_info = infos.get(sp.kb_id_), infos.get(nxt.kb_id_)
            if info is None or nxt_info is None or info.country is not None or info.type != "location":
                continue
            state = nxt.label_ == "COUNTRY" or nxt_info.country == "country:USA"
            if (state and nxt.start == sp.end + 1 and words[sp.end] == ","
                    and not (nxt.end < n and words[nxt.end] in ("'s", "’s", "-"))):
                info.country = nxt.kb_id_ if nxt.label_ == "COUNTRY" else "country:USA"

    def _written_names(self, spans: list[Span], infos: dict[str, EntityInfo]) -> None:
        """Add to an entity's aliases the gazetteer names written inside its mentions ("State Department" in
        "U.S. State Department", "Saddam" in "Saddam Hussein"): names this document wrote for it."""
        ents = self.gaz.entities
        texts: dict[str, set[str]] = {}
        for sp in spans:
            if len(sp) > 1 and "names" in ents.get(sp.kb_id_, {}):
                texts.setdefault(sp.kb_id_, set()).add(sp.text)
        for eid, written in texts.items():
            info = infos.get(eid)
            if info is None:
                continue
            for name in ents[eid]["names"]:
                if name not in info.aliases and any(name in t and name != t for t in written):
                    padded = [f" {t} " for t in written]
                    if any(f" {name} " in p or f" {name}'" in p for p in padded):  # whole words only
                        info.aliases.append(name)

    def _pronouns_to_people(self, words: list[str], spans: list[Span]) -> list[tuple[int, int, str]]:
        """Each "he"/"she" (and the like) resolved to the person mentioned last before it."""
        corefs: list[tuple[int, int, str]] = []
        people = [(sp.start, sp.kb_id_) for sp in spans if sp.label_ == "PERSON"]
        if not people:
            return corefs
        pronouns = self._pronouns
        first = people[0][0]
        hits = [i for i in range(first + 1, len(words)) if len(words[i]) <= 3 and words[i].lower() in pronouns]
        p = 0
        for i in hits:
            while p + 1 < len(people) and people[p + 1][0] < i:
                p += 1
            corefs.append((i, i + 1, people[p][1]))
        return corefs

    # -------------------------------------------------------------------------------- trained pipelines
    def _model_candidates(self, doc: Doc) -> list[tuple[int, int, str]]:
        out = []
        for ent in doc.ents:
            typ = _MODEL_LABELS.get(ent.label_)
            if typ and not ent.kb_id_:
                s, e = ent.start, ent.end
                if doc[s].lower_ == "the":
                    s += 1
                if s < e:
                    out.append((s, e, typ))
        return out


def _is_ordinal(w: str) -> bool:
    """An ordinal written in digits: "3rd", "101st"."""
    return len(w) >= 3 and w[0].isdigit() and w[-2:] in ("st", "nd", "rd", "th") and w[:-2].isdigit()


def _iso_date_end(words: list[str], j: int) -> int:
    """End of a date written "1996-08-22" starting at ``words[j]`` (one token or five), else 0."""
    w = words[j]
    if len(w) == 10 and w[4] == w[7] == "-" and w.replace("-", "").isdigit():
        return j + 1
    part = words[j : j + 5]
    if (len(part) == 5 and part[1] == part[3] == "-" and len(part[0]) == 4
            and all(x.isdigit() for x in part[::2]) and len(part[2]) == len(part[4]) == 2):
        return j + 5
    return 0


def _is_initial(w: str) -> bool:
    """A middle initial such as "C." (one capital letter and a period)."""
    return len(w) == 2 and w[1] == "." and w[0].isupper()


@Language.factory(
    "geokg_actors",
    assigns=["doc.ents", "token.ent_iob", "token.ent_type", "doc.spans", "doc._.geokg_entities",
             "doc._.geokg_dateline"],
    requires=["token.is_sent_start"],
    default_config={"alias_file": None},
)
def make_actors(nlp: Language, name: str, alias_file: str | None) -> ActorRecognizer:
    """Build the actor recogniser (the gazetteer is compiled or loaded from the cache on first use).

    ``alias_file``: a YAML or JSON file of user actors that add to or override the gazetteer.
    """
    return ActorRecognizer(nlp, alias_file=alias_file)
