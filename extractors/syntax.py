"""``geokg_syntax``: tags and parses the sentences that can hold a relation, with geokg's own syntax model.

The model (``extractors/models/en_geokg_syntax``: tok2vec + tagger + dependency parser trained on UD English
EWT by ``training/train.py``) costs far more than the rest of the pipeline, so it runs only where a
relation is possible: a sentence with at least ``min_actors`` actor mentions (coreferent pronouns count),
or one actor and a trigger word of the ontology. Other sentences keep no parse.

What it leaves on the Doc:

- ``token.tag_`` (Penn Treebank), ``token.pos_`` (UD, from the tag via ``data/tag_map.json``),
  ``token.head`` and ``token.dep_`` (UD labels) on the parsed sentences;
- ``doc._.geokg_parsed``: ``[[start_token, end_token], ...]`` the parsed sentences (plain JSON). An unparsed
  sentence is a flat tree (every token attached to its first token with the label ``dep``), so that sentence
  boundaries stay as the splitter set them; read ``geokg_parsed`` to know which sentences are real parses.

The model is loaded once per process, on first use (a pipeline that is built but never run pays nothing),
with spaCy's own ``from_disk``; no pickle.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import numpy
import spacy
from geokg.extractors._doc import COREF_KEY
from geokg.schemas import load_ontology
from geokg.schemas.errors import DataFileError, ModelNotFound
from spacy.attrs import DEP, HEAD, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["DEFAULT_MODEL", "SyntaxParser", "load_syntax_model", "make_syntax", "model_info"]

DEFAULT_MODEL = Path(__file__).resolve().parent / "models" / "en_geokg_syntax"
TAG_MAP_FILE = Path(__file__).resolve().parent / "data" / "tag_map.json"
PARSED_KEY = "geokg_parsed"

_MODELS: dict[str, Language] = {}
_LOCK = threading.Lock()

if not Doc.has_extension(PARSED_KEY):
    Doc.set_extension(PARSED_KEY, default=None)


def load_syntax_model(path: str | Path | None = None) -> Language:
    """Return the syntax model at ``path`` (default: the bundled one), loaded once per process.

    Raises:
        geokg.errors.ModelNotFound: no model at that path.
    """
    p = Path(path) if path else DEFAULT_MODEL
    key = str(p.resolve())
    with _LOCK:
        nlp = _MODELS.get(key)
        if nlp is None:
            if not (p / "meta.json").is_file():
                raise ModelNotFound(
                    f"no syntax model at {p} (train one with `python training/train.py`, "
                    f"or run without the parser: --fast)"
                )
            nlp = spacy.load(p, exclude=["senter"])
            _MODELS[key] = nlp
    return nlp


def model_info(path: str | Path | None = None) -> dict[str, Any]:
    """Provenance of the syntax model from its ``meta.json``, without loading the weights.

    Examples:
        >>> info = model_info()
        >>> sorted(k for k in ("name", "license", "trained_on") if k in info)
        ['license', 'name', 'trained_on']
    """
    p = Path(path) if path else DEFAULT_MODEL
    try:
        meta = json.loads((p / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"name": None, "path": str(p), "available": False}
    scores = meta.get("test_scores") or {}
    return {
        "name": meta.get("name"),
        "version": meta.get("version"),
        "path": str(p),
        "available": True,
        "trained_on": meta.get("trained_on"),
        "license": meta.get("license"),
        "attribution": meta.get("attribution"),
        "spacy_version": meta.get("spacy_version_trained"),
        "training_seconds": meta.get("training_seconds"),
        "training_steps": meta.get("training_steps"),
        "tag_acc": scores.get("tag_acc"),
        "uas": scores.get("dep_uas"),
        "las": scores.get("dep_las"),
        "components": meta.get("pipeline"),
    }


def _tag_map() -> dict[str, str]:
    try:
        data = json.loads(TAG_MAP_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataFileError(f"{TAG_MAP_FILE}: cannot read the tag map ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise DataFileError(f"{TAG_MAP_FILE}: expected an object of Penn tag -> UD part of speech")
    return data


class SyntaxParser:
    """Tag and parse the relation-bearing sentences of each Doc (see the module docstring)."""

    def __init__(
        self,
        nlp: Language,
        *,
        model: str | None = None,
        min_actors: int = 2,
        trigger_actors: int = 1,
        max_sentence_tokens: int = 150,
        batch_size: int = 256,
    ) -> None:
        self.model_path = model
        self.min_actors = min_actors
        self.trigger_actors = trigger_actors
        self.max_sentence_tokens = max_sentence_tokens
        self.batch_size = batch_size
        self.tag_map = _tag_map()
        self.triggers = _trigger_words()
        self.vocab = nlp.vocab
        for s in ("dep", "ROOT", "parataxis", "_SP", "SPACE", *self.tag_map, *self.tag_map.values()):
            self.vocab.strings.add(s)
        self._model: Language | None = None

    # the model is loaded on first use only
    @property
    def model(self) -> Language:
        if self._model is None:
            self._model = load_syntax_model(self.model_path)
            for comp in ("tagger", "parser"):
                if self._model.has_pipe(comp):
                    for label in self._model.get_pipe(comp).labels:
                        self.vocab.strings.add(label)
        return self._model

    def __call__(self, doc: Doc) -> Doc:
        for _ in self.pipe([doc]):
            pass
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        it = iter(stream)
        size = batch_size or self.batch_size
        while batch := list(islice(it, size)):
            self._parse_batch(batch)
            yield from batch

    # ------------------------------------------------------------------------------------------ core
    def select(self, doc: Doc) -> list[Span]:
        """The sentences of ``doc`` that can hold a relation (see the module docstring)."""
        sents = list(doc.sents) if doc.has_annotation("SENT_START") or len(doc) else []
        if not sents:
            return []
        starts = [s.start for s in sents]
        count = [0] * len(sents)
        import bisect

        for sp in [*doc.ents, *doc.spans.get(COREF_KEY, [])]:
            count[bisect.bisect_right(starts, sp.start) - 1] += 1
        chosen = []
        for k, sent in enumerate(sents):
            if count[k] == 0 or len(sent) > self.max_sentence_tokens:
                continue
            if count[k] >= self.min_actors or (
                count[k] >= self.trigger_actors and any(t.lemma_.lower() in self.triggers or t.lower_ in self.triggers
                                                        for t in sent)
            ):
                chosen.append(sent)
        return chosen

    def _parse_batch(self, docs: list[Doc]) -> None:
        jobs: list[tuple[Doc, Span, list[int]]] = []
        subs: list[Doc] = []
        for doc in docs:
            for sent in self.select(doc):
                keep = [t.i for t in sent if not t.is_space]
                if not keep:
                    continue
                words = [doc[i].text for i in keep]
                spaces = [bool(doc[i].whitespace_) or (i + 1 < sent.end and doc[i + 1].is_space) for i in keep]
                subs.append(Doc(self.model.vocab, words=words, spaces=spaces))
                jobs.append((doc, sent, keep))
        parsed = list(self.model.pipe(subs, batch_size=self.batch_size)) if subs else []
        by_doc: dict[int, list[tuple[Span, list[int], Doc]]] = {}
        for (doc, sent, keep), sub in zip(jobs, parsed, strict=True):
            by_doc.setdefault(id(doc), []).append((sent, keep, sub))
        for doc in docs:
            self._write(doc, by_doc.get(id(doc), []))

    def _write(self, doc: Doc, results: list[tuple[Span, list[int], Doc]]) -> None:
        n = len(doc)
        if n == 0:
            doc._.set(PARSED_KEY, [])
            return
        strings = self.vocab.strings
        heads = numpy.zeros(n, dtype="int64")  # absolute head index
        deps = numpy.full(n, strings.add("dep"), dtype="uint64")
        tags = numpy.zeros(n, dtype="uint64")
        poss = numpy.zeros(n, dtype="uint64")
        # unparsed sentences: flat trees rooted at their first token, so the sentence boundaries survive
        for sent in doc.sents:
            heads[sent.start : sent.end] = sent.start
            deps[sent.start] = strings.add("ROOT")
        parsed_ranges = []
        root_id, para_id = strings.add("ROOT"), strings.add("parataxis")
        sp_tag, sp_pos = strings.add("_SP"), strings.add("SPACE")
        for sent, keep, sub in results:
            sub_heads = [t.head.i for t in sub]
            roots = [t.i for t in sub if t.head.i == t.i]
            main_root = roots[0] if roots else 0
            for j, tok in enumerate(sub):
                i = keep[j]
                tag = tok.tag_
                tags[i] = strings.add(tag) if tag else 0
                pos = self._pos(tok)
                poss[i] = strings.add(pos) if pos else 0
                if sub_heads[j] == j:
                    if j == main_root:
                        heads[i], deps[i] = i, root_id
                    else:  # a second root inside our sentence: keep one tree per sentence
                        heads[i], deps[i] = keep[main_root], para_id
                else:
                    heads[i] = keep[sub_heads[j]]
                    deps[i] = strings.add(tok.dep_)
            kept = set(keep)
            for i in range(sent.start, sent.end):
                if i not in kept:  # whitespace inside the sentence (hard-wrapped text) hangs on its neighbour
                    heads[i] = keep[0] if i < keep[0] else max(k for k in keep if k < i)
                    deps[i], tags[i], poss[i] = strings.add("dep"), sp_tag, sp_pos
            parsed_ranges.append([sent.start, sent.end])
        rel = (heads - numpy.arange(n, dtype="int64")).astype("uint64")
        arr = numpy.stack([rel, deps, tags, poss], axis=1).astype("uint64")
        doc.from_array([HEAD, DEP, TAG, POS], arr)
        doc._.set(PARSED_KEY, parsed_ranges)

    def _pos(self, tok) -> str:  # noqa: ANN001
        pos = self.tag_map.get(tok.tag_, "X") if tok.tag_ else ""
        if pos == "VERB" and tok.dep_ in ("aux", "aux:pass", "cop"):
            return "AUX"
        if pos == "ADP" and tok.dep_ == "mark":
            return "SCONJ"
        return pos


def _trigger_words() -> frozenset[str]:
    """Trigger lemmas and words of the ontology (verbs, nouns, light verbs, titles)."""
    words: set[str] = set()
    for entry in load_ontology().relations:
        trig = entry.triggers or {}
        for key, values in trig.items():
            if key in ("requires", "preps", "noun_preps", "passive"):
                continue
            for v in values or []:
                if isinstance(v, str) and v:
                    words.update(v.lower().split())
    return frozenset(words)


@Language.factory(
    "geokg_syntax",
    assigns=["token.tag", "token.pos", "token.dep", "token.head", f"doc._.{PARSED_KEY}"],
    requires=["doc.ents", "token.is_sent_start"],
    default_config={"model": None, "min_actors": 2, "trigger_actors": 1, "max_sentence_tokens": 150,
                    "batch_size": 256},
)
def make_syntax(
    nlp: Language, name: str, model: str | None, min_actors: int, trigger_actors: int, max_sentence_tokens: int,
    batch_size: int,
) -> SyntaxParser:
    """Build the component (``model``: a path to a tagger+parser pipeline; default: the bundled model)."""
    return SyntaxParser(nlp, model=model, min_actors=min_actors, trigger_actors=trigger_actors,
                        max_sentence_tokens=max_sentence_tokens, batch_size=batch_size)
