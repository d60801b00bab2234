"""The web UI's app factory: FastAPI, server-rendered Jinja2 pages, a JSON API, packaged assets only.

The app reads through a :class:`~storyfold.corpus.CorpusReader` (the store, or one batch analysis), so it never
recomputes an analysis per request.  ``reader`` may be a reader object or a zero-argument factory; a factory is
called once per worker thread (a SQLite connection belongs to the thread that opened it).

OpenAPI: FastAPI's own ``/docs`` loads Swagger UI from a CDN, so it is disabled; ``/openapi.json`` is served and
``/docs`` is a local page listing every endpoint from that schema (no external asset).
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyfold.corpus import CorpusReader
from storyfold.report.html import template_env
from storyfold.web.cache import ViewCache
from storyfold.web.security import CSRF_COOKIE, SECURITY_HEADERS, content_security_policy

STATIC_DIR = Path(__file__).parent / "static"


@dataclass
class UploadLimits:
    """Bounds on one upload request: a browser upload is a handful of articles, never a crawl."""

    max_files: int = 50  # files (or zip members) per request
    max_file_bytes: int = 5_000_000  # one article page is well under a megabyte
    max_total_bytes: int = 25_000_000  # all files of one request, zip members uncompressed


class Readers:
    """One reader per thread from a factory, or one shared reader object."""

    def __init__(self, reader: CorpusReader | Callable[[], CorpusReader]) -> None:
        self._shared = None if callable(reader) and not isinstance(reader, CorpusReader) else reader
        self._factory = reader if self._shared is None else None
        self._local = threading.local()
        self._opened: list[Any] = []
        self._lock = threading.Lock()

    def get(self) -> CorpusReader:
        if self._shared is not None:
            return self._shared
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._local.reader = self._factory()
            with self._lock:
                self._opened.append(reader)
        return reader

    def close(self) -> None:
        for reader in self._opened:
            close = getattr(reader, "close", None)
            if close:
                close()


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def create_app(reader: CorpusReader | Callable[[], CorpusReader], *, writer: Any = None,
               allow_uploads: bool = False, upload_folder: Path | None = None,
               limits: UploadLimits | None = None, title: str = "storyfold") -> FastAPI:
    """Build the app.  ``writer`` (a Store, or a RebuildingCorpus) takes uploads and outlet edits; uploads are
    on only when ``allow_uploads`` and a writer and a folder inside the store's folder are given."""
    from storyfold.web import api, articles, outlets, stories, uploads

    app = FastAPI(title=f"{title} API", docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.readers = Readers(reader)
    app.state.writer = writer
    app.state.uploads_enabled = bool(allow_uploads and writer is not None and upload_folder is not None)
    app.state.upload_folder = upload_folder
    app.state.limits = limits or UploadLimits()
    app.state.write_lock = threading.Lock()
    app.state.cache = ViewCache()
    app.state.templates = template_env()
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for module in (stories, articles, outlets, uploads, api):
        app.include_router(module.router)
    _add_security(app)
    return app


def _add_security(app: FastAPI) -> None:
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        request.state.nonce = secrets.token_urlsafe(16)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = content_security_policy(request.state.nonce)
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        new_token = getattr(request.state, "new_csrf", None)
        if new_token:
            response.set_cookie(CSRF_COOKIE, new_token, httponly=True, samesite="strict", path="/")
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        page = render(request, "error.html", status=exc.status_code, detail=str(exc.detail))
        return HTMLResponse(page, status_code=exc.status_code, headers=exc.headers)


def render(request: Request, template: str, **context: Any) -> str:
    """Render a page with the request's nonce and CSRF token (autoescape on)."""
    from storyfold.web.security import csrf_token

    env = request.app.state.templates
    return env.get_template(template).render(
        request=request, nonce=request.state.nonce, csrf=csrf_token(request),
        uploads_enabled=request.app.state.uploads_enabled, standalone=False, **context)


def reader_of(request: Request) -> CorpusReader:
    return request.app.state.readers.get()
