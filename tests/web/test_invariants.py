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
            "SELECT l.incident_id, c.kind, c.value, c.low, c.high FROM claims c JOIN report_links l ON l.report_id = c.report_id")
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
    # the codebook's split of the best estimate adds up to it, and no part is negative
    parts = df[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]]
    assert (parts >= 0).all().all() and (parts.sum(axis=1) == df["best"]).all()


def test_the_acled_export_uses_the_codebooks_values(ledger_path, tmp_path):
    from triangulate.export import export
    from triangulate.store import Ledger

    with Ledger.open(str(ledger_path)) as ledger:
        export(ledger, "acled", tmp_path / "acled.csv")
    df = pd.read_csv(tmp_path / "acled.csv", keep_default_na=False)
    from triangulate.resources import regions

    assert set(df["region"]) <= {*regions()["acled"], ""}
    assert (df["region"] == "Middle East").mean() > 0.85  # Syrian-war reports; a few name places abroad
    inter = {1, 2, 3, 4, 5, 6, 7, 8}
    for col in ("inter1", "inter2"):
        assert {int(v) for v in df[col] if v != ""} <= inter
    for _, row in df[df["interaction"] != ""].iterrows():  # the two actor types, lower first
        codes = sorted(int(row[c]) for c in ("inter1", "inter2") if row[c] != "")
        assert int(row["interaction"]) == (codes[0] * 10 + codes[1] if len(codes) == 2 else codes[0] * 10)
    assert set(df["civilian_targeting"]) <= {"Civilian targeting", ""}
    assert (df.loc[df["civilian_targeting"] != "", "inter2"].astype(int) == 7).all()
    assert set(df["source_scale"]) <= {"National", "International", "National-International", "Other"}
    assert (df["actor1"] != "").mean() > 0.5 and (df["event_type"] != "").mean() > 0.8
