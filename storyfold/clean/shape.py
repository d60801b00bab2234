"""The shapes blocks take on a news page: headline, byline, timestamp, sub-heading, paragraph.

These are judged from form alone (length, punctuation, capitals, position markers),
never from what a particular outlet writes, so they hold for captures never seen.
"""

from __future__ import annotations

import re

from storyfold.clean.wording import is_sentence, words

# A headline or teaser title runs from a few words to about two lines of a page.
MIN_HEADLINE_WORDS = 3
MAX_HEADLINE_WORDS = 30
MAX_HEADLINE_CHARS = 250
# The article's first paragraph (the lead) is a real sentence, longer than any label,
# caption stub or promo line that comes before it.
MIN_LEAD_WORDS = 12
# A byline with names, date, time and reading time stays within this many words.
MAX_BYLINE_WORDS = 30
# A date line in a language we have no date words for: a year, at most this many
# tokens, and at least this share of them numbers ("le 14 mars 2025 à 18h05").
MAX_DATE_LINE_TOKENS = 8
NUMERIC_DATE_SHARE = 0.5
# A line of author names: up to this many names of up to four words each.
MAX_NAME_WORDS = 4
MAX_NAMES = 4

IC = re.IGNORECASE
MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
DAYS = r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
# Words that may stand in a date line beside the date itself.
DATE_LINE_WORDS = (
    rf"{MONTHS}|{DAYS}|published|updated|posted|last|modified|first|on|at|am|pm|a\.m|p\.m|gmt|utc|bst|cet|cest|eet"
    r"|ago|just|now|today|yesterday|mins?|minutes?|hrs?|hours?|days?"
    r"|eest|est|edt|pst|pdt|et|pt|msk|ist|jst|local|time"
)
DATE_LINE_TOKEN = re.compile(rf"^(?:\d[\d:./-]*|{DATE_LINE_WORDS})$", IC)
TIMESTAMP = re.compile(
    r"^\W*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?|\d+\s*(?:min(?:ute)?s?|h(?:ou)?rs?|hours?|days?)"
    r"\s+ago|just now|yesterday)\W*$",
    IC,
)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
READ_TIME = re.compile(r"\b\d+\s*min(?:ute)?s?\.?\s+read\b", IC)
BY_NAME = re.compile(r"^\W*(?i:by)\s+[A-Z][\w'’.-]+")
POSTED_BY = re.compile(r"^\W*(?:posted|published|written|updated)\b.{0,40}\bby\s+\S+", re.IGNORECASE)
NAME_PART_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*")
NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|van|von|de|der|den|da|di|du|le|la|bin|al|el|ter)$")
# Sub-heading markup that plain-text captures keep: "- Heading -", "* Heading *", "## Heading".
# Both ends marked, or a Markdown "#" prefix: a line merely starting with a dash is an
# attribution ("— Name (@handle) date" under an embedded post), not a heading.
MARKED_HEADING = re.compile(r"^\s*(?:([-–—*=])\1*\s+.+?\s+[-–—*=]+|#{1,6}\s+.+?)\s*$")
# "— Name (@handle) date": the signature under an embedded post or a quotation.
ATTRIBUTION_START = re.compile(r"^\s*[-–—]")
QUOTE_START = re.compile(r"^[\"“‘'«]")


def looks_like_headline(text: str) -> bool:
    """A headline: a few words, no sentence ending, starting like a title (capital, digit or quote)."""
    count = len(words(text))
    if not MIN_HEADLINE_WORDS <= count <= MAX_HEADLINE_WORDS or len(text) > MAX_HEADLINE_CHARS:
        return False
    if is_sentence(text) or text.rstrip().endswith((":", ";", ",")):
        return False
    first = text.lstrip("-–—*=#‘'\"“ ")[:1]
    return first.isupper() or first.isdigit()


def is_marked_heading(text: str) -> bool:
    """A sub-heading that the capture kept its markup for ("- US responds -")."""
    return bool(MARKED_HEADING.match(text)) and not is_sentence(text.strip("-–—*=# "))


def is_subheading(text: str) -> bool:
    """A heading between paragraphs: marked up, in capitals, or headline-shaped."""
    if is_marked_heading(text):
        return True
    return looks_like_headline(text) and not QUOTE_START.match(text) and not ATTRIBUTION_START.match(text)


def is_timestamp(text: str) -> bool:
    """A bare time ("7:04 PM", "2 hours ago"): news-feed furniture."""
    return bool(TIMESTAMP.match(text))


def is_date_line(text: str) -> bool:
    """A line made only of a date and time, perhaps with "Published"/"Updated".

    Besides English date words, a short line with a year whose tokens are mostly
    numbers is a date line in any language ("14.03.2025, 18:05 Uhr").
    """
    tokens = [t.strip(".,·|()") for t in text.replace("·", " ").split()]
    tokens = [t for t in tokens if t]
    numeric = [t for t in tokens if any(ch.isdigit() for ch in t)]
    if not numeric or is_sentence(text):
        return False
    if all(DATE_LINE_TOKEN.match(t) for t in tokens):
        return True
    mostly_numbers = len(numeric) >= NUMERIC_DATE_SHARE * len(tokens)
    return len(tokens) <= MAX_DATE_LINE_TOKENS and mostly_numbers and bool(YEAR.search(text))


def is_byline(text: str) -> bool:
    """An author/date line: "By A and B", a reading time, or a bare date line."""
    count = len(words(text))
    if count > MAX_BYLINE_WORDS:
        return False
    if READ_TIME.search(text) or is_date_line(text):
        return True
    return bool(BY_NAME.match(text) or POSTED_BY.match(text)) and not is_sentence(text)


def is_name_line(text: str) -> bool:
    """A line of person names ("Jane Doe", "Jane Doe and Li Wei", "Jane Doe, Springfield")."""
    if is_sentence(text) or any(ch.isdigit() for ch in text):
        return False
    parts = [part for part in NAME_PART_SPLIT.split(text.strip()) if part]
    if not 1 <= len(parts) <= MAX_NAMES:
        return False
    name_words = parts[0].split()
    if not 2 <= len(name_words) <= MAX_NAME_WORDS or not all(NAME_WORD.match(w) for w in name_words):
        return False
    return all(len(part.split()) <= MAX_NAME_WORDS and part[:1].isupper() for part in parts)


def is_body_paragraph(text: str) -> bool:
    """Prose long enough to be article text: a sentence of at least the lead's length."""
    count = len(words(text))
    return count >= MIN_LEAD_WORDS and (is_sentence(text) or count >= 2 * MIN_LEAD_WORDS)
