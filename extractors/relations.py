"""``geokg_relations``: typed relations between actors with modality, attribution and evidence.

Three readings, all driven by data (the trigger lexicon of ``schemas/ontology.yaml`` and the word lists of
``extractors/data/relation_lexicon.yaml``), so a new relation type, trigger or title is a data change:

- **parse rules** (:mod:`geokg.extractors._deprules`) on the sentences ``geokg_syntax`` parsed: argument frames
  generated from the ontology (subject, object, obliques with the label's prepositions, passive agent; a noun's
  possessor, actor modifier, light verb, copula or adverbial clause), modality from what governs the trigger;
- **word-order rules** (this module) on the other sentences, and on parsed ones only for triggers the parse did not
  read: actors are chunks, and verbs, nominalisations, light verbs, passives, relative clauses, coordinated
  subjects and reported speech ("Moscow has said ...", "according to X", "..., X said") are read from token order;
- **roles and places** (:mod:`geokg.extractors._roles` and :meth:`RelationExtractor._places`): titles before and
  after a name, the story's country for untied state titles, "the Syrian port of Tartus", "Palmyra, Syria", and
  ``located_in`` from the gazetteer (``attributes.source = "gazetteer"``).

A person's relation is also offered between countries when the text ties the person to the country they lead
(``attributes.derived_from`` names the person). Evidence is the span that carries the relation;
``attributes.sentence`` keeps the sentence's character offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from geokg.extractors._deprules import DepRules
from geokg.extractors._doc import COREF_KEY, LABEL_TO_TYPE, RelationHit, plain
from geokg.extractors._relex import load_relation_lexicon
from geokg.extractors._roles import RoleRules
from geokg.schemas.ontology import load_ontology
from spacy.attrs import IS_ALPHA, LEMMA, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["RelationExtractor", "make_relations"]

# function words of the word-order rules: data in relation_lexicon.yaml (``words``), one list per concept
_W = load_relation_lexicon().words
_PREPS = _W.prepositions
_DETS = _W.determiners
_BOUNDARY = _W.clause_boundaries
_BE = _W.be_forms
_COPULA = _W.copulas
_POSS = _W.possessive_marks
_NUMBERS = _W.quantifiers
_NOUN_HEADS = _W.noun_heads
_KIND_NOUNS = _W.kind_nouns
_NOT_TITLE = _W.not_title_words
_MEDIA = _W.media_words



@dataclass
class _M:
    """A mention chunk: token span, entity id and label."""

    start: int
    end: int
    eid: str
    label: str
    pronoun: bool = False
    modifier: bool = False  # a country/org that only modifies a following person ("Syrian President X")


class RelationExtractor(RoleRules):
    """Fill ``doc._.geokg_relations`` with :class:`geokg.extractors.RelationHit` objects."""

    def __init__(self, nlp: Language, ontology: str | None = None, mode: str = "both",
                 gazetteer_places: bool = True) -> None:
        if mode not in MODES:
            raise ValueError(f"geokg_relations: mode {mode!r} is not one of {', '.join(MODES)}")
        self.nlp = nlp
        self.mode = mode
        self.gazetteer_places = gazetteer_places
        self._lemma_table = None  # lower-case lookup lemmas for headlines in capitals, loaded on first use
        self.ontology = load_ontology(ontology)
        self.lex = load_relation_lexicon()
        self._gaz = None
        self._index()
        self._prepare_roles()
        self.deps = DepRules(self.ontology, self.lex)
        mod = self.lex.modality  # the token rules read the same word lists as the parse rules
        self._neg_words = mod.negation
        self._neg_lemmas = mod.negating_verbs
        self._hedge_words = mod.hedge_modals | mod.hedge_words | mod.conditional_marks
        self._hedge_lemmas = mod.hedge_verbs
        self._plan_words = mod.plan_modals | mod.plan_words
        self._plan_lemmas = mod.plan_verbs
        self._report_lemmas = mod.reporting_verbs
        self._accuse = mod.accusation_verbs

    # ---------------------------------------------------------------------------------------- lexicon
    def _index(self) -> None:
        self.types = {e.label: (set(e.head_types), set(e.tail_types)) for e in self.ontology.relations}
        self.symmetric = {e.label for e in self.ontology.relations if e.symmetric}
        self.verbs: dict[str, list[tuple[str, dict]]] = {}
        self.nouns: dict[str, list[tuple[str, dict]]] = {}
        self.light: dict[str, list[tuple[str, dict]]] = {}
        self.titles: dict[tuple[str, ...], tuple[str, str]] = {}
        self.place_nouns: set[tuple[str, ...]] = set()
        for e in self.ontology.relations:
            t = {k: [str(x).lower() for x in v] for k, v in e.triggers.items()}
            for v in t.get("verbs", []):
                self.verbs.setdefault(v, []).append((e.label, t))
            for n in t.get("nouns", []):
                self.nouns.setdefault(n, []).append((e.label, t))
            for lv in t.get("light_verbs", []):
                self.light.setdefault(lv, []).append((e.label, t))
            for title in t.get("titles", []):
                # "secretary-general" is three tokens for spaCy's tokenizer
                self.titles[tuple(title.replace("-", " - ").split())] = (e.label, title)
            for pn in t.get("place_nouns", []):
                self.place_nouns.add(tuple(pn.split()))
        self.trigger_words = set(self.verbs) | set(self.nouns) | set(self.light) | {"between"} | _COPULA

    # ------------------------------------------------------------------------------------------- main
    def __call__(self, doc: Doc) -> Doc:
        hits: list[RelationHit] = []
        ents = list(doc.ents)
        corefs = [(sp.start, sp.end, sp.kb_id_) for sp in doc.spans.get(COREF_KEY, [])]
        if any(sp.label_ == "PERSON" for sp in ents) or len(ents) >= 2 or corefs:
            sent_list = list(doc.sents)
            sent_starts = [s.start for s in sent_list]
            sents = dict(zip(sent_starts, sent_list, strict=True))
            by_sent: dict[int, list[_M]] = {}
            for sp in ents:
                if sp.kb_id_ and sp.label_ in LABEL_TO_TYPE:
                    key = sent_starts[bisect_right(sent_starts, sp.start) - 1]
                    by_sent.setdefault(key, []).append(_M(sp.start, sp.end, sp.kb_id_, sp.label_))
            for s, e, eid in corefs:
                key = sent_starts[bisect_right(sent_starts, s) - 1]
                # possessive "his"/"her" ("his Chinese counterpart") qualifies a noun; it is never a verb's argument
                word = doc[s].lower_
                possessive = word == "his" or (
                    word == "her" and e < len(doc) and (doc[e].is_lower or doc[e].ent_iob_ == "B"))
                by_sent.setdefault(key, []).append(_M(s, e, eid, "PERSON", pronoun=True, modifier=possessive))
            parsed = {a for a, _ in (doc._.get("geokg_parsed") or [])} if Doc.has_extension("geokg_parsed") else set()
            leaders: dict[str, str] = {}
            story = self._story_country(doc, ents) if any(sp.label_ == "PERSON" for sp in ents) else None
            tokens: tuple[list[int], list[int], list[int]] | None = None  # ORTH, LEMMA, IS_ALPHA, read once
            for start, ms in by_sent.items():
                if len(ms) < 2 and (ms[0].label != "PERSON" or ms[0].pronoun):
                    continue
                ms.sort(key=lambda m: m.start)
                sent = sents.get(start) or doc[start].sent
                if tokens is None:
                    arr = doc.to_array([ORTH, LEMMA, IS_ALPHA])
                    tokens = (arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist())
                hits.extend(self._sentence(doc, sent, ms, leaders, story, sent.start in parsed, tokens))
            hits = self._dedupe(hits)
            if self.gazetteer_places:
                hits.extend(self._gazetteer_places(doc, ents, hits, sent_list, sent_starts))
            hits.extend(self._derived(hits))
        doc._.geokg_relations = [plain(h) for h in self._dedupe(hits)]
        return doc

    # --------------------------------------------------------------------------------------- sentence
    def _sentence(self, doc: Doc, sent: Span, ms: list[_M], leaders: dict[str, str],
                  story: str | None = None, parsed: bool = False,
                  tokens: tuple[list[int], list[int], list[int]] | None = None) -> list[RelationHit]:
        s, e = sent.start, sent.end
        if tokens is None:
            arr = doc.to_array([ORTH, LEMMA, IS_ALPHA])
            tokens = (arr[:, 0].tolist(), arr[:, 1].tolist(), arr[:, 2].tolist())
        # the words as string ids: Token objects are the expensive part
        strings = doc.vocab.strings
        texts = [strings[o] for o in tokens[0][s:e]]
        lower = [w.lower() for w in texts]
        lemma = [strings[x].lower() if x else "" for x in tokens[1][s:e]]
        cap = [w[:1].isupper() for w in texts]
        if _is_headline([w for w, alpha in zip(texts, tokens[2][s:e], strict=True) if alpha and len(w) > 1]):
            # a headline in capitals ("RUSSIA CRITICISES NATO FOR DRILLS"): read its words in lower case
            lemma = [self._lemma_of(w) for w in lower]
            cap = [False] * len(cap)
        base = sent.start
        at: dict[int, _M] = {}
        for m in ms:
            for i in range(m.start, m.end):
                at[i - base] = m
        ctx = _Ctx(doc, sent, lower, lemma, base, ms, at)
        ctx.cap = cap
        out: list[RelationHit] = []
        self._roles(ctx, out, leaders)
        self._title_roles(ctx, out, leaders, story)
        self._group_members(ctx, out)
        self._own_groups(ctx, out)
        self._state_body_roles(ctx, out)
        self._places(ctx, out)
        if any(w in self.trigger_words for w in lemma) or any(w in self.trigger_words for w in lower):
            use_parse = parsed and self.mode in ("parse", "both")
            decided: set[int] = set()
            if use_parse:
                decided = self._parse_rules(ctx, out)
            if not use_parse or self.mode == "both":
                seen = {(h.head, h.relation, h.tail) for h in out if h.attributes.get("rule") == "parse"}
                token_out: list[RelationHit] = []
                self._verbs(ctx, token_out)
                self._nominals(ctx, token_out)
                # the token rules fill in only where the parse did not read the trigger; where both read a
                # relation, the parse decides its modality
                parse_by_head = {(h.head, h.relation): h for h in out if h.attributes.get("rule") == "parse"}
                for h in token_out:
                    if (h.head, h.relation, h.tail) in seen:
                        continue
                    if h.attributes.get("_trigger") in decided:
                        # the parse read this trigger: keep only another object of the same head (a conjunct the
                        # parse missed: "met X and Y"), with the parse's modality
                        twin = parse_by_head.get((h.head, h.relation))
                        if twin is None:
                            continue
                        h.modality, h.attributed_to = twin.modality, twin.attributed_to
                    out.append(h)
        for h in out:
            h.attributes.pop("_trigger", None)
        return [h for h in out if h.head != h.tail and self._typed(ctx, h)]

    def _parse_rules(self, c: _Ctx, out: list[RelationHit]) -> set[int]:
        """Relations read from the dependency parse of a sentence (see ``geokg.extractors._deprules``)."""
        base = c.base

        def mention_at(i: int) -> _M | None:
            m = c.at.get(i - base)
            return None if m is None or (m.pronoun and m.modifier) else m

        doc = c.doc
        hits, decided = self.deps.sentence(c.sent, mention_at)
        for hit in hits:
            if hit.head is hit.tail or hit.head.eid == hit.tail.eid:
                continue
            modality, speaker, reported = self.deps.modality(doc[hit.governor], mention_at)
            if modality == "asserted" and reported:
                modality = "reported"
            conf = hit.conf * (0.9 if modality == "reported" else 0.8 if modality in ("hedged", "negated") else 1)
            speaker_id = speaker.eid if speaker is not None else None
            lo = min(hit.span[0], hit.head.start, hit.tail.start)
            hi = max(hit.span[1], hit.head.end, hit.tail.end)
            out.append(RelationHit(
                head=hit.head.eid, relation=hit.label, tail=hit.tail.eid, start_char=doc[lo].idx,
                end_char=doc[hi - 1].idx + len(doc[hi - 1]), modality=modality,
                attributed_to=speaker_id if speaker_id != hit.head.eid or reported else None,
                confidence=round(min(conf, 0.99), 3),
                attributes={"rule": "parse", "sentence": [c.sent.start_char, c.sent.end_char]}))
        return decided

    def _lemma_of(self, word: str) -> str:
        if self._lemma_table is None:
            from geokg.extractors.lemmas import lemma_table

            try:
                self._lemma_table = lemma_table()
            except (ValueError, OSError):
                self._lemma_table = {}
        lemma = self._lemma_table.get(word)
        return lemma.lower() if isinstance(lemma, str) else word

    def _typed(self, ctx: _Ctx, hit: RelationHit) -> bool:
        allowed = self.types.get(hit.relation)
        if allowed is None:
            return False
        ht, tt = ctx.type_of.get(hit.head), ctx.type_of.get(hit.tail)
        return ht in allowed[0] and tt in allowed[1]

    # ------------------------------------------------------------------------------------------ roles
    def _roles(self, c: _Ctx, out: list[RelationHit], leaders: dict[str, str]) -> None:
        ms = c.ms
        for k, m in enumerate(ms):
            if m.pronoun:
                continue
            nxt = ms[k + 1] if k + 1 < len(ms) else None
            # "Syrian President X", "U.S. Defense Secretary X", "Kremlin spokesman X", "Putin's spokesman X"
            if (m.label in ("COUNTRY", "ORG", "PERSON") and nxt is not None and nxt.label == "PERSON"
                    and not nxt.pronoun):
                i = m.end - c.base
                j = nxt.start - c.base
                poss = i < j and c.lower[i] in _POSS
                if poss:
                    i += 1
                words = c.lower[i:j]
                if words[-1:] == [","] and len(words) >= 2:
                    words = words[:-1]  # "the EU's foreign policy chief, Kaja Kallas"
                if (0 < len(words) <= 4 and all(w.isalpha() or w in ("-", ".") or w.endswith(".") for w in words)
                        and not any(w in _PREPS or w in _BOUNDARY or w in _NOT_TITLE for w in words)
                        and self._title_ends(words)):
                    role = self._best_title(words)
                    before = c.lower[m.start - c.base - 1] if m.start > c.base else ""
                    if role and (before in self.lex.roles.not_current or any(
                            w in self.lex.roles.not_current for w in words)):
                        role = None  # "former Peruvian president X": no current role
                    if role:
                        label, title = role
                        if m.label == "PERSON" and label != "spokesperson_of":
                            continue
                        m.modifier = m.label != "PERSON" or label == "spokesperson_of"
                        self._add(c, out, nxt.eid, label, m.eid, m.start, nxt.end, 0.9,
                                  {"role": title} if label == "member_of" else {})
                        if label == "leader_of" and m.label == "COUNTRY":
                            leaders[nxt.eid] = m.eid
            # appositive: "X, director of the Center for ...", "X, Putin's spokesman", "X, Russia's foreign minister"
            if m.label == "PERSON" and nxt is not None:
                i = m.end - c.base
                # skip place names used as modifiers: "director of the Istanbul-based think tank EDAM"
                k2 = k + 1
                while k2 < len(ms) and self._compound(c, ms[k2]) and k2 + 1 < len(ms):
                    k2 += 1
                nxt = ms[k2]
                if i < len(c.lower) and c.lower[i] == ",":
                    j = nxt.start - c.base
                    skipped = {p for x in ms[k + 1 : k2] for p in range(x.start - c.base, x.end - c.base)}
                    words = [c.lower[p] for p in range(i + 1, j) if p not in skipped
                             and c.lower[p] not in _DETS and c.lower[p] not in _MEDIA
                             and c.lower[p] not in ("-", "based", "led", "backed", "owned", "run")]
                    after = c.lower[nxt.end - c.base] if nxt.end - c.base < len(c.lower) else ""
                    if words and words[-1] in ("of", "at", "for") and len(words) <= 6:
                        # "director of the (journal) Y"
                        role = self._best_title(words[:-1])
                        unit, owner = self._unit_owner(c, nxt) if role else (False, None)
                        if unit:
                            # "X, head of Y's operations in Z", "X, director of the Z office of Y": a member of Y
                            if owner is not None:
                                self._add(c, out, m.eid, "member_of", owner.eid, m.start, nxt.end, 0.8,
                                          {"role": " ".join(words[:-1]).replace(" - ", "-")})
                        elif role and nxt.label in ("ORG", "COUNTRY"):
                            label, title = role
                            if label == "leader_of" and "of" in words[:-1]:
                                # "director-general of trade policy of the Y": heads a department of Y
                                label, title = "member_of", " ".join(words[:-1]).replace(" - ", "-")
                            self._add(c, out, m.eid, label, nxt.eid, m.start, nxt.end, 0.85,
                                      {"role": title} if label == "member_of" else {})
                    elif len(words) <= 1 and after in _POSS or (not words and after in _POSS):
                        k2 = nxt.end - c.base + 1
                        tail_words = []
                        while k2 < len(c.lower) and c.lower[k2].isalpha() and len(tail_words) < 3:
                            tail_words.append(c.lower[k2])
                            k2 += 1
                        role = self._best_title(tail_words)
                        if role:
                            label, title = role
                            self._add(c, out, m.eid, label, nxt.eid, m.start, c.base + k2, 0.85,
                                      {"role": title} if label == "member_of" else {})
                            if label == "leader_of" and nxt.label == "COUNTRY":
                                leaders[m.eid] = nxt.eid
        # "the Syrian leader" with no name: the leader named earlier in this document
        for m in ms:
            if m.label == "COUNTRY" and not m.modifier:
                i = m.end - c.base
                if i < len(c.lower) and c.lower[i] in ("leader", "president", "premier"):
                    person = next((p for p, ctry in leaders.items() if ctry == m.eid), None)
                    if person and (i + 1 >= len(c.lower) or not c.at.get(i + 1)):
                        m.eid, m.label = person, "PERSON"
                        c.type_of[person] = "person"

    def _title_ends(self, words: list[str]) -> bool:
        """Whether a title ends right before the name ("special envoy" + name), not earlier in the phrase."""
        return any(tuple(words[len(words) - n :]) in self.titles for n in (3, 2, 1) if n <= len(words))

    def _best_title(self, words: list[str]) -> tuple[str, str] | None:
        best = None
        for i in range(len(words)):
            for n in (3, 2, 1):
                if i + n > len(words):
                    continue
                hit = self.titles.get(tuple(words[i : i + n]))
                if hit and (best is None or n > best[0] or (n == best[0] and i > best[1])):
                    best = (n, i, hit)
                    break
        if best is None:
            return None
        return best[2]

    # ----------------------------------------------------------------------------------------- places
    def _places(self, c: _Ctx, out: list[RelationHit]) -> None:
        ms = c.ms
        for k in range(len(ms) - 1):
            a, b = ms[k], ms[k + 1]
            between = [w for w in c.lower[a.end - c.base : b.start - c.base] if w != ">"]  # "<KVT> of"
            # "the Syrian port of Tartus"
            if (a.label == "COUNTRY" and b.label == "LOC" and between and between[-1] == "of"
                    and len(between) <= 4 and not any(w in ("and", "or", ",") or w in _PREPS for w in between[:-1])):
                noun = tuple(w for w in between[:-1] if w not in _DETS)
                if noun in self.place_nouns or noun[-1:] in self.place_nouns or noun[-2:] in self.place_nouns:
                    self._add(c, out, b.eid, "located_in", a.eid, a.start, b.end, 0.9, {})
                    a.modifier = True  # "struck the Ukrainian city of Kharkiv": the object is Kharkiv
            # "Palmyra, Syria" / "Sochi in southern Russia"
            elif a.label in ("LOC", "ORG") and b.label in ("COUNTRY", "LOC") and not b.pronoun:
                if between == [","] and not self._demonym(c, b) and not self._enumerated(c, k):
                    after = c.lower[b.end - c.base] if b.end - c.base < len(c.lower) else "."
                    if not after.isalpha() or after in ("and", "on", "in", "the", "to", "where"):
                        self._add(c, out, a.eid, "located_in", b.eid, a.start, b.end, 0.8, {})
                elif between[:1] == ["in"] and len(between) <= 3 and not self._demonym(c, b) and not (
                        a.label == "ORG" and self._event_of(c, a)):
                    self._add(c, out, a.eid, "located_in", b.eid, a.start, b.end, 0.7, {})
                elif a.label == "ORG" and b.label == "COUNTRY" and between in (["of"], ["of", "the"]):
                    self._add(c, out, a.eid, "located_in", b.eid, a.start, b.end, 0.75, {})  # "Volvo of Sweden"
                elif (a.label == "LOC" and b.label == "COUNTRY" and between in (["on", "the"], ["on"])
                      and b.end - c.base < len(c.lower) and c.lower[b.end - c.base] in self.lex.roles.edge_nouns):
                    self._add(c, out, a.eid, "located_in", b.eid, a.start, b.end, 0.7, {})  # "X on the Omani coast"
            # "the Dutch firm X", "Hungary's state-owned bus maker X"
            if a.label == "COUNTRY" and b.label == "ORG" and 1 <= len(between) <= 6:
                words = [w for w in between if w not in _POSS and w != "-"]
                if words and words[-1] in self.lex.roles.org_nouns and all(
                        w.isalpha() or "-" in w for w in words):
                    self._add(c, out, b.eid, "located_in", a.eid, a.start, b.end, 0.75, {})
                    a.modifier = True

    def _event_of(self, c: _Ctx, m: _M) -> bool:
        """Whether mention ``m`` completes an event noun ("the meeting of the Group of Seven in Paris"): the
        place after it is where the event is, not where the organisation is."""
        i = m.start - c.base - 1
        if i >= 0 and c.lower[i] == "the":
            i -= 1
        if i < 1 or c.lower[i] != "of":
            return False
        return c.lower[i - 1] in self.nouns or c.lemma[i - 1] in self.nouns

    @staticmethod
    def _enumerated(c: _Ctx, k: int) -> bool:
        """Whether mentions ``k`` and ``k + 1`` stand in a comma list of actors ("the World Bank, the EC, Canada,
        Belgium and Italy"), where "X, Country" names two members, not a place and its country."""
        ms = c.ms
        a, b = ms[k], ms[k + 1]
        if k > 0 and c.lower[ms[k - 1].end - c.base : a.start - c.base] in ([","], [",", "the"]):
            return True
        if k + 2 < len(ms):
            gap = c.lower[b.end - c.base : ms[k + 2].start - c.base]
            if gap in ([","], [",", "the"]):
                return True
            # "X, Canada and Italy", but "Arica, Chile, and Tacna, Peru" pairs places with their countries
            return gap in (["and"], [",", "and"], ["and", "the"]) and ms[k + 2].label in ("COUNTRY", "ORG")
        return False

    def _demonym(self, c: _Ctx, m: _M) -> bool:
        text = c.doc[m.start : m.end].text
        nxt = c.doc[m.end] if m.end < len(c.doc) else None
        return text.endswith(("an", "ese", "ish", "i", "ic")) and nxt is not None and nxt.is_alpha and nxt.is_lower

    # ------------------------------------------------------------------------------------------ verbs
    def _verbs(self, c: _Ctx, out: list[RelationHit]) -> None:
        n = len(c.lower)
        for v in range(n):
            labels = self.verbs.get(c.lemma[v]) or self.verbs.get(c.lower[v])
            if not labels or c.at.get(v) or (v > 0 and c.cap[v]) or self._noun_context(c, v) or (
                    self._judged(c, v)):
                continue
            passive = self._is_passive(c, v)
            for label, trig in labels:
                if passive:
                    if "yes" not in trig.get("passive", []):
                        continue
                    by = next((i for i in range(v + 1, min(n, v + 4)) if c.lower[i] == "by"), None)
                    if by is None:
                        continue
                    head = self._next_mention(c, by + 1, limit=5)
                    tail = self._subject(c, v)
                    if head and tail:
                        self._add(c, out, head.eid, label, tail.eid, min(head.start, tail.start) ,
                                  max(head.end, tail.end), 0.75, {}, trig_i=v)
                    continue
                heads = self._subjects(c, v)
                if not heads:
                    continue
                tail = self._object(c, v, trig)
                if tail is not None and label == "leader_of":
                    unit, owner = self._unit_owner(c, tail)
                    if unit:
                        # "who led X operations in Z", "heads the Z office of X": a member of X
                        if owner is None:
                            continue
                        tail, label = owner, "member_of"
                if tail is None:
                    # coordinated subject of a symmetric relation: "Russia and Syria signed a deal"
                    if label in self.symmetric and len(heads) >= 2 and self._requires_ok(c, v, n, trig):
                        self._add(c, out, heads[0].eid, label, heads[1].eid, heads[0].start, c.base + v + 1, 0.7,
                                  {}, trig_i=v)
                    continue
                lo = min(h.start for h in heads) - c.base
                strong = c.lemma[v] in trig.get("strong_verbs", [])
                if not strong and not self._requires_ok(c, lo - 1, tail.end - c.base + 4, trig):
                    continue
                for t in self._coordinated(c, tail):
                    for h in heads:
                        conf = 0.8 if t.start - c.base - v <= 6 else 0.65
                        self._add(c, out, h.eid, label, t.eid, min(h.start, c.base + v), t.end, conf, {}, trig_i=v)

    def _judged(self, c: _Ctx, k: int) -> bool:
        """Whether the noun at ``k`` is the object of a verb that judges it ("approved state aid to", "blocked the
        proposed sale of"): that verb's subject is no argument of the noun's relation."""
        judging = self.lex.modality.judging_governors
        for i in range(k - 1, max(-1, k - 7), -1):
            w = c.lower[i]
            if c.lemma[i] in judging or w in judging:
                return True
            if w in _PREPS or w in _BOUNDARY or w in (",", ";", "and", "or") or w in self.trigger_words:
                return False
            if not (w in _DETS or w in _POSS or c.at.get(i) is not None or w.isalpha() or w.isdigit() or w == "-"):
                return False
        return False

    def _noun_context(self, c: _Ctx, v: int) -> bool:
        """Whether a verb-shaped trigger is used as a noun: "the Israeli strikes", "the two sides"."""
        if v + 1 < len(c.lower) and c.lower[v + 1] in _NOUN_HEADS:
            return True  # "a free trade agreement", "the support package", "attack helicopters"
        if v == 0:
            return False
        prev = c.lower[v - 1]
        if prev in _DETS or prev in _POSS or prev in _NUMBERS or prev.isdigit():
            return True
        if prev in ("of", "for") and not c.lower[v].endswith("ing"):
            return True  # "rounds of talks", but "no intention of attacking" is a verb
        if prev.endswith("ing") and c.lower[v].endswith("s") and c.lemma[v] != c.lower[v]:
            return True  # "the largest trading partners": a plural noun after a modifier
        m = c.at.get(v - 1)
        # "the Israeli strikes" (a demonym before a noun), not "The Philippines accused"
        return (m is not None and m.end - m.start == 1 and m.start - c.base - 1 >= 0
                and c.lower[m.start - c.base - 1] in _DETS
                and c.lower[m.start - c.base].endswith(("an", "ese", "ish", "i", "ic", "ch")))

    def _coordinated(self, c: _Ctx, first: _M) -> list[_M]:
        """The object and the objects coordinated with it: "threatened Ukraine and Moldova"."""
        out = [first]
        cur = first
        while True:
            nxt = next((m for m in c.ms if m.start >= cur.end and not m.modifier), None)
            if nxt is None:
                return out
            between = c.lower[cur.end - c.base : self._np_start(c, nxt) - c.base]
            if [w for w in between if w not in ("the", "its")] not in (["and"], [","], [",", "and"], ["or"]):
                return out
            after = nxt.end - c.base
            following = c.lower[after] if after < len(c.lower) else "."
            if after < len(c.lower) and (self._past_verb(c, after) or c.lemma[after] in self.verbs
                                          or following in _BE or following in ("will", "would", "said", "has", "have",
                                                                               "had", "could", "may", "might")):
                return out  # "..., and Poland condemned": a new clause, not another object
            if between == [","] and following not in (",", "and", "or", ".", "as", "on", "in"):
                return out  # "..., Ukrainian officials said": a modifier of a new noun phrase, not a list
            out.append(nxt)
            cur = nxt

    def _requires_ok(self, c: _Ctx, v: int, stop: int, trig: dict) -> bool:
        req = trig.get("requires")
        if not req:
            return True
        window = set(c.lower[v + 1 : min(len(c.lower), stop)]) | set(c.lemma[v + 1 : min(len(c.lower), stop)])
        return bool(window & set(req))

    def _is_passive(self, c: _Ctx, v: int) -> bool:
        w = c.lower[v]
        participle = w.endswith(("ed", "en")) or (c.lemma[v] != w and not w.endswith(("ing", "s")))
        if not participle:
            return False
        if v + 1 < len(c.lower) and c.lower[v + 1] == "by" and v > 0 and c.lower[v - 1] == ",":
            return True  # a reduced relative: "The RSF, led by Mohamed Hamdan Dagalo, .."
        for i in range(v - 1, max(-1, v - 4), -1):
            if c.lower[i] in _BE:
                return True
            if c.lower[i] not in ("also", "not", "reportedly", "allegedly", "repeatedly", "been", "being", "n't"):
                return False
        return False

    def _in_pp(self, c: _Ctx, m: _M) -> bool:
        """Whether a mention sits inside a prepositional phrase (so it is not a subject)."""
        i = m.start - c.base - 1
        steps = 0
        while i >= 0 and steps < 5:
            w = c.lower[i]
            if w in _PREPS and not self._inside_name(c, i):
                return True
            if w in _DETS or w in _POSS or (c.at.get(i) is not None) or w in ("-",) or (
                    w.isalpha() and c.cap[i]):
                i -= 1
                steps += 1
                continue
            return False
        return False

    def _is_object(self, c: _Ctx, m: _M, v: int) -> bool:
        """Whether ``m`` is the direct object of an earlier verb ("visited Pakistan and praised ...")."""
        i = m.start - c.base - 1
        while i >= 0 and c.lower[i] in _DETS:
            i -= 1
        if i < 0 or i >= v:
            return False
        w = c.lower[i]
        verbish = c.lemma[i] in self.verbs or (w.endswith("ed") and len(w) > 4)
        return verbish and c.lemma[i] != w and not self._noun_context(c, i)

    def _inside_name(self, c: _Ctx, i: int) -> bool:
        """A lower-case word between capitalised ones ("Secretary of State", "Bank of England")."""
        return (0 < i < len(c.lower) - 1 and c.cap[i - 1] and c.cap[i + 1]
                and c.at.get(i - 1) is None and c.at.get(i + 1) is None)

    def _subject(self, c: _Ctx, v: int) -> _M | None:
        subs = self._subjects(c, v)
        return subs[0] if subs else None

    def _subjects(self, c: _Ctx, v: int) -> list[_M]:
        """The nearest mention(s) before the verb that can be its subject (skipping objects of prepositions)."""
        if v >= 2 and c.lower[v].endswith("ing") and c.lower[v - 1] in ("of", "for", "with"):
            # "accused North Korea (on Thursday) of shipping ...": the accused does it
            for back in range(v - 2, max(-1, v - 6), -1):
                m = c.at.get(back)
                if m is not None and not m.modifier:
                    return [m]
        # "Beijing, which considers Taiwan part of its territory, accused Washington": skip the relative clause
        k = v - 1
        while k >= 0 and c.lower[k] in ("also", "later", "then", "has", "have", "had", "on", "again"):
            k -= 1
        if k > 0 and c.lower[k] == ",":
            for r in range(k - 1, max(0, k - 20), -1):
                if c.lower[r] in ("which", "who") and c.lower[r - 1] == "," and c.at.get(r - 2) is not None:
                    return [c.at[r - 2]]
                if c.lower[r] in (";", ".") or (
                        c.lower[r] == "," and r < k - 1 and c.lower[r + 1] not in ("which", "who")):
                    break
        found: list[_M] = []
        for m in reversed(c.ms):
            i = m.end - c.base
            if i > v:
                continue
            if v - i > 25:
                break
            between = c.lower[i:v]
            if any(w in (";",) or (w in _BOUNDARY and w not in ("as", "after", "before", "since")) for w in between):
                break
            if m.modifier or self._in_pp(c, m) or self._is_object(c, m, v) or (
                    m.end - c.base < len(c.lower) and c.lower[m.end - c.base] in _POSS
                    and m.start - c.base > 0 and c.lower[m.start - c.base - 1] == ","):
                continue  # "Russia, Serbia's traditional ally, condemned ...": Serbia only qualifies 'ally'
            if found:
                # coordination "Russia and Syria"
                prev = found[-1]
                lo, hi = m.end - c.base, self._np_start(c, prev) - c.base
                # "The European Union and the South American bloc Mercosur": drop articles, names and kind nouns
                bare = [c.lower[k] for k in range(lo, hi) if c.lower[k] not in _DETS and c.at.get(k) is None
                        and c.lower[k] not in _KIND_NOUNS]
                if not bare and hi - lo <= 3:
                    continue  # part of the same noun phrase: "the South American bloc Mercosur"
                if bare in (["and"], [","]) and hi - lo <= 6:
                    found.append(m)
                    continue
                break
            found.append(m)
            # a reporting verb between a candidate and the verb belongs to another clause: "X said Y attacked Z"
            if any(w in ("said", "says", "told", "reported") for w in between) and len(between) > 1:
                found.pop()
                break
        return list(reversed(found))[::-1]

    def _compound(self, c: _Ctx, m: _M) -> bool:
        """A name inside a hyphenated modifier: "Eritrean-backed militias", "Russian-made jets"."""
        j = m.end - c.base
        return j + 1 < len(c.lower) and c.lower[j] == "-" and c.lower[j + 1].isalpha()

    def _object(self, c: _Ctx, v: int, trig: dict) -> _M | None:
        preps = trig.get("preps", [""])
        n = len(c.lower)
        for m in c.ms:
            i = m.start - c.base
            if i <= v or m.modifier or self._compound(c, m):
                continue
            if i - v > 12:
                return None
            between = c.lower[v + 1 : max(v + 1, self._np_start(c, m) - c.base)]
            if any(w in (";", ",", '"', "“", "”", "said", "says", "that") for w in between) or any(
                    w in _BOUNDARY for w in between):
                return None
            # a second verb phrase starts: "hosted the talks and praised Turkey", "... and called on the UN"
            if any(w in ("and", "or") and v + 2 + k2 < len(c.lower) and self._past_verb(c, v + 2 + k2)
                   for k2, w in enumerate(between)):
                return None
            prep = self._prep_before(c, m, v)
            if prep is None:
                plain = [w for k2, w in enumerate(between) if w not in _DETS and w not in _POSS
                         and c.at.get(v + 1 + k2) is None and not c.cap[v + 1 + k2]]
                if ("" in preps and len(plain) <= 2 and not any(w in _PREPS or w in ("and", "or") for w in between)
                        and not any(c.lemma[v + 1 + k2] in self.verbs for k2 in range(len(between)))):
                    return m
            elif prep in preps:
                return m
            # the object of another preposition ("in Sochi"); keep looking for the one we need
            if prep is None and i + 1 < n:
                continue
        return None

    def _past_verb(self, c: _Ctx, i: int) -> bool:
        w = c.lower[i]
        return (w.endswith("ed") and c.lemma[i] != w) or c.lemma[i] in self.verbs and c.lemma[i] != w

    def _np_start(self, c: _Ctx, m: _M) -> int:
        """Where the noun phrase of ``m`` starts: before its modifier ("Egyptian intelligence chief Abbas Kamel")."""
        prev = None
        for x in c.ms:
            if x.end <= m.start:
                prev = x
        if prev is not None and prev.modifier and m.start - prev.end <= 4:
            return prev.start
        return m.start

    def _prep_before(self, c: _Ctx, m: _M, floor: int) -> str | None:
        i = self._np_start(c, m) - c.base - 1
        steps = 0
        while i > floor and steps < 4:
            w = c.lower[i]
            if w in _PREPS:
                return "out" if w == "of" and i > 0 and c.lower[i - 1] == "out" else w
            if w in _DETS or w in _POSS or c.at.get(i) is not None or (c.cap[i] and w.isalpha()):
                i -= 1
                steps += 1
                continue
            return None
        return None

    def _next_mention(self, c: _Ctx, i: int, limit: int) -> _M | None:
        for m in c.ms:
            j = m.start - c.base
            if j >= i and not m.modifier and not self._compound(c, m):
                return m if j - i <= limit else None
        return None

    # -------------------------------------------------------------------------------------- nominals
    def _nominals(self, c: _Ctx, out: list[RelationHit]) -> None:
        n = len(c.lower)
        for k in range(n):
            w = c.lower[k]
            cands = self.nouns.get(w) or self.nouns.get(c.lemma[k])
            if cands and not c.at.get(k):
                for label, trig in cands:
                    self._noun_patterns(c, out, k, label, trig)
            if w == "between":
                self._between(c, out, k)

    def _noun_patterns(self, c: _Ctx, out: list[RelationHit], k: int, label: str, trig: dict) -> None:
        preps = trig.get("noun_preps", [])
        # the tail after the noun's preposition: "visit to Russia", "purchaser of the Russian arms"
        tail = None
        j = k + 1
        if j < len(c.lower) and c.lower[j] in preps:
            tail = self._next_mention(c, j + 1, limit=3)
            after = tail.end - c.base if tail is not None else 0
            if tail is not None and after < len(c.lower) and c.lower[after] in _POSS:
                # "backing for Iran's war enemy Iraq": the possessor only qualifies the noun after it
                owned = self._next_mention(c, after + 1, limit=3)
                tail = owned or tail
        strong = trig.get("strong_nouns", [])
        if tail is not None and trig.get("requires") and c.lemma[k] not in strong and c.lower[k] not in strong and (
                not self._requires_ok(c, k, tail.end - c.base + 3, trig)):
            tail = None
        # 1. possessive: "Assad's third visit to Russia", "Russia's support for Syria"
        i = k - 1
        while i >= 0 and (c.lower[i] in _DETS or (c.lower[i].isalpha() and c.lower[i] not in self.nouns
                                                   and not c.at.get(i) and c.lower[i].islower() and k - i <= 3)):
            i -= 1
        if i >= 1 and c.lower[i] in _POSS and c.at.get(i - 1) is not None and tail is not None:
            head = c.at[i - 1]
            for t in self._coordinated(c, tail):
                self._add(c, out, head.eid, label, t.eid, head.start, t.end, 0.7, {}, trig_i=k)
            return
        # a judged noun ("the regulator cleared French aid to X"): only its own modifiers name its agent
        if self._judged(c, k):
            if tail is not None and k >= 1 and c.at.get(k - 1) is not None and not c.at[k - 1].modifier:
                head = c.at[k - 1]
                self._add(c, out, head.eid, label, tail.eid, head.start, tail.end, 0.6, {}, trig_i=k)
            return
        # 2. apposition or copula: "X, already the fourth-largest purchaser of ...", "X is the largest buyer of"
        if tail is not None:
            i = k - 1
            steps = 0
            while i >= 0 and steps < 6 and c.at.get(i) is None and c.lower[i] not in (",", ";") and (
                    c.lower[i] not in _COPULA):
                i -= 1
                steps += 1
            if i >= 1 and c.lower[i] in {","} | _COPULA and c.at.get(i - 1) is not None:
                head = c.at[i - 1]
                if not head.modifier:
                    for t in self._coordinated(c, tail):
                        self._add(c, out, head.eid, label, t.eid, head.start, t.end, 0.7, {}, trig_i=k)
                    return
        # 3. light verbs: "Bush gave unambiguous support to Tbilisi", "offered Russia his support"
        lv = None
        for i in range(k - 1, max(-1, k - 6), -1):
            if c.lemma[i] in self.light and any(lab == label for lab, _ in self.light[c.lemma[i]]):
                # not an auxiliary: "had hosted talks" is not "had talks"
                if c.lemma[i] in ("have", "be", "do") and i + 1 < len(c.lower) and self._past_verb(c, i + 1):
                    break
                lv = i
                break
        if lv is not None:
            heads = self._subjects(c, lv)
            obj = None
            if tail is None:
                obj = next((m for m in c.ms if lv < m.start - c.base < k and not m.modifier), None)
                # "offered Russia his support": the indirect object before the noun
                if obj is not None and c.lower[obj.end - c.base] not in _DETS | _POSS:
                    obj = obj if c.lower[obj.end - c.base] in ("his", "her", "its", "their") else None
                tail = obj
            if heads and tail is not None:
                for t in self._coordinated(c, tail):
                    for h in heads:
                        self._add(c, out, h.eid, label, t.eid, h.start, max(t.end, c.base + k + 1), 0.7, {},
                                  trig_i=k)
            elif len(heads) >= 2 and label in self.symmetric:
                # "Russia and China held joint drills", "South Korea and Japan agreed to hold a summit"
                self._add(c, out, heads[0].eid, label, heads[1].eid, heads[0].start, c.base + k + 1, 0.65, {},
                          trig_i=k)
            return
        # 3'. "X ... during a visit to Moscow": the event noun in an adverbial belongs to the clause's subject
        j = k - 1
        while j >= 0 and c.lower[j] in _DETS:
            j -= 1
        # (meetings and visits only: in "Y closed the border after the strike on X" Y struck nothing)
        if tail is not None and j >= 0 and c.lower[j] in ("during", "after", "before", "on", "since", "ahead") and (
                label in self.symmetric or label == "visited"):
            heads = self._subjects(c, j)
            for h in heads:
                if h.end - c.base <= j:
                    self._add(c, out, h.eid, label, tail.eid, h.start, tail.end, 0.6, {}, trig_i=k)
            if heads:
                return
        # 4'. an actor used as a modifier of the noun: "Israeli strikes on Gaza", "U.S. airstrikes against al-Qaida"
        if tail is not None and k >= 1 and c.at.get(k - 1) is not None and not c.at[k - 1].modifier:
            head = c.at[k - 1]
            self._add(c, out, head.eid, label, tail.eid, head.start, tail.end, 0.65, {}, trig_i=k)
            return
        # 4. "X's partner", "one of Russia's key partners": copula + possessive before the noun
        i = k - 1
        while i >= 0 and k - i <= 3 and c.lower[i].isalpha() and not c.at.get(i):
            i -= 1
        if i >= 1 and c.lower[i] in _POSS and c.at.get(i - 1) is not None:
            tail2 = c.at[i - 1]
            for h in self._subjects(c, tail2.start - c.base):
                between = c.lower[h.end - c.base : tail2.start - c.base]
                # "Syria was one of Russia's key partners" or the apposition "Russia, Serbia's ally"
                if (any(w in _COPULA for w in between) and len(between) <= 5) or between == [","]:
                    self._add(c, out, h.eid, label, tail2.eid, h.start, c.base + k + 1, 0.6, {}, trig_i=k)
                    return

    def _between(self, c: _Ctx, out: list[RelationHit], k: int) -> None:
        """"trade between Russia and Syria", "talks between X and Y"."""
        i = k - 1
        while i >= 0 and c.lower[i] in _DETS:
            i -= 1
        noun = c.lower[i] if i >= 0 else ""
        a = self._next_mention(c, k + 1, limit=2)
        if a is None:
            return
        j = a.end - c.base
        if j < len(c.lower) and c.lower[j] == "and":
            b = self._next_mention(c, j + 1, limit=2)
            if b is None:
                return
            for label, trig in self.nouns.get(noun, []) + self.nouns.get(c.lemma[i] if i >= 0 else "", []):
                if "between" in trig.get("noun_preps", []):
                    self._add(c, out, a.eid, label, b.eid, c.base + i, b.end, 0.7, {}, trig_i=k)
                    return

    # ------------------------------------------------------------------------------ modality & output
    def _add(self, c: _Ctx, out: list[RelationHit], head: str, label: str, tail: str, start: int, end: int,
             conf: float, attrs: dict, trig_i: int | None = None) -> None:
        if trig_i is None:
            # titles, appositions and "X, Country": the writer's own description, not a claim to qualify
            modality, speaker = "asserted", None
        else:
            modality, speaker = self._modality(c, start - c.base, end - c.base, trig_i)
        if modality == "reported":
            conf *= 0.9
        elif modality in ("hedged", "negated"):
            conf *= 0.8
        attrs = dict(attrs)
        if trig_i is not None:
            attrs["_trigger"] = c.base + trig_i  # working value, removed before the hit leaves the component
            start, end = min(start, c.base + trig_i), max(end, c.base + trig_i + 1)
        attrs["sentence"] = [c.sent.start_char, c.sent.end_char]
        # evidence: the words that carry the relation (names, title or trigger); the sentence stays in attributes
        doc = c.doc
        lo, hi = max(start, c.sent.start), min(max(end, start + 1), c.sent.end)
        out.append(RelationHit(head=head, relation=label, tail=tail, start_char=doc[lo].idx,
                               end_char=doc[hi - 1].idx + len(doc[hi - 1]), modality=modality,
                               attributed_to=speaker if speaker not in (head, None) or modality == "reported" else None,
                               confidence=round(min(conf, 0.99), 3), attributes=attrs))

    def _modality(self, c: _Ctx, s: int, e: int, trig: int | None) -> tuple[str, str | None]:
        lower = c.lower
        n = len(lower)
        s = max(0, s)
        e = min(n, max(e, s + 1))
        # clause start: back from the relation to a boundary
        cs = s
        while cs > 0 and lower[cs - 1] not in _BOUNDARY and lower[cs - 1] not in (",",):
            cs -= 1
        t = trig if trig is not None else s
        lemma = c.lemma
        # the trigger's own word is no modal ("threatened Georgia"), nor the light verb that carries a noun
        # trigger ("offered Russia his support")
        span = [i for i in range(cs, e) if i != t and not (t - 6 <= i < t and lemma[i] in self.light)]
        modality = "asserted"
        if self._negated(c, cs, s, t, e):
            modality = "negated"
        elif any(lower[i] in self._hedge_words or lemma[i] in self._hedge_lemmas for i in span) or (
                self._conditional(c, cs, e)):
            modality = "hedged"
        elif any(lower[i] in self._plan_words or lemma[i] in self._plan_lemmas for i in span):
            modality = "planned"
        speaker = self._speaker(c, s, e)
        if speaker is False and any(lemma[i] in self._accuse for i in range(s, t)):
            speaker = None  # "officials it accused of working with the cartel": an accusation, not a fact
        if speaker is not False and modality == "asserted":
            modality = "reported"
        return modality, (speaker or None) if speaker is not False else None

    def _negated(self, c: _Ctx, cs: int, s: int, t: int, e: int) -> bool:
        """A negation governs the trigger: before it in its clause with no "and/but" between, or "no" after it.

        "Kabul denied attacking Pakistan and accused Islamabad": the denial covers "attacking", not "accused".
        """
        lower = c.lower
        for i in range(t - 1, max(cs, min(s, t) - 1, t - 8) - 1, -1):
            w = lower[i]
            if w in ("and", "but", "or", ";"):
                break
            if w in self._neg_words or c.lemma[i] in self._neg_lemmas:
                return True
        return any(w in ("no", "not", "never") for w in lower[t + 1 : min(e, t + 4)])

    def _conditional(self, c: _Ctx, cs: int, e: int) -> bool:
        """A two-word condition in the clause ("in case"), or a precondition before it ("X is needed before")."""
        lower = c.lower
        for pair in self.lex.modality.conditional_pairs:
            n = len(pair)
            if any(tuple(lower[i : i + n]) == pair for i in range(max(0, cs - n), e)):
                return True
        mod = self.lex.modality
        if cs > 0 and lower[cs - 1] in mod.precondition_marks:
            return any(lower[i] in mod.precondition_words or c.lemma[i] in mod.precondition_words
                       for i in range(max(0, cs - 6), cs - 1))
        return False

    def _reporting(self, c: _Ctx, i: int) -> bool:
        return c.lower[i] == "according" or c.lemma[i] in self._report_lemmas

    def _speaker(self, c: _Ctx, s: int, e: int) -> str | None | bool:
        """The source of a reported claim (an entity id, None for an unnamed source) or False when not reported."""
        lower = c.lower
        for r in range(s - 1, -1, -1):
            w = lower[r]
            if w in ("but", ";", "while", "whereas", "although", "though"):
                break  # "..., according to Serbian media, but Vucic has also bought ...": a new claim
            if self._reporting(c, r) and (r == 0 or not c.cap[r]) and (
                    w != "according" or (r + 1 < len(lower) and lower[r + 1] == "to")):
                if w == "according":
                    m = self._next_mention(c, r + 2, limit=3)
                    return m.eid if m else None
                # the reporting verb's own subject: no comma, "and" or clause break between them
                near = [m for m in reversed(c.ms) if 0 <= r - (m.end - c.base) <= 10
                        and not any(x in (",", "and", ";", "but") for x in lower[m.end - c.base : r])]
                people = [m for m in near if m.label == "PERSON"]
                pick = people[0] if people else (near[0] if near else None)
                return pick.eid if pick else None
        tail = lower[e:]
        for r, w in enumerate(tail[:-1]):
            if w == "according" and tail[r + 1] == "to":
                m = self._next_mention(c, e + r + 2, limit=3)
                return m.eid if m else None
        for r, w in enumerate(tail[:13]):
            if not self._reporting(c, e + r) or not any(x in (",", '"', "“", "”") for x in tail[:r]):
                if w == ";":
                    break
                continue
            clause = tail[r + 1 :]
            clause = clause[: clause.index(",")] if "," in clause else clause
            if sum(1 for x in clause if x.isalpha() or x == "'s") <= 6:
                pos = e + r
                for m in c.ms:
                    j = m.start - c.base
                    # "..., Moscow said" or "..., said Moscow": the speaker is next to the verb, same clause
                    gap = lower[j:pos] if j < pos else lower[pos + 1 : j]
                    if j >= e and abs(j - pos) <= 4 and not any(w in (",", ";") or w in _BOUNDARY for w in gap):
                        return m.eid
                return None
            if w in (";",):
                break
        return False

    def _dedupe(self, hits: list[RelationHit]) -> list[RelationHit]:
        best: dict[tuple, RelationHit] = {}
        for h in hits:
            a, b = (h.head, h.tail)
            if h.relation in self.symmetric and b < a:
                a, b = b, a
            sent = h.attributes.get("sentence")
            key = (a, h.relation, b, sent[0] if sent else h.start_char, h.attributes.get("derived_from"))
            old = best.get(key)
            rank = _MOD_RANK.get(h.modality, 0)
            if old is None or (rank, h.confidence) > (_MOD_RANK.get(old.modality, 0), old.confidence):
                best[key] = h
        return list(best.values())

    def _gazetteer_places(self, doc: Doc, ents: list[Span], hits: list[RelationHit], sents: list[Span],
                          starts: list[int]) -> list[RelationHit]:
        """``located_in`` from the gazetteer for each place mentioned whose country the document also names.

        Marked ``attributes.source = "gazetteer"`` so the map can tell lookup from text evidence; a place the text
        already locates keeps only the text's relation.
        """
        infos = doc._.geokg_entities or {}
        named = {sp.kb_id_ for sp in ents if sp.kb_id_}
        located = {h.head for h in hits if h.relation == "located_in"}
        out: list[RelationHit] = []
        for sp in ents:
            eid = sp.kb_id_
            if sp.label_ != "LOC" or eid in located:
                continue
            country = (infos.get(eid) or {}).get("country")
            if not country or country not in named or country == eid:
                continue
            located.add(eid)
            sent = sents[bisect_right(starts, sp.start) - 1]
            out.append(RelationHit(head=eid, relation="located_in", tail=country, start_char=sp.start_char,
                                   end_char=sp.end_char, confidence=0.6,
                                   attributes={"source": "gazetteer", "sentence": [sent.start_char, sent.end_char]}))
        return out

    def _derived(self, hits: list[RelationHit]) -> list[RelationHit]:
        # only roles the text ties to their country: a country-level view is never built on a guess from context
        leaders = {h.head: h.tail for h in hits if h.relation == "leader_of" and h.tail.startswith("country:")
                   and h.modality in ("asserted", "reported") and not h.attributes.get("role_source")}
        out = []
        for h in hits:
            if h.relation in ("leader_of", "member_of", "spokesperson_of", "located_in"):
                continue
            head = leaders.get(h.head, h.head)
            tail = leaders.get(h.tail, h.tail)
            if (head, tail) == (h.head, h.tail) or head == tail:
                continue
            if not (head.startswith("country:") and tail.startswith("country:")):
                continue
            allowed = self.types.get(h.relation)
            if allowed and ("country" in allowed[0] or head == h.head) and ("country" in allowed[1] or tail == h.tail):
                person = h.head if head != h.head else h.tail
                out.append(RelationHit(head=head, relation=h.relation, tail=tail, start_char=h.start_char,
                                       end_char=h.end_char, modality=h.modality, attributed_to=h.attributed_to,
                                       confidence=round(h.confidence * 0.8, 3),
                                       attributes={**h.attributes, "derived_from": person}))
        return out


def _is_headline(words: list[str]) -> bool:
    """A sentence in capitals: of its alphabetic words longer than one letter, at least 3 and 80% upper case."""
    return len(words) >= 3 and sum(w.isupper() for w in words) >= 0.8 * len(words)


_MOD_RANK = {"asserted": 5, "reported": 4, "planned": 3, "hedged": 2, "negated": 1}


class _Ctx:
    """Per-sentence working state."""

    def __init__(self, doc: Doc, sent: Span, lower: list[str], lemma: list[str], base: int, ms: list[_M],
                 at: dict[int, _M]) -> None:
        self.doc, self.sent, self.lower, self.lemma, self.base, self.ms, self.at = doc, sent, lower, lemma, base, ms, at
        self.cap: list[bool] = []
        infos = doc._.geokg_entities or {}
        self.type_of = {eid: info["type"] for eid, info in infos.items()}
        for m in ms:
            self.type_of.setdefault(m.eid, LABEL_TO_TYPE.get(m.label, "person"))


MODES = ("both", "parse", "token")


@Language.factory(
    "geokg_relations",
    default_config={"ontology": None, "mode": "both", "gazetteer_places": True},
    assigns=["doc._.geokg_relations"],
    requires=["doc.ents", "token.is_sent_start", "token.lemma"],
)
def make_relations(nlp: Language, name: str, ontology: str | None, mode: str,
                   gazetteer_places: bool) -> RelationExtractor:
    """Build the relation extractor.

    Args:
        nlp: the pipeline.
        name: the component's name.
        ontology: a YAML/JSON ontology file (default: the bundled one).
        mode: ``"both"`` (parse rules on parsed sentences, token rules for what they add and on the rest),
            ``"parse"`` (parse rules wherever there is a parse) or ``"token"`` (word-order rules only).
        gazetteer_places: add ``located_in`` from the gazetteer for places whose country the text names.
    """
    return RelationExtractor(nlp, ontology=str(Path(ontology)) if ontology else None, mode=mode,
                             gazetteer_places=gazetteer_places)
