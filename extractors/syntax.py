"""``geokg_syntax``: tags and parses the sentences that can hold a relation, with geokg's own syntax model.

The model (``extractors/models/en_geokg_syntax``: tok2vec + tagger + dependency parser trained on UD English
EWT by ``training/train.py``) costs far more than the rest of the pipeline, so it runs only where a
relation is possible: a sentence with at least ``min_actors`` different actors (coreferent pronouns count) and
a trigger word of the ontology (a verb, noun or light verb of some relation; titles and places are read
without the parse). Other sentences keep no parse.

What it leaves on the Doc:

- ``token.tag_`` (Penn Treebank), ``token.pos_`` (UD, from the tag via ``data/tag_map.json``),
  ``token.head`` and ``token.dep_`` (UD labels) on the parsed sentences;
- ``doc._.geokg_parsed``: ``[[start_token, end_token], ...]`` the parsed sentences (plain JSON). An unparsed
  sentence is a flat tree (every token attached to its first token with the label ``dep``), so that sentence
  boundaries stay as the splitter set them; read ``geokg_parsed`` to know which sentences are real parses.

The model is loaded once per process, on first use (a pipeline that is built but never run pays nothing),
with spaCy's own ``from_disk``; no pickle. Its matrix products run on one BLAS thread: the matrices are small,
and OpenBLAS's own threads, fighting with other processes for the cores, made parsing 3x slower here.
The parser's greedy decoding runs through :func:`greedy_parse` (the same arithmetic and parses as spaCy's own
C loop, which retakes the GIL for every hidden unit of every step in the released wheels). The ``geokg`` command
and its worker processes also let glibc's malloc keep freed memory for the next batch
(``geokg._memory.keep_freed_memory``, process-wide, so a library user opts in by calling it).
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import numpy
import spacy
from geokg.extractors import _clusters  # noqa: F401  (registers geokg.ClusterHashEmbed.v1 for the model)
from geokg.extractors._doc import COREF_KEY
from geokg.schemas import load_ontology
from geokg.schemas.errors import DataFileError, ModelNotFound
from spacy.attrs import DEP, HEAD, POS, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import DependencyParser
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

__all__ = ["DEFAULT_MODEL", "SyntaxParser", "load_syntax_model", "make_syntax", "model_info"]

DEFAULT_MODEL = Path(__file__).resolve().parent / "models" / "en_geokg_syntax"
TAG_MAP_FILE = Path(__file__).resolve().parent / "data" / "tag_map.json"
PARSED_KEY = "geokg_parsed"
PARSE_CHUNK = 64  # sentences decoded together (what spaCy's parser does with its default batch of 256)

_MODELS: dict[str, Language] = {}
_THREADPOOLS: ThreadpoolController | None = None
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
            _use_numpy_blas(nlp)
            _MODELS[key] = nlp
    return nlp


class _MatmulOps(NumpyOps):
    """thinc's CPU ops with the matrix products through numpy (its OpenBLAS) rather than thinc's bundled blis.

    blis picks its kernels by asking the CPU how many FMA units it has; where it cannot tell (virtual machines)
    it falls back to AVX2 kernels even on AVX-512 hardware, at about half of numpy's speed. The products
    are the same up to the order of float additions (no parse of the 2,000 news-sample articles changes).
    """

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def _use_numpy_blas(nlp: Language) -> None:
    """Run the model's layers on :class:`_MatmulOps` (only layers on plain CPU ops: not GPU, not Apple's)."""
    ops = _MatmulOps()
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:
                node.ops = ops


def _one_blas_thread() -> Any:
    """A context in which numpy's BLAS runs on one thread (the threadpools are looked up once per process)."""
    global _THREADPOOLS
    if _THREADPOOLS is None:
        _THREADPOOLS = ThreadpoolController()
    return _THREADPOOLS.limit(limits=1)


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
    own = meta.get("test_scores_own_tokenizer") or {}
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
        "test_protocol": meta.get("test_protocol"),
        "sources": meta.get("sources"),
        "own_tokenizer": {"tag_acc": own.get("tag_acc"), "uas": own.get("dep_uas"), "las": own.get("dep_las")}
        if own else None,
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
        max_sentence_tokens: int = 150,
        batch_size: int = 256,
    ) -> None:
        self.model_path = model
        self.min_actors = min_actors
        self.max_sentence_tokens = max_sentence_tokens
        self.batch_size = batch_size
        self.tag_map = _tag_map()
        self.triggers = _trigger_words()
        self.vocab = nlp.vocab
        strings = self.vocab.strings
        for s in ("dep", "ROOT", "parataxis", "_SP", "SPACE", "aux", "aux:pass", "cop", "mark", "AUX", "SCONJ",
                  *self.tag_map, *self.tag_map.values()):
            strings.add(s)
        self._pos_of: dict[int, int] = {}
        self._sp_tag, self._sp_pos = strings["_SP"], strings["SPACE"]
        self._verb, self._adp = strings["VERB"], strings["ADP"]
        self._aux, self._sconj = strings["AUX"], strings["SCONJ"]
        self._aux_deps = {strings["aux"], strings["aux:pass"], strings["cop"]}
        self._mark = strings["mark"]
        self._iobj, self._obj = strings.add("iobj"), strings.add("obj")
        self._object_like = numpy.asarray([self._obj, strings.add("ccomp"), strings.add("xcomp")], dtype="uint64")
        self._model: Language | None = None

    # the model is loaded on first use only
    @property
    def model(self) -> Language:
        if self._model is None:
            self._model = load_syntax_model(self.model_path)
            # sentences are parsed as Docs of our vocab: it must know the model's labels (also the
            # parser's internal "a||b" labels for non-projective arcs)
            for label in self._model.vocab.strings:
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
        if not len(doc):
            return []
        sents = list(doc.sents)
        starts = [s.start for s in sents]
        actors: list[set[str]] = [set() for _ in sents]
        for sp in [*doc.ents, *doc.spans.get(COREF_KEY, [])]:
            # a relation joins two different actors: "Moscow" and "Russia" in one sentence are one
            actors[bisect.bisect_right(starts, sp.start) - 1].add(sp.kb_id_ or sp.text)
        chosen = []
        for k, sent in enumerate(sents):
            if len(actors[k]) < self.min_actors or len(sent) > self.max_sentence_tokens:
                continue
            if any(t.lemma_.lower() in self.triggers or t.lower_ in self.triggers for t in sent):
                chosen.append(sent)
        return chosen

    def _parse_batch(self, docs: list[Doc]) -> None:
        model = self.model
        jobs: list[tuple[Doc, Span, numpy.ndarray]] = []
        subs: list[Doc] = []
        for doc in docs:
            skip = self._dateline_end(doc)
            for sent in self.select(doc):
                keep = [t.i for t in sent if not t.is_space and t.i >= skip]
                if not keep:
                    continue
                words = [doc[i].text for i in keep]
                spaces = [bool(doc[i].whitespace_) or (i + 1 < sent.end and doc[i + 1].is_space) for i in keep]
                # the main vocab already holds these lexemes; the model reads features by hash
                subs.append(Doc(self.vocab, words=words, spaces=spaces))
                jobs.append((doc, sent, numpy.asarray(keep, dtype="int64")))
        with _one_blas_thread():
            parsed = self._run_model(model, subs) if subs else []
        by_doc: dict[int, list[tuple[Span, numpy.ndarray, Doc]]] = {}
        for (doc, sent, keep), sub in zip(jobs, parsed, strict=True):
            by_doc.setdefault(id(doc), []).append((sent, keep, sub))
        for doc in docs:
            self._write(doc, by_doc.get(id(doc), []))

    @staticmethod
    def _dateline_end(doc: Doc) -> int:
        """The first token after a wire dateline and its dash ("PORT SUDAN - ", "WASHINGTON, March 2 - "): the
        parser reads the sentence without it (a dateline is no part of the clause: parsed in, it became the
        subject). 0 when the document has none."""
        if not len(doc):
            return 0
        head = doc[: min(len(doc), 80)]
        m = _dateline_re().match(head.text)
        if m is None:
            return 0
        end = head.start_char + m.end()
        return next((t.i for t in head if t.idx >= end), 0)

    def _run_model(self, model: Language, subs: list[Doc]) -> list[Doc]:
        """Run the model's components over the sentence Docs; its greedy parser through ``greedy_parse``."""
        for _, proc in model.pipeline:
            if _greedy_capable(proc):
                # shortest first, in chunks, as spaCy's own Parser.pipe does: states of one chunk finish together
                by_len = sorted(subs, key=len)
                for k in range(0, len(by_len), PARSE_CHUNK):
                    chunk = by_len[k : k + PARSE_CHUNK]
                    proc.set_annotations(chunk, greedy_parse(proc, chunk))
            else:
                subs = list(proc.pipe(subs, batch_size=self.batch_size))
        return subs

    def _write(self, doc: Doc, results: list[tuple[Span, numpy.ndarray, Doc]]) -> None:
        n = len(doc)
        if n == 0:
            doc._.set(PARSED_KEY, [])
            return
        strings = self.vocab.strings
        dep_id, root_id, para_id = strings.add("dep"), strings.add("ROOT"), strings.add("parataxis")
        # unparsed sentences: flat trees rooted at their first token, so the sentence boundaries survive
        idx = numpy.arange(n, dtype="int64")
        starts = doc.to_array(SENT_START).astype("int64") == 1
        starts[0] = True
        heads = numpy.maximum.accumulate(numpy.where(starts, idx, 0))
        deps = numpy.where(starts, root_id, dep_id).astype("uint64")
        tags = numpy.zeros(n, dtype="uint64")
        poss = numpy.zeros(n, dtype="uint64")
        parsed_ranges = []
        for sent, keep, sub in results:
            arr = sub.to_array([HEAD, DEP, TAG]).astype("int64")
            m = len(keep)
            sub_heads = numpy.arange(m, dtype="int64") + arr[:, 0]
            sub_deps = arr[:, 1].astype("uint64")
            roots = numpy.flatnonzero(sub_heads == numpy.arange(m))
            main_root = int(roots[0]) if len(roots) else 0
            # a second root inside our sentence hangs on the first: one tree per sentence
            extra = roots[roots != main_root]
            sub_heads[extra] = main_root
            sub_deps[extra] = para_id
            sub_deps[main_root] = root_id
            sub_heads[main_root] = main_root
            self._lone_iobj_to_obj(sub_heads, sub_deps, arr[:, 2].astype("uint64"))
            # whitespace inside the sentence (hard-wrapped text) hangs on the token before it
            sent_idx = idx[sent.start : sent.end]
            prev_kept = keep[numpy.clip(numpy.searchsorted(keep, sent_idx, side="right") - 1, 0, m - 1)]
            heads[sent.start : sent.end] = prev_kept
            deps[sent.start : sent.end] = dep_id
            tags[sent.start : sent.end] = self._sp_tag
            poss[sent.start : sent.end] = self._sp_pos
            heads[keep] = keep[sub_heads]
            deps[keep] = sub_deps
            tag_ids = arr[:, 2].astype("uint64")
            tags[keep] = tag_ids
            poss[keep] = [self._pos(t, d) for t, d in zip(tag_ids.tolist(), sub_deps.tolist(), strict=True)]
            parsed_ranges.append([sent.start, sent.end])
        rel = (heads - idx).astype("uint64")
        doc.from_array([HEAD, DEP, TAG, POS], numpy.stack([rel, deps, tags, poss], axis=1))
        doc._.set(PARSED_KEY, parsed_ranges)

    def _lone_iobj_to_obj(self, heads: numpy.ndarray, deps: numpy.ndarray, tags: numpy.ndarray) -> None:
        """A noun parsed as the indirect object of a verb that has no direct object and no clausal complement
        is its object, as UD writes it ("Russia warned Syria on Monday": EWT's own lone indirect objects are
        pronouns, "tell me"). On EWT test this moves LAS by less than 0.0001; in place."""
        lone = numpy.flatnonzero(deps == self._iobj)
        for k in lone.tolist():
            if self.vocab.strings[int(tags[k])][:2] != "NN":
                continue
            siblings = deps[(heads == heads[k]) & (numpy.arange(len(deps)) != k)]
            if not numpy.isin(siblings, self._object_like).any():
                deps[k] = self._obj

    def _pos(self, tag: int, dep: int) -> int:
        """The UD part of speech (as a string id) of a Penn tag id, with the dependency that tells AUX/SCONJ."""
        pos = self._pos_of.get(tag)
        if pos is None:
            name = self.vocab.strings[tag] if tag else ""
            pos = self.vocab.strings.add(self.tag_map.get(name, "X")) if name else 0
            self._pos_of[tag] = pos
        if pos == self._verb and dep in self._aux_deps:
            return self._aux
        if pos == self._adp and dep == self._mark:
            return self._sconj
        return pos


@functools.cache
def _dateline_re() -> re.Pattern[str]:
    """The story's dateline, as the roles read it (``roles.dateline_pattern`` of relation_lexicon.yaml)."""
    from geokg.extractors._relex import load_relation_lexicon

    return re.compile(load_relation_lexicon().roles.dateline_pattern)


def _greedy_capable(proc: Any) -> bool:
    """Whether ``greedy_parse`` can stand in for this component's own decoder (a greedy parser on the CPU)."""
    return (
        isinstance(proc, DependencyParser)
        and proc.cfg.get("beam_width", 1) == 1
        and isinstance(proc.model.ops, NumpyOps)
        and bool(proc.model.attrs.get("has_upper"))
        and hasattr(proc, "transition_states")
    )


def greedy_parse(parser: DependencyParser, docs: list[Doc]) -> list[Any]:
    """The parse states of ``docs`` (non-empty, tok2vec already run): spaCy's greedy decoding, step by step.

    Same arithmetic as ``Parser.greedy_parse`` (the precomputed hidden layer summed over the state's feature
    tokens, maxout, the output layer, unseen classes set to the step's minimum score, the best valid
    transition), so the same parses (``tests/extractors/test_syntax.py`` checks this against spaCy's own).
    spaCy's C loop runs without the GIL and its compiled profiling hooks take the GIL back for every hidden unit
    of every step; here each step is a few batched array operations, with the GIL held: about 2x faster.
    """
    parser._ensure_labels_are_added(docs)
    states = parser.moves.init_batch(docs)
    step = parser.model.predict(docs)
    state2vec, vec2scores = step.state2vec, step.vec2scores
    unseen = numpy.flatnonzero(step._class_mask == 0)
    todo = [s for s in states if not s.is_final()]
    while todo:
        hidden = state2vec.predict(step.get_token_ids(todo))
        scores = vec2scores.predict(hidden)
        if len(unseen):
            scores[:, unseen] = scores.min()
        todo = parser.transition_states(todo, numpy.ascontiguousarray(scores, dtype="float32"))
    step.clear_memory()
    return states


def _trigger_words() -> frozenset[str]:
    """Trigger lemmas and words of the ontology (verbs, strong verbs, nouns, light verbs)."""
    words: set[str] = set()
    for entry in load_ontology().relations:
        trig = entry.triggers or {}
        for key, values in trig.items():
            if key not in ("verbs", "strong_verbs", "nouns", "light_verbs"):
                continue
            for v in values or []:
                if isinstance(v, str) and v:
                    words.update(v.lower().split())
    return frozenset(words)


@Language.factory(
    "geokg_syntax",
    assigns=["token.tag", "token.pos", "token.dep", "token.head", f"doc._.{PARSED_KEY}"],
    requires=["doc.ents", "token.is_sent_start"],
    default_config={"model": None, "min_actors": 2, "max_sentence_tokens": 150, "batch_size": 256},
)
def make_syntax(
    nlp: Language, name: str, model: str | None, min_actors: int, max_sentence_tokens: int, batch_size: int
) -> SyntaxParser:
    """Build the component (``model``: a path to a tagger+parser pipeline; default: the bundled model)."""
    return SyntaxParser(nlp, model=model, min_actors=min_actors, max_sentence_tokens=max_sentence_tokens,
                        batch_size=batch_size)
