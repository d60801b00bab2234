"""Blocks one outlet repeats across its pages in a run: chrome, whatever its wording.

A menu, a donation box or a newsletter form is printed on every page of a site,
while article paragraphs are not; so a block that recurs (after normalising case,
digits and punctuation) on two or more *different* pages of one outlet, or of one
source folder when the outlet is not known yet, is boilerplate.  Two pages that
share most of their text are copies of one article (a wire story, a re-scrape),
not evidence of chrome, so blocks shared only by copies are not counted.  Quoted
speech is left alone too: outlets covering one story quote the same sentence.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from itertools import combinations

from storyfold.clean.blocks import Block
from storyfold.clean.text import block_key
from storyfold.clean.wording import QUOTE_MARKS
from storyfold.model import Article

# Pages sharing more than this share of the smaller page's block text are copies.
COPY_SHARE = 0.5
# A block must appear on at least this many different pages to count as repeated.
MIN_PAGES = 2
# Tiny keys ("", "0") say nothing; a real chrome block has at least this many characters.
MIN_KEY_CHARS = 3
# Keys on more pages than this are chrome anyway; checking their page pairs for copies
# would be quadratic, so they skip the copy check.
MAX_PAGES_FOR_COPY_CHECK = 20


def group_key(article: Article) -> str:
    """The outlet the container states, else the source folder (records of one file count as one folder)."""
    outlet = article.fields.get("outlet") or article.outlet
    if isinstance(outlet, str) and outlet:
        return f"outlet:{outlet.lower()}"
    path = article.source.split("#", 1)[0].replace("\\", "/")
    return f"folder:{posixpath.dirname(path)}"


def repeated_keys_by_article(articles: list[Article], blocks: dict[str, list[Block]]) -> dict[str, frozenset[str]]:
    """For each article id, the keys of its blocks that its outlet repeats on other (non-copy) pages."""
    groups: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[group_key(article)].append(article)
    result: dict[str, frozenset[str]] = {}
    for members in groups.values():
        if len(members) >= MIN_PAGES:
            result.update(_repeated_in_group(members, blocks))
    return result


def _repeated_in_group(members: list[Article], blocks: dict[str, list[Block]]) -> dict[str, frozenset[str]]:
    keys = {a.id: _page_keys(blocks.get(a.id, [])) for a in members}
    pages: dict[str, list[str]] = defaultdict(list)
    for article_id, page_keys in keys.items():
        for key in page_keys:
            pages[key].append(article_id)
    shared = {key: ids for key, ids in pages.items() if len(ids) >= MIN_PAGES}
    copies = _copy_pairs(keys, shared)
    chrome = {key for key, ids in shared.items() if _on_different_pages(ids, copies)}
    found = {article_id: frozenset(page_keys.keys() & chrome) for article_id, page_keys in keys.items()}
    return {article_id: page_chrome for article_id, page_chrome in found.items() if page_chrome}


def _page_keys(page: list[Block]) -> dict[str, int]:
    """The page's block keys (with their lengths), leaving out quoted speech and tiny blocks."""
    keys: dict[str, int] = {}
    for block in page:
        key = block_key(block.flat)
        if len(key) >= MIN_KEY_CHARS and not QUOTE_MARKS.search(block.text):
            keys[key] = len(key)
    return keys


def _copy_pairs(keys: dict[str, dict[str, int]], shared: dict[str, list[str]]) -> set[frozenset[str]]:
    """Pairs of pages that share most of their text: copies of one article."""
    overlap: dict[frozenset[str], int] = defaultdict(int)
    for key, ids in shared.items():
        if len(ids) <= MAX_PAGES_FOR_COPY_CHECK:
            for pair in combinations(ids, 2):
                overlap[frozenset(pair)] += len(key)
    copies: set[frozenset[str]] = set()
    for pair, chars in overlap.items():
        smaller = min(sum(keys[article_id].values()) for article_id in pair)
        if smaller and chars > COPY_SHARE * smaller:
            copies.add(pair)
    return copies


def _on_different_pages(ids: list[str], copies: set[frozenset[str]]) -> bool:
    """True when at least two of the pages holding a block are not copies of each other."""
    if len(ids) > MAX_PAGES_FOR_COPY_CHECK:
        return True
    return any(frozenset(pair) not in copies for pair in combinations(ids, 2))
