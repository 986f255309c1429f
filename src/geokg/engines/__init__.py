"""Engines run extraction batches somewhere and hand the outcomes back in submission order.

- ``local`` with one worker: in this process.
- ``local`` with ``--workers N``: a pool of N processes, each with its own pipeline.
- ``dask``: futures on a Dask cluster (a ``distributed.LocalCluster`` unless a scheduler address is given).

An engine's ``submit(docs)`` returns a future whose ``result()`` is one :data:`Outcome` per document. The
caller keeps a bounded number of futures in flight (``engine.max_inflight``), so the corpus is never
submitted up front.
"""

from __future__ import annotations

from typing import Any

from geokg.engines._work import Outcome, PipelineSettings, extract_batch

__all__ = ["Outcome", "PipelineSettings", "extract_batch", "make_engine"]


def make_engine(name: str, settings: PipelineSettings, *, workers: int = 1, scheduler: str | None = None) -> Any:
    """Return a started engine (use it as a context manager).

    Raises:
        geokg.errors.GeokgError: the dask extra is missing, or the scheduler cannot be reached.
    """
    if name == "dask":
        from geokg.engines.dask import DaskEngine

        return DaskEngine(settings, workers=workers, scheduler=scheduler)
    from geokg.engines.local import PoolEngine, SerialEngine

    return SerialEngine(settings) if workers <= 1 else PoolEngine(settings, workers=workers)
