"""Outlet labels for articles: what a reader sees next to every claim.

A label is the outlet's name when metadata found one, else the web domain of the article's URL, else a short
neutral label ("unknown outlet 2").  Never a file name or a hash: a file name says nothing about who published
the words (and may leak a user's folder layout), a hash is unreadable.  Articles of the same outlet get
``#2``, ``#3`` so every label names one article.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

UNKNOWN_OUTLET = "unknown outlet"
# What "3 of 4" independent sources means, wherever a report shows it.
INDEPENDENCE_NOTE = ("Independent sources count a wire copy with its original, and outlets that state a fact "
                     "in one copied run of words once.")


def url_domain(url: str | None) -> str | None:
    """The host of a URL without a leading ``www.``, or ``None`` when there is no usable host."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def outlet_name(article: Mapping[str, Any], unknown_number: int | None = None) -> str:
    """The outlet an article is shown under: its name, its domain, or a numbered neutral label."""
    name = (article.get("outlet") or "").strip()
    if name:
        return name
    domain = url_domain(article.get("url"))
    if domain:
        return domain
    return f"{UNKNOWN_OUTLET} {unknown_number}" if unknown_number else UNKNOWN_OUTLET


class ArticleLabels:
    """Short, unique labels for a set of articles (JSON-shaped dicts), in the order given."""

    def __init__(self, articles: Iterable[Mapping[str, Any]]) -> None:
        self._labels: dict[str, str] = {}
        self._outlets: dict[str, str] = {}
        used: dict[str, int] = {}
        unknown = 0
        for article in articles:
            if not (article.get("outlet") or "").strip() and not url_domain(article.get("url")):
                unknown += 1
            base = outlet_name(article, unknown)
            used[base] = used.get(base, 0) + 1
            self._outlets[article["id"]] = base
            self._labels[article["id"]] = base if used[base] == 1 else f"{base} #{used[base]}"

    def __call__(self, article_id: str) -> str:
        return self._labels.get(article_id, UNKNOWN_OUTLET)

    def outlet(self, article_id: str) -> str:
        """The outlet (without the ``#n`` suffix) an article belongs to."""
        return self._outlets.get(article_id, UNKNOWN_OUTLET)

    def cite(self, ids: Iterable[str]) -> str:
        return "; ".join(self(i) for i in ids)
