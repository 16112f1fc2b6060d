"""Ledger throughput and memory: landing reports, linking them into incidents and reconciling, on
synthetic reports made from the FA-KES extractions (dates shifted over ten years, places moved among
the towns of ten countries at war, texts re-mixed from real sentences so copies stay rare), at
growing sizes; then one more batch of 1,000 reports linked incrementally into the full ledger.

    python benchmarks/bench_ledger.py [--sizes 10000,100000,1000000] [--countries SY,IQ,...] [--baseline REF]
    python benchmarks/bench_ledger.py --sizes 1000000 --keep big.db --land-only   # then the same without
    --land-only: the landing and the relink of a big size measured in two runs
    python benchmarks/bench_ledger.py --keep big.db --batch-only   # one more +1,000 update on a linked ledger
    python benchmarks/bench_ledger.py --keep big.db --relink-only  # relink a ledger landed or linked by older code

Per size, in a child process of its own (so its peak memory is its own): land every report (500 a
transaction), `relink()` (a full streaming rebuild: statistics, linking index, incidents, reliability),
then land 1,000 more and `update()` (incremental). With `--baseline REF` each size runs first on that
commit (checked out into a temporary git worktree and imported from it), then on this one. Peak memory
is the child's maximum resident set, beside the resident set right after the base extractions are
loaded (the floor every size pays).

Extraction is measured apart (benchmarks/bench_extract.py): the 531 real reports are extracted once
(cached in benchmarks/.cache/) and the synthetic copies are made from those extractions. Each copy
gets its text key (what linking reads of the text, link/text_keys.py) where it is made, untimed, as an
ingest's extraction workers make it beside the extraction. With
`--countries SY` every report falls in Syria's 14 governorates: at a million reports that is 270 a day
in one country, and every report has ~200 candidates in its place block (the density of the old
benchmark, which grew quadratically).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FAKES = ROOT.parent / "shared" / "data" / "fa-kes" / "fa-kes-dev.csv"


def _code_version() -> str:
    """A hash of the imported package's code and data (this tree's, or a baseline's): cached extractions
    are made again when either changes (a pickle of older model classes can load and still be wrong)."""
    import hashlib

    import triangulate

    src = Path(triangulate.__file__).resolve().parent
    h = hashlib.sha1()
    for path in sorted(p for p in src.rglob("*") if p.suffix in (".py", ".json") and p.is_file()):
        h.update(path.relative_to(src).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _cache() -> Path:
    return Path(__file__).resolve().parent / ".cache" / f"fakes-extractions-{_code_version()}.pickle"
CONFLICT_COUNTRIES = "SY,IQ,YE,AF,UA,SD,ML,NG,SO,LY"
RECENT_DAYS = 3  # --batch-only --recent: the batch is published over the three days after the ledger's last (a
# live feed moves on: successive batches do not pile into the same days, as they did when a batch took the ledger's
# last three days, 1,000 more reports each run where the million has 274 a day)


def base_extractions() -> list[Any]:
    cache = _cache()
    if cache.exists():
        with cache.open("rb") as fh:
            return pickle.load(fh)  # type: ignore[no-any-return]
    from triangulate.evaluate.fakes import COLUMNS, load_rows
    from triangulate.extract.pipeline import Extractor
    from triangulate.ingest.readers import record_pending

    rows = load_rows(FAKES)
    base = [ex for ex in Extractor().pipe(record_pending(r, source=str(i), columns=COLUMNS) for i, r in enumerate(rows))
            if ex.main is not None]
    cache.parent.mkdir(exist_ok=True)
    with cache.open("wb") as fh:
        pickle.dump(base, fh)
    return base


def synthetic(n: int, seed: int = 7, countries: str = CONFLICT_COUNTRIES, start: int = 0,  # type: ignore[no-untyped-def]
              recent: dt.date | None = None):
    """`n` synthetic extractions (numbered from `start`, so a later batch gets new documents), each shifted
    by up to ten years; `recent`: each published in the RECENT_DAYS after that day instead (a live feed's
    next batch, whose candidates are the ledger's latest reports, not reports of any of ten years)."""
    from triangulate.extract.places import _index, admin1_name
    from triangulate.model import Document, Place

    try:
        from triangulate.link.text_keys import with_text_key
    except ImportError:  # a baseline from before text keys
        with_text_key = None

    base = base_extractions()
    sentences = [s for ex in base for s in ex.document.text.split(". ") if len(s) > 40]
    wanted = set(countries.split(","))
    towns = [e for e in _index().entries if e.country in wanted and e.precision == "city" and e.population > 5000]
    rng = random.Random(seed + start)
    for k in range(start, start + n):
        ex = copy.deepcopy(base[k % len(base)])
        shift = dt.timedelta(days=rng.randrange(3650))
        if recent is not None:
            shift = recent + dt.timedelta(days=1 + rng.randrange(RECENT_DAYS)) - (ex.document.published or dt.date(2015, 1, 1))
        town = rng.choice(towns)
        body = ". ".join(rng.sample(sentences, 6))
        text = f"{ex.document.title}\n\n{body} [synthetic {k}]"
        doc = Document(text=text, source=f"synthetic:{k}", title=ex.document.title, outlet=ex.document.outlet,
                       published=(ex.document.published or dt.date(2015, 1, 1)) + shift)
        ex.document = doc
        if with_text_key is not None:
            with_text_key(ex)  # made by the extraction workers in a real ingest; the generator stands in for them
        for r in ex.reports:
            if r.date:
                r.date += shift
            r.place = Place(town.name, town.geonameid, town.lat, town.lon, town.country,
                            admin1_name(town.country, town.admin1), "city")
            for c in r.claims:
                c.evidence = type(c.evidence)(doc.id, c.evidence.start, c.evidence.end, c.evidence.text)
        yield ex


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _land(ledger: Any, extractions: Any) -> float:
    spent, chunk = 0.0, []
    for ex in extractions:  # made lazily, 500 at a time: only the landing is timed
        chunk.append(ex)
        if len(chunk) == 500:
            t = time.perf_counter()
            ledger.add(chunk)
            spent += time.perf_counter() - t
            chunk = []
    if chunk:
        t = time.perf_counter()
        ledger.add(chunk)
        spent += time.perf_counter() - t
    return spent


def batch_only(path: str, countries: str, batch: int, recent: bool = False) -> dict[str, float]:
    """Land `batch` more synthetic reports into a linked ledger and time `update()` alone (each run adds
    one more batch, numbered after the documents already there); `recent`: published over the RECENT_DAYS
    days after the ledger's last (a live feed), not over any of ten years (a backfill of archives)."""
    from triangulate.extract.places import _index
    from triangulate.store import Ledger

    base_extractions()
    _index()
    ledger = Ledger(path)
    landed = ledger.db.scalar("SELECT COUNT(*) FROM documents")
    if not ledger.db.scalar("SELECT COUNT(*) FROM report_links"):
        sys.exit(f"{path} is not linked: run the size without --batch-only first")
    last = ledger.db.scalar("SELECT MAX(published) FROM documents") if recent else None
    batch_land = _land(ledger, synthetic(batch, countries=countries, start=landed,
                                         recent=dt.date.fromisoformat(str(last)[:10]) if last else None))
    disk, cpu = _read_bytes(), time.process_time()
    t = time.perf_counter()
    ledger.update()
    batch_link = time.perf_counter() - t
    disk, cpu = _read_bytes() - disk, time.process_time() - cpu
    unlinked = ledger.db.scalar("SELECT COUNT(*) FROM reports r"
                                " WHERE NOT EXISTS (SELECT 1 FROM report_links l WHERE l.report_id = r.id)")
    ledger.close()
    return {"reports": landed, "batch": batch, "batch_land_s": batch_land, "batch_link_s": batch_link,
            "unlinked": unlinked, "peak_mb": _rss_mb(), "disk_read_mb": disk / 2**20,
            "cpu_s": cpu}


def relink_only(path: str, keys_only: bool = False) -> dict[str, float]:
    """Relink a ledger as it is (landed, or linked by older code): first the documents' text keys that older
    rules made are made again and stored (timed apart: a fresh ingest makes them in its extraction workers),
    then `relink()` is timed (not with `keys_only`: an update's timing on a ledger linked by older rules)."""
    import resource

    from triangulate.store import Ledger
    from triangulate.store.link_index import load_text_keys, query_in

    ledger = Ledger(path)
    db = ledger.db
    t, last, n = time.perf_counter(), "", 0
    while ids := [r["id"] for r in db.query("SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT 5000", (last,))]:
        last = ids[-1]
        with db.transaction():
            keys = load_text_keys(db, ids)  # stored keys of the current rules are read, the others made and stored
            older = [r["document_id"] for r in query_in(  # stored as lists of integers: as a fresh ingest stores them
                db, "SELECT document_id FROM link_texts WHERE document_id IN ({}) AND key LIKE '%\"c\":[%'", ids)]
            db.executemany("UPDATE link_texts SET key = ? WHERE document_id = ?", [(keys[i].to_json(), i) for i in older])
        n += len(ids)
    keys_s = time.perf_counter() - t
    if keys_only:
        t = time.perf_counter()
        norms = fill_norms(db)
        out = {"reports": n, "keys_s": keys_s, "norms": norms, "norms_s": time.perf_counter() - t}
        ledger.close()
        return out
    t = time.perf_counter()
    ledger.relink()
    relink_s = time.perf_counter() - t
    out = {"reports": n, "keys_s": keys_s, "relink_s": relink_s, "incidents": db.scalar("SELECT COUNT(*) FROM incidents"),
           "pairs": db.scalar("SELECT COUNT(*) FROM link_pairs"),
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    ledger.close()
    return out


def fill_norms(db: Any) -> int:
    """Store the TF-IDF norms of the indexed reports that have none (a ledger linked before they were
    stored; an update works them out as it meets them): returns how many were stored."""
    from triangulate.store.link_index import StoredCorpus, indexed_keys, load_snapshot

    snap = load_snapshot(db)
    if snap is None:
        return 0
    corpus = StoredCorpus(db, snap)
    last, before = "", db.scalar("SELECT COUNT(*) FROM link_norms")
    while ids := [r["report_id"] for r in db.query(
            "SELECT report_id FROM link_reports WHERE report_id > ? AND main = 1 ORDER BY report_id LIMIT 5000", (last,))]:
        last = ids[-1]
        keys, _ = indexed_keys(db, ids)
        with db.transaction():
            corpus.forget()
            corpus.norms_for(keys)
    return int(db.scalar("SELECT COUNT(*) FROM link_norms")) - int(before)


def _read_bytes() -> int:
    """Bytes this process has had read from storage (Linux: what the page cache did not hold); 0 elsewhere.
    A cold update's cost is mostly these reads, and unlike seconds they do not depend on what else runs."""
    try:
        with open("/proc/self/io") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("read_bytes:"))
    except (OSError, StopIteration):
        return 0


def run(n: int, countries: str, batch: int, keep: str | None = None, land_only: bool = False) -> dict[str, float]:
    from triangulate.extract.places import _index
    from triangulate.store import Ledger

    base_extractions()
    _index()
    floor = _rss_mb()
    with tempfile.TemporaryDirectory(dir=str(Path(__file__).resolve().parent / ".cache")) as tmp:
        path = Path(keep) if keep else Path(tmp) / "bench.db"
        ledger = Ledger(str(path))
        landed = ledger.db.scalar("SELECT COUNT(*) FROM documents")
        if keep and landed == n:  # a run stopped after landing (its landing time is in its own output)
            if land_only:
                sys.exit(f"{path} already holds the {n} reports: nothing to land")
            land = 0.0
        elif landed:
            sys.exit(f"{path} holds {landed} documents, not 0 or {n}")
        else:
            land = _land(ledger, synthetic(n, countries=countries))
        if land_only:
            ledger.close()
            return {"reports": n, "land_s": land, "peak_mb": _rss_mb(), "floor_mb": floor,
                    "db_mb": path.stat().st_size / 2**20}
        t = time.perf_counter()
        ledger.relink()
        link = time.perf_counter() - t
        incidents = ledger.db.scalar("SELECT COUNT(*) FROM incidents")
        pairs = ledger.db.scalar("SELECT COUNT(*) FROM link_pairs")
        errors = ledger.errors()
        if errors:  # a benchmark that quarantined its reports measures nothing
            sys.exit(f"{len(errors)} reports did not land; the first: {errors[0]['message']}")
        batch_land = _land(ledger, synthetic(batch, countries=countries, start=n))
        t = time.perf_counter()
        ledger.update()
        batch_link = time.perf_counter() - t
        unlinked = ledger.db.scalar("SELECT COUNT(*) FROM reports r"
                                    " WHERE NOT EXISTS (SELECT 1 FROM report_links l WHERE l.report_id = r.id)")
        size_mb = path.stat().st_size / 2**20
        ledger.close()
    return {"reports": n, "land_s": land, "link_reconcile_s": link, "total_s": land + link,
            "per_s": n / (land + link), "incidents": incidents, "pairs": pairs, "peak_mb": _rss_mb(), "floor_mb": floor,
            "batch": batch, "batch_land_s": batch_land, "batch_link_s": batch_link, "unlinked": unlinked,
            "db_mb": size_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--countries", default=CONFLICT_COUNTRIES, help="ISO codes the synthetic places are drawn from")
    parser.add_argument("--batch", type=int, default=1000, help="reports added incrementally after the relink")
    parser.add_argument("--keep", help="keep the (last size's) ledger at this path, e.g. for bench_web.py --db; a"
                        " ledger there that already holds the size's reports (a run stopped after landing) is not"
                        " landed again: its relink and update are measured, its landing shows 0 s")
    parser.add_argument("--land-only", action="store_true",
                        help="land the reports into --keep and stop (a later run with the same --keep relinks them)")
    parser.add_argument("--batch-only", action="store_true",
                        help="with --keep holding a linked ledger: land --batch more reports into it and time"
                        " update() alone (in this process; each run adds another batch)")
    parser.add_argument("--recent", action="store_true",
                        help=f"with --batch-only: the batch is published over the {RECENT_DAYS} days after the ledger's"
                        " last (a live feed's next batch) instead of over ten years (a backfill)")
    parser.add_argument("--relink-only", action="store_true",
                        help="with --keep holding a landed or linked ledger: make again the text keys older rules made,"
                        " then time relink() alone (in this process)")
    parser.add_argument("--keys-only", action="store_true",
                        help="with --relink-only: make the stale text keys again, store the missing TF-IDF norms, and stop"
                        " (then --batch-only times an update under the current rules without a relink)")
    parser.add_argument("--baseline", help="a git ref to measure first, each size, e.g. 3dc26a1")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.batch_only:
        if not args.keep:
            sys.exit("--batch-only needs --keep LEDGER")
        r = batch_only(args.keep, args.countries, args.batch, args.recent)
        when = f"published over the {RECENT_DAYS} days after its last" if args.recent else "of any of ten years"
        print(f"{r['reports']} documents in the ledger: +{r['batch']} reports ({when}): land {r['batch_land_s']:.1f} s +"
              f" update {r['batch_link_s']:.1f} s ({r['cpu_s']:.1f} s of CPU, {r['disk_read_mb']:.0f} MB read from disk),"
              f" {r['unlinked']} unlinked,"
              f" peak {r['peak_mb']:.0f} MB")
        return
    if args.relink_only:
        if not args.keep:
            sys.exit("--relink-only needs --keep LEDGER")
        r = relink_only(args.keep, args.keys_only)
        if args.keys_only:
            print(f"{r['reports']} documents: text keys of older rules made again in {r['keys_s']:.1f} s;"
                  f" {r['norms']} reports' norms stored in {r['norms_s']:.1f} s")
            return
        print(f"{r['reports']} documents: text keys of older rules made again in {r['keys_s']:.1f} s; relink"
              f" {r['relink_s']:.1f} s, {r['incidents']} incidents, {r['pairs'] / max(1, r['reports']):.2f} scored pairs"
              f" a report, peak {r['peak_mb']:.0f} MB")
        return
    if args.one:
        print(json.dumps(run(args.one, args.countries, args.batch, args.keep, args.land_only)))
        return
    base_extractions()  # extracted once, before any timing
    if args.baseline:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "baseline"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), args.baseline],
                           check=True)
            try:
                before = _sizes(args, tree / "src", args.baseline)
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    after = _sizes(args, ROOT / "src", "now")
    if args.baseline:
        for b, a in zip(before, after):
            print(f"{a['reports']:>8} reports: land and relink now / {args.baseline}: {b['total_s'] / a['total_s']:.2f}x "
                  f"faster; +{a['batch']} update {b['batch_link_s'] / a['batch_link_s']:.2f}x faster")


def _sizes(args: argparse.Namespace, src: Path, name: str) -> list[dict[str, Any]]:
    """Each size in a child process importing the package from `src`."""
    results = []
    env = {**os.environ, "PYTHONPATH": str(src)}
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--countries", args.countries,
                              "--batch", str(args.batch), *(["--keep", args.keep] if args.keep else []),
                              *(["--land-only"] if args.land_only else [])],
                             capture_output=True, text=True, env=env)
        if out.returncode:
            sys.exit(f"{name}: size {n} failed:\n{out.stderr[-3000:]}")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        if "link_reconcile_s" not in r:  # --land-only
            print(f"{name:<8} {r['reports']:>8} reports: land {r['land_s']:.1f} s ({r['reports'] / r['land_s']:.0f} reports/s), "
                  f"peak {r['peak_mb']:.0f} MB (floor {r['floor_mb']:.0f} MB), ledger file {r['db_mb']:.0f} MB", flush=True)
            continue
        results.append(r)
        print(f"{name:<8} {r['reports']:>8} reports: land {r['land_s']:.1f} s + relink {r['link_reconcile_s']:.1f} s = "
              f"{r['total_s']:.1f} s ({r['per_s']:.0f} reports/s), {r['incidents']} incidents, "
              f"{r['pairs'] / r['reports']:.2f} scored pairs a report, peak {r['peak_mb']:.0f} MB "
              f"(floor {r['floor_mb']:.0f} MB), ledger file {r['db_mb']:.0f} MB; then +{r['batch']} reports: "
              f"land {r['batch_land_s']:.1f} s + update {r['batch_link_s']:.1f} s", flush=True)
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"{name:<8} growth: {b['reports'] / a['reports']:.0f}x the reports took {b['total_s'] / a['total_s']:.1f}x "
              f"the time (linear would be {b['reports'] / a['reports']:.0f}x)")
    return results

if __name__ == "__main__":
    main()
