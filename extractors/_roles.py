"""Roles from titles: ``leader_of`` / ``member_of`` (with ``attributes.role``) / ``spokesperson_of``.

Mentions are the name alone, so the title is read from the words next to it:

- before the name, tied by an adjective, a possessive or a name inside the title: "French Finance Minister X",
  "Japan's central bank governor X", "Deputy U.S. Trade Representative X", "Bundesbank President X",
  "MITI vice minister X", lower-case titles included ("acting prime minister X");
- after it: "President X of Chad", "X, British minister of agriculture", "X is chairman of the Y council";
- a title that names a state office and that nothing in the sentence ties to a country takes, in this order,
  the country of the possessor ("his Prime Minister X" after "French President Y"), the person's country in
  the gazetteer, or the story's own country: the dateline's ("TOKYO, June 29 - ") when the body names that
  country too, or the only country a dateline-less story names. When another government is in play in the
  sentence and nothing ties the title, no role is given.

The word lists are data (``extractors/data/relation_lexicon.yaml``, the ``titles`` of ``schemas/ontology.yaml``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ROLE_LABELS", "RoleRules"]

ROLE_LABELS = frozenset({"leader_of", "member_of", "spokesperson_of"})
_POSS = {"'s", "’s"}
_POSS_PRON = {"his", "her", "its", "their"}
_COPULA = {"is", "was", "became", "remains", "becomes", "as"}


class RoleRules:
    """Mixin of :class:`geokg.extractors.relations.RelationExtractor`: title roles and the story's country."""

    titles: dict[tuple[str, ...], tuple[str, str]]
    lex: Any

    def _prepare_roles(self) -> None:
        r = self.lex.roles
        extra = {tuple(t.replace("-", " - ").split()): ("member_of", t) for t in r.member_heads}
        self.role_titles = {**extra, **self.titles}
        self.state_titles = {tuple(t.split()) for t in r.state_titles}
        self.title_words = {w for key in self.role_titles for w in key} | set(r.title_modifiers)
        self.head_words = {key[-1] for key in self.role_titles}
        self.dateline_re = re.compile(r.dateline_pattern)

    # ------------------------------------------------------------------------------------ story country
    def _story_country(self, doc: Doc, ents: list | None = None) -> str | None:
        """The country a story belongs to: its dateline's, when the body names it; else the only one named."""
        ents = list(doc.ents) if ents is None else ents
        countries: dict[str, int] = {}
        for sp in ents:
            if sp.label_ == "COUNTRY" and sp.kb_id_:
                countries[sp.kb_id_] = countries.get(sp.kb_id_, 0) + 1
        m = self.dateline_re.match(doc[: min(len(doc), 80)].text)  # doc.text would rebuild the whole text
        if m is None:
            return next(iter(countries)) if len(countries) == 1 else None
        place = self._place_country(m.group(1).split())
        if place is None:
            return None
        in_body = sum(1 for sp in ents if sp.kb_id_ == place and sp.start_char >= m.end(1))
        # the body must name the dateline's country: a LONDON dateline on a story about Iran is no British story
        return place if in_body and in_body * 3 >= max(countries.values(), default=0) else None

    def _place_country(self, words: list[str]) -> str | None:
        gaz = self._gazetteer()
        if gaz is None:
            return None
        for key in (tuple(words), tuple(w.title() for w in words)):
            hit = gaz.phrases.get(key)
            if hit:
                info = gaz.entities.get(hit[0], {})
                return hit[0] if info.get("type") == "country" else info.get("country")
        return None

    def _gazetteer(self) -> Any:
        if getattr(self, "_gaz", None) is None:
            nlp = self.nlp  # type: ignore[attr-defined]
            if nlp.has_pipe("geokg_actors"):
                self._gaz = nlp.get_pipe("geokg_actors").gaz
            else:
                from geokg.extractors._gazetteer import load_gazetteer

                self._gaz = load_gazetteer(nlp)
        return self._gaz

    # ------------------------------------------------------------------------------------------- roles
    def _title_roles(self, c: Any, out: list, leaders: dict[str, str], story: str | None) -> None:
        """Add roles of the people in a sentence that the adjacent-title rules did not give one."""
        have = {h.head for h in out if h.relation in ROLE_LABELS}
        bare: list[tuple[Any, tuple[str, str], str, Any]] = []
        for p in c.ms:
            if p.label != "PERSON" or p.pronoun or p.eid in have:
                continue
            found = self._title_before(c, p, leaders) or self._title_after(c, p)
            if found is None:
                continue
            (label, role), tie, start = found
            tail = tie if isinstance(tie, str) else (tie.eid if tie is not None else None)
            if tie is not None and not isinstance(tie, str):
                tie.modifier = True
            if tail is None:
                tie = self._group_tie(c, start) or self._body_tie(c, p, start)
                tail = tie.eid if tie is not None and not isinstance(tie, str) else tie
            if tail is None:
                bare.append((p, (label, role), start, None))
                continue
            self._emit_role(c, out, leaders, p, label, role, tail, start, 0.85)
        for p, (label, role), start, _ in bare:
            tail = self._untied_country(c, p, role, leaders, story)
            if tail is not None:
                self._emit_role(c, out, leaders, p, label, role, tail, start, 0.7, source="context")

    def _group_members(self, c: Any, out: list) -> None:
        """"The Kenyan officials at the summit include A, head of trade at X, and B": every person listed
        after the group's "include" serves the group's country (a role of their own, if found, stays)."""
        r = self.lex.roles
        n = len(c.lower)
        have = {h.head for h in out if h.relation in ROLE_LABELS and h.tail.startswith("country:")}
        groups = r.member_groups | r.led_groups
        verbs = self.lex.modality.reporting_verbs | self.trigger_words
        nominal = self.lex.words.determiners | self.lex.words.prepositions  # "at the talks": a noun, no verb
        for g in c.ms:
            j = g.end - c.base
            if g.label != "COUNTRY" or g.pronoun or j >= n or c.lower[j] not in r.member_groups:
                continue
            k = next((k for k in range(j + 1, min(n, j + 10)) if c.lower[k] in r.listing_words), None)
            if k is None or any(c.at.get(x) is not None for x in range(j + 1, k)):
                continue  # another actor between the group and its list: the list may be its
            if (c.lower[k] == "including" and k - j > 2) or any(
                    c.lower[x] in groups or ((c.lower[x] in verbs or c.lemma[x] in verbs)
                                             and not nominal & set(c.lower[x - 2 : x])) for x in range(j + 1, k)):
                continue  # "met a team including A", "officials said the team included A": another group's list
            for p in c.ms:
                if p.label == "PERSON" and not p.pronoun and p.start - c.base > k and p.eid not in have and (
                        self._of_after(c, p) is None):  # "B of Uganda" is tied to Uganda
                    have.add(p.eid)
                    word = c.lower[j]
                    role = word[:-1] if word.endswith("s") else f"{word} member"  # "aides": an aide
                    self._emit_role(c, out, {}, p, "member_of", role, g.eid, g.start, 0.7, source="group")

    def _own_groups(self, c: Any, out: list) -> None:
        """ "his newly-founded party, the X", "Y's party, the X": a person's own group, named beside it, is a
        group the person belongs to (the possessor: a person named there or "his"/"her" tied to one)."""
        nouns = self.lex.roles.membership_nouns
        have = {(h.head, h.tail) for h in out if h.relation in ROLE_LABELS}
        for g in c.ms:
            j = g.start - c.base
            if g.label != "ORG" or j < 3:
                continue
            k = j - 1 if c.lower[j - 1] == "the" else j
            if c.lower[k - 1] != "," or c.lower[k - 2] not in nouns:
                continue
            # back from the group noun over up to three modifiers ("newly-founded", "new", "own") to its owner
            stops = _POSS | _POSS_PRON | self.lex.roles.stop
            x = next((i for i in range(k - 3, max(k - 7, -1), -1) if c.at.get(i) is not None or c.lower[i] in stops),
                     None)
            if x is None:
                continue
            owner = c.at.get(x - 1) if c.lower[x] in _POSS and x > 0 else c.at.get(x)
            # a possessor: "Y's party", or "his"/"her" tied to a person ("X party, the Y" has none)
            if owner is None or owner.label != "PERSON" or not (
                    c.lower[x] in _POSS or (owner.pronoun and c.lower[x] in _POSS_PRON)):
                continue
            if (owner.eid, g.eid) in have:
                continue
            have.add((owner.eid, g.eid))
            self._emit_role(c, out, {}, owner, "member_of", c.lower[k - 2], g.eid, owner.start, 0.75, source="group")

    def _state_body_roles(self, c: Any, out: list) -> None:
        """A state title in a body of the state is a role in its country too: "U.S. Treasury Secretary X" is a
        member of the U.S. Treasury Department and of the United States (not for a party or a company)."""
        ents = c.doc._.geokg_entities or {}
        body_words = self.lex.roles.state_body_words
        have = {(h.head, h.tail) for h in out if h.relation in ROLE_LABELS}
        for h in list(out):
            if h.relation != "member_of" or h.attributes.get("role_source") or not h.tail.startswith("organization:"):
                continue
            words = tuple(str(h.attributes.get("role", "")).replace("-", " - ").split())
            if not any(words[-n:] in self.state_titles for n in (3, 2, 1) if n <= len(words)):
                continue
            info = ents.get(h.tail) or {}
            country = info.get("country")
            name = str(info.get("name", "")).lower().replace(".", " ").split()
            if not country or country not in ents or not any(w in body_words for w in name) or (
                    (h.head, country) in have):
                continue
            have.add((h.head, country))
            out.append(type(h)(head=h.head, relation="member_of", tail=country, start_char=h.start_char,
                               end_char=h.end_char, modality=h.modality, confidence=round(h.confidence * 0.9, 3),
                               attributes={**h.attributes, "role_source": "organisation"}))

    def _emit_role(self, c: Any, out: list, leaders: dict[str, str], p: Any, label: str, role: str, tail: str,
                   start: int, conf: float, source: str | None = None) -> None:
        attrs: dict[str, Any] = {"role": role}
        if source:
            attrs["role_source"] = source
        self._add(c, out, p.eid, label, tail, min(start, p.start), p.end, conf, attrs)  # type: ignore[attr-defined]
        if label == "leader_of" and tail.startswith("country:") and source is None:
            leaders.setdefault(p.eid, tail)

    def _classify(self, words: list[str]) -> tuple[str, str] | None:
        """(label, role) of a title phrase whose last words are a known title head, else None."""
        r = self.lex.roles
        if not words or any(w in r.not_current for w in words):
            return None
        head = None
        # the head ends the phrase, or comes before its "of": "minister of agriculture", "director-general of finance"
        ends = [len(words)] + [i for i in range(len(words) - 1, 0, -1) if words[i] == "of"]
        for end in ends:
            for n in (3, 2, 1):
                if n <= end and tuple(words[end - n : end]) in self.role_titles:
                    head = self.role_titles[tuple(words[end - n : end])]
                    break
            if head is not None:
                break
        if head is None:
            return None
        label = head[0]
        # a deputy, or the head of a department ("director-general of finance"), is a member of the body
        if label == "leader_of" and (any(w in r.deputy_words for w in words) or end < len(words)):
            label = "member_of"
        role = " ".join(words).replace(" - ", "-").replace(" .", ".")
        return label, role

    def _title_before(self, c: Any, p: Any, leaders: dict[str, str]) -> tuple[tuple[str, str], Any, int] | None:
        """A title right before the name: its (label, role), what ties it (a mention, an id or None), start."""
        stop = self.lex.roles.stop
        i = p.start - c.base - 1
        words: list[str] = []
        tie: Any = None
        start = p.start
        while i >= 0 and len(words) < 9:
            m = c.at.get(i)
            if m is not None:
                if m.pronoun and c.lower[i] in _POSS_PRON:
                    if words:
                        tie = leaders.get(m.eid)
                    break
                if m.label in ("COUNTRY", "ORG") and words and tie is None:
                    tie = m  # "French Finance Minister", "Deputy U.S. Trade Representative", "Bundesbank President"
                    start = m.start
                    i = m.start - c.base - 1
                    if i >= 0 and c.lower[i] in ("-",):
                        break
                    continue
                break
            w = c.lower[i]
            if w in _POSS and words and tie is None and c.at.get(i - 1) is not None:
                owner = c.at[i - 1]
                if owner.label in ("COUNTRY", "ORG"):
                    tie, start = owner, owner.start
                break
            if w in stop or not (w.isalpha() or w in ("-", ".", "&")):
                if w == "of" and words and i > 0 and c.lower[i - 1] in self.head_words:
                    words.insert(0, w)  # "Secretary of State", "director-general of finance"
                    i -= 1
                    continue
                if w == "the" and words and i > 1 and c.lower[i - 1] == "of" and c.lower[i - 2] in self.head_words:
                    words[:0] = ["of", "the"]  # "Chancellor of the Exchequer"
                    i -= 2
                    continue
                if w == "and" and words and i > 0 and c.cap[i - 1] and (c.cap[i + 1] or (
                        c.lower[i + 1] in self.title_words and c.at.get(i - 1) is None)):
                    words.insert(0, w)  # "Trade and Industry Secretary"
                    i -= 1
                    continue
                break
            if not (c.cap[i] or w in self.title_words):
                break
            if i == 0 and w not in self.title_words and tie is None:
                break  # a sentence-initial word ("Yesterday") is no part of a title
            words.insert(0, w)
            start = min(start, c.base + i)
            i -= 1
        while words and words[0] in ("and", "-", ".", "of"):
            words.pop(0)
        found = self._classify(words)
        if found is None:
            return None
        if tie is None:
            tie = self._of_after(c, p)
        return found, tie, start

    def _group_tie(self, c: Any, start: int) -> Any:
        """"the Dutch delegation headed by Finance Minister X": the country or organisation of the group led."""
        r = self.lex.roles
        i = start - c.base
        if i < 3 or c.lower[i - 1] != "by" or c.lower[i - 2] not in r.leading_verbs or (
                c.lower[i - 3] not in r.led_groups):
            return None
        m = c.at.get(i - 4)
        return m if m is not None and m.label in ("COUNTRY", "ORG") and not m.pronoun else None

    def _body_tie(self, c: Any, p: Any, start: int) -> str | None:
        """"Treasury Secretary X" in a story that names the "U.S. Treasury": the one organisation of the document
        whose name ends with the capitalised words of the title before its head ("Treasury")."""
        words = [w for w in c.doc[start : p.start] if w.text[:1].isupper() and w.is_alpha]
        if len(words) < 2:
            return None
        body = tuple(w.lower_ for w in words[:-1])  # the last capitalised word is the title's head
        if not body or body[-1] not in self.lex.roles.state_body_words:
            return None
        found = set()
        for sp in c.doc.ents:  # the names the document writes ("U.S. Treasury"), not only the canonical one
            name = tuple(t.lower_ for t in sp if not t.is_punct)
            if sp.label_ == "ORG" and sp.kb_id_ and len(name) > len(body) and name[-len(body):] == body:
                found.add(sp.kb_id_)
        return found.pop() if len(found) == 1 else None

    def _of_after(self, c: Any, p: Any) -> Any:
        """"President X of Chad": the country or organisation after the name."""
        j = p.end - c.base
        if j < len(c.lower) and c.lower[j] == "of":
            k = j + 1 + (1 if j + 1 < len(c.lower) and c.lower[j + 1] == "the" else 0)
            m = c.at.get(k)
            if m is None and k + 1 < len(c.lower) and c.cap[k]:
                m = c.at.get(k + 1)  # "of West Germany" with the mention on "Germany"
                k += 1
            if m is not None and m.start - c.base == k and m.label in ("COUNTRY", "ORG"):
                return m
        return None

    def _title_after(self, c: Any, p: Any) -> tuple[tuple[str, str], Any, int] | None:
        """"X, British minister of agriculture", "X, the Belgian finance minister", "X is chairman of the Y"."""
        n = len(c.lower)
        j = p.end - c.base
        if j >= n or c.lower[j] not in {","} | _COPULA:
            return None
        k = j + 1
        if c.lower[j] == "," and k + 1 < n and c.lower[k] in ("who", "which") and c.lower[k + 1] in _COPULA:
            k += 2  # "X, who is a member of the Y"
        while k < n and c.lower[k] in ("the", "a", "an"):
            k += 1
        tie = None
        m = c.at.get(k)
        if m is not None and m.start - c.base == k and m.label in ("COUNTRY", "ORG"):
            tie = m
            k = m.end - c.base
        words: list[str] = []
        while k < n and len(words) < 6 and (c.lower[k] in self.title_words or c.lower[k] == "-") and (
                c.at.get(k) is None):
            words.append(c.lower[k])
            k += 1
        while words and words[-1] in ("-", "of"):
            words.pop()
            k -= 1
        found = self._classify(words)
        if found is None:
            return None
        if tie is None:
            # "X is chairman of the Y council", "X, director-general of trade policy of the Y ministry":
            # the organisation after "of", past a few words naming the department
            for step in range(2):
                if k < n and c.lower[k] == "of":
                    k2 = k + 1 + (1 if k + 1 < n and c.lower[k + 1] == "the" else 0)
                    m = c.at.get(k2)
                    if m is not None and m.label in ("COUNTRY", "ORG"):
                        unit, owner = self._unit_owner(c, m)
                        if unit:
                            # "X, head of Y's operations in Z", "X, director of the Z office of Y": a member of Y
                            return (("member_of", found[1]), owner, p.start) if owner is not None else None
                        tie = m
                        if step and found[0] == "leader_of":
                            found = ("member_of", found[1])  # heads a department of the organisation
                        break
                    k3 = k2
                    while k3 < n and k3 - k2 < 5 and c.lower[k3].isalpha() and c.at.get(k3) is None and (
                            c.lower[k3] not in ("of", "and", "or", "who", "said")):
                        k3 += 1
                    if k3 == k2:
                        break
                    k = k3
            if tie is None:
                return None  # "X, a senior official," with nothing after: no guess from an apposition
        return found, tie, p.start

    def _unit_owner(self, c: Any, m: Any) -> tuple[bool, Any]:
        """Whether mention ``m`` (after a title's "of") names a unit of an organisation, and the organisation.

        "head of X's operations in Z", "director of the X office": the unit is X's, so (True, X); "director of the
        Z office of X", "chief of its Z bureau": a place before the unit says where it is, so the owner is the
        organisation after "of" or the possessive pronoun before the place, else None. (False, None) otherwise.
        """
        units = self.lex.roles.subunit_nouns
        n = len(c.lower)
        j = m.end - c.base
        if j < n and c.lower[j] in _POSS:
            j += 1
        if j < n and c.lower[j] not in units and j + 1 < n and c.lower[j + 1] in units and c.at.get(j) is None and (
                c.lower[j].isalpha()):
            j += 1  # "the Z regional office"
        if j >= n or c.lower[j] not in units:
            return False, None
        if m.label == "ORG":
            return True, m
        before = m.start - c.base - 1
        p = c.at.get(before) if before >= 0 else None
        if p is not None and p.pronoun and c.lower[before] in _POSS_PRON and p.label == "ORG":
            return True, p
        k = j + 1
        while k < n and k - j <= 5 and c.lower[k] != "of" and c.lower[k] not in (",", ";", "and", "who", "said"):
            k += 1
        if k < n and c.lower[k] == "of":
            k += 1 + (1 if k + 1 < n and c.lower[k + 1] == "the" else 0)
            o = c.at.get(k)
            if o is not None and o.label == "ORG":
                return True, o
        return True, None

    def _untied_country(self, c: Any, p: Any, role: str, leaders: dict[str, str], story: str | None) -> str | None:
        """The country of a state title that nothing in the sentence ties: gazetteer, then the story's."""
        words = tuple(role.replace("-", " - ").split())
        if not any(words[-n:] in self.state_titles for n in (3, 2, 1) if n <= len(words)):
            return None
        info = (c.doc._.geokg_entities or {}).get(p.eid) or {}
        if info.get("country"):
            return info["country"]
        if story is None:
            return None
        # another government in play in the sentence, not tied to someone else: no guess
        # (a country only inside what the person says is no government the title could belong to:
        # "Defence Minister X, after meeting Y, said the U.S. was confident")
        said = next((k for k in range(p.end - c.base, len(c.lemma))
                     if c.lemma[k] in self.lex.modality.reporting_verbs), len(c.lemma))
        others = {m.eid for m in c.ms if m.label == "COUNTRY" and not m.modifier and not m.pronoun
                  and m.start - c.base < said}
        if others - {story}:
            return None
        if any(m.eid == story and p.end <= m.start and m.start - c.base < said for m in c.ms):
            # "Treasury Secretary X met Italian officials": the person acts towards the story's country in their
            # own clause (what they say about it, after "said", does not count): no guess
            return None
        return story

