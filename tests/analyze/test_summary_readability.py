"""Summary sentences an editor would keep: they stand alone, say news once, and the summary ends when the
agreed news does.  Fictional stories: a mine closure in Dravik and a ferry fare rise told by three outlets."""

from __future__ import annotations

import pytest

from storyfold.analyze.summary import (
    _figures,
    _in_reading_order,
    _inside_quotation,
    _points_back,
    _readable,
    _Said,
    _unaligned_leads,
    brackets_balanced,
    compress,
    repeats,
    speaks_in_person,
    stands_alone,
    summarize,
    trim_heading,
)
from storyfold.analyze.summary_consensus import Scored, cover_greedily
from storyfold.model import Evidence, Fact
from tests.conftest import make_article, make_context

GAZETTE = (
    "The Dravik copper mine will close in March, putting 640 miners out of work, the owner Norvale Metals "
    "said on Friday.\n"
    "\"The seam is exhausted. Every tonne now costs more to lift than it sells for. We kept it open as long "
    "as we could,\" said Ilse Varga, the company's chief executive.\n"
    "The council released these figures on Friday after months of requests from the miners' union. "
    "Those who lose their jobs will be offered retraining at the Dravik technical college. "
    "The mine received 1,200 applications for early retirement, and 300 of those applications were approved."
)
COURIER = (
    "Norvale Metals is closing the Dravik copper mine in March, and 640 miners will lose their jobs, "
    "the company announced on Friday. "
    "The union called the closure a betrayal of a town that has mined copper for a century."
)
OBSERVER = (
    "About 640 jobs will go when the copper mine in Dravik shuts in March, Norvale Metals said. "
    "Regional officials said a dozen suppliers depend on the mine for most of their orders."
)


@pytest.fixture(scope="module")
def mine(test_settings):
    gazette = make_article(GAZETTE, source="gazette.txt", outlet="Dravik Gazette", title="Dravik mine to close")
    courier = make_article(COURIER, source="courier.txt", outlet="Valley Courier", title="Norvale shuts Dravik mine")
    observer = make_article(OBSERVER, source="observer.txt", outlet="North Observer", title="640 jobs go at Dravik")
    ctx = make_context([gazette, courier, observer], test_settings)
    return ctx, gazette, courier, observer


def _sentence(ctx, article, opening: str) -> Evidence:
    sentence = next(s for s in ctx.sentences(article, on_topic_only=False) if s.text.startswith(opening))
    return trim_heading(sentence.evidence())


def test_a_lead_no_fact_holds_can_open_the_summary_on_its_own_word(mine) -> None:
    """The claim extractor may pass over a lead; the summary must still be able to say the main event."""
    ctx, _, courier, _ = mine
    ctx.facts = [Fact("union", "The union called the closure a betrayal.", [courier.id], 1,
                      [_sentence(ctx, courier, "The union called")])]
    summary = summarize(ctx)
    leads = [s for s in summary if s.text.startswith(("The Dravik copper mine will close", "About 640 jobs"))]
    assert leads, [s.text for s in summary]
    for sentence in leads:
        assert len(sentence.sources) == 1  # nothing aligned it with another outlet: its own word only
        for e in sentence.evidence:
            assert ctx.article(e.article).text[e.start : e.end] == e.text
    # only leads join this way (deeper sentences no fact holds stay out: the facts hold what outlets corroborate)
    assert sorted(c.evidence[0].text[:12] for c in _unaligned_leads(ctx)) == [
        "About 640 jo", "Norvale Meta", "The Dravik c"]


def test_a_sentence_inside_a_quotation_split_into_sentences_is_not_summary_material(mine) -> None:
    ctx, gazette, *_ = mine
    middle = _sentence(ctx, gazette, "Every tonne now costs")
    assert _inside_quotation(ctx, middle) and not _readable(ctx, middle)
    lead = _sentence(ctx, gazette, "The Dravik copper mine")
    assert not _inside_quotation(ctx, lead)
    # the quotation closed in the paragraph before: the next paragraph starts outside it
    assert not _inside_quotation(ctx, _sentence(ctx, gazette, "The council released"))


def test_a_determiner_pointing_back_before_a_noun_needs_the_sentence_before(mine) -> None:
    ctx, gazette, *_ = mine
    assert _points_back(ctx, _sentence(ctx, gazette, "The council released these figures"))
    assert not _points_back(ctx, _sentence(ctx, gazette, "Those who lose their jobs"))  # a pronoun, pointing on
    # "those applications" in the second clause points inside the sentence
    assert not _points_back(ctx, _sentence(ctx, gazette, "The mine received 1,200"))


def test_the_outlets_voice_the_reader_and_questions_are_not_summary_sentences() -> None:
    assert speaks_in_person("The union has been criticised for the strike and we asked its leader why.")
    assert speaks_in_person("Here is why you should care about the fare rise at Dravik harbour.")
    assert speaks_in_person("Got a view on the new ferry timetable for the islands?")
    assert not speaks_in_person("\"We will not close the yard,\" the mayor said on Friday.")  # quoted, attributed
    assert not speaks_in_person("US officials said the ferry operator had applied for a state loan.")  # the country
    assert not stands_alone("I've got news for the board of Norvale Metals.")


def test_open_brackets_and_closing_pointers_back_make_a_sentence_unfit() -> None:
    assert not brackets_balanced("The miners, led by union chief Petra Lind (Dravik Miners.")
    assert brackets_balanced("Norvale Metals (NVM) said the mine would close [in March].")
    assert not stands_alone("The miners, led by union chief Petra Lind (Dravik Miners.")
    assert not stands_alone("The March figure was revised up as well.")
    assert not stands_alone("The February figure was revised up as well, to 41,000 claims.")
    assert stands_alone("The fund covers miners as well as the suppliers of the Dravik copper mine.")
    assert not stands_alone("A narrow part of the rescue plan could not survive, either.")
    assert stands_alone("The fare rise takes effect in May, too late for the summer timetable, the operator said.")
    assert stands_alone("Dock workers fear the closure will empty the town and take the ferry routes with it, too.")


def test_connectives_that_only_link_to_the_sentence_before_are_dropped() -> None:
    assert compress("Now, the operator argues the whole fare rise was approved in 2023.") == (
        "The operator argues the whole fare rise was approved in 2023.")
    assert not stands_alone("After all, he faced a strike at the yard in 2019.")  # the "he" behind it dangles
    # judged after the dateline the summary drops: "again" is then the fourth word
    assert not stands_alone("VELMAR, Norland — Petra Lind lashed again at the port authority on Tuesday.")
    assert stands_alone("VELMAR, Norland — Mayor Petra Lind closed the Sarn bridge to lorries on Tuesday.")
    assert not stands_alone("Amid that, the port of Velmar will lose two ferry routes, the results found.")
    assert not stands_alone("Despite this, Norvale Metals kept the Dravik smelter open.")
    assert stands_alone("In a statement on Friday, Norvale Metals said the smelter would stay open.")


def test_a_new_figure_is_news_and_a_restatement_either_way_round_is_not() -> None:
    assert _figures("About 640 jobs will go in 2025 when the mine shuts on March 3.") == {640}
    assert _figures("A dozen suppliers and 12 hauliers depend on the mine.") == {12}
    chosen = _Said.of("Norvale Metals is closing the Dravik copper mine in March, the company announced.")
    figure = _Said.of("Norvale Metals said 640 miners at the Dravik copper mine will lose their jobs.")
    again = _Said.of("The Dravik copper mine is closing, Norvale Metals announced.")
    longer = _Said.of("Norvale Metals is closing the Dravik copper mine in March, ending a century of mining "
                      "in a valley where almost every family has a father or grandmother who worked "
                      "underground, and local shops fear for their future.")
    assert not repeats(figure, chosen)  # the same words, but it says how many
    assert repeats(again, chosen)
    assert repeats(longer, chosen)  # the chosen claim again, with colour: the reverse direction


def test_the_summary_ends_when_what_is_left_adds_little_the_others_say() -> None:
    lead = Scored({"mine": 1.0, "close": 1.0, "march": 1.0}, words=15)
    second = Scored({"jobs": 1.0, "640": 1.0, "march": 1.0}, words=12)
    aside = Scored({"betrayal": 0.0, "century": 0.0, "union": 0.1}, words=14)
    picks = cover_greedily([lead, second, aside], wanted=3, budget=100, min_chosen=2, restates=lambda _: [],
                           min_gain=0.1)
    assert picks == [0, 1]
    # the first min_chosen picks ignore the floor: a summary has at least two sentences when it can
    assert cover_greedily([lead, aside], wanted=3, budget=100, min_chosen=2, restates=lambda _: [],
                          min_gain=0.1) == [0, 1]
    assert cover_greedily([lead, second, aside], wanted=3, budget=100, min_chosen=2,
                          restates=lambda _: []) == [0, 1, 2]  # without a floor it runs on


def test_one_articles_sentences_keep_its_order_after_the_opener() -> None:
    class Pick:
        def __init__(self, article: str, start: int) -> None:
            self.evidence = [Evidence(article, "x", start, start + 1)]

    opener, a_late, b_only, a_early = Pick("a", 50), Pick("a", 400), Pick("b", 10), Pick("a", 120)
    ordered = _in_reading_order([opener, a_late, b_only, a_early])  # type: ignore[list-item]
    assert ordered == [opener, a_early, b_only, a_late]  # a's slots (1 and 3) in a's order; b keeps slot 2


def test_the_look_back_for_an_open_quotation_stays_near_the_sentence(test_settings) -> None:
    """A run-on capture is one paragraph: a stray mark far back must not make every later sentence a quotation."""
    filler = " ".join(f"The ferry to island {n} left the Dravik harbour on time on Monday morning." for n in range(40))
    text = "“Ferry news " + filler + " The operator raised the fare to the islands by 12 percent, the port said."
    article = make_article(text, source="runon.txt", outlet="Harbour Times")
    ctx = make_context([article], test_settings)
    last = _sentence(ctx, article, "The operator raised the fare")
    assert last.start > 2000 and not _inside_quotation(ctx, last)
    near = _sentence(ctx, article, "The ferry to island 1 ")
    assert _inside_quotation(ctx, near)  # within reach, the stray opening mark still counts
