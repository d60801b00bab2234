"""Direct quotes of one story, each tied to its speaker and merged across outlets.

Reading a quote the way an editor does takes three steps:

* **find the quoted words** (:func:`quote_spans`): curly, straight and low
  double quotes, top-level single quotes (British style), a quote split by its
  attribution (``"A," she said. "B."``), and the news convention for a quote
  running over several paragraphs (a paragraph that opens a quote without closing
  it, continued by the next paragraph opening with a quote mark);
* **name the speaker** from the dependency parse: the subject of a speech verb
  ("say", "tell", "write", "post", "add", ...) or the object of "according to",
  in the quote's own sentence, the sentence before it when that ends with a
  colon, or inherited from the quote it continues.  A pronoun resolves to the
  nearest person named before it; a description ("the minister") resolves to
  the person the article introduced with that title, else stays a description.
  Names are normalised with :meth:`StoryContext.canonical_name`;
* **merge** the same quote across outlets (truncations, punctuation, spelling,
  translations) when the speakers agree, using TF-IDF candidate pairs (sparse,
  so the cost stays near linear in the number of quotes) checked with rapidfuzz
  and content-word overlap.

Scare quotes ("no limits" partnership) and titles are not quotes of a speaker: a
quote must be a statement, or a short phrase that a speech verb attributes in its
own sentence (a partial quote).  Quotes without any attribution are left out: a
quote nobody is said to have spoken cannot be checked.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from unidecode import unidecode

from storyfold.analyze.context import StoryContext
from storyfold.model import Article, Evidence, Mention, Quote, QuoteVariant
from storyfold.nlp import ParsedArticle, Token

# ------------------------------------------------------------------ quote marks

OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
OPENING_SINGLE = "‘‹"
CLOSING_SINGLE = "’›"
STRAIGHT_SINGLE = "'"
# A straight quote mark opens a quote when it follows one of these (or starts the paragraph).
OPENS_AFTER = " \t([{—–-/:"

# ---------------------------------------------------------------- what is a quote

# A statement has a verb and at least this many words ("We will rebuild it" is one;
# a scare-quoted "no limits" or a three-word title is not).
MIN_STATEMENT_WORDS = 4
# Without a verb, a quoted phrase this long is still a statement (a list, a slogan).
MIN_VERBLESS_STATEMENT_WORDS = 8
# A shorter phrase is kept as a partial quote only when a speech verb attributes it in its
# own sentence; one word ("disturbing", "commander") says too little to be checked.
MIN_PARTIAL_WORDS = 2
# "“A,” she said. “B.”": the attribution between two halves of one quote is short.
MAX_SPLIT_ATTRIBUTION_WORDS = 12

# ------------------------------------------------------------------ attribution

# Lemmas of verbs that report speech or writing; their subject is the speaker.
SPEECH_LEMMAS = frozenset(
    {"say", "tell", "add", "write", "post", "note", "emphasize", "emphasise", "claim", "warn", "reveal",
     "insist", "deny", "announce", "explain", "argue", "stress", "ask", "urge", "state", "declare",
     "reply", "respond", "comment", "tweet", "demand", "call", "describe", "suggest", "accuse", "promise",
     "pledge", "admit", "acknowledge", "confirm", "conclude", "recall", "complain",
     "predict", "vow", "assert", "observe", "remark", "answer", "report", "quote", "testify", "caution"}
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "we"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# What "it", "they" or "we" can stand for as a speaker: never one person.
GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
# Clause links between a reported clause's verb and the speech verb reporting it
# ("said [that] X had ...", "said X had ... and that Y would ...").
REPORTED_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl"})
# A clause that describes a noun ("Kovac, whose son was ...") rather than carrying the story on.
RELATIVE_CLAUSE_DEPS = frozenset({"relcl", "acl"})
# How many such links are followed up to the speech verb: deeper nesting is another sentence's worth.
MAX_REPORTED_HOPS = 3
# Prepositions that put a name on the map: a name the story puts "in" or "near" is a place.
LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "throughout"})
# A title names its holder when it stands this close before the name ("Foreign Minister
# Jana Kovac", "the ministry's spokesperson, Jana Kovac" counts the appositive instead).
TITLE_WINDOW_TOKENS = 4
# How far before a subjectless speech verb its speaker's name may stand ("’ the ship’s
# captain, Jana Kovac, told"): a comma-set appositive is a few tokens long.
MAX_SUBJECT_GAP_TOKENS = 4
# A speaker's name is never longer than this; longer "mentions" are parser accidents.
MAX_SPEAKER_WORDS = 6

# -------------------------------------------------------------------- merging

# Cosine of word TF-IDF vectors above which two quotes are compared at all (candidate pairs).
MIN_CANDIDATE_COSINE = 0.08
# rapidfuzz partial_ratio (0-100) at which the shorter quote is a truncation of the longer one;
# a changed word or two in a sentence scores ~90, unrelated sentences of one speaker ~50.
SAME_QUOTE_PARTIAL_RATIO = 85
# Without a named speaker on both sides, the wording must be nearly identical.
UNNAMED_PARTIAL_RATIO = 95
# Share of the shorter quote's content words that the longer one repeats: catches reordered
# or re-punctuated wordings that partial_ratio misses.
SAME_QUOTE_OVERLAP = 0.6
# ... and at least this many content words, so two short quotes sharing a name are not one.
MIN_SHARED_CONTENT = 3
# A partial quote ("significantly more") paraphrases a longer one when the words around it
# (this many on each side, plus its own) recur in one of the longer quote's sentences:
# at least this many of them, and this share.
PARTIAL_WINDOW_WORDS = 5
PARTIAL_CONTEXT_SHARED = 4
PARTIAL_CONTEXT_SHARE = 0.4
# A paraphrase fits less surely than a truncation (partial_ratio 85-100) and ranks below one.
PARAPHRASE_SCORE = 50.0
# Words too common to show that two wordings say the same thing.
FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "in", "on", "to", "and", "or", "for", "with", "by", "at", "s"})

# British -> American endings, so "organise"/"organize" or "defence"/"defense" compare equal.
SPELLING_FOLDS = ((re.compile(r"(?<=\w)is(e|ed|es|ing|ation)\b"), r"iz\1"), (re.compile(r"(?<=\w)our\b"), "or"),
                  (re.compile(r"(?<=\w)ence\b"), "ense"), (re.compile(r"(?<=\w)tre\b"), "ter"))
_WORD = re.compile(r"[a-z0-9]+")
_WORD_ANY = re.compile(r"\w+")
_TERMINAL = re.compile(r"[.!?…]$")


@dataclass(slots=True)
class _Segment:
    """Quoted words (marks excluded) inside one paragraph of an article."""

    start: int
    end: int
    open_end: bool = False  # the paragraph ended before the quote closed
    continues: bool = False  # the quote opened in an earlier paragraph


@dataclass(slots=True)
class _Occurrence:
    """One quote (one or more segments) in one article, with its speaker."""

    article: Article
    segments: list[_Segment]
    speaker: str | None = None
    named: bool = False
    partial: bool = False
    context: str = ""  # a partial quote's words with those around it, for matching translations
    text: str = ""
    key: str = ""

    @property
    def start(self) -> int:
        return self.segments[0].start


# ------------------------------------------------------------------ quote spans


def quote_spans(text: str) -> list[tuple[int, int, bool, bool]]:
    """``(start, end, open_end, continues)`` of every quoted passage, marks excluded.

    Double quotes are the top level; single quotes count only outside them (inside,
    they are a quote within the quote).  A paragraph that leaves a quote open and a
    next paragraph that opens with a quote mark make one multi-paragraph quote.
    """
    spans: list[_Segment] = []
    previous_open = False
    for p_start, p_end in _paragraphs(text):
        found = _double_segments(text, p_start, p_end)
        found += _single_segments(text, p_start, p_end, found)
        found.sort(key=lambda s: s.start)
        if found and previous_open and _opens_with_mark(text, p_start, found[0].start):
            found[0].continues = True
        spans.extend(found)
        previous_open = bool(found) and found[-1].open_end
    return [(s.start, s.end, s.open_end, s.continues) for s in spans]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _opens_with_mark(text: str, p_start: int, quote_start: int) -> bool:
    return not text[p_start : quote_start - 1].strip()


def _mark_kind(text: str, i: int, p_start: int, p_end: int, single: bool) -> str | None:
    """``"open"``, ``"close"`` or ``None`` (an apostrophe, not a quote mark)."""
    char = text[i]
    before = text[i - 1] if i > p_start else " "
    after = text[i + 1] if i + 1 < p_end else " "
    if char in (OPENING_SINGLE if single else OPENING_DOUBLE):
        return "open"
    if single and before.isalnum() and after.isalnum():
        return None  # don't, Ukraine’s: an apostrophe
    if char in (CLOSING_SINGLE if single else CLOSING_DOUBLE):
        return "close" if not before.isspace() else None
    if before in OPENS_AFTER and not after.isspace():
        return "open"
    if single and before in "sS" and after.isspace():
        return "close?"  # the officials' view: a possessive, unless a quote is open
    return "close" if not before.isspace() else None


def _double_segments(text: str, p_start: int, p_end: int) -> list[_Segment]:
    marks = OPENING_DOUBLE + CLOSING_DOUBLE + STRAIGHT_DOUBLE
    return _pair(text, p_start, p_end, [i for i in range(p_start, p_end) if text[i] in marks], single=False)


def _single_segments(text: str, p_start: int, p_end: int, doubles: list[_Segment]) -> list[_Segment]:
    marks = OPENING_SINGLE + CLOSING_SINGLE + STRAIGHT_SINGLE
    inside = [(s.start - 1, s.end + 1) for s in doubles]
    positions = [i for i in range(p_start, p_end) if text[i] in marks and not any(a <= i <= b for a, b in inside)]
    found = _pair(text, p_start, p_end, positions, single=True)
    return [s for s in found if not s.open_end]  # an unclosed single mark is an apostrophe


def _pair(text: str, p_start: int, p_end: int, positions: list[int], single: bool) -> list[_Segment]:
    """Walk the marks of one paragraph, pairing each opening mark with the next closing one."""
    segments: list[_Segment] = []
    opened: int | None = None
    for i in positions:
        kind = _mark_kind(text, i, p_start, p_end, single)
        if kind is None:
            continue
        if opened is None:
            if kind == "open":
                opened = i
        elif kind in ("close", "close?"):
            segments.append(_Segment(opened + 1, i))
            opened = None
        elif not single:  # a second opening mark: the first quote was left open by a typo
            segments.append(_Segment(opened + 1, i))
            opened = i
    if opened is not None:
        segments.append(_Segment(opened + 1, p_end, open_end=True))
    return [trimmed for s in segments if (trimmed := _trim(text, s)) is not None]


def _trim(text: str, segment: _Segment) -> _Segment | None:
    start, end = segment.start, segment.end
    while start < end and text[start] in " \t,;":
        start += 1
    while end > start and text[end - 1] in " \t,;:":
        end -= 1
    if not _WORD_ANY.search(text[start:end]):
        return None
    return _Segment(start, end, segment.open_end, segment.continues)


# ---------------------------------------------------------------------- chains


def _chains(text: str, segments: list[_Segment]) -> list[list[_Segment]]:
    """Group segments that are one quote: continued paragraphs and attribution-split halves."""
    chains: list[list[_Segment]] = []
    for segment in segments:
        if chains and (segment.continues or _split_by_attribution(text, chains[-1][-1], segment)):
            chains[-1].append(segment)
        else:
            chains.append([segment])
    return chains


def _split_by_attribution(text: str, first: _Segment, second: _Segment) -> bool:
    """``“A,” she said. “B.”``: the first half ends in a comma or full stop, the gap is
    a short attribution on one line ending a clause, and the second half opens after it."""
    gap = text[first.end : second.start]
    if "\n" in gap:
        return False
    words = _WORD_ANY.findall(gap)
    ends_clause = re.search(r"[,.:]\s*\W?$", gap.rstrip()) is not None
    first_ends = re.match(r"\s*[,.!?]|\W\s*[,.]", gap) is not None or text[first.end - 1] in ",.!?"
    return 0 < len(words) <= MAX_SPLIT_ATTRIBUTION_WORDS and ends_clause and first_ends


def _chain_text(text: str, chain: list[_Segment]) -> str:
    """The quote's words; halves joined as one statement (a light compression of the article)."""
    parts: list[str] = []
    for i, segment in enumerate(chain):
        part = text[segment.start : segment.end].strip()
        if i + 1 < len(chain):
            gap = text[segment.end : chain[i + 1].start].rstrip(" \n\t\"“‘'«")
            part = part.rstrip(",")
            if (gap.endswith(".") or chain[i + 1].continues) and not _TERMINAL.search(part):
                part += "."
        parts.append(part)
    return " ".join(parts)


# ---------------------------------------------------------------- parse helpers


class _Parse:
    """Token lookups for one article: by offset, children, mentions, quoted regions."""

    def __init__(self, article: Article, parsed: ParsedArticle, segments: list[_Segment],
                 types: dict[str, str], places: frozenset[str] = frozenset()) -> None:
        self.article = article
        self.types = types
        self.places = places  # casefolded names the story puts "in"/"near": places, whatever the tagger says
        self.tokens: list[Token] = parsed.tokens
        self.starts = [t.start for t in self.tokens]
        self.children: dict[int, list[int]] = defaultdict(list)
        for i, token in enumerate(self.tokens):
            if token.head != i:
                self.children[token.head].append(i)
        self.mentions: list[Mention] = sorted(parsed.mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.sentences = parsed.sentences
        self.sentence_starts = [s.start for s in self.sentences]
        self.quoted = sorted((s.start, s.end) for s in segments)
        self.quoted_starts = [q[0] for q in self.quoted]

    def type_of(self, name: str, label: str) -> str:
        """The entity type the story resolved for ``name`` (it corrects the model), else the label."""
        return self.types.get(name.casefold(), label)

    def word(self, i: int) -> str:
        token = self.tokens[i]
        return self.article.text[token.start : token.end]

    def token_range(self, start: int, end: int) -> range:
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))

    def sentence_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def in_quote(self, offset: int) -> bool:
        k = bisect.bisect_right(self.quoted_starts, offset) - 1
        return k >= 0 and self.quoted[k][0] <= offset < self.quoted[k][1]

    def mention_at(self, offset: int) -> Mention | None:
        k = bisect.bisect_right(self.mention_starts, offset) - 1
        while k >= 0 and k >= bisect.bisect_right(self.mention_starts, offset) - 3:
            mention = self.mentions[k]
            if mention.start <= offset < mention.end:
                return mention
            k -= 1
        return None

    def has_verb(self, start: int, end: int) -> bool:
        return any(self.tokens[i].pos in ("VERB", "AUX") for i in self.token_range(start, end))


# ------------------------------------------------------------------- speakers


@dataclass(slots=True)
class _Speaker:
    name: str
    named: bool
    position: int  # offset of the speech verb, to pick the one nearest the quote


def _speakers_in(parse: _Parse, start: int, end: int, ctx: StoryContext) -> list[_Speaker]:
    """Every attributed speaker in ``[start, end)``: subjects of speech verbs outside quotes,
    and objects of "according to"."""
    found: list[_Speaker] = []
    for i in parse.token_range(start, end):
        token = parse.tokens[i]
        if parse.in_quote(token.start):
            continue
        subject = _speech_subject(parse, i, ctx)
        if subject is None:
            continue
        speaker = _name_subject(parse, subject, ctx)
        if speaker is not None:
            found.append(_Speaker(speaker[0], speaker[1], token.start))
    return found


def _speech_subject(parse: _Parse, i: int, ctx: StoryContext) -> int | None:
    token = parse.tokens[i]
    if token.lemma == "accord" or parse.word(i).casefold() == "according":
        for child in parse.children.get(i, []):
            if parse.word(child).casefold() == "to":
                objects = [c for c in parse.children.get(child, []) if parse.tokens[c].dep == "pobj"]
                return objects[0] if objects else None
        return None
    if token.lemma.casefold() not in SPEECH_LEMMAS or token.pos not in ("VERB", "AUX"):
        return None
    return _subject_of(parse, i, ctx)


def _subject_of(parse: _Parse, verb: int, ctx: StoryContext) -> int | None:
    """The verb's subject outside quotes; a coordinated or participle verb ("revealed ... and
    warned", "told reporters, noting") shares its head's."""
    subjects = [c for c in parse.children.get(verb, []) if parse.tokens[c].dep in SUBJECT_DEPS]
    subjects = [c for c in subjects if not parse.in_quote(parse.tokens[c].start) and _same_line(parse, c, verb)]
    if subjects:
        return subjects[0]
    token = parse.tokens[verb]
    head = parse.tokens[token.head]
    if token.dep in ("conj", "advcl") and token.head != verb and head.pos in ("VERB", "AUX"):
        return _subject_of(parse, token.head, ctx)
    if token.dep in ("acl", "relcl") and token.head < verb and head.pos in ("NOUN", "PROPN", "PRON"):
        return token.head  # "“...,” the minister posted": a parse that hung the verb on its subject
    return _name_before(parse, verb, ctx)


def _name_before(parse: _Parse, verb: int, ctx: StoryContext) -> int | None:
    """"’ the ship’s captain, Jana Kovac, told": a name just before a subjectless speech verb."""
    for i in range(verb - 1, max(verb - MAX_SUBJECT_GAP_TOKENS, -1), -1):
        token = parse.tokens[i]
        if parse.in_quote(token.start) or not _same_line(parse, i, verb):
            return None
        if token.pos == "PROPN":
            named = _token_name(parse, i, ctx)
            return i if named is not None and _is_person(parse, *named) else None
    return None


def _same_line(parse: _Parse, a: int, b: int) -> bool:
    """A subject on another line than its verb is a parse across a caption or heading."""
    low, high = sorted((parse.tokens[a].start, parse.tokens[b].start))
    return "\n" not in parse.article.text[low:high]


def _name_subject(parse: _Parse, subject: int, ctx: StoryContext) -> tuple[str, bool] | None:
    """``(speaker, named)`` for a subject token: its name, the person a pronoun or a
    description stands for, or the description itself."""
    token = parse.tokens[subject]
    mention = parse.mention_at(token.start)
    if mention is not None and mention.label in NAMED_LABELS:
        name = _clean_name(parse.article.text, mention, token.start)
        if name:
            return _full_name(ctx, name), True
    if token.pos == "PROPN" and mention is None:
        named = _token_name(parse, subject, ctx)
        if named is not None:
            return named[0], True
    word = parse.word(subject).casefold()
    if token.pos == "PRON":
        return _resolve_pronoun(parse, subject, word, ctx)
    if token.pos not in ("NOUN", "PROPN"):
        return None
    appositive = _named_appositive(parse, subject, ctx)
    if appositive is not None:
        return appositive, True
    return _resolve_description(parse, subject, ctx)


def _clean_name(text: str, mention: Mention, offset: int) -> str | None:
    """The line of a mention holding ``offset``, without a possessive; None if implausible."""
    line_start = text.rfind("\n", mention.start, offset) + 1 or mention.start
    line_start = max(line_start, mention.start)
    line_end = text.find("\n", offset, mention.end)
    name = text[line_start : mention.end if line_end < 0 else line_end].strip()
    name = re.sub(r"^(?:the|The)\s+", "", re.sub(r"[’']s$", "", name)).strip()
    if not name or len(name.split()) > MAX_SPEAKER_WORDS:
        return None
    return name


def _resolve_pronoun(parse: _Parse, subject: int, word: str, ctx: StoryContext) -> tuple[str, bool] | None:
    """He/she -> a person (never a place or an organisation); it/they/we -> an organisation
    or a group; unresolved pronouns name nobody."""
    if word in PERSON_PRONOUNS:
        return _person_antecedent(parse, subject, ctx)
    if word in GROUP_PRONOUNS:
        return _group_antecedent(parse, subject, word, ctx)
    return None


def _person_antecedent(parse: _Parse, subject: int, ctx: StoryContext) -> tuple[str, bool] | None:
    """The nearest person before the pronoun who is the subject of a main clause (or of a
    line, where glued lines break the parse), else the nearest person mentioned at all.

    "Kovac said the mayor had resigned. He said ..." means Kovac: the subject of a clause
    reported by a speech verb ("the mayor") is not who the next "he" continues."""
    fallback: str | None = None
    for i in range(subject - 1, -1, -1):
        token = parse.tokens[i]
        if token.pos != "PROPN" or parse.in_quote(token.start):
            continue
        named = _token_name(parse, i, ctx)
        if named is None or not _is_person(parse, *named):
            continue
        if _subject_role(parse, i) and not _reported_subject(parse, i):
            return named[0], True
        fallback = fallback or named[0]
    return (fallback, True) if fallback else None


def _is_person(parse: _Parse, name: str, label: str) -> bool:
    """A person by the story's types, and never a name the story also puts "in" ("in Vessa"):
    the small model often tags a one-word capital as a person."""
    return parse.type_of(name, label) == "PERSON" and name.split()[-1].casefold() not in parse.places


def _subject_role(parse: _Parse, i: int) -> bool:
    """A subject, the name in apposition to one ("the plant's director, Jana Kovac, wrote"),
    or a name opening its line."""
    token = parse.tokens[i]
    if token.dep in SUBJECT_DEPS:
        return True
    if token.dep == "appos" and parse.tokens[token.head].dep in SUBJECT_DEPS:
        return _comma_set(parse, i)  # "his son Andriy" is a description, not a new subject
    return _opens_line(parse.article.text, token.start)


def _comma_set(parse: _Parse, i: int) -> bool:
    """The name a proper-noun token ends is set off by a comma before it ("the director, Jana Kovac")."""
    first = i
    while first > 0 and parse.tokens[first - 1].pos == "PROPN":
        first -= 1
    return first > 0 and parse.word(first - 1) == ","


def _reported_subject(parse: _Parse, i: int) -> bool:
    """A subject inside a relative clause ("Kovac, whose son *Andriy* was ...") or inside a
    clause that a speech verb with its own earlier subject reports ("Kovac said *Vessa* had")."""
    if parse.tokens[i].dep == "appos":
        i = parse.tokens[i].head
    clause = parse.tokens[i].head
    for _ in range(MAX_REPORTED_HOPS):
        token = parse.tokens[clause]
        if token.dep in RELATIVE_CLAUSE_DEPS:
            return True
        if token.dep not in REPORTED_CLAUSE_DEPS or token.head == clause:
            return False
        clause = token.head
        if parse.tokens[clause].lemma.casefold() in SPEECH_LEMMAS:
            subjects = [c for c in parse.children.get(clause, []) if parse.tokens[c].dep in SUBJECT_DEPS]
            return any(c < i for c in subjects)
    return False


def _group_antecedent(parse: _Parse, subject: int, word: str, ctx: StoryContext) -> tuple[str, bool] | None:
    """The nearest subject before the pronoun, in its sentence or the one before, that can
    stand for a group: an organisation, place or people named, or a description of the
    right number ("they" -> "shift supervisors", "it" -> "the ministry")."""
    sentence = max(parse.sentence_index(parse.tokens[subject].start) - 1, 0)
    floor = parse.sentences[sentence].start
    for i in range(subject - 1, -1, -1):
        token = parse.tokens[i]
        if token.start < floor:
            break
        if token.dep not in SUBJECT_DEPS or token.pos not in ("NOUN", "PROPN") or parse.in_quote(token.start):
            continue
        if token.pos == "PROPN":
            named = _token_name(parse, i, ctx)
            if named is not None and parse.type_of(*named) in GROUP_LABELS:
                return named[0], True
            continue
        plural = parse.word(i).casefold() != token.lemma.casefold()
        if plural == (word != "it"):
            return _resolve_description(parse, i, ctx)
    return None


def _token_name(parse: _Parse, i: int, ctx: StoryContext) -> tuple[str, str] | None:
    """``(canonical name, label)`` of the name a proper-noun token belongs to."""
    token = parse.tokens[i]
    mention = parse.mention_at(token.start)
    if mention is not None:
        name = _clean_name(parse.article.text, mention, token.start)
        return (_full_name(ctx, name), mention.label) if name else None
    first = i
    while first > 0 and parse.tokens[first - 1].pos == "PROPN" and parse.tokens[first - 1].head in (i, first):
        first -= 1
    name = parse.article.text[parse.tokens[first].start : token.end]
    return (_full_name(ctx, name), "PERSON") if "\n" not in name else None


def _full_name(ctx: StoryContext, name: str) -> str:
    """The resolved name; a surname alone ("Lind") goes to the one person of the story it ends."""
    canonical = ctx.canonical_name(name)
    if canonical != name or " " in name:
        return canonical
    people = {e.name for e in ctx.entities if e.type == "PERSON" and e.name.split()[-1] == name}
    return people.pop() if len(people) == 1 else name


def _opens_line(text: str, offset: int) -> bool:
    return not text[text.rfind("\n", 0, offset) + 1 : offset].strip()


def _named_appositive(parse: _Parse, subject: int, ctx: StoryContext) -> str | None:
    """"A spokesperson, Jana Kovac, said": the name in apposition to the subject."""
    for child in parse.children.get(subject, []):
        if parse.tokens[child].dep != "appos":
            continue
        mention = parse.mention_at(parse.tokens[child].start)
        if mention is not None and mention.label == "PERSON":
            name = _clean_name(parse.article.text, mention, parse.tokens[child].start)
            if name:
                return ctx.canonical_name(name)
    return None


def _description(parse: _Parse, subject: int) -> tuple[int, int]:
    """Offsets of "the foreign minister" / "a senior official": the subject's left modifiers and head."""
    left = subject
    for child in sorted(parse.children.get(subject, [])):
        if child < subject and parse.tokens[child].dep in ("det", "amod", "compound", "poss", "nmod", "case"):
            left = min(left, child)
            break
    text = parse.article.text
    start = parse.tokens[left].start
    while text[start : parse.tokens[subject].end].count("\n"):
        start = text.index("\n", start) + 1
    return start, parse.tokens[subject].end


def _resolve_description(parse: _Parse, subject: int, ctx: StoryContext) -> tuple[str, bool]:
    """The person the story introduced with this title, when clear; else the description."""
    start, end = _description(parse, subject)
    description = parse.article.text[start:end]
    canonical = ctx.canonical_name(description)
    if canonical != description:
        return canonical, True
    titled = _titled_person(parse, parse.tokens[subject].lemma.casefold(), start)
    if titled is not None:
        return ctx.canonical_name(titled), True
    return description, False


def _titled_person(parse: _Parse, title: str, before: int) -> str | None:
    """The nearest person before ``before`` whose name has ``title`` just before it or in apposition."""
    k = bisect.bisect_left(parse.mention_starts, before) - 1
    while k >= 0:
        mention = parse.mentions[k]
        k -= 1
        if mention.label != "PERSON" or parse.in_quote(mention.start):
            continue
        window = parse.token_range(parse.tokens[parse.token_range(mention.start, mention.end)[0]].start, mention.end)
        first = window.start
        nearby = range(max(first - TITLE_WINDOW_TOKENS, 0), first)
        appositives = [c for i in window for c in parse.children.get(i, []) if parse.tokens[c].dep == "appos"]
        lemmas = {parse.tokens[i].lemma.casefold() for i in nearby}
        lemmas |= {parse.tokens[i].lemma.casefold() for a in appositives for i in _subtree(parse, a)}
        if title in lemmas:
            return _clean_name(parse.article.text, mention, mention.end - 1)
    return None


def _subtree(parse: _Parse, i: int) -> list[int]:
    todo, seen = [i], []
    while todo:
        node = todo.pop()
        seen.append(node)
        todo.extend(parse.children.get(node, []))
    return seen


# ----------------------------------------------------------------- occurrences


def _attribute(parse: _Parse, chain: list[_Segment], ctx: StoryContext) -> _Speaker | None:
    """The speaker nearest the quote in its own sentences, else in a sentence before it that ends with a colon."""
    first = parse.sentence_index(chain[0].start)
    last = parse.sentence_index(chain[-1].end - 1)
    text = parse.article.text
    span = (max(parse.sentences[first].start, text.rfind("\n", 0, chain[0].start) + 1),
            _paragraph_end(text, chain[-1].end, parse.sentences[last].end))
    found = _speakers_in(parse, *span, ctx)
    if not found and first > 0 and _introduced_by_colon(parse, first, chain[0].start):
        found = _speakers_in(parse, parse.sentences[first - 1].start, parse.sentences[first - 1].end, ctx)
    if not found:
        return None
    return min(found, key=lambda s: _distance(s.position, chain))


def _paragraph_end(text: str, offset: int, limit: int) -> int:
    newline = text.find("\n", offset, limit)
    return limit if newline < 0 else newline


def _introduced_by_colon(parse: _Parse, sentence: int, quote_start: int) -> bool:
    text = parse.article.text
    before = text[parse.sentences[sentence - 1].start : quote_start].rstrip(" \n\"“'‘")
    return before.endswith(":")


def _distance(position: int, chain: list[_Segment]) -> int:
    return min(abs(position - s.start) if position < s.start else abs(position - s.end) for s in chain)


def _places(ctx: StoryContext) -> frozenset[str]:
    """Proper nouns the story's articles use after a locative preposition ("talks in Vessa")."""
    found: set[str] = set()
    for article in ctx.articles:
        parsed = ctx.parsed.get(article.id)
        tokens = parsed.tokens if parsed else []
        for token in tokens:
            head = tokens[token.head]
            if token.dep == "pobj" and token.pos == "PROPN" and \
                    article.text[head.start : head.end].casefold() in LOCATIVE_PREPOSITIONS:
                found.add(article.text[token.start : token.end].casefold())
    return frozenset(found)


def _occurrences(ctx: StoryContext, article: Article, places: frozenset[str] = frozenset()) -> list[_Occurrence]:
    parsed = ctx.parsed.get(article.id)
    if parsed is None or not parsed.tokens:
        return []
    segments = [_Segment(*span) for span in quote_spans(article.text)]
    parse = _Parse(article, parsed, segments, {e.name.casefold(): e.type for e in ctx.entities}, places)
    on_topic = [(s.start, s.end) for s in ctx.sentences(article)]
    found: list[_Occurrence] = []
    previous: _Occurrence | None = None
    for chain in _chains(article.text, segments):
        occurrence = _occurrence(ctx, parse, chain, previous)
        previous = occurrence if occurrence is not None and occurrence.speaker else None
        if occurrence is not None and _within(on_topic, chain[0].start):
            found.append(occurrence)
    return found


def _occurrence(ctx: StoryContext, parse: _Parse, chain: list[_Segment], previous: _Occurrence | None
                ) -> _Occurrence | None:
    text = parse.article.text
    words = sum(len(_WORD_ANY.findall(text[s.start : s.end])) for s in chain)
    statement = words >= MIN_VERBLESS_STATEMENT_WORDS or (
        words >= MIN_STATEMENT_WORDS and any(parse.has_verb(s.start, s.end) for s in chain))
    speaker = _attribute(parse, chain, ctx)
    if speaker is None and statement and previous is not None and _same_paragraph(text, previous, chain):
        speaker = _Speaker(previous.speaker or "", previous.named, previous.segments[-1].end)
    if speaker is None or not speaker.name or (not statement and words < MIN_PARTIAL_WORDS):
        return None
    if not statement and parse.sentence_index(speaker.position) != parse.sentence_index(chain[0].start):
        return None  # a partial quote is attributed in its own sentence, or it is a scare quote
    occurrence = _Occurrence(parse.article, chain, speaker.name, speaker.named, partial=not statement,
                             context=_window(text, chain[0]), text=_chain_text(text, chain))
    occurrence.key = normalize_quote(occurrence.text)
    return occurrence


def _window(text: str, segment: _Segment) -> str:
    """The partial quote's words and the few words either side of it on its line, normalised."""
    line_start = text.rfind("\n", 0, segment.start) + 1
    line_end = text.find("\n", segment.end)
    before = normalize_quote(text[line_start : segment.start]).split()[-PARTIAL_WINDOW_WORDS:]
    after = normalize_quote(text[segment.end : len(text) if line_end < 0 else line_end]).split()
    return " ".join([*before, normalize_quote(text[segment.start : segment.end]), *after[:PARTIAL_WINDOW_WORDS]])


def _same_paragraph(text: str, previous: _Occurrence, chain: list[_Segment]) -> bool:
    return "\n" not in text[previous.segments[-1].end : chain[0].start]


def _within(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)


# --------------------------------------------------------------------- merging


def normalize_quote(text: str) -> str:
    """Comparable wording: ASCII, casefolded, American spelling, words only."""
    folded = unidecode(text).casefold()
    for pattern, replacement in SPELLING_FOLDS:
        folded = pattern.sub(replacement, folded)
    return " ".join(_WORD.findall(folded))


def _content(text: str) -> set[str]:
    return {w for w in normalize_quote(text).split() if w not in ENGLISH_STOP_WORDS and len(w) > 1}


def _speaker_key(occurrence: _Occurrence) -> str | None:
    return normalize_quote(occurrence.speaker) if occurrence.named and occurrence.speaker else None


def _speakers_compatible(a: _Occurrence, b: _Occurrence) -> tuple[bool, bool]:
    """``(compatible, both named)``: two named speakers must be the same person."""
    key_a, key_b = _speaker_key(a), _speaker_key(b)
    both = bool(key_a and key_b)
    return (not both or key_a == key_b), both


def same_quote(a: _Occurrence, b: _Occurrence) -> bool:
    """Two full quotes are one: the same speaker (or an unnamed one and near-identical words),
    and one is a truncation of the other or they share most content words (a reworded translation)."""
    compatible, named = _speakers_compatible(a, b)
    if not compatible:
        return False
    short, long = sorted((a, b), key=lambda o: len(o.key))
    ratio = fuzz.partial_ratio(short.key, long.key)
    if not named:
        return ratio >= UNNAMED_PARTIAL_RATIO
    if ratio >= SAME_QUOTE_PARTIAL_RATIO:
        return True
    words_a, words_b = _content(a.text), _content(b.text)
    shared = len(words_a & words_b)
    return shared >= MIN_SHARED_CONTENT and shared / min(len(words_a), len(words_b)) >= SAME_QUOTE_OVERLAP


def partial_match(partial: _Occurrence, other: _Occurrence) -> float:
    """How well a partial quote fits another quote (0 when it does not): its words inside the
    other's (a truncation), or, from another article, a paraphrase of one of its sentences."""
    compatible, named = _speakers_compatible(partial, other)
    if not compatible:
        return 0.0
    ratio = fuzz.partial_ratio(partial.key, other.key) if len(partial.key) <= len(other.key) else 0.0
    if ratio >= (SAME_QUOTE_PARTIAL_RATIO if named else UNNAMED_PARTIAL_RATIO):
        return ratio
    if named and not other.partial and partial.article.id != other.article.id and _paraphrases(partial, other):
        return PARAPHRASE_SCORE
    return 0.0


def _paraphrases(partial: _Occurrence, quote: _Occurrence) -> bool:
    """"there are “far more” stranded sailors" against "there are many more than ten such stranded
    sailors": the words around the partial recur in one sentence of the quote."""
    window = set(partial.context.split()) - FUNCTION_WORDS
    for sentence in re.split(r"(?<=[.!?])\s+", quote.text):
        shared = len(window & set(normalize_quote(sentence).split()))
        if shared >= PARTIAL_CONTEXT_SHARED and shared / max(len(window), 1) >= PARTIAL_CONTEXT_SHARE:
            return True
    return False


def _candidate_pairs(occurrences: list[_Occurrence]) -> list[tuple[int, int]]:
    """Pairs worth comparing: shared words by sparse TF-IDF product (no all-pairs loop).

    Only function words are dropped: "many more" is a quote made of stop words."""
    if len(occurrences) < 2:
        return []
    docs = [o.key + (" " + o.context if o.partial else "") for o in occurrences]
    try:
        matrix = TfidfVectorizer(stop_words=sorted(FUNCTION_WORDS)).fit_transform(docs)
    except ValueError:  # nothing but stop words
        return []
    similar = (matrix @ matrix.T).tocoo()
    keep = (similar.row < similar.col) & (similar.data >= MIN_CANDIDATE_COSINE)
    order = np.argsort(-similar.data[keep], kind="stable")
    return list(zip(similar.row[keep][order].tolist(), similar.col[keep][order].tolist(), strict=True))


class _Union:
    """Union-find whose groups remember their named speakers (a group never holds two)."""

    def __init__(self, occurrences: list[_Occurrence]) -> None:
        self.parent = list(range(len(occurrences)))
        self.names = [{key} if (key := _speaker_key(o)) else set() for o in occurrences]

    def root(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.root(i), self.root(j)
        if ri == rj or len(self.names[ri] | self.names[rj]) > 1:
            return
        keep, gone = min(ri, rj), max(ri, rj)
        self.parent[gone] = keep
        self.names[keep] |= self.names[gone]


def _groups(occurrences: list[_Occurrence]) -> list[list[_Occurrence]]:
    """Full quotes group with each other; partial quotes group with each other, then each
    partial group attaches to its one best-fitting full quote, so a short phrase never
    bridges two different statements."""
    pairs = _candidate_pairs(occurrences)
    union = _Union(occurrences)
    for i, j in pairs:
        a, b = occurrences[i], occurrences[j]
        if a.partial == b.partial and (partial_match(a, b) or partial_match(b, a) if a.partial else same_quote(a, b)):
            union.join(i, j)
    best: dict[int, tuple[float, int]] = {}
    for i, j in pairs:
        for p, f in ((i, j), (j, i)):
            if occurrences[p].partial and not occurrences[f].partial:
                score = partial_match(occurrences[p], occurrences[f])
                root = union.root(p)
                if score and score > best.get(root, (0.0, -1))[0]:
                    best[root] = (score, f)
    for root, (_, full) in best.items():
        union.join(root, full)
    grouped: dict[int, list[_Occurrence]] = defaultdict(list)
    for i, occurrence in enumerate(occurrences):
        grouped[union.root(i)].append(occurrence)
    return list(grouped.values())


# ---------------------------------------------------------------------- output


def find_quotes(ctx: StoryContext) -> list[Quote]:
    """Direct quotes with speakers, the same quote across outlets merged, most-reported first."""
    places = _places(ctx)
    occurrences = [o for article in ctx.articles for o in _occurrences(ctx, article, places)]
    quotes = [_to_quote(ctx, group) for group in _groups(occurrences)]
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    quotes.sort(key=lambda q: (-ctx.independent_count(q.sources), order[q.evidence[0].article], q.evidence[0].start))
    return quotes


def _to_quote(ctx: StoryContext, group: list[_Occurrence]) -> Quote:
    full = [o for o in group if not o.partial] or group
    main = max(full, key=lambda o: (len(o.key), -group.index(o)))
    by_wording: dict[str, list[_Occurrence]] = defaultdict(list)
    for occurrence in group:
        by_wording[occurrence.key].append(occurrence)
    variants = [  # the other wordings: the main one's sources are the quote's own
        QuoteVariant(members[0].text, ctx.order_sources(o.article.id for o in members))
        for key, members in sorted(by_wording.items(), key=lambda kv: (-len(kv[1]), group.index(kv[1][0])))
        if key != main.key
    ]
    evidence = [
        Evidence(o.article.id, o.article.text[s.start : s.end], s.start, s.end) for o in group for s in o.segments
    ]
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    evidence.sort(key=lambda e: (order[e.article], e.start))
    return Quote(
        speaker=_group_speaker(group),
        text=main.text,
        sources=ctx.order_sources(o.article.id for o in group),
        variants=variants,
        evidence=evidence,
    )


def _group_speaker(group: list[_Occurrence]) -> str | None:
    """The most common named speaker; a description only when nobody is named."""
    named = Counter(o.speaker for o in group if o.named and o.speaker)
    if named:
        return named.most_common(1)[0][0]
    described = Counter(o.speaker for o in group if o.speaker)
    return described.most_common(1)[0][0] if described else None
