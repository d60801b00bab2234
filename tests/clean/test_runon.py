"""Run-on captures: a page collapsed onto one line is cut into units and cleaned like the multi-line page."""

from __future__ import annotations

import difflib

import pytest

from storyfold.clean import reasons
from storyfold.clean.blocks import Block
from storyfold.clean.runon import RUNON_LINE_CHARS, segment
from storyfold.clean.text import clean_text
from storyfold.model import Article
from tests.clean.test_text import BRIDGE_PAGE, assert_offsets_exact, reason_of

# A second fictional outlet, with the chrome run-on captures are known to bury in the article's line.
FLOOD_PAGE = """\
Trending: Budget 2025 | Harbour Bridge | Local Elections | Weather Warnings
THE KESTREL VALLEY TIMES
Home | News | Sport | Business | Opinion | Weather
Flood barrier fails as river reaches record height in Oakhurst
By Tomasz Reilly
Published 12 March 2025, 07:40
Emergency crews evacuated more than 300 homes in Oakhurst overnight after a temporary flood barrier gave way as \
the River Leven rose to its highest level since records began in 1911.
The Environment Office said the barrier, installed in January while permanent defences are rebuilt, was overtopped \
shortly after 2am and collapsed within an hour, sending water into the streets around the market square.
"We had about twenty minutes to get people out of their beds," said fire station manager Alys Pritchard. \
"Nobody was hurt, and that is what matters tonight."
Also read: Oakhurst traders count cost of second flood in a year
Residents have been housed at the leisure centre and two schools, which will stay closed on Wednesday. The county \
council said it would ask the government for emergency funding to speed up work on the permanent wall.
Forecasters expect the river to fall slowly from Thursday, although more rain is due at the weekend.
Sign up to our Morning Briefing newsletter and get the day's top stories delivered to your inbox.
Follow us on Facebook and Twitter
Comments are moderated and will not be published until approved by our team.
© 2025 Kestrel Valley Times. All rights reserved.
"""

FLOOD_BODY = (
    "Emergency crews evacuated more than 300 homes in Oakhurst overnight",
    "The Environment Office said the barrier",
    '"We had about twenty minutes to get people out of their beds,"',
    "Residents have been housed at the leisure centre",
    "Forecasters expect the river to fall slowly from Thursday",
)

FLOOD_CHROME = {
    "Home | News | Sport": reasons.NAVIGATION,
    "By Tomasz Reilly": reasons.BYLINE,
    "Sign up to our Morning Briefing newsletter": reasons.NEWSLETTER,
    "Follow us on Facebook and Twitter": reasons.AUTHOR_BIO,
    "Comments are moderated": {reasons.COMMENTS, reasons.FORM},
    "All rights reserved.": reasons.FOOTER,
}


def one_line(page: str) -> str:
    """The page as a scraper that joins every block with a space leaves it."""
    return " ".join(line.strip() for line in page.splitlines() if line.strip())


def cleaned(raw: str) -> Article:
    article = Article(id="r1", source="capture/r1.txt", raw=raw)
    clean_text(article)
    assert_offsets_exact(article)
    return article


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split()), autojunk=False).ratio()


@pytest.mark.parametrize("page", [BRIDGE_PAGE, FLOOD_PAGE], ids=["bridge", "flood"])
def test_one_line_capture_keeps_what_the_multiline_capture_keeps(page: str) -> None:
    multi, single = cleaned(page), cleaned(one_line(page))
    assert len(one_line(page)) >= RUNON_LINE_CHARS
    assert similarity(multi.text, single.text) >= 0.9


def test_one_line_capture_loses_no_article_sentence_and_removes_its_chrome_with_reasons() -> None:
    single = cleaned(one_line(FLOOD_PAGE))
    for fragment in FLOOD_BODY:
        assert fragment in single.text and reason_of(single, fragment) is None
    for fragment, reason in FLOOD_CHROME.items():
        allowed = reason if isinstance(reason, set) else {reason}
        assert fragment not in single.text, fragment
        assert reason_of(single, fragment) in allowed, (fragment, reason_of(single, fragment))


def test_the_headline_of_a_one_line_capture_is_found_for_the_metadata_stage() -> None:
    single = cleaned(one_line(FLOOD_PAGE))
    titles = [span.text for span in single.removed if span.reason == reasons.TITLE]
    assert titles == ["Flood barrier fails as river reaches record height in Oakhurst"]


def test_units_keep_raw_offsets_and_cover_the_line() -> None:
    line = one_line(FLOOD_PAGE)
    units = segment(line, Block(0, len(line), line), group=0)
    assert len(units) > 15
    assert all(line[u.start:u.end] == u.text and u.group == 0 for u in units)
    assert "".join(line[u.start:u.end] for u in units).replace(" ", "") == line.replace(" ", "")


def test_a_long_real_paragraph_is_cut_and_joined_back_unchanged() -> None:
    paragraph = " ".join(
        f"The inquiry heard on day {n} that the contractor had warned the council about the barrier's anchors."
        for n in range(1, 20)
    )
    assert len(paragraph) > RUNON_LINE_CHARS
    assert cleaned(paragraph).text == paragraph


@pytest.mark.slow
def test_a_megabyte_on_one_line_is_cleaned_like_the_same_text_with_line_breaks() -> None:
    pages = [FLOOD_PAGE.replace("River Leven", f"River Leven {n}") for n in range(700)]
    multi = cleaned("\n".join(pages))
    single = cleaned(" ".join(one_line(p) for p in pages))
    assert len(single.raw) > 1_000_000
    for fragment in FLOOD_BODY:
        assert single.text.count(fragment) == len(pages), fragment
    assert single.text.count("Follow us on Facebook") == multi.text.count("Follow us on Facebook") == 0
