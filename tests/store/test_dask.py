"""Extraction on a real Dask cluster (a `dask scheduler` and two `dask worker` processes on 127.0.0.1)
lands the same ledger as a single-process run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from paths import FAKES_COLUMNS, SEEDS, fakes_sample

from triangulate.store import Ledger

pytest.importorskip("distributed")
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
