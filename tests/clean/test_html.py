"""HTML cleaning: the body is kept, page chrome is removed with a reason, the page's metadata is read."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from storyfold.clean import reasons
from storyfold.clean.html import (
    clean_html,
    element_reason,
    filter_furniture,
    furniture_reason,
    page_language,
)
from storyfold.model import Article

REPO = Path(__file__).resolve().parents[2]
BENCHMARK_SCRIPT = REPO / "benchmarks" / "extraction.py"
DATASET = REPO.parent / "shared" / "datasets" / "article-extraction-benchmark"

BODY = [
    "The harbour council of Port Elwin voted on Tuesday to close the old ferry pier after engineers found "
    "that three of its timber piles had rotted through below the waterline, officials said.",
    "Council chair Miriam Okafor said the decision was taken with regret. \u201cThe pier has served this town "
    "for ninety years, but we cannot ask families to walk on it,\u201d she told reporters after the meeting.",
    "Ferry services to the outer islands will move to the container wharf from next Monday, a change the "
    "operator estimates will add eleven minutes to each crossing and cost about 40,000 crowns a month.",
    "Residents who opposed the closure argued that the pier could be shored up for a fraction of the cost "
    "of a new terminal, and a petition against the plan gathered more than 2,300 signatures in a week.",
    "Engineers from the regional port authority will publish their full survey in April, and the council "
    "said a design competition for a replacement pier would open before the summer.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Port Elwin closes ferry pier after survey finds rot | The Coastal Ledger</title>
  <meta name="description" content="Engineers found rotten piles under the ninety-year-old pier.">
  <meta property="og:title" content="Port Elwin closes ferry pier after survey finds rot">
  <meta property="og:site_name" content="The Coastal Ledger">
  <meta name="author" content="Jonas Whitcombe">
  <meta property="article:published_time" content="2024-03-12T09:30:00+00:00">
  <link rel="canonical" href="https://coastal-ledger.example/news/2024/03/port-elwin-pier">
  <script>window.dataLayer = [{{"page": "article"}}];</script>
  <style>.x {{ color: red }}</style>
</head>
<body>
  <div id="cookie-banner" class="consent-popup">
    <p>We use cookies to improve your experience. By continuing you accept our cookie policy.</p>
    <button>Accept all</button>
  </div>
  <header class="site-header">
    <nav class="main-menu"><ul>
      <li><a href="/">Home</a></li><li><a href="/news">Local news</a></li>
      <li><a href="/sport">Harbour sport</a></li><li><a href="/weather">Tide tables</a></li>
    </ul></nav>
  </header>
  <div class="ad-slot advertisement"><p>Advertisement: Visit Elwin Marine Supplies for spring deals</p></div>
  <main>
    <article>
      <h1>Port Elwin closes ferry pier after survey finds rot</h1>
      <p class="byline">By Jonas Whitcombe, 12 March 2024</p>
      <div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
      <figure>
        <img src="/img/pier.jpg" alt="">
        <figcaption>The ferry pier at low tide. Photo: Harbour Archive</figcaption>
      </figure>
      <p>{BODY[0]}</p>
      <p>{BODY[1]}</p>
      <p>{BODY[2]}</p>
      <p>Related: Island ferry fares to rise in autumn</p>
      <p>{BODY[3]}</p>
      <p>{BODY[4]}</p>
      <p>Sign up for our free morning newsletter and get the harbour news delivered to your inbox.</p>
    </article>
    <aside class="related-stories">
      <h3>More from the harbour</h3>
      <ul>
        <li><a href="/a">Lighthouse keeper retires after forty winters on the cape</a></li>
        <li><a href="/b">Fishing quota talks stall for a third week</a></li>
      </ul>
    </aside>
    <section id="comments" class="comment-list">
      <h3>Reader comments</h3>
      <div class="comment"><p>About time, that pier has been a hazard for years and everyone knew it.</p></div>
    </section>
  </main>
  <footer class="site-footer"><p>Copyright 2024 Coastal Ledger Media. All rights reserved.</p></footer>
</body>
</html>"""


def html_article(page: str, source: str = "ledger/pier.html") -> Article:
    return Article(id="t1", source=source, raw=page, format="html", is_html=True)


@pytest.fixture(scope="module")
def cleaned() -> Article:
    article = html_article(PAGE)
    clean_html(article)
    return article


def _reason_of(article: Article, fragment: str) -> str | None:
    for span in article.removed:
        if fragment in span.text:
            return span.reason
    return None


def test_body_paragraphs_are_kept_in_order_and_joined_by_blank_lines(cleaned: Article) -> None:
    paragraphs = cleaned.text.split("\n\n")
    assert paragraphs == BODY


@pytest.mark.parametrize(
    ("fragment", "reason"),
    [
        ("We use cookies", reasons.COOKIE),
        ("Harbour sport", reasons.NAVIGATION),
        ("Elwin Marine Supplies", reasons.ADVERTISEMENT),
        ("Share on Facebook", reasons.SHARE),
        ("The ferry pier at low tide", reasons.CAPTION),
        ("Lighthouse keeper retires", reasons.RELATED),
        ("that pier has been a hazard", reasons.COMMENTS),
        ("All rights reserved", reasons.FOOTER),
        ("Island ferry fares to rise", reasons.RELATED),
        ("morning newsletter", reasons.NEWSLETTER),
        ("Port Elwin closes ferry pier after survey finds rot", reasons.TITLE),
        ("By Jonas Whitcombe", reasons.BYLINE),
    ],
)
def test_chrome_is_removed_with_its_reason(cleaned: Article, fragment: str, reason: str) -> None:
    assert fragment not in cleaned.text
    assert _reason_of(cleaned, fragment) == reason


def test_a_menu_is_one_span_with_one_line_per_link(cleaned: Article) -> None:
    menus = [span for span in cleaned.removed if span.reason == reasons.NAVIGATION]
    assert [span.text for span in menus] == ["Home\nLocal news\nHarbour sport\nTide tables"]


def test_removed_spans_never_repeat_body_text_or_markup(cleaned: Article) -> None:
    removed_text = " ".join(span.text for span in cleaned.removed)
    assert all(paragraph not in removed_text for paragraph in BODY)
    assert "dataLayer" not in removed_text and "color: red" not in removed_text
    assert all(span.start is None and span.end is None for span in cleaned.removed)
    assert all(span.text == span.text.strip() and span.text for span in cleaned.removed)


def test_metadata_states_what_the_page_says(cleaned: Article) -> None:
    extracted = cleaned.fields["extracted"]
    assert extracted["title"] == "Port Elwin closes ferry pier after survey finds rot"
    assert extracted["author"] == "Jonas Whitcombe"
    assert extracted["date"] == "2024-03-12"
    assert extracted["sitename"] == "The Coastal Ledger"
    assert extracted["url"] == "https://coastal-ledger.example/news/2024/03/port-elwin-pier"
    assert extracted["language"] == "en"
    assert extracted["description"] == "Engineers found rotten piles under the ninety-year-old pier."


def test_clean_replaces_results_of_an_earlier_run(cleaned: Article) -> None:
    article = html_article(PAGE)
    clean_html(article)
    clean_html(article)
    assert article.text == cleaned.text
    assert len(article.removed) == len(cleaned.removed)


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   ",
        "<<<>>>",
        "<html><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></body></html>",
        "\x00\x01\x02 binary \xff\xfe junk <p",
    ],
)
def test_odd_pages_leave_empty_text_and_never_raise(page: str) -> None:
    article = html_article(page)
    clean_html(article)
    assert article.text == ""
    assert isinstance(article.fields["extracted"], dict)


def test_page_without_body_still_reports_what_it_dropped() -> None:
    article = html_article("<html><body><nav><a href='/'>Home</a> <a href='/x'>Tide tables</a></nav></body></html>")
    clean_html(article)
    assert [(s.text, s.reason) for s in article.removed] == [("Home Tide tables", reasons.NAVIGATION)]


@pytest.mark.parametrize(
    ("paragraph", "reason"),
    [
        ("Related: Dock workers vote to strike over pay", reasons.RELATED),
        ("READ MORE: Storm closes coastal road for a second day", reasons.RELATED),
        ("Don\u2019t miss", reasons.RELATED),
        ("Get the latest updates right in your inbox. Subscribe to our newsletters.", reasons.NEWSLETTER),
        ("Become a member today and read without limits.", reasons.DONATION),  # membership: the donation family
        ("Subscribe now for unlimited access: 1 crown a week for your first three months.", reasons.SUBSCRIPTION),
        ("Story continues below advertisement", reasons.ADVERTISEMENT),
        ("SEE MORE: Ferry fares to rise in the spring", reasons.RELATED),
        ("Email Ana Lind at alind@example.org or follow her @alind.", reasons.AUTHOR_BIO),
        ("Follow us on Twitter @harbourdesk and on Facebook.", reasons.AUTHOR_BIO),
        ("Ana Lind may be reached at alind@example.org.", reasons.AUTHOR_BIO),
        ("\u00a9 2024 Example Media Group", reasons.FOOTER),
        ("12 comments", reasons.COMMENTS),
        ("Advertisement", reasons.ADVERTISEMENT),
    ],
)
def test_furniture_wording_is_recognised(paragraph: str, reason: str) -> None:
    assert furniture_reason(paragraph) == reason


@pytest.mark.parametrize(
    "paragraph",
    [
        "The streaming service said it would raise subscription prices for new customers from June.",
        "Readers who signed the petition were told the council would read every comment before voting.",
        "Related parties to the contract included two shipping firms and a bank, court filings show.",
        "The charity asked residents to donate blankets and tinned food before the cold snap.",
        "The lighthouse can be reached at low tide along a shingle spit, the harbour master said.",
        "Click here, the instructions on the ferry company's website said, was all travellers had to do.",
        "She said the newsletter she founded in 1998 had never missed an issue, even during the floods, and "
        "that its subscribers would be told first. " * 3,
    ],
)
def test_body_sentences_that_mention_such_words_are_kept(paragraph: str) -> None:
    assert furniture_reason(paragraph) is None


def test_teaser_headlines_after_a_related_label_go_with_it() -> None:
    paragraphs = [
        BODY[0],
        "Don't miss",
        "Lighthouse keeper retires after forty winters [VIDEO]",
        "Quota talks stall again",
        BODY[1],
    ]
    kept, removed = filter_furniture(paragraphs)
    assert kept == [BODY[0], BODY[1]]
    assert {span.reason for span in removed} == {reasons.RELATED}


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ('<div class="site-footer"></div>', reasons.FOOTER),
        ('<div id="commentList"></div>', reasons.COMMENTS),
        ('<div class="most-read"></div>', reasons.RELATED),
        ('<div class="ad"></div>', reasons.ADVERTISEMENT),
        ('<div class="header shadow"></div>', None),
        ('<div class="article-body"></div>', None),
        ("<figcaption></figcaption>", reasons.CAPTION),
        ('<div role="navigation"></div>', reasons.NAVIGATION),
    ],
)
def test_containers_name_their_reason(markup: str, reason: str | None) -> None:
    assert element_reason(lxml_html.fragment_fromstring(markup)) == reason


@pytest.mark.parametrize(
    ("markup", "language"),
    [
        ('<html lang="de-AT"><body></body></html>', "de"),
        ('<html><head><meta property="og:locale" content="pt_BR"></head><body></body></html>', "pt"),
        ("<html><body></body></html>", None),
    ],
)
def test_page_language_is_the_primary_subtag(markup: str, language: str | None) -> None:
    assert page_language(lxml_html.document_fromstring(markup)) == language


def _benchmark_module():
    spec = importlib.util.spec_from_file_location("extraction_benchmark", BENCHMARK_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def test_benchmark_metric_matches_the_upstream_definition() -> None:
    bench = _benchmark_module()
    gold = "one two three four five"
    assert bench.shingle_counts(gold, gold) == (2, 0, 0)
    assert bench.shingle_counts(gold, "one two three four six") == (1, 1, 1)
    assert bench.shingle_counts(gold, "") == (0, 0, 2)
    rows = [bench.normalised(bench.shingle_counts(gold, gold)), bench.normalised(bench.shingle_counts(gold, ""))]
    precision, recall, f1 = bench.upstream_metrics(rows)  # the empty page has no precision, recall 0
    assert (precision, recall) == (1.0, 0.5)
    assert f1 == pytest.approx(2 / 3)


@pytest.mark.slow
def test_extraction_f1_floor_on_the_benchmark_subset() -> None:
    if not (DATASET / "ground-truth.json").is_file():
        pytest.skip("../shared/datasets/article-extraction-benchmark is not present")
    bench = _benchmark_module()
    gold, pages = bench.load_pages(DATASET, limit=40)
    ours, seconds = bench.run_extractor(bench.storyfold_extract, pages)
    peer, _ = bench.run_extractor(bench.trafilatura_extract, pages)
    ours_scores = bench.score(gold, ours, seconds)
    peer_scores = bench.score(gold, peer, seconds)
    assert ours_scores.f1 >= 0.95
    assert ours_scores.f1 > peer_scores.f1
    assert ours_scores.empty == 0
