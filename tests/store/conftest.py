"""Ledger backends: SQLite always; PostgreSQL when TRIANGULATE_TEST_POSTGRES names a server (CI starts
one). Each PostgreSQL test gets a fresh schema-less database by dropping the ledger's tables."""

from __future__ import annotations

import os

import pytest

from triangulate.store import Ledger

POSTGRES = os.environ.get("TRIANGULATE_TEST_POSTGRES")
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
