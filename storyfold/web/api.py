"""The JSON API (the contract's shapes, straight from the reader) and a local OpenAPI docs page."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storyfold.web.app import reader_of, render
from storyfold.web.security import checked_id
from storyfold.web.stories import current_story, story_filters, story_rows

router = APIRouter()
MAX_API_PAGE = 200  # rows per API call: enough for a client, bounded for the server


@router.get("/api/stories", tags=["stories"])
def api_stories(request: Request, q: str | None = None,
                since: str | None = Query(None, pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
                until: str | None = Query(None, pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
                outlet: str | None = Query(None, max_length=200), min_sources: int | None = Query(None, ge=0),
                covered: str | None = Query(None, max_length=200, description="blind spots: attribute=value"),
                ignored: str | None = Query(None, max_length=200, description="blind spots: attribute=value"),
                limit: int = Query(50, ge=1, le=MAX_API_PAGE), offset: int = Query(0, ge=0)) -> dict[str, Any]:
    """Story summary rows, newest first, with the list page's filters."""
    filters = story_filters(since, until, outlet, min_sources, q)
    rows, total = story_rows(reader_of(request), filters, covered, ignored, offset, limit)
    return {"total": total, "offset": offset, "stories": rows}


@router.get("/api/stories/{story_id}", tags=["stories"])
def api_story(request: Request, story_id: str):
    """One story in the contract's shape; a merged-away id redirects (307) to the survivor."""
    reader, current = current_story(request, story_id)
    if current != story_id:
        return RedirectResponse(f"/api/stories/{current}", status_code=307)
    body = request.app.state.cache.get(("story-api", current), lambda: _json_bytes(reader.get_story(current)))
    if body is None:
        raise HTTPException(status_code=404, detail=f"no story {story_id}")
    return Response(body, media_type="application/json")


def _json_bytes(record: Any) -> bytes | None:
    """A record serialised once (it is plain JSON already: no FastAPI encoding pass per request)."""
    return None if record is None else json.dumps(record, ensure_ascii=False).encode("utf-8")


@router.get("/api/stories/{story_id}/history", tags=["stories"])
def api_story_history(request: Request, story_id: str) -> list[dict[str, Any]]:
    """What changed in the story and when (empty for a batch analysis)."""
    reader = reader_of(request)
    current = reader.resolve_story_id(checked_id(story_id))
    if current is None:
        raise HTTPException(status_code=404, detail=f"no story {story_id}")
    return reader.story_history(current)


@router.get("/api/articles/{article_id}", tags=["articles"])
def api_article(request: Request, article_id: str) -> dict[str, Any]:
    """One article in the contract's shape plus ``story`` and ``copied_by``."""
    article = reader_of(request).get_article(checked_id(article_id))
    if article is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    return article


@router.get("/api/search", tags=["search"])
def api_search(request: Request, q: str = Query(..., min_length=1, max_length=500),
               limit: int = Query(20, ge=1, le=MAX_API_PAGE)) -> dict[str, Any]:
    """Ranked full-text hits; ``snippet`` marks matches with \\u0002 and \\u0003 (escape, then highlight)."""
    return {"query": q, "hits": reader_of(request).search(q, limit=limit)}


@router.get("/api/outlets", tags=["outlets"])
def api_outlets(request: Request) -> list[dict[str, Any]]:
    """Known outlets with the user's attributes."""
    return reader_of(request).outlets()


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs_page(request: Request) -> str:
    """Every endpoint from the OpenAPI schema, rendered locally (Swagger UI would load from a CDN)."""
    schema = request.app.openapi()
    endpoints = [{"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                  "description": op.get("description", ""),
                  "parameters": [p.get("name") for p in op.get("parameters", [])]}
                 for path, methods in schema.get("paths", {}).items() for method, op in methods.items()]
    return render(request, "docs.html", endpoints=endpoints, version=schema.get("openapi"))
