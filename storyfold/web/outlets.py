"""Outlet lenses in the UI: the known outlets with the user's attributes, and an editor (CSV/JSON paste)."""

from __future__ import annotations

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from storyfold.errors import StoryfoldError
from storyfold.lenses import OutletLens, parse_outlets
from storyfold.web.app import reader_of, render
from storyfold.web.security import check_csrf

router = APIRouter()
MAX_OUTLETS_FORM_CHARS = 500_000  # a pasted outlets table; larger belongs in `storyfold outlets load`


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request, error: str | None = None) -> str:
    outlets = reader_of(request).outlets()
    writer = request.app.state.writer
    return render(request, "outlets.html", outlets=outlets, keys=OutletLens(outlets).attribute_names(),
                  editable=writer is not None and hasattr(writer, "set_outlets"), error=error)


@router.post("/outlets")
def edit_outlets(request: Request, rows: str = Form(..., max_length=MAX_OUTLETS_FORM_CHARS),
                 csrf: str = Form("")):
    check_csrf(request, csrf)
    writer = request.app.state.writer
    if writer is None or not hasattr(writer, "set_outlets"):
        raise HTTPException(status_code=403, detail="outlet editing needs a writable store (storyfold serve --db)")
    try:
        parsed = parse_outlets(rows, source="the outlets form")
    except StoryfoldError as exc:
        return HTMLResponse(outlets_page(request, error=str(exc)), status_code=400)
    with request.app.state.write_lock:
        writer.set_outlets(parsed)
        request.app.state.cache.bump()
    return RedirectResponse("/outlets", status_code=303)
