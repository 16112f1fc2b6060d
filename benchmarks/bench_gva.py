"""Ingest throughput on the GVA dev articles, and linking's share of it.

    python benchmarks/bench_gva.py [--jobs 2]

Extracts and lands the unflagged GVA dev articles into a fresh in-memory ledger, then links them,
and prints reports/s for each stage and for the whole ingest (same figures as `evaluate gva`'s time
line, without the scoring).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from triangulate.evaluate.gva import COLUMNS, load_articles
from triangulate.extract.pipeline import Extractor
from triangulate.extract.places import _index
from triangulate.ingest.readers import record_pending
from triangulate.store.ledger import Ledger

GVA = Path(__file__).resolve().parents[2] / "shared" / "data" / "gva"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--data", type=Path, default=GVA)
    args = ap.parse_args()
    _index()  # the gazetteer is built or loaded once per process, outside the timing
    articles = load_articles(args.data)
    pendings = [record_pending(a, source=a["id"], columns=COLUMNS) for a in articles]
    ledger = Ledger(":memory:")
    t0 = time.perf_counter()
    ledger.add(Extractor().pipe(pendings, n_process=args.jobs))
    t1 = time.perf_counter()
    ledger.relink()
    t2 = time.perf_counter()
    n = ledger.counts()["documents"]
    ledger.close()
    print(f"GVA dev: {n} documents, jobs={args.jobs}")
    print(f"extract+land {t1 - t0:6.1f} s  {n / (t1 - t0):7.0f} reports/s")
    print(f"link         {t2 - t1:6.1f} s  {n / (t2 - t1):7.0f} reports/s")
    print(f"ingest       {t2 - t0:6.1f} s  {n / (t2 - t0):7.0f} reports/s  (linking {100 * (t2 - t1) / (t2 - t0):.0f} % of it)")


if __name__ == "__main__":
    main()
