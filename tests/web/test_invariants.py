"""Invariants over a real ledger (the FA-KES dev split, the seeds and the hostile reports, as the
review app's tests build it): every reconciled triple is ordered, every figure is one a source wrote,
and the UCDP export keeps the order."""

from __future__ import annotations

import sqlite3

import pandas as pd


def test_every_incident_has_low_best_high_in_order(ledger_path):
    with sqlite3.connect(ledger_path) as conn:
        rows = conn.execute("SELECT id, killed_low, killed_best, killed_high, wounded_low, wounded_best, wounded_high"
                            " FROM incidents").fetchall()
    assert len(rows) > 300
    for iid, *figures in rows:
        for low, best, high in (figures[:3], figures[3:]):
            if low is not None:
                assert low <= best <= high, (iid, low, best, high)


def test_every_reconciled_figure_is_a_figure_some_claim_wrote(ledger_path):
    with sqlite3.connect(ledger_path) as conn:
        written = {(iid, kind, v) for iid, kind, value, low, high in conn.execute(
            "SELECT r.incident_id, c.kind, c.value, c.low, c.high FROM claims c JOIN reports r ON r.id = c.report_id")
            for v in (value, low, high) if v is not None}
        rows = conn.execute("SELECT id, killed_low, killed_best, killed_high FROM incidents"
                            " WHERE killed_low IS NOT NULL").fetchall()
    for iid, *figures in rows:
        for v in figures:
            assert (iid, "killed", v) in written, (iid, v)


def test_the_ucdp_export_keeps_the_order(ledger_path, tmp_path):
    from triangulate.export import export
    from triangulate.store import Ledger

    with Ledger.open(str(ledger_path)) as ledger:
        export(ledger, "ucdp", tmp_path / "ucdp.csv")
    df = pd.read_csv(tmp_path / "ucdp.csv").dropna(subset=["low"])
    assert len(df) > 100
    assert ((df["low"] <= df["best"]) & (df["best"] <= df["high"])).all()
