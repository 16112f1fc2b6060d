"""Rebuild the ledger's derived tables: provenance, incidents (with reconciled figures and grades),
report credibility and source reliability. One transaction: readers see the old tables or the new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter, defaultdict
from typing import Any

from triangulate.extract.actors import find_actors
from triangulate.link.copies import Edge, copy_edges, relay_edges
from triangulate.link.incidents import Link, ReportKey, group
from triangulate.link.outlet_regions import reread_places
from triangulate.reconcile.figures import Figure, reconcile
from triangulate.reconcile.reliability import Vote, counts, discover
from triangulate.store.corrections import apply_to_claims, apply_to_groups
from triangulate.store.corrections import load as load_corrections
from triangulate.store.db import Database

_TITLE_WORD = re.compile(r"[A-Za-z]{4,}")
LEAD_CHARS = 1200  # the opening that linking compares: who, where, when


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _roots(edges: list[Edge]) -> dict[str, str]:
    """Each document's original along copy edges (a copy of a copy leads to the first)."""
    parent = {e.src: e.dst for e in edges if e.kind == "copy"}
    roots = {}
    for doc in parent:
        seen, cur = set(), doc
        while cur in parent and cur not in seen:
            seen.add(cur)
            cur = parent[cur]
        roots[doc] = cur
    return roots


def _mode(values: list[Any]) -> Any:
    values = [v for v in values if v not in (None, "")]
    return Counter(values).most_common(1)[0][0] if values else None


def report_keys(reports: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]]) -> list[ReportKey]:
    """What linking needs of each report: its facts, its document's headline words and opening
    (a secondary report of a document is linked by its own facts, not its document's lead)."""
    keys = []
    for r in reports:
        doc = by_doc[r["document_id"]]
        words = frozenset(w.lower() for w in _TITLE_WORD.findall(doc.get("title") or "")) if r["main"] else frozenset()
        keys.append(ReportKey(
            r["id"], r["document_id"], _date(r["date"]) or _date(doc.get("published")), r["country"], r["admin1"],
            r["geonameid"], r["lat"], r["lon"], r["means"], r["perpetrator"], r["target"], r["toll_killed"], words,
            _date(doc.get("published")), lead=(doc.get("text") or "")[:LEAD_CHARS] if r["main"] else "",
            outlet=doc.get("outlet"), dated=r["date"] is not None,
        ))
    return keys


def rebuild(db: Database) -> None:
    docs = db.query("SELECT id, outlet, published, credited, title, substr(text, 1, 1500) AS text FROM documents")
    for d in docs:
        d["credited"] = json.loads(d["credited"] or "[]")
    by_doc = {d["id"]: d for d in docs}
    relayed: dict[str, set[str]] = defaultdict(set)
    for row in db.query("SELECT DISTINCT document_id, relayed_from FROM claims WHERE relayed_from IS NOT NULL"):
        relayed[row["document_id"]].add(row["relayed_from"])
    edges = copy_edges(docs) + relay_edges(docs, relayed)
    roots = _roots(edges)

    reports = db.query(
        "SELECT r.id, r.document_id, r.main, r.date, r.country, r.admin1, r.geonameid, r.lat, r.lon, r.means,"
        " r.perpetrator, r.target, r.toll_killed, r.toll_wounded, r.place_name, r.place_precision, r.record"
        " FROM reports r")
    claims = db.query(
        "SELECT id, report_id, document_id, kind, value, low, high, qualifier, victims, part_of, in_title,"
        " relayed_from, speaker, speaker_type, speaker_role, ev_start, ev_text FROM claims WHERE part_of IS NULL")
    corrections = load_corrections(db)
    claims = apply_to_claims(claims, corrections)
    claims_by_report: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        claims_by_report[c["report_id"]].append(c)

    main_report = {r["document_id"]: r for r in reports if r["main"]}

    def line(report: dict[str, Any]) -> str:
        """The independent line a report belongs to: the outlet that first published its words (a copy
        belongs to its original's line)."""
        root = roots.get(report["document_id"])
        if root and root in main_report and report["main"]:
            report = main_report[root]
        doc = by_doc[roots.get(report["document_id"], report["document_id"])]
        own = claims_by_report.get(report["id"], [])
        relays = {c["relayed_from"] for c in own}
        if own and len(relays) == 1 and None not in relays:
            return f"outlet:{relays.pop()}"
        return f"outlet:{doc['outlet']}" if doc.get("outlet") else f"doc:{doc['id']}"

    reread_places(reports, by_doc)  # an outlet's home region settles its ambiguous place names
    keys = report_keys(reports, by_doc)
    grouping = group(keys)
    incident_of = apply_to_groups(grouping.incident_of, corrections)
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reports:
        members[incident_of[r["id"]]].append(r)

    # reliability first (it weighs the best estimates)
    votes_by_incident = []
    for key, rs in members.items():
        votes_by_incident.append([
            Vote(r["id"], by_doc[r["document_id"]].get("outlet") or "unknown", line(r), r["toll_killed"])
            for r in rs if r["main"]
        ])
    weights, uncertainty, credibility = discover(votes_by_incident)
    track = counts(votes_by_incident, weights)

    incident_rows, report_updates = [], []
    for key, rs in members.items():
        iid = "inc-" + hashlib.sha1(key.encode()).hexdigest()[:12]
        row = _incident(iid, rs, by_doc, claims_by_report, line, weights, grouping.links)
        incident_rows.append(row)
        for r in rs:
            report_updates.append((iid, credibility.get(r["id"]), r["id"]))

    outlet_docs = Counter(d.get("outlet") or "unknown" for d in docs)
    source_rows = [
        (o, round(weights.get(o, 0.5), 4), round(uncertainty.get(o, 0.25), 4), n, track.get(o, (0, 0))[1],
         track.get(o, (0, 0))[0])
        for o, n in outlet_docs.items()
    ]
    with db.transaction():
        db.execute("DELETE FROM incidents")
        db.execute("DELETE FROM provenance")
        db.execute("DELETE FROM sources")
        db.executemany(
            "INSERT INTO provenance (src, dst, kind, detail) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(e.src, e.dst, e.kind, e.detail) for e in edges])
        db.executemany(
            "INSERT INTO incidents (id, date, date_end, place_name, geonameid, lat, lon, country, admin1,"
            " place_precision, means, perpetrator, target, title, killed_low, killed_best, killed_high,"
            " killed_high_open, killed_contradiction, wounded_low, wounded_best, wounded_high, wounded_high_open,"
            " wounded_contradiction, grade, contested, n_reports, n_documents, n_independent, n_outlets, summary,"
            " search, attention)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            incident_rows)
        db.executemany("UPDATE reports SET incident_id = ?, credibility = ? WHERE id = ?", report_updates)
        db.executemany(
            "INSERT INTO sources (outlet, reliability, uncertainty, n_documents, n_scored, n_agree)"
            " VALUES (?, ?, ?, ?, ?, ?)", source_rows)


def _claim_views(rs: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]],
                 claims_by_report: dict[str, list[dict[str, Any]]], line: Any, kind: str) -> list[dict[str, Any]]:
    """One figure per document and line of evidence: the first the document gives in its own voice,
    and the first of each outlet it relays."""
    out = []
    for r in rs:
        if not r["main"]:
            continue
        own = [c for c in claims_by_report.get(r["id"], []) if c["kind"] == kind]
        body = [c for c in own if not c["in_title"]]
        doc = by_doc[r["document_id"]]
        taken: set[str] = set()
        for c in sorted(body or own, key=lambda c: c["ev_start"] or 0):  # the headline repeats the body
            # a block relayed from another outlet is that outlet's line ("Continue this article at RT");
            # other figures in one article are usually other groups or attacks, not a second opinion
            origin = f"outlet:{c['relayed_from']}" if c["relayed_from"] else line(r)
            if origin in taken:
                continue
            taken.add(origin)
            out.append({
                **c, "origin": origin, "outlet": doc.get("outlet"), "published": doc.get("published"),
                "origin_label": c["speaker"] or c["relayed_from"] or doc.get("outlet"),
            })
    return out


def _incident(iid: str, rs: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]],
              claims_by_report: dict[str, list[dict[str, Any]]], line: Any, weights: dict[str, float],
              links: dict[str, Link]) -> tuple[Any, ...]:
    figures: dict[str, Figure] = {}
    for kind in ("killed", "wounded"):
        figures[kind] = reconcile(_claim_views(rs, by_doc, claims_by_report, line, kind), weights)
    mains = [r for r in rs if r["main"]] or rs
    dates = sorted(str(r["date"] or by_doc[r["document_id"]].get("published") or "") for r in rs)
    dates = [d for d in dates if d]
    perpetrators = Counter(r["perpetrator"] for r in rs if r["perpetrator"])
    perpetrator = _mode([r["perpetrator"] for r in rs])
    lines = {line(r) for r in rs}
    outlets = {by_doc[r["document_id"]].get("outlet") for r in rs}
    place = max(rs, key=lambda r: (r["geonameid"] is not None, r["place_name"] is not None))
    grade, reasons = _grade(rs, perpetrators, perpetrator, lines)
    earliest = min(mains, key=lambda r: str(by_doc[r["document_id"]].get("published") or "9999"))
    summary = {
        "killed": _figure_json(figures["killed"]), "wounded": _figure_json(figures["wounded"]),
        "grade_reasons": reasons, "perpetrators": dict(perpetrators), "lines": sorted(lines),
        # GVA and ACLED count the perpetrator's death too: the most any report of a line gives
        "perpetrator_deaths": max((json.loads(r["record"]).get("perpetrator_deaths") or 0 for r in mains), default=0),
        "links": {r["id"]: {"with": links[r["id"]].other, "probability": links[r["id"]].probability,
                            "because": links[r["id"]].because} for r in rs if r["id"] in links},
    }
    k, w = figures["killed"], figures["wounded"]
    title = by_doc[earliest["document_id"]].get("title")
    search = " ".join(str(x) for x in (title, place["place_name"], place["admin1"]) if x).lower()
    attention = int(k.contradiction or w.contradiction or grade == "contested")
    return (
        iid, dates[0] if dates else None, dates[-1] if dates else None, place["place_name"], place["geonameid"],
        place["lat"], place["lon"], place["country"], place["admin1"], place["place_precision"],
        _mode([r["means"] for r in rs]), perpetrator, _mode([r["target"] for r in rs]), title,
        k.low, k.best, k.high, int(k.high_open), int(k.contradiction),
        w.low, w.best, w.high, int(w.high_open), int(w.contradiction),
        grade, int(grade == "contested"), len(rs), len({r["document_id"] for r in rs}), len(lines), len(outlets),
        json.dumps(summary, ensure_ascii=False), search, attention,
    )


def _figure_json(f: Figure) -> dict[str, Any]:
    return {"low": f.low, "best": f.best, "high": f.high, "high_open": f.high_open, "contradiction": f.contradiction,
            "rule": f.rule, "conflicts": f.conflicts, "updates": f.updates, "n_claims": f.n_claims, "n_lines": f.n_lines}


def _grade(rs: list[dict[str, Any]], perpetrators: Counter[str], perpetrator: str | None,
           lines: set[str]) -> tuple[str, list[str]]:
    """Airwars-style grade with its reasons."""
    ranked = perpetrators.most_common()
    minority: list[str] = []
    if len(ranked) >= 2:
        named = ", ".join(f"{p} ({n})" for p, n in ranked)
        # competing claims of who did it: a lone dissenting report against several is noted, not decisive
        if ranked[1][1] >= 2 or ranked[0][1] == 1:
            return "contested", [f"reports name different perpetrators: {named}"]
        minority = [f"one report names another perpetrator: {named}"]
    if perpetrator:
        for r in rs:
            for st in json.loads(r["record"]).get("statements", []):
                words = " ".join(x for x in (st.get("speaker"), st.get("role")) if x)
                if words and any(a.id == perpetrator for a in find_actors(words, 0, len(words))):
                    return "confirmed", [f"a party to the incident speaks: {words}", *minority]
    if len(lines) >= 2:
        return "fair", [f"{len(lines)} independent lines of evidence: {', '.join(sorted(lines))}", *minority]
    return "weak", [f"a single line of evidence: {next(iter(lines))}", *minority]
