"""Relation rules on the dependency parse (UD labels), generated from the ontology's trigger data.

Each trigger entry of ``schemas/ontology.yaml`` becomes argument frames, so a new trigger or construction is a
data change:

- a **verb** frame (``verbs``): head = subject (``nsubj``; through ``xcomp`` control, shared subjects of ``conj``
  verbs, relative clauses and ``acl`` participles), tail = direct object when ``preps`` holds ``""``, or an
  oblique whose preposition is in ``preps``; with ``passive: [yes]``, head = the ``by`` agent and tail = the
  passive subject; ``requires`` words must occur in the verb's phrase unless the verb is a ``strong_verb``;
- a **noun** frame (``nouns``): tail = the noun's ``nmod`` with a preposition in ``noun_preps``; head = its
  possessor or actor modifier ("Russia's attack on", "Israeli strikes on"), the subject of a ``light_verbs``
  verb that takes the noun as object ("launched strikes on"), the subject of a copula ("X is the largest buyer
  of Y"), an apposition's anchor, or the subject of the clause a "during/after ... visit to" phrase is in;
  "N between X and Y" pairs the conjuncts of a symmetric label.

Arguments are mentions; a noun that stands for an actor ("Japanese officials", "the Syrian government") takes
its modifier's actor, an apposition its appositive's, and coordination spreads every argument over its
conjuncts. A trigger inside a name, a title or a compound modifier ("Trade Minister", "attack helicopters") is no
predicate, and a nominal event that a verb only describes ("the treaty covers attacks on ...") is no event.

Modality comes from what governs the trigger (see :meth:`DepRules.modality`), with ``attributed_to`` from the
governing reporting verb's subject or an "according to X" oblique.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Span, Token

__all__ = ["DepHit", "DepRules"]

_SUBJ = ("nsubj", "csubj")
_CLIMB = ("xcomp", "ccomp", "conj", "advcl", "acl", "acl:relcl", "parataxis", "obj", "obl", "nmod", "csubj")
_REL_PRON = {"who", "which", "that", "whom"}
_QUOTE = {"quote", "cite"}
_ADDRESS = {"tell", "inform", "brief", "assure", "remind"}  # their object is the audience: ", X told Congress"
_LOCATIVE = {"in", "at", "inside", "near", "across", "within"}
_ADVERBIAL = {"during", "after", "before", "on", "since", "for", "prior", "following", "ahead"}
_NAME_DEPS = ("flat", "nmod:desc", "compound", "appos", "amod", "flat:name")


@dataclass(frozen=True)
class _VFrame:
    label: str
    direct: bool
    preps: frozenset[str]
    passive: bool
    requires: frozenset[str]
    strong: frozenset[str]


@dataclass(frozen=True)
class _NFrame:
    label: str
    preps: frozenset[str]
    light: frozenset[str]
    requires: frozenset[str]


@dataclass
class DepHit:
    """One relation read from the parse: mention ids and the tokens that carry it."""

    head: Any
    label: str
    tail: Any
    trigger: int  # token index of the trigger (verb or noun)
    governor: int  # token whose governors decide the modality (the verb, or the noun's light verb)
    span: tuple[int, int]  # token range of the clause that supports it
    conf: float


class DepRules:
    """Compile the frames once; :meth:`sentence` applies them to one parsed sentence."""

    def __init__(self, ontology: Any, lexicon: Any) -> None:
        self.vframes: dict[str, list[_VFrame]] = {}
        self.nframes: dict[str, list[_NFrame]] = {}
        self.symmetric = {e.label for e in ontology.relations if e.symmetric}
        for e in ontology.relations:
            t = {k: [str(x).lower() for x in v] for k, v in e.triggers.items()}
            req = frozenset(t.get("requires", []))
            preps = t.get("preps", [""])
            vf = _VFrame(e.label, "" in preps, frozenset(p for p in preps if p), "yes" in t.get("passive", []),
                         req, frozenset(t.get("strong_verbs", [])))
            for v in t.get("verbs", []):
                self.vframes.setdefault(v, []).append(vf)
            strong_nouns = set(t.get("strong_nouns", []))
            nf = _NFrame(e.label, frozenset(t.get("noun_preps", [])), frozenset(t.get("light_verbs", [])), req)
            free = _NFrame(e.label, nf.preps, nf.light, frozenset())
            for n in t.get("nouns", []):
                if " " not in n:
                    self.nframes.setdefault(n, []).append(free if n in strong_nouns else nf)
        m = lexicon.modality
        self.m = m
        self.units = lexicon.roles.subunit_nouns
        # besides the symmetric labels, events whose subject is the clause's when they stand in an adverbial
        self.adverbial_labels = {"visited"}
        self.actor_nouns = m.actor_nouns
        self.place_nouns = {p for e in ontology.relations for p in e.triggers.get("place_nouns", []) if " " not in p}
        self.event_nouns = set(self.nframes)
        self.carriers = m.carrier_nouns
        self.quantity = m.quantity_nouns
        self.agentive = m.agentive_nouns
        # titles: "the minister" stands for a person when one is named in the phrase, else for their country
        self.person_nouns = {"minister", "president", "leader", "chief", "envoy", "ambassador", "officer",
                             "spokesman", "spokeswoman", "secretary", "director", "chairman", "premier"}

    # ------------------------------------------------------------------------------------------ main
    def sentence(self, sent: Span, mention_at: Callable[[int], Any]) -> tuple[list[DepHit], set[int]]:
        """Frame matches in one parsed sentence and the trigger tokens the parse decided (with a hit or as a
        non-event); ``mention_at(i)`` gives the mention at token ``i`` or None."""
        out: list[DepHit] = []
        self._decided: set[int] = set()
        for tok in sent:
            lemma = tok.lemma_.lower()
            if mention_at(tok.i) is not None:
                continue  # a trigger word inside a name: "Ministry of Trade", "Trade Union Congress"
            if tok.dep_ in ("compound", "amod", "flat") and tok.head.i != tok.i and tok.tag_[:2] != "VB":
                gerund = tok.lower_.endswith("ing") and lemma in self.vframes and tok.i > 0 and (
                    tok.doc[tok.i - 1].lower_ in ("of", "for"))  # "accused X of shipping shells", tagged a noun
                if (tok.lower_ in self.nframes or lemma in self.nframes or lemma in self.vframes) and not gerund:
                    self._decided.add(tok.i)  # read, and no predicate: the token rules must not take it either
                continue  # a modifier: "Trade Minister", "attack helicopters"
            if tok.tag_.startswith("VB") or tok.pos_ in ("VERB", "AUX"):
                frames = self.vframes.get(lemma) or self.vframes.get(tok.lower_)
                if frames and tok.dep_ not in ("compound", "amod"):
                    for f in frames:
                        self._verb(tok, f, mention_at, out)
            elif tok.tag_.startswith("NN"):
                frames = self.nframes.get(tok.lower_) or self.nframes.get(lemma)
                if lemma in self.carriers:
                    # "an aid package to X", "a bombing campaign against X": the trigger is the compound
                    frames = next((self.nframes.get(c.lemma_.lower()) or self.nframes.get(c.lower_)
                                   for c in tok.children if c.dep_ == "compound"
                                   and (c.lemma_.lower() in self.nframes or c.lower_ in self.nframes)), frames)
                if frames:
                    for f in frames:
                        self._noun(tok, f, mention_at, out)
        out = [h for h in out if h.head.eid != h.tail.eid]
        return out, self._decided | {h.trigger for h in out}

    def _agents(self, v: Token) -> list[Token]:
        """The passive agents of ``v``: its "by" phrases, however the parser labelled them ("headed by Omar
        Sayed" with the name as an ``xcomp`` and "by" on its first word)."""
        return [c for c in v.children if c.i > v.i and (
            c.dep_ == "obl:agent" or (c.dep_ == "obl" and self._case(c) == "by") or (
                c.dep_ in ("xcomp", "obj", "nmod", "obl") and c.left_edge.lower_ == "by"
                and c.left_edge.head.i != v.i and c.left_edge.head in c.subtree))]

    @staticmethod
    def _hyphen_pair(n: Token, at: Callable[[int], Any]) -> list[Any]:
        """The two actors of a hyphenated pair among a noun's left modifiers, however the parser attached them:
        "a Franco-Spanish meeting", "the Canada-Japan Steel Trade Agreement"."""
        doc = n.doc
        for k in range(n.left_edge.i + 1, n.i - 1):
            if doc[k].text in ("-", "–") and doc[k].head.i != n.i:
                a, b = at(k - 1), at(k + 1)
                if a is not None and b is not None and a is not b:
                    return [a, b]
        return []

    # ------------------------------------------------------------------------------------------ verbs
    def _verb(self, v: Token, f: _VFrame, at: Callable[[int], Any], out: list[DepHit]) -> None:
        passive = any(c.dep_ in ("nsubj:pass", "aux:pass") for c in v.children) or (
            v.dep_ == "acl" and v.tag_ == "VBN")
        if passive:
            if not f.passive:
                return
            heads = [m for c in self._agents(v) for m in self._actors(c, at)]
            units = [c for c in [*v.children, *([v.head] if v.dep_ == "acl" else [])] if (
                c.dep_ == "nsubj:pass" or c.i == v.head.i) and f.label == "leader_of" and (
                c.lemma_.lower() in self.units or c.lower_ in self.units)]
            if units:
                # "the Chilean delegation was headed by X": X is a member of Chile, not its leader
                for h in heads:
                    for t in self._unit_owners(units[0], at):
                        out.append(DepHit(h, "member_of", t, v.i, v.i, self._span(v), 0.7))
                self._decided.add(v.i)
                return
            tails = [m for c in v.children if c.dep_ == "nsubj:pass" for m in self._actors(c, at)]
            if not tails and v.dep_ == "acl":
                tails = self._actors(v.head, at)  # "the RSF, led by X": the noun the participle qualifies
        else:
            heads = self.subjects(v, at)
            tails = []
            has_obj = any(c.dep_ == "obj" for c in v.children)
            for c in v.children:
                if has_obj and c.dep_ == "obl" and self._case(c) in _LOCATIVE:
                    continue  # "attacked Hezbollah positions in Lebanon": a place, not the target
                if c.dep_ in ("obj", "iobj") and f.direct and f.label == "leader_of" and (
                        c.lemma_.lower() in self.units or c.lower_ in self.units):
                    # "led X's operations in Z", "heads the Z office of X": a member of X, not its leader
                    subs = self.subjects(v, at)
                    for h in subs:
                        for t in self._unit_owners(c, at):
                            out.append(DepHit(h, "member_of", t, v.i, v.i, self._span(v), 0.7))
                    if subs:
                        self._decided.add(v.i)
                    continue
                led = c.left_edge.lower_ if c.dep_ in ("obj", "iobj") and c.left_edge.dep_ == "case" and (
                    c.left_edge.tag_ == "IN") else None  # "meets in Addis Ababa" parsed with the city as object
                if c.dep_ in ("obj", "iobj") and f.direct and led is None:
                    if f.label == "leader_of" and any(
                            g.dep_ in ("obj", "iobj") and g.i > c.i and (g.lemma_.lower() in self.units or g.lower_ in
                                                                           self.units) for g in v.children):
                        continue  # "led Care International operations" parsed with two objects: the unit is led
                    tails.extend(self._actors(c, at))
                elif (c.dep_ in ("obl", "nmod", "obl:npmod") and self._case(c) in f.preps) or (
                        led is not None and led in f.preps):
                    tails.extend(self._actors(c, at))
                if c.dep_ == "obj" and f.preps:
                    # the attachment of "from Russia" in "buy tanks from Russia" is ambiguous: either reading
                    tails.extend(m for g in c.children if g.dep_ == "nmod" and self._case(g) in f.preps
                                 and self._case(g) not in _LOCATIVE for m in self._actors(g, at) if m not in tails)
        if not heads or not tails:
            if not tails and len(heads) >= 2 and f.label in self.symmetric and self._required(v, f, heads):
                out.append(DepHit(heads[0], f.label, heads[1], v.i, v.i, self._span(v), 0.7))
            return
        if not self._required(v, f, heads):
            return
        for h in heads:
            for t in tails:
                out.append(DepHit(h, f.label, t, v.i, v.i, self._span(v), 0.8))

    def _required(self, v: Token, f: _VFrame, heads: list[Any]) -> bool:
        if not f.requires or v.lemma_.lower() in f.strong or v.lower_ in f.strong:
            return True
        skip = {c.i for c in v.children if c.dep_ in _SUBJ for c in c.subtree}
        return any((t.lower_ in f.requires or t.lemma_.lower() in f.requires) for t in v.subtree if t.i not in skip)

    @staticmethod
    def _fronted_participle(p: Token, v: Token) -> bool:
        """Whether ``p`` is a participle opening the sentence, closed by a comma before the finite verb ``v``'s
        subject: "Speaking at a dinner after talks with X, Y said"."""
        return (p.tag_ == "VBG" and p.i == p.sent.start and v.tag_ in ("VBD", "VBZ", "VBP") and p.i < v.i
                and any(t.text == "," for t in p.doc[p.i : v.i]))

    @staticmethod
    def _clause_verb(t: Token) -> Token:
        """The verb an adverbial phrase belongs to, through at most two nouns it was attached to ("Speaking at a
        luncheon after a meeting with X, ..." with "after a meeting" on the luncheon); ``t`` when none."""
        v = t
        for _ in range(2):
            if v.tag_[:2] != "NN" or v.dep_ not in ("obl", "nmod") or v.head.i == v.i:
                break
            v = v.head
        return v if v.tag_[:2] == "VB" else t

    def _controlled_infinitive(self, v: Token) -> bool:
        """Whether ``v`` is a "to" infinitive parsed as an adverbial clause of an object-control verb ("urged
        the government to impose ..."): the parser's purpose clause stands for the verb's complement."""
        return v.dep_ == "advcl" and v.head.lemma_.lower() in self.m.object_control_verbs and any(
            c.dep_ == "mark" and c.lower_ == "to" for c in v.children)

    def subjects(self, v: Token, at: Callable[[int], Any]) -> list[Any]:
        """The actors that are the subject of verb ``v`` (through control, conjunction and relative clauses)."""
        for _ in range(4):
            subj = [c for c in v.children if c.dep_ in _SUBJ]
            if not subj and v.i > 0 and v.dep_ in ("conj", "parataxis", "ROOT", "ccomp") and (
                    v.tag_ in ("VBD", "VBZ", "VBP")) and not any(
                    c.dep_ in ("case", "mark") for c in v.doc[v.i - 1].children):  # not "before Tokyo extended"
                # "..., and Secretary of State X thanked Kenya" with the name parsed into the clause before:
                # a finite verb right after a name has it as subject
                named = at(v.i - 1)
                if named is not None:
                    return [named]
            if subj and subj[0].dep_ == "csubj" and self._fronted_participle(subj[0], v):
                # "Speaking after a meeting with X, Y delivered ...", the participle parsed as the subject and Y
                # into the name before it: the name right before the finite verb is its subject
                named = at(v.i - 1)
                return [named] if named is not None else []
            if subj and subj[0].dep_ == "csubj" and subj[0].tag_ == "VBG" and any(
                    c.dep_ in ("det", "nmod:poss") for c in subj[0].children):
                # "Chile's acting minister X met ...", the title's participle parsed as a clausal subject (a
                # clause takes no determiner or possessor): the name right before the verb is the subject
                named = at(v.i - 1)
                if named is not None:
                    return [named]
            if v.dep_ == "csubj" and self._fronted_participle(v, v.head):
                named = at(v.head.i - 1)  # the participle's subject is the main clause's
                return [named] if named is not None else []
            if subj:
                s = subj[0]
                if s.lower_ in _REL_PRON and v.dep_ == "acl:relcl":
                    return self._actors(v.head, at)
                return self._actors(s, at)
            if v.dep_ == "xcomp":
                # object control: "urged Japan to open", else subject control: "agreed to supply"
                obj = [c for c in v.head.children if c.dep_ in ("obj", "iobj")]
                if obj:
                    return self._actors(obj[0], at)
                v = v.head
                continue
            if self._controlled_infinitive(v):
                # "urged the government to impose ...", the infinitive parsed as a purpose clause: object control
                obj = [c for c in v.head.children if c.dep_ in ("obj", "iobj") and c.i < v.i]
                if obj:
                    return self._actors(obj[0], at)
            if v.dep_ == "conj" and v.head.tag_[:2] == "VB":
                v = v.head
                continue
            if v.dep_ in ("acl:relcl", "acl") and v.tag_ != "VBN":
                return self._actors(v.head, at)
            if v.dep_ == "ROOT" and v.tag_ == "VBG":
                # "Speaking after a meeting with X, Y said ...", parsed with the fronted participle as the root
                # and the main clause beside it: the participle's subject is the main clause's
                main = next((c for c in v.children if c.dep_ == "parataxis" and c.i > v.i and c.tag_[:2] == "VB"
                             and any(g.dep_ in _SUBJ for g in c.children)), None)
                if main is None:
                    return []
                v = main
                continue
            if v.dep_ in ("advcl", "acl") and v.tag_ == "VBG":
                # "accused France of arming X": the accused does it; "..., saying ...": the clause's subject does
                # "X quoted Y as saying ...": Y says it
                named = at(v.head.i)
                if self._case(v) == "as" and named is not None and v.head.tag_[:2] == "VB" and any(
                        g.lemma_.lower() in _QUOTE for g in v.head.head.subtree if g.i < v.head.i):
                    return [named]  # "quoted Sergei Lavrov as saying" with the first name read as a verb
                if self._case(v) in ("of", "for") or (self._case(v) == "as" and v.head.lemma_.lower() in _QUOTE):
                    obj = [c for c in v.head.children if c.dep_ in ("obj", "iobj")]
                    if obj:
                        return self._actors(obj[0], at)
                v = v.head
                continue
            return []
        return []

    # ------------------------------------------------------------------------------------------ nouns
    def _noun(self, n: Token, f: _NFrame, at: Callable[[int], Any], out: list[DepHit]) -> None:
        anchor = n
        if n.dep_ == "nmod" and n.head.lemma_.lower() in self.quantity and self._case(n) == "of":
            anchor = n.head  # "during the first round of talks with X": the round stands where the talks would
        gov = anchor.head
        if gov.i != n.i and gov.lemma_.lower() in self.m.nonevent_governors and n.dep_ in ("obj", "nsubj"):
            self._decided.add(n.i)
            return  # "the treaty covers attacks on ...": an event described, not one that happened
        if gov.i != anchor.i and gov.lemma_.lower() in self.m.judging_governors and anchor.dep_ in (
                "obj", "nsubj:pass"):
            self._judged(n, gov, f, at, out)
            return
        tails: list[Any] = []
        between: list[Any] = []
        heads: list[Any] = []
        for c in n.children:
            case = self._case(c)
            if c.dep_ in ("nmod", "obl") and case in f.preps:
                if case == "between":
                    between.extend(self._actors(c, at))
                else:
                    tails.extend(self._actors(c, at))
            elif c.dep_ in ("nmod:poss", "amod", "compound", "nmod") and (c.dep_ != "nmod" or case in ("of", "by")):
                m = at(c.i)
                if m is not None and (c.dep_ != "nmod" or not tails or m not in tails):
                    heads.append(m)
                    # "Lithuania and Estonia imposed sanctions" parsed with the pair as the noun's modifier
                    heads.extend(x for g in c.children if g.dep_ == "conj" and (x := at(g.i)) is not None
                                 and x not in heads)
        if f.label in self.symmetric and not tails:
            heads.extend(m for m in self._hyphen_pair(n, at) if m not in heads)
        if anchor is not n and not tails:
            # "the first round of talks with X" parsed with "with X" on the round
            tails = [m for c in anchor.children if c.dep_ == "nmod" and c.i > n.i and self._case(c) in f.preps
                     and self._case(c) != "between" for m in self._actors(c, at)][:1]
        governor = n.i
        conf = 0.7
        rel = next((c for c in n.children if c.dep_ == "acl:relcl" and c.lemma_.lower() in f.light), None)
        if rel is not None and not tails:
            # "the NATO summit, which Turkey attended": the relative clause's subject takes part in it
            subs = [c for c in rel.children if c.dep_ in _SUBJ and c.lower_ not in _REL_PRON]
            if subs:
                tails, heads = heads, self._actors(subs[0], at)
                governor = rel.i
        distinct = [m for k, m in enumerate(heads) if m not in heads[:k]]
        if not tails and len(distinct) >= 2 and f.label in self.symmetric:
            # "the U.S.-Japan agreement", "a Franco-German meeting": two actors modify the event
            heads, tails = distinct[:1], distinct[1:2]
        elif (not tails and len(distinct) == 1 and f.label in self.symmetric and gov.i != anchor.i
              and gov.tag_[:2] == "VB" and anchor.dep_ == "obj" and gov.lemma_.lower() in f.light):
            # "Spain attended the G-7 meeting": who attends meets the forum that holds it
            subs = [m for m in self.subjects(gov, at) if m not in distinct]
            if subs:
                heads, tails, governor = subs, distinct, gov.i
        if not heads:
            if gov.i != anchor.i and gov.tag_[:2] == "VB" and anchor.dep_ in ("obj", "nsubj:pass", "obl") and (
                    gov.lemma_.lower() in f.light):
                if anchor.dep_ == "nsubj:pass":  # "sanctions were imposed by X"
                    heads = [m for c in self._agents(gov) for m in self._actors(c, at)]
                else:
                    heads = self.subjects(gov, at)
                governor = gov.i
                if not tails:
                    for c in gov.children:
                        if c.i == n.i:
                            continue
                        if c.dep_ == "iobj" or (c.dep_ == "obl" and self._case(c) in f.preps):
                            tails.extend(self._actors(c, at))
            elif any(c.dep_ == "cop" for c in n.children):
                heads = [m for c in n.children if c.dep_ in _SUBJ for m in self._actors(c, at)]
            elif anchor.dep_ == "appos" and tails:
                heads = self._actors(anchor.head, at)
            elif (anchor.dep_ in ("obl", "nmod") or (
                    anchor.dep_ == "advcl" and anchor.tag_[:2] == "NN" and anchor.i < gov.i)) and (
                    self._case(anchor) in _ADVERBIAL and (clause := self._clause_verb(gov)).tag_[:2] == "VB") and (
                    tails and (f.label in self.symmetric or f.label in self.adverbial_labels)):
                # "After a meeting with X, Y said ...", "Y raised it during the first round of talks with X":
                # who meets or visits is the clause's subject (not for attacks: "after the strike on X, Y said");
                # a fronted noun parsed as an adverbial clause ("advcl") is such a phrase too
                heads = self.subjects(clause, at)
                governor = clause.i
                conf = 0.6
            elif anchor.dep_ == "ROOT" and self._case(anchor) in _ADVERBIAL and tails and (
                    f.label in self.symmetric or f.label in self.adverbial_labels):
                # "After talks with X, Y said ..." parsed with the fronted phrase as the root
                main = next((c for c in anchor.children if c.dep_ == "parataxis" and c.i > n.i
                             and c.tag_[:2] == "VB"), None)
                if main is not None:
                    heads = self.subjects(main, at)
                    governor = main.i
                    conf = 0.6
        elif not tails and any(c.dep_ == "cop" for c in n.children):
            # "Brazil is the EU's largest trading partner": the subject is the possessor's partner
            subj = [m for c in n.children if c.dep_ in _SUBJ for m in self._actors(c, at)]
            if subj:
                heads, tails = subj, heads
            elif any(c.dep_ == "acl:relcl" and c.lemma_.lower() in f.light for c in n.children):
                # "the G7 summit, which Italy plans to attend": the relative clause's subject takes part
                rel = next(c for c in n.children if c.dep_ == "acl:relcl" and c.lemma_.lower() in f.light)
                subs = [c for c in rel.children if c.dep_ in _SUBJ and c.lower_ not in _REL_PRON]
                heads = self._actors(subs[0], at) if subs else []
                governor = rel.i
                if not tails:
                    tails = [at(c.i) for c in n.children if c.dep_ in ("compound", "amod") and at(c.i) is not None]
            elif anchor.dep_ == "appos":
                heads = self._actors(anchor.head, at)
            elif anchor.dep_ in ("obl", "nmod") and self._case(anchor) in _ADVERBIAL and gov.tag_[:2] == "VB":
                heads = self.subjects(gov, at)
                governor = gov.i
                conf = 0.6
        if between and len(between) >= 2 and f.label in self.symmetric:
            out.append(DepHit(between[0], f.label, between[1], n.i, governor, self._span(n), 0.7))
        if f.requires and not any(t.lower_ in f.requires for t in n.subtree):
            return
        for h in heads:
            for t in tails:
                out.append(DepHit(h, f.label, t, n.i, governor, self._span(n), conf))

    @staticmethod
    def _unit_owners(unit: Token, at: Callable[[int], Any]) -> list[Any]:
        """The organisations a unit noun belongs to ("X's operations", "the X office", "the office of X"); a
        place modifying it ("the Z bureau") only says where the unit is."""
        out: list[Any] = []
        for c in unit.children:
            if c.dep_ in ("nmod:poss", "compound", "amod") or (c.dep_ == "nmod" and DepRules._case(c) == "of"):
                m = at(c.i)
                if m is None and c.dep_ != "amod":
                    m = next((at(x.i) for x in c.children if x.dep_ in _NAME_DEPS and at(x.i) is not None), None)
                # an organisation's unit; a country's only when the country owns it ("the Chilean delegation",
                # "Chile's delegation"), not when it names the place ("the Chile office of X")
                if m is not None and m not in out and (m.label == "ORG" or (
                        m.label == "COUNTRY" and c.dep_ in ("amod", "nmod:poss"))):
                    out.append(m)
        return out

    def _judged(self, n: Token, gov: Token, f: _NFrame, at: Callable[[int], Any], out: list[DepHit]) -> None:
        """A nominal event a verb judges ("approved state aid to X", "blocked the sale of X"): the verb's subject
        is no argument; the agent can only be the noun's own modifier ("cleared French aid to X", "approved a
        British government aid package to X"), the tail the noun's or the verb's prepositional phrase."""
        self._decided.add(n.i)
        if f.requires and not any(t.lower_ in f.requires for t in n.subtree):
            return
        owners = [n] + [c for c in n.children if c.dep_ == "compound" and (
            c.lemma_.lower() in self.nframes or c.lower_ in self.nframes)]
        heads: list[Any] = []
        tails: list[Any] = []
        for o in owners:
            for c in o.children:
                if c.dep_ in ("nmod:poss", "amod", "compound"):
                    m = at(c.i)
                    if m is None and c.lemma_.lower() in self.actor_nouns:
                        m = self._best(c, at)  # "British government aid": the government's country
                    if m is not None and m not in heads:
                        heads.append(m)
                elif c.dep_ in ("nmod", "obl") and self._case(c) in f.preps:
                    tails.extend(self._actors(c, at))
        if not tails:
            # (the verb's "to X", also when a misparse makes it a clause: "cleared German aid to X Co.")
            tails = [m for c in gov.children if c.i > n.i and c.dep_ in ("obl", "iobj", "advcl") and (
                c.dep_ == "iobj" or self._case(c) in f.preps) for m in self._actors(c, at)]
        for h in heads:
            for t in tails:
                if h is not t:
                    out.append(DepHit(h, f.label, t, n.i, n.i, self._span(n), 0.65))

    # ------------------------------------------------------------------------------------- arguments
    def _actors(self, tok: Token, at: Callable[[int], Any]) -> list[Any]:
        """The mentions an argument token stands for, with its conjuncts."""
        out: list[Any] = []
        for t in self._conjuncts(tok):
            m = self._best(t, at)
            if m is not None and m not in out:
                out.append(m)
        return out

    def _best(self, t: Token, at: Callable[[int], Any]) -> Any:
        """The actor of one noun phrase head: a person named in it before a country that only qualifies them.

        Parses of titled names vary ("U.S. President Joe Biden" may hang on "U.S.", on "President" or on
        "Biden"), so the name cluster (the head and its flat, compound, appositive, descriptive and adjectival
        dependents) is read as a whole. A common noun that stands for an actor takes its modifier's actor
        ("Japanese officials", "the government of Japan"); an event noun its agent ("condemned Russia's
        attack"); a place noun the place it names ("the village of Dara").
        """
        lemma = t.lemma_.lower()
        cluster = [t]
        frontier = [t]
        for _ in range(3):
            nxt = [c for x in frontier for c in x.children if c.dep_ in _NAME_DEPS]
            cluster.extend(nxt)
            frontier = nxt
        # "Kuwaiti-owned vessels" parsed with the name on the participle: as if it modified the noun (not for
        # "Eritrean-backed militias", which are not Eritrea)
        cluster.extend(t.doc[c.i - 2] for c in t.children if c.dep_ == "amod" and c.lower_ in self.m.owner_participles
                       and c.i >= 2 and t.doc[c.i - 1].text == "-" and t.doc[c.i - 2].head.i == c.i)
        found = [m for m in (at(x.i) for x in cluster) if m is not None]
        own = at(t.i)
        if own is None and lemma in self.person_nouns and t.i + 1 < len(t.doc):
            # "U.S. special envoy Richard Grenell" with the name parsed elsewhere: the name right after the title
            nxt = at(t.i + 1)
            if nxt is not None and nxt.label == "PERSON" and not nxt.pronoun:
                return nxt
        people = [m for m in found if m.label == "PERSON" and not m.modifier]
        agentive = lemma in self.actor_nouns or lemma in self.event_nouns
        if people and not (agentive and own is None and lemma not in self.person_nouns):
            return people[0]
        if own is not None:
            return own
        named = [m for m in found if not m.modifier]
        if named and not agentive:
            return named[0]  # "Iran's war enemy Iraq": the name, not the possessor
        if agentive or lemma in self.agentive:
            for c in t.children:
                if c.dep_ in ("amod", "compound", "nmod:poss") or (
                        c.dep_ == "nmod" and self._case(c) in ("of", "from", "in", "by")
                        and lemma not in self.event_nouns):
                    m = at(c.i)
                    if m is not None:
                        return m
            # "Sudan's army-backed government": the owner deeper in the modifiers
            deeper = [at(x.i) for x in t.subtree if x.dep_ == "nmod:poss" and at(x.i) is not None and x.i < t.i]
            if deeper and lemma not in self.event_nouns:
                return deeper[0]
        elif lemma in self.place_nouns:
            for c in t.children:
                if c.dep_ in ("nmod", "appos", "flat") and at(c.i) is not None:
                    return at(c.i)
        if lemma not in self.person_nouns:
            # "praised Japan's willingness", "criticised a proposal by the EC": the owner of the thing
            for c in t.children:
                if c.dep_ == "nmod:poss" or (c.dep_ == "nmod" and self._case(c) == "by"):
                    m = at(c.i)
                    if m is not None and not m.pronoun:
                        return m
        return named[0] if named and lemma not in self.event_nouns else None

    @staticmethod
    def _conjuncts(tok: Token) -> Iterable[Token]:
        stack, seen = [tok], set()
        while stack:
            t = stack.pop()
            if t.i in seen:
                continue
            seen.add(t.i)
            yield t
            stack.extend(c for c in t.children if c.dep_ == "conj")

    @staticmethod
    def _case(tok: Token) -> str:
        for c in tok.children:
            if c.dep_ in ("case", "mark") and c.i < tok.i:
                return c.lower_
        for c in tok.children:
            # "with President X" parsed with the preposition on the title before the name
            if c.dep_ in ("nmod:desc", "compound") and c.i < tok.i:
                return next((g.lower_ for g in c.children if g.dep_ == "case" and g.i < c.i), "")
        return ""

    @staticmethod
    def _span(tok: Token) -> tuple[int, int]:
        """The clause of a trigger: the subtree of its nearest clausal head."""
        t = tok
        while t.dep_ not in ("ROOT", "ccomp", "advcl", "acl:relcl", "parataxis", "xcomp", "conj") and t.head.i != t.i:
            t = t.head
        sub = list(t.subtree)
        return sub[0].i, sub[-1].i + 1

    # -------------------------------------------------------------------------------------- modality
    def modality(self, gov: Token, at: Callable[[int], Any]) -> tuple[str, Any, bool]:
        """(modality, speaker mention or None, reported) from what governs token ``gov``.

        Walking from the trigger up to the root, the innermost negation or hedge (a modal, an adverb, a
        condition, or a verb above the trigger: "refused to", "considering", "urged X to") decides the modality;
        a plan ("will", "agreed to") counts only when nothing negates or hedges it. The first reporting verb on
        the path, a trailing ", X said" or an "according to X" gives the speaker: "X said Y might attack Z" is
        hedged and attributed to X.
        """
        m = self.m
        strong = None  # negated / hedged: the innermost wins
        plan = False
        speaker = None
        reported = False
        node = gov
        first = True
        via_conj = False  # "denied attacking X and accused Y": the denial does not cover the second verb
        came_from = gov.i  # the token the climb came from
        path = {gov.i}  # the tokens the climb went through
        sealed = False  # above an adverbial clause ("as he meets ..."), only reported speech still counts
        for _ in range(8):
            lemma = node.lemma_.lower()
            neg = hedge = False
            for c in node.children:
                cl = c.lower_
                if via_conj and c.dep_ != "aux":
                    pass  # the first conjunct's own negation or hedge does not cover this one
                elif c.dep_ in ("advmod", "neg", "det") and cl in m.negation:
                    neg = True
                elif c.dep_ == "aux" and cl in m.hedge_modals:
                    hedge = True
                elif c.dep_ == "mark" and cl in m.conditional_marks:
                    hedge = True
                elif c.dep_ == "mark" and any((cl, *(g.lower_ for g in c.children if g.dep_ == "fixed")) == pair
                                              for pair in m.conditional_pairs):
                    hedge = True  # "in case they need to ..."
                elif c.dep_ == "mark" and cl in m.precondition_marks and node.dep_ == "advcl" and (
                        node.head.lemma_.lower() in m.precondition_words):
                    hedge = True  # "an agreement is needed before X extends loans"
                elif c.dep_ in ("advmod", "amod") and cl in m.hedge_words:
                    hedge = True
                elif not sealed and (
                        (c.dep_ == "aux" and cl in m.plan_modals) or (c.dep_ == "amod" and cl in m.plan_words)):
                    plan = True
                # ("A did X, according to Y, but B did Z": Y reports A only)
                if not reported and c.dep_ in ("obl", "conj", "nmod", "advcl") and self._case(c) == "according" and (
                        not (via_conj and c.i < came_from)):
                    reported = True
                    acts = self._actors(c, at)
                    speaker = acts[0] if acts else None
                if not reported and c.dep_ in ("parataxis", "conj", "advcl") and c.i > gov.i and (
                        c.lemma_.lower() in m.reporting_verbs) and not any(
                        x.dep_ in ("ccomp", "xcomp") or (x.dep_ == "obj" and c.lemma_.lower() not in _ADDRESS)
                        for x in c.children) and not any(
                        gov.i < x.i < c.i and x.dep_ == "conj" and any(y.dep_ in _SUBJ for y in x.children)
                        for x in node.children):
                    # (a trailing ", X said" covers the nearest clause: "A pledged ..., and B sent ..., X said")
                    # "..., officials said": the reporting clause after the claim
                    reported = True
                    subs = [s for x in c.children if x.dep_ in _SUBJ for s in self._actors(x, at)]
                    if not subs and at(c.i - 1) is not None:
                        # ", Lloyd Austin told Congress" with the name parsed as an apposition of the claim's
                        # last word: the speaker is the name right before the verb
                        subs = [at(c.i - 1)]
                    speaker = subs[0] if subs else None
            if not first and not reported and self._case(node) == "according":
                # "According to X, Y did Z" parsed with X as the root
                reported = True
                speaker = at(node.i) or self._best(node, at)
            if not first and not via_conj:
                if lemma in m.negating_verbs:
                    neg = True
                elif lemma in m.hedge_verbs or lemma in m.hedge_words:
                    hedge = True  # "urged X to impose", "considering sanctions", "it is unlikely that"
                elif lemma in m.plan_verbs and not sealed:
                    plan = True
                prev = node.doc[came_from]
                nearest = node.i > prev.i and any(
                    x.dep_ == "conj" and x.i < node.i and x.i not in path and any(y.dep_ in _SUBJ for y in x.children)
                    for x in prev.children)
                if not reported and lemma in m.reporting_verbs and node.tag_[:2] == "VB" and not nearest:
                    # (a trailing ", X said" after "A did Y, and B did Z" covers the nearest clause, B's, only)
                    reported = True
                    subs = self.subjects(node, at)
                    speaker = subs[0] if subs else None
            if strong is None and (neg or hedge) and not sealed:
                strong = "negated" if neg else "hedged"
            if node.dep_ not in _CLIMB or node.head.i == node.i:
                break
            complement = (node.tag_ == "VBG" and node.i == node.head.i + 1 and not any(
                c.dep_ in ("mark", "case") for c in node.children)  # "denied attacking X" parsed as advcl
                or self._controlled_infinitive(node))  # "urged X to impose ..." parsed as a purpose clause
            if node.dep_ == "advcl" and not (strong or plan) and not complement:
                sealed = True
            via_conj = node.dep_ == "conj"
            came_from = node.i
            path.add(node.i)
            up = node.head
            if via_conj and up.tag_ == "VBG" and up.dep_ in ("advcl", "xcomp") and up.head.i != up.i and (
                    node.tag_ in ("VBD", "VBZ", "VBP") or (node.tag_ == "VBN" and not any(  # "accused" tagged VBN
                        c.dep_ in ("aux", "aux:pass") for x in (node, up) for c in x.children))):
                # "denied attacking X and accused Y" parsed with "accused" on "attacking": the finite verb is the
                # conjunct of the finite verb above, which the denial does not cover
                up = up.head
            node = up
            first = False
        return strong or ("planned" if plan else "asserted"), speaker, reported
