"""The self-contained HTML report and outlet labels."""

from __future__ import annotations

import re

from storyfold.report.html import render_analysis_html, render_story_report
from storyfold.report.labels import ArticleLabels
from storyfold.report.memory import AnalysisCorpus
from tests.web.hostile import hostile_analysis


def test_report_is_one_file_with_no_network_reference(sample_analysis) -> None:
    html = render_analysis_html(sample_analysis)
    assert not re.search(r'(src|href)="', html)  # no external stylesheet, script, image or link
    assert "http-equiv=\"Content-Security-Policy\"" in html and "default-src 'none'" in html
    assert html.count('<article class="story"') == len(sample_analysis.stories)
    nonce = re.search(r"'nonce-([^']+)'", html).group(1)
    assert f'<script nonce="{nonce}">' in html and f'<style nonce="{nonce}">' in html


def test_report_citations_carry_offsets_of_the_cited_words(sample_analysis) -> None:
    corpus = AnalysisCorpus(sample_analysis)
    story = sample_analysis.stories[0]
    html = render_story_report(corpus, [story.id])
    texts = {a.id: a.text for a in sample_analysis.articles}
    cited = {(e.article, e.start, e.end) for s in story.summary for e in s.evidence}
    found = {(a, int(s), int(e)) for a, s, e in
             re.findall(r'data-article="(\w+)" data-start="(\d+)" data-end="(\d+)"', html)}
    assert cited <= found
    for article_id, start, end in found:
        assert texts[article_id][start:end]


def test_report_escapes_hostile_text() -> None:
    html = render_analysis_html(hostile_analysis())
    body = html.split("</style>", 1)[1].rsplit("<script nonce", 1)[0]
    assert "<script" not in body and "<img" not in body and "<iframe" not in body
    assert "&lt;script&gt;" in body


def test_labels_are_outlet_then_domain_then_neutral_never_a_file_name() -> None:
    labels = ArticleLabels([
        {"id": "a", "outlet": "Valley Post", "source": "x/a.txt"},
        {"id": "b", "outlet": "Valley Post", "source": "x/b.txt"},
        {"id": "c", "outlet": None, "url": "https://www.harbour.example/x", "source": "x/c.txt"},
        {"id": "d", "outlet": None, "url": None, "source": "x/secret-folder/d.txt"},
        {"id": "e", "outlet": "", "url": "not a url", "source": "e.html"},
    ])
    assert [labels(i) for i in "abcde"] == ["Valley Post", "Valley Post #2", "harbour.example",
                                             "unknown outlet 1", "unknown outlet 2"]
