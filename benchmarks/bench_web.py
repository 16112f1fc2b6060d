"""Load check of the review app: many concurrent clients on the list and incident pages of a large
ledger, against a real server (`triangulate serve`, a child process) on loopback.

    python benchmarks/bench_web.py [--incidents 100000] [--clients 200] [--requests 4000]

The ledger is built once from synthetic reports (benchmarks/bench_ledger.py) and kept in
benchmarks/.cache/. One client first (latency: the time a page takes with nothing else running, seen
from the client on loopback), then `--clients` at once (throughput). Prints median and p99 latency
per page kind, throughput and errors.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def build(path: Path, n: int) -> None:
    from bench_ledger import synthetic

    from triangulate.store import Ledger

    tmp = path.with_suffix(".partial")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    ledger = Ledger(str(tmp))
    chunk = []
    for ex in synthetic(n):
        chunk.append(ex)
        if len(chunk) == 1000:
            ledger.add(chunk)
            chunk = []
    ledger.add(chunk)
    ledger.relink()
    ledger.close()
    tmp.rename(path)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(url: str, rows: list[dict[str, str]], admin1: list[str], clients: int,
               requests: int) -> dict[str, list[float]]:
    """Half incident pages, half list pages: filtered, sorted, searched, and deep pages (a keyset
    cursor at a random incident)."""
    import httpx

    rng = random.Random(3)
    paths = []
    for i in range(requests):
        row = rng.choice(rows)
        if i % 2:
            paths.append(("incident", f"/incidents/{row['id']}"))
        else:
            query = rng.choice(["", "?contested=true", f"?admin1={quote(rng.choice(admin1))}", "?sort=toll",
                                f"?after={quote(str(row['date'] or '') + '~' + row['id'])}", "?q=aleppo",
                                "?grade=fair&sort=sources"])
            paths.append(("list", "/" + query))
    results: dict[str, list[float]] = {"list": [], "incident": [], "errors": []}
    reasons: list[str] = []
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
        async def worker() -> None:
            while not queue.empty():
                kind, path = queue.get_nowait()
                start = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200
                    if not ok:
                        reasons.append(f"{r.status_code} {path}")
                except httpx.HTTPError as exc:
                    ok = False
                    reasons.append(f"{type(exc).__name__} {path}")
                elapsed = time.perf_counter() - start
                results[kind if ok else "errors"].append(elapsed)

        await asyncio.gather(*(worker() for _ in range(clients)))
    results["reasons"] = reasons  # type: ignore[assignment]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=100000, help="synthetic reports in the ledger")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--one-client-requests", type=int, default=400, help="requests of the one-client run (latency)")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--db", help="an existing ledger (bench_ledger.py --keep) instead of building one")
    args = parser.parse_args()
    cache = HERE / ".cache"
    cache.mkdir(exist_ok=True)
    db = Path(args.db) if args.db else cache / f"ledger-{args.incidents}.db"
    if not db.exists():
        t = time.perf_counter()
        build(db, args.incidents)
        print(f"built {db.name} in {time.perf_counter() - t:.0f} s", flush=True)
    from triangulate.store import Ledger

    with Ledger(str(db)) as ledger:
        n = ledger.counts()["incidents"]
        rows = ledger.db.query("SELECT id, date FROM incidents")
        admin1 = [r["admin1"] for r in ledger.db.query("SELECT DISTINCT admin1 FROM incidents WHERE admin1 IS NOT NULL"
                                                         " LIMIT 40")]
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "triangulate", "serve", "--db", str(db), "--port", str(port),
                               "--workers", str(args.workers)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(100):
            try:
                httpx.get(url + "/api/incidents?per_page=1", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        print(f"ledger: {n} incidents; {args.workers} server processes", flush=True)
        for clients, requests in ((1, args.one_client_requests), (args.clients, args.requests)):
            start = time.perf_counter()
            res = asyncio.run(load(url, rows, admin1, clients, requests))
            wall = time.perf_counter() - start
            print(f"{clients} concurrent client(s), {requests} requests in {wall:.1f} s ({requests / wall:.0f} requests/s), "
                  f"{len(res['errors'])} errors" + (f": {'; '.join(res['reasons'][:5])}" if res["reasons"] else ""))
            for kind in ("list", "incident"):
                xs = sorted(res[kind])
                if xs:
                    p99 = xs[min(len(xs) - 1, int(0.99 * len(xs)))]
                    print(f"  {kind:8} pages: {len(xs)} ok, median {statistics.median(xs) * 1000:.1f} ms, "
                          f"p99 {p99 * 1000:.1f} ms", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
