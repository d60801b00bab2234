"""Metadata: the outlet, title, authors, publication date and language of each article.

Each field is taken from the most trustworthy place that states it, in this order:

1. explicit container fields (JSONL keys, a capture's header lines, the WARC target URI);
2. the page's own metadata (what trafilatura/htmldate read from HTML, kept by the HTML cleaner
   in ``fields["extracted"]``);
3. text heuristics over what the page shows: the headline and byline the cleaner took out of
   the body, date lines above the body, copyright lines, datelines, and the outlet naming
   itself in its own page chrome.

Nothing is guessed: a field no source states stays ``None`` (or ``[]``).  The stage
also drops articles whose cleaned text is too short to be an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from urllib.parse import urlsplit

from storyfold.clean import reasons
from storyfold.ingest.fields import author_list, clean_text, iso_date, language_code
from storyfold.model import Article, RemovedSpan
from storyfold.pipeline import Stage

# ------------------------------------------------------------------ outlets

# Well-known domains whose site name pages often leave out or spell as a brand code.  A small
# table is enough: unknown domains fall through to the page's own statements.
KNOWN_DOMAINS: dict[str, str] = {
    "apnews.com": "Associated Press", "reuters.com": "Reuters", "afp.com": "AFP", "bbc.co.uk": "BBC",
    "bbc.com": "BBC", "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post",
    "theguardian.com": "The Guardian", "independent.co.uk": "The Independent", "cnn.com": "CNN",
    "aljazeera.com": "Al Jazeera", "bloomberg.com": "Bloomberg", "ft.com": "Financial Times",
    "wsj.com": "The Wall Street Journal", "politico.eu": "Politico Europe", "politico.com": "Politico",
    "dw.com": "DW", "france24.com": "France 24", "euronews.com": "Euronews", "npr.org": "NPR",
    "cbsnews.com": "CBS News", "nbcnews.com": "NBC News", "abcnews.go.com": "ABC News", "foxnews.com": "Fox News",
    "telegraph.co.uk": "The Telegraph", "thetimes.co.uk": "The Times", "economist.com": "The Economist",
    "lemonde.fr": "Le Monde", "spiegel.de": "Der Spiegel", "elpais.com": "El País", "rferl.org": "RFE/RL",
}
# News agencies: they appear as datelines "(AFP)", as "— AP" credits and in bylines "By X, Reuters".
WIRE_AGENCIES: dict[str, str] = {
    "AP": "Associated Press", "Associated Press": "Associated Press", "Reuters": "Reuters", "AFP": "AFP",
    "Agence France-Presse": "AFP", "dpa": "dpa", "DPA": "dpa", "ANSA": "ANSA", "EFE": "EFE", "PA": "PA Media",
    "PA Media": "PA Media", "Bloomberg": "Bloomberg", "UPI": "UPI", "Kyodo": "Kyodo", "Xinhua": "Xinhua",
    "TASS": "TASS", "Ukrinform": "Ukrinform", "Interfax": "Interfax", "Yonhap": "Yonhap",
}
# A publication's name as pages write it: one to five capitalised words, optionally after "The".
NAME = r"(?:[Tt]he\s+)?[A-Z][\w'’&-]*(?:\s+(?:of\s+|de\s+|&\s+)?[A-Z][\w'’&-]*){0,4}"
# An outlet speaking about itself in its own chrome (donation and membership appeals, footers):
# the verb families these appeals use, not any one outlet's sentence.
SELF_NAMING = re.compile(
    rf"(?P<name>{NAME})\s+(?:is\s+on\s+the\s+ground|is\s+trusted\s+by|has\s+(?:been\s+)?report(?:ed|ing)"
    rf"|relies\s+on\s+(?:readers|you|donations)|depends\s+on\s+(?:readers|you|donations)"
    rf"|is\s+(?:an?\s+)?(?:independent|reader-funded|member-funded|non-?profit|reader-supported)\b"
    rf"|is\s+funded\s+by|needs\s+your\s+support)"
    rf"|\b(?:Support|Donate\s+to|Subscribe\s+to|Become\s+a\s+member\s+of)\s+(?P<name2>{NAME})\s*[.!,]"
)
# "© 2025 Example News. All rights reserved." / "Copyright © Example News 2025".
COPYRIGHT = re.compile(
    rf"(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s+)?(?P<name>{NAME})",
)
# Legal suffixes and trailing years are not part of the name the public knows.
NAME_TAIL = re.compile(r"(?:[\s,]+(?:Ltd|Limited|Inc|LLC|GmbH|plc|S\.A|Group)\.?|[\s,]+(?:19|20)\d\d|\.)+$")
# "KYIV, Ukraine (AP) —", "LONDON, March 3 (Reuters) -", "KYIV/LONDON (AFP) -" or a bare "(AP) —": an
# agency in brackets, then a dash, opening the body.  Only the body's first line counts: further down,
# "(AFP)" or "told AFP" is another outlet quoting the agency, not the agency's own copy.
# A dateline's place and date ("WASHINGTON, D.C., March 3") are short; a longer run before "(" is prose.
DATELINE_MAX_PLACE_CHARS = 60
DATELINE_AGENCY = re.compile(
    rf"^(?:[^\W\d_][\w .,'’/-]{{0,{DATELINE_MAX_PLACE_CHARS}}}?\s*)?\((?P<name>[A-Z][\w .&-]{{1,30}})\)\s*[-–—]")
# A trailing credit line: "— AP", "- Reuters", "(AFP)".
CREDIT_LINE = re.compile(r"^\s*(?:[-–—]\s*|\()(?P<name>[A-Z][\w .&-]{1,30}?)\)?\s*$")
# Where an article's outlet was read (``Article.outlet_source``): reports and the JSON show it, so a
# reader can weigh a label read from a dateline against one a page's metadata states.
OUTLET_FROM_CONTAINER = "container field"
OUTLET_FROM_PAGE_METADATA = "page metadata"
OUTLET_FROM_DOMAIN = "web domain"
OUTLET_FROM_COPYRIGHT = "copyright line"
OUTLET_FROM_SELF_NAMING = "page chrome naming itself"
OUTLET_FROM_TOLD = "told the outlet its chrome names"
OUTLET_FROM_BYLINE_AGENCY = "agency byline"
OUTLET_FROM_DATELINE = "agency dateline"
OUTLET_FROM_CREDIT_LINE = "agency credit line"
OUTLET_FROM_MASTHEAD = "masthead"
# "<person> told <Outlet>": counts only when the outlet also names itself in its page chrome.
TOLD_OUTLET = re.compile(rf"\btold\s+(?P<name>{NAME})")
# The masthead is among the first lines of a capture; further down, short lines are sub-heads.
MASTHEAD_LINES = 8
MASTHEAD_MAX_WORDS = 5
MASTHEAD_MIN_WORDS = 2  # one-word lines near the top are menu items ("Home", "World")
MASTHEAD_SEPARATORS = re.compile(r"\s*[|·•]\s*")

# ------------------------------------------------------------------ authors

BYLINE_LEAD = re.compile(
    r"^\s*(?:(?:written|words|reporting|story|text|photos?)\s+)?(?:by|von|par|por|di|door|av|przez|от)\s*:?\s+",
    re.IGNORECASE,
)
# Where the names in a byline end: a digit (date, time, read time), date or update markers, separators.
BYLINE_END = re.compile(
    r"\d|\s[|·•]\s|\s[-–—]\s|\((?:updated|published)|\b(?:updated|published|posted|modified|last\s+updated)\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d"
    # a weekday before a date ("Tue 18 Mar 2025", "Friday, March 7") ends the names too
    r"|\b(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+"
    r"(?:\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)",
    re.IGNORECASE,
)
NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\bog\b|\boch\b)\s*", re.IGNORECASE)
# "X in Lisbon", "X at the scene": where the reporter was, not part of the name.
NAME_PLACE_TAIL = re.compile(r"\s+(?:in|at|from|for)\s+.*$")
ROLE_WORDS = frozenset((
    "reporter", "correspondent", "editor", "writer", "staff", "columnist", "contributor", "journalist",
    "producer", "analyst", "bureau", "desk", "team", "photographer", "updated", "published", "agency",
    "newsroom", "chief", "senior", "deputy", "news", "minutes", "min", "read", "share", "follow",
))
# Words that name an organisation, not a person: "Continental Wire", "Valley Press", "Metro Desk".
ORGANISATION_WORDS = frozenset((
    "wire", "press", "agency", "media", "service", "services", "times", "post", "herald", "gazette", "journal",
    "tribune", "daily", "weekly", "radio", "tv", "television", "network", "chronicle", "observer", "magazine",
))
NAME_PARTICLES = frozenset(("de", "da", "di", "van", "von", "der", "den", "du", "la", "le", "bin", "al", "dos", "del"))
NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")
# People are named with two to five words; a lone word after a comma is a place or an outlet.
MIN_NAME_WORDS = 2
MAX_NAME_WORDS = 5

# ------------------------------------------------------------------ dates

# A date written out with its year, in any language dateparser knows: "8 April 2025", "April 8, 2025",
# "8. April 2025", "8 avril 2025", "2025-04-08".  Parts without a year are never completed from today.
DATE_CANDIDATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?,?\s+(?:de\s+)?\d{4}\b"
    r"|\b[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
)
PUBLISHED_MARKER = re.compile(r"\b(?:published|posted|first\s+published)\b", re.IGNORECASE)
# A page dated a little ahead of the reader's clock is a time zone; further ahead it is a wrong date
# (a placeholder 9999-12-31, an event date taken for the publication date).
MAX_FUTURE_DAYS = 2
# Nothing was published on the web, or digitised with a trustworthy date, before this year; earlier
# values are placeholders (0001-01-01) or misread numbers.
MIN_PUBLISHED_YEAR = 1800
# htmldate falls back to a year alone (a "© 2025" footer) and writes it as 1 January; such a date is
# kept only when the page itself states that day somewhere.
NEW_YEAR_SUFFIX = "-01-01"
NEW_YEAR_STATED = (r"{y}[-/.]0?1[-/.]0?1(?!\d)|\b0?1[-/.]0?1[-/.]{y}\b|\b1(?:st)?\s+Jan(?:uary)?\.?,?\s+{y}\b"
                   r"|\bJan(?:uary)?\.?\s+1(?:st)?,?\s+{y}\b")
# A date line above the body is short ("Region · 19 March 2025 · 5 min read"); a long line is prose.
MAX_DATE_LINE_CHARS = 120
# How far into the body to look for where the page above it ends.
BODY_PROBE_CHARS = 60

# ------------------------------------------------------------------ language

# The most frequent function words of major languages: in running text they make up a large
# share of all words, so their ratio identifies the language of an article reliably.
STOPWORD_LISTS: dict[str, str] = {
    "en": "the of and to in a is that for on was with he it as at by from said his have",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als",
    "fr": "le la les de des et à en du un une est que pour dans qui sur au par pas",
    "es": "el la de que y en los del se las por un para con una su al es lo como",
    "it": "il di che e la per un in del una non della sono le si con gli da al",
    "pt": "de que o a do da em para com uma os no se na por mais as dos como",
    "nl": "de het een van en in is dat op te zijn met voor niet aan er die ook",
    "pl": "w i na z że nie do się to jest o jak po ale od za przez dla",
    "ru": "и в не на что с по это как он из за то от его для она так был",
    "uk": "і в не на що з та до це як у за від його для він вона було також",
    "sv": "och att i det som en på är av för med till den har de inte om ett",
}
STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in STOPWORD_LISTS.items()}
# Fewer words than this give no reliable ratio; a lower share of stopwords means no language we know.
MIN_LANGUAGE_WORDS = 20
MIN_STOPWORD_SHARE = 0.12
WORD = re.compile(r"[^\W\d_]+")
# The opening of a long text is as telling as all of it, and much cheaper to count.
LANGUAGE_SAMPLE_CHARS = 20_000


class MetadataStage(Stage):
    """Fill outlet, url, title, authors, published and language (the length gate is the clean stage's)."""

    name = "metadata"

    def process(self, article: Article) -> str | None:
        fill_metadata(article)
        return None


def fill_metadata(article: Article) -> None:
    """Set every metadata field from the best source that states it (container > page > text)."""
    given = article.fields
    page = _extracted(article)
    article.url = _first(article.url, clean_text(given.get("url")), page.get("url"))
    article.title = _first(article.title, clean_text(given.get("title")), page.get("title"), title_from_text(article))
    article.outlet, article.outlet_source = decide_outlet(article, page)
    outlets = [article.outlet] if article.outlet else []
    article.authors = (article.authors or author_list(given.get("authors"))
                       or _valid_names(author_list(page.get("author"))) or authors_from_text(article, outlets))
    article.published = _first(*plausible_dates(article, [
        article.published, iso_date(given.get("published")), _page_date(article, page), date_from_text(article)]))
    article.language = _first(article.language, language_code(given.get("language")),
                              language_code(page.get("language")), detect_language(article.text))


def plausible_dates(article: Article, candidates: list[str | None]) -> list[str | None]:
    """The candidate publication dates that could be one; each rejected date is noted on the article."""
    latest = date.today() + timedelta(days=MAX_FUTURE_DAYS)
    kept: list[str | None] = []
    for value in candidates:
        if not value:
            continue
        year = int(value[:4])
        if value > latest.isoformat():
            article.warnings.append(f"publication date {value} rejected: later than today")
        elif year < MIN_PUBLISHED_YEAR:
            article.warnings.append(f"publication date {value} rejected: before {MIN_PUBLISHED_YEAR}")
        else:
            kept.append(value)
    return kept


def _page_date(article: Article, page: dict[str, str]) -> str | None:
    """The page metadata's date, unless it is a year alone written as 1 January (a copyright footer)."""
    value = iso_date(page.get("date"))
    if not value or not value.endswith(NEW_YEAR_SUFFIX):
        return value
    if re.search(NEW_YEAR_STATED.format(y=re.escape(value[:4])), article.raw, re.IGNORECASE):
        return value
    article.warnings.append(f"page date {value} ignored: the page states only the year (a copyright line?)")
    return None


# ------------------------------------------------------------------ title


def title_from_text(article: Article) -> str | None:
    """The headline the text cleaner took out of the body."""
    for span in _spans(article, reasons.TITLE):
        title = " ".join(span.text.split())
        if title:
            return title
    return None


# ------------------------------------------------------------------ authors


def authors_from_text(article: Article, outlets: Iterable[str] = ()) -> list[str]:
    """Author names from the byline the cleaner took out of the body."""
    for span in _spans(article, reasons.BYLINE):
        names = parse_byline(span.text, outlets)
        if names:
            return names
    return []


def parse_byline(byline: str, outlets: Iterable[str] = ()) -> list[str]:
    """Names in a byline: "by X and Y", "By X, Y and Z", without dates, times, roles, places or outlets.

    >>> parse_byline("By Ana Ruiz and Tom Lee, Reuters April 8, 2025 3:35 PM (Updated: ) 2 min read")
    ['Ana Ruiz', 'Tom Lee']
    """
    text = " ".join(byline.split())
    text = BYLINE_LEAD.sub("", text)
    end = BYLINE_END.search(text)
    text = text[:end.start()] if end else text
    not_names = {name.casefold() for name in [*outlets, *WIRE_AGENCIES, *WIRE_AGENCIES.values()]}
    names = []
    for index, part in enumerate(NAME_SEPARATORS.split(text)):
        part = NAME_PLACE_TAIL.sub("", part.strip(" .:;,"))
        # after the first name, "X, Continental Wire" names the employer, not a second author
        organisation = index > 0 and _names_organisation(part)
        if part.casefold() not in not_names and not organisation and looks_like_name(part):
            names.append(part)
    return list(dict.fromkeys(names))


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words with no digits or role words: how bylines write a person."""
    words = text.split()
    if not MIN_NAME_WORDS <= len(words) <= MAX_NAME_WORDS:
        return False
    if any(word.casefold().strip(".") in ROLE_WORDS for word in words):
        return False
    capitalised = [w for w in words if w.casefold() not in NAME_PARTICLES]
    return all(NAME_WORD.match(w) and w[0].isupper() for w in capitalised) and len(capitalised) >= MIN_NAME_WORDS


def _names_organisation(text: str) -> bool:
    return any(word.casefold().strip(".") in ORGANISATION_WORDS for word in text.split())


def _valid_names(names: list[str]) -> list[str]:
    """Page metadata's author field, minus what is not a person (outlet names, "Staff")."""
    agencies = {name.casefold() for name in [*WIRE_AGENCIES, *WIRE_AGENCIES.values()]}
    return [name for name in names if name.casefold() not in agencies and looks_like_name(name)]


# ------------------------------------------------------------------ dates


def date_from_text(article: Article) -> str | None:
    """The publication date a byline or a short date line above the body states."""
    lines = [span.text for span in _spans(article, reasons.BYLINE)] + list(_lines_above_body(article))
    for line in lines:
        if len(line) <= MAX_DATE_LINE_CHARS:
            found = stated_date(line)
            if found:
                return found
    return None


def stated_date(line: str) -> str | None:
    """The first full date (day, month, year) in ``line``; after a "Published" marker when there is one."""
    marker = PUBLISHED_MARKER.search(line)
    ordered = [line[marker.end():], line] if marker else [line]
    for text in ordered:
        for match in DATE_CANDIDATE.finditer(text):
            parsed = iso_date(match.group())
            if parsed:
                return parsed
    return None


def _lines_above_body(article: Article) -> Iterator[str]:
    """The capture's lines between its header and the first words of the cleaned body."""
    if article.is_html:
        return
    start = int(article.fields.get("header_end", 0) or 0)
    probe = article.text.strip().split("\n")[0][:BODY_PROBE_CHARS]
    end = article.raw.find(probe, start) if probe else -1
    if end <= start:
        return
    for line in article.raw[start:end].split("\n"):
        if line.strip():
            yield line.strip()


# ------------------------------------------------------------------ outlet


def outlet_from_url(url: str | None) -> str | None:
    """The outlet of a well-known news domain (``www.reuters.com`` -> Reuters)."""
    host = (urlsplit(url).hostname or "") if url else ""
    while host:
        if host in KNOWN_DOMAINS:
            return KNOWN_DOMAINS[host]
        _, _, host = host.partition(".")
    return None


def decide_outlet(article: Article, page: dict[str, str]) -> tuple[str | None, str | None]:
    """The outlet and where it was read (an ``OUTLET_FROM_*`` label), from the most trustworthy place.

    What the container or the page's metadata states wins over the text: a syndicated agency story on a
    known outlet's page stays that outlet's (the agency is then noted in ``warnings``, not lost).
    """
    stated = (
        (article.outlet, article.outlet_source or OUTLET_FROM_CONTAINER),
        (clean_text(article.fields.get("outlet")), OUTLET_FROM_CONTAINER),
        (page.get("sitename"), OUTLET_FROM_PAGE_METADATA),
        (outlet_from_url(article.url), OUTLET_FROM_DOMAIN),
    )
    for name, source in stated:
        if name:
            _note_agency_copy(article, name)
            return name, source
    return outlet_evidence(article) or (None, None)


def outlet_from_text(article: Article) -> str | None:
    """The outlet as the page names it (see :func:`outlet_evidence`)."""
    found = outlet_evidence(article)
    return found[0] if found else None


def outlet_evidence(article: Article) -> tuple[str, str] | None:
    """The outlet the page's words name, and how: the page naming itself, then an agency credit, then a masthead.

    The page's own statements (copyright line, self-naming appeals) say whose page it is, as its metadata
    would; an agency credit (byline, body-opening dateline, closing credit line) says whose copy it is,
    which is the outlet only when the page does not name itself.  A repeated masthead line is inferred,
    not stated, so it comes last.
    """
    chrome = [span.text for span in article.removed if span.reason not in (reasons.TITLE,)]
    page_naming = (
        (OUTLET_FROM_COPYRIGHT, lambda: _first_match(COPYRIGHT, chrome)),
        (OUTLET_FROM_SELF_NAMING, lambda: _first_match(SELF_NAMING, chrome)),
        (OUTLET_FROM_TOLD, lambda: _told_outlet(article.text, chrome)),
    )
    for source, finder in page_naming:
        name = finder()
        if name:
            _note_agency_copy(article, name)
            return name, source
    agency = agency_credit(article)
    if agency:
        return agency
    name = _masthead(article)
    return (name, OUTLET_FROM_MASTHEAD) if name else None


def agency_credit(article: Article) -> tuple[str, str] | None:
    """The agency whose copy the article is, and where it says so: byline, opening dateline or closing credit."""
    lines = [line for line in article.text.strip().split("\n") if line.strip()]
    finders = (
        (OUTLET_FROM_BYLINE_AGENCY, lambda: _byline_agency(article)),
        (OUTLET_FROM_DATELINE, lambda: _agency_named(DATELINE_AGENCY, lines[:1])),
        (OUTLET_FROM_CREDIT_LINE, lambda: _agency_named(CREDIT_LINE, lines[-1:])),
    )
    for source, finder in finders:
        name = finder()
        if name:
            return name, source
    return None


def _note_agency_copy(article: Article, outlet: str) -> None:
    """Keep, for the reader, an agency credit that the page's own outlet outranked."""
    credit = agency_credit(article)
    if not credit or _bare_name(credit[0]) == _bare_name(outlet):
        return
    note = f"{credit[1]} credits {credit[0]}: agency copy, shown under the page's outlet {outlet}"
    if note not in article.warnings:  # the stage may run again on a stored article
        article.warnings.append(note)


def _byline_agency(article: Article) -> str | None:
    """"By X, Reuters": an agency named in the byline."""
    for span in _spans(article, reasons.BYLINE):
        for part in NAME_SEPARATORS.split(BYLINE_LEAD.sub("", " ".join(span.text.split()))):
            agency = WIRE_AGENCIES.get(part.strip(" .|·"))
            if agency:
                return agency
    return None


def _agency_named(pattern: re.Pattern[str], lines: list[str]) -> str | None:
    """A known agency in the dateline ("KYIV (AP) —") or the credit line ("— AP") that ``pattern`` reads."""
    match = pattern.match(lines[0]) if lines else None
    return WIRE_AGENCIES.get(match.group("name").strip()) if match else None


def _first_match(pattern: re.Pattern[str], texts: Iterable[str]) -> str | None:
    for text in texts:
        for match in pattern.finditer(" ".join(text.split())):
            groups = match.groupdict()
            name = _clean_name(groups.get("name") or groups.get("name2"))
            if name:
                return name
    return None


def _told_outlet(text: str, chrome: list[str]) -> str | None:
    """"<person> told <Outlet>", trusted only when the page's own chrome names that outlet too."""
    page_chrome = " ".join(" ".join(chrome).split())
    for match in TOLD_OUTLET.finditer(text):
        name = _clean_name(match.group("name"))
        if name and re.search(rf"\b{re.escape(name)}\b", page_chrome):
            return name
    return None


def _masthead(article: Article) -> str | None:
    """A short capitalised line at the top of a capture that the page repeats elsewhere (its name)."""
    if article.is_html:
        return None
    start = int(article.fields.get("header_end", 0) or 0)
    top = article.raw[start:].split("\n")[:MASTHEAD_LINES]
    # the headline and the byline are short capitalised lines too, and a byline name recurs in the author bio
    not_mastheads = " ".join(s.text for s in article.removed if s.reason in (reasons.TITLE, reasons.BYLINE))
    for line in top:
        for segment in MASTHEAD_SEPARATORS.split(line.strip()):
            name = None if segment in not_mastheads else _masthead_name(segment, article)
            if name:
                return name
    return None


def _masthead_name(segment: str, article: Article) -> str | None:
    words = segment.split()
    if not MASTHEAD_MIN_WORDS <= len(words) <= MASTHEAD_MAX_WORDS or segment == article.title:
        return None
    if not re.fullmatch(NAME, segment) or segment.endswith("."):
        return None
    mentions = re.findall(re.escape(segment), article.raw, flags=re.IGNORECASE)
    if len(mentions) < 2:
        return None  # named once, it is a heading; a publication repeats its name in its chrome
    written = [m for m in mentions if not m.isupper()]
    return written[0] if written else segment.title()


def _bare_name(name: str) -> str:
    """A name as compared: "The Associated Press" and "associated press" are one outlet."""
    return name.casefold().removeprefix("the ").strip()


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = NAME_TAIL.sub("", name.strip()).strip(" .,’'")
    if name.startswith("the "):
        name = name[4:]  # "the Upland Sentinel has ...": the article is grammar; a capital "The" is the name
    return name if name and any(c.isalpha() for c in name) else None


# ------------------------------------------------------------------ language


def detect_language(text: str) -> str | None:
    """The language whose function words make up the largest share of ``text``, if clearly any."""
    words = [w.casefold() for w in WORD.findall(text[:LANGUAGE_SAMPLE_CHARS])]
    if len(words) < MIN_LANGUAGE_WORDS:
        return None
    shares = {lang: sum(w in stop for w in words) / len(words) for lang, stop in STOPWORDS.items()}
    best = max(shares, key=shares.__getitem__)
    return best if shares[best] >= MIN_STOPWORD_SHARE else None


# ------------------------------------------------------------------ helpers


def _extracted(article: Article) -> dict[str, str]:
    extracted = article.fields.get("extracted")
    if not isinstance(extracted, dict):
        return {}
    return {key: value for key, value in extracted.items() if isinstance(value, str) and value.strip()}


def _spans(article: Article, reason: str) -> list[RemovedSpan]:
    return [span for span in article.removed if span.reason == reason]


def _first(*values: str | None) -> str | None:
    for value in values:
        if value:
            return value
    return None
