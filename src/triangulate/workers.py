"""Where parallel work runs: local processes or a Dask cluster (dask.distributed).

Contract: `Workers(jobs=N)` (N local processes, started fresh with `spawn`: a forked child would inherit
the caller's open SQLite connection) or `Workers(scheduler="tcp://host:8786" | "local:N")` (a Dask
cluster's workers; `local:N` starts N single-threaded worker processes for the run).
`workers.map_unordered(fn, tasks)` runs `fn(*task)` for every task, at most `window` in flight (memory
stays bounded however many tasks), and yields the results as they finish. `fn` must be a module-level
function (it travels by name); what it needs beyond its arguments it opens itself in the worker.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any


def dask_client(scheduler: str) -> tuple[Any, Any]:
    """A Dask client for `scheduler` (an address, or local:N), and the local cluster it started (or None)."""
    from distributed import Client, LocalCluster

    if scheduler.startswith("local:"):
        workers = max(1, int(scheduler.split(":", 1)[1] or 1))
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
        return Client(cluster), cluster  # type: ignore[no-untyped-call]
    return Client(scheduler), None  # type: ignore[no-untyped-call]


@dataclass(slots=True)
class Workers:
    jobs: int = 1
    scheduler: str | None = None

    @property
    def parallel(self) -> bool:
        return self.jobs > 1 or bool(self.scheduler)

    def map_unordered(self, fn: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], *,
                      window: int | None = None) -> Iterator[Any]:
        if self.scheduler:
            yield from self._on_dask(fn, tasks, window or 8)
            return
        if self.jobs <= 1:
            for task in tasks:
                yield fn(*task)
            return
        with ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            in_flight: set[Future[Any]] = set()
            for task in tasks:
                in_flight.add(pool.submit(fn, *task))
                if len(in_flight) >= (window or 2 * self.jobs + 1):
                    done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                    for f in done:
                        yield f.result()
            for f in in_flight:
                yield f.result()

    def _on_dask(self, fn: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], window: int) -> Iterator[Any]:
        from distributed import as_completed

        assert self.scheduler is not None
        client, cluster = dask_client(self.scheduler)
        try:
            running = as_completed()  # type: ignore[no-untyped-call]
            pending = 0
            for task in tasks:
                running.add(client.submit(fn, *task, pure=False))  # type: ignore[no-untyped-call]
                pending += 1
                if pending >= window:
                    yield next(running).result()
                    pending -= 1
            for future in running:
                yield future.result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
