"""The quotes of one article that are statements of a speaker, ready to merge across outlets.

Scare quotes ("no limits" partnership) and titles are not quotes of a speaker: a
quote must be a statement, or a short phrase that a speech verb attributes in its
own sentence (a partial quote).  Quotes without any attribution are left out: a
quote nobody is said to have spoken cannot be checked.  A statement with no speaker
of its own continues the quote before it in the same paragraph.  Each kept quote
carries a normalised wording (:func:`normalize_quote`) so outlets' spellings compare.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from unidecode import unidecode

from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import TIME_ANCHOR_WORDS, TIME_PHRASE_WORDS
from storyfold.analyze.quotes.names import clean_name, full_name
from storyfold.analyze.quotes.parse import SUBJECT_DEPS, QuoteParse
from storyfold.analyze.quotes.spans import Segment, chain_text, chain_word_count, quote_chains, quote_segments
from storyfold.analyze.quotes.speakers import Speaker, attribute
from storyfold.model import Article

# A statement has a verb and at least this many words ("We will rebuild it" is one;
# a scare-quoted "no limits" or a three-word title is not).
MIN_STATEMENT_WORDS = 4
# Without a verb, a quoted phrase this long is still a statement (a list, a slogan).
MIN_VERBLESS_STATEMENT_WORDS = 8
# A shorter phrase is kept as a partial quote only when a speech verb attributes it in its
# own sentence; one word ("disturbing", "commander") says too little to be checked.
MIN_PARTIAL_WORDS = 2
# A partial quote ("significantly more") is matched against translations by the words
# around it: this many on each side, plus its own.
PARTIAL_WINDOW_WORDS = 5

# An unattributed quote continues the previous one only in the next sentence or so: further
# on, and with no paragraph breaks to go by, it is as likely someone else's.
MAX_CONTINUATION_SENTENCES = 1

# How much text either side of a quoted phrase is read to tell a nickname inside a name.
NICKNAME_CONTEXT_CHARS = 40
# Lower-case words inside a nickname ("Sammy the Bull").
NAME_PARTICLES = frozenset({"the", "of", "de", "la", "von", "van"})
# British -> American endings, so "organise"/"organize" or "defence"/"defense" compare equal.
SPELLING_FOLDS = ((re.compile(r"(?<=\w)is(e|ed|es|ing|ation)\b"), r"iz\1"), (re.compile(r"(?<=\w)our\b"), "or"),
                  (re.compile(r"(?<=\w)ence\b"), "ense"), (re.compile(r"(?<=\w)tre\b"), "ter"))
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(slots=True)
class Occurrence:
    """One quote (one or more segments) in one article, with its speaker."""

    article: Article
    segments: list[Segment]
    speaker: str | None = None
    named: bool = False
    partial: bool = False
    context: str = ""  # a partial quote's words with those around it, for matching translations
    text: str = ""
    key: str = ""

    @property
    def start(self) -> int:
        return self.segments[0].start


def normalize_quote(text: str) -> str:
    """Comparable wording: ASCII, casefolded, American spelling, words only."""
    folded = unidecode(text).casefold()
    for pattern, replacement in SPELLING_FOLDS:
        folded = pattern.sub(replacement, folded)
    return " ".join(_WORD.findall(folded))


def article_occurrences(ctx: StoryContext, article: Article, places: frozenset[str] = frozenset()
                        ) -> list[Occurrence]:
    """The attributed quotes of ``article`` that stand in its on-topic sentences."""
    parsed = ctx.parsed.get(article.id)
    if parsed is None or not parsed.tokens:
        return []
    segments = quote_segments(article.text)
    parse = QuoteParse(article, parsed, segments, {e.name.casefold(): e.type for e in ctx.entities}, places)
    on_topic = [(s.start, s.end) for s in ctx.sentences(article)]
    found: list[Occurrence] = []
    previous: Occurrence | None = None
    for chain in quote_chains(article.text, segments, parse.is_attribution):
        occurrence = _occurrence(ctx, parse, chain, previous)
        previous = occurrence if occurrence is not None and occurrence.speaker else None
        if occurrence is not None and _within(on_topic, chain[0].start):
            found.append(occurrence)
    return found


def _occurrence(ctx: StoryContext, parse: QuoteParse, chain: list[Segment], previous: Occurrence | None
                ) -> Occurrence | None:
    text = parse.article.text
    words = chain_word_count(text, chain)
    statement = words >= MIN_VERBLESS_STATEMENT_WORDS or (
        words >= MIN_STATEMENT_WORDS and any(parse.has_verb(s.start, s.end) for s in chain))
    speaker = attribute(parse, chain, ctx)
    if speaker is None and statement and previous is not None and _continues(ctx, parse, previous, chain):
        speaker = Speaker(previous.speaker or "", previous.named, previous.segments[-1].end)
    if speaker is None or not speaker.name or (not statement and words < MIN_PARTIAL_WORDS):
        return None
    if not statement and parse.sentence_index(speaker.position) != parse.sentence_index(chain[0].start):
        return None  # a partial quote is attributed in its own sentence, or it is a scare quote
    if not statement and _is_nickname(text, chain):
        return None  # Vincent "The Chin" Gigante: a name's nickname, not anyone's words
    if not statement and _is_time_phrase(chain_text(text, chain)):
        return None  # captured "a few days ago", the source said: it says when, not what was said
    occurrence = Occurrence(parse.article, chain, speaker.name, speaker.named, partial=not statement,
                            context=_window(text, chain[0]), text=chain_text(text, chain))
    occurrence.key = normalize_quote(occurrence.text)
    return occurrence


def _is_nickname(text: str, chain: list[Segment]) -> bool:
    """A short quoted phrase set between two capitalised words of a name, or a capitalised
    phrase closed by a possessive ("Chin's"): a nickname or a name, not a quote."""
    if len(chain) != 1:
        return False
    segment = chain[0]
    quoted = text[segment.start : segment.end].strip()
    before = text[max(segment.start - NICKNAME_CONTEXT_CHARS, 0) : segment.start].rstrip(" \"“‘'").split()
    after = text[segment.end : segment.end + NICKNAME_CONTEXT_CHARS].lstrip(" \"”’'").split()
    capitalised = bool(quoted) and all(w[:1].isupper() or w.casefold() in NAME_PARTICLES for w in quoted.split())
    if not capitalised:
        return False
    between_names = bool(before and after) and before[-1][:1].isupper() and after[0][:1].isupper()
    return between_names or bool(re.search(r"['’]s?$", quoted))


def _is_time_phrase(quoted: str) -> bool:
    """A quoted phrase made only of time words ("a few days ago", "within hours", "last
    Tuesday", "March 27"): the outlet marks whose timing it is, but it is no one's statement
    to list among who said what (the timeline reads the date)."""
    words = re.findall(r"[a-z0-9]+", unidecode(quoted).casefold())
    if not words or not all(w in TIME_PHRASE_WORDS or w.isdigit() for w in words):
        return False
    return any(w in TIME_ANCHOR_WORDS for w in words)  # "more than 200" is a count, not a time


def _window(text: str, segment: Segment) -> str:
    """The partial quote's words and the few words either side of it on its line, normalised."""
    line_start = text.rfind("\n", 0, segment.start) + 1
    line_end = text.find("\n", segment.end)
    before = normalize_quote(text[line_start : segment.start]).split()[-PARTIAL_WINDOW_WORDS:]
    after = normalize_quote(text[segment.end : len(text) if line_end < 0 else line_end]).split()
    return " ".join([*before, normalize_quote(text[segment.start : segment.end]), *after[:PARTIAL_WINDOW_WORDS]])


def _continues(ctx: StoryContext, parse: QuoteParse, previous: Occurrence, chain: list[Segment]) -> bool:
    """An unattributed statement goes on with the quote before it only when nothing else
    could have said it: same paragraph, in the sentence after the previous quote's, no
    other person named between the two, and no speech verb of its own whose subject went
    unnamed ("“...,” argued a white paper": attributed, to something that is not a speaker).
    Scraped text often lost its paragraph breaks, so the paragraph alone proves nothing."""
    text = parse.article.text
    gap_start, start = previous.segments[-1].end, chain[0].start
    if "\n" in text[gap_start:start]:
        return False
    if parse.sentence_index(start) > parse.sentence_index(gap_start) + MAX_CONTINUATION_SENTENCES:
        return False
    if _other_person_between(ctx, parse, previous.speaker or "", gap_start, start):
        return False
    first = parse.sentences[parse.sentence_index(start)]
    last = parse.sentences[parse.sentence_index(chain[-1].end - 1)]
    return not parse.reports_speech(max(first.start, gap_start), last.end)


def _other_person_between(ctx: StoryContext, parse: QuoteParse, speaker: str, start: int, end: int) -> bool:
    """A person other than ``speaker`` named outside quotes in ``[start, end)``."""
    k = bisect.bisect_left(parse.mention_starts, start)
    for mention in parse.mentions[k:]:
        if mention.start >= end:
            break
        if mention.label != "PERSON" or parse.in_quote(mention.start) or not _is_subject(parse, mention.start):
            continue  # "said in sentencing Gigante": a person spoken of, not a new speaker
        name = clean_name(parse.article.text, mention, mention.start)
        if name and full_name(ctx, name) != speaker:
            return True
    return False


def _is_subject(parse: QuoteParse, offset: int) -> bool:
    """The name at ``offset`` is (or is in apposition to) the subject of a clause."""
    token = parse.at(offset)
    if token is None:
        return False
    while parse.tokens[token].dep in ("compound", "flat") and parse.tokens[token].head != token:
        token = parse.tokens[token].head  # "Jack B. Weinstein": up to the name's head word
    dep = parse.tokens[token].dep
    return dep in SUBJECT_DEPS or (dep == "appos" and parse.tokens[parse.tokens[token].head].dep in SUBJECT_DEPS)


def _within(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
