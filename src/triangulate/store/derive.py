"""Keep the ledger's derived tables (provenance, incidents with reconciled figures and grades, report
credibility, source reliability) in step with its reports.

Contract:
- `update(db)`: link the documents linking has not seen. Only the incidents they join or change are
  re-clustered and re-reconciled (`store/link_index.py`), with the stored statistics and source
  reliability. When the ledger has grown by `REFRESH_GROWTH` since those were counted (or has
  none), it runs `rebuild(db)` instead.
- `recompute(db, report_ids)`: the incidents of these reports again (a correction to them).
- `rebuild(db, refresh=True)`: every derived table again, a chunk of documents at a time (memory
  does not grow with the ledger); `refresh` counts the statistics and source reliability anew.
  `rebuild(db, refresh=False)` gives what any sequence of `update`s gives on the same reports.

`update` and `recompute` run in the caller's transaction (`Ledger.update`, `Ledger.correct`); `rebuild`
commits a chunk at a time into copies of the derived tables and swaps them in (`store/shadow.py`):
readers see the old tables or the new.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from triangulate.link.incidents import rules_version
from triangulate.model import INCIDENT_COLUMNS
from triangulate.reconcile.incident import claim_line, incident_row
from triangulate.reconcile.reliability import (
    UNKNOWN_RELIABILITY,
    UNKNOWN_UNCERTAINTY,
    Vote,
    counts,
    credibility_of,
    discover,
    scored,
)
from triangulate.store import shadow
from triangulate.store.corrections import load as load_corrections
from triangulate.store.corrections import review
from triangulate.store.db import Database, utc_now
from triangulate.store.link_index import (
    Change,
    LinkIndex,
    Snapshot,
    chunks,
    load_documents,
    load_reports,
    load_snapshot,
    query_in,
    refresh_snapshot,
)
from triangulate.store.link_partitions import score_partitioned
from triangulate.workers import Workers

REFRESH_GROWTH = 1.5  # statistics and reliability are counted again when the ledger has grown this much
DOCUMENT_CHUNK = 5000  # documents linked at a time (one transaction each in a rebuild: the linking index's rows are
# keyed by hashes, so each commit writes about a page per row until a chunk touches most of an index's pages; a
# 100k relink wrote 8.3 GiB at 2,000 and 4.9 GiB at 5,000, for 76 MB more memory at its peak)
INCIDENT_CHUNK = 5000  # incidents reconciled at a time (both chunks at 5,000: 100k relink 153.9 s, 4.3 GiB written)
UPSERT_INCIDENT = (f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES ({', '.join('?' * len(INCIDENT_COLUMNS))})"
                   f" ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in INCIDENT_COLUMNS if c != 'id')}")
CLAIM_SQL = ("SELECT c.id, c.idx, c.report_id, c.document_id, c.kind, c.value, c.low, c.high, c.qualifier, c.victims,"
             " c.part_of, c.in_title, c.relayed_from, c.speaker, c.speaker_type, c.speaker_role, c.ev_start, c.ev_text,"
             " c.context, v.line AS stored_line, v.review AS stored_review, v.revised AS stored_revised FROM claims c"
             " LEFT JOIN claim_reviews v ON v.claim_id = c.id WHERE c.report_id IN ({})")


def rebuild_due(db: Database, refresh_growth: float | None = None) -> bool:
    """Whether the next update is a full rebuild: no statistics yet, an index marked for rebuild, or a
    ledger grown `refresh_growth` times since the statistics were counted."""
    snap = load_snapshot(db)
    n = db.scalar("SELECT COUNT(*) FROM reports") or 0
    growth = REFRESH_GROWTH if refresh_growth is None else refresh_growth  # the module's value when called
    pending = db.scalar("SELECT value FROM link_meta WHERE key = 'rebuild_pending'")
    return snap is None or bool(pending) or n >= growth * max(1, snap.n) or rules_changed(db)


def rules_changed(db: Database) -> bool:
    """Whether the ledger was linked under other linking rules (another pair model, other windows, other
    text-key rules: `link.incidents.rules_version`), or before the ledger recorded them."""
    return bool(db.scalar("SELECT value FROM link_meta WHERE key = 'linking_rules'") != rules_version())


def update(db: Database, *, refresh_growth: float | None = None) -> Change:
    """Link the new documents; returns the incidents that went away and the ones written. The
    statistics and reliabilities are counted again (a full rebuild) once the ledger has grown
    `refresh_growth` times since they were counted."""
    if rebuild_due(db, refresh_growth):
        rebuild(db)
        return Change(changed={r["id"] for r in db.query("SELECT id FROM incidents")})
    return _link_new(db)


def _link_new(db: Database) -> Change:
    snap = load_snapshot(db)
    assert snap is not None
    corrections = load_corrections(db)
    index = LinkIndex(db, snap, corrections=corrections)
    started = utc_now()
    new = index.unindexed(since=_watermark(db))
    total = Change()
    for batch in chunks(new, DOCUMENT_CHUNK):
        change = index.add(batch)
        total.gone = (total.gone | change.gone) - change.changed
        total.changed = (total.changed - change.gone) | change.changed
    weights = _weights(db)
    _write_incidents(db, total.gone | total.changed, total.changed, snap, corrections, weights)
    _count_documents(db, {r["outlet"] or "unknown" for r in query_in(
        db, "SELECT DISTINCT outlet FROM documents WHERE id IN ({})", new)})
    _set_watermark(db, started)
    return total


# how far back an update looks before its watermark: PostgreSQL's writers may be other machines, whose clocks
# may lag this much; a SQLite ledger's writers share one machine's clock (a minute for its adjustments). Every
# document in that span is checked against the index, so the span is what each update pays
WATERMARK_MARGIN = {"postgres": dt.timedelta(hours=1), "sqlite": dt.timedelta(minutes=1)}


def _watermark(db: Database) -> str | None:
    """Documents landed before the last update started are linked (a writer holds the ledger's write lock
    while it lands, so none lands during an update); look back WATERMARK_MARGIN for clock skew."""
    value = db.scalar("SELECT value FROM link_meta WHERE key = 'linked_through'")
    if not value:
        return None
    return (dt.datetime.fromisoformat(value) - WATERMARK_MARGIN[db.kind]).isoformat(timespec="microseconds")


def _set_watermark(db: Database, value: str) -> None:
    db.execute("DELETE FROM link_meta WHERE key = 'linked_through'")
    db.execute("INSERT INTO link_meta (key, value) VALUES ('linked_through', ?)", (value,))


def recompute(db: Database, report_ids: set[str], *, refresh_growth: float | None = None) -> Change:
    """Re-cluster and re-reconcile the incidents of these reports (after a correction to them)."""
    change = update(db, refresh_growth=refresh_growth)
    again = _recluster(db, report_ids)
    return Change((change.gone | again.gone) - again.changed, change.changed | again.changed)


def _recluster(db: Database, report_ids: set[str]) -> Change:
    snap = load_snapshot(db)
    assert snap is not None  # update made one
    corrections = load_corrections(db)
    index = LinkIndex(db, snap, corrections=corrections)
    known = {r["id"] for r in query_in(db, "SELECT id FROM reports WHERE id IN ({})", report_ids)}
    if not known:
        return Change()
    again = index.recluster(known)
    _write_incidents(db, again.gone | again.changed, again.changed, snap, corrections, _weights(db))
    return again


def corrected_reports(db: Database, corrections: list[dict[str, Any]]) -> set[str]:
    """The reports these corrections are about: their target (a report, or a claim's report) and the
    report a move or merge names."""
    reports: set[str] = set()
    for c in corrections:
        payload = c.get("payload") or {}  # as `corrections.load` gives it: a dict
        reports |= {c["target"], payload.get("to_report"), payload.get("with_report")} - {None}
        reports |= {r["report_id"] for r in db.query("SELECT report_id FROM claims WHERE id = ?", (c["target"],))}
    return reports


def rebuild(db: Database, *, refresh: bool = True, workers: Workers | None = None) -> None:
    """Every derived table again, written beside the tables readers use (`store/shadow.py`) a chunk at
    a time and swapped in at the end. Called outside a transaction, each chunk commits on its own (the
    only way a big ledger's rebuild keeps its write-ahead log small) and readers see the old tables
    until the swap; inside one (a nested call) it all joins that transaction. Documents landed and
    corrections made while it ran are taken in before the swap. `workers`: score the pairs on them,
    partitioned by block (`store/link_partitions.py`); they read what is committed, so not inside a
    transaction."""
    assert workers is None or not db.in_transaction, "workers read the committed copies: no outer transaction"
    with shadow.relink_lock(db):
        with db.transaction():
            old = load_snapshot(db)
            refresh = refresh or old is None or rules_changed(db)  # other rules: the statistics too
            copies = shadow.begin(db, keep=() if refresh else ("link_df", "link_meta", "sources"))
            started = utc_now()
            seen = {c["id"] for c in load_corrections(db)}
        db.use_tables(copies)
        try:
            _build(db, refresh=refresh, workers=workers, started=started)
            with db.transaction():
                _catch_up(db, seen)
                db.use_tables({})
                shadow.swap(db, copies)
        finally:
            db.use_tables({})


def _build(db: Database, *, refresh: bool, workers: Workers | None, started: str) -> None:
    with db.transaction():
        db.execute("DELETE FROM link_meta WHERE key IN ('rebuild_pending', 'linked_through', 'linking_rules')")
        db.execute("INSERT INTO link_meta (key, value) VALUES ('linking_rules', ?)", (rules_version(),))
        snap = refresh_snapshot(db) if refresh else load_snapshot(db)
    assert snap is not None
    corrections = load_corrections(db)
    index = LinkIndex(db, snap, corrections=corrections)
    if workers is not None:  # (one local "worker" runs the partitioned path in this process)
        for batch in chunks(index.unindexed(), DOCUMENT_CHUNK):
            with db.transaction():
                index.index(batch)
        score_partitioned(db, snap, workers)
        index.cluster_unassigned()
    else:
        for batch in chunks(index.unindexed(), DOCUMENT_CHUNK):  # oldest first: a batch's neighbours are near it
            with db.transaction():
                index.add(batch)
    with db.transaction():
        if refresh:
            _refresh_reliability(db, snap, corrections)
        else:
            _count_documents(db, {r["outlet"] or "unknown" for r in db.query("SELECT DISTINCT outlet FROM documents")})
    weights = _weights(db)
    for iids in _all_incident_ids(db):
        with db.transaction():
            _write_incidents(db, set(), set(iids), snap, corrections, weights)
    with db.transaction():
        _set_watermark(db, started)


def _catch_up(db: Database, seen: set[str]) -> None:
    """In the swap's transaction, on the copies: link the documents that landed while the rebuild ran,
    and re-cluster the reports of the corrections made meanwhile."""
    _link_new(db)
    made = [c for c in load_corrections(db) if c["id"] not in seen]
    if made:
        _recluster(db, corrected_reports(db, made))


def _all_incident_ids(db: Database) -> Iterator[list[str]]:
    last = ""
    while True:
        rows = db.query("SELECT DISTINCT incident_id FROM report_links WHERE incident_id > ? ORDER BY incident_id LIMIT ?",
                        (last, INCIDENT_CHUNK))
        if not rows:
            return
        last = rows[-1]["incident_id"]
        yield [r["incident_id"] for r in rows]


def _weights(db: Database) -> dict[str, float]:
    return {r["outlet"]: r["reliability"] for r in db.query("SELECT outlet, reliability FROM sources")}


def _count_documents(db: Database, outlets: set[str]) -> None:
    """Each outlet's document count; an outlet new to the ledger starts at the prior's reliability
    (UNKNOWN_RELIABILITY, 0.5) until the next refresh scores it."""
    for outlet in sorted(outlets):
        n = db.scalar("SELECT COUNT(*) FROM documents WHERE outlet = ?" if outlet != "unknown"
                      else "SELECT COUNT(*) FROM documents WHERE outlet IS NULL", (outlet,) if outlet != "unknown" else ())
        if db.scalar("SELECT 1 FROM sources WHERE outlet = ?", (outlet,)) is None:
            db.execute("INSERT INTO sources (outlet, reliability, uncertainty, n_documents, n_scored, n_agree)"
                       " VALUES (?, ?, ?, ?, 0, 0)", (outlet, UNKNOWN_RELIABILITY, UNKNOWN_UNCERTAINTY, n))
        else:
            db.execute("UPDATE sources SET n_documents = ? WHERE outlet = ?", (n, outlet))


@dataclass(slots=True)
class _Incidents:
    """What reconciling a set of incidents reads from the ledger."""

    members: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    by_doc: dict[str, dict[str, Any]] = field(default_factory=dict)
    claims_by_report: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    roots: dict[str, str] = field(default_factory=dict)
    main_report: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, dict[str, Any]] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)  # every claim read, as the corrections leave it
    stored: dict[str, tuple[Any, Any, Any]] = field(default_factory=dict)  # claim id -> its line, review, revised as stored

    def line(self, report: dict[str, Any]) -> str:
        """The independent line a report belongs to: the outlet that first published its words (a copy
        belongs to its original's line)."""
        root = self.roots.get(report["document_id"])
        if root and root in self.main_report and report["main"]:
            report = self.main_report[root]
        doc = self.by_doc[self.roots.get(report["document_id"], report["document_id"])]
        own = self.claims_by_report.get(report["id"], [])
        relays = {c["relayed_from"] for c in own}
        if own and len(relays) == 1 and None not in relays:
            return f"outlet:{relays.pop()}"
        return f"outlet:{doc['outlet']}" if doc.get("outlet") else f"doc:{doc['id']}"

    def votes(self, rs: list[dict[str, Any]]) -> list[Vote]:
        return [Vote(r["id"], self.by_doc[r["document_id"]].get("outlet") or "unknown", self.line(r), r["toll_killed"])
                for r in rs if r["main"]]


def _roots(db: Database, docs: set[str]) -> dict[str, str]:
    """Each document's original along copy edges (a copy of a copy leads to the first; of two
    originals, the earlier published, then the smaller id)."""
    parent: dict[str, str] = {}
    frontier, seen = set(docs), set(docs)
    while frontier:
        best: dict[str, tuple[str, str]] = {}
        for row in query_in(db, "SELECT p.src, p.dst, d.published FROM provenance p JOIN documents d ON d.id = p.dst"
                                " WHERE p.kind = 'copy' AND p.src IN ({})", frontier):
            key = (str(row["published"] or "9999"), row["dst"])
            if row["src"] not in best or key < best[row["src"]]:
                best[row["src"]] = key
        parent.update({src: key[1] for src, key in best.items()})
        frontier = {key[1] for key in best.values()} - seen
        seen |= frontier
    roots = {}
    for doc in docs:
        cur, path = doc, set()
        while cur in parent and cur not in path:
            path.add(cur)
            cur = parent[cur]
        if cur != doc:
            roots[doc] = cur
    return roots


def _load(db: Database, iids: set[str], snap: Snapshot, corrections: list[dict[str, Any]], *,
          records: bool = True) -> _Incidents:
    """`records`: the members' stored records and their links too (building incident rows reads them;
    votes do not)."""
    out = _Incidents()
    rows = load_reports(db, [r["report_id"] for r in query_in(db, "SELECT report_id FROM report_links"
                                                                  " WHERE incident_id IN ({})", iids)],
                        snap.homes, out.by_doc, records=records)
    for r in rows:
        out.members[r["incident_id"]].append(r)
    out.roots = _roots(db, {r["document_id"] for r in rows})
    root_docs = set(out.roots.values())
    out.by_doc.update(load_documents(db, root_docs - out.by_doc.keys()))
    mains = load_reports(db, [r["id"] for r in query_in(db, "SELECT id FROM reports WHERE main = 1 AND document_id"
                                                            " IN ({})", root_docs)], snap.homes, out.by_doc)
    out.main_report = {r["document_id"]: r for r in mains}
    ids = {r["id"] for r in rows} | {r["id"] for r in mains}
    raw = query_in(db, CLAIM_SQL, ids)
    out.stored = {c["id"]: (c.pop("stored_line"), c.pop("stored_review"), c.pop("stored_revised")) for c in raw}
    out.claims = review(raw, corrections)
    # reconciled: the incident's own top-level figures (not subsets, not background), as corrected
    for c in out.claims:
        if c["part_of"] is None and c["context"] is None and c["review"] != "rejected":
            out.claims_by_report[c["report_id"]].append(c)
    for claims in out.claims_by_report.values():
        claims.sort(key=lambda c: c["idx"])  # the order the document gives them
    if not records:  # votes read neither records nor links
        return out
    best: dict[str, tuple[float, str, str]] = {}
    incident_of = {r["id"]: r["incident_id"] for r in rows}
    for row in query_in(db, "SELECT a, b, p, because FROM link_pairs WHERE a IN ({})", incident_of):
        if incident_of.get(row["b"]) != incident_of[row["a"]]:
            continue
        for me, other in ((row["a"], row["b"]), (row["b"], row["a"])):
            key = (row["p"], other, row["because"])
            if me not in best or key[:2] > best[me][:2]:
                best[me] = key
    out.links = {me: {"with": other, "probability": round(p, 3), "because": json.loads(because or "[]")}
                 for me, (p, other, because) in best.items()}
    return out


def _write_incidents(db: Database, remove: set[str], write: set[str], snap: Snapshot,
                     corrections: list[dict[str, Any]], weights: dict[str, float]) -> None:
    # incidents written again are overwritten in place (an upsert rewrote 2,000 rows of a table with ten
    # indexes in 0.39 s, a delete and an insert in 0.52 s); the rest of `remove` are deleted
    for batch in chunks(sorted(remove - write), INCIDENT_CHUNK):
        db.execute(f"DELETE FROM incidents WHERE id IN ({', '.join('?' * len(batch))})", batch)
    for batch in chunks(sorted(write), INCIDENT_CHUNK):
        data = _load(db, set(batch), snap, corrections)
        rows, updates = [], []
        # every claim of these incidents as corrected, with its line of evidence: stored once here, read
        # as stored by the review app
        report_line = {r["id"]: data.line(r) for rs in data.members.values() for r in rs}
        lines = [(claim_line(c, report_line[c["report_id"]]), c["review"],
                  json.dumps(c["revised"], sort_keys=True) if c["revised"] else None, c["id"])
                 for c in data.claims if c["report_id"] in report_line]
        lines = [row for row in lines if row[:3] != data.stored[row[3]]]  # unchanged: not written again
        for iid, rs in data.members.items():
            rows.append(incident_row(iid, rs, data.by_doc, data.claims_by_report, data.line, weights, data.links).to_row())
            credibility = credibility_of(data.votes(rs), weights)
            updates += [(credibility.get(r["id"]), r["id"]) for r in rs]
        db.executemany(UPSERT_INCIDENT, [tuple(row[c] for c in INCIDENT_COLUMNS) for row in rows])
        empty = sorted(set(batch) - data.members.keys())  # (none expected: an incident written has members)
        if empty:
            db.execute(f"DELETE FROM incidents WHERE id IN ({', '.join('?' * len(empty))})", empty)
        db.executemany("UPDATE report_links SET credibility = ? WHERE report_id = ?", updates)
        db.executemany("INSERT INTO claim_reviews (line, review, revised, claim_id) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT (claim_id) DO UPDATE SET line = excluded.line, review = excluded.review,"
                       " revised = excluded.revised", lines)


def _refresh_reliability(db: Database, snap: Snapshot, corrections: list[dict[str, Any]]) -> None:
    """Source reliability by truth discovery over the votes of the incidents it scores: those told by two
    independent lines or more (`reliability.scored`). The others are most incidents of a big ledger and
    say nothing of an outlet, so their votes are not kept, only their outlets (the prior's figures)."""
    votes: list[list[Vote]] = []
    outlets: set[str] = set()
    for iids in _all_incident_ids(db):
        data = _load(db, set(iids), snap, corrections, records=False)
        for rs in data.members.values():
            told = data.votes(rs)
            outlets.update(v.outlet for v in told)
            if scored(told):
                votes.append(told)
    weights, uncertainty = discover(votes, outlets)
    track = counts(votes, weights)
    outlet_docs = Counter({r["outlet"] or "unknown": r["n"] for r in db.query(
        "SELECT outlet, COUNT(*) AS n FROM documents GROUP BY outlet")})
    db.execute("DELETE FROM sources")
    db.executemany(
        "INSERT INTO sources (outlet, reliability, uncertainty, n_documents, n_scored, n_agree) VALUES (?, ?, ?, ?, ?, ?)",
        [(o, round(weights.get(o, UNKNOWN_RELIABILITY), 4), round(uncertainty.get(o, UNKNOWN_UNCERTAINTY), 4), n,
          track.get(o, (0, 0))[1], track.get(o, (0, 0))[0]) for o, n in outlet_docs.items()])
