"""``geokg build``: stream documents through an engine into a record store, the graph and four outputs.

The steps, for any corpus size:

1. Documents are read lazily, one input at a time. Each gets a unique id (:class:`Identity`): a document
   whose text was already seen is an *exact duplicate* (counted once); an id already taken is made unique
   from the document's path (``a/report``), then with the content hash (``report#1a6f098e``).
2. Documents whose record is in the store (same text, same pipeline version) are not extracted again; the
   others go in batches to the engine, with a bounded number of batches in flight.
3. Outcomes come back in input order. Each batch's records are committed to the store at once (so a killed
   build resumes from there), appended to ``extractions.jsonl`` of a fresh generation directory and merged
   into the graph.
4. The graph files are written into the generation, which is then published in one atomic step
   (:func:`geokg.graph._atomic.publish_generation`).

Counts add up: read = kept + failed + exact duplicates; kept = extracted + reused from the store.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geokg._store import RecordStore, content_hash, pipeline_version
from geokg.engines import PipelineSettings, make_engine
from geokg.errors import DocumentError, GeokgError, InputError
from geokg.graph._atomic import (
    clean_stale,
    current_generation,
    discard_generation,
    new_generation,
    publish_generation,
    state_dir,
)
from geokg.schemas import Document

__all__ = ["OUTPUTS", "BuildOptions", "BuildSummary", "Identity", "NothingToWrite", "assemble", "run_build"]

OUTPUTS = ("extractions.jsonl", "graph.json", "graph.graphml", "graph.html")
MEMBERS = "members.jsonl"  # per generation: doc_id and content hash of every record, in output order
STORE = "records.sqlite"


@dataclass
class BuildOptions:
    """What ``geokg build`` was asked to do."""

    inputs: list[str]
    out_dir: Path
    model: str | None = None
    alias_file: str | None = None
    max_chars: int = 5_000_000
    workers: int = 1
    engine: str = "local"
    scheduler: str | None = None
    update: bool = False
    batch_size: int = 32
    split_chars: int = 100_000
    fast: bool = False


@dataclass
class BuildSummary:
    """The counts a build reports (read = kept + failed + duplicates; kept = extracted + reused)."""

    read: int = 0
    extracted: int = 0
    reused: int = 0
    failed: int = 0
    duplicates: int = 0
    previous: int = 0  # records carried over from the existing graph (--update)
    stale: int = 0  # of those, records made by another pipeline version (a full build refreshes them)
    renamed: int = 0
    words: int = 0
    nodes: int = 0
    edges: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kept(self) -> int:
        """Documents of this run that are in the graph."""
        return self.extracted + self.reused


# ------------------------------------------------------------------------------------------------ identity
class Identity:
    """Unique ids and exact duplicates within one build (and the graph it extends, with ``--update``).

    Examples:
        >>> ids = Identity()
        >>> ids.admit(Document(doc_id="report", text="One.", source="a/report.txt"), Path("a/report.txt"))[:2]
        ('new', 'report')
        >>> ids.admit(Document(doc_id="report", text="Two.", source="b/report.txt"), Path("b/report.txt"))[:2]
        ('new', 'b/report')
        >>> ids.admit(Document(doc_id="copy", text="One.", source="copy.txt"), Path("copy.txt"))[:2]
        ('duplicate', 'report')
    """

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.by_hash: dict[str, str] = {}

    def add(self, doc_id: str, digest: str) -> None:
        """Register a document already in the graph."""
        self.ids.add(doc_id)
        self.by_hash.setdefault(digest, doc_id)

    def admit(self, doc: Document, base: Path | None, digest: str | None = None) -> tuple[str, str, str]:
        """Return ``("duplicate", first id, hash)`` or ``("new", unique id, hash)`` for a document read."""
        digest = digest or content_hash(doc.text)
        first = self.by_hash.get(digest)
        if first is not None:
            return "duplicate", first, digest
        for candidate in _candidates(doc, base, digest):
            if candidate not in self.ids:
                self.add(candidate, digest)
                return "new", candidate, digest
        raise AssertionError("unreachable: candidates are endless")  # pragma: no cover


def _candidates(doc: Document, base: Path | None, digest: str) -> Iterator[str]:
    """Ids to try, best first: as read; from the path (without, then with extension); with the hash."""
    yield doc.doc_id
    src = doc.source
    if base is not None and src and src != "-":
        path = Path(src)
        stem = path.stem
        if doc.doc_id == stem or doc.doc_id.startswith(stem + "#"):
            rest = doc.doc_id[len(stem):]
            if base.is_dir():
                rel = path.relative_to(base) if path.is_relative_to(base) else path
                prefixed = Path(base.name) / rel if base.name else rel
            else:
                rel, prefixed = path, Path(path.parent.name) / path.name
            for p in (rel, prefixed):
                yield p.with_suffix("").as_posix() + rest
                yield p.as_posix() + rest
    yield f"{doc.doc_id}#{digest[:8]}"
    n = 2
    while True:
        yield f"{doc.doc_id}#{digest[:8]}-{n}"
        n += 1


def _read(inputs: list[str], max_chars: int, on_note: Callable[[str], None]
          ) -> Iterator[tuple[Document | DocumentError, Path | None]]:
    """Documents of every input, lazily, each with the input it came from (for path-relative ids)."""
    from geokg._io import iter_documents

    for item in inputs:
        notes: list[str] = []
        for doc in iter_documents([item], max_chars=max_chars, notes=notes):
            while notes:
                on_note(notes.pop(0))
            yield doc, (None if item == "-" else Path(item))
        for n in notes:
            on_note(n)


# ------------------------------------------------------------------------------------------------- records
def assemble(doc: Document, part: str) -> str:
    """The extraction record (one JSON line of extractions.jsonl) from a document and its stored part.

    Fresh and stored records go through this one function, so a resumed build writes the same bytes.
    """
    p = json.loads(part)
    rec = {"doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "date": doc.date,
           "entities": p["entities"], "relations": p["relations"], "warnings": [*doc.warnings, *p["warnings"]]}
    return json.dumps(rec, ensure_ascii=False)


@dataclass
class _Entry:
    kind: str  # "new" (to extract), "reuse" (part from the store), "duplicate", "fail"
    doc: Document | None = None
    digest: str = ""
    part: str | None = None
    words: int = 0
    error: DocumentError | None = None


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """One build at a time per output directory (clean-up on start would remove another build's files)."""
    state = state_dir(out_dir)
    state.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds into one directory must not overlap
        yield
        return
    with open(state / "lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(f"another geokg build is writing {out_dir}; wait for it or choose another --out") \
                from None
        yield


def _previous(out_dir: Path) -> tuple[Path, Path] | None:
    gen = current_generation(out_dir)
    if gen is None or not (gen / MEMBERS).is_file() or not (gen / "extractions.jsonl").is_file():
        return None
    return gen / MEMBERS, gen / "extractions.jsonl"


class _Progress:
    """tqdm bar on stderr: documents, words per second, failures so far (disabled: does nothing)."""

    def __init__(self, enabled: bool) -> None:
        self.bar = None
        self.start = time.perf_counter()
        if enabled:
            import sys

            from tqdm import tqdm

            self.bar = tqdm(desc="geokg build", unit=" docs", file=sys.stderr, dynamic_ncols=True)

    def update(self, s: BuildSummary, n: int) -> None:
        if self.bar is None or n == 0:
            return
        rate = s.words / max(time.perf_counter() - self.start, 1e-9)
        self.bar.set_postfix_str(f"{rate:,.0f} words/s, {s.failed} failed", refresh=False)
        self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# -------------------------------------------------------------------------------------------------- build
def run_build(opts: BuildOptions, *, on_failure: Callable[[str, str], None] = lambda i, r: None,
              on_note: Callable[[str], None] = lambda n: None, progress: bool = False) -> BuildSummary:
    """Run a build; see the module docstring. Failures and notes are reported through the callbacks as they happen.

    Raises:
        geokg.errors.InputError: an input does not exist, DIR is a file, another build holds DIR, or
            ``--update`` finds no graph built with a record store in DIR.
        geokg.errors.GeokgError: the pipeline cannot be built (e.g. a bad ``--aliases`` file), or a worker died.
        KeyboardInterrupt: on Ctrl-C; batches already finished are in the store, nothing else is changed.
    """
    start = time.perf_counter()
    out_dir = Path(opts.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"--out {out_dir} is a file; give a directory")
    for item in opts.inputs:
        if item != "-" and not Path(item).exists():
            raise InputError(f"input not found: {item}")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = BuildSummary()
    settings = PipelineSettings(opts.model, opts.alias_file, opts.max_chars, opts.split_chars, opts.batch_size,
                                opts.fast)
    with _locked(out_dir):
        clean_stale(out_dir, OUTPUTS)
        prev = _previous(out_dir) if opts.update else None
        if opts.update and prev is None:
            raise InputError(f"--update: {out_dir} holds no graph built by this version of geokg; "
                             f"build it once without --update")
        version = pipeline_version(opts.model, opts.alias_file, opts.split_chars, fast=opts.fast)
        store = RecordStore(state_dir(out_dir) / STORE, version)
        gen = new_generation(out_dir)
        bar = _Progress(progress)
        writer: _Writer | None = None
        try:
            with make_engine(opts.engine, settings, workers=opts.workers, scheduler=opts.scheduler) as engine:
                writer = _Writer(gen)
                ids = Identity()
                if prev is not None:
                    for member, line in zip(map(json.loads, _lines(prev[0])), _lines(prev[1]), strict=True):
                        ids.add(member["doc_id"], member["hash"])
                        writer.add(member["doc_id"], member["hash"], line, member.get("pipeline", ""))
                        summary.previous += 1
                        summary.stale += member.get("pipeline") != version
                _stream(opts, engine, store, ids, writer, summary, bar, on_failure, on_note, version)
                bar.close()
                if writer.count == 0:
                    raise NothingToWrite(summary.failed)
                G = writer.finish()
            publish_generation(out_dir, gen, OUTPUTS)
            store.keep_only(writer.hashes)
        except BaseException:
            bar.close()
            if writer is not None:
                writer.close()
            discard_generation(gen)
            raise
        finally:
            store.close()
    summary.nodes, summary.edges = G.number_of_nodes(), G.number_of_edges()
    summary.seconds = time.perf_counter() - start
    return summary


class NothingToWrite(GeokgError):
    """No document could be read or extracted; the previous outputs are left as they were."""

    def __init__(self, failed: int) -> None:
        super().__init__("no document could be read; nothing written")
        self.failed = failed


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield line.rstrip("\n")


def _stream(opts: BuildOptions, engine: Any, store: RecordStore, ids: Identity, writer: _Writer, s: BuildSummary,
            bar: _Progress, on_failure: Callable[[str, str], None], on_note: Callable[[str], None],
            version: str) -> None:
    """Read, batch, submit (bounded), and fold the outcomes back in input order."""
    pending: deque[tuple[list[_Entry], Any]] = deque()

    def emit(entries: list[_Entry], fut: Any) -> None:
        outcomes = iter(fut.result() if fut is not None else [])
        fresh: list[tuple[str, str]] = []
        for e in entries:
            if e.kind == "new":
                kind, payload = next(outcomes, ("fatal", "the engine returned too few results"))
                if kind == "fatal":
                    raise GeokgError(payload)
                if kind == "fail":
                    e.kind, e.error = "fail", DocumentError(e.doc.doc_id, payload)
                else:
                    e.part = payload
                    fresh.append((e.digest, payload))
            if e.kind == "fail":
                s.failed += 1
                s.failures.append((e.error.doc_id, e.error.reason))
                on_failure(e.error.doc_id, e.error.reason)
            elif e.kind == "duplicate":
                s.duplicates += 1
            else:
                writer.add(e.doc.doc_id, e.digest, assemble(e.doc, e.part), version)
                s.words += e.words
                if e.kind == "new":
                    s.extracted += 1
                else:
                    s.reused += 1
        store.put_many(fresh)  # one transaction per batch: what a restart will not redo
        bar.update(s, len(entries))

    def flush(entries: list[_Entry]) -> None:
        todo = [e.doc for e in entries if e.kind == "new"]
        pending.append((entries, engine.submit(todo) if todo else None))
        while pending and (len(pending) > engine.max_inflight or pending[0][1] is None or pending[0][1].done()):
            emit(*pending.popleft())

    entries: list[_Entry] = []
    todo_docs = todo_chars = 0
    shown = 0
    for item, base in _read(opts.inputs, opts.max_chars, on_note):
        s.read += 1
        if isinstance(item, DocumentError):
            entries.append(_Entry("fail", error=item))
        else:
            kind, doc_id, digest = ids.admit(item, base, content_hash(item.text))
            if kind == "duplicate":
                entries.append(_Entry("duplicate", doc=item, digest=digest))
                shown += 1
                if shown <= 20:
                    on_note(f"{item.source or item.doc_id}: same text as {doc_id!r}; counted once")
            else:
                if doc_id != item.doc_id:
                    s.renamed += 1
                    on_note(f"{item.source or item.doc_id}: id {item.doc_id!r} is taken; this document is {doc_id!r}")
                    item = item.model_copy(update={"doc_id": doc_id})
                part = store.get_many([digest]).get(digest)
                words = len(item.text.split())
                if part is not None:
                    entries.append(_Entry("reuse", doc=item, digest=digest, part=part, words=words))
                else:
                    entries.append(_Entry("new", doc=item, digest=digest, words=words))
                    todo_docs += 1
                    todo_chars += len(item.text)
        if todo_docs >= opts.batch_size or todo_chars >= 1_000_000 or len(entries) >= 8 * opts.batch_size:
            flush(entries)
            entries, todo_docs, todo_chars = [], 0, 0
    if entries:
        flush(entries)
    while pending:
        emit(*pending.popleft())
    if shown > 20:
        on_note(f"... and {shown - 20} more exact duplicates")


class _Writer:
    """Appends records to a generation's extractions.jsonl and members.jsonl and merges them into the graph."""

    def __init__(self, gen: Path) -> None:
        from geokg.graph import build_graph
        from geokg.schemas import load_ontology

        self.gen = gen
        self.onto = load_ontology()
        self.G = build_graph([], ontology=self.onto)
        self.count = 0
        self.hashes: list[str] = []
        self._ext = (gen / "extractions.jsonl").open("w", encoding="utf-8", newline="")
        self._members = (gen / MEMBERS).open("w", encoding="utf-8", newline="")

    def add(self, doc_id: str, digest: str, line: str, pipeline: str) -> None:
        from geokg.graph import add_records

        self._ext.write(line + "\n")
        member = {"doc_id": doc_id, "hash": digest, "pipeline": pipeline}
        self._members.write(json.dumps(member, ensure_ascii=False) + "\n")
        add_records(self.G, [json.loads(line)], ontology=self.onto)
        self.count += 1
        self.hashes.append(digest)

    def close(self) -> None:
        for f in (self._ext, self._members):
            f.close()

    def finish(self) -> Any:
        import os

        from geokg.graph import render_html, write_graphml, write_json

        for f in (self._ext, self._members):
            f.flush()
            os.fsync(f.fileno())
            f.close()
        write_json(self.G, self.gen / "graph.json")
        write_graphml(self.G, self.gen / "graph.graphml")
        render_html(self.G, self.gen / "graph.html", title=f"geokg map: {self.count} documents")
        return self.G
