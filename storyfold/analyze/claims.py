"""Claims: the units facts are aligned on, cut from on-topic sentences.

A sentence often carries two claims joined by "and"/"but" or a semicolon ("40 were
injured and the bridge remains closed"); aligning whole sentences would tie the
two together, so a sentence is cut where a coordinated clause brings its own
subject.  Each claim keeps its token span, so later steps (terms, quantities,
polarity) read the parse instead of re-parsing text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from unidecode import unidecode

from storyfold.analyze.context import StoryContext, StorySentence
from storyfold.analyze.core.lexicon import (
    ATTRIBUTION_WORDS,
    MODAL_LEMMAS,
    NEGATION_LEMMAS,
    NOT_YET_WORDS,
    NUMBER_SCALES,
    NUMBER_UNITS,
    REPORTING_SPEECH_LEMMAS,
)
from storyfold.analyze.core.quote_marks import (
    ALL_DOUBLE,
    CLOSING_DOUBLE,
    CLOSING_SINGLE,
    OPENING_DOUBLE,
    OPENING_SINGLE,
    STRAIGHT_DOUBLE,
)
from storyfold.model import Article, Evidence, Mention
from storyfold.nlp import ParsedArticle, Token

# A half with fewer content words than this is not a claim on its own ("and he left"):
# the sentence stays whole rather than yield a fragment no other outlet would match.
MIN_CLAIM_TERMS = 3
# Sentences with fewer content words carry no checkable claim (bylines, sub-heads, "Read more").
MIN_SENTENCE_TERMS = 4
# A claim is a quote when quoted words make up at least this share of it; quotes are
# still claims but are not the preferred wording of a fact.
QUOTE_SHARE = 0.5
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM", "ADV"})
# Children of a speech verb that carry the setting rather than the reported content.
SETTING_DEPS = frozenset(
    {"nsubj", "nsubjpass", "prep", "npadvmod", "advmod", "agent", "dative", "dobj", "aux", "prt", "punct", "advcl"}
)
# Named-entity labels whose resolved name stands for the words of the mention.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
OBJECT_DEPS = frozenset({"dobj", "attr", "acomp", "oprd"})
ENTITY_PREFIX = "ent:"
NUMBER_PREFIX = "num:"
# Quoted passages: any double marks, or single marks around a dozen characters or more (shorter
# ones are apostrophes and nicknames more often than quotes).
_QUOTED = re.compile(f"[{ALL_DOUBLE}](.+?)[{ALL_DOUBLE}]"
                     f"|[{OPENING_SINGLE}]([^{CLOSING_SINGLE}]{{12,}}?)[{CLOSING_SINGLE}]", re.DOTALL)
_OPENING_QUOTES = OPENING_DOUBLE + OPENING_SINGLE + STRAIGHT_DOUBLE
_CLOSING_QUOTES = CLOSING_DOUBLE + CLOSING_SINGLE + STRAIGHT_DOUBLE
_EDGE = " \t\n,;:-–—"
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
DATE_LABELS = frozenset({"DATE", "TIME"})
# A month and a day ("February 28", "28 February", "Feb. 28"): a day two outlets can disagree on.
_CALENDAR_DAY = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
# Verbs that carry no act of their own: the act is their complement ("has evidence", "is set to vote").
LIGHT_LEMMAS = frozenset({"be", "have", "do", "get", "make", "become", "remain", "keep", "go", "give"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "attr", "dobj", "acomp", "oprd"})
# How many light or modal verbs a claim's act is looked for below (has -> yet to -> provide).
MAX_PREDICATE_DEPTH = 3


@dataclass(slots=True)
class ClaimFrame:
    """What a claim asserts, read from the parse: what two outlets must share to state one claim.

    ``predicate``: lemmas of the act (the reported content's verb, through light and modal
    verbs); ``negated``: the act is denied ("has yet to", "did not"); ``modal``: a view, wish or
    possibility ("wants to", "could"), not the act; ``groups``: nationalities and groups named
    (NORP), which tell North Korean prisoners from Chinese ones; ``speaker``: the resolved name
    of who the claim is attributed to (None when unnamed or stated in the outlet's own voice);
    ``attribution``: the attribution as written ("officials said").
    """

    predicate: frozenset[str] = frozenset()
    negated: bool = False
    modal: bool = False
    groups: frozenset[str] = frozenset()
    speaker: str | None = None
    attribution: str | None = None
    counts: frozenset[str] = frozenset()  # figures, not dates ("num:12")
    days: frozenset[str] = frozenset()  # explicit calendar days as written ("february 28")
    verbal: bool = True  # the claim has a verb of its own (not a fragment: "revolver in hand")


@dataclass(slots=True)
class Claim:
    """One claim: a sentence or a clause of it, as offsets and token indices."""

    sentence: StorySentence
    start: int
    end: int
    token_ids: list[int]
    terms: list[str] = field(default_factory=list)
    is_quote: bool = False
    whole_sentence: bool = True
    frame: ClaimFrame = field(default_factory=ClaimFrame)
    content: str = ""  # the claim's words without its attribution ("who said it")
    subjectless: bool = False  # a clause whose subject is in another part of its sentence

    @property
    def article(self) -> Article:
        return self.sentence.article

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    def evidence(self) -> Evidence:
        evidence = self.sentence.evidence(self.start, self.end)
        evidence.attribution = self.frame.attribution
        return evidence


class ArticleTokens:
    """Token lookups by offset for one article (bisect, no scanning)."""

    def __init__(self, parsed: ParsedArticle) -> None:
        self.tokens: list[Token] = parsed.tokens
        self.starts = [t.start for t in self.tokens]
        self.mentions: list[Mention] = sorted(parsed.mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.children: dict[int, list[int]] = {}
        for i, token in enumerate(self.tokens):
            if token.head != i:
                self.children.setdefault(token.head, []).append(i)

    def span(self, start: int, end: int) -> list[int]:
        """Indices of the tokens inside ``[start, end)``."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return list(range(lo, hi))

    def lemma(self, i: int) -> str:
        """Token ``i``'s lemma in the form claims are compared by."""
        return normal_form(self.tokens[i].lemma)

    def mention_at(self, offset: int) -> Mention | None:
        i = bisect.bisect_right(self.mention_starts, offset) - 1
        if i >= 0 and self.mentions[i].start <= offset < self.mentions[i].end:
            return self.mentions[i]
        return None


def extract_claims(ctx: StoryContext) -> list[Claim]:
    """Every claim of the story's on-topic sentences, in article then text order."""
    claims: list[Claim] = []
    for article in ctx.articles:
        parsed = ctx.parsed.get(article.id)
        if parsed is None or not parsed.tokens:
            continue
        index = ArticleTokens(parsed)
        for sentence in ctx.sentences(article):
            for segment in _line_segments(article.text, index, sentence):
                claims.extend(_segment_claims(ctx, sentence, index, segment))
    return claims


def _line_segments(text: str, index: ArticleTokens, sentence: StorySentence) -> list[list[int]]:
    """The sentence's tokens cut at line breaks: a "sentence" running over a line break
    is a caption or byline glued to the next paragraph, not one statement."""
    segments: list[list[int]] = [[]]
    for i in index.span(sentence.start, sentence.end):
        token = index.tokens[i]
        if "\n" in text[token.start : token.end] or (token.start > 0 and "\n" in text[token.start - 1 : token.start]):
            segments.append([])
        if text[token.start : token.end].strip():
            segments[-1].append(i)
    return [s for s in segments if s]


def _segment_claims(
    ctx: StoryContext, sentence: StorySentence, index: ArticleTokens, token_ids: list[int]
) -> Iterator[Claim]:
    whole = _make_claim(ctx, sentence, index, token_ids, whole=True)
    if whole is None or len(whole.terms) < MIN_SENTENCE_TERMS:
        return
    if whole.is_quote:
        yield whole  # a quote aligns by its whole content
        return
    parts = _split_points(sentence.article.text, index, token_ids)
    cut = _cut(token_ids, parts)
    pieces = [_make_claim(ctx, sentence, index, ids, whole=False) for ids in cut]
    for piece, ids in zip(pieces, cut, strict=True):
        if piece is not None:
            # "... and employs about 2,300 people": it aligns as a claim, but no reader can take
            # it on its own, so a fact worded by it shows its whole sentence (facts.fact_text)
            piece.subjectless = not _has_subject(index, ids)
    if len(pieces) > 1 and all(p is not None and len(p.terms) >= MIN_CLAIM_TERMS for p in pieces):
        yield from pieces  # type: ignore[misc]
    else:
        yield whole


def _split_points(text: str, index: ArticleTokens, token_ids: list[int]) -> list[int]:
    """Token indices where a new claim starts: a top-level semicolon, or the "and"/"but"
    before a coordinated verb that has its own subject."""
    inside = set(token_ids)
    points: list[int] = []
    for i in token_ids:
        token = index.tokens[i]
        if text[token.start : token.end] == ";" and i + 1 in inside:
            points.append(i)
        elif token.dep == "conj" and token.pos in {"VERB", "AUX"} and _has_own_claim(index, i):
            before = min(subtree(index, i)) - 1  # the word just before the clause
            if before in inside and before > token_ids[0] and index.tokens[before].pos == "CCONJ":
                points.append(before)
    return sorted(set(points))


def _has_subject(index: ArticleTokens, token_ids: list[int]) -> bool:
    """The piece states who did what: a subject of one of its own verbs that does not only
    report it ("and employs 2,300 people, the company said" has none of its own)."""
    inside = set(token_ids)
    return any(index.tokens[i].dep in SUBJECT_DEPS and index.tokens[i].head in inside
               and index.tokens[index.tokens[i].head].lemma not in REPORTING_SPEECH_LEMMAS for i in token_ids)


def _has_own_claim(index: ArticleTokens, i: int) -> bool:
    """A coordinated verb states a second claim when it has its own subject ("... and the
    bridge remains closed"), or its own object in a finite clause ("China has provided X and
    has offered Y"); "to express X and demand Y" is one claim."""
    deps = {index.tokens[c].dep for c in index.children.get(i, [])}
    if deps & SUBJECT_DEPS:
        return True
    head_deps = {index.tokens[c].dep for c in index.children.get(index.tokens[i].head, [])}
    return bool(deps & OBJECT_DEPS) and bool(head_deps & SUBJECT_DEPS)


def _cut(token_ids: list[int], points: list[int]) -> list[list[int]]:
    """Split ``token_ids`` before each point; the conjunction or semicolon itself is dropped."""
    pieces: list[list[int]] = []
    current: list[int] = []
    for i in token_ids:
        if i in points:
            pieces.append(current)
            current = []
            continue
        current.append(i)
    pieces.append(current)
    return [p for p in pieces if p]


def _make_claim(
    ctx: StoryContext, sentence: StorySentence, index: ArticleTokens, token_ids: list[int], *, whole: bool
) -> Claim | None:
    if not token_ids:
        return None
    text = sentence.article.text
    start, end = index.tokens[token_ids[0]].start, index.tokens[token_ids[-1]].end
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    if end <= start:
        return None
    claim = Claim(sentence, start, end, token_ids, whole_sentence=whole)
    claim.terms = claim_terms(ctx, index, claim)
    claim.is_quote = _is_quote(text[start:end])
    claim.frame = claim_frame(ctx, index, text, token_ids)
    claim.content = _content_text(text, index, token_ids)
    return claim


def claim_frame(ctx: StoryContext, index: ArticleTokens, text: str, token_ids: list[int]) -> ClaimFrame:
    """The claim's act, polarity, modality, groups and attribution (see :class:`ClaimFrame`)."""
    inside = set(token_ids)
    roots = [i for i in token_ids if index.tokens[i].head == i or index.tokens[i].head not in inside]
    setting = speech_setting(index, token_ids)
    speech = [i for i in roots if i in setting or index.tokens[i].lemma in REPORTING_SPEECH_LEMMAS]
    heads = [c for i in speech for c in index.children.get(i, []) if c in inside and c not in setting
             and index.tokens[c].dep in {"ccomp", "xcomp", "conj", "parataxis"}]
    heads = heads or [i for i in roots if i not in setting] or roots
    chain, modal = _predicate_chain(index, heads[0], inside)
    negated = _negated(index, chain, inside)
    groups = frozenset(
        normal_form(ctx.canonical_name(m.text))
        for m in index.mentions
        if m.label == "NORP" and index.span(m.start, m.end) and index.span(m.start, m.end)[0] in inside - setting
    )
    speaker, attribution = _attribution(ctx, index, text, token_ids, setting)
    acts = chain + _consequences(index, chain[-1], inside)
    predicate = frozenset(index.lemma(i) for i in acts if index.lemma(i) not in LIGHT_LEMMAS | MODAL_LEMMAS)
    counts, days = _figures_and_days(index, text, token_ids)
    verbal = any(index.tokens[i].pos in {"VERB", "AUX"} for i in chain)
    return ClaimFrame(predicate or frozenset(index.lemma(i) for i in chain), negated, modal, groups,
                      speaker, attribution, counts, days, verbal)


def _figures_and_days(index: ArticleTokens, text: str, token_ids: list[int]) -> tuple[frozenset[str], frozenset[str]]:
    """Figures outside dates and times, and explicit calendar days ("February 28")."""
    counts: set[str] = set()
    days: set[str] = set()
    for i in token_ids:
        token = index.tokens[i]
        mention = index.mention_at(token.start)
        if mention is not None and mention.label in DATE_LABELS:
            if _CALENDAR_DAY.search(mention.text):
                days.add(" ".join(normal_form(_CALENDAR_DAY.search(mention.text).group(0)).split()))
            continue
        if token.pos == "NUM" and (value := number_value(text[token.start : token.end])) is not None:
            counts.add(f"{NUMBER_PREFIX}{value:g}")
    return frozenset(counts), frozenset(days)


def _consequences(index: ArticleTokens, head: int, inside: set[int]) -> list[int]:
    """Verbs the act carries with it ("collapsed, killing three and injuring 14"): a participle
    clause and the verbs coordinated with it, part of the claim an outlet may lead with."""
    found = [c for c in index.children.get(head, []) if c in inside and index.tokens[c].dep == "advcl"
             and index.tokens[c].pos == "VERB" and index.tokens[c].start > index.tokens[head].start]
    found += [c for i in found for c in index.children.get(i, []) if c in inside
              and index.tokens[c].dep == "conj" and index.tokens[c].pos == "VERB"]
    return found


def _predicate_chain(index: ArticleTokens, head: int, inside: set[int]) -> tuple[list[int], bool]:
    """The head and the complements a light or modal verb hands its act to; whether a modal
    word (verb, auxiliary or adverb) governs it."""
    chain, modal, current = [head], False, head
    for _ in range(MAX_PREDICATE_DEPTH):
        kids = [c for c in index.children.get(current, []) if c in inside]
        if any(index.lemma(c) in MODAL_LEMMAS and index.tokens[c].dep in {"aux", "advmod"} for c in kids):
            modal = True
        lemma = index.lemma(current)
        if lemma in MODAL_LEMMAS:
            modal = True
        if lemma not in LIGHT_LEMMAS | MODAL_LEMMAS | NOT_YET_WORDS:
            break
        complements = [c for c in kids if index.tokens[c].dep in COMPLEMENT_DEPS]
        if not complements:
            break
        current = complements[0]
        chain.append(current)
    return chain, modal


def _negated(index: ArticleTokens, chain: list[int], inside: set[int]) -> bool:
    """An odd number of denials on the act's chain: "did not", "has yet to", "denied", "no evidence".
    "yet" denies only in "has yet to provide" (no other denial, an infinitive after it); beside a
    "not" it says "so far": "has not yet provided" is one denial, not two that cancel out."""
    count, yet_to = 0, False
    for i in chain:
        if index.lemma(i) in NEGATION_LEMMAS:
            count += 1
        for c in index.children.get(i, []):
            if c not in inside:
                continue
            if index.tokens[c].dep == "neg" or index.lemma(c) in NEGATION_LEMMAS:
                count += 1
            elif index.lemma(c) in NOT_YET_WORDS and _takes_infinitive(index, i):
                yet_to = True
    return yet_to if count == 0 else count % 2 == 1


def _takes_infinitive(index: ArticleTokens, verb: int) -> bool:
    """The verb has an infinitive complement: "has yet [to provide]", "is yet [to be confirmed]"."""
    return any(index.tokens[c].dep == "xcomp" for c in index.children.get(verb, []))


def _attribution(ctx: StoryContext, index: ArticleTokens, text: str, token_ids: list[int],
                 setting: set[int]) -> tuple[str | None, str | None]:
    """Who the claim is attributed to (resolved name, when a named entity) and how it reads."""
    for i in token_ids:
        token = index.tokens[i]
        if token.lemma == "accord" and token.dep == "prep":
            ids = sorted(subtree(index, i))
            return _speaker_name(ctx, index, ids), text[index.tokens[ids[0]].start : index.tokens[ids[-1]].end]
    for i in token_ids:
        token = index.tokens[i]
        if token.lemma in REPORTING_SPEECH_LEMMAS and token.pos in {"VERB", "AUX"} and i in setting:
            subjects = [c for c in index.children.get(i, []) if index.tokens[c].dep in {"nsubj", "nsubjpass"}]
            if not subjects:
                continue
            ids = sorted(subtree(index, subjects[0]) | {i})
            words = text[index.tokens[ids[0]].start : index.tokens[ids[-1]].end]
            return _speaker_name(ctx, index, sorted(subtree(index, subjects[0]))), words
    return None, None


def _speaker_name(ctx: StoryContext, index: ArticleTokens, ids: list[int]) -> str | None:
    """The resolved name of the first person or organisation among ``ids``, if any."""
    for i in ids:
        mention = index.mention_at(index.tokens[i].start)
        if mention is not None and mention.label in {"PERSON", "ORG", "GPE", "NORP"}:
            return normal_form(ctx.canonical_name(mention.text))
    return None


def _content_text(text: str, index: ArticleTokens, token_ids: list[int]) -> str:
    """The claim's words with the attribution taken out ("X captured Y, officials said" -> "X
    captured Y"); the whole claim when the attribution sits inside it."""
    setting = speech_setting(index, token_ids)
    kept = [i for i in token_ids if i not in setting]
    if not kept or len(kept) == len(token_ids):
        return " ".join(text[index.tokens[token_ids[0]].start : index.tokens[token_ids[-1]].end].split())
    words = text[index.tokens[kept[0]].start : index.tokens[kept[-1]].end]
    return " ".join(words.split()).strip(_EDGE + "\"“”")


def _is_quote(text: str) -> bool:
    """Mostly quoted words, or a sentence that opens a quote running on to the next one."""
    if text[:1] in _OPENING_QUOTES:
        return True
    if text.rstrip(".,!?")[-1:] in _CLOSING_QUOTES and not any(q in text for q in _OPENING_QUOTES):
        return True  # the tail of a quote opened in the previous sentence
    quoted = sum(len(m.group(0)) for m in _QUOTED.finditer(text))
    return quoted / max(len(text), 1) >= QUOTE_SHARE


def claim_terms(ctx: StoryContext, index: ArticleTokens, claim: Claim) -> list[str]:
    """Content lemmas, resolved entity names and number values: what alignment compares.

    Entity words become one ``ent:`` term with the resolved name, so two outlets that
    spell a name differently still share it; numbers become ``num:`` terms by value.
    """
    text = claim.article.text
    terms: list[str] = []
    seen_mentions: set[int] = set()
    setting = speech_setting(index, claim.token_ids)
    for i in claim.token_ids:
        if i in setting:
            continue
        token = index.tokens[i]
        mention = index.mention_at(token.start)
        if mention is not None and mention.label in NAME_LABELS:
            if mention.start not in seen_mentions:
                seen_mentions.add(mention.start)
                terms.append(ENTITY_PREFIX + normal_form(ctx.canonical_name(mention.text)))
            continue
        if token.pos == "NUM":
            value = number_value(text[token.start : token.end])
            if value is not None:
                terms.append(f"{NUMBER_PREFIX}{value:g}")
            continue
        term = _content_term(token)
        if term:
            terms.append(term)
    return terms


def speech_setting(index: ArticleTokens, token_ids: list[int]) -> set[int]:
    """Tokens that only say who reported the claim, where and when (see ``REPORTING_SPEECH_LEMMAS``)."""
    inside = set(token_ids)
    setting: set[int] = set()
    for i in token_ids:
        token = index.tokens[i]
        if token.lemma == "accord" and token.dep == "prep":
            setting |= subtree(index, i)
        elif token.lemma in REPORTING_SPEECH_LEMMAS and token.pos in {"VERB", "AUX"}:
            setting.add(i)
            for child in index.children.get(i, []):
                if index.tokens[child].dep in SETTING_DEPS:
                    setting |= subtree(index, child)
    return setting & inside


def subtree(index: ArticleTokens, i: int) -> set[int]:
    """Token ``i`` and every token below it in the parse."""
    found, todo = {i}, [i]
    while todo:
        for child in index.children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _content_term(token: Token) -> str | None:
    lemma = normal_form(token.lemma)
    if token.pos not in CONTENT_POS or lemma in STOP_WORDS or lemma in ATTRIBUTION_WORDS:
        return None
    if len(lemma) < 2 or not any(ch.isalpha() for ch in lemma):
        return None
    return lemma


def number_value(text: str) -> float | None:
    """The value of one number token: "3,000", "2.5", "two", "forty-two"; None otherwise."""
    word = text.casefold().strip()
    if _DIGITS.match(word):
        return float(word.replace(",", ""))
    if word in NUMBER_UNITS:
        return float(NUMBER_UNITS[word])
    if word in NUMBER_SCALES:
        return float(NUMBER_SCALES[word])
    parts = word.split("-")
    if len(parts) == 2 and all(p in NUMBER_UNITS for p in parts):
        return float(NUMBER_UNITS[parts[0]] + NUMBER_UNITS[parts[1]])
    return None


def normal_form(text: str) -> str:
    """Case-, accent- and apostrophe-free form, so "chargé" and "charge" are one term."""
    return unidecode(text).casefold().replace("'", "").strip()


def is_special(term: str) -> bool:
    """Entity and number terms: shared by claims about the same people, not the same act."""
    return term.startswith((ENTITY_PREFIX, NUMBER_PREFIX))
