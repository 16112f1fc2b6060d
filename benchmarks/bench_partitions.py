"""A full relink in one process beside the same relink with its pairs scored on worker processes and on
a local Dask cluster, a partition of place blocks at a time, on the same synthetic reports.

    python benchmarks/bench_partitions.py [--reports 50000] [--workers 2] [--countries SY,IQ,...]

Lands `--reports` synthetic reports (made as bench_ledger.py makes them) once, then relinks a fresh copy of
that ledger four times: `relink()` (single process), `relink(jobs=N)` (N local processes),
`relink(scheduler="local:N")` (a Dask LocalCluster of N single-threaded workers, started inside the
timing), then the single process again (the faster of its two runs is the baseline: a later run in one
command runs faster in every stage, parallel or not). Prints each one's time, reports/s and the time of
its stages (statistics, indexing, pair scoring, clustering, reliability, incident figures), and checks
that the ledgers hold the same scored pairs, incidents and figures.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ledger import CONFLICT_COUNTRIES, _land, base_extractions, synthetic  # noqa: E402

STAGES = {  # (module, attribute) -> stage name, timed by wrapping
    ("triangulate.store.link_index", "refresh_snapshot"): "statistics",
    ("triangulate.store.derive", "refresh_snapshot"): "statistics",
    ("triangulate.store.link_index", "LinkIndex.index"): "indexing",
    ("triangulate.store.link_index", "LinkIndex._score"): "scoring",
    ("triangulate.store.derive", "score_partitioned"): "scoring",
    ("triangulate.store.link_index", "LinkIndex.recluster"): "clustering",
    ("triangulate.store.derive", "_refresh_reliability"): "reliability",
    ("triangulate.store.derive", "_write_incidents"): "incidents",
    ("triangulate.store.shadow", "swap"): "swap",
}


def _timed(spent: dict[str, float]) -> None:
    import importlib

    for (module, attr), stage in STAGES.items():
        owner: Any = importlib.import_module(module)
        if "." in attr:
            cls, attr = attr.split(".")
            owner = getattr(owner, cls)
        inner: Callable[..., Any] = getattr(owner, attr)

        def wrapper(*a: Any, __inner: Callable[..., Any] = inner, __stage: str = stage, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return __inner(*a, **kw)
            finally:
                spent[__stage] = spent.get(__stage, 0.0) + time.perf_counter() - t

        setattr(owner, attr, wrapper)


def _state(path: Path) -> tuple[Any, ...]:
    from triangulate.store import Ledger

    with Ledger.open(str(path)) as ledger:
        q = ledger.db.query
        return (q("SELECT a, b, p FROM link_pairs ORDER BY a, b"),
                q("SELECT r.id, l.incident_id, l.credibility FROM reports r"
                  " LEFT JOIN report_links l ON l.report_id = r.id ORDER BY r.id"),
                q("SELECT * FROM incidents ORDER BY id"), q("SELECT * FROM sources ORDER BY outlet"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--countries", default=CONFLICT_COUNTRIES)
    args = parser.parse_args()
    from triangulate.extract.places import _index
    from triangulate.store import Ledger

    base_extractions()
    _index()
    spent: dict[str, float] = {}
    _timed(spent)
    # the single process runs first and again last (runs later in one command ran faster in every stage,
    # parallel or not: the faster of its two runs is the baseline)
    runs = {"single process": {}, f"{args.workers} processes": {"jobs": args.workers},
            f"Dask local:{args.workers}": {"scheduler": f"local:{args.workers}"}, "single process again": {}}
    with tempfile.TemporaryDirectory(dir=str(Path(__file__).resolve().parent / ".cache")) as tmp:
        landed = Path(tmp) / "landed.db"
        ledger = Ledger(str(landed))
        land = _land(ledger, synthetic(args.reports, countries=args.countries))
        ledger.close()
        print(f"{args.reports} synthetic reports landed in {land:.1f} s", flush=True)
        states, times = {}, {}
        for name, kw in runs.items():
            path = Path(tmp) / f"{len(states)}.db"
            shutil.copy(landed, path)
            spent.clear()
            ledger = Ledger(str(path))
            t = time.perf_counter()
            ledger.relink(**kw)
            times[name] = time.perf_counter() - t
            ledger.close()
            stages = ", ".join(f"{k} {v:.1f} s" for k, v in spent.items())
            print(f"{name:<16} relink {times[name]:6.1f} s = {args.reports / times[name]:5.0f} reports/s  ({stages})",
                  flush=True)
            states[name] = _state(path)
        first = next(iter(states.values()))
        same = all(s == first for s in states.values())
        base = min(times["single process"], times["single process again"])
        print(f"same pairs, incidents and figures in all four: {same}; speed-up over the faster single-process run: "
              + ", ".join(f"{n} {base / t:.2f}x" for n, t in times.items() if not n.startswith("single")))
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
