"""Adding articles from the browser: files or a zip, bounded, saved only inside the store's folder.

Each upload request gets its own new folder under the upload folder; file names are reduced to a safe base
name (no folders, no dots in front), so neither a form field nor a zip member can write anywhere else.  Zip
members are counted and their uncompressed sizes checked before anything is extracted (zip bombs).  The
writer (the store) then ingests the saved files and says per file what happened.
"""

from __future__ import annotations

import re
import secrets
import time
import zipfile
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from storyfold.web.app import UploadLimits, render
from storyfold.web.security import CSRF_FIELD, check_csrf

router = APIRouter()
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME_CHARS = 100  # long enough for any real file name, short enough for every file system


class UploadRejected(Exception):
    """An upload that breaks a limit; nothing of it is kept."""


def safe_name(name: str, number: int) -> str:
    """A base name that cannot leave its folder: no separators, no leading dots, never empty."""
    base = SAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).lstrip(".")[:MAX_NAME_CHARS]
    return f"{number:03d}-{base or 'upload'}"


def save_upload(items: list[tuple[str, bytes]], folder: Path, limits: UploadLimits) -> list[tuple[str, Path]]:
    """Write the uploaded files (zips expanded) into a new subfolder; ``(shown name, saved path)`` per file."""
    expanded = _expanded(items, limits)
    batch = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(4)}"
    batch.mkdir(parents=True, exist_ok=False)
    saved = []
    for number, (name, data) in enumerate(expanded, start=1):
        path = batch / safe_name(name, number)
        if not path.resolve().is_relative_to(folder.resolve()):
            raise UploadRejected(f"{name}: refused file name")
        path.write_bytes(data)
        saved.append((name, path))
    return saved


def _expanded(items: list[tuple[str, bytes]], limits: UploadLimits) -> list[tuple[str, bytes]]:
    files: list[tuple[str, bytes]] = []
    for name, data in items:
        if len(data) > limits.max_file_bytes:
            raise UploadRejected(f"{name}: {len(data):,} bytes is over the {limits.max_file_bytes:,}-byte limit")
        files += _zip_members(name, data, limits) if name.lower().endswith(".zip") else [(name, data)]
    if len(files) > limits.max_files:
        raise UploadRejected(f"{len(files)} files is over the limit of {limits.max_files} per upload")
    total = sum(len(d) for _, d in files)
    if total > limits.max_total_bytes:
        raise UploadRejected(f"{total:,} bytes in all is over the {limits.max_total_bytes:,}-byte limit")
    return files


def _zip_members(name: str, data: bytes, limits: UploadLimits) -> list[tuple[str, bytes]]:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UploadRejected(f"{name}: not a readable zip file") from exc
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > limits.max_files:
        raise UploadRejected(f"{name}: {len(members)} files is over the limit of {limits.max_files}")
    if sum(m.file_size for m in members) > limits.max_total_bytes:
        raise UploadRejected(f"{name}: unpacks to more than {limits.max_total_bytes:,} bytes")
    out = []
    for member in members:
        if member.file_size > limits.max_file_bytes:
            raise UploadRejected(f"{name}: {member.filename} is over the {limits.max_file_bytes:,}-byte limit")
        with archive.open(member) as handle:
            content = handle.read(limits.max_file_bytes + 1)
        if len(content) > limits.max_file_bytes:
            raise UploadRejected(f"{name}: {member.filename} is over the {limits.max_file_bytes:,}-byte limit")
        out.append((f"{name}/{member.filename}", content))
    return out


def file_results(report: Any, saved: list[tuple[str, Path]]) -> list[dict]:
    """Per uploaded file: its shown name, status and a sentence (added / duplicate of X / skipped: why)."""
    raw = report.get("files") if isinstance(report, dict) else getattr(report, "files", [])
    rows = [asdict(r) if is_dataclass(r) else dict(r) for r in raw or []]
    shown = {str(path): name for name, path in saved}
    results = []
    for row in rows:
        source = str(row.get("source", ""))
        name = next((n for p, n in shown.items() if source == p or source.startswith(p + "#")), Path(source).name)
        results.append({"name": name, "status": row.get("status"), "story": row.get("story"),
                        "article": row.get("article"), "message": _message(row)})
    return results


def _message(row: dict) -> str:
    status = row.get("status")
    if status == "duplicate":
        return f"duplicate of {row.get('duplicate_of')}" + (f" ({row['reason']})" if row.get("reason") else "")
    if status == "skipped":
        return f"skipped: {row.get('reason') or 'not an article'}"
    if status == "unchanged":
        return "already in the corpus"
    return f"added to story {row.get('story')}" if row.get("story") else "added"


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> str:
    return render(request, "upload.html", limits=request.app.state.limits, results=None, error=None)


@router.post("/upload")
async def upload(request: Request):
    state = request.app.state
    wants_json = "application/json" in request.headers.get("accept", "")
    if not state.uploads_enabled:
        raise HTTPException(status_code=403, detail="uploads are off: start storyfold serve with --allow-uploads")
    limits: UploadLimits = state.limits
    declared = int(request.headers.get("content-length") or 0)
    if declared > limits.max_total_bytes + 1_000_000:  # multipart overhead allowance
        return _answer(request, wants_json, [], f"upload of {declared:,} bytes is over the limit", 413)
    form = await request.form(max_files=limits.max_files + 1, max_part_size=limits.max_file_bytes + 1)
    check_csrf(request, str(form.get(CSRF_FIELD) or ""))
    items = [(f.filename or "upload", await f.read(limits.max_file_bytes + 1))
             for f in form.getlist("files") if hasattr(f, "filename")]
    if not items:
        return _answer(request, wants_json, [], "no file chosen", 400)
    try:
        saved = save_upload(items, state.upload_folder, limits)
    except UploadRejected as exc:
        return _answer(request, wants_json, [], str(exc), 413)
    with state.write_lock:
        report = state.writer.add([p for _, p in saved])
        state.cache.bump()
    return _answer(request, wants_json, file_results(report, saved), None, 200)


def _answer(request: Request, wants_json: bool, results: list[dict], error: str | None, status: int):
    if wants_json:
        return JSONResponse({"files": results, "error": error}, status_code=status)
    page = render(request, "upload.html", limits=request.app.state.limits, results=results, error=error)
    return HTMLResponse(page, status_code=status)
