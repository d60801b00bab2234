"""Story pages: the list (search, filters, blind spots, pagination) and one story's full view."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from storyfold.corpus import CorpusReader
from storyfold.lenses import OutletLens, blind_spots, parse_group
from storyfold.report.html import render_story_body
from storyfold.web.app import reader_of, render
from storyfold.web.security import checked_id

router = APIRouter()
PAGE_SIZE = 20  # stories per list page: one screen of headlines
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


def story_filters(since: str | None, until: str | None, outlet: str | None, min_sources: int | None,
                  q: str | None) -> dict[str, Any]:
    """The reader's filter keywords from query parameters (blank fields mean no filter)."""
    return {"since": since or None, "until": until or None, "outlet": (outlet or "").strip() or None,
            "min_sources": min_sources or None, "query": (q or "").strip() or None}


def story_rows(reader: CorpusReader, filters: dict[str, Any], covered: str | None, ignored: str | None,
               offset: int, limit: int) -> tuple[list[dict], int]:
    """One page of summary rows and the total; with a blind-spot filter the groups are applied first."""
    groups = parse_group(covered), parse_group(ignored)
    if groups[0] and groups[1]:
        lens = OutletLens(reader.outlets())
        total = reader.count_stories(**filters)
        rows = blind_spots(reader.list_stories(**filters, limit=total, offset=0), lens, *groups)
        return rows[offset:offset + limit], len(rows)
    return reader.list_stories(**filters, limit=limit, offset=offset), reader.count_stories(**filters)


@router.get("/", response_class=HTMLResponse)
def story_list(request: Request, q: str | None = None,
               since: str | None = Query(None, pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
               until: str | None = Query(None, pattern=r"^(\d{4}-\d{2}-\d{2})?$"),
               outlet: str | None = Query(None, max_length=200), min_sources: int | None = Query(None, ge=0),
               covered: str | None = Query(None, max_length=200), ignored: str | None = Query(None, max_length=200),
               page: int = Query(1, ge=1, le=100_000)) -> str:
    reader = reader_of(request)
    filters = story_filters(since, until, outlet, min_sources, q)
    key = ("list", tuple(sorted(filters.items())), covered, ignored, page, PAGE_SIZE)
    rows, total, outlets = request.app.state.cache.get(key, lambda: (
        *story_rows(reader, filters, covered, ignored, (page - 1) * PAGE_SIZE, PAGE_SIZE), reader.outlets()))
    lens = OutletLens(outlets)
    params = {k: v for k, v in {"q": q, "since": since, "until": until, "outlet": outlet,
                                "min_sources": min_sources, "covered": covered, "ignored": ignored}.items() if v}
    hits = reader.search(filters["query"], limit=10) if filters["query"] else []
    return render(request, "list.html", rows=rows, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
                  params=params, outlets=outlets, lens_keys=lens.attribute_names(),
                  max_outlets=max(1, len(outlets)), hits=[h for h in hits if h["kind"] == "article"])


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    reader, current = current_story(request, story_id)
    if current != story_id:  # merged away: the survivor is where the story lives now
        return RedirectResponse(f"/stories/{current}", status_code=301)
    body = request.app.state.cache.get(("story-page", current), lambda: render_story_body(reader, current))
    if body is None:
        raise HTTPException(status_code=404, detail=f"no story {story_id}")
    return render(request, "story.html", body=body.html, title=body.title, story_id=current)


def current_story(request: Request, story_id: str) -> tuple[CorpusReader, str]:
    """The reader and the id the story is known by now (a merge survivor); 404 for an unknown or bad id."""
    story_id = checked_id(story_id)
    reader = reader_of(request)
    current = reader.resolve_story_id(story_id)
    if current is None:
        raise HTTPException(status_code=404, detail=f"no story {story_id}")
    return reader, current
