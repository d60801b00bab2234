"""What an HTML page states about itself, by trafilatura's own metadata extractors, minus the unused ones.

``trafilatura.extract_metadata`` also collects categories, tags and the licence,
which storyfold never reads and which cost about a third of its time (each is a
walk over the whole tree).  This runs the same extractors in the same order for the
fields the metadata stage does read (title, author, URL, date, site name,
description, language), and falls back to the full call if trafilatura's module
layout ever changes.

The author search is trafilatura's too, run as one Python pass per expression over
the element tree instead of its XPaths: those test every element with EXSLT regular
expressions, and each test is a call from libxml2 back into Python, which made the
author search alone cost more than all the other fields together.  The predicates
below are written against trafilatura's exact XPath text (normalised whitespace); if
that text changes, its own XPaths run.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

import trafilatura
from lxml import etree
from lxml.etree import _Element

log = logging.getLogger(__name__)

try:
    from trafilatura import metadata as _tm

    _PARTS = (_tm.examine_meta, _tm.extract_meta_json, _tm.extract_title, _tm.extract_author, _tm.extract_url,
              _tm.extract_domain, _tm.set_date_params, _tm.find_date, _tm.extract_sitename, _tm.META_URL)
except (ImportError, AttributeError):  # another trafilatura layout: use its public entry point
    _tm = None

# trafilatura's length limit for a byline (longer text is a paragraph that mentions an author).
AUTHOR_LENGTH_LIMIT = 120
# The XPath text the predicates below replicate, whitespace normalised: AUTHOR_XPATHS, then AUTHOR_DISCARD_XPATHS.
REPLICATED_XPATHS = (
    "//*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong][ "
    "@rel='author' or @id='author' or @class='author' or @itemprop='author name' or rel='me' or "
    "@data-testid='AuthorCard' or @data-testid='AuthorURL' or "
    "re:test(@class, 'author-?name|AuthorName|authorName')]|//author",
    "//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span][ "
    "@class='byline' or @class='username' or @class='byl' or @class='BBL' or contains(@itemprop, 'author') or "
    "re:test(@id, 'author|zuozhe|bianji|xiaobian') or "
    "re:test(@class, 'author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name')]",
    "//*[ contains(@data-component, 'Byline') or contains(@itemprop, 'author') or re:test(@id, '[Aa]uthor') or "
    "re:test(@class, '[Aa]uthor|screenname|writer|[Bb]yline')]",
    ".//*[self::a or self::div or self::section or self::span][ "
    "@id='comments' or @class='comments' or @class='title' or @class='date' or "
    "re:test(@id, '^comments|comment-?list|ProductReviews') or "
    "re:test(@class, '^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer') or contains(@data-component, 'Figure')]",
    "//time|//figure",
)
NAME_CLASS = re.compile("author-?name|AuthorName|authorName")
BYLINE_ID = re.compile("author|zuozhe|bianji|xiaobian")
BYLINE_CLASS = re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
ANY_AUTHOR_ID = re.compile("[Aa]uthor")
ANY_AUTHOR_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)"
    "|print|category|meta-date|meta-reviewer"
)
NAME_TAGS = frozenset(("a", "address", "div", "link", "p", "span", "strong"))
BYLINE_TAGS = frozenset(("a", "div", "h3", "h4", "p", "span"))
DISCARD_TAGS = frozenset(("a", "div", "section", "span"))
NAME_TEST_IDS = frozenset(("AuthorCard", "AuthorURL"))
BYLINE_CLASSES = frozenset(("byline", "username", "byl", "BBL"))
DISCARD_CLASSES = frozenset(("comments", "title", "date"))


def _is_named_author(element: _Element) -> bool:
    if element.tag == "author":
        return True
    get = element.get
    css_class = get("class")
    if css_class is not None and (css_class == "author" or NAME_CLASS.search(css_class)):
        return True
    return (get("rel") == "author" or get("id") == "author" or get("itemprop") == "author name"
            or get("data-testid") in NAME_TEST_IDS or (element.find("rel") is not None and _has_rel_me(element)))


def _has_rel_me(element: _Element) -> bool:
    """XPath's ``rel='me'`` (no ``@``): a child element ``<rel>`` whose text is "me"."""
    return any("".join(child.itertext()) == "me" for child in element.iterchildren("rel"))


def _is_byline(element: _Element) -> bool:
    get = element.get
    return (get("class") in BYLINE_CLASSES or "author" in get("itemprop", "")
            or bool(BYLINE_ID.search(get("id", ""))) or bool(BYLINE_CLASS.search(get("class", ""))))


def _mentions_author(element: _Element) -> bool:
    get = element.get
    return ("Byline" in get("data-component", "") or "author" in get("itemprop", "")
            or bool(ANY_AUTHOR_ID.search(get("id", ""))) or bool(ANY_AUTHOR_CLASS.search(get("class", ""))))


def _is_discarded(element: _Element) -> bool:
    get = element.get
    return (get("id") == "comments" or get("class") in DISCARD_CLASSES
            or bool(DISCARD_ID.search(get("id", ""))) or bool(DISCARD_CLASS.search(get("class", "")))
            or "Figure" in get("data-component", ""))


def _matching(
    test: Callable[[_Element], bool], tags: Iterable[str] | None = None, *, below: bool = False
) -> Callable[[_Element], list[_Element]]:
    """An XPath-like callable: the elements with one of ``tags`` (lxml filters those in C; any element
    when None) that pass ``test``, in document order; ``below``: the root itself is not a candidate."""
    names = tuple(tags) if tags is not None else (etree.Element,)

    def expression(tree: _Element) -> list[_Element]:
        candidates = tree.iterdescendants(*names) if below else tree.iter(*names)
        return [element for element in candidates if test(element)]

    return expression


def _times_and_figures(tree: _Element) -> list[_Element]:
    return list(tree.iter("time", "figure"))


def _normalised(path: str) -> str:
    return " ".join(path.split())


AUTHOR_EXPRESSIONS = [
    _matching(_is_named_author, [*NAME_TAGS, "author"]), _matching(_is_byline, BYLINE_TAGS), _matching(_mentions_author)
]
DISCARD_EXPRESSIONS = [_matching(_is_discarded, DISCARD_TAGS, below=True), _times_and_figures]
def _replicates_trafilatura() -> bool:
    """Whether the predicates above are trafilatura's author search (same XPaths, same helpers to run them)."""
    helpers = ("extract_metainfo", "prune_unwanted_nodes", "normalize_authors", "AUTHOR_XPATHS",
               "AUTHOR_DISCARD_XPATHS")
    if _tm is None or not all(hasattr(_tm, name) for name in helpers):
        return False
    paths = [_normalised(getattr(xpath, "path", "")) for xpath in [*_tm.AUTHOR_XPATHS, *_tm.AUTHOR_DISCARD_XPATHS]]
    return tuple(paths) == REPLICATED_XPATHS


_REPLICATED = _replicates_trafilatura()


def page_author(tree: _Element) -> str | None:
    """trafilatura's ``extract_author`` (bylines outside comments, dates and figures), without its XPaths."""
    if not _REPLICATED:
        return _tm.extract_author(tree)  # type: ignore[union-attr]
    author = _first_byline(tree, _discarded(tree))
    return _tm.normalize_authors(None, author) if author else None  # type: ignore[union-attr]


def _discarded(tree: _Element) -> set[_Element]:
    """The elements trafilatura prunes before its author search (comments, dates, figures, ...)."""
    return {element for expression in DISCARD_EXPRESSIONS for element in expression(tree)}


def _first_byline(tree: _Element, discarded: set[_Element]) -> str | None:
    """trafilatura's ``extract_metainfo`` over the tree pruned of ``discarded``, read in place: the first
    author-expression match outside the pruned parts whose text (as the pruned tree reads it) is of
    a byline's length.  Pruning a copy of the whole page cost more than the rest of the metadata."""
    for expression in AUTHOR_EXPRESSIONS:
        for element in expression(tree):
            if element in discarded or any(a in discarded for a in element.iterancestors()):
                continue
            content = " ".join(" ".join(_pruned_pieces(element, discarded)).split())
            if content and 2 < len(content) < AUTHOR_LENGTH_LIMIT:
                return content
    return None


def _pruned_pieces(element: _Element, discarded: set[_Element]) -> list[str]:
    """``element.itertext()`` as it reads once ``discarded`` are deleted with their tails kept: a
    deleted child's tail joins the text before it (the previous kept child's tail, or the parent's text)."""
    pieces: list[str] = []
    current = element.text
    for child in element:
        if not isinstance(child.tag, str):  # a comment: itertext skips its words, not its tail
            if current:
                pieces.append(current)
            current = child.tail
            continue
        if child in discarded:
            if child.tail:
                current = (current or "") + child.tail
            continue
        if current:
            pieces.append(current)
        pieces += _pruned_pieces(child, discarded)
        current = child.tail
    if current:
        pieces.append(current)
    return pieces


def page_metadata(tree: _Element, url: str | None) -> Any:
    """trafilatura's metadata ``Document`` for the fields storyfold reads (None attributes when absent)."""
    if _tm is None:
        return trafilatura.extract_metadata(tree, default_url=url)
    metadata = _tm.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # one-word "authors" are site names (as trafilatura does)
    try:
        metadata = _tm.extract_meta_json(tree, metadata)
    except Exception as exc:  # trafilatura's JSON-LD reader has bugs of its own on odd pages
        log.info("no JSON-LD metadata: %s", exc)
    metadata.title = metadata.title or _tm.extract_title(tree)
    metadata.author = metadata.author or page_author(tree)
    metadata.url = metadata.url or _tm.extract_url(tree, url)
    if metadata.url:
        metadata.hostname = _tm.extract_domain(metadata.url, fast=True)
    date_config = _tm.set_date_params(True)
    date_config["url"] = metadata.url
    metadata.date = _tm.find_date(tree, **date_config)
    metadata.sitename = metadata.sitename or _tm.extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (match := _tm.META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata
