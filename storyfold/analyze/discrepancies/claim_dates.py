"""Dates of a claim, days or ranges, resolved by the one date resolver (:mod:`analyze.core.dates`).

Outlets date one event differently ("on Tuesday" in a piece published Wednesday,
"on April 8"); comparing them needs calendar days, or the range of days a period names
("earlier this week", "last month").  Only mentions whose year is certain are compared: a
month and day whose year the text leaves open cannot disagree with a day.  The timeline
resolves the same way, so a date never reads as one day here and another there.
"""

from __future__ import annotations

from datetime import date

from storyfold.analyze.claims import ArticleTokens
from storyfold.analyze.core.dates import FUTURE, PAST, PRESENT, DateCues, DateSpan, is_future_act
from storyfold.analyze.core.dates import resolve_day as resolve_cued_day
from storyfold.analyze.core.dates import resolve_span as resolve_cued_span

GOVERNOR_HOPS = 4  # dependency steps from a date up to the verb or event noun it dates
# Links from a date phrase to the word it dates: "on Thursday" (prep), "yesterday" (npadvmod).
_DATE_LINKS = frozenset({"pobj", "prep", "npadvmod", "compound", "amod", "nummod", "advmod", "det"})


def resolve_day(mention: str, published: str | None, future: bool | None = False) -> date | None:
    """The calendar day a date mention names, or None when it is not day-precise, its year is
    uncertain, or it needs a publication date the article does not have.  A weekday of an act
    still to come ("will present on Thursday") is the next such day, not the last; ``future``
    None (an event noun, "a hearing on March 27", whose tense nothing says) takes the nearest
    such calendar date, and none at all when that is far from publication.  A weekday or a
    relative day on an event noun ("the raid on Tuesday") stays in the past, as outlets that
    write "raided on Tuesday" have it."""
    return resolve_cued_day(mention, published, _cues(mention, future))


def resolve_span(mention: str, published: str | None, future: bool | None = False) -> DateSpan | None:
    """The day or range a date mention names ("on Friday", "earlier this week", "in early March"),
    read with the same tense as :func:`resolve_day`; None when it names none with a sure year."""
    return resolve_cued_span(mention, published, _cues(mention, future))


def _cues(mention: str, future: bool | None) -> DateCues:
    """The tense of a claim's date: ahead for an act to come, the nearest calendar date for an
    event noun whose tense nothing says (``future`` None), past otherwise."""
    calendar_date = any(ch.isdigit() for ch in mention)
    return DateCues((PRESENT if calendar_date else PAST) if future is None else FUTURE if future else PAST)


def date_governor(index: ArticleTokens, first: int) -> tuple[int | None, bool | None]:
    """(the verb or event noun a date phrase dates, whether that act is still to come):
    "a check on March 11" dates the check, "published yesterday" the publishing.  For an event
    noun the second value is None unless the noun itself says it is ahead: "a hearing on March
    27" may be past or to come, whatever verb the sentence has ("has scheduled a hearing")."""
    i = first
    for _ in range(GOVERNOR_HOPS):
        token = index.tokens[i]
        if token.head == i or token.dep not in _DATE_LINKS:
            break
        head = index.tokens[token.head]
        if head.pos in {"VERB", "AUX"}:
            return token.head, is_future_act(index.tokens, index.children, token.head)
        if head.pos == "NOUN" and token.dep == "prep":
            return token.head, is_future_act(index.tokens, index.children, token.head) or None
        i = token.head
    return None, False
