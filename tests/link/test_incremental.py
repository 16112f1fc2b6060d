"""Incremental linking: any sequence of batches gives the ledger a full rebuild gives on the same
reports (same statistics snapshot and source reliability), on real reports that link: FA-KES
articles (one outlet's templates, several outlets per incident) and GVA articles filed by incident."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from paths import ledger_state as _state
from paths import linking_sample


@pytest.fixture(scope="module")
def extractions() -> list[Any]:
    return linking_sample()


def _ledger(tmp_path: Any, name: str) -> Any:
    from triangulate.store import Ledger

    return Ledger(str(tmp_path / f"{name}.db"))


@pytest.mark.parametrize("seed", [1, 2])
def test_batches_in_any_order_equal_one_rebuild(tmp_path, extractions, monkeypatch, seed):
    from triangulate.store import derive as build
    from triangulate.store import link_index as index

    monkeypatch.setattr(build, "REFRESH_GROWTH", 100.0)  # the snapshot stays the first one
    if seed == 2:  # a rebuild in many small chunks; key and frequency caches too small to hold a batch's
        monkeypatch.setattr(build, "DOCUMENT_CHUNK", 25)
        monkeypatch.setattr(index, "KEY_CACHE", 7)
        monkeypatch.setattr(index, "CORPUS_CACHE", 50)  # frequencies read afresh nearly every batch
    rng = random.Random(seed)
    order = list(extractions)
    rng.shuffle(order)
    first, rest = order[: len(order) // 3], order[len(order) // 3:]

    incremental = _ledger(tmp_path, "incremental")
    incremental.add(first)
    incremental.relink()  # statistics and reliability from the first third
    while rest:
        size = rng.randint(1, 40)
        incremental.add(rest[:size])
        incremental.update()
        rest = rest[size:]

    whole = _ledger(tmp_path, "whole")
    whole.add(first)
    whole.relink()
    whole.add(order[len(order) // 3:])
    with whole.db.transaction():
        build.rebuild(whole.db, refresh=False)

    a, b = _state(incremental), _state(whole)
    assert len(a["incidents"]) == len(b["incidents"])
    joined = [i for i in a["incidents"] if i["n_reports"] > 1]
    assert len(joined) >= 20, "the sample must hold incidents several reports tell"
    assert a["reports"] == b["reports"]
    assert a["incidents"] == b["incidents"]
    assert a["provenance"] == b["provenance"]
    assert a["sources"] == b["sources"]
    assert a["lines"] == b["lines"] and all(c["line"] for c in a["lines"])


def test_a_correction_after_batches_equals_a_rebuild_with_it(tmp_path, extractions, monkeypatch):
    from triangulate.store import derive as build

    monkeypatch.setattr(build, "REFRESH_GROWTH", 100.0)
    half = len(extractions) // 2
    ledgers = []
    for name in ("incremental", "whole"):
        ledger = _ledger(tmp_path, name)
        ledger.add(extractions[:half])
        ledger.relink()
        ledgers.append(ledger)
    incremental, whole = ledgers
    incremental.add(extractions[half:])
    incremental.update()
    # merge two incidents and take one report out of a joined one
    joined = incremental.db.query("SELECT id FROM incidents WHERE n_reports >= 2 ORDER BY id LIMIT 1")[0]["id"]
    member = incremental.db.query("SELECT report_id FROM report_links WHERE incident_id = ? ORDER BY report_id",
                                 (joined,))[-1]["report_id"]
    alone = incremental.db.query("SELECT r.id FROM reports r JOIN report_links l ON l.report_id = r.id JOIN incidents i ON i.id = l.incident_id"
                                 " WHERE i.n_reports = 1 AND r.main = 1 ORDER BY r.id LIMIT 2")
    for ledger in (incremental, whole):
        if ledger is whole:
            ledger.add(extractions[half:])
        ledger.correct("incident_merge", alone[0]["id"], who="test", why="same strike",
                       payload={"with_report": alone[1]["id"]}, relink=ledger is incremental)
        ledger.correct("incident_split", member, who="test", why="another day", relink=ledger is incremental)
    with whole.db.transaction():
        build.rebuild(whole.db, refresh=False)
    a, b = _state(incremental), _state(whole)
    merged = {r["incident_id"] for r in a["reports"] if r["id"] in (alone[0]["id"], alone[1]["id"])}
    assert len(merged) == 1
    assert a["reports"] == b["reports"]
    assert a["incidents"] == b["incidents"]


def test_update_links_only_what_is_new_and_rebuilds_when_the_ledger_has_grown(tmp_path, extractions):
    from triangulate.store.link_index import load_snapshot

    ledger = _ledger(tmp_path, "grow")
    ledger.add(extractions[:40])
    ledger.update()  # no snapshot yet: a full rebuild makes one
    snap = load_snapshot(ledger.db)
    assert snap is not None and snap.n == ledger.db.scalar("SELECT COUNT(*) FROM reports")
    ledger.add(extractions[40:45])
    ledger.update()
    assert load_snapshot(ledger.db).n == snap.n  # a small batch keeps the snapshot
    assert ledger.db.scalar("SELECT COUNT(*) FROM reports r WHERE NOT EXISTS"
                            " (SELECT 1 FROM report_links l WHERE l.report_id = r.id)") == 0
    watermark = ledger.db.scalar("SELECT value FROM link_meta WHERE key = 'linked_through'")
    # the next update looks only at documents landed since this one started: after all of these
    assert watermark is not None and watermark >= ledger.db.scalar("SELECT MAX(ingested_at) FROM documents")
    ledger.add(extractions[45:])
    ledger.update()  # more than half again: statistics counted anew
    assert load_snapshot(ledger.db).n == ledger.db.scalar("SELECT COUNT(*) FROM reports")


def test_a_document_stamped_just_before_the_watermark_is_still_linked(tmp_path, extractions, monkeypatch):
    """The next update looks back before its watermark (a minute on SQLite, whose writers share one clock;
    an hour on PostgreSQL): a document whose landing time a clock adjustment put 30 s before the last
    update's start is linked all the same."""
    from triangulate.store import derive as build

    monkeypatch.setattr(build, "REFRESH_GROWTH", 100.0)
    ledger = _ledger(tmp_path, "margin")
    ledger.add(extractions[:40])
    ledger.update()
    watermark = ledger.db.scalar("SELECT value FROM link_meta WHERE key = 'linked_through'")
    ledger.add(extractions[40:41])
    early = (dt.datetime.fromisoformat(watermark) - dt.timedelta(seconds=30)).isoformat(timespec="microseconds")
    with ledger.db.transaction():
        ledger.db.execute("UPDATE documents SET ingested_at = ? WHERE id = ?", (early, extractions[40].document.id))
    ledger.update()
    assert ledger.db.scalar("SELECT COUNT(*) FROM reports r WHERE NOT EXISTS"
                            " (SELECT 1 FROM report_links l WHERE l.report_id = r.id)") == 0
    assert build.WATERMARK_MARGIN["sqlite"] < build.WATERMARK_MARGIN["postgres"]
    ledger.close()


def test_a_new_document_becomes_the_relay_origin_of_an_older_one(tmp_path, monkeypatch):
    """An Al-Alam report of Monday credits SANA; SANA's own report of that day lands later: the
    relay edge moves from the outlet to SANA's document, as a rebuild would have it."""
    import triangulate
    from triangulate.store import derive as build

    monkeypatch.setattr(build, "REFRESH_GROWTH", 100.0)  # incremental, not the rebuild a tiny ledger's growth asks
    credit = triangulate.extract("Shelling kills 3 in Homs\n\nThree civilians were killed on Monday by shelling in Homs,"
                                 " Syria, SANA reported.", published="2016-09-19", outlet="alalam")
    credit.document.credited = ["sana"]
    origin = triangulate.extract("Terrorists kill 3 in Homs\n\nThree civilians were killed on Monday when terrorists"
                                 " shelled Homs.", published="2016-09-19", outlet="sana")
    other_day = triangulate.extract("Terrorists kill 2 in Hama\n\nTwo civilians were killed when terrorists shelled"
                                    " Hama.", published="2016-09-20", outlet="sana")
    ledger = _ledger(tmp_path, "relay")
    ledger.add([credit])
    ledger.relink()
    relay = "SELECT dst FROM provenance WHERE kind = 'relay' AND src = ?"
    assert [r["dst"] for r in ledger.db.query(relay, (credit.document.id,))] == ["outlet:sana"]
    ledger.add([other_day])
    ledger.update()
    assert build.load_snapshot(ledger.db).n == 1  # still the first snapshot: these were incremental
    assert [r["dst"] for r in ledger.db.query(relay, (credit.document.id,))] == ["outlet:sana"]  # not that day's
    ledger.add([origin])
    ledger.update()
    assert [r["dst"] for r in ledger.db.query(relay, (credit.document.id,))] == [origin.document.id]
    before = _state(ledger)["provenance"]
    with ledger.db.transaction():
        build.rebuild(ledger.db, refresh=False)
    assert _state(ledger)["provenance"] == before


def test_a_batch_reads_only_the_date_windows_of_its_reports() -> None:
    """A batch's reports of one block spread over years are looked up window by window (each report's day
    +- WINDOW_DAYS, overlapping windows merged), not from the first day to the last: that range would be
    the block's whole history."""
    from triangulate.link.features import WINDOW_DAYS, ReportKey
    from triangulate.store.link_index import _windows

    def key(rid: str, day: dt.date | None, published: dt.date | None = None) -> ReportKey:
        return ReportKey(rid, rid, day, "SY", "Aleppo", None, None, None, None, None, None, None, published=published)

    d = dt.date(2016, 9, 17)
    reach = dt.timedelta(days=WINDOW_DAYS)
    keys = [key("c", d + dt.timedelta(days=400)), key("a", d),
            key("b", None, published=d + 2 * reach),  # undated: its publication day; its window touches a's
            key("d", d + dt.timedelta(days=400))]
    windows = [(lo, hi, [k.id for k in ks]) for lo, hi, ks in _windows(keys)]
    assert windows == [(d - reach, d + 3 * reach, ["a", "b"]),
                       (d + dt.timedelta(days=400) - reach, d + dt.timedelta(days=400) + reach, ["c", "d"])]


def test_an_indexed_report_s_key_read_from_the_index_is_the_key_it_was_linked_by(tmp_path, extractions):
    """A candidate already indexed is compared by the key `indexed_keys` rebuilds from `link_reports` (its
    place as its outlet's home region left it) without its record or its document's text: the same key
    `report_keys` makes the long way, field by field, GVA's re-read namesakes included."""
    from dataclasses import asdict

    from triangulate.store.link_index import indexed_keys, load_reports, load_snapshot, load_text_keys, report_keys

    ledger = _ledger(tmp_path, "keys")
    ledger.add(extractions)
    ledger.update()
    db = ledger.db
    snap = load_snapshot(db)
    assert snap is not None and snap.homes
    ids = [r["id"] for r in db.query("SELECT id FROM reports ORDER BY id")]
    by_doc: dict[str, Any] = {}
    rows = load_reports(db, ids, snap.homes, by_doc)
    long_way = {k.id: asdict(k) for k in report_keys(rows, by_doc, load_text_keys(db, {r["document_id"] for r in rows}))}
    keys, unplaced = indexed_keys(db, ids)
    assert len(keys) > 150 and len(keys) + len(unplaced) == len(ids)
    assert sum(k.geonameid is not None for k in keys) > 100 and sum(k.dated for k in keys) > 50
    assert {k.id: asdict(k) for k in keys} == {i: long_way[i] for i in long_way if i not in unplaced}
    raw = {r["id"]: (r["geonameid"], r["admin1"]) for r in db.query("SELECT id, geonameid, admin1 FROM reports")}
    assert sum(raw[k.id] != (k.geonameid, k.admin1) for k in keys) >= 1  # a place its outlet's home re-read
    ledger.close()
