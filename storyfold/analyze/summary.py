"""The cited summary of a story, and what each outlet alone reports.

A reader should get what the outlets agree on first, each sentence in the words of
an article that reports it and citing the articles that state it.  So the summary is
extractive: candidates are the aligned facts (``ctx.facts``), each worded by its best
whole sentence (cautious over certain, majority spelling, not a quotation), plus the
article leads no fact holds (cited to their own article only), and they are picked
greedily by the content words they share with the *other* outlets and their headlines,
each word counted once (:mod:`storyfold.analyze.summary_consensus`): the main event
first, then distinct corroborated developments, no restatements (by cosine, or a claim
mostly inside a chosen sentence either way round, unless it gives a new figure).  It
opens with a lead several outlets report (else a lead or a corroborated sentence), one
article's sentences keep that article's order, and the length follows the story: a
word budget from its independent text, and an end once what is left adds little the
other outlets also say.  Every sentence stands alone: no pointer back (a pronoun, a
connective, "these figures", a closing "too"), no open quotation or bracket, not part
of a quotation split into sentences, not the outlet's or the reader's voice.  Each
wording is lightly compressed (a leading connective, dateline or section label, asides
in parentheses: :mod:`storyfold.analyze.summary_compress`), its evidence the kept
pieces at their offsets.  Exclusives are the facts with a single independent source.

When no facts were aligned (the fact component failed or found none) both fall
back to a local alignment of the story's sentences: sparse TF-IDF cosine, so the
cost stays a sparse product rather than a Python loop over sentence pairs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer

from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import (
    DENIAL_LEMMAS,
    MONTHS,
    NUMBER_UNITS,
    SUMMARY_BACK_DETERMINERS,
    SUMMARY_CONTEXT_WORDS,
    SUMMARY_DANGLING_OPENERS,
    SUMMARY_PERSONAL_WORDS,
)
from storyfold.analyze.core.tokens import TokenIndex
from storyfold.analyze.discrepancies.hedges import HEDGES
from storyfold.analyze.quotes.spans import CLOSING_DOUBLE, OPENING_DOUBLE, STRAIGHT_DOUBLE, straight_quote_opens
from storyfold.analyze.summary_compress import Compressed, PartOfSpeech, compress_pieces, opening_end
from storyfold.analyze.summary_consensus import Consensus, Scored, content_words, cover_greedily
from storyfold.model import Evidence, Exclusive, Fact, SummarySentence

# The contract's bounds on summary length; the setting is clamped into them.
MIN_SUMMARY, MAX_SUMMARY = 3, 7
# The longest answer ("X denied ...") added after the chosen sentences: one plain sentence, not a paragraph.
MAX_REPLY_WORDS = 45
# Content words an answer shares with the summary's opening sentence: it answers the main event.
MIN_REPLY_OVERLAP = 3
# Sentences among an article's first few are its lead: the news, by newsroom convention.
LEAD_SENTENCES = 3
LEAD_BONUS = 0.25
# A sentence that is mostly quotation is a claim by one speaker; rank it down, not out.
QUOTE_PENALTY = 0.35
# Above this cosine a candidate restates a chosen sentence and is never picked.
REDUNDANCY_LIMIT = 0.4
# A candidate with at least this share of its content words already in one chosen sentence restates it
# too: a short paraphrase ("Trump denied paying North Korea for Warmbier's care") keeps a low cosine to
# the long sentence it repeats.  On NeuS (lines 1-153) 0.5 removes most such pairs; 0.4 drops real news.
CONTAINED_SHARE = 0.5
# A clause before the first comma with at least this many content words states the sentence's claim.
MIN_CLAUSE_WORDS = 4
# Sentence lengths a summary reads well at; shorter is a fragment, longer a run-on.
MIN_WORDS, MAX_WORDS = 8, 60
# An exclusive clause is shown as its whole sentence only when it is at least this share of it.
MIN_EXCLUSIVE_SHARE = 0.6
LENGTH_PENALTY = 0.3
# A sentence this much inside quotation marks is a bare quotation, not a reported fact.
BARE_QUOTE_SHARE = 0.9
# Fallback alignment: two sentences this similar report the same thing.
SUPPORT_SIMILARITY = 0.45
# Word overlap misses paraphrase, so the fallback calls a sentence exclusive only when no
# other outlet has anything even loosely like it: a false "only we report this" misleads more.
EXCLUSIVE_ECHO_LIMIT = 0.25
# A reader wants an outlet's few distinctive facts, not its whole article.
MAX_EXCLUSIVES_PER_ARTICLE = 3
# Below this share of letters a "sentence" is page chrome (menus, bylines, share bars).
MIN_LETTER_SHARE = 0.6
# Fallback summary: only this many of the most central sentences are aligned across outlets,
# so its cost grows linearly with the story (a summary needs 7 at most).
SHORTLIST = 150
# Rows per block of the fallback's sentence-by-sentence sparse product (bounds memory).
CHUNK_ROWS = 1000
# Length follows the story: the summary's word budget is this share of the words of its
# independent articles, between a floor (two or three sentences of a few short leads) and the
# summary_max_words setting.  On NeuS the editors' summaries run at about a third of the leads
# (median 0.33; lines 1-153), and a little longer scores best (0.4 to 0.55 tried: all within 0.002).
BUDGET_SHARE = 0.45
MIN_BUDGET_WORDS = 40
# After the first MIN_CHOSEN sentences the summary ends when the best remaining one gains less than this
# (agreed new words per length ** LENGTH_EXPONENT, about one word in ten shared by the other outlets): a side
# detail no other outlet mentions is not the story.  Fitted on NeuS lines 1-153 (0 to 0.3 tried; 0.1 best).
MIN_GAIN = 0.1
# The best-corroborated fact's gain is raised by this share over a one-outlet fact's.
CORROBORATION_BONUS = 0.2
# A summary of fewer sentences than this reads as a headline, not a summary (the issue asks two or three
# for a few short leads).  On NeuS, 1 would score ROUGE-1 about 0.01 higher, closer to the reference's length.
MIN_CHOSEN = 2
# A source is cited for a summary sentence only when its own wording is this close to it:
# a loosely aligned fact's other outlets may not state the sentence's claim.
CITATION_SIMILARITY = 0.15
# A quotation runs over a few sentences, never over a whole page: how far back a sentence is checked for
# a quotation still open (the facts' widening uses the same reach).
QUOTE_REACH = 600
# "It was also ...": a context word this early in a sentence needs a sentence before it.
CONTEXT_WORD_WINDOW = 4
_OPENING_QUOTES = frozenset(OPENING_DOUBLE)
_CLOSING_QUOTES = frozenset(CLOSING_DOUBLE)
_STRAIGHT_QUOTES = frozenset(STRAIGHT_DOUBLE)
_SENTENCE_FINAL = frozenset(".!?\"”’")
_WORDS = re.compile(r"\w+")
_FIRST_LETTER = re.compile(r"[^\W\d_]")
_URLISH = re.compile(r"https?://|www\.|@\w|\.com\b", re.IGNORECASE)
_VERB_POS = frozenset({"VERB", "AUX"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
# "... was revised up as well, to 938,000", "... could not stand, either.": words that need an earlier
# sentence ("as well as" is a plain "and"; "too" and "either" point back only at the end).
_CONTEXT_TAIL = re.compile(r"\bas well\b(?!\s+as\b)|\b(?:too|either)\W*$", re.IGNORECASE)
# "Amid that, Texas will gain two seats", "Despite this, ...": a short opening phrase ending in a pronoun.
_POINTER_PHRASE = re.compile(r"^\W*(?:[\w'’-]+\s+){0,3}(?:this|that|these|those|it|them)\s*,", re.IGNORECASE)
_AND = re.compile(r"\band\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# Where a sentence's second clause begins: a coordinating conjunction after a comma, "but", a semicolon.
_SECOND_CLAUSE = re.compile(r",\s+(?:and|but|or|yet)\s|;\s|\sbut\s")
# Openers that point back only as pronouns: first in a sentence "Former" is an adjective ("Former
# President ...": the pronoun is "The former"), and "Another" before a figure counts (a jobless-claims lead).
_ADJECTIVE_OPENERS = frozenset({"former"})
_COUNTING_OPENERS = frozenset({"another"})


@dataclass(slots=True)
class _Candidate:
    evidence: list[Evidence]  # the chosen wording first
    sources: list[str]
    independent: int
    row: int = -1  # index into the fallback's sentence pool
    kept: Compressed | None = None  # the wording lightly compressed (set once candidates are known)

    @property
    def text(self) -> str:
        return self.kept.text if self.kept is not None else self.evidence[0].text


# ------------------------------------------------------------------------------ summary


def summarize(ctx: StoryContext) -> list[SummarySentence]:
    """Cited sentences covering what the outlets agree on, main event first, no restatements.

    Ranking is by agreement across outlets (:mod:`storyfold.analyze.summary_consensus`),
    length follows the story (a word budget from its independent text, up to the
    summary_max_words setting, and an end once the rest adds too little that others say).
    """
    pool = None if ctx.facts else _SentencePool(ctx)
    candidates = _sentence_candidates(ctx, pool) if pool else _fact_candidates(ctx) + _unaligned_leads(ctx)
    if not candidates:
        return []
    _compress_candidates(ctx, candidates)
    wanted = min(max(int(ctx.settings.summary_sentences), MIN_SUMMARY), MAX_SUMMARY, len(candidates))
    chosen = _with_reply(ctx, candidates, _choose(ctx, candidates, wanted, _word_budget(ctx)), wanted)
    if pool is not None:  # cite the echoes only for what was chosen: cheap, and the same result
        for candidate in chosen:
            candidate.evidence = pool.echo_evidence(candidate.row)
            candidate.sources = [e.article for e in candidate.evidence]
    return [_summary_sentence(ctx, c) for c in chosen]


def _choose(ctx: StoryContext, candidates: list[_Candidate], wanted: int, budget: int) -> list[_Candidate]:
    """Greedy coverage of the outlets' shared words; a candidate too close to a pick is never picked."""
    consensus = Consensus(ctx)
    most = max(c.independent for c in candidates)
    scored = [
        Scored(consensus.weights(content_words(c.text), ctx.article(c.evidence[0].article).independent_id),
               len(c.text.split()), _wording_factor(c.text) * _corroboration_factor(c.independent, most))
        for c in candidates
    ]
    matrix = _sentence_matrix([c.text for c in candidates])
    said = [_Said.of(c.text) for c in candidates]

    def restates(pick: int) -> Iterable[int]:
        similarity = (matrix @ matrix[pick].T).toarray().ravel()
        close = set(np.flatnonzero(similarity > REDUNDANCY_LIMIT).tolist())
        return close | {i for i, other in enumerate(said) if repeats(other, said[pick])}

    picks = cover_greedily(scored, wanted, budget, MIN_CHOSEN, restates, _openers(ctx, candidates), MIN_GAIN)
    return _in_reading_order([candidates[i] for i in picks])


def _with_reply(ctx: StoryContext, candidates: list[_Candidate], chosen: list[_Candidate],
                wanted: int) -> list[_Candidate]:
    """The chosen sentences with the other side's answer when they have none: a sentence whose main
    verb denies or rejects ("Beijing denied sending troops"), about the main event (it shares
    MIN_REPLY_OVERLAP content words with the opening sentence).  An accusation summarised without
    the accused's answer reads as taking sides.  The answer is cited to the outlets that print it; when
    the summary has no room left (``wanted`` sentences, or the setting's most words) it takes the place
    of the least corroborated sentences after the opening one (a fair account before a fuller one).
    """
    replies = _reply_test(ctx)
    if len(chosen) < 2 or any(replies(c.evidence[0]) for c in chosen):
        return chosen
    event = frozenset(content_words(chosen[0].text))
    best, best_overlap = None, MIN_REPLY_OVERLAP - 1
    for candidate in candidates:  # (no restatement test: a denial repeats the words of what it denies)
        if candidate in chosen or len(candidate.text.split()) > MAX_REPLY_WORDS:
            continue
        overlap = len(event & frozenset(content_words(candidate.text)))
        if overlap > best_overlap and replies(candidate.evidence[0]):
            best, best_overlap = candidate, overlap
    if best is None:
        return chosen
    ceiling = max(int(ctx.settings.summary_max_words), MIN_BUDGET_WORDS)
    kept = list(chosen)
    while len(kept) >= wanted or _words_in(kept) + _words_in([best]) > ceiling:
        if len(kept) == 1:
            return chosen  # the opening sentence and the answer do not fit together
        weakest = min(range(len(kept) - 1, 0, -1), key=lambda i: kept[i].independent)
        kept = kept[:weakest] + kept[weakest + 1 :]
    return [*kept, best]


def _words_in(candidates: list[_Candidate]) -> int:
    return sum(len(c.text.split()) for c in candidates)


def _reply_test(ctx: StoryContext) -> Callable[[Evidence], bool]:
    """Whether a sentence's main verb denies or rejects (outside quotation marks: a quoted "we reject"
    is a quote, and the quotes section has it); each article's token index is built once."""
    indexes: dict[str, TokenIndex] = {}

    def replies(evidence: Evidence) -> bool:
        parsed = ctx.parsed.get(evidence.article)
        opening = evidence.text.lstrip()[:1]
        if parsed is None or starts_mid_quote(evidence.text) or opening in OPENING_DOUBLE + STRAIGHT_DOUBLE:
            return False
        if evidence.article not in indexes:
            indexes[evidence.article] = TokenIndex(parsed)
        index = indexes[evidence.article]
        tokens = [index.tokens[i] for i in index.token_range(evidence.start, evidence.end)]
        return any(t.dep == "ROOT" and t.lemma.casefold() in DENIAL_LEMMAS for t in tokens)

    return replies


def _in_reading_order(chosen: list[_Candidate]) -> list[_Candidate]:
    """After the opener, one article's sentences keep that article's order in the slots they won.

    A reporter introduces before referring ("The centrist Democrat made the announcement in an online
    video" comes before "The video touts ..."), so two sentences of one article read best in its order;
    which slots the article holds, and so the rank of each outlet's contribution, stays as chosen.
    """
    by_article: dict[str, list[_Candidate]] = {}
    for candidate in chosen[1:]:
        by_article.setdefault(candidate.evidence[0].article, []).append(candidate)
    queues = {a: sorted(group, key=lambda c: c.evidence[0].start) for a, group in by_article.items()}
    return chosen[:1] + [queues[c.evidence[0].article].pop(0) for c in chosen[1:]]


def _openers(ctx: StoryContext, candidates: list[_Candidate]) -> frozenset[int]:
    """The candidates the summary may open with: the main event is what the outlets lead with.

    A lead (an article's first sentence) that several outlets report; else, with no such lead,
    an article's lead or a sentence several outlets report, whichever gains most (a lead the
    aligner could not match still tells the main event, and introduces who it is about): a
    one-outlet side detail from deep in an article never opens it.
    """
    corroborated = frozenset(i for i, c in enumerate(candidates) if c.independent > 1)
    leads = frozenset(i for i, c in enumerate(candidates) if _sentence_index(ctx, c.evidence[0]) == 0)
    return (corroborated & leads) or (corroborated | leads)


@dataclass(slots=True, frozen=True)
class _Said:
    """What a sentence says, for telling a restatement: its claim words, all its words, its figures."""

    claim: frozenset[str]
    words: frozenset[str]
    figures: frozenset[int]

    @classmethod
    def of(cls, text: str) -> _Said:
        return cls(_main_clause_words(text), frozenset(content_words(text)), _figures(text))


def repeats(candidate: _Said, chosen: _Said) -> bool:
    """The candidate says again what a chosen sentence says, either way round: its claim is mostly in the
    chosen sentence, or the chosen claim is mostly in it (a long sentence that repeats the fact and adds
    colour).  A sentence that states a figure the other does not is news, not a repeat."""
    if not candidate.figures <= chosen.figures:
        return False
    return _contained(candidate.claim, chosen.words) or _contained(chosen.claim, candidate.words)


def _contained(words: frozenset[str], chosen: frozenset[str]) -> bool:
    """Most of a sentence's claim words are already in a chosen one: a restatement of it (the cosine
    of a short sentence against a long one, or of two leads with different tails, stays low)."""
    return len(words & chosen) >= CONTAINED_SHARE * max(len(words), 1)


def _figures(text: str) -> frozenset[int]:
    """The numbers a sentence states, as digits or number words: a sentence that gives a figure the
    chosen one does not ("Thirty-five percent of Biden's staff are people of color" after "Biden's
    campaign has more people of color than Trump's") adds news even when its other words repeat."""
    figures = set()
    previous = ""
    for word in (w.casefold() for w in _WORDS.findall(text)):
        when = _YEAR.fullmatch(word) or previous[:3] in MONTHS  # "in 2019", "April 4": a date, not a figure
        if word.isdigit() and not when:
            figures.add(int(word))
        elif word in NUMBER_UNITS:  # "a dozen companies" and "12 companies" state one figure
            figures.add(NUMBER_UNITS[word])
        previous = word
    return frozenset(figures)


def _main_clause_words(text: str) -> frozenset[str]:
    """The content words of a sentence's claim: up to its first comma when that says enough.

    "Another 6.6 million people filed for unemployment benefits last week, according to ..., as ..."
    states its claim before the comma; what follows (attribution, context) differs from outlet to outlet.
    """
    head = frozenset(content_words(text.split(", ", 1)[0]))
    return head if len(head) >= MIN_CLAUSE_WORDS else frozenset(content_words(text))


def _sentence_index(ctx: StoryContext, evidence: Evidence) -> int:
    """Which sentence of its article the evidence starts in (0: the lead)."""
    parsed = ctx.parsed.get(evidence.article)
    sentences = parsed.sentences if parsed else []
    return max(bisect_right(sentences, evidence.start, key=_start) - 1, 0)


def _corroboration_factor(independent: int, most: int) -> float:
    """A fact more outlets were aligned on (a claim check, not just shared words) ranks up."""
    return 1.0 + CORROBORATION_BONUS * (independent - 1) / max(most - 1, 1)


def _wording_factor(text: str) -> float:
    """A quotation is one speaker's claim, and a very short or run-on sentence reads badly: rank them down."""
    factor = 1.0 - QUOTE_PENALTY * quote_share(text)
    if not MIN_WORDS <= len(_WORDS.findall(text)) <= MAX_WORDS:
        factor *= 1.0 - LENGTH_PENALTY
    return factor


def _minority_spellings(ctx: StoryContext) -> frozenset[str]:
    """Name variants fewer independent outlets use than the entity's most common spelling."""
    minority: set[str] = set()
    story_ids = {a.id for a in ctx.articles}
    for entity in ctx.entities:
        outlets: dict[str, set[str]] = {}
        for mention in entity.mentions:
            if mention.article in story_ids:
                outlets.setdefault(mention.text, set()).add(ctx.article(mention.article).independent_id)
        if len(outlets) < 2:
            continue
        top = max(len(groups) for groups in outlets.values())
        minority |= {variant for variant, groups in outlets.items() if len(groups) < top}
    return frozenset(minority)


def _spells_minority(text: str, minority: frozenset[str]) -> bool:
    return any(variant in text for variant in minority)


def _summary_sentence(ctx: StoryContext, candidate: _Candidate) -> SummarySentence:
    """The chosen wording, lightly compressed, cited to the articles whose own words state it.

    The wording's evidence is the pieces of it the compression keeps: a citation highlights
    exactly the words the summary shows.
    """
    evidence = _cited_evidence(candidate)
    kept = candidate.kept or compress_pieces(evidence[0])
    evidence[:1] = kept.pieces
    return SummarySentence(kept.text, ctx.order_sources(e.article for e in evidence), evidence)


def _cited_evidence(candidate: _Candidate) -> list[Evidence]:
    """The wording itself, then the other sources' evidence only where it says much the same thing."""
    if len(candidate.evidence) < 2:
        return list(candidate.evidence)
    matrix = _sentence_matrix([e.text for e in candidate.evidence])
    similarity = (matrix @ matrix[0].T).toarray().ravel()
    kept = [candidate.evidence[0]]
    cited = {candidate.evidence[0].article}
    for e, sim in zip(candidate.evidence[1:], similarity[1:], strict=True):
        if sim >= CITATION_SIMILARITY and e.article not in cited:
            kept.append(e)
            cited.add(e.article)
    return kept


def _word_budget(ctx: StoryContext) -> int:
    """A share of the story's independent words, up to the setting's maximum: a few short leads get a
    short summary, a large story the most words the setting allows."""
    words = sum(len(a.text.split()) for a in ctx.articles if a.duplicate_of is None)
    ceiling = max(int(ctx.settings.summary_max_words), MIN_BUDGET_WORDS)
    return int(min(max(BUDGET_SHARE * words, MIN_BUDGET_WORDS), ceiling))


def compress(text: str) -> str:
    """Light compression of a sentence (see :mod:`storyfold.analyze.summary_compress`), as text."""
    text = text.strip()
    return compress_pieces(Evidence("", text, 0, len(text))).text


def _compress_candidates(ctx: StoryContext, candidates: list[_Candidate]) -> None:
    """Each candidate's wording lightly compressed, so its length and words are what the summary shows."""
    for candidate in candidates:
        wording = candidate.evidence[0]
        candidate.kept = compress_pieces(wording, _part_of_speech(ctx, wording.article))


def _part_of_speech(ctx: StoryContext, article_id: str) -> PartOfSpeech:
    """Offset -> the part of speech of the article's token starting there (None between tokens)."""
    parsed = ctx.parsed.get(article_id)
    tokens = parsed.tokens if parsed else []
    starts = [t.start for t in tokens]

    def pos_at(offset: int) -> str | None:
        i = bisect_right(starts, offset) - 1
        return tokens[i].pos if i >= 0 and tokens[i].start == offset else None

    return pos_at


def _fact_candidates(ctx: StoryContext) -> list[_Candidate]:
    """One candidate per fact, worded by its best evidence (lead, not a quote, readable length)."""
    candidates = []
    minority = _minority_spellings(ctx)  # the story's, not the fact's: computed once (it scans every mention)
    for fact in ctx.facts:
        # Prefer a source whose whole sentence states the fact: a sentence widened from a clause
        # carries other claims that the fact's other sources may not share.
        widened = {}
        for e in fact.evidence:
            if _evidence_ok(ctx, e):
                sentence = trim_heading(_whole_sentence(ctx, e))
                widened[sentence.start, sentence.article] = (sentence, len(sentence.text) > len(e.text) + 1)
        mixed = len({_hedged(sentence.text) for sentence, _ in widened.values()}) > 1
        ranked = sorted(widened.values(), key=lambda pair: (
            mixed and not _hedged(pair[0].text),  # outlets disagree on certainty: lead with the cautious wording
            _spells_minority(pair[0].text, minority),  # the spelling most outlets use
            pair[1],
            -_wording_score(ctx, pair[0]),
        ))
        evidence = [sentence for sentence, _ in ranked if _readable(ctx, sentence)]
        if not evidence:
            continue
        # A source whose own sentence cannot stand alone still states the fact: it may be cited for
        # the wording another source gives (never worded by it), so no outlet loses its credit.
        evidence += [sentence for sentence, _ in ranked if sentence not in evidence]
        independent = ctx.independent_count(fact.sources) or fact.independent_sources
        candidates.append(_Candidate(evidence, list(fact.sources), independent))
    return candidates


def _unaligned_leads(ctx: StoryContext) -> list[_Candidate]:
    """Readable article leads no fact holds, each cited to its own article only.

    The claim extractor passes over some sentences (a lead that reports a figure several ways,
    a long opening with two clauses), and an article's lead is the news by newsroom convention:
    a summary that can never say it misses the main event.  Nothing aligned such a lead with
    another outlet, so it is told on its own article's word alone.  Deeper unaligned sentences
    stay out: the facts already hold what the outlets corroborate.
    """
    spans = {(e.article, e.start, e.end) for fact in ctx.facts for e in fact.evidence}
    candidates = []
    for sentence in ctx.all_sentences():
        if sentence.article.duplicate_of is not None or sentence.index > 0:
            continue
        evidence = trim_heading(sentence.evidence())
        held = any(a == evidence.article and s < evidence.end and evidence.start < e for a, s, e in spans)
        if not held and _readable(ctx, evidence):
            candidates.append(_Candidate([evidence], [evidence.article], 1))
    return candidates


def _sentence_candidates(ctx: StoryContext, pool: _SentencePool) -> list[_Candidate]:
    """Fallback: the story's most central sentences, counted with the outlets that echo them.

    Centrality (cosine to the story's mean vector) is linear to compute; the echo
    count is a product with every sentence, so only a fixed-size shortlist pays it.
    """
    rows = np.array([i for i, s in enumerate(pool.sentences)
                     if s.article.duplicate_of is None and _readable(ctx, pool.evidence(i))], dtype=int)
    if not len(rows):
        return []
    centroid = np.asarray(pool.matrix.mean(axis=0)).ravel()
    centrality = pool.matrix[rows] @ centroid
    lead = np.array([_is_lead(ctx, pool.evidence(i)) for i in rows])
    shortlist = np.argsort(-(centrality + LEAD_BONUS * lead), kind="stable")[:SHORTLIST]
    rows = rows[shortlist]
    counts = pool.independent_counts(rows)
    candidates = []
    for row, count in zip(rows, counts, strict=True):
        sentence = pool.sentences[row]
        candidate = _Candidate([pool.evidence(row)], [sentence.article.id], int(count), row=int(row))
        candidates.append(candidate)
    return candidates


# ---------------------------------------------------------------------------- exclusives


def find_exclusives(ctx: StoryContext, summary: list[SummarySentence] | None = None) -> list[Exclusive]:
    """Per outlet, the substantive facts no other independent outlet reports (a few per article).

    ``summary`` is the story's summary when the caller has it (what it says on one outlet's
    word is not listed again); without it the summary is computed here.
    """
    found = _not_echoed(ctx, _exclusive_facts(ctx)) if ctx.facts else _exclusive_sentences(ctx)
    # spans not to list again: what the summary says on one outlet's word, what the timeline or quotes cite widely
    taken = _by_article(_single_source_spans(ctx, summarize(ctx) if summary is None else summary)
                        + _corroborated_elsewhere(ctx))
    by_article: dict[str, list[tuple[float, Evidence]]] = {}
    seen: set[tuple[str, int]] = set()
    for clause in found:
        evidence = _exclusive_wording(ctx, clause)
        if evidence is None or (evidence.article, evidence.start) in seen:
            continue
        if _overlaps(evidence, taken):
            continue
        seen.add((evidence.article, evidence.start))
        by_article.setdefault(evidence.article, []).append((_informativeness(ctx, evidence), evidence))
    exclusives = []
    for article_id in ctx.order_sources(by_article):
        ranked = sorted(by_article[article_id], key=lambda pair: (-pair[0], pair[1].start))
        top = sorted((e for _, e in ranked[:MAX_EXCLUSIVES_PER_ARTICLE]), key=lambda e: e.start)
        outlet = ctx.article(article_id).outlet
        exclusives += [Exclusive(article_id, e.text, outlet, e.start, e.end) for e in top]
    return exclusives


def _single_source_spans(ctx: StoryContext, summary: list[SummarySentence]) -> list[Evidence]:
    """What the summary already says on one outlet's word: listing it again as exclusive repeats it."""
    return [e for s in summary if ctx.independent_count(s.sources) == 1 for e in s.evidence]


def _corroborated_elsewhere(ctx: StoryContext) -> list[Evidence]:
    """The words of dated events and quotations that several independent outlets report.

    Facts align claims strictly, so a claim can stay single-source while the timeline has put
    its dated act ("the ministers meet on Friday") with another outlet's, or the quotes have
    found its quotation in another outlet: the report would then call one outlet's sentence its
    alone beside a row citing two.  Those sentences are never exclusives.
    """
    items = [*ctx.timeline, *ctx.quotes]
    return [e for item in items if ctx.independent_count(item.sources) > 1 for e in item.evidence]


def _by_article(spans: list[Evidence]) -> dict[str, list[Evidence]]:
    """Spans grouped by article, so an overlap test reads one article's spans, not the story's."""
    grouped: dict[str, list[Evidence]] = {}
    for span in spans:
        grouped.setdefault(span.article, []).append(span)
    return grouped


def _overlaps(evidence: Evidence, spans: dict[str, list[Evidence]]) -> bool:
    return any(s.start < evidence.end and evidence.start < s.end for s in spans.get(evidence.article, ()))


def _exclusive_wording(ctx: StoryContext, clause: Evidence) -> Evidence | None:
    """The clause if it reads as a sentence; else its sentence, when the clause is most of it.

    Widening a small clause would present a sentence whose other claims are shared as exclusive.
    """
    if _readable(ctx, trim_heading(clause)):
        return trim_heading(clause)
    sentence = trim_heading(_whole_sentence(ctx, clause))
    if len(clause.text) >= MIN_EXCLUSIVE_SHARE * len(sentence.text) and _readable(ctx, sentence):
        return sentence
    return None


def _exclusive_facts(ctx: StoryContext) -> list[Evidence]:
    """Facts with one independent source, worded by the original rather than a wire copy."""
    found = []
    for fact in ctx.facts:
        if ctx.independent_count(fact.sources) != 1 or not fact.evidence:
            continue
        found.append(_from_original(ctx, fact))
    return found


def _not_echoed(ctx: StoryContext, clauses: list[Evidence]) -> list[Evidence]:
    """The single-source facts whose sentence no other independent outlet has anything loosely
    like (EXCLUSIVE_ECHO_LIMIT).  Fact alignment is strict so that "corroborated" holds, which
    leaves another outlet's rewording of a claim as a fact of its own; "only this outlet reports
    it" needs the opposite care, the same as the sentence fallback's."""
    if not clauses:
        return []
    pool = _SentencePool(ctx)
    if len(pool.articles) < 2:
        return clauses
    rows = _pool_rows(pool, clauses)
    found = np.array([row for row in rows if row is not None], dtype=int)
    counts = dict(zip(found.tolist(), pool.independent_counts(found, EXCLUSIVE_ECHO_LIMIT).tolist(), strict=True))
    return [clause for clause, row in zip(clauses, rows, strict=True) if row is None or counts[row] == 1]


def _pool_rows(pool: _SentencePool, clauses: list[Evidence]) -> list[int | None]:
    """The pool's row of the sentence holding each clause (None: not among the on-topic sentences).

    The pool holds each article's sentences in text order, so a clause's row is found by bisecting
    its article's sentence starts, not by a scan of the story's sentences per clause."""
    starts: dict[str, list[int]] = {}
    rows_of: dict[str, list[int]] = {}
    for row, sentence in enumerate(pool.sentences):
        starts.setdefault(sentence.article.id, []).append(sentence.start)
        rows_of.setdefault(sentence.article.id, []).append(row)
    found: list[int | None] = []
    for clause in clauses:
        at = bisect_right(starts.get(clause.article, []), clause.start) - 1
        row = rows_of[clause.article][at] if at >= 0 else None
        found.append(row if row is not None and clause.start < pool.sentences[row].end else None)
    return found


def _from_original(ctx: StoryContext, fact: Fact) -> Evidence:
    originals = [e for e in fact.evidence if ctx.article(e.article).duplicate_of is None]
    return trim_heading((originals or fact.evidence)[0])


def _exclusive_sentences(ctx: StoryContext) -> list[Evidence]:
    """Fallback: sentences of independent articles that no other independent article echoes."""
    pool = _SentencePool(ctx)
    rows = np.array([i for i, s in enumerate(pool.sentences) if s.article.duplicate_of is None], dtype=int)
    if len({pool.sentences[i].article.id for i in rows}) < 2:
        return []  # with one outlet nothing is exclusive to it
    counts = pool.independent_counts(rows, EXCLUSIVE_ECHO_LIMIT)
    return [pool.evidence(i) for i, n in zip(rows, counts, strict=True) if n == 1]


# ------------------------------------------------------------------------------- helpers


def quote_share(text: str) -> float:
    """Share of the characters of ``text`` inside quotation marks.

    Sentence splitters cut long quotations into pieces, so a piece that opens a
    quote without closing it is quotation to its end, and a piece that closes a
    quote it never opened was quotation from its start.
    """
    quoted = 0
    inside = seen_mark = False
    for i, char in enumerate(text):
        if _closes_quote(text, i, inside):
            quoted += 0 if seen_mark else i  # began in the middle of a quotation
            inside, seen_mark = False, True
        elif char in _OPENING_QUOTES or char in _STRAIGHT_QUOTES:
            inside = seen_mark = True
        elif inside:
            quoted += 1
    return quoted / max(len(text), 1)


def starts_mid_quote(text: str) -> bool:
    """True when ``text`` closes a quotation it never opened: the tail of a split quote."""
    for i, char in enumerate(text):
        if _closes_quote(text, i, inside=False):
            return True
        if char in _OPENING_QUOTES or char in _STRAIGHT_QUOTES:
            return False
    return False


def _closes_quote(text: str, i: int, inside: bool) -> bool:
    """A closing mark, or a straight quote right after a word or punctuation (not opening one)."""
    if text[i] in _CLOSING_QUOTES:
        return True
    if text[i] not in _STRAIGHT_QUOTES:
        return False
    return inside or not straight_quote_opens(text, i)


def trim_heading(evidence: Evidence) -> Evidence:
    """Drop leading lines without sentence-final punctuation (a heading or caption the splitter
    glued on) and surrounding whitespace; the result still points at the article's exact words."""
    lines = evidence.text.split("\n")
    skip = 0
    for line in lines[:-1]:
        if line.strip() and line.rstrip()[-1] in _SENTENCE_FINAL:
            break
        skip += len(line) + 1
    rest = evidence.text[skip:]
    start = evidence.start + skip + (len(rest) - len(rest.lstrip()))
    text = rest.strip()
    if text == evidence.text:
        return evidence
    return Evidence(evidence.article, text, start, start + len(text))


class _SentencePool:
    """The story's on-topic sentences as TF-IDF rows, grouped by article, for the fallback alignment.

    Echoes are found with chunked sparse products and per-article maxima
    (``np.maximum.reduceat`` over each article's columns), never a Python loop
    over sentence pairs.
    """

    def __init__(self, ctx: StoryContext) -> None:
        self.sentences = list(ctx.all_sentences())  # grouped by article, in story order
        self.matrix = _sentence_matrix([s.text for s in self.sentences])
        ids = [s.article.id for s in self.sentences]
        self.starts = np.array([i for i, a in enumerate(ids) if i == 0 or ids[i - 1] != a], dtype=int)
        self.articles = [ids[i] for i in self.starts]
        groups = sorted({ctx.article(a).independent_id for a in self.articles})
        group_of = [groups.index(ctx.article(a).independent_id) for a in self.articles]
        self.in_group = np.zeros((len(self.articles), len(groups)), dtype=bool)
        self.in_group[np.arange(len(self.articles)), group_of] = True

    def best_per_article(self, rows: np.ndarray) -> np.ndarray:
        """Highest similarity of each row's sentence to any sentence of each article."""
        if not len(self.sentences) or not len(rows):
            return np.zeros((len(rows), len(self.articles)))
        block = (self.matrix[rows] @ self.matrix.T).toarray()
        return np.maximum.reduceat(block, self.starts, axis=1)

    def independent_counts(self, rows: np.ndarray, threshold: float = SUPPORT_SIMILARITY) -> np.ndarray:
        """How many independent outlets (the sentence's own included) say the same, per row."""
        counts = np.zeros(len(rows), dtype=int)
        for start in range(0, len(rows), CHUNK_ROWS):
            chunk = rows[start : start + CHUNK_ROWS]
            echoed = self.best_per_article(chunk) >= threshold
            echoed[np.arange(len(chunk)), self._article_index(chunk)] = True
            counts[start : start + CHUNK_ROWS] = ((echoed.astype(int) @ self.in_group) > 0).sum(axis=1)
        return counts

    def echo_evidence(self, row: int) -> list[Evidence]:
        """The sentence itself, then the closest sentence of every other article that echoes it."""
        own = self.sentences[row]
        similarity = (self.matrix[row] @ self.matrix.T).toarray().ravel()
        evidence = [self.evidence(row)]
        ends = [*self.starts[1:], len(self.sentences)]
        for start, end, article in zip(self.starts, ends, self.articles, strict=True):
            best = start + int(np.argmax(similarity[start:end]))
            if article != own.article.id and similarity[best] >= SUPPORT_SIMILARITY:
                evidence.append(self.evidence(best))
        return evidence

    def evidence(self, row: int) -> Evidence:
        return trim_heading(self.sentences[row].evidence())

    def _article_index(self, rows: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.starts, rows, side="right") - 1


def _sentence_matrix(texts: list[str]) -> csr_matrix:
    """L2-normalised TF-IDF rows, so a sparse product gives cosines."""
    vectorizer = TfidfVectorizer(stop_words="english", strip_accents="unicode", sublinear_tf=True, dtype=np.float32)
    try:
        return csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # nothing but stop words: no vocabulary
        return csr_matrix((len(texts), 1), dtype=np.float32)


def _start(span: object) -> int:
    return span.start  # type: ignore[attr-defined]


def _is_lead(ctx: StoryContext, evidence: Evidence) -> bool:
    parsed = ctx.parsed.get(evidence.article)
    sentences = parsed.sentences if parsed else []
    return bisect_right(sentences, evidence.start, key=_start) - 1 < LEAD_SENTENCES


def _hedged(text: str) -> bool:
    """Told as a report rather than a fact ("may have", "likely", "allegedly"); lower-case only, so May the
    month is not a hedge."""
    return not HEDGES.isdisjoint(_WORDS.findall(text))


def _wording_score(ctx: StoryContext, evidence: Evidence) -> float:
    words = len(_WORDS.findall(evidence.text))
    fits = MIN_WORDS <= words <= MAX_WORDS
    lead = LEAD_BONUS * _is_lead(ctx, evidence)
    return lead - QUOTE_PENALTY * quote_share(evidence.text) + LENGTH_PENALTY * fits


def _evidence_ok(ctx: StoryContext, evidence: Evidence) -> bool:
    """Evidence that really is the words of a story article."""
    try:
        article = ctx.article(evidence.article)
    except KeyError:
        return False
    return article.text[evidence.start : evidence.end] == evidence.text and bool(evidence.text.strip())


def _substantive(ctx: StoryContext, evidence: Evidence) -> bool:
    """A full sentence of prose: enough words, sentence-final punctuation, mostly letters, a verb, no links."""
    text = evidence.text.strip()
    if len(_WORDS.findall(text)) < MIN_WORDS or _URLISH.search(text):
        return False
    if text[-1] not in _SENTENCE_FINAL:
        return False  # bylines, captions, menus and cut-off fragments do not end like a sentence
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTER_SHARE * len(text.replace(" ", "")):
        return False
    if quote_share(text) > BARE_QUOTE_SHARE:
        return False  # a bare quotation with no one saying it
    return _has_verb(ctx, evidence)


def _readable(ctx: StoryContext, evidence: Evidence) -> bool:
    """Fit to stand alone in a summary: substantive, starts like a sentence, not part of a split quotation,
    no determiner pointing back at an earlier sentence."""
    opening = _FIRST_LETTER.search(evidence.text)
    starts_like_sentence = opening is None or opening.group().isupper()
    return (starts_like_sentence and _substantive(ctx, evidence) and not starts_mid_quote(evidence.text)
            and stands_alone(evidence.text) and not _inside_quotation(ctx, evidence)
            and not _points_back(ctx, evidence))


def _inside_quotation(ctx: StoryContext, evidence: Evidence) -> bool:
    """The sentence begins inside a quotation its paragraph opened earlier: the middle of a quoted
    speech split into sentences ("I've got news for the Democratic establishment.") is a speaker's
    words with no one saying them.

    The look back stops at the paragraph or QUOTE_REACH characters before, at a sentence start: a run-on
    capture is one paragraph of megabytes, and judging each sentence must not read all that precedes it.
    """
    text = ctx.article(evidence.article).text
    start = text.rfind("\n", 0, evidence.start) + 1
    if evidence.start - start > QUOTE_REACH:
        parsed = ctx.parsed.get(evidence.article)
        sentences = parsed.sentences if parsed else []
        first = bisect_left(sentences, evidence.start - QUOTE_REACH, key=_start)
        start = sentences[first].start if first < len(sentences) else evidence.start
    return not quotes_balanced(text[start : evidence.start])


def _points_back(ctx: StoryContext, evidence: Evidence) -> bool:
    """"The candidate released these numbers Saturday": a back-pointing determiner before a noun, in the
    first clause (in a later one it usually points inside the sentence: "... 135,992 results, and 15,299 of
    those tests came back positive")."""
    second_clause = _SECOND_CLAUSE.search(evidence.text)
    first_clause = evidence.text[: second_clause.start()] if second_clause else evidence.text
    for match in _WORDS.finditer(first_clause):
        if match.group().casefold() in SUMMARY_BACK_DETERMINERS:
            after = evidence.text[match.end():]
            following = evidence.start + match.end() + len(after) - len(after.lstrip())
            if _token_pos(ctx, evidence.article, following) in _NOUN_POS:
                return True
    return False


def _token_pos(ctx: StoryContext, article_id: str, offset: int) -> str | None:
    """The part of speech of the article's token starting at ``offset`` (None between tokens or unparsed)."""
    parsed = ctx.parsed.get(article_id)
    tokens = parsed.tokens if parsed else []
    i = bisect_right(tokens, offset, key=_start) - 1
    return tokens[i].pos if i >= 0 and tokens[i].start == offset else None


def stands_alone(text: str) -> bool:
    """No opener that points back ("He ...", "It was also ..."), no closing "too" or "as well", every
    quotation and bracket it opens is closed, and it speaks neither to the reader nor as the outlet.

    It is judged as the summary shows it: after a leading dateline, section label or droppable
    connective ("However, ..."), which the summary drops.
    """
    text = text.strip()
    shown = text[opening_end(text):]
    original = _WORDS.findall(shown)
    words = [w.casefold() for w in original]
    if not words or (words[0] in SUMMARY_DANGLING_OPENERS and not _names_its_referent(original)):
        return False
    if not SUMMARY_CONTEXT_WORDS.isdisjoint(words[:CONTEXT_WORD_WINDOW]) or _adds_to_an_earlier_sentence(shown):
        return False
    if _POINTER_PHRASE.match(shown):
        return False
    return quotes_balanced(text) and brackets_balanced(text) and not speaks_in_person(text)


def _adds_to_an_earlier_sentence(text: str) -> bool:
    """"China matched that, too.", "Masks should remain mandatory as well": a "too", "either" or "as well"
    that adds to something said before; after an "and" in the same sentence it adds to that clause instead
    ("... and bring the party down, too")."""
    tail = _CONTEXT_TAIL.search(text)
    return tail is not None and _AND.search(text, 0, tail.start()) is None


def brackets_balanced(text: str) -> bool:
    """Every parenthesis or bracket opened is closed: "led by Jamie B. Raskin (D-Md." is a sentence
    split inside an aside."""
    depth = 0
    for char in text:
        depth += (char in "([") - (char in ")]")
        if depth < 0:
            return False
    return depth == 0


def speaks_in_person(text: str) -> bool:
    """The outlet's own voice or the reader addressed, outside quotation marks: first or second person
    ("we asked one of the organization's experts", "why you should vote"; "US", the country, is not
    "us"), or a question ("Got a strong opinion on how to vote?")."""
    unquoted = _unquoted(text)
    if unquoted.rstrip().endswith("?"):
        return True
    return any(w.casefold() in SUMMARY_PERSONAL_WORDS and not (len(w) > 1 and w.isupper())
               for w in _WORDS.findall(unquoted))


def _unquoted(text: str) -> str:
    """``text`` with what is inside quotation marks blanked out."""
    kept = []
    inside = False
    for i, char in enumerate(text):
        if _closes_quote(text, i, inside):
            inside = False
        elif char in _OPENING_QUOTES or char in _STRAIGHT_QUOTES:
            inside = True
        kept.append(" " if inside else char)
    return "".join(kept)


def _names_its_referent(words: list[str]) -> bool:
    """"Former Vice President Joe Biden ...", "Another 6.6 million people ...": the opener only looks
    like a pointer back; the adjective "former" qualifies the noun after it, a figure says how many."""
    if len(words) < 2:
        return False
    opener = words[0].casefold()
    return opener in _ADJECTIVE_OPENERS or (opener in _COUNTING_OPENERS and words[1][0].isdigit())


def quotes_balanced(text: str) -> bool:
    """Every quotation opened is closed: curly marks pair up, straight ones too, and a straight mark
    closes a curly one when it does not open a quotation itself (“like a crime prosecution" is closed)."""
    curly = straight = 0
    for i, char in enumerate(text):
        if char in _OPENING_QUOTES:
            curly += 1
        elif char in _CLOSING_QUOTES and char != "’":
            curly -= 1
        elif char in _STRAIGHT_QUOTES:
            if straight == 0 and curly > 0 and not straight_quote_opens(text, i):
                curly -= 1
            else:
                straight ^= 1
        if curly < 0:
            return False
    return curly == 0 and straight == 0


def _whole_sentence(ctx: StoryContext, evidence: Evidence) -> Evidence:
    """A fact's evidence may be one clause of a sentence; a summary cites the sentence that holds it."""
    parsed = ctx.parsed.get(evidence.article)
    if parsed is None:
        return evidence
    for sentence in parsed.sentences:
        if sentence.start <= evidence.start and evidence.end <= sentence.end:
            if (sentence.start, sentence.end) == (evidence.start, evidence.end):
                return evidence
            text = ctx.article(evidence.article).text
            return Evidence(evidence.article, text[sentence.start : sentence.end], sentence.start, sentence.end)
    return evidence


def _has_verb(ctx: StoryContext, evidence: Evidence) -> bool:
    parsed = ctx.parsed.get(evidence.article)
    if parsed is None or not parsed.tokens:
        return True  # no parse to judge by (regex fallback): trust the sentence split
    first = bisect_right(parsed.tokens, evidence.start - 1, key=_start)
    last = bisect_right(parsed.tokens, evidence.end - 1, key=_start)
    return any(t.pos in _VERB_POS for t in parsed.tokens[first:last])


def _informativeness(ctx: StoryContext, evidence: Evidence) -> float:
    """Named entities and figures inside the span, and a small bonus for the lead."""
    parsed = ctx.parsed.get(evidence.article)
    mentions = parsed.mentions if parsed else []
    inside = sum(evidence.start <= m.start and m.end <= evidence.end for m in mentions)
    return inside + LEAD_BONUS * _is_lead(ctx, evidence)
