"""The five real captures in ../shared/seeds, read as a journalist would read the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfold.api import analyze
from storyfold.model import Analysis, Story


@pytest.fixture(scope="module")
def seed_analysis(seeds_dir: Path, test_settings) -> Analysis:
    return analyze([str(seeds_dir)], test_settings)


@pytest.fixture(scope="module")
def story(seed_analysis: Analysis) -> Story:
    assert len(seed_analysis.stories) == 1, "five reports of one event are one story"
    return seed_analysis.stories[0]


def _by_source(analysis: Analysis, prefix: str) -> str:
    return next(a.id for a in analysis.articles if Path(a.source).name.startswith(prefix))


def test_spelling_disagreements_name_the_outlets(seed_analysis: Analysis, story: Story) -> None:
    spellings = {d.about: {v.value: set(v.sources) for v in d.values} for d in story.discrepancies
                 if d.kind == "spelling"}
    minister = next(values for about, values in spellings.items() if "Sybiha" in about or "Sybiga" in about)
    sybiga = {source for value, sources in minister.items() if "Sybiga" in value for source in sources}
    assert sybiga == {_by_source(seed_analysis, "003"), _by_source(seed_analysis, "004")}
    assert any("Bilohorivka" in about or "Belohorivka" in about for about in spellings)


def test_a_figure_that_fits_a_vague_amount_is_not_a_disagreement(story: Story) -> None:
    """One outlet's "thousands" of troops and another's exact figure tell one count: an editor
    would strike a "disagreement" between them (a figure outside the word's range still is one)."""
    troops = [d for d in story.discrepancies if d.kind in {"number", "wording"} and "North Korean" in d.about]
    assert not troops


def test_quotes_have_the_right_speakers(story: Story) -> None:
    def speaker_of(fragment: str) -> str | None:
        for quote in story.quotes:
            if fragment in quote.text or any(fragment in v.text for v in quote.variants):
                return quote.speaker
        return None

    assert "Sybiha" in (speaker_of("declared stance for peace") or "")
    assert "Zelensky" in (speaker_of("bank cards") or "")
    assert speaker_of("stay away from areas of armed conflict") == "Lin Jian"
    assert speaker_of("major enabler of Russia") == "Tammy Bruce"
    assert speaker_of("partial conscription") == "Francis Tusa"
    assert "Zelensky" in (speaker_of("anything but end the war") or ""), "a pronoun resolves to a person"


def test_weekdays_resolve_to_dates(story: Story) -> None:
    def dates_mentioning(word: str) -> set[str]:
        return {e.date for e in story.timeline if word in e.text}

    assert "2025-04-08" in {e.date for e in story.timeline if "captured" in e.text or "Tuesday" in e.text}
    assert "2025-04-09" in dates_mentioning("Wednesday")
    assert "2025-04-10" in dates_mentioning("Thursday")
    assert "2025-03-27" not in dates_mentioning("March 27"), "the day the AP reported it is no day of the story"
    captured = [e for e in story.timeline if "captured" in e.text]
    assert captured and all(e.date_of == "statement" for e in captured), "dated by the announcement, not the capture"


def test_lead_fact_is_corroborated_by_all_outlets(story: Story) -> None:
    lead = story.facts[0]
    assert lead.independent_sources == 5
    assert "Chinese" in lead.text


def test_summary_cites_and_quotes_exactly(seed_analysis: Analysis, story: Story) -> None:
    texts = {a.id: a.text for a in seed_analysis.articles}
    assert 3 <= len(story.summary) <= 7
    for sentence in story.summary:
        assert sentence.sources
        assert any(sentence.text in texts[s] for s in sentence.sources)


def test_round_up_does_not_feed_the_story(story: Story) -> None:
    for item in [*story.facts, *story.timeline, *story.quotes]:
        assert "drone strikes" not in item.text
        assert "Kramatorsk" not in item.text


def test_one_body_under_two_names_is_one_entity(story: Story) -> None:
    """An acronym and the full name it stands for, a body with and without its country: an editor
    strikes a list naming one security service or one state department twice; a bare ministry
    that may be either of two countries' stays apart from both."""
    sbu = [e for e in story.entities if "SBU" in e.variants]
    assert len(sbu) == 1 and any("Security Service" in v for v in sbu[0].variants)
    departments = [e for e in story.entities if any(v.endswith("State Department") for v in e.variants)]
    assert len(departments) == 1
    russian = [e for e in story.entities if "Russian Foreign Ministry" in e.variants]
    assert russian and "Foreign Ministry" not in russian[0].variants


def test_a_quoted_time_phrase_is_not_listed_as_a_quote(story: Story) -> None:
    from storyfold.analyze.quotes.occurrences import _is_time_phrase

    assert not [q.text for q in story.quotes if _is_time_phrase(q.text)]
