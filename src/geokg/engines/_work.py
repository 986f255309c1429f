"""What runs where the documents are extracted: in this process, a worker process or a Dask worker.

Results travel back as plain tuples and JSON strings, never as exception objects (``DocumentError`` cannot be
rebuilt from its pickled arguments, which used to break the process pool) nor as spaCy Docs.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from geokg.errors import DocumentError, GeokgError
from geokg.schemas import Document

__all__ = ["Outcome", "Pending", "PipelineSettings", "extract_batch", "ignore_sigint", "part_of"]

#: ("ok", part JSON) for an extracted document, ("fail", reason) for a document that failed,
#: ("fatal", message) when the pipeline itself cannot be built (then the whole build stops).
Outcome = tuple[str, str]


@dataclass(frozen=True)
class PipelineSettings:
    """Everything a worker needs to build the same pipeline as the main process (picklable)."""

    model: str | None = None
    alias_file: str | None = None
    max_chars: int = 5_000_000
    split_chars: int = 100_000
    batch_size: int = 32
    fast: bool = False


_LOCK = threading.Lock()  # a Dask worker may run tasks in threads; one pipeline per process, used by one
_EXTRACTORS: dict[PipelineSettings, Any] = {}


def ignore_sigint() -> None:
    """Worker initialiser: Ctrl-C is the main process's to handle (it stops the pool and exits 130); the worker
    is geokg's own process, so it keeps freed memory for the parser's next batch (``keep_freed_memory``)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from geokg._memory import keep_freed_memory

    keep_freed_memory()


def _extractor(settings: PipelineSettings) -> Any:
    ex = _EXTRACTORS.get(settings)
    if ex is None:
        from geokg.extractor import Extractor

        ex = Extractor(settings.model, alias_file=settings.alias_file, batch_size=settings.batch_size,
                       fast=settings.fast, split_chars=settings.split_chars)
        ex.nlp.max_length = max(ex.nlp.max_length, settings.split_chars + 1)
        ex.nlp("Warm-up.")  # components load their data on first use: a bad --aliases file fails here, once
        _EXTRACTORS[settings] = ex
    return ex


def part_of(record: Any, document: Document) -> str:
    """The stored part of an extraction: entities, relations and the warnings extraction added (JSON)."""
    data = record.model_dump(mode="json")
    own = data["warnings"][len(document.warnings):]
    return json.dumps({"entities": data["entities"], "relations": data["relations"], "warnings": own},
                      ensure_ascii=False)


def extract_batch(settings: PipelineSettings, docs: list[Document]) -> list[Outcome]:
    """Extract ``docs`` with the process's pipeline (built on first use); one outcome per document, in order."""
    with _LOCK:
        try:
            ex = _extractor(settings)
        except GeokgError as exc:
            return [("fatal", str(exc))]
        except Exception as exc:  # noqa: BLE001  (reported as one line by the main process)
            return [("fatal", f"the pipeline could not be built: {type(exc).__name__}: {exc}")]
        out: list[Outcome] = []
        for doc, result in zip(docs, ex.extract(docs), strict=True):
            if isinstance(result, DocumentError):
                out.append(("fail", result.reason))
            else:
                out.append(("ok", part_of(result, doc)))
        return out


class Pending:
    """An engine's future: ``result()`` turns the engine's own failures (``catch``) into one clear GeokgError."""

    def __init__(self, fut: Any, catch: tuple[type[BaseException], ...],
                 explain: Callable[[BaseException], GeokgError]) -> None:
        self._fut, self._catch, self._explain = fut, catch, explain

    def done(self) -> bool:
        return self._fut.done()

    def result(self) -> list[Outcome]:
        try:
            return self._fut.result()
        except self._catch as exc:
            raise self._explain(exc) from None
