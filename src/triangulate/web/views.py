"""One context builder per page; each page renders its context as HTML, and its JSON twin under
/api returns the same context (Datasette style)."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from dataclasses import asdict, dataclass
from typing import Any

from triangulate.ingest.metadata import outlet_name
from triangulate.store.incident_pages import IncidentFilter
from triangulate.store.ledger import Ledger

# sort -> (column, kind): every list is ordered by that column descending (missing values last), then
# by id descending, and paged by keyset (the last row's value and id), so a page deep in a large ledger costs what
# the first one does
SORTS = {
    "date": ("date", "date"),
    "toll": ("killed_best", "int"),
    "sources": ("n_independent", "int"),
}
COUNT_CAP = 10_000  # the list counts matches up to this many (counting all of a million costs a scan)
_INCIDENT_ID = re.compile(r"inc-[0-9a-f]{12}")


class BadCursor(ValueError):
    pass


def cursor_of(row: dict[str, Any], sort: str) -> str:
    value = row[SORTS[sort][0]]
    return f"{'' if value is None else value}~{row['id']}"


def parse_cursor(text: str, sort: str) -> tuple[Any, str]:
    """`value~incident-id`; an empty value stands for a missing one."""
    value, sep, iid = text.rpartition("~")
    if not sep or not _INCIDENT_ID.fullmatch(iid):
        raise BadCursor("a page cursor is value~incident-id, as the list's links give it")
    if value == "":
        return None, iid
    try:
        return (dt.date.fromisoformat(value).isoformat() if SORTS[sort][1] == "date" else int(value)), iid
    except ValueError as exc:
        raise BadCursor(f"a page cursor's value must be a {SORTS[sort][1]}") from exc


@dataclass
class ListQuery(IncidentFilter):
    """The list page's query: what it filters by, how it sorts, and which page."""

    sort: str = "date"
    after: str | None = None  # keyset cursors (see `cursor_of`)
    before: str | None = None
    per_page: int = 50


def list_view(ledger: Ledger, query: ListQuery, cache: FacetCache | None = None) -> dict[str, Any]:
    total = ledger.count_incidents(query, cap=COUNT_CAP)
    column = SORTS[query.sort][0]
    forward = query.before is None
    cursor = query.after if forward else query.before
    rows = ledger.incident_page(query, column=column, cursor=parse_cursor(cursor, query.sort) if cursor else None,
                                forward=forward, limit=query.per_page + 1)
    more = len(rows) > query.per_page
    rows = rows[:query.per_page]
    if not forward:
        rows.reverse()
    has_next = more if forward else bool(rows)
    has_prev = bool(cursor) if forward else more
    return {
        "incidents": rows, "total": total, "total_capped": total > COUNT_CAP, "per_page": query.per_page,
        "next": cursor_of(rows[-1], query.sort) if rows and has_next else None,
        "previous": cursor_of(rows[0], query.sort) if rows and has_prev else None,
        "query": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(query).items()},
        "facets": facets(ledger, cache),
    }


FACETS_TTL = 30.0


class FacetCache:
    """The values each filter offers, kept FACETS_TTL seconds (five scans of the incidents): one per app
    (on its state), shared by its threads."""

    def __init__(self) -> None:
        self._value: tuple[float, dict[str, list[str]]] | None = None

    def get(self, ledger: Ledger) -> dict[str, list[str]]:
        now = time.monotonic()
        if self._value is None or now - self._value[0] >= FACETS_TTL:
            self._value = (now, _facets(ledger))
        return self._value[1]


def facets(ledger: Ledger, cache: FacetCache | None = None) -> dict[str, list[str]]:
    return cache.get(ledger) if cache is not None else _facets(ledger)


def _facets(ledger: Ledger) -> dict[str, list[str]]:
    distinct = ledger.distinct_values
    actors = sorted({*distinct("perpetrator"), *distinct("target")})
    return {"country": distinct("country"), "admin1": distinct("admin1"), "means": distinct("means"),
            "grade": distinct("grade"), "actor": actors}


def segments(text: str, spans: list[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """Cut a report's text into plain / evidence / junk pieces (offsets into the original text)."""
    cuts = {0, len(text)}
    for s, e, _, _ in spans:
        cuts.update((max(0, min(s, len(text))), max(0, min(e, len(text)))))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:]):
        kind, label = "plain", ""
        for s, e, k, lab in spans:
            if s <= a and b <= e and (k == "evidence" or kind == "plain"):
                kind, label = k, lab
        out.append({"text": text[a:b], "kind": kind, "label": label, "start": a, "end": b})
    return out


def incident_view(ledger: Ledger, incident_id: str) -> dict[str, Any] | None:
    detail = ledger.incident(incident_id)
    if detail is None:
        return None
    inc = detail["incident"]
    reports = {r["id"]: r for r in detail["reports"]}
    claims: list[dict[str, Any]] = []
    context_claims: list[dict[str, Any]] = []  # background figures: shown apart, never reconciled
    copies = {e["src"]: e["dst"] for e in detail["provenance"] if e["kind"] == "copy"}
    report_of_document = {r["document_id"]: r for r in detail["reports"]}
    for c in detail["claims"]:
        r = reports[c["report_id"]]
        # as the analysts' corrections leave it, worked out when the incident was built (store/derive.py)
        view = {**c, **json.loads(c.get("revised") or "{}"), "review": c.get("review") or "extracted"}
        view["extracted_value"] = c["value"]
        view["via"] = json.loads(c["via"] or "[]")
        original = report_of_document.get(copies.get(r["document_id"], ""))
        # the line of evidence the rebuild worked out (store/derive.py): a copy's is its original's
        view.update(outlet=r.get("outlet"), outlet_name=outlet_name(r.get("outlet")), published=r.get("published"),
                    origin=c.get("line") or f"doc:{r['document_id']}",
                    copy_of=original["outlet"] if original else None,
                    origin_label=c.get("speaker") or c.get("relayed_from") or r.get("outlet"))
        (context_claims if c.get("context") else claims).append(view)
    lines: dict[str, list[dict[str, Any]]] = {}
    for c in sorted(claims, key=lambda c: bool(c["copy_of"])):  # originals first, copies under them
        lines.setdefault(c["origin"], []).append(c)
    texts = []
    for r in detail["reports"]:
        doc = ledger.document(r["document_id"])
        assert doc is not None  # a report's document is stored before it (one transaction)
        spans = [(s, e, "junk", k) for s, e, k in json.loads(doc["junk"] or "[]")]
        spans += [(c["ev_start"], c["ev_end"], "evidence", f"{c['kind']} {c['value']}") for c in claims
                  if c["report_id"] == r["id"]]
        texts.append({"report": r["id"], "document": doc["id"], "outlet": doc["outlet"], "published": doc["published"],
                      "language": doc["language"],
                      "title": doc["title"], "copy_of": copies.get(doc["id"]), "segments": segments(doc["text"], spans)})
    chains = []
    for c in claims:
        speaker = c.get("speaker") or "(no speaker named)"
        relays = " → ".join(c["via"]) or "—"
        chains.append((speaker, relays, c.get("outlet_name") or c.get("outlet") or "?"))
    ids = [c["id"] for c in detail["claims"]] + list(reports)
    history = [h for h in ledger.corrections() if h["target"] in ids]
    return {
        "incident": asdict(inc), "lines": lines, "claims": claims, "context_claims": context_claims,
        "reports": detail["reports"], "texts": texts,
        "provenance": detail["provenance"], "chains": sorted(set(chains)), "history": history,
    }


def report_view(ledger: Ledger, report_id: str) -> dict[str, Any] | None:
    found = ledger.report(report_id)
    if found is None:
        return None
    r, claims = found["report"], found["claims"]
    spans = [(s, e, "junk", k) for s, e, k in json.loads(r.pop("junk") or "[]")]
    spans += [(c["ev_start"], c["ev_end"], "evidence", f"{c['kind']} {c['value']}") for c in claims]
    text = r.pop("text")
    r["record"] = json.loads(r["record"])
    r["credited"] = json.loads(r["credited"] or "[]")
    return {"report": r, "claims": claims, "segments": segments(text, spans), "history": ledger.corrections(report_id)}


def sources_view(ledger: Ledger) -> dict[str, Any]:
    """Every outlet with its reliability and record, most reliable first."""
    return {"sources": [{**r, "name": outlet_name(r["outlet"])} for r in ledger.sources()]}


def source_view(ledger: Ledger, outlet: str) -> dict[str, Any] | None:
    found = ledger.source(outlet)
    if found is None:
        return None
    return {"source": {**found["source"], "name": outlet_name(outlet)}, "reports": found["reports"]}
