"""The local engines: this process, or a pool of worker processes with bounded submission."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from geokg.engines._work import Outcome, Pending, PipelineSettings, extract_batch, ignore_sigint
from geokg.errors import GeokgError
from geokg.schemas import Document

__all__ = ["PoolEngine", "SerialEngine"]


class SerialEngine:
    """Extract in this process; ``submit`` runs the batch at once and returns a finished future."""

    max_inflight = 1

    def __init__(self, settings: PipelineSettings) -> None:
        self.settings = settings

    def submit(self, docs: list[Document]) -> Future[list[Outcome]]:
        fut: Future[list[Outcome]] = Future()
        fut.set_result(extract_batch(self.settings, docs))
        return fut

    def close(self, cancel: bool = False) -> None:
        """Nothing to release."""

    def __enter__(self) -> SerialEngine:
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        self.close(cancel=kind is not None)


class PoolEngine:
    """N worker processes (spawned, so the same on Linux and macOS), each building the pipeline once.

    At most ``2 * N`` batches are in flight: one running per worker and one waiting, so workers never idle
    and memory stays bounded whatever the corpus size.
    """

    def __init__(self, settings: PipelineSettings, *, workers: int) -> None:
        self.settings = settings
        self.max_inflight = 2 * workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=ignore_sigint)

    def submit(self, docs: list[Document]) -> Pending:
        try:
            return Pending(self._pool.submit(extract_batch, self.settings, docs), (BrokenProcessPool,), _died)
        except BrokenProcessPool as exc:
            raise _died() from exc

    def close(self, cancel: bool = False) -> None:
        self._pool.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> PoolEngine:
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        self.close(cancel=kind is not None)


def _died(exc: BaseException | None = None) -> GeokgError:
    return GeokgError("a worker process died (out of memory, or killed); documents finished so far are kept in "
                      "the record store: run the same command again to resume")
