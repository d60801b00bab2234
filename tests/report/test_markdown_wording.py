"""Report header counts read as English (Markdown and HTML), and long quotes are cut between words."""

from __future__ import annotations

from storyfold.model import Analysis, Evidence, Fact, Quote, Story
from storyfold.report.labels import INDEPENDENCE_NOTE
from storyfold.report.markdown import QUOTE_PREVIEW_CHARS, render_markdown
from tests.conftest import make_article

HARBOUR = "The harbour authority of Port Ellery closed the north quay on Tuesday after a crane collapsed."


def _analysis(outlets: list[str | None], quotes: list[Quote] | None = None) -> Analysis:
    articles = [make_article(HARBOUR, source=f"quay{n}.txt", outlet=outlet) for n, outlet in enumerate(outlets)]
    story = Story("s1", "Crane collapse at Port Ellery", [a.id for a in articles], quotes=quotes or [])
    return Analysis(articles=articles, stories=[story])


def test_one_named_outlet_is_singular() -> None:
    header = render_markdown(_analysis(["Ellery Gazette", None])).splitlines()[2]
    assert header == "2 articles from 1 named outlet, grouped into 1 story; 0 inputs skipped."


def test_several_named_outlets_are_plural() -> None:
    report = render_markdown(_analysis(["Ellery Gazette", "Coast Courier"]))
    assert "2 articles from 2 named outlets, grouped into 1 story;" in report
    assert "*2 articles, 2 independent;" in report


def test_a_single_article_story_is_singular() -> None:
    report = render_markdown(_analysis(["Ellery Gazette"]))
    assert "1 article from 1 named outlet" in report and "*1 article, 1 independent;" in report


def test_a_long_quote_is_cut_at_a_word_with_an_ellipsis() -> None:
    words = "the crane operator had warned the authority about the worn cable several times this spring"
    text = " ".join([words] * 8)
    assert len(text) > QUOTE_PREVIEW_CHARS
    report = render_markdown(_analysis(["Ellery Gazette"], [Quote("Dana Whitlow", text, [])]))
    shown = next(line for line in report.splitlines() if "Dana Whitlow" in line).split("“")[1].split("”")[0]
    assert shown.endswith("…") and len(shown) <= QUOTE_PREVIEW_CHARS + 1
    assert text.startswith(shown[:-1]) and text[len(shown) - 1] == " "  # the cut falls between two words


def test_the_html_story_header_is_singular_for_one_article() -> None:
    from storyfold.report.html import render_analysis_html

    one = render_analysis_html(_analysis(["Ellery Gazette"]))
    assert "1 article, 1 independent source;" in one
    two = render_analysis_html(_analysis(["Ellery Gazette", "Coast Courier"]))
    assert "2 articles, 2 independent sources;" in two


def _fact_analysis(independent: int) -> Analysis:
    outlets = ["Ellery Gazette", "Coast Courier", "Harbour Post"]
    articles = [make_article(HARBOUR, source=f"quay{n}.txt", outlet=outlet) for n, outlet in enumerate(outlets)]
    ids = [a.id for a in articles]
    fact = Fact("f0123456789", HARBOUR, ids, independent, [Evidence(i, HARBOUR, 0, len(HARBOUR)) for i in ids])
    story = Story("s1", "Crane collapse at Port Ellery", ids, facts=[fact])
    return Analysis(articles=articles, stories=[story])


def test_a_fact_with_copied_wording_shows_its_independent_count_of_its_outlets() -> None:
    """Three outlets listed beside "2 independent" would read as an error: the report says "2 of 3" and why."""
    from storyfold.report.html import render_analysis_html

    copied = render_markdown(_fact_analysis(2))
    assert "| 2 of 3 | Ellery Gazette; Coast Courier; Harbour Post |" in copied and INDEPENDENCE_NOTE in copied
    assert 'class="num">2 of 3</td>' in render_analysis_html(_fact_analysis(2))
    independent = render_markdown(_fact_analysis(3))
    assert "| 3 | Ellery Gazette; Coast Courier; Harbour Post |" in independent
    assert INDEPENDENCE_NOTE not in independent and INDEPENDENCE_NOTE not in render_analysis_html(_fact_analysis(3))
