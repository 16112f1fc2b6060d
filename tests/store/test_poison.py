"""Poison records: one record that cannot be read, extracted or stored never stops a batch, is
quarantined with its error, and the rest lands and is linked."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest
from paths import SEEDS

import triangulate
from triangulate.extract.numbers import MAX_FIGURE
from triangulate.store import Ledger

POISON = [
    {"id": "huge", "text": "At least 10000000000000000000 people were killed in Homs.", "published": "2016-09-18"},
    {"id": "digits", "text": "At least " + "9" * 400 + " people were killed in Hama.", "published": "2016-09-18"},
    {"id": "surrogate", "text": "Lone \ud800 surrogate: three people were killed in Aleppo.", "published": "2016-09-18"},
    {"id": "year1", "text": "On Saturday two people were killed in Idlib.", "published": "0001-01-01"},
    {"id": "year9999", "text": "On Saturday four people were killed in Idlib town.", "published": "9999-12-31"},
    {"id": "ipv6", "text": "Four people were killed in Hama.", "outlet": "ex[ample.com", "url": "http://[bad/x"},
    {"id": "number-outlet", "text": "Six people were killed in Daraa.", "outlet": 7},
]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "triangulate", *args], capture_output=True, text=True, timeout=300)


@pytest.fixture
def poison(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with (folder / "poison.jsonl").open("w", encoding="utf-8") as fh:
        for record in POISON:
            fh.write(json.dumps(record, ensure_ascii=True) + "\n")  # "\ud800" stays an escape in the file
    (folder / "deep.json").write_text('{"a":' * 1000, encoding="utf-8")
    return folder


def test_no_figure_beyond_what_a_report_could_mean():
    for text in POISON[:2]:
        ex = triangulate.extract(text["text"])
        assert all(c.value is None or c.value <= MAX_FIGURE for r in ex.reports for c in r.claims)
    ex = triangulate.extract("At least 9007199254740993 people were killed. 12,000 were wounded.")
    assert [(c.kind, c.value) for c in ex.main.claims] == [("wounded", 12000)]  # no float rounding either


def test_poison_records_land_or_are_quarantined_and_the_batch_is_linked(poison, tmp_path):
    db = str(tmp_path / "l.db")
    first = _run("ingest", str(SEEDS), str(poison), "--db", db)
    assert first.returncode == 1  # some records failed ...
    assert "Traceback" not in first.stderr
    again = _run("ingest", str(SEEDS), str(poison), "--db", db)
    assert "Traceback" not in again.stderr and "0 document(s) added" in again.stdout
    with Ledger(db) as ledger:
        counts = ledger.counts()
        sources = {d["source"].rsplit("#", 1)[-1] for d in ledger.db.query("SELECT source FROM documents")}
        outlets = {d["outlet"] for d in ledger.db.query("SELECT outlet FROM documents")}
        texts = [d["text"] for d in ledger.db.query("SELECT text FROM documents")]
    # ... but every readable record landed, the seeds were linked, and the broken file is on record
    assert {"huge", "digits", "surrogate", "year1", "year9999", "ipv6", "number-outlet"} <= sources
    assert counts["documents"] == len(POISON) + 2 and counts["incidents"] >= 3
    assert "7" in outlets and any("\ufffd surrogate" in t for t in texts)
    listed = _run("errors", "--db", db, "--json")
    errors = [json.loads(line) for line in listed.stdout.splitlines()]
    assert listed.returncode == 0 and any("deep.json" in e["source"] and "recursion" in e["message"] for e in errors)


def test_a_record_the_database_refuses_is_quarantined(tmp_path):
    good = triangulate.extract("Title\n\nFive civilians were killed in Homs on Monday.")
    bad = triangulate.extract("Other title\n\nSix civilians were killed in Hama on Monday.")
    bad.reports[0].claims[0].value = 10**20  # as if a figure slipped past extraction
    with Ledger(str(tmp_path / "l.db")) as ledger:
        result = ledger.add([bad, good])
        assert result.added == 1 and "cannot be stored: OverflowError" in result.errors[0].message
        assert ledger.counts()["documents"] == 1 and ledger.counts()["errors"] == 1
        ledger.relink()
        assert ledger.counts()["incidents"] == 1


def test_read_commands_refuse_missing_foreign_and_damaged_files(tmp_path):
    missing = _run("incidents", "--db", str(tmp_path / "typo.db"))
    assert missing.returncode == 2 and "no ledger at" in missing.stderr and not (tmp_path / "typo.db").exists()
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (x)")
    before = foreign.read_bytes()
    for cmd in (["incidents"], ["show", "inc-x"], ["sources"], ["errors"], ["export", "--format", "acled", "-o", str(tmp_path / "x.csv")]):
        out = _run(*cmd, "--db", str(foreign))
        assert out.returncode == 2 and "not a triangulate ledger" in out.stderr, cmd
    assert foreign.read_bytes() == before  # not a table added, not switched to WAL
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"XXXX" + before[4:])
    out = _run("incidents", "--db", str(damaged))
    assert out.returncode == 2 and "integrity_check" in out.stderr and "Traceback" not in out.stderr


def test_relink_command_rebuilds_and_refuses_a_missing_ledger(tmp_path):
    db = str(tmp_path / "l.db")
    assert _run("ingest", str(SEEDS), "--db", db).returncode == 0
    with Ledger(db) as ledger, ledger.db.transaction():
        ledger.db.execute("DELETE FROM incidents")
    out = _run("relink", "--db", db)
    assert out.returncode == 0 and "1 incidents" in out.stdout
    assert _run("relink", "--db", str(tmp_path / "none.db")).returncode == 2
