"""Extraction throughput and peak memory, beside a plain spaCy en_core_web_sm pass over the same
texts in the same run.

    python benchmarks/bench_extract.py [--reports 5000] [--jobs 2]

Each side runs in its own child process so that its peak memory (ru_maxrss of the process and
its workers) is its own. The texts are the FA-KES dev reports (title + content), repeated.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT.parent / "shared" / "data" / "fa-kes" / "fa-kes-dev.csv"


def _rows(n: int) -> list[dict[str, str]]:
    from triangulate.evaluate.fakes import load_rows

    rows = load_rows(FAKES)
    return [rows[i % len(rows)] for i in range(n)]


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def run_triangulate(n: int, jobs: int) -> dict[str, float]:
    from triangulate.evaluate.fakes import COLUMNS
    from triangulate.extract import Extractor
    from triangulate.ingest.readers import record_pending

    rows = _rows(n)
    start = time.perf_counter()
    docs = (record_pending(r, source=str(i), columns=COLUMNS) for i, r in enumerate(rows))
    claims = sum(len(r.claims) for ex in Extractor().pipe(docs, n_process=jobs) for r in ex.reports)
    seconds = time.perf_counter() - start
    return {"reports": n, "seconds": seconds, "reports_per_s": n / seconds, "peak_mb": _peak_mb(), "claims": claims}


def run_spacy(n: int, jobs: int) -> dict[str, float]:
    from triangulate.spacy_model import load_english

    rows = _rows(n)
    texts = [f"{r['article_title']}\n\n{r['article_content']}" for r in rows]
    start = time.perf_counter()
    nlp = load_english()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=jobs, batch_size=64))
    seconds = time.perf_counter() - start
    return {"reports": n, "seconds": seconds, "reports_per_s": n / seconds, "peak_mb": _peak_mb(), "tokens": tokens}


def child(side: str, n: int, jobs: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--side", side, "--reports", str(n), "--jobs", str(jobs)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--side", choices=["triangulate", "spacy"], help=argparse.SUPPRESS)
    parser.add_argument("--skip-spacy", action="store_true", help="only measure triangulate")
    args = parser.parse_args()
    if args.side == "triangulate":
        print(json.dumps(run_triangulate(args.reports, args.jobs)))
        return
    if args.side == "spacy":
        print(json.dumps(run_spacy(args.reports, args.jobs)))
        return
    ours = child("triangulate", args.reports, args.jobs)
    print(f"triangulate extract: {ours['reports']:.0f} reports in {ours['seconds']:.1f} s = "
          f"{ours['reports_per_s']:.0f} reports/s, peak {ours['peak_mb']:.0f} MB, {ours['claims']:.0f} claims "
          f"({args.jobs} processes)")
    if args.skip_spacy:
        return
    base = child("spacy", args.reports, args.jobs)
    print(f"spaCy en_core_web_sm full pipeline: {base['reports']:.0f} reports in {base['seconds']:.1f} s = "
          f"{base['reports_per_s']:.0f} reports/s, peak {base['peak_mb']:.0f} MB ({args.jobs} processes)")
    print(f"ratio: triangulate is {ours['reports_per_s'] / base['reports_per_s']:.1f}x the spaCy pass's throughput")


if __name__ == "__main__":
    main()
