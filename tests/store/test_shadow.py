"""A relink writes copies of the derived tables a chunk at a time and swaps them in (store/shadow.py):
on each backend, the schema comes back as it was, readers see the old ledger until the swap, and what
another process lands or corrects while the relink runs is in the ledger after it."""

from __future__ import annotations

import pytest
from paths import SEEDS, fakes_extractions, ledger_state

from triangulate.store import Ledger


def _schema(ledger: Ledger) -> set[tuple[str, str, str]]:
    """Every table and index: (kind, name, statement); PostgreSQL's tables have no statement here.
    Quotes are left out (SQLite quotes a table renamed by a swap), and so is IF NOT EXISTS."""
    db = ledger.db
    if db.kind == "postgres":
        rows = db.query("SELECT 'index' AS kind, indexname AS name, replace(indexdef, '\"', '') AS sql FROM pg_indexes"
                        " WHERE schemaname = current_schema()"
                        " UNION ALL SELECT 'table', tablename, '' FROM pg_tables WHERE schemaname = current_schema()")
    else:
        rows = db.query("SELECT type AS kind, name, replace(coalesce(sql, ''), '\"', '') AS sql FROM sqlite_master"
                        " WHERE name NOT LIKE 'sqlite_%'")
    return {(r["kind"], r["name"], " ".join(r["sql"].replace("IF NOT EXISTS ", "").split())) for r in rows}


@pytest.fixture(scope="module")
def fakes():
    return fakes_extractions(100)


def test_a_relink_gives_back_every_table_and_index_under_its_own_name(ledger):
    before = _schema(ledger)  # as the migrations made it
    ledger.ingest([SEEDS])  # the first update is a relink
    assert _schema(ledger) == before
    ledger.relink()  # a swapped-in table is copied again
    assert _schema(ledger) == before
    assert not [name for kind, name, _ in before if name.endswith("__next")]
    assert len(ledger.incidents()) == 1 and ledger.incidents()[0].killed_low == 62


def test_what_lands_and_is_corrected_during_a_relink_is_in_the_ledger_after_it(ledger_target, fakes, monkeypatch):
    """Another writer lands documents and records a correction between two of the relink's chunks: readers
    see the old incidents until the swap, and the swapped-in ledger has the new documents linked and the
    correction applied, as a relink that started after them would."""
    from triangulate.store import derive

    ledger = Ledger(ledger_target)
    ledger.add(fakes[:80])
    ledger.relink()
    old_incidents = ledger.db.query("SELECT id FROM incidents ORDER BY id")
    split = ledger.db.query("SELECT l.report_id FROM report_links l JOIN incidents i ON i.id = l.incident_id"
                            " WHERE i.n_reports >= 2 ORDER BY l.report_id LIMIT 1")[0]["report_id"]
    real_build = derive._build
    seen: dict[str, object] = {}

    def build_then_another_writer(db, **kw):
        real_build(db, **kw)  # every chunk committed into the copies; the swap not yet made
        other = Ledger(ledger_target)
        seen["during"] = other.db.query("SELECT id FROM incidents ORDER BY id")
        other.add(fakes[80:])  # (fewer than REFRESH_GROWTH asks for a relink of its own)
        other.update()  # linked into the tables readers use, against the old statistics
        other.correct("incident_split", split, who="analyst", why="another strike", relink=True)
        other.close()

    monkeypatch.setattr(derive, "_build", build_then_another_writer)
    ledger.relink()
    monkeypatch.undo()
    assert seen["during"] == old_incidents  # readers saw the old ledger while the copies were written
    after = ledger_state(ledger)
    assert all(r["incident_id"] for r in after["reports"])  # the documents landed meanwhile are linked
    alone = ledger.db.scalar("SELECT i.n_reports FROM report_links l JOIN incidents i ON i.id = l.incident_id"
                             " WHERE l.report_id = ?", (split,))
    assert alone == 1  # the correction made meanwhile holds
    ledger.close()
    # the same as the same steps one after the other: relink the first 80, land the rest, correct
    serial = Ledger(ledger_target.replace("ledger.db", "serial.db")) if "ledger.db" in ledger_target else None
    if serial is None:  # one PostgreSQL database per test: the serial run is compared on SQLite's terms
        return
    serial.add(fakes[:80])
    serial.relink()
    serial.add(fakes[80:])
    serial.update()
    serial.correct("incident_split", split, who="analyst", why="another strike")
    assert ledger_state(serial) == after
    serial.close()
