"""Where an update's time goes, statement by statement: one +1,000 batch landed into a linked ledger and
`update()` run as `bench_ledger.py --batch-only` does, with every `Database.query/execute/executemany`
timed; prints the statements that took longest (time, calls, rows read or written).

    python benchmarks/sql_profile.py --keep big.db [--recent] [--countries SY] [--top 30]

Each run adds one more batch to the ledger (as `--batch-only` does). The timing wraps the calls in
Python, so the update runs a little slower than under bench_ledger.py.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _shape(sql: str) -> str:
    """A statement without its placeholder lists: one line per statement shape."""
    return re.sub(r"\s+", " ", re.sub(r"\((\?, )+\?\)", "(?...)", sql))[:160]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", required=True, help="a linked ledger (bench_ledger.py --keep PATH)")
    parser.add_argument("--recent", action="store_true", help="a live feed's batch (bench_ledger.py --recent)")
    parser.add_argument("--countries", help="ISO codes the batch's places are drawn from (bench_ledger.py's default)")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    import bench_ledger

    from triangulate.store import Ledger
    from triangulate.store import db as store_db

    stats: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0])
    active = [False]  # only the update's statements: not the landing's, nor a migration's at opening

    def timed(name: str, call: Any) -> Any:
        def run(self: Any, sql: str, params: Any = ()) -> Any:
            if not active[0]:
                return call(self, sql, params)
            if name == "executemany":
                params = list(params)
            t = time.perf_counter()
            out = call(self, sql, params)
            entry = stats[(name, _shape(sql))]
            entry[0] += 1
            entry[1] += time.perf_counter() - t
            entry[2] += len(out) if name == "query" else len(params) if name == "executemany" else 0
            return out
        return run

    for name in ("query", "execute", "executemany"):
        setattr(store_db.Database, name, timed(name, getattr(store_db.Database, name)))
    update = Ledger.update

    def update_timed(self: Any, *a: Any, **kw: Any) -> Any:
        active[0] = True
        try:
            return update(self, *a, **kw)
        finally:
            active[0] = False

    Ledger.update = update_timed  # type: ignore[method-assign]
    result = bench_ledger.batch_only(args.keep, args.countries or bench_ledger.CONFLICT_COUNTRIES, 1000,
                                    recent=args.recent)
    print(f"+1000 update {result['batch_link_s']:.1f} s ({result['cpu_s']:.1f} s of CPU,"
          f" {result['disk_read_mb']:.0f} MB read from disk), of which in SQL statements"
          f" {sum(v[1] for v in stats.values()):.1f} s")
    for (name, sql), (calls, spent, rows) in sorted(stats.items(), key=lambda kv: -kv[1][1])[:args.top]:
        print(f"{spent:7.2f} s {int(calls):6d} calls {int(rows):8d} rows  {name} {sql}")


if __name__ == "__main__":
    main()
