"""Extraction on a Dask cluster (dask.distributed), for when one machine's cores are not enough.

Contract: `pipe_on_dask(records, scheduler=..., chunk=64) -> Iterator[Extraction]`, in input order,
like `Extractor.pipe`. `scheduler` is a scheduler address ("tcp://10.0.0.5:8786") or "local:N" for a
local cluster of N single-threaded worker processes started for the run. Records travel to the
workers in chunks; each worker extracts with its own `Extractor` (gazetteer loaded once per worker);
the results come back to the caller, which lands them in the ledger (SQLite here, or the shared
PostgreSQL ledger that every machine can reach). At most `window` chunks are in flight, so memory
stays bounded however long the input.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from triangulate.ingest.readers import Pending
from triangulate.model import Document, Extraction, RecordError
from triangulate.workers import dask_client


def _extract_chunk(records: list[Document | Pending | RecordError],
                   then: Callable[[Extraction], Extraction] | None = None) -> list[Extraction]:
    from triangulate.extract.pipeline import _extract_one

    return [_extract_one(r, then) for r in records]


def pipe_on_dask(records: Iterable[Document | Pending | RecordError], *, scheduler: str, chunk: int = 64,
                 window: int = 8, then: Callable[[Extraction], Extraction] | None = None) -> Iterator[Extraction]:
    client, cluster = dask_client(scheduler)
    try:
        it = iter(records)
        in_flight: deque[Any] = deque()
        while True:
            while len(in_flight) < window:
                part = list(islice(it, chunk))
                if not part:
                    break
                in_flight.append(client.submit(_extract_chunk, part, then, pure=False))
            if not in_flight:
                break
            yield from in_flight.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
