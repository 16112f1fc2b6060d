"""Extraction on a real Dask cluster (a `dask scheduler` and two `dask worker` processes on 127.0.0.1)
lands the same ledger as a single-process run."""

from __future__ import annotations

import subprocess
import sys

import pytest
from paths import FAKES_COLUMNS, SEEDS, fakes_sample

from triangulate.store import Ledger

pytest.importorskip("distributed")


def _snapshot(db: str) -> tuple[dict[str, int], list[tuple]]:
    with Ledger.open(db) as ledger:
        rows = ledger.db.query("SELECT r.id, l.incident_id, r.toll_killed, r.place_name, r.date FROM reports r"
                                " LEFT JOIN report_links l ON l.report_id = r.id ORDER BY r.id")
        return ledger.counts(), [tuple(r.values()) for r in rows]


def test_a_dask_cluster_lands_the_same_ledger(cluster, tmp_path):
    sample = fakes_sample(tmp_path, 120)
    args = [str(SEEDS), str(sample), "--columns", FAKES_COLUMNS]
    single, spread = str(tmp_path / "single.db"), str(tmp_path / "dask.db")
    subprocess.run([sys.executable, "-m", "triangulate", "ingest", *args, "--db", single],
                   check=True, capture_output=True, timeout=600)
    out = subprocess.run([sys.executable, "-m", "triangulate", "ingest", *args, "--db", spread, "--scheduler", cluster],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert _snapshot(spread) == _snapshot(single)
    assert _snapshot(spread)[0]["documents"] == 122
