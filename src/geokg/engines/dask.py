"""The Dask engine: extraction batches as futures on a Dask cluster (``pip install 'geokg[dask]'``).

Each batch (a partition of the input stream) is one task; the worker process that runs it builds geokg's
pipeline on its first task and keeps it (see ``geokg.engines._work``), so a pipeline is built once per worker.
Outcomes come back to this process in submission order, which folds them into the record store and the
graph: the graph is a reduce over the partitions' results, in input order, which is why it equals the local
engine's byte for byte. Without ``--scheduler`` a ``distributed.LocalCluster`` with ``--workers`` processes
(one thread each) is started and stopped with the build.
"""

from __future__ import annotations

import logging
from typing import Any

from geokg.engines._work import Pending, PipelineSettings, extract_batch
from geokg.errors import GeokgError
from geokg.schemas import Document

__all__ = ["DaskEngine"]

#: Seconds to wait for the scheduler given with ``--scheduler`` before the build stops with a clear error.
CONNECT_TIMEOUT = 10


class DaskEngine:
    """Submit batches to a Dask cluster, at most ``2 * workers`` (or twice the cluster's threads) at a time."""

    def __init__(self, settings: PipelineSettings, *, workers: int = 1, scheduler: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise GeokgError("--engine dask needs the dask extra: pip install 'geokg[dask]'") from None
        self.settings = settings
        self._cluster = None
        try:
            if scheduler is None:
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None, silence_logs=logging.CRITICAL)
                self._client = Client(self._cluster, set_as_default=False)
            else:
                self._client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise GeokgError(f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with "
                             f"'dask scheduler' and workers with 'dask worker ADDRESS'") from None
        threads = sum(self._client.nthreads().values()) or workers
        self.max_inflight = 2 * max(threads, 1)

    def submit(self, docs: list[Document]) -> Any:
        return Pending(self._client.submit(extract_batch, self.settings, docs, pure=False), (Exception,), _failed)

    def close(self, cancel: bool = False) -> None:
        client, cluster = getattr(self, "_client", None), self._cluster
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, kind: Any, *_: Any) -> None:
        self.close(cancel=kind is not None)


def _failed(exc: BaseException) -> GeokgError:
    # a worker lost, a task cancelled: one line, not a traceback
    return GeokgError(f"a Dask task failed: {type(exc).__name__}: {exc}; documents finished so far are kept in the "
                      f"record store: run the same command again to resume")
