"""One incident's ledger row: its reconciled figures, grade with reasons, and summary, from its
member reports, their documents and claims.

Contract: `incident_row(iid, reports, by_doc, claims_by_report, line, weights, links) -> Incident`
(model.py: one row of the incidents table, by column name). Pure: the caller reads the ledger.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from triangulate.extract.actors import find_actors
from triangulate.model import Incident
from triangulate.reconcile.figures import Figure, reconcile


def _mode(values: list[Any]) -> Any:
    values = [v for v in values if v not in (None, "")]
    return Counter(values).most_common(1)[0][0] if values else None


def claim_line(claim: dict[str, Any], report_line: str) -> str:
    """A claim's independent line of evidence: the outlet it relays ("Continue this article at RT"),
    else its report's line (the outlet that first published the report's words)."""
    return f"outlet:{claim['relayed_from']}" if claim.get("relayed_from") else report_line


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
            origin = claim_line(c, line(r))
            if origin in taken:
                continue
            taken.add(origin)
            out.append({
                **c, "origin": origin, "outlet": doc.get("outlet"), "published": doc.get("published"),
                "origin_label": c["speaker"] or c["relayed_from"] or doc.get("outlet"),
            })
    return out


def incident_row(iid: str, rs: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]],
              claims_by_report: dict[str, list[dict[str, Any]]], line: Any, weights: dict[str, float],
              links: dict[str, dict[str, Any]]) -> Incident:
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
    place = _place(rs, by_doc)
    grade, reasons = _grade(rs, perpetrators, perpetrator, lines)
    earliest = min(mains, key=lambda r: str(by_doc[r["document_id"]].get("published") or "9999"))
    summary = {
        "killed": _figure_json(figures["killed"]), "wounded": _figure_json(figures["wounded"]),
        "grade_reasons": reasons, "perpetrators": dict(perpetrators), "lines": sorted(lines),
        # GVA and ACLED count the perpetrator's death too: the most any report of a line gives
        "perpetrator_deaths": max((json.loads(r["record"]).get("perpetrator_deaths") or 0 for r in mains), default=0),
        "links": {r["id"]: links[r["id"]] for r in rs if r["id"] in links},
    }
    k, w = figures["killed"], figures["wounded"]
    title = by_doc[earliest["document_id"]].get("title")
    search = " ".join(str(x) for x in (title, place["place_name"], place["admin1"]) if x).lower()
    attention = int(k.contradiction or w.contradiction or grade == "contested")
    return Incident(
        id=iid, date=dates[0] if dates else None, date_end=dates[-1] if dates else None,
        place_name=place["place_name"], geonameid=place["geonameid"], lat=place["lat"], lon=place["lon"],
        country=place["country"], admin1=place["admin1"], place_precision=place["place_precision"],
        means=_mode([r["means"] for r in rs]), perpetrator=perpetrator, target=_mode([r["target"] for r in rs]),
        title=title, killed_low=k.low, killed_best=k.best, killed_high=k.high, killed_high_open=k.high_open,
        killed_contradiction=k.contradiction, wounded_low=w.low, wounded_best=w.best, wounded_high=w.high,
        wounded_high_open=w.high_open, wounded_contradiction=w.contradiction, grade=grade,
        contested=grade == "contested", n_reports=len(rs), n_documents=len({r["document_id"] for r in rs}),
        n_independent=len(lines), n_outlets=len(outlets), summary=summary, search=search, attention=bool(attention),
    )


def _place(rs: list[dict[str, Any]], by_doc: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The report whose place the incident takes: in the first-level division most of its main reports
    give, the gazetteer place most of them give (then the most precise, then the earliest published),
    else any named place. (Three reports in Palisade, Mesa County and "Mesa" are in Colorado, not in
    Arizona's Mesa.)"""
    mains = [r for r in rs if r["main"]] or rs
    regions = Counter((r["country"], r["admin1"]) for r in mains if r["admin1"])
    votes = Counter(r["geonameid"] for r in mains if r["geonameid"] is not None)
    precision = {"city": 0, "admin2": 1, "admin1": 2, "country": 3}

    def rank(r: dict[str, Any]) -> tuple[Any, ...]:
        return (-regions.get((r["country"], r["admin1"]), 0) if r["admin1"] else 0, r["geonameid"] is None,
                -votes.get(r["geonameid"], 0), precision.get(r["place_precision"], 4),
                r["place_name"] is None, str(by_doc[r["document_id"]].get("published") or "9999"), r["id"])

    return min(mains, key=rank)


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
