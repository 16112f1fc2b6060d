"""Extraction on a local Dask cluster beside the local process pool, on the same reports.

    python benchmarks/bench_dask.py [--workers 2] [--data ../shared/data/gva]

Ingests the unflagged GVA dev articles twice into fresh SQLite ledgers, once with `--jobs N` (a local
process pool) and once with `--scheduler local:N` (a Dask LocalCluster of N single-threaded worker
processes), prints each run's reports/s, and checks that the two ledgers hold the same reports,
incidents and figures.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from triangulate.extract.places import _index
from triangulate.store import Ledger

GVA = Path(__file__).resolve().parents[2] / "shared" / "data" / "gva"


def run(folder: Path, db: str, **kw: object) -> tuple[float, int]:
    t0 = time.perf_counter()
    with Ledger(db) as ledger:
        ledger.ingest([folder], columns={"text": "text", "title": "title", "published": "published",
                                         "outlet": "outlet", "url": "url", "id": ""}, **kw)  # type: ignore[arg-type]
        n = ledger.counts()["documents"]
    return time.perf_counter() - t0, n


def snapshot(db: str) -> list[tuple]:
    with Ledger.open(db) as ledger:
        return [tuple(r.values()) for r in ledger.db.query(
            "SELECT r.id, l.incident_id, r.toll_killed, i.killed_low, i.killed_best, i.killed_high FROM reports r "
            "JOIN report_links l ON l.report_id = r.id JOIN incidents i ON i.id = l.incident_id ORDER BY r.id")]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, default=GVA)
    args = ap.parse_args()
    _index()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        with (args.data / "gva-dev-articles.jsonl").open(encoding="utf-8") as fh, \
                (folder / "articles.jsonl").open("w", encoding="utf-8") as out:
            for line in fh:
                if line.strip() and not json.loads(line).get("flags"):
                    out.write(line)
        pool_s, n = run(folder, str(Path(tmp) / "pool.db"), jobs=args.workers)
        dask_s, m = run(folder, str(Path(tmp) / "dask.db"), scheduler=f"local:{args.workers}")
        same = snapshot(str(Path(tmp) / "pool.db")) == snapshot(str(Path(tmp) / "dask.db"))
    print(f"process pool, {args.workers} processes:  {n} reports in {pool_s:5.1f} s = {n / pool_s:4.0f} reports/s")
    print(f"Dask local cluster, {args.workers} workers: {m} reports in {dask_s:5.1f} s = {m / dask_s:4.0f} reports/s "
          f"(includes starting the cluster)")
    print(f"same ledger: {same}; Dask / pool throughput: {(m / dask_s) / (n / pool_s):.2f}x")


if __name__ == "__main__":
    main()
