"""Hedged against stated, and "all" against "some": the same claim made with less or more
certainty, or over more or less of a group.

One outlet writes "the blast may have been caused by a ruptured pipeline", another "was
caused by"; one "all residents were evacuated", another "some residents".  The figures
and the act agree, the claim does not.  A hedge or a quantifier counts only when it
qualifies the words the outlets share, never a label inside a phrase ("a case into
suspected breaches") or a second claim of the same sentence.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from storyfold.analyze.claims import LIGHT_LEMMAS, normal_form, subtree
from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import (
    EVIDENTIAL_HEDGES,
    FUTURE_AUXILIARIES,
    NEAR_MISS_ADVERBS,
    REPORTING_SPEECH_LEMMAS,
)
from storyfold.analyze.discrepancies.disagreement import Observation, disagreement
from storyfold.analyze.discrepancies.fact_spans import FactSpan, others_words
from storyfold.analyze.discrepancies.predicates import aux_children, stem
from storyfold.model import Discrepancy

# Words that turn a statement of fact into a report of one.
HEDGES = frozenset(
    {"likely", "unlikely", "reportedly", "allegedly", "alleged", "apparently", "apparent", "purportedly",
     "purported", "supposedly", "suspected", "possibly", "possible", "probably", "unconfirmed", "unverified",
     "may", "might", "claimed"}
)
# Hedges of doubt: "reportedly paid" relays a report and agrees with "paid" (see EVIDENTIAL_HEDGES).
DOUBT_HEDGES = HEDGES - EVIDENTIAL_HEDGES
# Quantifiers over a group: "all residents" and "some residents" are different claims.
UNIVERSAL = frozenset({"all", "every", "each", "entire"})
PARTIAL = frozenset({"some", "part", "several", "few", "partly", "partially"})
QUANTIFIERS = UNIVERSAL | PARTIAL
STATED = "stated as fact"
HEDGED = "hedged"
# Dependencies on the way from a word to its clause that make it a label of a thing, not a
# qualifier of the claim: "a case into suspected breaches" does not hedge the case.
LABEL_DEPS = frozenset({"pobj", "prep", "poss", "compound", "conj", "appos"})
# A hedge is about the fact only when most words of the clause it hedges are the other
# outlets' words: "the prisoners were likely citizens who were enticed ..." hedges another claim.
HEDGE_SHARED_SHARE = 0.5
# What completes a predicate, shown with it ("caused by a ruptured pipeline", "likely to blame").
COMPLEMENT_DEPS = frozenset({"agent", "dobj", "attr", "acomp", "xcomp", "oprd"})
# Parts of speech a hedge or quantifier takes: "May" the month is no hedge.
MARKER_POS = frozenset({"ADV", "ADJ", "AUX", "VERB", "DET", "PRON", "NOUN"})
# Modifier dependencies that attach a hedge or a quantifier to the word it qualifies.
MODIFIER_HOPS = 2


def hedge_discrepancies(ctx: StoryContext, spans: list[FactSpan], about: str) -> list[Discrepancy]:
    """One outlet hedges the claim ("may have been caused by"), another states it ("was caused
    by"); each value shows the outlet's own words for the claim's predicate."""
    stems = {s.evidence.article: s.stems() - STOP_WORDS for s in spans}
    observed: list[tuple[Observation, frozenset[str]]] = []
    for span in spans:
        hedge = _hedge(span, others_words(stems, span.evidence.article))
        if hedge is not None:
            marker, verb = hedge
            if not _predicts(span, verb):  # "will likely be a total loss" foretells, "was" reports
                observed.append(((_predicate_words(span, verb, marker), HEDGED, span.evidence), _act(span, verb)))
            continue
        verb = _main_predicate(span)
        if verb is not None and not _doubts_anything(span):
            observed.append(((_predicate_words(span, verb, None), STATED, span.evidence), _act(span, verb)))
    return disagreement(ctx, about, "wording", _same_act_observations(observed))


def _same_act_observations(observed: list[tuple[Observation, frozenset[str]]]) -> list[Observation]:
    """The hedged and stated readings of one act: each reading's verb (or its object) is named
    by a reading on the other side ("might not make its release date" / "staked out a release
    date" hedge and state two acts, "likely damaged" / "damaged" one)."""
    acts = {side: set().union(*(act for obs, act in observed if obs[1] == side)) for side in (HEDGED, STATED)}
    return [obs for obs, act in observed if act & acts[STATED if obs[1] == HEDGED else HEDGED]]


def _act(span: FactSpan, verb: int) -> frozenset[str]:
    """Stems of the verb and of what it acts on (light verbs count only by their objects)."""
    tokens = span.index.tokens
    words = [verb, *(c for c in span.index.children.get(verb, []) if tokens[c].dep in COMPLEMENT_DEPS)]
    return frozenset(stem(tokens[i].lemma) for i in words if tokens[i].pos in {"VERB", "NOUN", "ADJ"}
                     and normal_form(tokens[i].lemma) not in LIGHT_LEMMAS) - {""}


def _predicts(span: FactSpan, verb: int) -> bool:
    """The hedged clause is about what will happen ("will likely be", "would probably cost")."""
    return any(span.word(c) in FUTURE_AUXILIARIES for c in aux_children(span.index, verb))


def _doubts_anything(span: FactSpan) -> bool:
    """Some word of the span hedges with doubt: the outlet does not state the claim as fact,
    even when the parse does not tie its "probably" to the verb."""
    return any(span.word(i) in DOUBT_HEDGES and span.index.tokens[i].pos in MARKER_POS for i in span.words())


def quantifier_discrepancies(ctx: StoryContext, spans: list[FactSpan], about: str) -> list[Discrepancy]:
    """"all" in one outlet, "some" in another, qualifying the same shared word."""
    lemmas = {s.evidence.article: {s.index.lemma(i) for i in s.words()} for s in spans}
    observations: list[Observation] = []
    for span in spans:
        marker = _quantifier(span, others_words(lemmas, span.evidence.article))
        if marker is not None:
            observations.append((marker, "all" if marker in UNIVERSAL else "some", span.evidence))
    return disagreement(ctx, about, "wording", observations)


def _quantifier(span: FactSpan, shared: set[str]) -> str | None:
    """The first quantifier of the span that qualifies a word the other outlets also use."""
    for i in span.words():
        word = span.word(i)
        if word in QUANTIFIERS and span.index.tokens[i].pos in MARKER_POS and _qualifies_shared(span, i, shared) \
                and not _softened_or_approximating(span, i):
            return word
    return None


def _softened_or_approximating(span: FactSpan, i: int) -> bool:
    """"almost all" is not "all", and "some 2.44 million" is an approximate figure, not "some"."""
    tokens = span.index.tokens
    if any(normal_form(tokens[c].lemma) in NEAR_MISS_ADVERBS for c in span.index.children.get(i, [])):
        return True
    following = i + 1 < len(tokens) and tokens[i + 1].pos == "NUM"
    return following or tokens[tokens[i].head].pos == "NUM"


def _qualifies_shared(span: FactSpan, i: int, shared: set[str]) -> bool:
    tokens = span.index.tokens
    j = i
    for _ in range(MODIFIER_HOPS):
        j = tokens[j].head
        lemma = normal_form(tokens[j].lemma)
        if lemma in shared and lemma not in STOP_WORDS and tokens[j].pos in {"NOUN", "PROPN", "VERB", "ADJ"}:
            return True
    return False


def _hedge(span: FactSpan, shared: set[str]) -> tuple[int, int] | None:
    """(hedge word, the verb of the clause it hedges) when a hedge qualifies the claim itself:
    an auxiliary, an adverb or the predicate ("was likely to blame", "the most likely cause"),
    never a label inside a prepositional phrase ("a case into suspected breaches")."""
    tokens = span.index.tokens
    main = _main_predicate(span)
    claim = subtree(span.index, main) if main is not None else set()
    for i in span.words():
        word = span.word(i)
        if word not in DOUBT_HEDGES or tokens[i].pos not in MARKER_POS:
            continue
        verb = _clause_verb(span, i)
        if verb is None or verb not in claim:
            continue  # a hedge on a second claim of the sentence ("... and warned there were likely")
        stems = _clause_stems(span, verb) - {stem(word)}
        if stems and len(stems & shared) >= HEDGE_SHARED_SHARE * len(stems):
            return i, verb
    return None


def _clause_verb(span: FactSpan, i: int) -> int | None:
    """The verb whose clause word ``i`` qualifies, unless it only labels a thing on the way."""
    tokens = span.index.tokens
    j = i
    for _ in range(MODIFIER_HOPS + 1):
        if tokens[j].pos in {"VERB", "AUX"} and j != i:
            return j
        if tokens[j].dep in LABEL_DEPS or tokens[j].head == j:
            return None
        j = tokens[j].head
    return j if tokens[j].pos in {"VERB", "AUX"} else None


def _clause_stems(span: FactSpan, verb: int) -> set[str]:
    inside = set(span.words())
    return {stem(span.index.tokens[i].lemma) for i in subtree(span.index, verb) & inside} - STOP_WORDS


def _main_predicate(span: FactSpan) -> int | None:
    """The verb of what the span claims: its root, or what a speech verb reports."""
    words = span.words()
    inside = set(words)
    tokens = span.index.tokens
    roots = [i for i in words if tokens[i].head == i or tokens[i].head not in inside]
    verbs = [i for i in roots if tokens[i].pos in {"VERB", "AUX"}]
    for root in span.token_ids:
        if tokens[root].head == root and tokens[root].lemma in REPORTING_SPEECH_LEMMAS:
            verbs = [c for c in span.index.children.get(root, []) if tokens[c].dep == "ccomp"] or verbs
    return verbs[0] if verbs else None


def _predicate_words(span: FactSpan, verb: int, marker: int | None) -> str:
    """The outlet's words from the hedge (or the auxiliaries) through the predicate's
    complement: "may have been caused by a ruptured pipeline"."""
    index = span.index
    tokens = index.tokens
    start = min([verb, *aux_children(index, verb), *([marker] if marker is not None else [])])
    end = verb
    complements = [c for c in index.children.get(verb, []) if c > verb and tokens[c].dep in COMPLEMENT_DEPS]
    if complements:
        end = max(subtree(index, complements[0]))
    last = start
    for i in range(start, end + 1):
        if tokens[i].pos == "PUNCT" and i > verb:
            break
        last = i
    return span.text[tokens[start].start : tokens[last].end]
