"""The ledger: documents, reports and claims as they land; incidents, provenance and source
reliability derived from them by `relink()`.

    ledger = Ledger("ledger.db")
    ledger.ingest(["../shared/seeds"])
    for incident in ledger.incidents(contested=True): ...
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triangulate.extract.pipeline import Extractor
from triangulate.ingest.readers import Pending, read_raw
from triangulate.model import Document, Extraction, RecordError
from triangulate.output import report_record
from triangulate.reconcile.tolls import lead_toll
from triangulate.store.db import Database, connect
from triangulate.store.schema import migrate


@dataclass
class IngestResult:
    added: int = 0
    skipped: int = 0
    errors: list[RecordError] = field(default_factory=list)


@dataclass
class Incident:
    id: str
    date: str | None
    place_name: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    means: str | None
    perpetrator: str | None
    target: str | None
    title: str | None
    killed_low: int | None
    killed_best: int | None
    killed_high: int | None
    killed_high_open: bool
    killed_contradiction: bool
    wounded_low: int | None
    wounded_best: int | None
    wounded_high: int | None
    wounded_contradiction: bool
    grade: str | None
    contested: bool
    n_reports: int
    n_independent: int
    n_outlets: int
    summary: dict[str, Any]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Incident:
        names = cls.__dataclass_fields__
        data = {k: row.get(k) for k in names}
        for k in ("killed_high_open", "killed_contradiction", "wounded_contradiction", "contested"):
            data[k] = bool(data[k])
        data["summary"] = json.loads(row["summary"]) if row.get("summary") else {}
        return cls(**data)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Ledger:
    def __init__(self, target: str | Path = ":memory:") -> None:
        self.db: Database = connect(target)
        migrate(self.db)

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
    ) -> IngestResult:
        """Read, extract and store every record; documents already in the ledger (same content) are
        skipped, so a rerun after a crash picks up where it stopped. Each batch of documents is one
        transaction: a killed run leaves every committed document whole and none half-written."""
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
        for ex in Extractor().pipe(fresh(), n_process=jobs):
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
            self.relink()
        return result

    def add(self, extractions: Iterable[Extraction]) -> IngestResult:
        """Store extractions made elsewhere (same rules as `ingest`)."""
        result = IngestResult()
        self._land(list(extractions), result)
        return result

    def _land(self, extractions: list[Extraction], result: IngestResult) -> None:
        with self.db.transaction():
            for ex in extractions:
                if ex.errors:
                    result.errors.extend(ex.errors)
                    for e in ex.errors:
                        self.db.execute(
                            "INSERT INTO errors (id, source, message, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            (f"{e.source}|{e.message}"[:500], e.source, e.message, _now()),
                        )
                    continue
                if self.has_document(ex.document.id):
                    result.skipped += 1
                    continue
                self._insert(ex)
                result.added += 1

    def _insert(self, ex: Extraction) -> None:
        d = ex.document
        n_claims = sum(len(r.claims) for r in ex.reports)
        self.db.execute(
            "INSERT INTO documents (id, source, outlet, title, published, url, credited, text, junk, n_reports,"
            " n_claims, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.id, d.source, d.outlet, d.title, d.published.isoformat() if d.published else None, d.url,
             json.dumps(d.credited), d.text, json.dumps([[s.start, s.end, s.kind] for s in d.junk]),
             len(ex.reports), n_claims, _now()),
        )
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
                    c.evidence.start, c.evidence.end, c.evidence.text,
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
            " speaker_role, via, hedged, hedge, ev_start, ev_end, ev_text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            claim_rows,
        )

    # -- derived tables ------------------------------------------------------------------------
    def relink(self) -> None:
        """Rebuild provenance, incidents, reconciled figures and source reliability, atomically."""
        from triangulate.link.build import rebuild

        rebuild(self.db)

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
        at = _now()
        cid = hashlib.sha1(f"{at}|{who}|{action}|{target}|{json.dumps(payload, sort_keys=True)}".encode()).hexdigest()[:16]
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO corrections (id, at, who, action, target, payload, why) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (cid, at, who.strip(), action, target, json.dumps(payload, ensure_ascii=False), why.strip()))
        if relink:
            self.relink()
        return cid

    def corrections(self, target: str | None = None) -> list[dict[str, Any]]:
        if target is None:
            return self.db.query("SELECT * FROM corrections ORDER BY at, id")
        return self.db.query("SELECT * FROM corrections WHERE target = ? ORDER BY at, id", (target,))

    # -- reading -------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: int(self.db.scalar(f"SELECT COUNT(*) FROM {t}")) for t in
                ("documents", "reports", "claims", "incidents", "provenance", "sources", "errors", "corrections")}

    def incidents(self, *, contested: bool | None = None, limit: int | None = None,
                  as_frame: bool = False) -> Any:
        sql = "SELECT * FROM incidents"
        if contested:
            sql += " WHERE attention = 1"
        sql += " ORDER BY date, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = self.db.query(sql)
        if as_frame:
            import pandas as pd

            return pd.DataFrame(rows)
        return [Incident.from_row(r) for r in rows]

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """An incident with its reports and claims side by side, and the provenance among them."""
        rows = self.db.query("SELECT * FROM incidents WHERE id = ?", (incident_id,))
        if not rows:
            return None
        reports = self.db.query(
            "SELECT r.*, d.outlet, d.title AS document_title, d.published, d.source, d.credited"
            " FROM reports r JOIN documents d ON d.id = r.document_id WHERE r.incident_id = ?"
            " ORDER BY d.published, r.id", (incident_id,))
        ids = [r["id"] for r in reports]
        claims = self.db.query(
            f"SELECT * FROM claims WHERE report_id IN ({','.join('?' * len(ids))}) ORDER BY report_id, idx", ids
        ) if ids else []
        docs = sorted({r["document_id"] for r in reports})
        edges = self.db.query(
            f"SELECT * FROM provenance WHERE src IN ({','.join('?' * len(docs))})", docs) if docs else []
        return {"incident": Incident.from_row(rows[0]), "reports": reports, "claims": claims, "provenance": edges}

    def sources(self) -> list[dict[str, Any]]:
        return self.db.query("SELECT * FROM sources ORDER BY reliability DESC, n_documents DESC")

    def documents(self) -> list[dict[str, Any]]:
        return self.db.query("SELECT id, source, outlet, title, published, n_reports, n_claims FROM documents ORDER BY id")
