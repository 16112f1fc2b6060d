"""The review app's routes: HTML pages and their JSON twins over the ledger on the app's state.

Every route reads through `ledger(request)`; the page context comes from web/views.py, one function
per page; `create_app` (web/app.py) adds the security layer around them.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import Any
from urllib.parse import urlparse

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from triangulate.store.ledger import Ledger
from triangulate.web.svg import chart_svg, map_svg, provenance_svg
from triangulate.web.views import (
    SORTS,
    BadCursor,
    ListQuery,
    incident_view,
    list_view,
    parse_cursor,
    report_view,
    source_view,
    sources_view,
)

CSRF_COOKIE = "triangulate_csrf"
ACTIONS = tuple(Ledger.CORRECTIONS)  # the correction actions, as the ledger defines them

router = APIRouter()


def ledger(request: Request) -> Ledger:
    """The app's ledger, one connection per worker thread (sqlite3 connections stay on their thread)."""
    local = request.app.state.local
    if getattr(local, "ledger", None) is None:
        local.ledger = Ledger.open(request.app.state.db)
    return local.ledger  # type: ignore[no-any-return]


def render_page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    html = request.app.state.templates.get_template(template).render(
        **context, csrf=csrf, request_path=request.url.path, read_only=ledger(request).read_only)
    response = HTMLResponse(html, status_code=status)
    if not request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
    return response


def check_csrf(request: Request, form_token: str) -> None:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), form_token.encode()):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and urlparse(origin).netloc != request.url.netloc:
        raise HTTPException(403, "cross-origin write refused")


def list_query(
    q: str | None = Query(None, max_length=200), date_from: dt.date | None = Query(None),
    date_to: dt.date | None = Query(None), country: str | None = Query(None, max_length=10),
    admin1: str | None = Query(None, max_length=100), actor: str | None = Query(None, max_length=60),
    means: str | None = Query(None, max_length=60), grade: str | None = Query(None, max_length=20),
    contested: bool = Query(False), sort: str = Query("date"), after: str | None = Query(None, max_length=60),
    before: str | None = Query(None, max_length=60), per_page: int = Query(50, ge=1, le=200),
    limit: int | None = Query(None, ge=1, le=200, description="another name for per_page"),
) -> ListQuery:
    """The list's query parameters, checked, as one object (a FastAPI dependency of both list routes)."""
    if sort not in SORTS:
        raise HTTPException(400, f"sort must be one of {', '.join(SORTS)}")
    if date_from and date_to and date_from > date_to:
        raise HTTPException(400, "date_from is after date_to")
    if after and before:
        raise HTTPException(400, "give after or before, not both")
    for cursor in (after, before):
        if cursor:
            try:
                parse_cursor(cursor, sort)
            except BadCursor as exc:
                raise HTTPException(400, str(exc)) from exc
    return ListQuery(q, date_from, date_to, country or None, admin1 or None, actor or None, means or None,
                     grade or None, contested, sort, after or None, before or None, limit or per_page)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, query: ListQuery = Depends(list_query)) -> HTMLResponse:
    context = list_view(ledger(request), query, request.app.state.facets)
    ids = [i["id"] for i in context["incidents"]]
    points = ledger(request).points(ids)
    context["map"] = map_svg([{"lat": p["lat"], "lon": p["lon"], "label": f"{p['date']} {p['place_name']}",
                               "href": f"/incidents/{p['id']}"} for p in points], width=520, height=360)
    return render_page(request, "list.html", context)


@router.get("/api/incidents")
def api_incidents(request: Request, query: ListQuery = Depends(list_query)) -> dict[str, Any]:
    return list_view(ledger(request), query, request.app.state.facets)


def found(context: dict[str, Any] | None, what: str, key: str) -> dict[str, Any]:
    if context is None:
        raise HTTPException(404, f"no {what} {key!r}")
    return context


def incident_context(request: Request, incident_id: str) -> dict[str, Any]:
    return found(incident_view(ledger(request), incident_id), "incident", incident_id)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> HTMLResponse:
    context = incident_context(request, incident_id)
    inc = context["incident"]
    context["map"] = map_svg([{"lat": inc["lat"], "lon": inc["lon"], "label": inc["place_name"]}])
    context["chart"] = chart_svg(context["claims"])
    context["provenance_svg"] = provenance_svg(context["chains"])
    return render_page(request, "incident.html", context)


@router.get("/api/incidents/{incident_id}")
def api_incident(request: Request, incident_id: str) -> dict[str, Any]:
    return incident_context(request, incident_id)


@router.get("/reports/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: str) -> HTMLResponse:
    return render_page(request, "report.html", found(report_view(ledger(request), report_id), "report", report_id))


@router.get("/api/reports/{report_id}")
def api_report(request: Request, report_id: str) -> dict[str, Any]:
    return found(report_view(ledger(request), report_id), "report", report_id)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request) -> HTMLResponse:
    return render_page(request, "sources.html", sources_view(ledger(request)))


@router.get("/api/sources")
def api_sources(request: Request) -> dict[str, Any]:
    return sources_view(ledger(request))


@router.get("/sources/{outlet:path}", response_class=HTMLResponse)
def source_page(request: Request, outlet: str) -> HTMLResponse:
    return render_page(request, "source.html", found(source_view(ledger(request), outlet), "source", outlet))


@router.get("/api/sources/{outlet:path}")
def api_source(request: Request, outlet: str) -> dict[str, Any]:
    return found(source_view(ledger(request), outlet), "source", outlet)


@router.post("/corrections")
def correct(request: Request, action: str = Form(...), target: str = Form(..., max_length=200),
            who: str = Form(..., max_length=100), why: str = Form(..., max_length=2000),
            csrf: str = Form(...), back: str = Form("/"), value: str = Form(""), qualifier: str = Form(""),
            victims: str = Form(""), speaker: str = Form(""), other_report: str = Form("")) -> Response:
    check_csrf(request, csrf)
    if ledger(request).read_only:
        raise HTTPException(403, "this ledger is read-only here: corrections are disabled")
    if action not in ACTIONS:
        raise HTTPException(400, f"action must be one of {', '.join(ACTIONS)}")
    payload: dict[str, Any] = {}
    if action == "claim_edit":
        payload = {k: v for k, v in (("value", value), ("qualifier", qualifier), ("victims", victims),
                                     ("speaker", speaker)) if v.strip()}
    elif action == "report_move":
        payload = {"to_report": other_report.strip()}
    elif action == "incident_merge":
        payload = {"with_report": other_report.strip()}
    try:
        ledger(request).correct(action, target, who=who, why=why, payload=payload)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    destination = back if back.startswith("/") and not back.startswith("//") else "/"
    if action in ("report_move", "incident_merge", "incident_split"):
        moved = ledger(request).incident_of_report(target)
        destination = f"/incidents/{moved}"
    return RedirectResponse(destination, status_code=303)

