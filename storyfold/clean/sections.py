"""Off-topic round-ups: trailing sections about other news, appended to an article.

Wire and agency copy often ends with a sub-headed section on unrelated events of
the day ("- Strikes overnight -" after a diplomatic story).  A section that is
about the article's subject shares its vocabulary with the headline and the
opening section (the same people, places and actions); a round-up shares little
beyond the most general words.  Only trailing sections are judged, last first,
and judging stops at the first section that is on topic: a sub-heading inside
the article keeps everything before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyfold.clean import reasons
from storyfold.clean.blocks import Block
from storyfold.clean.shape import DAYS, MONTHS, is_subheading

# Share of a section's content stems that also occur in the headline and opening
# section.  On-topic follow-up sections in news copy share roughly a third or more;
# round-ups of other events an eighth or less (the country, the region, the war):
# the threshold sits between the two.
MIN_ON_TOPIC_OVERLAP = 0.2
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
    opening = [blocks[i].flat for i in kept if i < headings[0] and blocks[i].reason is None]
    reference = content_stems([title or "", *opening])
    ends = [*headings[1:], len(blocks)]
    for start, end in reversed(list(zip(headings, ends, strict=True))):
        section = [i for i in kept if start <= i < end]
        labelled = blocks[start].reason == reasons.ROUNDUP
        if not labelled and topic_overlap(content_stems(blocks[i].flat for i in section), reference) >= (
            MIN_ON_TOPIC_OVERLAP
        ):
            return
        for i in section:
            blocks[i].reason = reasons.ROUNDUP


def _opens_section(blocks: list[Block], index: int) -> bool:
    """A sub-heading or a round-up label that is followed by at least one paragraph."""
    block = blocks[index]
    if block.reason == reasons.ROUNDUP:
        return True
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return block.reason is None and is_subheading(block.flat) and following is not None and following.reason is None


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
