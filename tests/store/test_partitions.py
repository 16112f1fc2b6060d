"""A relink whose pairs are scored on worker processes or a Dask cluster, a partition of blocks at a
time (store/link_partitions.py), gives the ledger a single-process relink gives: the same scored
pairs, incidents, figures and credibility, on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from paths import copy_extractions, linking_sample
from paths import ledger_state as _state

from triangulate.store import Ledger


@pytest.fixture(scope="module")
def extractions() -> list[Any]:
    return linking_sample(80, 200)  # enough GVA articles to hold a block pair placed far apart


def test_pairs_scored_on_two_processes_give_the_single_process_ledger(ledger, extractions):
    ledger.add(extractions)
    ledger.relink()
    single = _state(ledger)
    assert sum(1 for i in single["incidents"] if i["n_reports"] > 1) >= 15, "the sample must hold joined incidents"
    assert len(single["pairs"]) >= 200
    ledger.relink(jobs=2)
    spread = _state(ledger)
    assert spread["pairs"] == single["pairs"]
    assert spread["reports"] == single["reports"]
    assert spread["incidents"] == single["incidents"]
    assert spread["provenance"] == single["provenance"]
    assert spread["sources"] == single["sources"]
    assert ledger.db.scalar("SELECT value FROM link_meta WHERE key = 'rebuild_pending'") is None


def test_a_relink_that_fails_half_way_leaves_the_ledger_as_it_was(tmp_path, extractions, monkeypatch):
    """A rebuild writes copies of the derived tables and commits them a chunk at a time: when it fails
    (here after its statistics and index were committed, as its workers start), readers still see the
    old ledger whole, the next update links the new reports against it, and the next relink drops the
    copies left behind and gives what a fresh ledger gives."""
    from triangulate.store import derive

    ledger = Ledger(str(tmp_path / "half.db"))
    ledger.add(extractions[:100])
    ledger.relink()
    before = _state(ledger)

    def broken(*args: Any, **kw: Any) -> int:
        raise RuntimeError("a worker died")

    monkeypatch.setattr(derive, "score_partitioned", broken)
    ledger.add(extractions[100:])
    with pytest.raises(RuntimeError):
        ledger.relink(jobs=2)
    now = _state(ledger)  # readers see the old tables, whole (the new reports are not linked yet)
    assert {k: v for k, v in now.items() if k not in ("reports", "lines")} == \
        {k: v for k, v in before.items() if k not in ("reports", "lines")}
    assert [r for r in now["reports"] if r["incident_id"]] == before["reports"]
    assert [c for c in now["lines"] if c["line"]] == before["lines"]
    left = {r["name"] for r in ledger.db.query("SELECT name FROM sqlite_master WHERE name LIKE '%\\_\\_next' ESCAPE '\\'")}
    assert "link_reports__next" in left and ledger.db.scalar("SELECT COUNT(*) FROM link_reports__next") > 0
    monkeypatch.undo()
    ledger.update()  # the new reports, linked against the old statistics
    assert ledger.db.scalar("SELECT COUNT(*) FROM reports r WHERE NOT EXISTS"
                            " (SELECT 1 FROM report_links l WHERE l.report_id = r.id)") == 0
    ledger.relink()
    assert not ledger.db.query("SELECT name FROM sqlite_master WHERE name LIKE '%\\_\\_next' ESCAPE '\\'")
    after = _state(ledger)
    fresh = Ledger(str(tmp_path / "fresh.db"))
    fresh.add(extractions)
    fresh.relink()
    assert after == _state(fresh)


def test_pairs_scored_on_a_dask_cluster_give_the_single_process_ledger(cluster, tmp_path, extractions):
    ledger = Ledger(str(tmp_path / "dask.db"))
    ledger.add(extractions)
    ledger.relink()
    single = _state(ledger)
    ledger.relink(scheduler=cluster)
    spread = _state(ledger)
    assert spread["pairs"] == single["pairs"]
    assert spread["reports"] == single["reports"]
    assert spread["incidents"] == single["incidents"]


def test_a_ledger_in_memory_cannot_be_relinked_on_workers(extractions):
    ledger = Ledger(":memory:")
    ledger.add(extractions[:10])
    with pytest.raises(ValueError, match="workers can open"):
        ledger.relink(jobs=2)


def test_tasks_bigger_than_the_key_cache_and_cut_blocks_score_the_same(ledger, extractions, monkeypatch):
    """A worker whose task needs more reports than it keeps, and blocks cut into several tasks."""
    from triangulate.store import link_partitions

    ledger.add(extractions)
    ledger.relink()
    single = _state(ledger)
    monkeypatch.setattr(link_partitions, "KEY_CACHE", 5)
    monkeypatch.setattr(link_partitions, "TASK_PAIRS", 40)
    monkeypatch.setattr(link_partitions, "SORT_PAIRS", 30)
    monkeypatch.setattr(link_partitions, "PAGE", 25)
    assert sum(len(t) for t in link_partitions.tasks(ledger.db)) >= len(single["pairs"])
    from triangulate.store import derive
    from triangulate.workers import Workers

    derive.rebuild(ledger.db, workers=Workers(jobs=1))  # the partitioned path with one in-process worker: the patched sizes hold
    assert _state(ledger) == single


def test_tasks_propose_each_candidate_pair_once(ledger, extractions):
    """Pairs that two names or bands propose are scored once (all fit in one date-ordering buffer here),
    and every stored pair of a single-process relink is among them."""
    from triangulate.store import link_partitions

    ledger.add(extractions)
    ledger.relink()
    proposed = [pair for task in link_partitions.tasks(ledger.db) for pair in task]
    assert len(proposed) == len(set(proposed))
    stored = {(r["a"], r["b"]) for r in ledger.db.query("SELECT a, b FROM link_pairs")}
    assert set(proposed) == stored


def _block_pairs_by_reach(ledger: Ledger) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The pairs of reports of one place block within its date window, of different documents: those
    within reach, and those placed more than FAR_KM apart that share no rare name or lead band."""
    import datetime as dt
    from collections import defaultdict

    from triangulate.link.features import FAR_KM, WINDOW_DAYS, haversine_km

    rows = ledger.db.query("SELECT l.report_id, r.document_id, l.block, l.day, l.geonameid, l.lat, l.lon"
                           " FROM link_reports l JOIN reports r ON r.id = l.report_id WHERE l.block IS NOT NULL")
    keys: dict[str, set[Any]] = defaultdict(set)
    for r in ledger.db.query("SELECT name, report_id FROM link_names"):
        keys[r["report_id"]].add(("n", r["name"]))
    for r in ledger.db.query("SELECT band, report_id FROM link_bands"):
        keys[r["report_id"]].add(("b", r["band"]))
    near, far = set(), set()
    for a in rows:
        for b in rows:
            if (a["report_id"] >= b["report_id"] or a["block"] != b["block"] or a["document_id"] == b["document_id"]
                    or abs((dt.date.fromisoformat(a["day"][:10]) - dt.date.fromisoformat(b["day"][:10])).days) > WINDOW_DAYS):
                continue
            placed = a["geonameid"] and b["geonameid"]
            if placed and haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) > FAR_KM:
                if not keys[a["report_id"]] & keys[b["report_id"]]:
                    far.add((a["report_id"], b["report_id"]))
            else:
                near.add((a["report_id"], b["report_id"]))
    return near, far


def test_a_block_compares_reports_within_reach_in_every_path(ledger, extractions):
    """Reports of one first-level division and date window placed more than FAR_KM apart are no block
    pair (a wide region's towns are not all compared with each other); those within reach are, in a
    serial rebuild, a partitioned one and batch by batch."""
    ledger.refresh_growth = float("inf")  # batches below are linked incrementally, not rebuilt
    ledger.add(extractions[:90])
    ledger.relink()
    ledger.add(extractions[90:])
    ledger.update()
    near, far = _block_pairs_by_reach(ledger)
    assert far, "the sample must hold a block pair far apart"
    for how in ("batches", "serial", "partitioned"):
        if how == "serial":
            ledger.relink()
        elif how == "partitioned":
            ledger.relink(jobs=2)
        stored = {(r["a"], r["b"]) for r in ledger.db.query("SELECT a, b FROM link_pairs")}
        assert near <= stored, how
        assert not far & stored, how


def test_a_copy_with_no_date_is_paired_on_workers_too(ledger, extractions):
    """The copy edge proposes a pair that no block, name or band does; the partitioned tasks hold it."""
    from triangulate.store import derive
    from triangulate.workers import Workers

    original, copy = copy_extractions()
    ledger.add([*extractions[:20], original, copy])
    ledger.relink()
    single = _state(ledger)
    main = {r["document_id"]: r["id"] for r in ledger.db.query("SELECT id, document_id FROM reports WHERE main = 1")}
    pair = tuple(sorted((main[original.document.id], main[copy.document.id])))
    assert pair in {(p["a"], p["b"]) for p in single["pairs"]}
    derive.rebuild(ledger.db, workers=Workers(jobs=1))
    assert _state(ledger) == single

