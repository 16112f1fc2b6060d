"""Ingest throughput on the GVA dev articles, and linking's share of it, against a baseline commit.

    python benchmarks/bench_gva.py [--jobs 2] [--baseline 9df8bb0]

Extracts and lands the unflagged GVA dev articles into a fresh in-memory ledger, then links them,
and prints reports/s for each stage and for the whole ingest. With `--baseline REF` the same
measurement runs first on that commit (checked out into a temporary git worktree, imported from its
src/) and then on the working tree, each in a fresh process, and the ratio is printed: before and
after in one command, on the same machine. 9df8bb0 is the ledger before issue 7 (worldwide places,
counting from prose, the pair model).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GVA = ROOT.parent / "shared" / "data" / "gva"

# Runs in a child process against whichever `triangulate` is first on sys.path; it uses only the
# ledger API that has not changed since the first ledger (Ledger.add/relink/counts, Extractor.pipe,
# record_pending), so old commits can be measured by the same code.
MEASURE = r"""
import json, sys, time
from pathlib import Path
from triangulate.extract.pipeline import Extractor
from triangulate.extract.places import _index
from triangulate.ingest.readers import record_pending
from triangulate.store.ledger import Ledger

folder, jobs = Path(sys.argv[1]), int(sys.argv[2])
columns = {"text": "text", "title": "title", "published": "published", "outlet": "outlet", "url": "url", "id": ""}
with (folder / "gva-dev-articles.jsonl").open(encoding="utf-8") as fh:
    articles = [a for a in (json.loads(line) for line in fh if line.strip()) if not a.get("flags")]
_index()  # the gazetteer is built or loaded once per process, outside the timing
pendings = [record_pending(a, source=a["id"], columns=columns) for a in articles]
ledger = Ledger(":memory:")
t0 = time.perf_counter()
ledger.add(Extractor().pipe(pendings, n_process=jobs))
t1 = time.perf_counter()
ledger.relink()
t2 = time.perf_counter()
n = ledger.counts()["documents"]
ledger.close()
print(json.dumps({"documents": n, "extract": t1 - t0, "link": t2 - t1}))
"""


def measure(src: Path, data: Path, jobs: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", MEASURE, str(data), str(jobs)], env=env, capture_output=True,
                         text=True, check=True, cwd=src.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def line(name: str, m: dict[str, float]) -> str:
    n, total = m["documents"], m["extract"] + m["link"]
    return (f"{name:<10} {int(n)} docs  extract+land {n / m['extract']:5.0f}/s  link {n / m['link']:6.0f}/s  "
            f"ingest {n / total:5.0f} reports/s ({total:5.1f} s; linking {100 * m['link'] / total:.0f} % of it)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--data", type=Path, default=GVA)
    ap.add_argument("--baseline", help="a git ref to measure first, e.g. 9df8bb0")
    args = ap.parse_args()
    print(f"GVA dev ingest, jobs={args.jobs}")
    before = None
    if args.baseline:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "baseline"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), args.baseline], check=True)
            try:
                before = measure(tree / "src", args.data, args.jobs)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
        print(line(args.baseline, before))
    after = measure(ROOT / "src", args.data, args.jobs)
    print(line("now", after))
    if before:
        rate = lambda m: m["documents"] / (m["extract"] + m["link"])  # noqa: E731
        print(f"ingest now / {args.baseline}: {rate(after) / rate(before):.2f}x")


if __name__ == "__main__":
    main()
