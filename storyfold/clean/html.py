"""HTML cleaning: trafilatura extracts the article body, and we keep what it drops.

First a lexbor pre-pass (selectolax) repairs tags that hold control or zero-width
characters and drops what is never prose (scripts, styles, ``<noscript>``,
``<template>``, SVG, hidden nodes), so a script-only page leaves no text and the
tree trafilatura works on is smaller; after our block walk has recorded them, menus,
footers, cookie banners and comment threads are taken out of the tree too.

trafilatura, run in its precision mode (the better of its modes on the article
extraction benchmark; fast first, the full mode or recall mode only when the
result is a stub), finds the main text.  Around it:

* a small post-filter drops body paragraphs that are page furniture the extractor
  let through (``Related: ...`` teaser runs, newsletter and subscription calls to
  action, social-follow lines, copyright lines, comment counters, the headline),
  judged by the plain-text cleaner's wording families (:mod:`storyfold.clean.wording`);
* paragraphs that sit only inside containers that are never body text (cookie
  banners, comment threads, footers, menus) are vetoed;
* every visible text block of the page that did not make it into the body is
  recorded as a :class:`~storyfold.model.RemovedSpan`, with a reason taken from the
  HTML around it (``<nav>``, ``<footer>``, ``<figcaption>``, class names such as
  ``comments`` or ``cookie-banner``) or, failing that, from its wording.

The page's own statements about itself (title, author, date, site name,
canonical URL, language, description) go to ``article.fields["extracted"]`` for
the metadata stage.  An odd page never raises: it leaves empty text behind, and
the clean stage skips the article with a reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import lxml.html
import trafilatura
from lxml import etree
from lxml.etree import _Element
from selectolax.lexbor import LexborHTMLParser
from trafilatura.settings import Extractor

from storyfold.clean import CLEAN_FAILURE_FIELD, reasons
from storyfold.clean.pagemeta import page_metadata
from storyfold.clean.wording import is_sentence, menu_reason, wording_reason
from storyfold.model import Article, RemovedSpan
from storyfold.pipeline import failure_reason
from storyfold.settings import Settings

log = logging.getLogger(__name__)

# trafilatura's precision mode scores higher than its default on the article
# extraction benchmark (benchmarks/extraction.py); comments are never article text.
# Metadata is extracted once, separately, so retries below do not repeat it.
EXTRACTION_OPTIONS: dict[str, object] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": False,
}
# The extraction chain, cheapest first: fast precision mode (no comparison with the
# readability/jusText fallbacks), then retries, each run only while the text so far is
# shorter than its threshold and kept only when it finds more text:
# - full precision mode, when fast mode returned a stub: a news body is rarely under
#   ~500 characters, while fast mode's misses come out as a teaser or nothing
#   (benchmark: 300 loses pages, 500-800 is a plateau, 1,200 starts to add chrome);
# - recall mode, for pages that are still nearly empty: a short-page miss costs more
#   than a little chrome.
FAST_STUB_CHARS = 500
MIN_PRECISION_CHARS = 250
FIRST_EXTRACTION = {**EXTRACTION_OPTIONS, "fast": True}
EXTRACTION_RETRIES: tuple[tuple[int, dict[str, object]], ...] = (
    (FAST_STUB_CHARS, EXTRACTION_OPTIONS),
    (MIN_PRECISION_CHARS, {**EXTRACTION_OPTIONS, "favor_precision": False, "favor_recall": True}),
)
# bare_extraction's keyword options above, by the trafilatura Extractor argument each sets (the
# options object is built once per set of options: see _extractor).
EXTRACTOR_ARGUMENTS = {
    "fast": "fast", "favor_precision": "precision", "favor_recall": "recall", "include_comments": "comments",
    "include_tables": "tables", "with_metadata": "with_metadata",
}
# Furniture paragraphs are short; a body paragraph that merely mentions a newsletter
# or a subscription is long, so the post-filter never touches paragraphs past this.
MAX_FURNITURE_CHARS = 320
# Teaser headlines listed after a "Related:" label are short lines without a full stop.
MAX_TEASER_CHARS = 160
# A removed block shorter than this (a lone "|" or "»") is noise, not worth reporting.
MIN_REMOVED_CHARS = 2

# Markup whose text is never shown as page prose.
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "head", "iframe", "object")
# The lexbor pre-pass removes these before trafilatura sees the page: they are never
# prose (a script-only page must not become an "article" of JavaScript), and a
# smaller tree is what makes the whole extraction faster than trafilatura alone.
# JSON-LD scripts stay: the metadata extractor reads the page's author and date there.
PRE_PASS_DROP = (
    'script:not([type="application/ld+json"]), style, noscript, template, svg, iframe, object, embed, canvas,'
    ' link[rel="stylesheet"], [hidden], [aria-hidden="true"]'
)
# The script type of JSON-LD metadata (schema.org): what a page says it is, its author and date.
JSON_LD_TYPE = "application/ld+json"
# Control and zero-width characters are never part of a tag; inside one ("</script\u200b>")
# they hide the closing tag from the parser, and the rest of the page becomes script text.
ODD_TAG_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff]")
ODD_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
ODD_WIDE_CHARS = tuple(chr(code) for code in (*range(0x200B, 0x2010), 0x2060, 0xFEFF))
TAG_WITH_ODD_CHARS = re.compile("<[^<>]*?[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060\ufeff][^<>]*>")
# trafilatura's own parser settings, with lxml's C-level class lookup instead of lxml.html's
# Python one: every element proxy trafilatura and our block walk create is cheaper (same tree).
PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                              remove_pis=True)
PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment)
)
# trafilatura's test for input that may not be HTML looks at this many leading characters.
DUBIOUS_PREFIX_CHARS = 50
# Elements that start a new text block in a rendered page.
BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
))

# --- where a dropped block sits: tags, then class/id/role words (nearest ancestor wins)
TAG_REASONS = {
    "nav": reasons.NAVIGATION,
    "menu": reasons.NAVIGATION,
    "footer": reasons.FOOTER,
    "figcaption": reasons.CAPTION,
    "figure": reasons.CAPTION,
    "form": reasons.FORM,
    "label": reasons.FORM,
    "button": reasons.FORM,
    "select": reasons.FORM,
    "aside": reasons.RELATED,
    "video": reasons.MEDIA,
    "audio": reasons.MEDIA,
}
# Class/id/role words as whole tokens ("ad" must not match "header" or "shadow").
TOKEN_REASONS = {
    "ad": reasons.ADVERTISEMENT,
    "ads": reasons.ADVERTISEMENT,
    "nav": reasons.NAVIGATION,
    "navigation": reasons.NAVIGATION,
    "bio": reasons.AUTHOR_BIO,
    "contentinfo": reasons.FOOTER,
    "caption": reasons.CAPTION,
    "credit": reasons.CAPTION,
}
# Class/id word stems matched inside tokens ("site-footer", "commentList", "adsbygoogle").
STEM_REASONS = (
    ("cookie", reasons.COOKIE),
    ("consent", reasons.COOKIE),
    ("gdpr", reasons.COOKIE),
    ("comment", reasons.COMMENTS),
    ("disqus", reasons.COMMENTS),
    ("newsletter", reasons.NEWSLETTER),
    ("signup", reasons.NEWSLETTER),
    ("paywall", reasons.SUBSCRIPTION),
    ("subscri", reasons.SUBSCRIPTION),
    ("donat", reasons.DONATION),
    ("share", reasons.SHARE),
    ("sharing", reasons.SHARE),
    ("social", reasons.SHARE),
    ("advert", reasons.ADVERTISEMENT),
    ("sponsor", reasons.ADVERTISEMENT),
    ("adsby", reasons.ADVERTISEMENT),
    ("outbrain", reasons.ADVERTISEMENT),
    ("taboola", reasons.ADVERTISEMENT),
    ("related", reasons.RELATED),
    ("recommend", reasons.RELATED),
    ("trending", reasons.RELATED),
    ("popular", reasons.RELATED),
    ("mostread", reasons.RELATED),
    ("teaser", reasons.RELATED),
    ("sidebar", reasons.RELATED),
    ("breadcrumb", reasons.NAVIGATION),
    ("menu", reasons.NAVIGATION),
    ("navbar", reasons.NAVIGATION),
    ("pagination", reasons.NAVIGATION),
    ("footer", reasons.FOOTER),
    ("copyright", reasons.FOOTER),
    ("authorbio", reasons.AUTHOR_BIO),
    ("aboutauthor", reasons.AUTHOR_BIO),
    ("caption", reasons.CAPTION),
    ("gallery", reasons.CAPTION),
    ("player", reasons.MEDIA),
    ("podcast", reasons.MEDIA),
)
# The attributes whose words name a container's role, and the elements that carry any of them.
REASON_ATTRIBUTES = ("class", "id", "role", "aria-label")
NO_ATTRIBUTES = " " * (len(REASON_ATTRIBUTES) - 1)  # the joined attributes of an element carrying none
HIDDEN = "hidden"  # the walk's role for an element whose text is never shown
# Comments and processing instructions come as events of their own: their tails are page text.
WALK_EVENTS = ("start", "end", "comment", "pi")
# Pages repeat the same class strings hundreds of times; classifying each string once is enough.
ATTRIBUTE_CACHE_SIZE = 8192
# A class name speaks for a small container; one holding these holds the article itself.
ARTICLE_MARKERS = ("article", "main", "h1")
# Containers whose text is never article body, whatever the extractor thought.
VETO_CONTEXTS = frozenset({reasons.NAVIGATION, reasons.COOKIE, reasons.COMMENTS, reasons.FOOTER})
_STEM_REASON = dict(STEM_REASONS)
_STEM_PATTERN = re.compile("|".join(re.escape(stem) for stem, _ in STEM_REASONS))

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class PageBlock:
    """One visible text block of the page, and the reason its nearest telling container gives."""

    text: str
    context: str | None
    key: str = ""  # the text's words, lower-cased: how the body and the page are matched

    def __post_init__(self) -> None:
        self.key = _token_key(self.text)


def clean_html(article: Article, settings: Settings | None = None) -> None:
    """Set ``article.text``, ``article.removed`` and ``fields["extracted"]`` from HTML ``article.raw``.

    Never raises on page content: a page that cannot be read leaves empty text, so
    the clean stage can skip it with a reason instead of stopping the run.
    """
    del settings  # no user knob applies yet; the signature matches the other cleaners
    article.text = ""
    article.removed = []
    article.fields["extracted"] = {}
    article.fields.pop(CLEAN_FAILURE_FIELD, None)
    try:
        _clean(article)
    except Exception as exc:  # soft failure: one odd page must not stop the run
        # The clean stage skips the page naming this failure (one line); the traceback is for --debug.
        log.debug("HTML cleaning failed on %s", article.source, exc_info=True)
        article.text = ""
        article.fields[CLEAN_FAILURE_FIELD] = failure_reason("HTML cleaning", exc)


def prepared_html(raw: str) -> str:
    """The page without what is never prose (scripts, styles, templates, SVG), its tags repaired.

    lexbor parses a page several times faster than lxml, so dropping these nodes here
    costs less than trafilatura and our block walk save on the smaller tree.
    """
    repaired = raw
    if has_odd_characters(raw):  # most pages have none, and skip the tag pass
        repaired = TAG_WITH_ODD_CHARS.sub(lambda tag: ODD_TAG_CHARS.sub("", tag.group()), raw)
    parser = LexborHTMLParser(repaired)
    for node in parser.css(PRE_PASS_DROP):
        node.decompose()
    return parser.html or ""


def has_odd_characters(raw: str) -> bool:
    """Whether ``raw`` holds any character :data:`ODD_TAG_CHARS` matches (the same answer, faster).

    Deleting the control bytes from the UTF-8 text and looking for each zero-width character
    are C-speed scans, about twice as fast as the regex over a whole page (scripts included).
    """
    encoded = raw.encode("utf-8", "surrogatepass")
    return len(encoded.translate(None, ODD_CONTROL_BYTES)) != len(encoded) or any(c in raw for c in ODD_WIDE_CHARS)


def parse_page(raw: str) -> _Element | None:
    """The page's lxml tree after the pre-pass; trafilatura's loader (with its repairs) if ours fails.

    lexbor makes a document of anything, so a page that does not open like HTML must first
    pass trafilatura's own test (binary junk with a stray ``<p`` is no page).
    """
    if "html" not in raw[:DUBIOUS_PREFIX_CHARS].lower() and trafilatura.load_html(raw) is None:
        return None
    prepared = prepared_html(raw)
    try:
        tree = lxml.html.fromstring(prepared, parser=PARSER)
    except (ValueError, etree.ParserError):
        tree = None
    return tree if tree is not None and len(tree) else trafilatura.load_html(prepared)


def _clean(article: Article) -> None:
    tree = parse_page(article.raw)
    if tree is None:
        log.info("no HTML tree in %s", article.source)
        return
    furniture: list[_Element] = []
    blocks = list(page_blocks(tree, furniture))
    # Menus, footers, cookie banners and comment threads are never body text (the veto below
    # would drop them) nor where the metadata extractor looks: trafilatura need not prune them again.
    drop_elements(furniture)
    metadata = _metadata(tree, _given_url(article))
    article.fields["extracted"] = metadata
    drop_head_for_extraction(tree)
    title, author = metadata.get("title"), metadata.get("author")
    paragraphs = _paragraphs(extract_body(tree, metadata.get("url")))
    kept, filtered = filter_furniture(paragraphs, title=title)
    kept, vetoed = veto_by_container(kept, blocks)
    article.text = "\n\n".join(kept)
    from_body = filtered + vetoed
    accounted = "\n\n".join([article.text, *(span.text for span in from_body)])
    article.removed = from_body + removed_blocks(blocks, accounted, title=title, author=author)


def drop_head_for_extraction(tree: _Element) -> None:
    """Empty ``<head>`` once the metadata is read, keeping its JSON-LD (trafilatura reads the page type there).

    trafilatura deletes the head itself, but only after its first XPath passes have
    searched every ``<meta>`` and ``<link>`` in it (a sixth of a typical page's elements).
    """
    for head in tree.iterchildren("head"):
        for element in list(head):
            if not (element.tag == "script" and element.get("type") == JSON_LD_TYPE):
                head.remove(element)
        head.text = None


def _given_url(article: Article) -> str | None:
    """A URL the container already stated (JSONL key, WARC target), to resolve relative links."""
    url = article.url or article.fields.get("url")
    return url if isinstance(url, str) and url else None


def extract_body(tree: _Element, url: str | None = None) -> str:
    """The article body as trafilatura's text (one paragraph a line), by the cheapest mode that finds it."""
    best = _trafilatura_text(tree, url, FIRST_EXTRACTION)
    for run_below, options in EXTRACTION_RETRIES:
        if len(best) >= run_below:
            break
        text = _trafilatura_text(tree, url, options)
        if len(text) > len(best):
            best = text
    return best


def _trafilatura_text(tree: _Element, url: str | None, options: dict[str, object]) -> str:
    document = trafilatura.bare_extraction(tree, url=url, options=_extractor(url, **options))
    return (document.text or "") if document is not None else ""


def _extractor(url: str | None, **options: object) -> Extractor:
    """trafilatura's options object for one page: the shared one for these options, with the page's URL.

    Building an ``Extractor`` reads trafilatura's config and date settings each time (a
    twentieth of the extraction's cost); a shallow copy of a prebuilt one is the same object.
    """
    extractor = copy(_shared_extractor(tuple(sorted(options.items()))))
    extractor.url = url
    extractor.source = url and url.encode("utf-8", "replace").decode("utf-8")
    return extractor


@lru_cache(maxsize=len(EXTRACTION_RETRIES) + 1)
def _shared_extractor(options: tuple[tuple[str, object], ...]) -> Extractor:
    """The ``Extractor`` ``bare_extraction`` would build from these keyword options."""
    return Extractor(output_format="python", **{EXTRACTOR_ARGUMENTS[name]: value for name, value in options})


def _paragraphs(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


# --------------------------------------------------------------------------- post-filter


def filter_furniture(paragraphs: list[str], *, title: str | None = None) -> tuple[list[str], list[RemovedSpan]]:
    """Split extracted paragraphs into body and page furniture the extractor let through."""
    kept: list[str] = []
    removed: list[RemovedSpan] = []
    title_key = _token_key(title or "")
    in_teasers = False
    for paragraph in paragraphs:
        reason = furniture_reason(paragraph)
        if reason is None and in_teasers and _looks_like_teaser(paragraph):
            reason = reasons.RELATED
        if reason is None and not kept and title_key and _token_key(paragraph) == title_key:
            reason = reasons.TITLE  # the headline opening the body is metadata, not body text
        in_teasers = reason == reasons.RELATED
        if reason is None:
            kept.append(paragraph)
        else:
            removed.append(RemovedSpan(paragraph, reason, None, None))
    return kept, removed


def veto_by_container(paragraphs: list[str], blocks: list[PageBlock]) -> tuple[list[str], list[RemovedSpan]]:
    """Drop kept paragraphs whose only place on the page is inside a container that is never body text."""
    where: dict[str, set[str | None]] = {}
    for block in blocks:
        where.setdefault(block.key, set()).add(block.context)
    kept: list[str] = []
    removed: list[RemovedSpan] = []
    for paragraph in paragraphs:
        contexts = where.get(_token_key(paragraph), {None})
        if contexts <= VETO_CONTEXTS:
            removed.append(RemovedSpan(paragraph, sorted(contexts)[0], None, None))
        else:
            kept.append(paragraph)
    return kept, removed


def furniture_reason(paragraph: str) -> str | None:
    """Why a short paragraph is page furniture, from its wording; ``None`` for body text.

    The wording families are the plain-text cleaner's (:mod:`storyfold.clean.wording`): chrome
    reads the same with or without its markup, so one vocabulary serves both.
    """
    if len(paragraph) > MAX_FURNITURE_CHARS:
        return None
    return wording_reason(paragraph)


def _looks_like_teaser(paragraph: str) -> bool:
    """A headline in a list of links: short, and not ended like a sentence."""
    return len(paragraph) <= MAX_TEASER_CHARS and not is_sentence(paragraph)


# --------------------------------------------------------------------------- dropped blocks


def removed_blocks(
    blocks: list[PageBlock], accounted: str, *, title: str | None, author: str | None = None
) -> list[RemovedSpan]:
    """Page text not in ``accounted`` (the body and spans already removed), as spans with a reason.

    Neighbouring blocks with one reason (the items of a menu) become one span, one line each,
    so a report shows "navigation" once per menu rather than once per link.
    """
    kept_key = f" {_token_key(accounted)} "
    kept_words = frozenset(kept_key.split())  # a block whose first word is not among them is not in the body
    title_key = _token_key(title or "")
    author_key = _token_key(author or "")
    runs: list[tuple[str, list[str]]] = []
    extends_run = False
    for block in blocks:
        key = block.key
        if len(block.text) < MIN_REMOVED_CHARS or not key:
            continue  # a lone separator neither starts nor breaks a run
        if key.partition(" ")[0] in kept_words and f" {key} " in kept_key:
            extends_run = False
            continue
        reason = _block_reason(block, key, title_key, author_key)
        if extends_run and runs[-1][0] == reason:
            runs[-1][1].append(block.text)
        else:
            runs.append((reason, [block.text]))
        extends_run = True
    spans = {("\n".join(lines), reason): None for reason, lines in runs}  # ordered and deduplicated
    return [RemovedSpan(text, reason, None, None) for text, reason in spans]


def _block_reason(block: PageBlock, key: str, title_key: str, author_key: str) -> str:
    if title_key and key == title_key:
        return reasons.TITLE
    if author_key and author_key in key and len(block.text) <= MAX_TEASER_CHARS:
        return reasons.BYLINE
    return block.context or furniture_reason(block.text) or menu_reason(block.text) or reasons.HTML_BOILERPLATE


def page_blocks(tree: _Element, furniture: list[_Element] | None = None) -> Iterator[PageBlock]:
    """The page's visible text in document order, one block per block-level element (its own inline text).

    One C-driven walk (lxml's ``iterwalk``) down the tree carries the nearest telling
    container's reason along, and each piece of text goes to the innermost open block,
    so no block has to look up its ancestors or re-read its children (pages have tens
    of thousands of nodes).  ``furniture``, when given, collects the outermost
    containers that are never body text (menus, footers, cookie banners, comment threads).
    """
    body = tree.find(".//body")
    root = body if body is not None else tree
    holders = article_holders(root)
    blocks: list[tuple[list[str], str | None]] = []  # each block's text pieces and context, in order
    open_blocks: list[list[str]] = []  # the pieces of the blocks being read, innermost last
    contexts: list[str | None] = [None]  # the context of each open element (HIDDEN: skipped), root's parent first
    walker = etree.iterwalk(root, events=WALK_EVENTS)
    for event, element in walker:
        if event == "start":
            tag = element.tag
            role = None if element is root else element_role(element, holders)
            if role is HIDDEN:
                if open_blocks and (tag in BLOCK_TAGS or tag == "br"):
                    open_blocks[-1].append(" ")  # a hidden block still ends the words before it
                walker.skip_subtree()
                contexts.append(HIDDEN)
                continue
            outer = contexts[-1]
            if furniture is not None and role in VETO_CONTEXTS and outer not in VETO_CONTEXTS:
                furniture.append(element)
            contexts.append(role or outer)
            if open_blocks and element is not root:
                open_blocks[-1].append(" ")  # element boundaries separate words, as a browser shows them
            if tag in BLOCK_TAGS:
                open_blocks.append([])
                blocks.append((open_blocks[-1], contexts[-1]))
            if element.text and open_blocks:
                open_blocks[-1].append(element.text)
        elif event == "end" and contexts.pop() is not HIDDEN and element.tag in BLOCK_TAGS:
            open_blocks.pop()  # (every end pops its context; a hidden block opened no pieces)
        if event != "start" and element is not root and element.tail and open_blocks:
            open_blocks[-1].append(element.tail)  # comments and instructions have no end event
    for pieces, context in blocks:
        text = " ".join("".join(pieces).split())
        if text:
            yield PageBlock(text, context)


def element_role(element: _Element, holders: set[_Element]) -> str | None:
    """:data:`HIDDEN`, or the reason :func:`element_reason` gives, with the page's article holders known.

    Hidden elements are what the pre-pass drops; a raw tree (as the plain-text benchmark
    renders) still has them.
    """
    tag, get = element.tag, element.get
    if tag in INVISIBLE_TAGS or get("hidden") is not None or get("aria-hidden") == "true":
        return HIDDEN
    if tag in TAG_REASONS:
        return TAG_REASONS[tag]
    # element_reason's " ".join over REASON_ATTRIBUTES, unrolled: this runs for every element of every page
    attributes = f"{get('class', '')} {get('id', '')} {get('role', '')} {get('aria-label', '')}"
    if attributes == NO_ATTRIBUTES:
        return None
    reason = attribute_reason(attributes)
    return None if reason is None or element in holders else reason


def article_holders(root: _Element) -> set[_Element]:
    """Elements holding an ``<article>``, ``<main>`` or ``<h1>``: a class name on them is not chrome."""
    holders: set[_Element] = set()
    for marker in root.iter(*ARTICLE_MARKERS):
        for ancestor in marker.iterancestors():
            if ancestor in holders:
                break  # the rest of the way up is already in
            holders.add(ancestor)
    return holders


def drop_elements(elements: list[_Element]) -> None:
    """Remove elements from their tree, keeping the text that follows each (its tail)."""
    for element in elements:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()


def element_reason(node: _Element) -> str | None:
    """The reason an element's tag, class, id, role or aria-label gives for its text being chrome."""
    if node.tag in TAG_REASONS:
        return TAG_REASONS[node.tag]
    attrib = node.attrib
    if not attrib:
        return None  # most elements carry no attribute at all: the common case costs one lookup
    attributes = " ".join(attrib.get(name, "") for name in REASON_ATTRIBUTES)
    reason = attribute_reason(attributes) if attributes.strip() else None
    if reason is not None and _holds_the_article(node):
        return None  # "page-wrap has-section-nav": a wrapper around the article is not chrome
    return reason


def _holds_the_article(node: _Element) -> bool:
    return any(node.find(f".//{tag}") is not None for tag in ARTICLE_MARKERS)


@lru_cache(maxsize=ATTRIBUTE_CACHE_SIZE)
def attribute_reason(attributes: str) -> str | None:
    """The reason class/id/role words give; whole tokens first, then stems inside tokens."""
    tokens = _attribute_tokens(attributes)
    exact = next((TOKEN_REASONS[t] for t in tokens if t in TOKEN_REASONS), None)
    if exact is not None:
        return exact
    match = _STEM_PATTERN.search(" ".join(tokens))
    return _STEM_REASON[match.group()] if match else None


def _attribute_tokens(attributes: str) -> list[str]:
    """Lower-cased words, camelCase and dashes split, plus joined neighbours ("most-read" -> "mostread")."""
    lowered = attributes.lower()
    if lowered != attributes:  # only a string with capitals has camelCase to split (most have none)
        lowered = _CAMEL.sub(" ", attributes).lower()
    tokens = [t for t in _TOKEN_SPLIT.split(lowered) if t]
    return tokens + [a + b for a, b in pairwise(tokens)]


def _token_key(text: str) -> str:
    """Words only, lower-cased, single-spaced: markup spacing never decides a match."""
    return " ".join(_WORD.findall(text.lower()))


# --------------------------------------------------------------------------- metadata


def _metadata(tree: _Element, url: str | None) -> dict[str, object]:
    """What the page states about itself; soft: a page without metadata still has a body."""
    try:
        document = page_metadata(tree, url)
    except Exception as exc:  # trafilatura's metadata parsers are many; one odd page must not stop us
        log.info("no metadata from %s: %s", url, exc)
        document = None
    return extracted_fields(document, tree)


def extracted_fields(document: object, tree: _Element) -> dict[str, object]:
    """The fields the metadata stage reads; the date is htmldate's (via trafilatura), as YYYY-MM-DD."""
    return {
        "title": _clean_value(getattr(document, "title", None)),
        "author": _clean_value(getattr(document, "author", None)),
        "date": _iso_date(getattr(document, "date", None)),
        "sitename": _clean_value(getattr(document, "sitename", None)),
        "url": _clean_value(getattr(document, "url", None)),
        "language": _clean_value(getattr(document, "language", None)) or page_language(tree),
        "description": _clean_value(getattr(document, "description", None)),
    }


def page_language(tree: _Element) -> str | None:
    """The primary language subtag the page declares (``<html lang>``, Content-Language, og:locale)."""
    candidates = [tree.get("lang"), tree.get("xml:lang")]
    candidates += tree.xpath("//meta[@http-equiv='Content-Language' or @property='og:locale']/@content")
    for value in candidates:
        if value and _WORD.match(value.strip()):
            return re.split(r"[-_]", value.strip())[0].lower()
    return None


def _clean_value(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = _SPACE.sub(" ", value).strip()
    return value or None


def _iso_date(value: object) -> str | None:
    text = _clean_value(value)
    return text if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
