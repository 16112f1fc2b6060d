"""The ledger: documents, reports and claims as they land; incidents, provenance and source
reliability derived from them: `update()` links what is new (only the incidents it touches change),
`relink()` rebuilds everything.

    ledger = Ledger("ledger.db")
    ledger.ingest(["../shared/seeds"])
    for incident in ledger.incidents(contested=True): ...
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triangulate.extract.pipeline import Extractor
from triangulate.extract.tolls import lead_toll
from triangulate.ingest.readers import Pending, read_raw
from triangulate.link.text_keys import VERSION as TEXT_KEY_VERSION
from triangulate.link.text_keys import with_text_key
from triangulate.model import Document, Extraction, RecordError
from triangulate.output import report_record
from triangulate.store import derive
from triangulate.store.db import Database, LedgerError, connect, utc_now
from triangulate.store.reads import LedgerReads
from triangulate.store.schema import NEEDS_RELINK, migrate
from triangulate.workers import Workers


@dataclass
class IngestResult:
    added: int = 0
    skipped: int = 0
    errors: list[RecordError] = field(default_factory=list)


def printable(text: str) -> str:
    """Text any database and terminal accepts: lone surrogates become U+FFFD."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


def _same_payload(stored: str, payload: dict[str, Any]) -> bool:
    try:
        return bool(json.loads(stored) == json.loads(json.dumps(payload)))
    except (TypeError, ValueError):
        return False


class Ledger(LedgerReads):
    """The ledger. `Ledger(path)` opens or creates one (what `ingest` does); `Ledger.open(path)`
    opens an existing one and refuses a missing file, a database that is not a ledger or a damaged
    one with a clear `LedgerError`; a file this process may not write is opened read-only."""

    refresh_growth: float | None = None  # None: store/derive.py's REFRESH_GROWTH; `inf`: only `relink` refreshes

    def __init__(self, target: str | Path = ":memory:", *, _read_only: bool = False) -> None:
        self.db: Database = connect(target, read_only=_read_only)
        if not _read_only and NEEDS_RELINK & set(migrate(self.db)) and self.db.scalar("SELECT COUNT(*) FROM incidents"):
            self._fill_reviews()  # an older ledger: fill the derived columns it has just gained

    def _fill_reviews(self) -> None:
        """Claims no correction touches were extracted as they stand; the incidents of the corrected
        ones are built again, which stores their review state (not a whole relink: a big ledger's
        rebuild takes an hour)."""
        with self.db.transaction():
            self.db.execute("INSERT INTO claim_reviews (claim_id, review) SELECT c.id, 'extracted' FROM claims c"
                            " WHERE NOT EXISTS (SELECT 1 FROM claim_reviews v WHERE v.claim_id = c.id)")
            reports = {r["report_id"] for r in self.db.query(
                "SELECT DISTINCT c.report_id FROM claims c JOIN corrections k ON k.target = c.id")}
            if reports:
                derive.recompute(self.db, reports, refresh_growth=self.refresh_growth)

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @classmethod
    def open(cls, target: str | Path) -> Ledger:
        target = str(target)
        if target.startswith(("postgresql://", "postgres://")) or target == ":memory:":
            return cls(target)
        path = Path(target)
        if not path.is_file():
            raise LedgerError(f"no ledger at {target}: `triangulate ingest ... --db {target}` creates one")
        writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        try:
            probe = connect(target, read_only=True)
            try:
                tables = {r["name"] for r in probe.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                probe.close()
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{target} is not a readable SQLite ledger ({exc}); check it with "
                              f"sqlite3 {target} 'PRAGMA integrity_check'") from None
        if not {"migrations", "documents", "reports", "claims"} <= tables:
            raise LedgerError(f"{target} is a database but not a triangulate ledger: refusing to touch it")
        try:
            return cls(target, _read_only=not writable)
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{target}: {exc}; check it with sqlite3 {target} 'PRAGMA integrity_check'") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- landing documents ---------------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self.db.scalar("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        jobs: int = 1,
        columns: dict[str, str] | None = None,
        encoding: str = "auto",
        progress: Callable[[int], None] | None = None,
        relink: bool = True,
        batch: int = 50,
        scheduler: str | None = None,
    ) -> IngestResult:
        """Read, extract and store every record; documents already in the ledger (same content) are
        skipped, so a rerun after a crash picks up where it stopped. Each batch of documents is one
        transaction: a killed run leaves every committed document whole and none half-written.
        `scheduler` runs extraction on a Dask cluster ("tcp://host:8786", or "local:N")."""
        result = IngestResult()

        def fresh() -> Iterator[Document | Pending | RecordError]:
            for record in read_raw(paths, columns=columns, encoding=encoding):
                if isinstance(record, RecordError):
                    yield record
                    continue
                if self.has_document(record.id):
                    result.skipped += 1
                    if progress:
                        progress(1)
                    continue
                yield record

        pending: list[Extraction] = []
        if scheduler:
            from triangulate.extract.cluster import pipe_on_dask

            extractions: Iterable[Extraction] = pipe_on_dask(fresh(), scheduler=scheduler, then=with_text_key)
        else:
            extractions = Extractor().pipe(fresh(), n_process=jobs, then=with_text_key)
        for ex in extractions:
            pending.append(ex)
            if len(pending) >= batch:
                self._land(pending, result)
                if progress:
                    progress(len(pending))
                pending = []
        if pending:
            self._land(pending, result)
            if progress:
                progress(len(pending))
        if relink:
            self.update()
        return result

    def add(self, extractions: Iterable[Extraction]) -> IngestResult:
        """Store extractions made elsewhere (same rules as `ingest`)."""
        result = IngestResult()
        self._land(list(extractions), result)
        return result

    def _land(self, extractions: list[Extraction], result: IngestResult) -> None:
        """One transaction per batch; inside it each document is a savepoint, so a record that cannot
        be stored (a value the database refuses) is quarantined in `errors` and the rest lands."""
        with self.db.transaction():
            for ex in extractions:
                if ex.errors:
                    for e in ex.errors:
                        self._quarantine(e, result)
                    continue
                if self.has_document(ex.document.id):
                    result.skipped += 1
                    continue
                try:
                    with self.db.savepoint():
                        self._insert(ex)
                except Exception as exc:  # noqa: BLE001 - any refusal of one record is that record's error
                    self._quarantine(RecordError(ex.document.source or ex.document.id,
                                                 f"cannot be stored: {type(exc).__name__}: {exc}"), result)
                    continue
                result.added += 1

    def _quarantine(self, error: RecordError, result: IngestResult) -> None:
        source, message = printable(error.source)[:1000], printable(error.message)[:2000]
        result.errors.append(RecordError(source, message))
        self.db.execute(
            "INSERT INTO errors (id, source, message, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (f"{source}|{message}"[:500], source, message, utc_now()),
        )

    def _insert(self, ex: Extraction) -> None:
        d = ex.document
        n_claims = sum(len(r.claims) for r in ex.reports)
        self.db.execute(
            "INSERT INTO documents (id, source, outlet, title, published, url, credited, text, junk, n_reports,"
            " n_claims, ingested_at, language, notice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.id, d.source, d.outlet, d.title, d.published.isoformat() if d.published else None, d.url,
             json.dumps(d.credited), d.text, json.dumps([[s.start, s.end, s.kind] for s in d.junk]),
             len(ex.reports), n_claims, utc_now(), d.language, ex.notice),
        )
        if ex.link_text is None:  # not made where it was extracted (an extraction from elsewhere)
            with_text_key(ex)
        self.db.execute("INSERT INTO link_texts (document_id, version, key) VALUES (?, ?, ?)",
                        (d.id, TEXT_KEY_VERSION, ex.link_text))
        report_rows, claim_rows = [], []
        for i, r in enumerate(ex.reports):
            rid = f"{d.id}-{i}"
            killed, wounded = lead_toll(r, "killed"), lead_toll(r, "wounded")
            lead = set(killed.claims) | set(wounded.claims)
            p = r.place
            report_rows.append((
                rid, d.id, i, int(r.main), r.date.isoformat() if r.date else None, r.date_basis,
                p.name if p else None, p.geonameid if p else None, p.lat if p else None, p.lon if p else None,
                p.country if p else None, p.admin1 if p else None, p.precision if p else None,
                r.perpetrator.id if r.perpetrator else None, r.target.id if r.target else None, r.means,
                killed.total if killed.claims else None, wounded.total if wounded.claims else None,
                json.dumps(report_record(r), ensure_ascii=False),
            ))
            for k, c in enumerate(r.claims):
                a = c.attribution
                claim_rows.append((
                    f"{rid}-{k}", rid, d.id, k, c.kind, c.value, c.low, c.high, c.qualifier, c.victims,
                    c.children, c.women, c.vague_term, c.part_of, int(c.in_title), int(k in lead),
                    c.relayed_from, a.speaker, a.speaker_type, a.role, json.dumps(a.via), int(a.hedged), a.hedge,
                    c.evidence.start, c.evidence.end, c.evidence.text, c.context,
                ))
        self.db.executemany(
            "INSERT INTO reports (id, document_id, idx, main, date, date_basis, place_name, geonameid, lat, lon,"
            " country, admin1, place_precision, perpetrator, target, means, toll_killed, toll_wounded, record)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            report_rows,
        )
        self.db.executemany(
            "INSERT INTO claims (id, report_id, document_id, idx, kind, value, low, high, qualifier, victims,"
            " children, women, vague_term, part_of, in_title, lead, relayed_from, speaker, speaker_type,"
            " speaker_role, via, hedged, hedge, ev_start, ev_end, ev_text, context)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claim_rows,
        )
        named = {o for o in d.credited if o} | {c.relayed_from for r in ex.reports for c in r.claims if c.relayed_from}
        self.db.executemany("INSERT INTO document_relays (day, outlet, document_id) VALUES (?, ?, ?)",
                            [(d.published.isoformat() if d.published else "", o, d.id) for o in sorted(named)])

    # -- derived tables ------------------------------------------------------------------------
    def relink(self, *, jobs: int = 1, scheduler: str | None = None) -> None:
        """Rebuild provenance, incidents, reconciled figures and source reliability from scratch, with
        the linking statistics and source reliability counted anew. It is written beside the tables
        readers use, a chunk at a time, and swapped in at the end (readers see the old ledger or the new;
        a killed relink leaves the old). `jobs` > 1 or a Dask `scheduler` ("tcp://host:8786",
        "local:N") scores the candidate pairs on those workers, a partition of blocks at a time."""
        workers = Workers(jobs, scheduler)
        if workers.parallel and self.db.target in ("", ":memory:"):
            raise ValueError("a partitioned relink needs a ledger that workers can open (a file or PostgreSQL)")
        derive.rebuild(self.db, workers=workers if workers.parallel else None)

    def update(self) -> None:
        """Link the documents that linking has not seen yet: only the incidents they touch are
        recomputed, atomically; a full `relink` when the ledger has grown by half since the last."""
        if derive.rebuild_due(self.db, self.refresh_growth):
            self.relink()
            return
        with self.db.transaction():
            derive.update(self.db, refresh_growth=self.refresh_growth)

    # -- corrections ---------------------------------------------------------------------------
    CORRECTIONS = {
        "claim_accept": "a reviewer confirms the claim as extracted",
        "claim_reject": "the claim is wrong (not a casualty figure, or not this incident's): leave it out",
        "claim_edit": "replace value / qualifier / victims / speaker",
        "report_move": "move a report to the incident of another report (payload: to_report)",
        "incident_merge": "merge the incidents of two reports (payload: with_report)",
        "incident_split": "take a report out of its incident into one of its own",
    }

    def correct(self, action: str, target: str, *, who: str, why: str, payload: dict[str, Any] | None = None,
                relink: bool = True) -> str:
        """Record a correction (who, when, what, why) and rebuild the derived tables with it. Targets are
        content-hash ids of claims and reports, so corrections survive re-ingesting the same documents."""
        from triangulate.store.corrections import validate

        payload = payload or {}
        validate(self.db, action, target, payload)
        if not who.strip() or not why.strip():
            raise ValueError("a correction needs who made it and why")
        who, why = who.strip()[:200], why.strip()[:2000]
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        with self.db.transaction():
            latest = self.db.query(
                "SELECT id, who, action, payload, why FROM corrections WHERE target = ? ORDER BY at DESC, id DESC LIMIT 1",
                (target,))
            if latest and (latest[0]["who"], latest[0]["action"], latest[0]["why"]) == (who, action, why) and \
                    _same_payload(latest[0]["payload"], payload):
                return str(latest[0]["id"])  # a replay of the last correction: the same correction, once
            at = utc_now()
            count = self.db.scalar("SELECT COUNT(*) FROM corrections WHERE target = ?", (target,)) or 0
            cid = hashlib.sha1(f"{who}|{action}|{target}|{body}|{why}|{count}".encode()).hexdigest()[:16]
            self.db.execute(
                "INSERT INTO corrections (id, at, who, action, target, payload, why) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (cid, at, who, action, target, body, why))
        if relink:
            reports = derive.corrected_reports(self.db, [{"target": target, "payload": payload}])
            with self.db.transaction():
                derive.recompute(self.db, reports, refresh_growth=self.refresh_growth)
        return cid

    def corrections(self, target: str | None = None) -> list[dict[str, Any]]:
        if target is None:
            return self.db.query("SELECT * FROM corrections ORDER BY at, id")
        return self.db.query("SELECT * FROM corrections WHERE target = ? ORDER BY at, id", (target,))
