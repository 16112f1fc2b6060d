"""The incident list's queries: filters, a capped count and keyset pages, for the review app and the
API (`Ledger.count_incidents`, `Ledger.incident_page`, `Ledger.distinct_values`).

Contract: `IncidentFilter` holds what a reader filters by; `where(filter)` turns it into SQL clauses
and parameters over the `incidents` table; `page(...)` returns up to `limit` rows after (or before) a
cursor in the order `column DESC, id DESC` with missing values last. Pages are index range scans
(migration 0008 indexes each sort column with id, and each filter column with date and id): no page
skips the rows before it, so a page deep in a large ledger costs what the first one does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from triangulate.store.db import Database

LIST_COLUMNS = ("id, date, place_name, admin1, country, means, perpetrator, target, title, killed_low, killed_best,"
                " killed_high, killed_high_open, killed_contradiction, wounded_best, grade, contested, n_reports,"
                " n_independent")
FACET_VALUES = 200  # the values a filter offers, at most


@dataclass
class IncidentFilter:
    q: str | None = None  # words of the title, place or first-level division
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    actor: str | None = None  # perpetrator or target
    means: str | None = None
    grade: str | None = None
    contested: bool = False  # a contradiction or competing perpetrators


def where(f: IncidentFilter) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.q:
        clauses.append("search LIKE ?")  # title, place and governorate, lower-cased at rebuild
        params.append(f"%{f.q.lower()}%")
    if f.date_from:
        clauses.append("date >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        clauses.append("date <= ?")
        params.append(f.date_to.isoformat())
    for column, value in (("country", f.country), ("admin1", f.admin1), ("means", f.means), ("grade", f.grade)):
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if f.actor:
        clauses.append("(perpetrator = ? OR target = ?)")
        params += [f.actor, f.actor]
    if f.contested:
        clauses.append("attention = 1")
    return clauses, params


def count(db: Database, f: IncidentFilter, cap: int) -> int:
    """The incidents matching, counted up to `cap + 1` (counting all of a million costs a scan)."""
    clauses, params = where(f)
    clause = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    return int(db.scalar(f"SELECT COUNT(*) FROM (SELECT 1 FROM incidents{clause} LIMIT {int(cap) + 1}) AS m", params))


def page(db: Database, f: IncidentFilter, column: str, cursor: tuple[Any, str] | None, forward: bool,
         limit: int) -> list[dict[str, Any]]:
    """Two index range scans (rows with a value, then rows without), each a row-value comparison on
    an index (column, id). Backward pages come nearest first (the caller reverses them)."""
    where_clauses, params = where(f)

    def run(extra: str, values: list[Any], order: str, n: int) -> list[dict[str, Any]]:
        clause = " WHERE " + " AND ".join([*where_clauses, extra])
        return db.query(f"SELECT {LIST_COLUMNS} FROM incidents{clause} ORDER BY {order} LIMIT {int(n)}",
                        [*params, *values])

    value, iid = cursor if cursor else (None, None)
    desc, asc = f"{column} DESC, id DESC", f"{column} ASC, id ASC"
    if forward:
        rows: list[dict[str, Any]] = []
        if cursor is None:
            rows = run(f"{column} IS NOT NULL", [], desc, limit)
        elif value is not None:
            rows = run(f"({column}, id) < (?, ?)", [value, iid], desc, limit)
        if len(rows) < limit:  # then the rows without a value
            rows += run(f"{column} IS NULL" + (" AND id < ?" if value is None and iid else ""),
                        [iid] if value is None and iid else [], "id DESC", limit - len(rows))
        return rows
    if value is None:
        rows = run(f"{column} IS NULL AND id > ?", [iid], "id ASC", limit)
        if len(rows) < limit:
            rows += run(f"{column} IS NOT NULL", [], asc, limit - len(rows))
        return rows
    return run(f"({column}, id) > (?, ?)", [value, iid], asc, limit)


def distinct_values(db: Database, column: str) -> list[str]:
    """The values of one incident column, sorted, for a filter's choices."""
    return [r["v"] for r in db.query(
        f"SELECT DISTINCT {column} AS v FROM incidents WHERE {column} IS NOT NULL ORDER BY {column} LIMIT {FACET_VALUES}")]
