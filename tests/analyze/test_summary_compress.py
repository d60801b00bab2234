"""Light compression of summary sentences, on fictional wire and newspaper sentences.

What is dropped: a leading connective, a leading dateline, short asides in parentheses.
What is never dropped: attributions, asides that hold a figure, a date or a quotation, dash asides.
Every kept piece is the article's exact words at its offsets.
"""

from __future__ import annotations

import pytest

from storyfold.analyze.summary_compress import compress_pieces
from storyfold.model import Evidence


def evidence_in(article_text: str, sentence: str, article: str = "a1") -> Evidence:
    start = article_text.index(sentence)
    return Evidence(article, sentence, start, start + len(sentence))


def assert_exact(article_text: str, pieces) -> None:
    for piece in pieces:
        assert article_text[piece.start : piece.end] == piece.text
        assert piece.text == piece.text.strip() and piece.text


@pytest.mark.parametrize(("sentence", "shown"), [
    ("KOLEVA (Baltic Wire) - A road bridge over the Sarn river collapsed on Monday, the fire service said.",
     "A road bridge over the Sarn river collapsed on Monday, the fire service said."),
    ("VELMAR, Norland — Dock workers walked out on Tuesday in a dispute over pay, the union said.",
     "Dock workers walked out on Tuesday in a dispute over pay, the union said."),
    ("Tessaly (Coastal Press) - All 212 passengers of the ferry Marisol were brought ashore on Sunday.",
     "All 212 passengers of the ferry Marisol were brought ashore on Sunday."),
])
def test_a_leading_dateline_is_dropped_and_the_offsets_follow(sentence: str, shown: str) -> None:
    article = "Share this story\n\n" + sentence + " More follows."
    kept = compress_pieces(evidence_in(article, sentence))
    assert kept.text == shown
    assert_exact(article, kept.pieces)


@pytest.mark.parametrize("sentence", [
    "Tessaly (Coastal Press) All 212 passengers of the ferry Marisol were brought ashore on Sunday.",
    "Nordvik Shipping (NVS) Chief Executive Oda Berg said the ferry had passed its inspection.",
])
def test_a_tag_after_the_opening_name_is_left_alone(sentence: str) -> None:
    """A dateline without its dash looks like a company and its ticker: dropping either would glue words."""
    assert compress_pieces(evidence_in(sentence, sentence)).text == sentence


def test_a_name_before_a_party_tag_is_no_dateline() -> None:
    sentence = "Mayor Petra Lind (Greens) said the bridge would be rebuilt within two years."
    kept = compress_pieces(evidence_in(sentence, sentence))
    assert kept.text == "Mayor Petra Lind said the bridge would be rebuilt within two years."
    assert [p.text for p in kept.pieces] == ["Mayor Petra Lind", "said the bridge would be rebuilt within two years."]


def test_a_parenthetical_aside_is_dropped_in_the_middle_and_before_a_comma() -> None:
    text = ("The Port Authority of Velmar (PAV) rejected the demand, and Senator Ilse Varga (Labour), "
            "who chairs the transport committee, called for talks.")
    kept = compress_pieces(evidence_in(text, text))
    assert kept.text == ("The Port Authority of Velmar rejected the demand, and Senator Ilse Varga, "
                         "who chairs the transport committee, called for talks.")
    assert len(kept.pieces) == 3
    assert_exact(text, kept.pieces)


@pytest.mark.parametrize("sentence", [
    "The council was billed 2 million crowns (about 180,000 euros) for the repairs.",  # a figure
    "The union called the offer an insult (\"a slap in the face\") and walked out.",  # a quotation
    "Talks resumed (on Thursday) under a government mediator.",  # a day
    "The outcome of the vote — a narrow defeat — was all but assured, officials said.",  # a dash aside
])
def test_an_aside_that_may_be_the_news_is_kept(sentence: str) -> None:
    kept = compress_pieces(evidence_in(sentence, sentence))
    assert kept.text == sentence
    assert len(kept.pieces) == 1


def test_attributions_are_never_dropped() -> None:
    for sentence in ("Three people died when the bridge gave way, the city's fire service said.",
                     "According to the coast guard, the ferry lost steering shortly before it ran aground."):
        assert compress_pieces(evidence_in(sentence, sentence)).text == sentence


def test_connective_and_dateline_together_and_a_paragraph_break_inside() -> None:
    text = "Meanwhile, the port of Tessaly (the island's only harbour) was closed\nfor six hours."
    kept = compress_pieces(evidence_in(text, text))
    assert kept.text == "The port of Tessaly was closed for six hours."
    assert_exact(text, kept.pieces)
    assert "\n" not in kept.text


def test_dash_asides_when_switched_on_are_dropped_only_where_the_clause_goes_on(monkeypatch) -> None:
    import importlib

    module = importlib.import_module("storyfold.analyze.summary_compress")
    monkeypatch.setattr(module, "DROP_DASH_ASIDES", True)
    goes_on = "The ban on lorries — the strictest in the region — was lifted on appeal."
    new_clause = "After the bridge closed in spring — the first closure in a century — the town lost trade."
    pos = {"was": "AUX", "the": "DET"}

    def pos_at(text):
        return lambda offset: pos.get(text[offset:].split(" ", 1)[0])

    kept = compress_pieces(evidence_in(goes_on, goes_on), pos_at(goes_on))
    assert kept.text == "The ban on lorries was lifted on appeal."
    assert_exact(goes_on, kept.pieces)
    assert compress_pieces(evidence_in(new_clause, new_clause), pos_at(new_clause)).text == new_clause
    assert compress_pieces(evidence_in(goes_on, goes_on)).text == goes_on  # no parse: kept


def test_a_dateline_glued_to_the_first_word_is_dropped() -> None:
    sentence = "Velmar (Baltic Wire)Mayor Petra Lind closed the Sarn bridge to lorries on Monday."
    article = "Updated 10:42\n" + sentence
    kept = compress_pieces(evidence_in(article, sentence))
    assert kept.text == "Mayor Petra Lind closed the Sarn bridge to lorries on Monday."
    assert_exact(article, kept.pieces)
    spaced = "Nordvik Shipping (NVS) Chief Executive Oda Berg said the ferry had passed its inspection."
    assert compress_pieces(evidence_in(spaced, spaced)).text == spaced  # a ticker keeps its space: untouched


@pytest.mark.parametrize(("sentence", "shown"), [
    ("Why it matters: The Sarn bridge carries a third of the port's lorries.",
     "The Sarn bridge carries a third of the port's lorries."),
    ("The big picture: Dock strikes have halted three Baltic ports this year.",
     "Dock strikes have halted three Baltic ports this year."),
])
def test_a_newsletter_section_label_is_dropped(sentence: str, shown: str) -> None:
    kept = compress_pieces(evidence_in(sentence, sentence))
    assert kept.text == shown
    assert_exact(sentence, kept.pieces)


@pytest.mark.parametrize("sentence", [
    "Mayor Petra Lind: the bridge will reopen in May, her office said.",  # a speaker, not a label
    "Details: the council has not said when the bridge will reopen.",  # no sentence after the colon
])
def test_a_colon_after_a_speaker_or_before_a_fragment_is_kept(sentence: str) -> None:
    assert compress_pieces(evidence_in(sentence, sentence)).text == sentence
