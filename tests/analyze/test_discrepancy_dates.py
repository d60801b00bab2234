"""Date discrepancies between a day and a range: "published Friday" against "earlier this week".

Two outlets date one act; they disagree only when the day falls outside the other's range (or
two ranges share no day), never when they are compatible, and nothing is compared when the act
or the range is unclear.  The articles are fictional, written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from storyfold.analyze.core.dates import PAST, DateCues, DateSpan, resolve_span
from tests.analyze.test_discrepancies import _analyse, _readings
from tests.conftest import make_article

# A council audit told by two outlets; {when} is how each dates the publication of the audit.
AUDIT = """The Halvern city council published its audit of the municipal water utility {when}.

The audit found that 3,400 households had been overbilled since 2023, the council said.

Mayor Ilse Brandt said the utility's board would review the findings with the regional regulator.
"""
AUDIT_RETOLD = """The Halvern city council published its audit of the municipal water utility {when}.

According to the audit, 3,400 households had been overbilled since 2023.

The utility's board will review the findings with the regional regulator, Mayor Ilse Brandt said.
"""
# The council's vote on the utility's budget, dated by a range on both sides.
BUDGET = """The Halvern city council approved the water utility's emergency budget {when}.

The budget sets aside 2.1 million euros for refunds to overbilled households, officials said.
"""
BUDGET_RETOLD = """The Halvern city council approved the water utility's emergency budget {when}.

Officials said the budget sets aside 2.1 million euros for refunds to overbilled households.
"""


def _dates(first: tuple[str, str | None], second: tuple[str, str | None], texts=(AUDIT, AUDIT_RETOLD)):
    """The date discrepancies between two outlets, each given as (its date words, its publication date)."""
    (when_a, published_a), (when_b, published_b) = first, second
    ledger = make_article(texts[0].format(when=when_a), outlet="Ledger", source="ledger.txt", published=published_a)
    post = make_article(texts[1].format(when=when_b), outlet="Post", source="post.txt", published=published_b)
    ctx, found = _analyse([ledger, post])
    return ctx, _readings(found, "date")


def test_a_day_outside_the_other_outlets_range_is_a_disagreement():
    """Friday 13 March (said on Monday the 16th) is not "earlier this week" in a paper of Friday
    the 20th: that week began on the 16th."""
    ctx, dates = _dates(("on Friday", "2026-03-16"), ("earlier this week", "2026-03-20"))
    ledger, post = (a.id for a in ctx.articles)
    assert dates == [{"2026-03-13 (Friday)": [ledger],
                      "2026-03-16 to 2026-03-20 (earlier this week)": [post]}]


def test_a_day_inside_the_other_outlets_range_agrees():
    """The same Friday is "earlier this week" in a paper of Saturday the 14th."""
    _, dates = _dates(("on Friday", "2026-03-16"), ("earlier this week", "2026-03-14"))
    assert dates == []


@pytest.mark.parametrize(
    ("day", "month_part", "flagged"),
    [
        ("on March 3", "in early March", False),
        ("on March 24", "in early March", True),
        ("on March 24", "in late March", False),
    ],
)
def test_a_day_against_a_part_of_a_month(day, month_part, flagged):
    _, dates = _dates((day, "2026-03-28"), (month_part, "2026-03-30"))
    assert bool(dates) is flagged, dates


def test_two_ranges_disagree_only_when_they_share_no_day():
    """"last month" (February) and "earlier this month" (March) share no day; "last week" and
    "earlier this month" do."""
    ctx, apart = _dates(("last month", "2026-03-16"), ("earlier this month", "2026-03-17"),
                        texts=(BUDGET, BUDGET_RETOLD))
    ledger, post = (a.id for a in ctx.articles)
    assert apart == [{"2026-02-01 to 2026-02-28 (last month)": [ledger],
                      "2026-03-01 to 2026-03-17 (earlier this month)": [post]}]
    _, overlapping = _dates(("last week", "2026-03-16"), ("earlier this month", "2026-03-17"),
                            texts=(BUDGET, BUDGET_RETOLD))
    assert overlapping == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the range's article has no publication date: "earlier this week" names no days
        (("on Friday", "2026-03-16"), ("earlier this week", None)),
        # a bound, not the act's time: "by early March" allows any day up to then
        (("on March 24", "2026-03-28"), ("by early March", "2026-03-30")),
        # a year is too coarse to set against a day: an earlier audit, or this one?
        (("on Friday", "2026-01-12"), ("last year", "2026-01-14")),
    ],
)
def test_an_unclear_range_is_never_compared(first, second):
    _, dates = _dates(first, second)
    assert dates == []


def test_a_range_long_before_publication_is_background():
    """"in early January" in a late-March paper tells an earlier audit, not the one of this week."""
    _, dates = _dates(("on Friday", "2026-03-16"), ("in early January", "2026-03-20"))
    assert dates == []


# ------------------------------------------------------------------ the resolver's spans

PUBLISHED = "2026-03-20"  # a Friday


@pytest.mark.parametrize(
    ("mention", "start", "end", "granularity"),
    [
        ("Friday", date(2026, 3, 20), date(2026, 3, 20), "day"),
        ("this week", date(2026, 3, 16), date(2026, 3, 22), "week"),
        ("earlier this week", date(2026, 3, 16), date(2026, 3, 20), "week"),
        ("last week", date(2026, 3, 9), date(2026, 3, 15), "week"),
        ("last month", date(2026, 2, 1), date(2026, 2, 28), "month"),
        ("in early March", date(2026, 3, 1), date(2026, 3, 15), "month"),
        ("late February", date(2026, 2, 16), date(2026, 2, 28), "month"),
        ("March 3 to 5", date(2026, 3, 3), date(2026, 3, 5), "days"),
        ("2026-03-04", date(2026, 3, 4), date(2026, 3, 4), "day"),
        ("January and February", date(2026, 1, 1), date(2026, 2, 28), "month"),
    ],
)
def test_a_mention_resolves_to_a_day_or_a_range(mention, start, end, granularity):
    assert resolve_span(mention, PUBLISHED, DateCues(PAST)) == DateSpan(start, end, granularity)


def test_a_day_inside_a_week_overlaps_it_and_a_day_before_it_does_not():
    week = resolve_span("earlier this week", PUBLISHED, DateCues(PAST))
    assert resolve_span("Friday", PUBLISHED, DateCues(PAST)).overlaps(week)
    assert not resolve_span("Friday", "2026-03-16", DateCues(PAST)).overlaps(week)


def test_a_span_needs_a_publication_date_and_a_sure_year():
    assert resolve_span("earlier this week", None, DateCues(PAST)) is None
    assert resolve_span("March 27", None, DateCues(PAST)) is None


# ------------------------------------------------- days two outlets cannot be held to

def test_last_weekday_written_on_that_weekday_is_a_week_back():
    """"fired last Thursday" in a Thursday paper is the Thursday before, as in Wednesday's paper."""
    thursday = make_article("Dana Kroll was fired last Thursday as an accountant at the Varden firm, police said.",
                            outlet="Ledger", source="ledger.txt", published="2026-03-19")
    wednesday = make_article("Dana Kroll was fired last Thursday as an accountant at the Varden firm, police said.",
                             outlet="Post", source="post.txt", published="2026-03-18")
    assert resolve_span("last Thursday", "2026-03-19", DateCues(PAST)).start == date(2026, 3, 12)
    _, found = _analyse([thursday, wednesday])
    assert _readings(found, "date") == []


def test_a_relative_day_inside_a_quote_is_not_the_papers_day():
    one = make_article('"We can rebuild the Varden bridge today and protect the river," the governor said.',
                       outlet="Ledger", source="ledger.txt", published="2026-03-19")
    two = make_article('"We can rebuild the Varden bridge today and protect the river," the governor said.',
                       outlet="Post", source="post.txt", published="2026-03-20")
    _, found = _analyse([one, two])
    assert _readings(found, "date") == []


def test_a_yearless_date_far_from_publication_is_not_compared():
    """"killed on June 24" in an article of the next May may be of either year before it."""
    first = make_article("The deputy was killed on June 24 outside an apartment in Harlow Gardens, police said.",
                         outlet="Ledger", source="ledger.txt", published="2025-07-02")
    later = make_article("The deputy was killed on June 24 outside an apartment in Harlow Gardens, the court heard.",
                         outlet="Post", source="post.txt", published="2027-05-02")
    _, found = _analyse([first, later])
    assert _readings(found, "date") == []
