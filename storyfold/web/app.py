"""The web UI's app factory: FastAPI, server-rendered Jinja2 pages, a JSON API, packaged assets only.

The app reads through a :class:`~storyfold.corpus.CorpusReader` (the store, or one batch analysis), so it never
recomputes an analysis per request.  ``reader`` may be a reader object or a zero-argument factory; a factory is
called once per worker thread (a SQLite connection belongs to the thread that opened it).

OpenAPI: FastAPI's own ``/docs`` loads Swagger UI from a CDN, so it is disabled; ``/openapi.json`` is served and
``/docs`` is a local page listing every endpoint from that schema (no external asset).
"""

from __future__ import annotations

import gc
import ipaddress
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyfold.corpus import CorpusReader
from storyfold.report.html import template_env
from storyfold.web.cache import ViewCache
from storyfold.web.security import CSRF_COOKIE, SECURITY_HEADERS, content_security_policy

STATIC_DIR = Path(__file__).parent / "static"
REQUEST_THREADS = 8  # sync endpoints at once: a few per core (SQLite reads release the GIL), not anyio's 40


@dataclass
class UploadLimits:
    """Bounds on one upload request: a browser upload is a handful of articles, never a crawl."""

    max_files: int = 50  # files (or zip members) per request
    max_file_bytes: int = 5_000_000  # one article page is well under a megabyte
    max_total_bytes: int = 25_000_000  # all files of one request, zip members uncompressed


class Readers:
    """One reader per worker thread from a factory, or one shared reader object.

    A reader (a store connection, with its per-version memos) belongs to one live thread at a time.  Worker
    threads come and go (an idle one exits after a few seconds); the reader of a thread that has exited is
    handed to the next new thread rather than opening another connection, so connections stay as few as the
    threads alive at once and their memos stay warm."""

    def __init__(self, reader: CorpusReader | Callable[[], CorpusReader]) -> None:
        self._shared = None if callable(reader) and not isinstance(reader, CorpusReader) else reader
        self._factory = reader if self._shared is None else None
        self._by_thread: dict[threading.Thread, Any] = {}
        self._lock = threading.Lock()

    def get(self) -> CorpusReader:
        if self._shared is not None:
            return self._shared
        me = threading.current_thread()
        reader = self._by_thread.get(me)
        if reader is None:
            with self._lock:
                gone = next((t for t in self._by_thread if not t.is_alive()), None)
                reader = self._by_thread.pop(gone) if gone is not None else None
            if reader is None:
                reader = self._factory()
            with self._lock:
                self._by_thread[me] = reader
        return reader

    def close(self) -> None:
        with self._lock:
            readers, self._by_thread = list(self._by_thread.values()), {}
        for reader in readers:
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

    app = FastAPI(title=f"{title} API", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  lifespan=_server_tuning)
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


class SecurityHeaders:
    """Pure ASGI middleware: a fresh nonce per request, the CSP and the security headers on every response, and
    the CSRF cookie when a page handed out a new token.

    Plain ASGI rather than ``@app.middleware("http")``: that wrapper runs every request through an extra task
    group and a streamed response copy, which costs more than a cached page itself."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})  # what request.state reads and writes
        nonce = state["nonce"] = secrets.token_urlsafe(16)

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = content_security_policy(nonce)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if state.get("new_csrf"):
                    headers.append("set-cookie", csrf_cookie(state["new_csrf"]))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csrf_cookie(token: str) -> str:
    """The Set-Cookie value for a new CSRF token (HttpOnly, SameSite=Strict), as Starlette writes it."""
    response = Response()
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response.headers["set-cookie"]


@asynccontextmanager
async def _server_tuning(app: FastAPI) -> AsyncIterator[None]:
    """Bound the request threads, and move what exists at server start out of the garbage collector's reach.

    Pages are rendered in worker threads that share one GIL: more threads than ``REQUEST_THREADS`` only add
    switching, and each thread opens its own store connection (with its own memos).  A story page parses its
    stored analysis into tens of thousands of objects; each collection that this triggers would otherwise walk
    every long-lived object of the process too (measured: a fifth of a big story's render).  Nothing alive at
    start-up (modules, templates, the app) is garbage, so freezing it loses nothing."""
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _add_security(app: FastAPI) -> None:
    app.add_middleware(SecurityHeaders)

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
