"""Discrepancies: independent outlets disagreeing on a name, a number, a hedge, a status or a date."""

from __future__ import annotations

import pytest

from storyfold.analyze.discrepancies import find_discrepancies
from storyfold.analyze.entities import find_entities
from storyfold.analyze.facts import align_facts
from storyfold.analyze.relevance import mark_on_topic
from storyfold.model import Discrepancy
from tests.analyze.test_facts import flood_context, seed_context
from tests.conftest import make_article, make_context

# A fictional deployment told by three outlets: a bound dropped, a figure against "thousands",
# opposite status claims, and agreements that must not be reported.
LEDGER = """The government deployed up to 12,000 soldiers to the northern border last month, the defence ministry said.

The defence ministry denied that its soldiers had crossed the border into Varnia.

Officials in Varnia gave no response to requests for comment on the deployment.

About 200 refugees arrived at the Dorsk crossing on Sunday, aid workers said.
"""

CHRONICLE = """The government deployed 12,000 soldiers to the northern border last month.

The defence ministry confirmed that its soldiers had crossed the border into Varnia.

Officials in Varnia responded to requests for comment on the deployment within hours.

Aid workers said 200 refugees arrived at the Dorsk crossing on Sunday.
"""

GAZETTE = """Thousands of soldiers were deployed to the northern border last month, according to the defence ministry.

Aid workers counted 200 refugees at the Dorsk crossing on Sunday, and 35 more arrived on Monday.
"""


def _analyse(articles):
    ctx = make_context(articles)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    ctx.facts = align_facts(ctx)
    return ctx, find_discrepancies(ctx)


@pytest.fixture(scope="module")
def flood():
    ctx = flood_context()
    return ctx, find_discrepancies(ctx)


@pytest.fixture(scope="module")
def border():
    return _analyse([
        make_article(LEDGER, outlet="Ledger", published="2026-05-06"),
        make_article(CHRONICLE, outlet="Chronicle", published="2026-05-06"),
        make_article(GAZETTE, outlet="Gazette", published="2026-05-06"),
    ])


def _readings(found: list[Discrepancy], kind: str, about: str | None = None) -> list[dict[str, list[str]]]:
    return [{v.value: v.sources for v in d.values} for d in found if d.kind == kind and about in (None, d.about)]


def _ids(ctx):
    return [a.id for a in ctx.articles]


def test_spelling_of_a_person(flood):
    ctx, found = flood
    herald, post, _ = _ids(ctx)
    assert {"Irena Dobrova": [herald], "Irina Dobrova": [post]} in _readings(found, "spelling")


def test_different_figures_and_a_vague_amount_for_one_count(flood):
    ctx, found = flood
    herald, post, times = _ids(ctx)
    assert _readings(found, "number") == [{"40": [herald], "42": [post], "Dozens": [times]}]
    number = next(d for d in found if d.kind == "number")
    assert number.about == "families (displacement)"
    for value in number.values:
        for evidence in value.evidence:
            assert ctx.article(evidence.article).text[evidence.start : evidence.end] == evidence.text


def test_same_figure_is_not_a_discrepancy(flood):
    _, found = flood
    assert not any("12" in v.value for d in found for v in d.values)


def test_weekdays_resolved_against_publication_dates(flood):
    ctx, found = flood
    herald, post, times = _ids(ctx)
    assert _readings(found, "date") == [
        {"2026-03-10 (Tuesday)": [herald, times], "2026-03-09 (Monday)": [post]}
    ]


def test_opposite_status_claims(flood):
    ctx, found = flood
    herald, post, times = _ids(ctx)
    assert _readings(found, "claim") == [{"reopened": [herald, times], "remains closed": [post]}]


def test_hedge_and_quantifier_changes(flood):
    ctx, found = flood
    herald, post, times = _ids(ctx)
    wording = _readings(found, "wording")
    # each value is the outlet's own words for the claim, hedge included
    assert {"was likely damaged by the surge": [herald], "damaged the dam upstream": [post, times]} in wording
    assert {"all": [herald], "some": [post]} in wording
    assert len(wording) == 2


def test_dropped_bound_and_figure_against_thousands(border):
    ctx, found = border
    ledger, chronicle, gazette = _ids(ctx)
    about = "soldiers (deployment)"
    assert {"12,000": [chronicle], "up to 12,000": [ledger]} in _readings(found, "wording", about)
    # the figure is shown bare (the bound is the wording difference above)
    assert _readings(found, "number", about) == [{"12,000": [ledger, chronicle], "Thousands": [gazette]}]


def test_confirmed_against_denied_and_no_response_against_responded(border):
    ctx, found = border
    ledger, chronicle, _ = _ids(ctx)
    claims = _readings(found, "claim")
    assert {"confirmed": [chronicle], "denied": [ledger]} in claims
    assert {"no response": [ledger], "responded": [chronicle]} in claims
    assert len(claims) == 2


def test_approximation_and_a_second_count_are_not_discrepancies(border):
    _, found = border
    mentioned = [v.value for d in found for v in d.values]
    assert not any("200" in value or "35" in value for value in mentioned)
    assert {d.kind for d in found} == {"number", "wording", "claim"}


def test_a_wire_copy_never_disagrees_with_its_original():
    original = make_article(CHRONICLE, outlet="Chronicle", published="2026-05-06")
    altered = CHRONICLE.replace("12,000 soldiers", "12,500 soldiers")
    copy = make_article(altered, source="copy.txt", outlet="Copy", duplicate_of=original.id)
    _, found = _analyse([original, copy])
    assert not [d for d in found if d.kind == "number"]
    independent = make_article(altered, source="other.txt", outlet="Other")
    _, found = _analyse([original, independent])
    assert _readings(found, "number") == [{"12,000": [original.id], "12,500": [independent.id]}]


@pytest.fixture(scope="module")
def seeds(seeds_dir, test_settings):
    ctx = seed_context(seeds_dir, test_settings)
    return ctx, find_discrepancies(ctx)


def test_seeds_spellings_of_minister_and_village(seeds):
    ctx, found = seeds
    by_outlet = {a.source[:3]: a.id for a in ctx.articles}
    spellings = {d.about: {v.value: set(v.sources) for v in d.values} for d in found if d.kind == "spelling"}
    minister = next(v for about, v in spellings.items() if "Sybiha" in about)
    assert minister["Andrii Sybiha"] == {by_outlet["000"], by_outlet["001"]}
    assert minister["Andriy Sybiga"] == {by_outlet["003"], by_outlet["004"]}
    assert minister["Andriy Sybiha"] == {by_outlet["002"]}
    assert spellings["Bilohorivka"]["Belohorivka"] == {by_outlet["002"]}


def test_seeds_comparatives_are_not_counts(seeds):
    _, found = seeds
    values = [v.value.casefold() for d in found if d.kind in {"number", "wording"} for v in d.values]
    assert not any("more" in value for value in values)


def test_counts_of_different_acts_are_not_compared():
    first = make_article(
        "Border guards fought nine smugglers near the Orlen crossing and detained three of them, "
        "the border service said.",
        outlet="One",
    )
    second = make_article(
        "Border guards detained three smugglers near the Orlen crossing after a fight, the border service said.",
        outlet="Two",
    )
    third = make_article(
        "Border guards detained four smugglers near the Orlen crossing, the border service said.",
        outlet="Three",
    )
    _, found = _analyse([first, second, third])
    # "nine" counts the smugglers fought, not those detained; "three of them" names no noun
    assert _readings(found, "number") == [{"three": [second.id], "four": [third.id]}]


def test_dates_need_a_year_or_a_publication_date():
    from storyfold.analyze.claim_dates import resolve_day

    assert resolve_day("April 8", None) is None
    assert str(resolve_day("April 8", "2025-04-09")) == "2025-04-08"
    assert str(resolve_day("Tuesday", "2025-04-09")) == "2025-04-08"  # a Wednesday paper
    assert str(resolve_day("Tuesday", "2025-04-08")) == "2025-04-08"  # published that Tuesday
    assert resolve_day("February 2022", "2025-04-09") is None  # not day-precise
