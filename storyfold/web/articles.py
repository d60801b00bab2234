"""The article page: metadata, cleaned text, removed boilerplate in place with reasons, story and copies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from storyfold.report.labels import outlet_name
from storyfold.web.app import reader_of, render
from storyfold.web.security import check_csrf, checked_id

router = APIRouter()


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> str:
    article_id = checked_id(article_id)
    reader = reader_of(request)
    article = reader.get_article(article_id)
    if article is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    story = reader.get_story(article["story"]) if article.get("story") else None
    original = reader.get_article(article["duplicate_of"]) if article.get("duplicate_of") else None
    copies = [c for c in (reader.get_article(i) for i in article.get("copied_by", [])) if c]
    return render(request, "article.html", a=article, outlet=outlet_name(article), story=story,
                  original=original, copies=copies, removed=_removed_in_place(article), outlet_name=outlet_name,
                  removable=hasattr(request.app.state.writer, "remove"))


@router.post("/articles/{article_id}/remove")
def remove_article(request: Request, article_id: str, csrf: str = Form("")):
    """Remove one article from the store (CSRF-protected); its story is re-analysed by the store."""
    article_id = checked_id(article_id)
    check_csrf(request, csrf)
    writer = request.app.state.writer
    if not hasattr(writer, "remove"):
        raise HTTPException(status_code=403, detail="removal needs a writable store (storyfold serve --db)")
    story = (reader_of(request).get_article(article_id) or {}).get("story")
    with request.app.state.write_lock:
        writer.remove([article_id])
    request.app.state.cache.bump()
    return RedirectResponse(f"/stories/{story}" if story else "/", status_code=303)


def _removed_in_place(article: Mapping[str, Any]) -> list[dict]:
    """The raw input as kept and removed pieces in reading order, when the removed spans have raw offsets.

    Kept pieces are the raw text between removed spans (what cleaning kept, before whitespace normalising);
    without raw offsets (HTML inputs) the removed spans are listed in their order with their reasons.
    """
    raw = article.get("raw")
    spans = sorted((r for r in article.get("removed", []) if r.get("start") is not None and r.get("end")),
                   key=lambda r: r["start"])
    if not raw or not spans:
        return [{"kind": "removed", "text": r["text"], "reason": r["reason"]} for r in article.get("removed", [])]
    pieces: list[dict] = []
    cursor = 0
    for span in spans:
        if span["start"] > cursor:
            pieces.append({"kind": "kept", "text": raw[cursor:span["start"]]})
        pieces.append({"kind": "removed", "text": raw[span["start"]:span["end"]], "reason": span["reason"]})
        cursor = max(cursor, span["end"])
    if cursor < len(raw):
        pieces.append({"kind": "kept", "text": raw[cursor:]})
    return pieces
