"""Request safety for the web UI: CSP with a per-response nonce, nosniff, strict ids, CSRF tokens.

Every page's only script is the packaged ``/static/app.js`` loaded with the response's nonce; inline event
handlers and injected ``<script>`` elements cannot run under ``script-src 'nonce-…'``.  State-changing forms
(upload, outlet edits, removal) use a double-submit token: a random cookie (SameSite=Strict, HttpOnly) that the
form must echo, plus an Origin check, so another site cannot post on the user's behalf.
"""

from __future__ import annotations

import hmac
import re
import secrets

from fastapi import HTTPException, Request

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # story/article ids are short hex-ish tokens: nothing else passes
CSRF_COOKIE = "storyfold_csrf"
CSRF_FIELD = "csrf"


def content_security_policy(nonce: str) -> str:
    return "; ".join((
        "default-src 'none'",
        f"script-src 'nonce-{nonce}'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ))


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def checked_id(value: str) -> str:
    """A path parameter that is a plain id, or 404: no dots, slashes or encoded traversal can pass."""
    if not ID_PATTERN.fullmatch(value or ""):
        raise HTTPException(status_code=404, detail="not found")
    return value


def csrf_token(request: Request) -> str:
    """The token for this browser: the cookie's value, or a new one the response will set."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) < 20:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    """Reject a state-changing request whose token or Origin does not match (403, nothing changes)."""
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token: reload the page and try again")
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.rstrip("/") != str(request.base_url).rstrip("/"):
        raise HTTPException(status_code=403, detail="cross-site request refused")
