"""A full rebuild writes the derived tables beside the ones readers use, commits a chunk at a time,
and swaps them in at the end in one transaction (not a short one on a big SQLite ledger: it drops the
old tables and builds the copies' indexes again under the tables' names, 274 s at a million reports;
writers wait for it, readers keep the old tables).

Why: a rebuild of a million-report ledger in one transaction grew SQLite's write-ahead log to several
gigabytes, and every page read then searched that log's index: the rebuild slowed as it went (half
done after 57 minutes). Committed a chunk at a time, the log is checkpointed as it goes. Readers keep
the old tables, whole, until the swap; a process killed mid-rebuild leaves them untouched, and the
next rebuild drops the copies it left.

Contract:
- `TABLES`: every table a rebuild writes (the linking index, provenance, incidents, the per-report
  and per-claim derived rows, the statistics and source reliability).
- `begin(db, keep=())`: (in a transaction) drop what a stopped rebuild left; create an empty copy
  `<table>__next` of each table with its indexes (the review app's indexes of `incidents` are built at
  the swap, not kept up row by row); the tables in `keep` are copied with their rows. Returns the
  name map for `Database.use_tables`.
- `swap(db, names)`: (in a transaction) each table is replaced by its copy; indexes keep their names.
- `relink_lock(db)`: one rebuild at a time per ledger (a lock that the operating system or PostgreSQL
  releases when its process dies).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from triangulate.store.db import Database

TABLES = ("link_reports", "link_norms", "link_names", "link_bands", "link_pairs", "copy_bands", "link_documents", "provenance",
          "incidents", "report_links", "claim_reviews", "link_df", "link_meta", "sources")
SUFFIX = "__next"
LATE_INDEXES = ("incidents",)  # tables whose secondary indexes are built at the swap (SQLite)
RELINK_LOCK = 0x7472_6962  # PostgreSQL advisory lock key of a ledger's rebuild


def names() -> dict[str, str]:
    return {t: t + SUFFIX for t in TABLES}


def _sqlite_schema(db: Database, table: str) -> tuple[str, list[tuple[str, str]]]:
    """A table's CREATE statement and its indexes' (name, CREATE statement), as SQLite keeps them."""
    rows = db.query("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL", (table,))
    create = next(r["sql"] for r in rows if r["type"] == "table")
    return create, [(r["name"], r["sql"]) for r in rows if r["type"] == "index"]


def _renamed(sql: str, old: str, new: str) -> str:
    """A CREATE TABLE / INDEX statement for table `new` instead of `old` (SQLite quotes a renamed table)."""
    return re.sub(rf'(?<![\w.])"?{re.escape(old)}"?(?=\s*\()', f'"{new}"', sql, count=1)


def _postgres_indexes(db: Database, table: str) -> list[tuple[str, str]]:
    return [(r["indexname"], r["indexdef"]) for r in db.query(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?", (table,))]


def _index_shape(indexdef: str) -> str:
    """What an index is, without its name and table: `UNIQUE|USING btree (a, b)`."""
    m = re.match(r"CREATE (UNIQUE )?INDEX \S+ ON \S+ (.*)$", indexdef)
    return f"{m.group(1) or ''}|{m.group(2)}" if m else indexdef


def begin(db: Database, keep: tuple[str, ...] = ()) -> dict[str, str]:
    assert not db.tables, "a rebuild's copies are made from the tables themselves"
    for table, copy in names().items():
        db.execute(f"DROP TABLE IF EXISTS {copy}")
        if db.kind == "postgres":
            db.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL)")
        else:
            create, indexes = _sqlite_schema(db, table)
            db.execute(_renamed(create, table, copy))
            if table not in LATE_INDEXES:
                for name, sql in indexes:
                    db.execute(f"DROP INDEX IF EXISTS {name}{SUFFIX}")
                    db.execute(_renamed(sql.replace(name, name + SUFFIX, 1), table, copy))
        if table in keep:
            db.execute(f"INSERT INTO {copy} SELECT * FROM {table}")
    return names()


def swap(db: Database, copies: dict[str, str]) -> None:
    assert not db.tables, "the swap names the tables and their copies itself"
    for table, copy in copies.items():
        if db.kind == "postgres":
            canonical = {_index_shape(d): n for n, d in _postgres_indexes(db, table)}
            db.execute(f"DROP TABLE {table}")
            db.execute(f"ALTER TABLE {copy} RENAME TO {table}")
            for name, indexdef in _postgres_indexes(db, table):
                wanted = canonical.get(_index_shape(indexdef))
                if wanted and wanted != name:
                    db.execute(f'ALTER INDEX "{name}" RENAME TO "{wanted}"')
            continue
        _, indexes = _sqlite_schema(db, table)
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {copy} RENAME TO {table}")
        for name, sql in indexes:  # SQLite cannot rename an index: the copy's are built again under the table's names
            db.execute(f"DROP INDEX IF EXISTS {name}{SUFFIX}")
            db.execute(sql)


@contextmanager
def relink_lock(db: Database) -> Iterator[None]:
    """Hold the ledger's rebuild lock (waiting for another process's rebuild to end)."""
    if db.kind == "postgres":
        nested = db.in_transaction  # (a caller's transaction is the caller's to commit)
        db.execute("SELECT pg_advisory_lock(?)", (RELINK_LOCK,))
        if not nested:
            db.conn.commit()  # a session lock: it outlives the statement's transaction
        try:
            yield
        finally:
            db.execute("SELECT pg_advisory_unlock(?)", (RELINK_LOCK,))
            if not nested:
                db.conn.commit()
        return
    if db.target in ("", ":memory:"):  # no other process can open it
        yield
        return
    import fcntl

    with Path(f"{db.target}.relink-lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
