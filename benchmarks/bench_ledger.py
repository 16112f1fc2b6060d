"""Ledger throughput and memory: landing reports, linking them into incidents and reconciling, on
synthetic reports made from the FA-KES extractions (dates shifted over ten years, places moved among
the governorates' towns, texts re-mixed from real sentences so copies stay rare), at growing sizes.

    python benchmarks/bench_ledger.py [--sizes 10000,20000,50000,100000]

Extraction is measured apart (benchmarks/bench_extract.py): here each size is extracted once from the
531 real reports and the copies are made from those extractions. Each size runs in a child process so
its peak memory is its own.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT.parent / "shared" / "data" / "fa-kes" / "fa-kes-dev.csv"


def synthetic(n: int, seed: int = 7):  # type: ignore[no-untyped-def]
    from triangulate.evaluate.fakes import COLUMNS, load_rows
    from triangulate.extract.pipeline import Extractor
    from triangulate.extract.places import _index
    from triangulate.ingest.readers import record_pending
    from triangulate.model import Document, Place

    rows = load_rows(FAKES)
    base = [ex for ex in Extractor().pipe(record_pending(r, source=str(i), columns=COLUMNS) for i, r in enumerate(rows))
            if ex.main is not None]
    sentences = [s for ex in base for s in ex.document.text.split(". ") if len(s) > 40]
    towns = [e for e in _index().entries if e.country == "SY" and e.precision == "city" and e.population > 5000]
    rng = random.Random(seed)
    for k in range(n):
        ex = copy.deepcopy(base[k % len(base)])
        shift = dt.timedelta(days=rng.randrange(3650))
        town = rng.choice(towns)
        body = ". ".join(rng.sample(sentences, 6))
        text = f"{ex.document.title}\n\n{body} [synthetic {k}]"
        doc = Document(text=text, source=f"synthetic:{k}", title=ex.document.title, outlet=ex.document.outlet,
                       published=(ex.document.published or dt.date(2015, 1, 1)) + shift)
        ex.document = doc
        for r in ex.reports:
            if r.date:
                r.date += shift
            r.place = Place(town.name, town.geonameid, town.lat, town.lon, "SY", None, "city")
            from triangulate.extract.places import admin1_name

            r.place.admin1 = admin1_name("SY", town.admin1)
            for c in r.claims:
                c.evidence = type(c.evidence)(doc.id, c.evidence.start, c.evidence.end, c.evidence.text)
        yield ex


def run(n: int) -> dict[str, float]:
    from triangulate.store import Ledger

    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger(str(Path(tmp) / "bench.db"))
        land = 0.0
        chunk = []
        for ex in synthetic(n):  # made lazily, 500 at a time: only the landing is timed
            chunk.append(ex)
            if len(chunk) == 500:
                t = time.perf_counter()
                ledger.add(chunk)
                land += time.perf_counter() - t
                chunk = []
        if chunk:
            t = time.perf_counter()
            ledger.add(chunk)
            land += time.perf_counter() - t
        t1 = time.perf_counter()
        ledger.relink()
        link = time.perf_counter() - t1
        counts = ledger.counts()
        ledger.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"reports": n, "land_s": land, "link_reconcile_s": link, "total_s": land + link,
            "per_s": n / (land + link), "incidents": counts["incidents"], "peak_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,20000,50000,100000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one)))
        return
    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['reports']:>7} reports: land {r['land_s']:.1f} s + link/reconcile {r['link_reconcile_s']:.1f} s = "
              f"{r['total_s']:.1f} s ({r['per_s']:.0f} reports/s), {r['incidents']} incidents, peak {r['peak_mb']:.0f} MB",
              flush=True)
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"growth: {b['reports'] / a['reports']:.0f}x the reports took {b['total_s'] / a['total_s']:.1f}x the time "
              f"(linear would be {b['reports'] / a['reports']:.0f}x)")


if __name__ == "__main__":
    main()
