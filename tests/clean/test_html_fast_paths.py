"""The HTML cleaner's fast paths give the answers of the slower ways they replace.

The block walk, the element roles found before it, the odd-character scan, the author
search without trafilatura's XPaths and the emptied ``<head>`` are all speed work: each
test pins what the page says through them on realistic pages of our own.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from trafilatura import metadata as trafilatura_metadata

from storyfold.clean import pagemeta, reasons
from storyfold.clean.html import (
    HIDDEN,
    ODD_TAG_CHARS,
    article_holders,
    drop_head_for_extraction,
    element_reason,
    element_role,
    extract_body,
    has_odd_characters,
    page_blocks,
    parse_page,
    removed_blocks,
)

DATASET = Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "article-extraction-benchmark"

LEAD = (
    "The Varna district court ordered the closure of the Kestrel Mill landfill on Thursday, ruling that its "
    "operator had ignored three warnings about leachate reaching the river Tesla over two winters."
)
SECOND = (
    "Judge Ottilie Brandauer gave the company until the end of May to cap the site and said the regional "
    "water agency would test the river monthly until the autumn, at the operator's expense."
)
QUOTE = (
    "\u201cWe have asked for this for six years,\u201d said Maren Holt of the Tesla Valley residents' group, "
    "who brought the case with two fishing cooperatives. \u201cThe river can start to recover now.\u201d"
)

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <title>Court orders Kestrel Mill landfill closed | Varna Courier</title>
  <meta property="og:title" content="Court orders Kestrel Mill landfill closed">
  <meta property="og:site_name" content="Varna Courier">
  <link rel="canonical" href="https://varna-courier.example/news/kestrel-mill-landfill">
  <script type="application/ld+json">{{"@type": "NewsArticle", "datePublished": "2025-02-13"}}</script>
</head>
<body>
  <nav class="topMenu"><a href="/">Home</a> <a href="/region">Region</a> <a href="/courts">Courts</a></nav>
  <div class="page-wrap has-section-nav">
    <article>
      <h1>Court orders Kestrel Mill landfill closed</h1>
      <div class="article-meta"><span class="byline">By <a rel="author" href="/staff/ida-renner">Ida Renner</a></span>
        <time datetime="2025-02-13">13 February 2025</time></div>
      <p>{LEAD}</p>
      <p>{SECOND}<!-- ad slot --> </p>
      <blockquote><p>{QUOTE}</p></blockquote>
      <p>Read the <em>full ruling</em><span hidden> (members only)</span> on the court's website.</p>
      <div class="share-bar" aria-label="Share this story"><button>Share</button></div>
    </article>
  </div>
  <div id="commentsSection"><div class="comment"><p class="author">River Watcher</p>
    <p>Finally! The smell on the towpath has been awful since 2022.</p></div></div>
  <footer><p>&copy; 2025 Varna Courier Ltd</p></footer>
</body>
</html>"""


def raw_tree(page: str) -> etree._Element:
    return lxml.html.fromstring(page)


# --------------------------------------------------------------------------- block walk


def test_blocks_come_in_document_order_with_the_nearest_container_reason() -> None:
    blocks = [(block.text, block.context) for block in page_blocks(parse_page(PAGE))]
    assert blocks[0] == ("Home Region Courts", reasons.NAVIGATION)
    texts = [text for text, _ in blocks]
    assert texts.index(LEAD) < texts.index(SECOND) < texts.index(QUOTE)
    assert ("Court orders Kestrel Mill landfill closed", None) in blocks  # the wrapper holds the article
    assert ("Finally! The smell on the towpath has been awful since 2022.", reasons.COMMENTS) in blocks
    assert ("\u00a9 2025 Varna Courier Ltd", reasons.FOOTER) in blocks
    assert ("Share", reasons.SHARE) in blocks


def test_inline_text_is_read_across_comments_and_without_hidden_parts() -> None:
    texts = [block.text for block in page_blocks(raw_tree(PAGE))]
    assert SECOND in texts  # the comment inside the paragraph neither splits nor drops its text
    assert "Read the full ruling on the court's website." in texts  # the hidden span is not shown


def test_a_block_inside_inline_markup_is_its_own_block_and_the_words_around_it_stay_together() -> None:
    tree = raw_tree("<html><body><p>Before <span>the <div>inner note</div> after</span> end</p></body></html>")
    assert [block.text for block in page_blocks(tree)] == ["Before the after end", "inner note"]


def test_script_text_in_a_raw_tree_is_no_block() -> None:
    tree = raw_tree("<html><body><p>Kept words.</p><script>var hidden = 1;</script><div aria-hidden='true'>"
                    "<p>Screen reader skip</p></div><p hidden>Hidden paragraph</p></body></html>")
    assert [block.text for block in page_blocks(tree)] == ["Kept words."]


def test_furniture_is_the_outermost_menu_comment_thread_and_footer() -> None:
    furniture: list[etree._Element] = []
    list(page_blocks(parse_page(PAGE), furniture))
    assert sorted(element.tag for element in furniture) == ["div", "footer", "nav"]
    assert all(element_reason(element) in {reasons.NAVIGATION, reasons.COMMENTS, reasons.FOOTER}
               for element in furniture)


def test_element_roles_agree_with_element_reason_on_every_visible_element() -> None:
    body = raw_tree(PAGE).find("body")
    holders = article_holders(body)
    roles = {element: element_role(element, holders) for element in body.iterdescendants(etree.Element)}
    assert sum(role == HIDDEN for role in roles.values()) == 1  # the members-only span
    for element, role in roles.items():
        if role != HIDDEN:
            assert role == element_reason(element), etree.tostring(element)[:80]


def test_a_block_found_mid_body_counts_as_kept_not_removed() -> None:
    tree = parse_page(PAGE)
    blocks = list(page_blocks(tree))
    body = f"Intro line. {LEAD} {SECOND}"
    removed = removed_blocks(blocks, body, title=None)
    assert all(LEAD not in span.text and SECOND not in span.text for span in removed)
    assert any(QUOTE.split(",")[0].strip("\u201c") in span.text for span in removed)  # not in this body


# --------------------------------------------------------------------------- odd characters


@pytest.mark.parametrize("code", [*range(0x00, 0x20), 0x7F, 0x85, 0xA0, *range(0x2000, 0x2070), 0xFEFF, 0xFFFD])
def test_odd_character_scan_agrees_with_the_regex(code: int) -> None:
    text = f"<p>Harbour{chr(code)} news</p>"
    assert has_odd_characters(text) == bool(ODD_TAG_CHARS.search(text))


def test_odd_character_scan_agrees_on_random_pages() -> None:
    rng = random.Random(7)
    alphabet = "abc <>/\u00e9\u201c\u201d\u2014\u200b\u200d\x00\x0b\t\n\r\ufeff\U0001f600"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert has_odd_characters(text) == bool(ODD_TAG_CHARS.search(text)), repr(text)


# --------------------------------------------------------------------------- author search

AUTHOR_PAGES = {
    "rel-author link": '<p class="meta">By <a rel="author" href="/s/1">Ida Renner</a></p>',
    "byline class": '<div class="byline">By Tomasz Wielgus and Ana Pereira</div>',
    "itemprop": '<span itemprop="author">Keiko Tanabe</span>',
    "camel class": '<div class="articleAuthorName">Rafael Okonjo</div>',
    "data-component": '<section data-component="ArticleByline">By Hedda Lind</section>',
    "only in comments": '<div id="comments"><span class="author">River Watcher</span></div>',
    "only in a figure": '<figure><figcaption class="author">Photo by Lene Brask</figcaption></figure>',
    "comment then byline": '<div class="comments"><a class="author">Old Salt</a></div>'
                           '<p class="byline">By Ilse Marquardt</p>',
    "date inside byline": '<div class="byline">By Paul Etxeberria <time>4 March</time></div>',
    "date glued between words": '<div class="byline">By<time>4 March</time>Paul Etxeberria<!-- x -->, '
                                '<span class="date">today</span>Vessa</div>',
    "none": "<p>No one signed this notice from the harbour office.</p>",
}


@pytest.mark.parametrize("name", sorted(AUTHOR_PAGES))
def test_author_search_matches_trafilatura(name: str) -> None:
    page = (f"<html><head><title>Notice</title></head><body><article><h1>Harbour notice</h1>"
            f"{AUTHOR_PAGES[name]}<p>{LEAD}</p></article></body></html>")
    tree = parse_page(page)
    assert pagemeta.page_author(tree) == trafilatura_metadata.extract_author(tree)


def test_author_search_leaves_the_page_tree_as_it_was() -> None:
    """The search reads the tree as pruned without pruning it: the metadata and body stages after it see
    the dates and figures."""
    page = ("<html><body><article><h1>Harbour notice</h1>" + AUTHOR_PAGES["date inside byline"]
            + f"<p>{LEAD}</p></article></body></html>")
    tree = parse_page(page)
    before = etree.tostring(tree)
    assert pagemeta.page_author(tree) and etree.tostring(tree) == before


def test_author_predicates_are_used_with_this_trafilatura() -> None:
    # False would mean trafilatura changed its author XPaths: its own (slower) search then runs.
    assert pagemeta._REPLICATED, "trafilatura's author XPaths changed; update pagemeta.REPLICATED_XPATHS"


def test_author_search_falls_back_to_trafilatura_when_its_xpaths_change(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[etree._Element] = []
    monkeypatch.setattr(pagemeta, "_REPLICATED", False)
    monkeypatch.setattr(trafilatura_metadata, "extract_author", lambda tree: calls.append(tree) or "Ida Renner")
    tree = parse_page(PAGE)
    assert pagemeta.page_author(tree) == "Ida Renner" and calls == [tree]


@pytest.mark.slow
def test_author_search_matches_trafilatura_on_the_benchmark_pages() -> None:
    if not DATASET.is_dir():
        pytest.skip(f"dataset not found: {DATASET}")
    for path in sorted((DATASET / "html").glob("*.html.gz")):
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
            tree = parse_page(handle.read())
        if tree is not None:
            assert pagemeta.page_author(tree) == trafilatura_metadata.extract_author(tree), path.name


# --------------------------------------------------------------------------- emptied head


def test_emptied_head_keeps_json_ld_and_changes_no_extracted_word() -> None:
    tree = parse_page(PAGE)
    before = extract_body(tree.__copy__())
    drop_head_for_extraction(tree)
    head = tree.find("head")
    assert [element.get("type") for element in head] == ["application/ld+json"]
    assert extract_body(tree) == before
    assert LEAD in before
