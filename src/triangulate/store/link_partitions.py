"""A full rebuild's pair scoring, partitioned by place block and spread over worker processes or a
Dask cluster.

Contract: `score_partitioned(db, snap, workers) -> int`, once `LinkIndex.index` has indexed every
document (`link_reports`, `link_names`, `link_bands`, committed): reads the
candidate pairs from those tables and stores every scored pair in `link_pairs`; returns how many.

- Tasks: a place block's pairs within `WINDOW_DAYS` and within reach (a sliding window over its days; small blocks
  share a task, a big block is cut into several), then the pairs that share a rare name (within
  `NAME_WINDOW_DAYS`, or undated) or a lead band (within `BAND_WINDOW_DAYS`) and are not already a
  block pair, then the main reports of documents joined by a copy edge (`copy_pairs`). Each task holds
  at most `TASK_PAIRS` pairs: it is a partition of the work.
- A worker scores a task alone: it reads the two reports' rows and text keys from the ledger, weighs
  them with the snapshot's frequencies (`link_df`) and the pair model, and returns the scored pairs.
  It reads only what is committed, so the rebuild commits the snapshot and the index before (`derive.rebuild`);
  the documents and reports it reads landed before the rebuild began. A worker on another machine
  reaches the ledger by its PostgreSQL address.
- Same candidate predicate and same score as `LinkIndex._score`, so the stored pairs are those of a
  serial rebuild, and so are the incidents clustered from them (`tests/store/test_partitions.py`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from triangulate.link.features import (
    WINDOW_DAYS,
    ReportKey,
    days_apart,
    key_within_reach,
    within_reach,
)
from triangulate.link.incidents import scored_pair
from triangulate.store.db import Database, connect
from triangulate.store.link_index import (
    KEY_CACHE,
    Snapshot,
    StoredCorpus,
    stored_keys,
)
from triangulate.workers import Workers

TASK_PAIRS = 5_000  # pairs a worker scores at a time (small enough that the workers share the work evenly)
SORT_PAIRS = 200_000  # shared-name and shared-band pairs put in date order at a time (about 30 MB)
PAGE = 20_000  # rows read at a time from the name and band postings

Pair = tuple[str, str]


@dataclass(slots=True)
class _Indexed:
    """An indexed report as the candidate predicate reads it."""

    id: str
    document_id: str
    block: str | None
    day: dt.date | None
    date: dt.date | None
    published: dt.date | None
    geonameid: int | None
    lat: float | None
    lon: float | None


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _indexed(row: dict[str, Any]) -> _Indexed:
    return _Indexed(row["report_id"], row["document_id"], row["block"], _day(row["day"]), _day(row["date"]),
                    _day(row["published"]), row["geonameid"], row["lat"], row["lon"])


def _block_pair(a: _Indexed, b: _Indexed) -> bool:
    """Whether the block pass already proposes this pair."""
    return (a.block is not None and a.block == b.block and a.day is not None and b.day is not None
            and abs((a.day - b.day).days) <= WINDOW_DAYS and within_reach(a, b))


INDEXED_SQL = ("SELECT l.report_id, l.document_id, l.block, l.day, l.date, l.published, l.geonameid, l.lat, l.lon"
               " FROM link_reports l")


def block_pairs(db: Database) -> Iterator[list[Pair]]:
    """Each block's pairs within the date window, a block at a time (a crowded block's in pieces of
    TASK_PAIRS: its reports are held, not all its pairs)."""
    blocks = [r["block"] for r in db.query("SELECT DISTINCT block FROM link_reports WHERE block IS NOT NULL"
                                           " ORDER BY block")]
    for block in blocks:
        members = [_indexed(r) for r in db.query(INDEXED_SQL + " WHERE l.block = ? ORDER BY l.day, l.report_id",
                                                 (block,))]
        pairs: list[Pair] = []
        start = 0
        for pos, m in enumerate(members):
            assert m.day is not None  # a report with a block has a day
            while (m.day - members[start].day).days > WINDOW_DAYS:  # type: ignore[operator]
                start += 1
            for other in members[start:pos]:
                if other.document_id != m.document_id and within_reach(m, other):
                    pairs.append((min(m.id, other.id), max(m.id, other.id)))
            if len(pairs) >= TASK_PAIRS:
                yield pairs
                pairs = []
        yield pairs


def _postings(db: Database, table: str, key: str) -> Iterator[list[_Indexed]]:
    """The reports sharing each key of a posting table (`link_names` by name, `link_bands` by band), a
    key at a time, read a page at a time (keyset pagination: flat memory)."""
    sql = (f"SELECT p.{key} AS k, l.report_id, l.document_id, l.block, l.day, l.date, l.published, l.geonameid, l.lat,"
           f" l.lon FROM {table} p JOIN link_reports l ON l.report_id = p.report_id"
           f" {{}} ORDER BY p.{key}, p.report_id LIMIT {PAGE}")
    group: list[_Indexed] = []
    current: Any = None
    last: tuple[Any, str] | None = None
    while True:
        rows = (db.query(sql.format(f"WHERE (p.{key} > ? OR (p.{key} = ? AND p.report_id > ?))"),
                         (last[0], last[0], last[1])) if last else db.query(sql.format("")))
        for row in rows:
            if row["k"] != current:
                if len(group) > 1:
                    yield group
                group, current = [], row["k"]
            group.append(_indexed(row))
        if len(rows) < PAGE:
            break
        last = (rows[-1]["k"], rows[-1]["report_id"])
    if len(group) > 1:
        yield group


def shared_key_pairs(db: Database) -> Iterator[list[Pair]]:
    """Pairs sharing a rare name (within NAME_WINDOW_DAYS, or undated) or a lead band (within
    BAND_WINDOW_DAYS), that the block pass does not already propose. They come name by name, from
    anywhere in the ledger: up to SORT_PAIRS of them are put in date order (and a pair proposed twice
    among them kept once) before they are cut into tasks, so that a worker's next task reads mostly the
    reports its last one read."""
    buffer: list[tuple[str, Pair]] = []
    for table, key, by_name in (("link_names", "name", True), ("link_bands", "band", False)):
        for group in _postings(db, table, key):
            for x in range(len(group)):
                for y in range(x + 1, len(group)):
                    a, b = group[x], group[y]
                    if a.document_id == b.document_id or _block_pair(a, b):
                        continue
                    if key_within_reach(days_apart(a, b), by_name):  # type: ignore[arg-type]  # reads .date, .published
                        day = min(str(a.day or ""), str(b.day or ""))
                        buffer.append((day, (min(a.id, b.id), max(a.id, b.id))))
            if len(buffer) >= SORT_PAIRS:
                yield _in_order(buffer)
                buffer = []
    yield _in_order(buffer)


def copy_pairs(db: Database) -> Iterator[list[Pair]]:
    """The main reports of every two documents joined by a copy edge (`provenance`), a page at a time: a
    copy tells its original's story whatever its date or place (as `LinkIndex._copy_pairs`)."""
    last = ("", "")
    while True:
        rows = db.query("SELECT p.src, p.dst, ra.id AS a, rb.id AS b FROM provenance p"
                        " JOIN reports ra ON ra.document_id = p.src AND ra.main = 1"
                        " JOIN reports rb ON rb.document_id = p.dst AND rb.main = 1"
                        " WHERE p.kind = 'copy' AND (p.src > ? OR (p.src = ? AND p.dst > ?))"
                        f" ORDER BY p.src, p.dst LIMIT {PAGE}", (last[0], last[0], last[1]))
        if rows:
            yield [(min(r["a"], r["b"]), max(r["a"], r["b"])) for r in rows]
            last = (rows[-1]["src"], rows[-1]["dst"])
        if len(rows) < PAGE:
            return


def _in_order(buffer: list[tuple[str, Pair]]) -> list[Pair]:
    """The pairs in date order, each once (a pair proposed by two names or bands within one buffer sorts
    next to itself)."""
    buffer.sort()
    return [pair for n, (day, pair) in enumerate(buffer) if n == 0 or buffer[n - 1] != (day, pair)]


def tasks(db: Database) -> Iterator[list[Pair]]:
    """Every candidate pair, in tasks of at most TASK_PAIRS (a pair that two names or bands propose far
    apart in the postings, in two buffers, is scored twice and stored once)."""
    task: list[Pair] = []
    copies = {pair for pairs in copy_pairs(db) for pair in pairs}  # one a copy edge: few beside the others

    def copies_left() -> Iterator[list[Pair]]:  # read when the other sources are done
        yield sorted(copies)

    for source in (block_pairs(db), shared_key_pairs(db), copies_left()):
        for pairs in source:
            copies.difference_update(pairs)  # a copy pair the other passes propose is proposed there
            task.extend(pairs)
            while len(task) >= TASK_PAIRS:
                yield task[:TASK_PAIRS]
                task = task[TASK_PAIRS:]
    if task:
        yield task


# -- the worker's side ----------------------------------------------------------------------------
class _Scorer:
    """What a worker keeps between tasks: its read-only connection, the snapshot's frequencies, and the
    keys (and TF-IDF norms) of the reports its last tasks read, at most KEY_CACHE of them: tasks come
    a block at a time, so the next task's reports are mostly the last one's."""

    def __init__(self, target: str, snap: Snapshot, tables: dict[str, str]) -> None:
        self.db = connect(target, read_only=True)
        self.db.use_tables(tables)  # a rebuild's copies of the derived tables (store/shadow.py)
        self.snap = snap
        self.corpus = StoredCorpus(self.db, snap)
        self.keys: OrderedDict[str, ReportKey] = OrderedDict()

    def _keys(self, ids: set[str]) -> dict[str, ReportKey]:
        if self.corpus.oversized():  # frequencies are read afresh: so are the keys whose norms used them
            self.corpus.forget()
            self.keys.clear()
        missing = ids - self.keys.keys()
        by_doc: dict[str, dict[str, Any]] = {}
        fresh = stored_keys(self.db, missing, self.snap.homes, by_doc)  # as the single-process scoring reads them
        self.corpus.load(fresh)  # frequencies never change within a rebuild: norms made earlier stay right
        for k in fresh:
            self.keys[k.id] = k
        wanted = {}
        for i in ids:
            self.keys.move_to_end(i)
            wanted[i] = self.keys[i]
        while len(self.keys) > KEY_CACHE:  # a task may need more keys than the cache keeps: it holds its own
            _, gone = self.keys.popitem(last=False)
            self.corpus.drop(gone)
        return wanted

    def score(self, pairs: list[Pair]) -> list[tuple[str, str, float, str | None]]:
        keys = self._keys({x for pair in pairs for x in pair})
        return [scored_pair(keys[a], keys[b], self.corpus) for a, b in pairs]


_SCORERS: dict[tuple[str, str, str], _Scorer] = {}


def score_task(target: str, snapshot: str, pairs: list[Pair],
               tables: dict[str, str] | None = None) -> list[tuple[str, str, float, str | None]]:
    """Score one task's pairs (run in a worker; its connection is opened once per process). `tables`:
    the derived tables' names as the rebuild uses them."""
    key = (target, snapshot, json.dumps(tables or {}, sort_keys=True))
    if key not in _SCORERS:
        for old in _SCORERS.values():
            old.db.close()
        _SCORERS.clear()
        _SCORERS[key] = _Scorer(target, Snapshot.from_json(snapshot), tables or {})
    return _SCORERS[key].score(pairs)


def score_partitioned(db: Database, snap: Snapshot, workers: Workers) -> int:
    """Score every candidate pair of the indexed ledger on `workers`; store them; return how many were
    scored."""
    stored = 0
    snapshot = snap.to_json()
    for scored in workers.map_unordered(score_task, ((db.target, snapshot, t, db.tables) for t in tasks(db))):
        with db.transaction():
            db.executemany("INSERT INTO link_pairs (a, b, p, because) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           scored)
        stored += len(scored)
    return stored
