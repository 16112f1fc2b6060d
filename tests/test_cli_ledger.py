"""The ledger commands end to end, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
from paths import SEEDS


def run(*args):
    env = {**os.environ, "COLUMNS": "200"}  # a wide terminal, so table cells are not folded
    return subprocess.run([sys.executable, "-m", "triangulate", *map(str, args)], capture_output=True, text=True,
                          timeout=300, env=env)


def test_ingest_incidents_show_sources_export(tmp_path):
    db = tmp_path / "ledger.db"
    proc = run("ingest", SEEDS, "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "2 document(s) added" in proc.stdout and "1 incidents" in proc.stdout
    listed = run("incidents", "--db", db, "--contested", "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["killed_contradiction"] is True
    table = run("incidents", "--db", db)
    assert "62–70–90+" in table.stdout
    shown = run("show", rows[0]["id"], "--db", db)
    assert shown.returncode == 0 and "CONTRADICTION" in shown.stdout and "rt" in shown.stdout
    assert run("show", rows[0]["id"][:8], "--db", db).stdout == shown.stdout  # a unique start of an id is enough
    narrow = subprocess.run([sys.executable, "-m", "triangulate", "incidents", "--db", str(db), "--limit", "1"],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "80"})
    assert rows[0]["id"] in narrow.stdout  # never folded, even at 80 columns
    assert "incidents: 1" in narrow.stdout
    missing = run("show", "inc-nope", "--db", db)
    assert missing.returncode == 2 and "no incident" in missing.stderr
    sources = run("sources", "--db", db, "--json")
    assert {json.loads(line)["outlet"] for line in sources.stdout.splitlines()} == {"alalam", "21wire"}
    out = tmp_path / "ucdp.csv"
    exported = run("export", "--db", db, "--format", "ucdp", "-o", out)
    assert exported.returncode == 0 and pd.read_csv(out).iloc[0]["low"] == 62
    again = run("ingest", SEEDS, "--db", db)
    assert "0 document(s) added, 2 already in the ledger" in again.stdout


def test_bad_export_format_is_a_usage_error(tmp_path):
    proc = run("export", "--db", tmp_path / "x.db", "--format", "xls", "-o", tmp_path / "x")
    assert proc.returncode == 2


def test_show_says_why_reports_joined(tmp_path):
    from typer.testing import CliRunner

    from triangulate.cli import app

    db = str(tmp_path / "l.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SEEDS), "--db", db]).exit_code == 0
    from triangulate.store import Ledger

    with Ledger(db) as ledger:
        inc = ledger.incidents()[0]
    assert len(inc.summary["links"]) == 2
    out = runner.invoke(app, ["show", inc.id, "--db", db]).output
    assert "joined: linked to" in out and "p = " in out


def test_ingest_says_when_it_relinks_a_ledger_linked_by_other_rules(tmp_path):
    import sqlite3

    db = tmp_path / "ledger.db"
    first = run("ingest", SEEDS, "--db", db)
    assert first.returncode == 0 and "relinking" not in first.stderr
    with sqlite3.connect(db) as conn:  # as a ledger linked by an earlier version's pair model
        conn.execute("UPDATE link_meta SET value = 'an-older-model' WHERE key = 'linking_rules'")
    again = run("ingest", SEEDS, "--db", db)
    assert again.returncode == 0 and "linked by other linking rules" in again.stderr
    assert "1 incidents" in again.stdout
    assert "relinking" not in run("ingest", SEEDS, "--db", db).stderr  # once
