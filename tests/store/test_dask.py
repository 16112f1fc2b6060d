"""Extraction on a real Dask cluster (a `dask scheduler` and two `dask worker` processes on 127.0.0.1)
lands the same ledger as a single-process run."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from triangulate.store import Ledger

from paths import FAKES, SEEDS

pytest.importorskip("distributed")
COLUMNS = "text=article_content,title=article_title,outlet=source,id=unit_id,published="
DASK = shutil.which("dask") or str(Path(sys.executable).parent / "dask")


def _snapshot(db: str) -> tuple[dict[str, int], list[tuple]]:
    with Ledger.open(db) as ledger:
        rows = ledger.db.query("SELECT id, incident_id, toll_killed, place_name, date FROM reports ORDER BY id")
        return ledger.counts(), [tuple(r.values()) for r in rows]


@pytest.fixture
def cluster(tmp_path):
    scheduler_file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address", ":0",
                               "--scheduler-file", str(scheduler_file)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    for _ in range(150):
        if scheduler_file.exists() and scheduler_file.stat().st_size:
            break
        time.sleep(0.2)
    address = json.loads(scheduler_file.read_text())["address"]
    for _ in range(2):
        procs.append(subprocess.Popen([DASK, "worker", address, "--nworkers", "1", "--nthreads", "1",
                                       "--host", "127.0.0.1", "--no-dashboard"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    yield address
    for p in reversed(procs):
        p.terminate()
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()


def test_a_dask_cluster_lands_the_same_ledger(cluster, tmp_path):
    with FAKES.open(encoding="utf-8", errors="replace", newline="") as fh:
        rows = list(csv.DictReader(fh))[:120]
    sample = tmp_path / "fakes.csv"
    with sample.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    args = [str(SEEDS), str(sample), "--columns", COLUMNS]
    single, spread = str(tmp_path / "single.db"), str(tmp_path / "dask.db")
    subprocess.run([sys.executable, "-m", "triangulate", "ingest", *args, "--db", single],
                   check=True, capture_output=True, timeout=600)
    out = subprocess.run([sys.executable, "-m", "triangulate", "ingest", *args, "--db", spread, "--scheduler", cluster],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert _snapshot(spread) == _snapshot(single)
    assert _snapshot(spread)[0]["documents"] == 122
