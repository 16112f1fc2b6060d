"""The review web app: FastAPI routes over one ledger, HTML pages and their JSON twins.

Security: every value from a report is escaped by Jinja's autoescape (SVG is built with explicit
escaping); a strict Content-Security-Policy forbids inline scripts, so even a missed escape could not
run code; writes carry a CSRF token (double submit: cookie + form field) and must come from this
origin; an optional token guards a server opened beyond localhost.
"""

from __future__ import annotations

import hmac
import ipaddress
import threading
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from triangulate.model import QUALIFIER_SYMBOL, QUALIFIERS
from triangulate.web.routes import ACTIONS, render_page, router
from triangulate.web.views import FacetCache

TOKEN_COOKIE = "triangulate_token"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


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

    app.state.db = db
    app.state.local = threading.local()  # one ledger connection per worker thread
    app.state.templates = env
    app.state.facets = FacetCache()  # the list's filter values, shared by the app's threads
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

    app.include_router(router)

    app.add_exception_handler(HTTPException, errors)  # type: ignore[arg-type]
    return app


async def errors(request: Request, exc: HTTPException) -> Response:
    """JSON for the API and for writes, an error page for a browser."""
    api = request.url.path.startswith("/api/")
    if (api or request.method != "GET") and (api or "text/html" not in request.headers.get("accept", "")):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
    return render_page(request, "error.html", {"status": exc.status_code, "detail": exc.detail}, status=exc.status_code)


def secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def app_from_env() -> FastAPI:
    """Factory for `uvicorn --workers N`: the ledger and token come from the environment."""
    import os

    names = os.environ.get("TRIANGULATE_HOSTS")
    hosts = None if names == "*" else frozenset(names.split(",")) if names else LOOPBACK_NAMES
    return create_app(os.environ["TRIANGULATE_DB"], token=os.environ.get("TRIANGULATE_TOKEN") or None, hosts=hosts)
