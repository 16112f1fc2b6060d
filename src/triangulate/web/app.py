"""The review web app: FastAPI routes over one ledger, HTML pages and their JSON twins.

Security: every value from a report is escaped by Jinja's autoescape (SVG is built with explicit
escaping); a strict Content-Security-Policy forbids inline scripts, so even a missed escape could not
run code; writes carry a CSRF token (double submit: cookie + form field) and must come from this
origin; an optional token guards a server opened beyond localhost.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import secrets
import threading
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from triangulate.model import QUALIFIER_SYMBOL, QUALIFIERS
from triangulate.store.ledger import Ledger
from triangulate.web.svg import chart_svg, map_svg, provenance_svg
from triangulate.web.views import (
    SORTS,
    BadCursor,
    FacetCache,
    ListQuery,
    incident_view,
    list_view,
    parse_cursor,
    report_view,
    source_view,
    sources_view,
)

CSRF_COOKIE = "triangulate_csrf"
TOKEN_COOKIE = "triangulate_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
ACTIONS = ("claim_accept", "claim_reject", "claim_edit", "report_move", "incident_merge", "incident_split")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _templates() -> Environment:
    folder = Path(str(resources.files("triangulate.web").joinpath("templates")))
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["ACTIONS"] = ACTIONS
    env.globals["QUALIFIERS"] = QUALIFIERS
    env.globals["QUALIFIER_SYMBOL"] = QUALIFIER_SYMBOL
    return env


MIN_TOKEN_CHARS = 16
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


class HeadAsGet:
    """HEAD answers as GET would, without the body (link checkers and monitors ask HEAD /)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Any) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def host_name(header: str) -> str:
    """The name in a Host header, without its port ("[::1]:8765" -> "::1")."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def served_names(host: str, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """Host names a request may carry (DNS rebinding: a page on evil.example that resolves to us
    must not reach the ledger): the loopback names, the address served, and `extra`. None (any name)
    only for a wildcard address with no names given, which `serve` allows only behind a token."""
    names = set(LOOPBACK_NAMES) | {n.strip().lower() for n in extra if n.strip()}
    if host in ("0.0.0.0", "::", ""):
        return frozenset(names) if extra else None
    names.add(host.strip("[]").lower())
    return frozenset(names)


def create_app(db: str, *, token: str | None = None, hosts: frozenset[str] | None = LOOPBACK_NAMES) -> FastAPI:
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise ValueError(f"a token must have at least {MIN_TOKEN_CHARS} characters "
                         "(python -c 'import secrets; print(secrets.token_urlsafe(24))')")
    app = FastAPI(title="triangulate", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    env = _templates()
    static = Path(str(resources.files("triangulate.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")

    local = threading.local()
    app.state.facets = FacetCache()  # the list's filter values, shared by the app's threads

    def ledger() -> Ledger:
        """One connection per worker thread (sqlite3 connections stay on their thread)."""
        if getattr(local, "ledger", None) is None:
            local.ledger = Ledger.open(db)
        return local.ledger  # type: ignore[no-any-return]

    def secured(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    app.add_middleware(HeadAsGet)

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        if hosts is not None and host_name(request.headers.get("host", "")) not in hosts:
            return secured(JSONResponse({"error": "this server does not answer to that Host name"}, status_code=421))
        if token:
            given = (request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                     or request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                return secured(JSONResponse({"error": "a token is required: ?token=... or Authorization: Bearer ..."},
                                            status_code=401))
        response: Response = secured(await call_next(request))
        if token and request.query_params.get("token"):
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    def render_page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        html = env.get_template(template).render(**context, csrf=csrf, request_path=request.url.path,
                                                 read_only=ledger().read_only)
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

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, query: ListQuery = Depends(list_query)) -> HTMLResponse:
        context = list_view(ledger(), query, app.state.facets)
        ids = [i["id"] for i in context["incidents"]]
        points = ledger().db.query(
            f"SELECT id, lat, lon, place_name, date FROM incidents WHERE id IN ({','.join('?' * len(ids))})", ids) if ids else []
        context["map"] = map_svg([{"lat": p["lat"], "lon": p["lon"], "label": f"{p['date']} {p['place_name']}",
                                   "href": f"/incidents/{p['id']}"} for p in points], width=520, height=360)
        return render_page(request, "list.html", context)

    @app.get("/api/incidents")
    def api_incidents(query: ListQuery = Depends(list_query)) -> dict[str, Any]:
        return list_view(ledger(), query, app.state.facets)

    def found(context: dict[str, Any] | None, what: str, key: str) -> dict[str, Any]:
        if context is None:
            raise HTTPException(404, f"no {what} {key!r}")
        return context

    def incident_context(incident_id: str) -> dict[str, Any]:
        return found(incident_view(ledger(), incident_id), "incident", incident_id)

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse)
    def incident_page(request: Request, incident_id: str) -> HTMLResponse:
        context = incident_context(incident_id)
        inc = context["incident"]
        context["map"] = map_svg([{"lat": inc["lat"], "lon": inc["lon"], "label": inc["place_name"]}])
        context["chart"] = chart_svg(context["claims"])
        context["provenance_svg"] = provenance_svg(context["chains"])
        return render_page(request, "incident.html", context)

    @app.get("/api/incidents/{incident_id}")
    def api_incident(incident_id: str) -> dict[str, Any]:
        return incident_context(incident_id)

    @app.get("/reports/{report_id}", response_class=HTMLResponse)
    def report_page(request: Request, report_id: str) -> HTMLResponse:
        return render_page(request, "report.html", found(report_view(ledger(), report_id), "report", report_id))

    @app.get("/api/reports/{report_id}")
    def api_report(report_id: str) -> dict[str, Any]:
        return found(report_view(ledger(), report_id), "report", report_id)

    @app.get("/sources", response_class=HTMLResponse)
    def sources_page(request: Request) -> HTMLResponse:
        return render_page(request, "sources.html", sources_view(ledger()))

    @app.get("/api/sources")
    def api_sources() -> dict[str, Any]:
        return sources_view(ledger())

    @app.get("/sources/{outlet:path}", response_class=HTMLResponse)
    def source_page(request: Request, outlet: str) -> HTMLResponse:
        return render_page(request, "source.html", found(source_view(ledger(), outlet), "source", outlet))

    @app.get("/api/sources/{outlet:path}")
    def api_source(outlet: str) -> dict[str, Any]:
        return found(source_view(ledger(), outlet), "source", outlet)

    @app.post("/corrections")
    def correct(request: Request, action: str = Form(...), target: str = Form(..., max_length=200),
                who: str = Form(..., max_length=100), why: str = Form(..., max_length=2000),
                csrf: str = Form(...), back: str = Form("/"), value: str = Form(""), qualifier: str = Form(""),
                victims: str = Form(""), speaker: str = Form(""), other_report: str = Form("")) -> Response:
        check_csrf(request, csrf)
        if ledger().read_only:
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
            ledger().correct(action, target, who=who, why=why, payload=payload)
        except ValueError as exc:
            raise HTTPException(400, str(exc)) from None
        destination = back if back.startswith("/") and not back.startswith("//") else "/"
        if action in ("report_move", "incident_merge", "incident_split"):
            moved = ledger().db.scalar("SELECT incident_id FROM reports WHERE id = ?", (target,))
            destination = f"/incidents/{moved}"
        return RedirectResponse(destination, status_code=303)

    @app.exception_handler(HTTPException)
    async def errors(request: Request, exc: HTTPException) -> Response:
        api = request.url.path.startswith("/api/")
        if (api or request.method != "GET") and (api or "text/html" not in request.headers.get("accept", "")):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return render_page(request, "error.html", {"status": exc.status_code, "detail": exc.detail}, status=exc.status_code)

    return app


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --workers N`: the ledger and token come from the environment."""
    import os

    names = os.environ.get("TRIANGULATE_HOSTS")
    hosts = None if names == "*" else frozenset(names.split(",")) if names else LOOPBACK_NAMES
    return create_app(os.environ["TRIANGULATE_DB"], token=os.environ.get("TRIANGULATE_TOKEN") or None, hosts=hosts)
