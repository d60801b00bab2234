"""Agreement across outlets as the summary's ranking, on a fictional port strike told by three outlets."""

from __future__ import annotations

import pytest

from storyfold.analyze.summary import find_exclusives, summarize
from storyfold.analyze.summary_consensus import Consensus, Scored, content_words, cover_greedily
from tests.conftest import make_article, make_context

HARBOUR = (
    "Dock workers at the port of Velmar walked out on Tuesday in a dispute over pay, halting container "
    "traffic at the country's second-largest harbour, the dockers' union said. "
    "In a stunning humiliation for the hapless port authority, its glossy modernisation plan now lies in ruins. "
    "The union is demanding a 9 percent raise after two years of frozen wages."
)
COURIER = (
    "Container traffic at the port of Velmar stopped on Tuesday after dock workers walked out over pay, "
    "the union said. "
    "The union wants a 9 percent raise; the port authority has offered 4 percent. "
    "Talks are due to resume on Thursday under a government mediator."
)
LEDGER = (
    "A strike by dock workers over pay halted the port of Velmar on Tuesday, according to the union. "
    "The port authority said it had offered a 4 percent raise and called the walkout unlawful. "
    "A government mediator will lead talks on Thursday."
)


@pytest.fixture(scope="module")
def strike(test_settings):
    articles = [
        make_article(HARBOUR, source="harbour.txt", outlet="Harbour Times", title="Velmar dockers strike over pay"),
        make_article(COURIER, source="courier.txt", outlet="Velmar Courier", title="Port of Velmar halted by strike"),
        make_article(LEDGER, source="ledger.txt", outlet="Coast Ledger", title="Dock strike halts Velmar port"),
    ]
    return make_context(articles, test_settings), articles


def test_content_words_drop_stop_words_and_case():
    assert content_words("The union said the Union would strike.") == {"union": 2, "said": 1, "strike": 1}


def test_a_word_other_outlets_use_outweighs_one_only_this_outlet_uses(strike):
    ctx, (harbour, *_) = strike
    weights = Consensus(ctx).weights(content_words("dock workers hapless humiliation"), harbour.independent_id)
    assert weights["dock"] > 1.0  # in both other outlets' text and in their headlines
    assert weights["workers"] == pytest.approx(1.0)  # in both other texts, no headline
    assert weights["hapless"] == weights["humiliation"] == 0.0  # this outlet's own framing


def test_with_one_outlet_agreement_is_with_the_rest_of_the_article(test_settings):
    article = make_article(HARBOUR, source="only.txt", outlet="Harbour Times", title="Velmar dockers strike")
    ctx = make_context([article], test_settings)
    weights = Consensus(ctx).weights(content_words("The union wants a raise for dockers."), article.id)
    assert weights["union"] >= 1.0  # the article names the union in other sentences too
    assert weights["dockers"] == pytest.approx(1.0)  # only in its headline
    assert weights["wants"] == 0.0


def test_greedy_cover_counts_a_word_once_and_keeps_the_budget():
    first = Scored({"strike": 1.0, "port": 1.0, "pay": 1.0}, words=12)
    same = Scored({"strike": 1.0, "port": 1.0}, words=8)  # nothing new once `first` is in
    new = Scored({"mediator": 1.0, "thursday": 0.5}, words=9)
    long_new = Scored({"raise": 1.0, "percent": 1.0, "frozen": 0.5}, words=40)
    chosen = cover_greedily([first, same, new, long_new], wanted=4, budget=30, min_chosen=1,
                            restates=lambda _pick: [])
    assert chosen[:2] == [0, 2]
    assert 3 not in chosen  # over the word budget
    assert cover_greedily([first, same, new], wanted=3, budget=30, min_chosen=1, restates=lambda _pick: [1]) == [0, 2]
    assert cover_greedily([first, same, new], wanted=1, budget=30, min_chosen=1, restates=lambda _pick: [],
                          first_from=frozenset({2})) == [2]


def test_the_summary_keeps_what_outlets_share_and_drops_one_outlets_framing(strike):
    ctx, _ = strike
    summary = summarize(ctx)
    texts = [s.text for s in summary]
    assert "walked out" in texts[0] or "halted" in texts[0] or "stopped" in texts[0]  # the main event first
    assert len(summary[0].sources) >= 2
    assert not any("humiliation" in t for t in texts)
    assert sum("Tuesday" in t for t in texts) == 1  # the strike itself is said once
    for sentence in summary:
        for e in sentence.evidence:
            assert ctx.article(e.article).text[e.start : e.end] == e.text


def test_exclusives_given_the_summary_are_the_same_as_computing_it(strike):
    ctx, _ = strike
    summary = summarize(ctx)
    assert find_exclusives(ctx, summary) == find_exclusives(ctx)


def test_with_aligned_facts_the_story_summary_leads_with_the_shared_event(test_settings):
    import sys

    analyze = sys.modules["storyfold.analyze"]  # the package (its name is shadowed by the api function)
    articles = [make_article(text, source=f"{name}.txt", outlet=name, title=title) for name, text, title in (
        ("harbour", HARBOUR, "Velmar dockers strike over pay"),
        ("courier", COURIER, "Port of Velmar halted by strike"),
        ("ledger", LEDGER, "Dock strike halts Velmar port"))]
    story = analyze.analyze_story(make_context(articles, test_settings), "Velmar strike")
    texts = [s.text for s in story.summary]
    assert texts and len(story.summary[0].sources) >= 2
    assert not any("humiliation" in t for t in texts)
    assert all(s.sources == [a.id for a in articles if a.id in set(s.sources)] for s in story.summary)
