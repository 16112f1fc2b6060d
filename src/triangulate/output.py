"""Serialise extractions: the JSONL contract of `triangulate extract --format jsonl`, and the
terminal table. Field names here are the public contract: add fields, never rename them."""

from __future__ import annotations

from typing import Any

from triangulate.extract.means import means_info
from triangulate.extract.tolls import lead_toll
from triangulate.model import QUALIFIER_SYMBOL, Attribution, Claim, Evidence, Extraction, Place, Report


def _evidence(e: Evidence | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {"document": e.document, "start": e.start, "end": e.end, "text": e.text}


def _attribution(a: Attribution) -> dict[str, Any]:
    return {
        "speaker": a.speaker,
        "speaker_type": a.speaker_type,
        "role": a.role,
        "via": list(a.via),
        "confirms": list(a.confirms),
        "hedged": a.hedged,
        "hedge": a.hedge,
        "unattributed": a.speaker is None,
        "evidence": _evidence(a.evidence),
    }


def _claim(c: Claim) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "value": c.value,
        "low": c.low,
        "high": c.high,
        "qualifier": c.qualifier,
        "vague_term": c.vague_term,
        "victims": c.victims,
        "victim_text": c.victim_text,
        "children": c.children,
        "women": c.women,
        "part_of": c.part_of,
        "relayed_from": c.relayed_from,
        "in_title": c.in_title,
        "counted": c.counted,
        "context": c.context,
        "attribution": _attribution(c.attribution),
        "evidence": _evidence(c.evidence),
    }


def _place(p: Place | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "name": p.name, "geonameid": p.geonameid, "lat": p.lat, "lon": p.lon, "country": p.country,
        "admin1": p.admin1, "precision": p.precision, "evidence": _evidence(p.mention),
    }


def report_record(r: Report) -> dict[str, Any]:
    info = means_info(r.means)
    return {
        "main": r.main,
        "date": r.date.isoformat() if r.date else None,
        "date_basis": r.date_basis,
        "date_evidence": _evidence(r.date_evidence),
        "place": _place(r.place),
        "perpetrator": {"id": r.perpetrator.id, "name": r.perpetrator.name, "evidence": _evidence(r.perpetrator.mention)}
        if r.perpetrator else None,
        "target": {"id": r.target.id, "name": r.target.name, "evidence": _evidence(r.target.mention)} if r.target else None,
        "means": r.means,
        "acled_event_type": info["acled"][0] if info else None,
        "acled_sub_event_type": info["acled"][1] if info else None,
        "means_evidence": _evidence(r.means_evidence),
        "claims": [_claim(c) for c in r.claims],
        "statements": [_attribution(a) for a in r.statements],
        "perpetrator_deaths": lead_toll(r, "killed").perpetrator,
    }


def extraction_record(ex: Extraction) -> dict[str, Any]:
    d = ex.document
    return {
        "document": {
            "id": d.id if d.text else None,
            "source": d.source,
            "outlet": d.outlet,
            "credited": list(d.credited),
            "title": d.title,
            "published": d.published.isoformat() if d.published else None,
            "url": d.url,
            "language": d.language,
            "junk": [{"kind": s.kind, "start": s.start, "end": s.end} for s in d.junk],
        },
        "errors": [{"source": e.source, "message": e.message} for e in ex.errors],
        "notice": ex.notice,
        "reports": [report_record(r) for r in ex.reports],
    }


def _figure(c: Claim) -> str:
    if c.qualifier == "range":
        return f"{c.low}–{c.high}"
    if c.qualifier == "vague":
        return f"{c.vague_term} (≈{c.value})"
    return f"{QUALIFIER_SYMBOL.get(c.qualifier, '')}{c.value}"


def render_table(ex: Extraction, console: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    d = ex.document
    if ex.errors and not d.text:
        return  # the error line is on stderr (the CLI writes it once)
    head = (f"\n{d.source} · outlet: {d.outlet or '?'} · published: {d.published or '?'}"
            f" · language: {d.language or '?'}")
    if d.credited:
        head += f" · relays: {', '.join(d.credited)}"
    console.print(Text.assemble((d.title or d.source, "bold"), head))  # article text is never markup
    if ex.notice:
        console.print(Text(ex.notice, style="yellow"))
    for r in ex.reports:
        place = f"{r.place.name} ({r.place.admin1 or r.place.country}, geonames {r.place.geonameid})" if r.place else "?"
        meta = (
            f"{'MAIN' if r.main else 'other'} incident · date {r.date or '?'} · {place} · "
            f"{r.means or '?'} · by {r.perpetrator.name if r.perpetrator else '?'}"
            f" · against {r.target.name if r.target else '?'}"
        )
        table = Table(title=Text(meta), title_justify="left", show_lines=False)
        for col in ("kind", "figure", "victims", "said by", "via", "hedged", "evidence"):
            table.add_column(col, overflow="fold")
        for c in r.claims:
            kind = c.kind if c.context is None else f"{c.kind} (context: {c.context})"
            cells = (
                kind, _figure(c), c.victims, c.attribution.speaker or "(no speaker named)",
                " → ".join(c.attribution.via), "yes" if c.attribution.hedged else "",
                f"[{c.evidence.start}:{c.evidence.end}] {c.evidence.text}",
            )
            table.add_row(*(Text(x) for x in cells))
        console.print(table)
