"""The ledger's read queries for its readers (the review app, the exports): one place for the SQL they
need, as methods of `Ledger` (it inherits `LedgerReads`).

Contract: every method returns plain rows (dicts keyed by column name) or None; none writes.
"""

from __future__ import annotations

import json
from typing import Any

from triangulate.model import Incident
from triangulate.store import incident_pages
from triangulate.store.db import Database
from triangulate.store.incident_pages import IncidentFilter

SOURCE_REPORTS_SHOWN = 500  # an outlet's page lists its latest main reports, this many
CLAIMS = ("SELECT c.*, v.line, v.review, v.revised FROM claims c"  # each claim with what reconciling made of it
          " LEFT JOIN claim_reviews v ON v.claim_id = c.id")


def _with_counted(claims: list[dict[str, Any]], reports: list[dict[str, Any]]) -> None:
    """Each claim gets `counted` from its report's record: how a figure written without digits was counted,
    or how a derived one was made ("derived: hit 4 - killed 1 (one fatally)"), so no reader takes a sum for
    a number the text wrote."""
    counted: dict[tuple[str, int], str] = {}
    for r in reports:
        for k, c in enumerate(json.loads(r["record"]).get("claims", []) if r.get("record") else []):
            if c.get("counted"):
                counted[(r["id"], k)] = c["counted"]
    for c in claims:
        c["counted"] = counted.get((c["report_id"], c["idx"]))


class LedgerReads:
    db: Database

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

    def count_incidents(self, filters: IncidentFilter | None = None, *, cap: int = 10**12) -> int:
        """Incidents matching the filters (all of them by default), counted up to `cap + 1`."""
        return incident_pages.count(self.db, filters or IncidentFilter(), cap)

    def incident_page(self, filters: IncidentFilter, *, column: str, cursor: tuple[Any, str] | None = None,
                      forward: bool = True, limit: int = 50) -> list[dict[str, Any]]:
        """A page of the incident list by keyset (`store/incident_pages.py`)."""
        return incident_pages.page(self.db, filters, column, cursor, forward, limit)

    def distinct_values(self, column: str) -> list[str]:
        return incident_pages.distinct_values(self.db, column)

    def resolve_incident_id(self, start: str) -> list[str]:
        """The incident ids that are `start` or begin with it (at most three: more is ambiguous anyway)."""
        if self.db.scalar("SELECT 1 FROM incidents WHERE id = ?", (start,)):
            return [start]
        return [r["id"] for r in self.db.query(
            "SELECT id FROM incidents WHERE id >= ? AND id < ? ORDER BY id LIMIT 3", (start, start + "~"))]

    def errors(self) -> list[dict[str, Any]]:
        """Quarantined records: the source, why, and when."""
        return self.db.query("SELECT source, message, at FROM errors ORDER BY at, source")

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """An incident with its reports and claims side by side, and the provenance among them."""
        rows = self.db.query("SELECT * FROM incidents WHERE id = ?", (incident_id,))
        if not rows:
            return None
        reports = self.db.query(
            "SELECT r.*, l.incident_id, l.credibility, d.outlet, d.title AS document_title, d.published, d.source,"
            " d.credited FROM report_links l JOIN reports r ON r.id = l.report_id JOIN documents d ON d.id = r.document_id"
            " WHERE l.incident_id = ? ORDER BY d.published, r.id", (incident_id,))
        ids = [r["id"] for r in reports]
        claims = self.db.query(
            f"{CLAIMS} WHERE c.report_id IN ({','.join('?' * len(ids))}) ORDER BY c.report_id, c.idx", ids
        ) if ids else []
        _with_counted(claims, reports)
        docs = sorted({r["document_id"] for r in reports})
        edges = self.db.query(
            f"SELECT * FROM provenance WHERE src IN ({','.join('?' * len(docs))})", docs) if docs else []
        return {"incident": Incident.from_row(rows[0]), "reports": reports, "claims": claims, "provenance": edges}

    def sources(self) -> list[dict[str, Any]]:
        return self.db.query("SELECT * FROM sources ORDER BY reliability DESC, n_documents DESC")

    def documents(self) -> list[dict[str, Any]]:
        return self.db.query("SELECT id, source, outlet, title, published, n_reports, n_claims FROM documents ORDER BY id")

    def document(self, document_id: str) -> dict[str, Any] | None:
        """A document as stored: its original text, junk spans and metadata."""
        rows = self.db.query("SELECT id, text, junk, title, outlet, published, source, language, notice, credited"
                             " FROM documents WHERE id = ?", (document_id,))
        return rows[0] if rows else None

    def report(self, report_id: str) -> dict[str, Any] | None:
        """A report with its document's metadata and text, and its claims in order."""
        rows = self.db.query(
            "SELECT r.*, l.incident_id, l.credibility, d.outlet, d.title AS document_title, d.published, d.source,"
            " d.text, d.junk, d.credited, d.language, d.notice FROM reports r JOIN documents d ON d.id = r.document_id"
            " LEFT JOIN report_links l ON l.report_id = r.id WHERE r.id = ?", (report_id,))
        if not rows:
            return None
        claims = self.db.query(f"{CLAIMS} WHERE c.report_id = ? ORDER BY c.idx", (report_id,))
        _with_counted(claims, rows)
        return {"report": rows[0], "claims": claims}

    def incident_of_report(self, report_id: str) -> str | None:
        value = self.db.scalar("SELECT incident_id FROM report_links WHERE report_id = ?", (report_id,))
        return None if value is None else str(value)

    def points(self, incident_ids: list[str]) -> list[dict[str, Any]]:
        """Where and when these incidents happened, for a map."""
        if not incident_ids:
            return []
        return self.db.query(f"SELECT id, lat, lon, place_name, date FROM incidents"
                             f" WHERE id IN ({','.join('?' * len(incident_ids))})", incident_ids)

    def source(self, outlet: str) -> dict[str, Any] | None:
        """An outlet's record and its latest main reports with their incidents' figures."""
        rows = self.db.query("SELECT * FROM sources WHERE outlet = ?", (outlet,))
        if not rows:
            return None
        reports = self.db.query(
            "SELECT r.id, l.incident_id, r.date, r.place_name, r.toll_killed, l.credibility, d.title, d.published,"
            " i.killed_best, i.n_independent FROM reports r JOIN documents d ON d.id = r.document_id"
            " LEFT JOIN report_links l ON l.report_id = r.id LEFT JOIN incidents i ON i.id = l.incident_id"
            " WHERE d.outlet = ? AND r.main = 1"
            f" ORDER BY d.published DESC, r.id LIMIT {SOURCE_REPORTS_SHOWN}", (outlet,))
        return {"source": rows[0], "reports": reports}

    # -- what the exports add to each incident row ----------------------------------------------
    def incident_rows(self) -> list[dict[str, Any]]:
        return self.db.query("SELECT * FROM incidents ORDER BY date, id")

    def incident_documents(self) -> dict[str, list[dict[str, Any]]]:
        """Incident id -> its reports' documents (outlet, url, title, published)."""
        out: dict[str, list[dict[str, Any]]] = {}
        for s in self.db.query("SELECT l.incident_id, d.outlet, d.url, d.title, d.published FROM report_links l"
                               " JOIN reports r ON r.id = l.report_id JOIN documents d ON d.id = r.document_id"):
            out.setdefault(s["incident_id"], []).append(s)
        return out

    def dated_incidents(self) -> set[str]:
        """Incidents whose date some report states (explicitly or relative to its publication)."""
        return {r["incident_id"] for r in self.db.query(
            "SELECT DISTINCT l.incident_id FROM report_links l JOIN reports r ON r.id = l.report_id"
            " WHERE r.date IS NOT NULL AND r.date_basis IS NOT NULL")}

    def lead_killed(self) -> list[dict[str, Any]]:
        """Each report's largest lead killed figure per victim group: (incident_id, report_id, victims, value)."""
        return self.db.query("SELECT l.incident_id, c.report_id, c.victims, MAX(c.value) AS value FROM claims c"
                             " JOIN report_links l ON l.report_id = c.report_id WHERE c.lead = 1 AND c.kind = 'killed'"
                             " AND c.context IS NULL GROUP BY l.incident_id, c.report_id, c.victims")

    def last_landed(self) -> dict[str, str]:
        """Incident id -> when its latest report landed."""
        return {r["incident_id"]: r["at"] for r in self.db.query(
            "SELECT l.incident_id, MAX(d.ingested_at) AS at FROM report_links l JOIN reports r ON r.id = l.report_id"
            " JOIN documents d ON d.id = r.document_id GROUP BY l.incident_id")}
