"""Off-topic round-ups: trailing sections about other news, appended to an article.

Wire and agency copy often ends with a sub-headed section on unrelated events of
the day ("- Strikes overnight -" after a diplomatic story).  A section that is
about the article's subject shares its vocabulary with the headline and the
article before it (the same people, places and actions), and its sub-heading
names the subject again; a round-up shares little beyond the most general words,
and its heading names something else.  Only trailing sections are judged, last first,
and judging stops at the first section that is on topic: a sub-heading inside
the article keeps everything before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyfold.clean import reasons
from storyfold.clean.blocks import Block
from storyfold.clean.shape import DAYS, MONTHS, is_body_paragraph, is_subheading

# Share of a section's content stems that also occur in the article before it.  Follow-up
# sections on the subject share a third or more, round-ups of other events an eighth or
# less (the country, the region, the war); a follow-up that brings in new people and
# history can share as little, which is why an unlabelled section must also have a
# heading that shares no word with the article before it is judged off-topic.
MIN_ON_TOPIC_OVERLAP = 0.2
# A round-up is appended to an article, so it is shorter than the article before it
# (agency round-ups run to a few paragraphs after a story of ten or more), and there
# must be a few paragraphs of article to compare it with.  Without these guards a
# page whose lead was misread would have its whole body judged against one line.
MAX_SECTION_SHARE = 0.5
MIN_PARAGRAPHS_BEFORE = 3
# Truncating words to their first letters is a stemmer that needs no language
# model: "Ukraine"/"Ukrainian", "captured"/"capture" meet, unrelated words rarely do.
STEM_CHARS = 5
# Words shorter than this are function words or abbreviations, not subject matter.
MIN_CONTENT_CHARS = 4
# Reporting verbs and calendar words occur in every news section whatever its subject.
GENERIC_WORDS = frozenset({"said", "says", "told", "according", "added", "would", "could", "also", "year", "years"})
CALENDAR = re.compile(rf"^(?:{MONTHS}|{DAYS})$", re.IGNORECASE)
LETTERS = re.compile(r"[^\W\d_]+")


def mark_roundups(blocks: list[Block], lead: int, title: str | None) -> None:
    """Mark trailing off-topic sections (their heading and paragraphs) as ROUNDUP."""
    kept = [i for i in range(lead, len(blocks)) if blocks[i].reason in (None, reasons.ROUNDUP)]
    headings = [i for i in kept if _opens_section(blocks, i)]
    if not headings:
        return
    ends = [*headings[1:], len(blocks)]
    for start, end in reversed(list(zip(headings, ends, strict=True))):
        before = [blocks[i].flat for i in kept if i < start and blocks[i].reason is None]
        section = [i for i in kept if start <= i < end]
        if not is_appended(before, [blocks[i].flat for i in section]):
            return
        if not is_off_topic(blocks, section, content_stems([title or "", *before])):
            return
        for i in section:
            blocks[i].reason = reasons.ROUNDUP


def is_appended(before: list[str], section: list[str]) -> bool:
    """A round-up is a short appendix to a real article: judging it needs enough article to compare with."""
    paragraphs = [text for text in before if is_body_paragraph(text)]
    if len(paragraphs) < MIN_PARAGRAPHS_BEFORE:
        return False
    return sum(map(len, section)) <= MAX_SECTION_SHARE * sum(map(len, before))


def is_off_topic(blocks: list[Block], section: list[int], reference: set[str]) -> bool:
    """A section is about other news when its heading shares no word with the article so far
    (a round-up label needs no such check) and its paragraphs share little."""
    heading, paragraphs = blocks[section[0]], [blocks[i].flat for i in section[1:]]
    if heading.reason != reasons.ROUNDUP and topic_overlap(content_stems([heading.flat]), reference) > 0:
        return False
    return topic_overlap(content_stems(paragraphs), reference) < MIN_ON_TOPIC_OVERLAP


def _opens_section(blocks: list[Block], index: int) -> bool:
    """A sub-heading or a round-up label that is followed by at least one paragraph."""
    block = blocks[index]
    if block.reason == reasons.ROUNDUP:
        return True
    return followed_by_body(blocks, index) and block.reason is None and is_subheading(block.flat)


def followed_by_body(blocks: list[Block], index: int) -> bool:
    """The next block is a kept paragraph of prose: what makes a short line a heading of something."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return following is not None and following.reason is None and is_body_paragraph(following.flat)


def content_stems(texts: Iterable[str]) -> set[str]:
    """The truncated content words of ``texts``: what a passage is about, cheaply."""
    stems: set[str] = set()
    for text in texts:
        for word in LETTERS.findall(text.lower()):
            if len(word) < MIN_CONTENT_CHARS or word in ENGLISH_STOP_WORDS or word in GENERIC_WORDS:
                continue
            if not CALENDAR.match(word):
                stems.add(word[:STEM_CHARS])
    return stems


def topic_overlap(section: set[str], reference: set[str]) -> float:
    """Share of the section's stems found in the reference (1.0 for an empty section: nothing to judge)."""
    return len(section & reference) / len(section) if section else 1.0
