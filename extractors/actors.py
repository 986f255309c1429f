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

from bisect import bisect_right

from geokg.extractors._doc import COREF_KEY, TYPE_TO_LABEL, EntityInfo, plain
from geokg.extractors._gazetteer import Gazetteer, load_gazetteer, slugify
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

__all__ = ["ActorRecognizer", "make_actors"]

_CONNECTORS = {"al", "al-", "el", "bin", "ibn", "abu", "de", "del", "da", "dos", "van", "von", "der", "den", "le",
               "la", "du", "bint", "ben", "y", "az", "ez", "ash", "esh", "es"}  # "Dayr az Zawr", "Dar es Salaam"
_ORG_INNER = {"of", "for", "and", "the", "on", "&", "in"}
_OPEN_QUOTES = {'"', "“", "'", "‘"}
_CLOSE_QUOTES = {'"', "”", "'", "’"}
_NISBA = {"al", "el", "Al", "El", "ul"}
_COMPASS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
            "northeastern", "northwestern", "southeastern", "southwestern", "northeast", "northwest", "southeast",
            "southwest"}
# words that qualify a title right before it: "Army Lt. Gen.", "Navy Capt.", "Acting Director"
_TITLE_QUALIFIERS = {"Army", "Navy", "Air", "Force", "Marine", "Marines", "Coast", "Guard", "Senior", "Acting",
                     "Deputy", "Former", "Retired", "Staff", "Special", "Vice", "Chief", "Assistant", "Interim"}
_MODEL_LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
                 "NORP": None, "FAC": "location"}


class ActorRecognizer:
    """Set ``doc.ents`` with resolved actor spans and fill ``doc._.geokg_entities`` and ``geokg_corefs``."""

    def __init__(self, nlp: Language, alias_file: str | None = None) -> None:
        self.nlp = nlp
        self.alias_file = alias_file
        self._gaz: Gazetteer | None = None

    @property
    def gaz(self) -> Gazetteer:
        """The compiled gazetteer (loaded on first use, from the cache when possible)."""
        if self._gaz is None:
            self._gaz = load_gazetteer(self.nlp, self.alias_file)
            lex = self._gaz.lexicon
            self._report = set(lex["reporting_verbs"])
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
            self._function = set(lex["function_words"])
            self._loc_nouns = set(lex["location_nouns"])
            self._publication = {tuple(p.split()) for p in lex["publication_cues"]}
            self._organs = {tuple(p.split()) for p in lex["state_organs"]}
            self._org_types = set(lex["org_type_nouns"])
            self._anaphoric = set(lex["anaphoric_org_nouns"])
            # "Spc", "Brig" in "Spc. Lorraine Walsh", "Brig. Gen. X": the tokenizer splits off the period
            self._title_longest = max((len(key) for key in self._gaz.titles), default=1)
            self._title_dot = {key[k] for key in self._gaz.titles for k in range(len(key) - 1) if key[k + 1] == "."}
        return self._gaz

    # ------------------------------------------------------------------------------------------ main entry
    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gaz
        strings = doc.vocab.strings
        words = [strings[o] for o in doc.to_array("ORTH").tolist()] if len(doc) else []
        n = len(words)
        starts = (doc.to_array("SENT_START") == 1).tolist() if n else []
        # per-document state for _headline (components are called one Doc at a time)
        self._words, self._sent_starts, self._headlines = words, [i for i, x in enumerate(starts) if x], {}
        spans: list[tuple[int, int, str, str]] = []  # (start, end, entity id, label)
        kinds: dict[tuple[int, int], str] = {}  # gazetteer span -> entry kind
        infos: dict[str, EntityInfo] = {}
        covered = [False] * n
        phrases, max_len, ents = gaz.phrases, gaz.max_len, gaz.entities

        # 1. gazetteer, longest match first
        i = 0
        while i < n:
            m = max_len.get(words[i])
            if m:
                for k in range(min(m, n - i), 0, -1):
                    hit = phrases.get(tuple(words[i : i + k]))
                    if hit is not None and self._accept(doc, words, i, i + k, hit):
                        eid = hit[0]
                        info = ents[eid]
                        spans.append((i, i + k, eid, TYPE_TO_LABEL[info["type"]]))
                        kinds[(i, i + k)] = hit[1]
                        for j in range(i, i + k):
                            covered[j] = True
                        i += k
                        break
                else:
                    i += 1
            else:
                i += 1

        # 1b. a state's organs are the state acting: "Iraqi forces", "the U.S. military", "the Government of Iraq"
        spans = self._state_organs(words, spans, kinds)

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
        for s, e, typ in pattern_spans + model_spans:
            text = doc[s:e].text
            if typ == "person":
                eid = self._person_id(words[s:e], local_people)
            else:
                eid = f"{typ}:{slugify(text)}"
            if eid not in ents and eid not in infos:
                infos[eid] = EntityInfo(id=eid, type=typ, name=text)
            final.append((s, e, eid, TYPE_TO_LABEL[typ]))

        # prefer pattern organisations over the gazetteer pieces they contain ("Syrian Democratic Forces")
        span_objs = [Span(doc, s, e, label=lab, kb_id=eid) for s, e, eid, lab in final]
        span_objs = filter_spans(span_objs)
        # surname-only mentions of people named in full earlier, and acronyms defined in brackets
        span_objs = self._link_in_document(doc, words, span_objs, local_people, infos)
        for sp in span_objs:
            eid = sp.kb_id_
            if eid not in infos:
                info = ents.get(eid)
                if info is None:
                    continue
                infos[eid] = EntityInfo(id=eid, type=info["type"], name=info["name"], iso3=info["iso3"],
                                        country=info["country"])
        span_objs = self._anaphoric_orgs(doc, words, starts, span_objs, infos)
        span_objs = self._with_articles(doc, words, [sp for sp in span_objs if sp.kb_id_ in infos], kinds)
        doc.ents = span_objs
        for info in infos.values():
            if info.type == "person" and " " in info.name:
                last = info.name.split()[-1]
                if last not in info.aliases and last[:1].isupper():
                    info.aliases.append(last)
        # "Palmyra, Syria": the place takes that country (the mention stays the name alone, CoNLL style)
        self._extents(words, span_objs, infos, kinds)
        doc._.geokg_entities = {eid: plain(info) for eid, info in infos.items()}
        doc.spans[COREF_KEY] = [Span(doc, s, e, label="COREF", kb_id=eid)
                                for s, e, eid in self._pronouns_to_people(words, span_objs)]
        return doc

    # ------------------------------------------------------------------------------------------ gazetteer
    def _accept(self, doc: Doc, words: list[str], s: int, e: int, hit: tuple[str, str]) -> bool:
        eid, kind = hit
        if eid == "country:GEO" and e - s == 1:
            window = set(words[max(0, s - 3) : s]) | set(words[e : e + 3])
            if window & self._us_cues or (s >= 2 and words[s - 1] == "," and words[s - 2] in self._us_cues):
                return False
        if kind == "country" and e - s == 1:
            # "Michael Jordan", "Chad Smith": a country name inside a person's name
            prev, nxt = (words[s - 1] if s > 0 else ""), (words[e] if e < len(words) else "")
            for other in (prev, nxt):
                if (other[:1].isupper() and other.isalpha() and other not in self._not_names
                        and (other,) not in self.gaz.phrases and (other,) not in self.gaz.titles
                        and not self._headline(doc, s)):
                    return False
        if e - s == 1 and s >= 2 and words[s - 1] in ("-", "–") and words[s - 2] in _NISBA:
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
        return True

    # ------------------------------------------------------------------------------------ capitalised runs
    def _is_cap(self, w: str) -> bool:
        return w[:1].isupper() or (len(w) > 1 and w[0] in "'’\"" and w[1:2].isupper())

    def _runs(self, doc: Doc, words: list[str], starts: list[bool], covered: list[bool]) -> list[tuple]:
        """Classify runs of capitalised tokens not already taken by the gazetteer."""
        out: list[tuple[int, int, str]] = []
        n = len(words)
        cap = [self._is_cap(w) for w in words]
        space = (doc.to_array("SPACY") == 1).tolist() if n else []
        i = 0
        while i < n:
            if not cap[i] and not (i + 1 < n and cap[i + 1] and _is_ordinal(words[i])):  # "3rd Battalion"
                i += 1
                continue
            # extend the run: capitalised words, name particles and hyphenated "al-" pieces
            j = i + 1
            while j < n:
                x = words[j]
                if cap[j] or (x.lower() in _CONNECTORS and j + 1 < n and cap[j + 1]):
                    j += 1
                elif x.isdigit() and len(x) <= 3 and words[j - 1] in self._org_suffix:
                    j += 1  # "Task Force 50"
                elif x == "." and words[j - 1] in self._title_dot and j + 1 < n and cap[j + 1]:
                    j += 1  # "Spc. Lorraine Walsh", "Brig. Gen. Richard Coe"
                elif (x in _OPEN_QUOTES and j + 3 < n and cap[j + 1] and words[j + 2] in _CLOSE_QUOTES
                      and cap[j + 3] and cap[j - 1] and not covered[j - 1]):
                    j += 3  # a nickname inside a name: Richard "Tex" Coe
                elif x.lower() in _CONNECTORS and j + 2 < n and words[j + 1] in ("-", "–") and cap[j + 2]:
                    j += 3
                elif x in ("-", "–") and j + 1 < n and cap[j + 1] and not space[j - 1]:
                    j += 1
                elif (x == "-" and j + 1 < n and words[j + 1].isalpha() and words[j + 1].islower()
                      and len(words[j + 1]) <= 4 and not space[j - 1] and not space[j]
                      and cap[j - 1] and not covered[j - 1]):
                    j += 2  # Korean and Chinese given names: "Ho-jin", "Jong-un"
                elif x == "of" and j + 1 < n and cap[j + 1] and (words[j - 1], "of") in self._loc_prefix:
                    j += 1  # "Gulf of Oman", "Strait of Hormuz"
                elif x in _ORG_INNER and j + 1 < n and cap[j + 1] and self._org_like(words, i, j):
                    j += 1
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
                if tuple(words[i:e]) == key and not any(covered[i:e]) and not (e < n and words[e][:1].isupper()):
                    out.append((i, e, typ))
                    taken.update(range(i, e))
                    break
        return out

    def _state_organs(self, words: list[str], spans: list[tuple[int, int, str, str]],
                      kinds: dict[tuple[int, int], str]) -> list[tuple[int, int, str, str]]:
        out = []
        n = len(words)
        for s, e, eid, label in spans:
            if label == "COUNTRY" and kinds.get((s, e)) in ("demonym", "country"):
                for k in (2, 1):
                    if e + k <= n and tuple(w.lower() for w in words[e : e + k]) in self._organs and (
                            words[e][:1].islower()):
                        kinds[(s, e + k)] = "organ"
                        e += k
                        break
                # "the Government of Iraq", "the government of Syria"
                if (s >= 3 and words[s - 1] == "of" and words[s - 3] in ("the", "The")
                        and words[s - 2].lower() in ("government", "forces", "army", "people")):
                    kinds[(s - 3, e)] = "organ"
                    s -= 3
            out.append((s, e, eid, label))
        return out

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
                while k < n and words[k] in _ORG_INNER and k - j < 2:
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
            if not all(covered[s:e]) and not self._headline(doc, s):
                out.append((s, e, "organization"))
            return
        # an organisation name followed by "in/of/for X": "321st Field Artillery Regiment in Jordan"
        for m in range(len(seg) - 2, 0, -1):
            named = seg[m] in self._org_suffix or (seg[m].isdigit() and seg[m - 1] in self._org_suffix)
            if named and seg[m + 1] in _ORG_INNER and not all(covered[s : s + m + 1]):
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

    def _piece(self, doc: Doc, words: list[str], starts: list[bool], s: int, e: int, after_title: bool,
               out: list[tuple[int, int, str]]) -> None:
        gaz = self.gaz
        # lower-case particles cannot start a name; capitalised ones can ("Al Huwayjah", "Abu Kamal")
        while s < e and words[s].lower() in _CONNECTORS and not (words[s][:1].isupper() and s + 1 < e):
            s += 1
        while e > s and (words[e - 1].lower() in _CONNECTORS or words[e - 1] in ("-", "–")):
            e -= 1
        if s >= e:
            return
        seg = words[s:e]
        n = len(words)
        if any(w in self._not_names for w in seg if len(seg) == 1) or (
                len(seg) == 1 and seg[0].lower() in gaz.common and not after_title):
            return
        prev = words[s - 1] if s > 0 else ""
        prev2 = words[s - 2].lower() if s > 1 else ""
        nxt = words[e] if e < n else ""
        nxt2 = words[e + 1].lower() if e + 1 < n else ""
        if all(w.isupper() and len(w) > 1 for w in seg) and len(seg) == 1:
            # an unknown acronym is an organisation only after a cue: "the think tank EDAM", "the militia FDLR"
            if (prev.lower() in self._media or f"{prev2} {prev.lower()}" in self._media
                    or (prev in self._org_types and prev.islower())):
                out.append((s, e, "organization"))
            return
        # "the journal X", "news agency X", "the X newspaper", "published in X", "an interview with X"
        if (prev.lower() in self._media or f"{prev2} {prev.lower()}" in self._media or nxt.lower() in self._media
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
        namelike = all(w[:1].isupper() or w.lower() in _CONNECTORS or w in ("-", "–") or w in _OPEN_QUOTES
                       or w in _CLOSE_QUOTES
                       or (k > 0 and seg[k - 1] == "-") for k, w in enumerate(seg))
        if not namelike:
            return
        if after_title or (prev in self._roles and len(seg) >= 2):
            if self._headline(doc, s) and any(w.lower() in gaz.common for w in seg):
                return  # "President Vows to ...", "Ambassador Over Port Deal" in a headline
            out.append((s, e, "person"))
            return
        if nxt == "," and not after_title and self._state_follows(words, e + 1):
            out.append((s, e, "location"))  # "Cibolo, Texas", "Tiyas, Syria"
            return
        if prev.lower() in self._locative and nxt.lower() not in self._report and not (
                len(seg) == 1 and seg[0].lower() in gaz.common):
            out.append((s, e, "location"))
            return
        reporting = (prev.lower() in self._report or nxt.lower() in self._report
                     or (nxt == "," and (nxt2 in self._roles or self._role_apposition(words, e + 1)))
                     or (nxt in ("'s", "’s") and len(seg) >= 2))
        if reporting and (len(seg) >= 2 or not starts[s] or seg[0].lower() not in gaz.common):
            out.append((s, e, "person"))
            return
        n_caps = sum(1 for w in seg if w[:1].isupper())
        if 2 <= n_caps <= 4 and not starts[s] and seg[-1].lower() not in gaz.common and sum(
                1 for w in seg if w.lower() in gaz.common) <= 1 and prev not in ("the", "The"):
            out.append((s, e, "person"))

    # ----------------------------------------------------------------------------------- document linking
    def _person_id(self, toks: list[str], local: dict[str, str]) -> str:
        toks = [t for t in toks if t not in ("'s", "’s")]
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
        if len(toks) >= 2 and not self._is_demonym(toks, len(toks) - 1):
            local.setdefault(toks[-1], eid)
            if len(toks) >= 3 and toks[-2].lower() in _CONNECTORS:
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
        return sorted(filter_spans(out), key=lambda s: s.start)

    def _with_articles(self, doc: Doc, words: list[str], spans: list[Span],
                       kinds: dict[tuple[int, int], str]) -> list[Span]:
        """Include a preceding "the" in names that take it ("the United States", "the SDF").

        Not for demonyms, persons, or a name used as a modifier ("the U.S. military").
        """
        out = []
        taken_end = -1
        for sp in spans:
            s = sp.start
            if (s > 0 and words[s - 1] in ("the", "The") and s - 1 > taken_end and sp.label_ != "PERSON"
                    and kinds.get((s, sp.end)) not in ("demonym", "capital", "city", "person", "us_state")):
                nxt_tok = doc[sp.end] if sp.end < len(words) else None
                nxt = nxt_tok.text if nxt_tok is not None else "."
                inflected = nxt_tok is not None and nxt_tok.lemma_ != nxt  # "suspended", "says": a verb follows
                if not (nxt[:1].isalpha() and nxt[:1].islower() and nxt not in self._function and not inflected):
                    sp = Span(doc, s - 1, sp.end, label=sp.label_, kb_id=sp.kb_id_)
            out.append(sp)
            taken_end = sp.end - 1
        return out

    def _anaphoric_orgs(self, doc: Doc, words: list[str], starts: list[bool], spans: list[Span],
                        infos: dict[str, EntityInfo]) -> list[Span]:
        """ "the Coalition", "the Commission": a capitalised organisation noun used alone names an organisation.

        It is the nearest organisation named before it whose name ends in that noun ("the Global Coalition to
        Counter ISIL" ... "the Coalition"), else the first one after it, else an organisation of its own.
        """
        n = len(words)
        hits = [i for i in range(1, n) if words[i] in self._anaphoric and words[i - 1] in ("the", "The")
                and not starts[i] and (i + 1 >= n or not words[i + 1][:1].isupper())]
        if not hits:
            return spans
        taken = set()
        for sp in spans:
            taken.update(range(sp.start, sp.end))
        orgs = [(sp.start, words[sp.end - 1], sp.kb_id_) for sp in spans if sp.label_ == "ORG" and len(sp) > 1]
        out = list(spans)
        ents = self.gaz.entities
        for i in hits:
            if i in taken:
                continue
            same = [(s, eid) for s, last, eid in orgs if last == words[i]]
            before = [eid for s, eid in same if s < i]
            eid = before[-1] if before else (same[0][1] if same else f"organization:{slugify(words[i])}")
            if eid not in infos:
                info = ents.get(eid)
                infos[eid] = (EntityInfo(id=eid, type="organization", name=words[i]) if info is None else
                              EntityInfo(id=eid, type=info["type"], name=info["name"], iso3=info["iso3"],
                                         country=info["country"]))
            out.append(Span(doc, i, i + 1, label="ORG", kb_id=eid))
        return sorted(out, key=lambda sp: sp.start)

    def _extents(self, words: list[str], spans: list[Span], infos: dict[str, EntityInfo],
                 kinds: dict[tuple[int, int], str]) -> dict[tuple[int, int], tuple[int, int]]:
        """How mentions are written in full, as news annotation marks them (``doc.ents`` keep the core name).

        - a person with the chain of titles right before the name, and the service words that qualify them
          ("Army Lt. Gen. X", "Defense Secretary X"); a country or another entity ends the chain;
        - a place with the country or US state that follows it ("Palmyra, Syria", "Cibolo, Texas"), which
          also tells the place's country;
        - a country or place with a lower-case compass adjective ("northern Syria").
        """
        out: dict[tuple[int, int], tuple[int, int]] = {}
        titles, longest = self.gaz.titles, self._title_longest
        n = len(words)
        prev_end = 0
        for idx, sp in enumerate(spans):
            k, end = sp.start, sp.end
            if sp.label_ == "PERSON":
                while k > prev_end:
                    for L in range(min(longest, k - prev_end), 0, -1):
                        if tuple(words[k - L : k]) in titles:
                            k -= L
                            break
                    else:
                        if k < sp.start and words[k - 1] in _TITLE_QUALIFIERS:
                            k -= 1
                            continue
                        break
            elif sp.label_ in ("LOC", "COUNTRY"):
                if k > prev_end and words[k - 1] in _COMPASS and kinds.get((k, end)) != "demonym":
                    k -= 1
                nxt = spans[idx + 1] if idx + 1 < len(spans) else None
                nxt_info = infos.get(nxt.kb_id_) if nxt is not None else None
                state = nxt_info is not None and (nxt.label_ == "COUNTRY" or nxt_info.country == "country:USA")
                same = (sp.label_ == "COUNTRY" and nxt is not None and nxt.kb_id_ == sp.kb_id_  # "Rome, Italy"
                        and kinds.get((sp.start, sp.end)) == "capital"
                        and "country" in (kinds.get((nxt.start, nxt.end)), kinds.get((nxt.start + 1, nxt.end))))
                if ((sp.label_ == "LOC" and state or same) and nxt.start == end + 1 and words[end] == ","
                        and not (nxt.end < n and words[nxt.end] in ("'s", "’s", "-"))):
                    end = nxt.end
                    info = infos.get(sp.kb_id_)
                    if info is not None and info.country is None and info.type == "location":
                        info.country = nxt.kb_id_ if nxt.label_ == "COUNTRY" else "country:USA"
                if end < n and words[end] == "D.C." or (end + 1 < n and words[end] == "," and words[end + 1] == "D.C."):
                    end += 1 if words[end] == "D.C." else 2  # "Washington, D.C."
            if (k, end) != (sp.start, sp.end):
                out[(sp.start, sp.end)] = (k, end)
            prev_end = sp.end
        return out

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


def _is_initial(w: str) -> bool:
    """A middle initial such as "C." (one capital letter and a period)."""
    return len(w) == 2 and w[1] == "." and w[0].isupper()


@Language.factory("geokg_actors", default_config={"alias_file": None})
def make_actors(nlp: Language, name: str, alias_file: str | None) -> ActorRecognizer:
    """Build the actor recogniser (the gazetteer is compiled or loaded from the cache on first use)."""
    return ActorRecognizer(nlp, alias_file=alias_file)
