"""Ledger backends: SQLite always; PostgreSQL when TRIANGULATE_TEST_POSTGRES names a server (CI starts
one). Each PostgreSQL test gets a fresh schema-less database by dropping the ledger's tables."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from triangulate.store import Ledger

POSTGRES = os.environ.get("TRIANGULATE_TEST_POSTGRES")
DASK = shutil.which("dask") or str(Path(sys.executable).parent / "dask")
BACKENDS = ["sqlite"] + (["postgres"] if POSTGRES else [])


def _reset_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:  # every table, whatever migrations made
        for (table,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall():
            conn.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')


@pytest.fixture(params=BACKENDS)
def ledger_target(request, tmp_path):
    if request.param == "postgres":
        _reset_postgres(POSTGRES)
        return POSTGRES
    return str(tmp_path / "ledger.db")


@pytest.fixture
def ledger(ledger_target):
    led = Ledger(ledger_target)
    yield led
    led.close()


@pytest.fixture
def cluster(tmp_path):
    """A real Dask cluster on 127.0.0.1: a `dask scheduler` and two single-threaded `dask worker` processes;
    yields the scheduler's address."""
    pytest.importorskip("distributed")
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
