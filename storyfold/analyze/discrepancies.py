"""Where independent outlets disagree: spellings, numbers, hedges, status claims, dates.

Two outlets rarely word one thing alike, so two routes find disagreements:

* **Story-wide, by key.**  Every figure of the story is indexed by what it counts (act
  family from a small news lexicon, kind of thing, specific modifiers such as "North
  Korean"; see :func:`storyfold.analyze.quantities.count_key`), and every stated state
  ("reopened", "remains closed") by its subject; values under one key are compared
  across independent outlets without the sentences having to align as one fact.  A state
  is compared only with an opposite state for the same day, one of them current, so
  "closed on Tuesday ... reopened on Wednesday" reads as a sequence.
* **Within one aligned fact** (see :mod:`storyfold.analyze.facts`): hedges, quantifiers,
  stances (confirmed / denied), dates of the same act, and figures the lexicon does not know.

A wire copy never disagrees with its original, an article never with itself, and an
article giving two values for one thing is left out rather than guessed.  Precision over
recall: a difference is reported only when the parse shows what it is about.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from storyfold.analyze.claim_dates import date_governor, publication_day, resolve_day
from storyfold.analyze.claims import NAME_LABELS, SPEECH_LEMMAS, ArticleTokens, normal_form, speech_setting
from storyfold.analyze.context import StoryContext, StorySentence
from storyfold.analyze.entities import spelling_variants
from storyfold.analyze.quantities import (
    APPROXIMATORS,
    VAGUE_WORDS,
    CountKey,
    Quantity,
    act_family,
    claim_quantities,
    count_key,
    count_places,
    places_compatible,
    subtree,
)
from storyfold.model import Article, Discrepancy, DiscrepancyValue, Evidence, Fact

# People and places: a misspelt organisation name is rarer and usually an abbreviation.
SPELLING_TYPES = frozenset({"PERSON", "GPE", "LOC", "FAC"})
# Words that turn a statement of fact into a report of one.
HEDGES = frozenset(
    {"likely", "unlikely", "reportedly", "allegedly", "alleged", "apparently", "apparent", "purportedly",
     "purported", "supposedly", "suspected", "possibly", "possible", "probably", "unconfirmed", "unverified",
     "may", "might", "claimed"}
)
# Quantifiers over a group: "all residents" and "some residents" are different claims.
UNIVERSAL = frozenset({"all", "every", "each", "entire"})
PARTIAL = frozenset({"some", "part", "several", "few", "partly", "partially"})
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
# Stance words as (concept, sign): two outlets using opposite signs of one concept in one
# aligned fact ("confirmed" / "denied" the same thing) disagree about what was said or decided.
STATUS_WORDS: dict[str, tuple[str, int]] = {
    "confirm": ("confirm", 1), "confirmation": ("confirm", 1), "admit": ("confirm", 1),
    "deny": ("confirm", -1), "denial": ("confirm", -1), "respond": ("respond", 1),
    "response": ("respond", 1), "reply": ("respond", 1),
    "accept": ("accept", 1), "approve": ("accept", 1), "reject": ("accept", -1), "refuse": ("accept", -1),
    "win": ("win", 1), "lose": ("win", -1), "guilty": ("guilty", 1), "innocent": ("guilty", -1),
    "acquit": ("guilty", -1), "convict": ("guilty", 1), "rise": ("rise", 1), "increase": ("rise", 1),
    "fall": ("rise", -1), "decrease": ("rise", -1), "decline": ("rise", -1),
}
# States of a thing as (concept, sign), compared story-wide by subject: "reopened" in one
# outlet and "remains closed" in another, about one bridge on one day, cannot both hold.
STATE_WORDS: dict[str, tuple[str, int]] = {
    "open": ("open", 1), "reopen": ("open", 1), "close": ("open", -1), "closed": ("open", -1),
    "shut": ("open", -1), "alive": ("alive", 1), "survive": ("alive", 1), "dead": ("alive", -1),
    "die": ("alive", -1), "resume": ("operating", 1), "restart": ("operating", 1),
    "suspend": ("operating", -1), "halt": ("operating", -1), "arrest": ("custody", 1),
    "detain": ("custody", 1), "release": ("custody", -1),
}
# Auxiliaries and clause markers of a possible, future or conditional state, not a stated one.
IRREALIS_AUX = frozenset(
    {"may", "might", "could", "would", "should", "will", "shall", "can", "must", "'ll", "wo", "ca"}
)
IRREALIS_MARKS = frozenset({"if", "until", "unless", "whether", "when", "once", "before", "till"})
# Finite forms that state a current state ("remains closed", "has reopened").
PRESENT_FINITE = frozenset({"is", "are", "am", "'s", "'re", "remains", "remain", "stays", "stay", "has", "have"})
# Vague amounts a figure is compared with: each names an order of magnitude.  "many" or "several"
# against a figure is too loose to call a disagreement.
MAGNITUDE_WORDS = frozenset({"dozens", "scores", "hundreds", "thousands", "millions", "billions"})
# Bounds that put a figure's value at or above it; the other bounds put it at or below.
LOWER_BOUNDS = frozenset({"at least", "more than", "over", "upwards of"})
# "about 200" allows this share either side: "about 200" and "210" agree, "about 200" and "300" do not.
APPROX_TOLERANCE = 0.1
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
# "has yet to respond": negation spread over two words before the verb.
YET_TO_WINDOW = 3
# Leading letters that tie a verb to its noun ("evacuate" / "evacuation", "capture" / "captured").
STEM_CHARS = 5
KEY_PHRASE_FALLBACK_CHARS = 60  # a fact with no noun is labelled by its opening words
# Modifier dependencies that attach a hedge or a quantifier to the word it qualifies.
MODIFIER_HOPS = 2


@dataclass(slots=True)
class _Span:
    """One fact's evidence in one article, with its parse."""

    evidence: Evidence
    independent: str
    published: str | None
    index: ArticleTokens
    token_ids: list[int]
    setting: set[int] = field(default_factory=set)
    index_text: str = ""  # the article's text, for the words of a token

    def words(self) -> list[int]:
        """Tokens that carry the claim, not who reported it."""
        return [i for i in self.token_ids if i not in self.setting]


def find_discrepancies(ctx: StoryContext) -> list[Discrepancy]:
    """Disagreements between independent outlets: spellings, then counts and states indexed
    story-wide by what they are about, then what only an aligned fact shows."""
    found = _spelling(ctx)
    indexes: dict[str, ArticleTokens] = {}
    found.extend(_story_counts(ctx, indexes))
    found.extend(_story_states(ctx, indexes))
    for fact in ctx.facts:
        if ctx.independent_count(fact.sources) < 2:
            continue
        spans = _spans(ctx, fact, indexes)
        about = _key_phrase(spans, fact)
        found.extend(_numbers(ctx, spans))
        found.extend(_wording(ctx, spans, about))
        found.extend(_status_claims(ctx, spans, about))
        found.extend(_dates(ctx, spans, about))
    return _unique(found)


# ---------------------------------------------------------------------------- spelling


def _spelling(ctx: StoryContext) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for entity in ctx.entities:
        if entity.type not in SPELLING_TYPES:
            continue
        spellings = _merge_punctuation_forms(spelling_variants(entity))
        if len(spellings) < 2:
            continue
        values = [
            DiscrepancyValue(
                spelling,
                ctx.order_sources(articles),
                _first_mentions(entity.mentions, spelling, articles),
            )
            for spelling, articles in spellings.items()
        ]
        if _independent_disagreement(ctx, values):
            found.append(Discrepancy(entity.name, "spelling", _ordered(values)))
    return found


def _letters(text: str) -> str:
    return "".join(ch for ch in normal_form(text) if ch.isalnum())


def _merge_punctuation_forms(spellings: dict[str, list[str]]) -> dict[str, list[str]]:
    """"U.S." and "US" are one spelling: forms equal once dots and spaces go are merged,
    shown in the form more articles use."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for spelling, articles in sorted(spellings.items(), key=lambda kv: -len(kv[1])):
        key = _letters(spelling)
        if key in merged:
            merged[key][1].extend(a for a in articles if a not in merged[key][1])
        else:
            merged[key] = (spelling, list(articles))
    return dict(merged.values())


def _first_mentions(mentions: list[Evidence], spelling: str, articles: list[str]) -> list[Evidence]:
    key = _letters(spelling)
    first: dict[str, Evidence] = {}
    for mention in mentions:
        if mention.article in articles and mention.article not in first and _letters(mention.text) == key:
            first[mention.article] = mention
    return [first[a] for a in articles if a in first]


# ------------------------------------------------------------------------------ spans


def _spans(ctx: StoryContext, fact: Fact, indexes: dict[str, ArticleTokens]) -> list[_Span]:
    spans: list[_Span] = []
    for evidence in fact.evidence:
        article = ctx.article(evidence.article)
        if article.id not in indexes:
            indexes[article.id] = ArticleTokens(ctx.parsed[article.id])
        index = indexes[article.id]
        ids = index.span(evidence.start, evidence.end)
        spans.append(_Span(evidence, article.independent_id, article.published, index, ids,
                           speech_setting(index, ids), article.text))
    return spans


def _key_phrase(spans: list[_Span], fact: Fact) -> str:
    """A short label for the fact: the subject (or object) of its clearest wording, with its
    modifiers, skipping amounts ("dozens of families" -> "families")."""
    span = next((s for s in spans if s.evidence.text == fact.text), spans[0])
    tokens = span.index.tokens
    nouns = [i for i in span.words() if tokens[i].pos in {"NOUN", "PROPN"} and not _is_amount(span, i)]
    if not nouns:
        return fact.text[:KEY_PHRASE_FALLBACK_CHARS]
    rank = {"nsubj": 0, "nsubjpass": 0, "dobj": 1}
    core = min(nouns, key=lambda i: (rank.get(tokens[i].dep, len(rank)), i))
    modifiers = [c for c in span.index.children.get(core, []) if tokens[c].dep in {"compound", "amod"}]
    first = min([core, *modifiers])
    return span.index_text[tokens[first].start : tokens[core].end]


def _is_amount(span: _Span, i: int) -> bool:
    token = span.index.tokens[i]
    return normal_form(span.index_text[token.start : token.end]) in VAGUE_WORDS or token.pos == "NUM"


# ----------------------------------------------------------------------------- numbers


def _quantities_by_head(spans: list[_Span]) -> dict[str, list[tuple[_Span, Quantity]]]:
    """head -> one quantity per article; an article giving two values for a head is left out."""
    by_head: dict[str, dict[str, list[tuple[_Span, Quantity]]]] = defaultdict(lambda: defaultdict(list))
    for span in spans:
        for quantity in claim_quantities(span.index, span.index_text, span.words()):
            if quantity.comparative or quantity.partitive:
                continue  # "many more": in addition to a count, not a count of the same thing
            if act_family(span.index, quantity.head_index) is not None:
                continue  # counted by a known act: compared story-wide (see _story_counts)
            by_head[quantity.head][span.evidence.article].append((span, quantity))
    result: dict[str, list[tuple[_Span, Quantity]]] = {}
    for head, per_article in by_head.items():
        kept = [found[0] for found in per_article.values() if len({_number_key(q) for _, q in found}) == 1]
        kept = _same_event(kept)
        if len({span.independent for span, _ in kept}) >= 2:
            result[head] = kept
    return result


def _same_event(observed: list[tuple[_Span, Quantity]]) -> list[tuple[_Span, Quantity]]:
    """Keep counts whose act every other span also names ("six fought" is not "two captured"):
    the act's stem must appear among the other spans' words ("evacuation" / "evacuated")."""
    stems = {span.evidence.article: {_stem(span.index.tokens[i].lemma) for i in span.words()}
             for span, _ in observed}
    kept = []
    for span, quantity in observed:
        act = _stem(quantity.predicate)
        others = [s for article, s in stems.items() if article != span.evidence.article]
        if act and all(act in other for other in others):
            kept.append((span, quantity))
    return kept


def _stem(lemma: str) -> str:
    return normal_form(lemma)[:STEM_CHARS]


def _number_key(quantity: Quantity) -> str:
    return "vague" if quantity.vague else f"{quantity.value:g}"


def _numbers(ctx: StoryContext, spans: list[_Span]) -> list[Discrepancy]:
    found: list[Discrepancy] = []
    for head, observed in _quantities_by_head(spans).items():
        exact = {q.value for _, q in observed if not q.vague}
        if not exact or (len(exact) == 1 and all(not q.vague for _, q in observed)):
            continue  # all vague, or all the same figure
        values = _values(ctx, [(q.text, _number_key(q), s.evidence) for s, q in observed])
        if _independent_disagreement(ctx, values):
            found.append(Discrepancy(_head_label(head, observed), "number", values))
    return found


def _head_label(head: str, observed: list[tuple[_Span, Quantity]]) -> str:
    return observed[0][1].head_text or head


# ------------------------------------------------------------------- story-wide counts


@dataclass(slots=True)
class _Count:
    """One figure of one article, with what it counts and where it was said."""

    quantity: Quantity
    key: CountKey
    places: frozenset[str]
    evidence: Evidence
    about: str


def _index_of(ctx: StoryContext, indexes: dict[str, ArticleTokens], article: Article) -> ArticleTokens | None:
    parsed = ctx.parsed.get(article.id)
    if parsed is None or not parsed.tokens:
        return None
    if article.id not in indexes:
        indexes[article.id] = ArticleTokens(parsed)
    return indexes[article.id]


def _story_counts(ctx: StoryContext, indexes: dict[str, ArticleTokens]) -> list[Discrepancy]:
    """Figures of the whole story indexed by :class:`CountKey`, compared across independent
    outlets key by key: two sentences need not be aligned as one fact to count one thing."""
    by_key: dict[CountKey, dict[str, list[_Count]]] = defaultdict(lambda: defaultdict(list))
    for article in ctx.articles:
        index = _index_of(ctx, indexes, article)
        if index is None:
            continue
        for sentence in ctx.sentences(article):
            for count in _sentence_counts(ctx, index, sentence):
                by_key[count.key][article.id].append(count)
    found: list[Discrepancy] = []
    for per_article in by_key.values():
        readings = _compatible(_readings(per_article))
        if len({ctx.article(c.evidence.article).independent_id for c in readings}) >= 2:
            found.extend(_count_disagreements(ctx, readings))
    return found


def _sentence_counts(ctx: StoryContext, index: ArticleTokens, sentence: StorySentence) -> list[_Count]:
    ids = index.span(sentence.start, sentence.end)
    setting = speech_setting(index, ids)
    text = sentence.article.text
    counts = []
    for quantity in claim_quantities(index, text, [i for i in ids if i not in setting]):
        if quantity.comparative or quantity.partitive:
            continue  # "an additional 3,000", "nine of them": not the count itself
        key = count_key(index, text, quantity, ctx.canonical_name)
        if key is None or (quantity.vague and _word(quantity.text) not in MAGNITUDE_WORDS):
            continue
        places = count_places(index, quantity, ctx.canonical_name)
        counts.append(_Count(quantity, key, places, sentence.evidence(), _count_label(index, text, quantity, key)))
    return counts


def _count_label(index: ArticleTokens, text: str, quantity: Quantity, key: CountKey) -> str:
    """"North Korean troops (deployment)": the counted words as written, and the act."""
    head = quantity.head_index
    if head == quantity.figure_index or index.tokens[head].pos not in {"NOUN", "PROPN"}:
        return f"{key.counted} ({key.act})"
    parts = [g for c in index.children.get(head, []) if index.tokens[c].dep in {"amod", "compound"}
             for g in subtree(index, c) if g > quantity.figure_index]
    first = min([head, *parts])
    return f"{text[index.tokens[first].start : index.tokens[head].end]} ({key.act})"


def _word(text: str) -> str:
    return normal_form(text.split()[-1]) if text.split() else ""


def _readings(per_article: dict[str, list[_Count]]) -> list[_Count]:
    """One reading per article: its figure, or its vague amount when it gives no figure.
    An article giving two figures for one key is unsure (or counts two things) and is left out."""
    readings = []
    for counts in per_article.values():
        exact = [c for c in counts if not c.quantity.vague]
        values = {c.quantity.value for c in exact}
        if len(values) == 1:
            readings.append(next((c for c in exact if c.quantity.bound is None), exact[0]))
        elif not exact and len({_word(c.quantity.text) for c in counts}) == 1:
            readings.append(counts[0])
    return readings


def _compatible(readings: list[_Count]) -> list[_Count]:
    """The readings whose places agree ("Kursk" / "Kursk Oblast"), most common first: figures
    tied to different places count different things."""
    order = {id(r): n for n, r in enumerate(readings)}
    kept: list[_Count] = []
    for reading in sorted(readings, key=lambda r: -sum(places_compatible(r.places, o.places) for o in readings)):
        if all(places_compatible(reading.places, k.places) for k in kept):
            kept.append(reading)
    return sorted(kept, key=lambda r: order[id(r)])


def _interval(quantity: Quantity) -> tuple[float, float]:
    """The values a figure allows: "up to 12,000" -> [0, 12,000]; "about 200" -> 200 +- 10%."""
    value = quantity.value or 0.0
    if quantity.bound in LOWER_BOUNDS:
        return value, math.inf
    if quantity.bound is not None:
        return 0.0, value
    if _is_approximate(quantity):
        return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
    return value, value


def _is_approximate(quantity: Quantity) -> bool:
    lowered = quantity.text.casefold()
    return any(lowered.startswith(word + " ") for word in APPROXIMATORS)


def _count_disagreements(ctx: StoryContext, readings: list[_Count]) -> list[Discrepancy]:
    """Figures that cannot both hold, or a figure against a vague amount -> number; one figure
    with and without a bound -> wording."""
    found = []
    if _figures_disagree(ctx, readings):
        values = _values(ctx, [(_shown(readings, c), _number_key(c.quantity), c.evidence) for c in readings])
        if _independent_disagreement(ctx, values):
            found.append(Discrepancy(readings[0].about, "number", values))
    exact = [c for c in readings if not c.quantity.vague]
    if len({c.quantity.value for c in exact}) == 1 and len({c.quantity.bound for c in exact}) > 1:
        values = _values(ctx, [(c.quantity.text, c.quantity.bound or "", c.evidence) for c in exact])
        if _independent_disagreement(ctx, values):
            found.append(Discrepancy(exact[0].about, "wording", values))
    return found


def _figures_disagree(ctx: StoryContext, readings: list[_Count]) -> bool:
    owners = [ctx.article(c.evidence.article).independent_id for c in readings]
    for a, first in enumerate(readings):
        for b in range(a + 1, len(readings)):  # one reading per article: a handful per key
            second = readings[b]
            if owners[a] == owners[b] or (first.quantity.vague and second.quantity.vague):
                continue
            if first.quantity.vague or second.quantity.vague:
                return True
            low_a, high_a = _interval(first.quantity)
            low_b, high_b = _interval(second.quantity)
            if high_a < low_b or high_b < low_a:
                return True
    return False


def _shown(readings: list[_Count], count: _Count) -> str:
    """A figure as written, without its bound when another outlet gives the same figure bare
    (the bound is a wording difference, reported on its own)."""
    bare = [c for c in readings if not c.quantity.vague and c.quantity.value == count.quantity.value
            and c.quantity.bound is None and not _is_approximate(c.quantity)]
    return bare[0].quantity.text if bare else count.quantity.text


# ------------------------------------------------------------------- story-wide states


@dataclass(slots=True)
class _State:
    """One outlet's statement of the state of a thing ("the road bridge remains closed")."""

    concept: str
    sign: int
    present: bool  # a current state ("remains closed", "has reopened"), else a past event
    when: date | None  # the event's day, or publication for a current state or an undated event
    label: str
    evidence: Evidence
    head: str  # lemma of the subject noun
    specifiers: frozenset[str]  # words naming which one ("road", "vessa")
    about: str


def _story_states(ctx: StoryContext, indexes: dict[str, ArticleTokens]) -> list[Discrepancy]:
    """States of the same subject indexed story-wide; two independent outlets disagree when they
    state opposite states for the same day (see :func:`_states_conflict`)."""
    by_key: dict[tuple[str, str], dict[str, list[_State]]] = defaultdict(lambda: defaultdict(list))
    for article in ctx.articles:
        index = _index_of(ctx, indexes, article)
        if index is None:
            continue
        for sentence in ctx.sentences(article):
            for state in _sentence_states(ctx, index, sentence):
                by_key[(state.concept, state.head)][article.id].append(state)
    found: list[Discrepancy] = []
    for per_article in by_key.values():
        latest = [s for s in (_latest(states) for states in per_article.values()) if s is not None]
        found.extend(_state_disagreements(ctx, latest))
    return found


def _sentence_states(ctx: StoryContext, index: ArticleTokens, sentence: StorySentence) -> list[_State]:
    if sentence.text.rstrip().endswith("?"):
        return []  # a question states nothing
    ids = index.span(sentence.start, sentence.end)
    setting = speech_setting(index, ids)
    found = []
    for i in ids:
        if i in setting:
            continue
        state = _state_at(ctx, index, sentence, i)
        if state is not None:
            found.append(state)
    return found


def _state_at(ctx: StoryContext, index: ArticleTokens, sentence: StorySentence, i: int) -> _State | None:
    token = index.tokens[i]
    text = sentence.article.text
    entry = STATE_WORDS.get(normal_form(token.lemma)) or STATE_WORDS.get(normal_form(text[token.start : token.end]))
    if entry is None or token.dep == "amod":
        return None  # "the closed bridge" describes, it does not state
    verb = token.head if token.dep in {"acomp", "oprd"} else i
    if not _is_realis(index, verb):
        return None
    subject = _state_subject(index, i, verb)
    if subject is None:
        return None
    negators = [c for c in (*index.children.get(i, []), *index.children.get(verb, []))
                if normal_form(index.tokens[c].lemma) in NEGATORS]
    sign = -entry[1] if negators else entry[1]
    present = token.dep != "acl" and _is_present(index, text, verb)
    published = publication_day(sentence.article.published)
    when = published if present else (_event_day(index, sentence, verb) or published)
    first = min([i, verb, *negators, *_aux_children(index, verb)])
    specifiers, about = _subject_words(ctx, index, text, subject)
    return _State(entry[0], sign, present, when, text[index.tokens[first].start : token.end],
                  sentence.evidence(), _lemma_of(index, subject), specifiers, about)


def _is_realis(index: ArticleTokens, verb: int) -> bool:
    """A stated state, not a possible, future, conditional or wanted one ("would stay shut
    until", "when production might resume", "expected to reopen")."""
    token = index.tokens[verb]
    if token.dep in {"xcomp", "amod"}:
        return False
    for c in index.children.get(verb, []):
        child = index.tokens[c]
        lemma = normal_form(child.lemma)
        if child.dep == "aux" and (lemma in IRREALIS_AUX or lemma == "to"):
            return False
        if child.dep in {"mark", "advmod"} and lemma in IRREALIS_MARKS:
            return False
    return True


def _state_subject(index: ArticleTokens, i: int, verb: int) -> int | None:
    """The thing whose state is stated: the noun a participle describes ("the bridge, closed
    on Tuesday"), the object of an active verb ("police closed the bridge"), else the subject
    (inherited from the verb's head in "closed on Tuesday, reopened on Wednesday")."""
    token = index.tokens[i]
    if token.dep == "acl":
        candidate: int | None = token.head
    else:
        candidate = _child(index, verb, {"dobj"}) if verb == i else None
        if candidate is None or _child(index, verb, {"auxpass"}) is not None:
            candidate = _child(index, verb, {"nsubj", "nsubjpass"})
        if candidate is None and index.tokens[verb].dep in {"conj", "advcl"}:
            candidate = _child(index, index.tokens[verb].head, {"nsubj", "nsubjpass"})
    if candidate is None or index.tokens[candidate].pos not in {"NOUN", "PROPN"}:
        return None  # a pronoun or a clause: what it stands for is not known here
    return candidate


def _child(index: ArticleTokens, i: int, deps: set[str]) -> int | None:
    return next((c for c in index.children.get(i, []) if index.tokens[c].dep in deps), None)


def _aux_children(index: ArticleTokens, verb: int) -> list[int]:
    return [c for c in index.children.get(verb, []) if index.tokens[c].dep in {"aux", "auxpass"} and c < verb]


def _is_present(index: ArticleTokens, text: str, verb: int) -> bool:
    """Present tense or present perfect: "remains closed", "is shut", "has reopened"."""
    auxiliaries = _aux_children(index, verb)
    finite = auxiliaries[0] if auxiliaries else verb
    token = index.tokens[finite]
    surface = text[token.start : token.end].casefold()
    if surface in PRESENT_FINITE:
        return True
    lemma = token.lemma.casefold()
    return not auxiliaries and token.pos in {"VERB", "AUX"} and surface in {lemma, lemma + "s", lemma + "es"}


def _event_day(index: ArticleTokens, sentence: StorySentence, verb: int) -> date | None:
    """The day a date phrase of the verb itself names ("reopened on Wednesday morning")."""
    for c in index.children.get(verb, []):
        if index.tokens[c].dep not in {"prep", "npadvmod"}:
            continue
        for g in sorted(subtree(index, c)):
            mention = index.mention_at(index.tokens[g].start)
            if mention is not None and mention.label == "DATE":
                return resolve_day(mention.text, sentence.article.published)
    return None


def _subject_words(
    ctx: StoryContext, index: ArticleTokens, text: str, subject: int
) -> tuple[frozenset[str], str]:
    """(specifier words, shown subject): compounds and the names in the subject's phrase say
    which bridge ("the road bridge across the Vessa" -> {"road", "vessa"})."""
    words: set[str] = set()
    shown = [subject]
    for c in index.children.get(subject, []):
        dep = index.tokens[c].dep
        if dep == "compound":
            shown.append(c)
            words.add(normal_form(ctx.canonical_name(text[index.tokens[c].start : index.tokens[c].end])))
        elif dep == "prep":
            phrase = subtree(index, c)
            names = [index.mention_at(index.tokens[g].start) for g in phrase]
            named = {normal_form(ctx.canonical_name(m.text)) for m in names if m and m.label in NAME_LABELS}
            if named:
                shown.extend(phrase)
                words.update(w for name in named for w in name.split())
    return frozenset(words), text[index.tokens[min(shown)].start : index.tokens[max(shown)].end]


def _lemma_of(index: ArticleTokens, i: int) -> str:
    return normal_form(index.tokens[i].lemma)


def _latest(states: list[_State]) -> _State | None:
    """An article's last word on a state: its latest dated statement ("closed on Tuesday ...
    reopened on Wednesday" is a sequence ending open); opposite states on that day are unsure."""
    undated = date.min
    last = max(s.when or undated for s in states)
    final = [s for s in states if (s.when or undated) == last]
    present = [s for s in final if s.present] or final
    return present[0] if len({s.sign for s in present}) == 1 else None


def _states_conflict(a: _State, b: _State) -> bool:
    """Opposite states of one subject for the same day, one of them a current state: a past
    event on another day ("closed on Tuesday" against "open" on Wednesday) is a sequence."""
    if a.sign == b.sign or not (a.present or b.present) or a.when != b.when:
        return False
    return bool(a.specifiers & b.specifiers)


def _state_disagreements(ctx: StoryContext, states: list[_State]) -> list[Discrepancy]:
    owners = [ctx.article(s.evidence.article).independent_id for s in states]
    involved: dict[int, _State] = {}
    for a, first in enumerate(states):
        for b in range(a + 1, len(states)):  # one statement per article and subject: a handful
            if owners[a] != owners[b] and _states_conflict(first, states[b]):
                involved[a], involved[b] = first, states[b]
    if not involved:
        return []
    chosen = [involved[n] for n in sorted(involved)]
    values = _values(ctx, [(s.label, str(s.sign), s.evidence) for s in chosen])
    if not _independent_disagreement(ctx, values):
        return []
    return [Discrepancy(chosen[0].about, "claim", values)]


# ----------------------------------------------------------------------------- wording


def _wording(ctx: StoryContext, spans: list[_Span], about: str) -> list[Discrepancy]:
    found = _bounds(ctx, spans) + _hedges(ctx, spans, about)
    quantifiers = UNIVERSAL | PARTIAL
    marked = _markers(spans, quantifiers)
    if marked:
        found.extend(_marker_discrepancy(ctx, spans, marked, about, quantifiers))
    return found


def _hedges(ctx: StoryContext, spans: list[_Span], about: str) -> list[Discrepancy]:
    """One outlet hedges the claim ("may have been caused by"), another states it ("was caused
    by"); each value shows the outlet's own words for the claim's predicate."""
    stems = {s.evidence.article: {_stem(s.index.tokens[i].lemma) for i in s.words()} - STOP_WORDS for s in spans}
    observations = []
    for span in spans:
        others = set().union(*(v for a, v in stems.items() if a != span.evidence.article))
        hedge = _hedge(span, others)
        if hedge is not None:
            marker, verb = hedge
            observations.append((_predicate_words(span, verb, marker), HEDGED, span.evidence))
            continue
        verb = _main_predicate(span)
        if verb is not None:
            observations.append((_predicate_words(span, verb, None), STATED, span.evidence))
    values = _values(ctx, observations)
    if len(values) < 2 or not _independent_disagreement(ctx, values):
        return []
    return [Discrepancy(about, "wording", values)]


def _hedge(span: _Span, shared: set[str]) -> tuple[int, int] | None:
    """(hedge word, the verb of the clause it hedges) when a hedge qualifies the claim itself:
    an auxiliary, an adverb or the predicate ("was likely to blame", "the most likely cause"),
    never a label inside a prepositional phrase ("a case into suspected breaches")."""
    tokens = span.index.tokens
    main = _main_predicate(span)
    claim = subtree(span.index, main) if main is not None else set()
    for i in span.words():
        word = normal_form(span.index_text[tokens[i].start : tokens[i].end])
        if word not in HEDGES or tokens[i].pos not in MARKER_POS:
            continue
        verb = _clause_verb(span, i)
        if verb is None or verb not in claim:
            continue  # a hedge on a second claim of the sentence ("... and warned there were likely")
        stems = _clause_stems(span, verb) - {_stem(word)}
        if stems and len(stems & shared) >= HEDGE_SHARED_SHARE * len(stems):
            return i, verb
    return None


def _clause_verb(span: _Span, i: int) -> int | None:
    tokens = span.index.tokens
    j = i
    for _ in range(MODIFIER_HOPS + 1):
        if tokens[j].pos in {"VERB", "AUX"} and j != i:
            return j
        if tokens[j].dep in LABEL_DEPS or tokens[j].head == j:
            return None
        j = tokens[j].head
    return j if tokens[j].pos in {"VERB", "AUX"} else None


def _clause_stems(span: _Span, verb: int) -> set[str]:
    inside = set(span.words())
    return {_stem(span.index.tokens[i].lemma) for i in subtree(span.index, verb) & inside} - STOP_WORDS


def _main_predicate(span: _Span) -> int | None:
    """The verb of what the span claims: its root, or what a speech verb reports."""
    words = span.words()
    inside = set(words)
    tokens = span.index.tokens
    roots = [i for i in words if tokens[i].head == i or tokens[i].head not in inside]
    verbs = [i for i in roots if tokens[i].pos in {"VERB", "AUX"}]
    for root in span.token_ids:
        if tokens[root].head == root and tokens[root].lemma in SPEECH_LEMMAS:
            verbs = [c for c in span.index.children.get(root, []) if tokens[c].dep == "ccomp"] or verbs
    return verbs[0] if verbs else None


def _predicate_words(span: _Span, verb: int, marker: int | None) -> str:
    """The outlet's words from the hedge (or the auxiliaries) through the predicate's
    complement: "may have been caused by a ruptured pipeline"."""
    index = span.index
    tokens = index.tokens
    start = min([verb, *_aux_children(index, verb), *([marker] if marker is not None else [])])
    end = verb
    complements = [c for c in index.children.get(verb, []) if c > verb and tokens[c].dep in COMPLEMENT_DEPS]
    if complements:
        end = max(subtree(index, complements[0]))
    last = start
    for i in range(start, end + 1):
        if tokens[i].pos == "PUNCT" and i > verb:
            break
        last = i
    return span.index_text[tokens[start].start : tokens[last].end]


def _bounds(ctx: StoryContext, spans: list[_Span]) -> list[Discrepancy]:
    """The same figure with and without a bound ("up to 12,000" / "12,000")."""
    found: list[Discrepancy] = []
    for head, observed in _quantities_by_head(spans).items():
        exact = [(s, q) for s, q in observed if not q.vague]
        if len({q.value for _, q in exact}) != 1 or len({q.bound for _, q in exact}) < 2:
            continue
        values = _values(ctx, [(q.text, q.bound or "", s.evidence) for s, q in exact])
        if _independent_disagreement(ctx, values):
            found.append(Discrepancy(_head_label(head, exact), "wording", values))
    return found


def _markers(spans: list[_Span], words: frozenset[str]) -> dict[str, tuple[str, int]]:
    """article -> (marker word, token) for spans where a marker qualifies a word another
    span of the fact also uses, so the marker is about the shared claim."""
    lemmas = {s.evidence.article: {normal_form(s.index.tokens[i].lemma) for i in s.words()} for s in spans}
    marked: dict[str, tuple[str, int]] = {}
    for span in spans:
        others = set().union(*(v for a, v in lemmas.items() if a != span.evidence.article))
        for i in span.words():
            token = span.index.tokens[i]
            word = normal_form(span.index_text[token.start : token.end])
            if word in words and token.pos in MARKER_POS and _qualifies_shared(span, i, others):
                marked[span.evidence.article] = (word, i)
                break
    return marked


def _qualifies_shared(span: _Span, i: int, shared: set[str]) -> bool:
    tokens = span.index.tokens
    j = i
    for _ in range(MODIFIER_HOPS):
        j = tokens[j].head
        lemma = normal_form(tokens[j].lemma)
        if lemma in shared and lemma not in STOP_WORDS and tokens[j].pos in {"NOUN", "PROPN", "VERB", "ADJ"}:
            return True
    return False


def _marker_discrepancy(
    ctx: StoryContext, spans: list[_Span], marked: dict[str, tuple[str, int]], about: str, words: frozenset[str]
) -> list[Discrepancy]:
    observations = []
    for span in spans:
        hit = marked.get(span.evidence.article)
        if hit is not None:
            observations.append((hit[0], _marker_class(hit[0]), span.evidence))
    values = _values(ctx, observations)
    if len(values) < 2 or not _independent_disagreement(ctx, values):
        return []
    return [Discrepancy(about, "wording", values)]


def _marker_class(word: str) -> str:
    return "all" if word in UNIVERSAL else "some"


# ------------------------------------------------------------------------------ claims


def _status_claims(ctx: StoryContext, spans: list[_Span], about: str) -> list[Discrepancy]:
    """Opposite status words, or one word negated in one outlet only."""
    by_concept: dict[str, list[tuple[str, int, Evidence]]] = defaultdict(list)
    for span in spans:
        seen: set[str] = set()
        for i in span.words():
            status = _status(span, i)
            if status is not None and status[0] not in seen:
                seen.add(status[0])
                by_concept[status[0]].append((status[1], status[2], span.evidence))  # label, sign
    found: list[Discrepancy] = []
    for observed in by_concept.values():
        if len({sign for _, sign, _ in observed}) < 2:
            continue
        values = _values(ctx, [(label, str(sign), evidence) for label, sign, evidence in observed])
        if _independent_disagreement(ctx, values):
            found.append(Discrepancy(about, "claim", values))
    return found


def _status(span: _Span, i: int) -> tuple[str, str, int] | None:
    """(concept, shown words, sign) for a status word, its sign flipped by negation."""
    token = span.index.tokens[i]
    entry = STATUS_WORDS.get(normal_form(token.lemma)) or STATUS_WORDS.get(
        normal_form(span.index_text[token.start : token.end])
    )
    if entry is None:
        return None
    concept, sign = entry
    negators = _negators(span, i)
    if negators:
        sign = -sign
    first = min([i, *negators, *_auxiliaries(span, i)])
    label = span.index_text[span.index.tokens[first].start : token.end]
    return concept, label, sign


def _negators(span: _Span, i: int) -> list[int]:
    tokens = span.index.tokens
    found = [c for c in span.index.children.get(i, []) if normal_form(tokens[c].lemma) in NEGATORS]
    window = [j for j in range(max(span.token_ids[0], i - YET_TO_WINDOW), i)]
    words = [normal_form(span.index_text[tokens[j].start : tokens[j].end]) for j in window]
    if "yet" in words and words[-1:] == ["to"]:
        found.append(window[words.index("yet")])
    return found


def _auxiliaries(span: _Span, i: int) -> list[int]:
    tokens = span.index.tokens
    found = [c for c in span.index.children.get(i, []) if tokens[c].dep in {"aux", "auxpass"} and c < i]
    if tokens[i].dep in {"acomp", "oprd"} and tokens[i].head < i:
        found.append(tokens[i].head)  # "remains closed"
    return found


# ------------------------------------------------------------------------------- dates


def _dates(ctx: StoryContext, spans: list[_Span], about: str) -> list[Discrepancy]:
    """Different days for the same act: a date is compared only with dates of the same act
    ("found ... during a check on March 11" never with "published yesterday")."""
    by_act: dict[str, list[tuple[str, str, Evidence]]] = defaultdict(list)
    for span in spans:
        days = _days(span)
        acts = {act for act, _ in days}
        for act in acts:
            dated = {day: text for a, (day, text) in days if a == act}
            if len(dated) == 1:
                (day, text), = dated.items()
                by_act[act].append((f"{day.isoformat()} ({text})", day.isoformat(), span.evidence))
    found = []
    for observations in by_act.values():
        values = _values(ctx, observations)
        if len(values) >= 2 and _independent_disagreement(ctx, values):
            found.append(Discrepancy(about, "date", values))
    return found


def _days(span: _Span) -> list[tuple[str, tuple[date, str]]]:
    """(act stem, (day, words)) for each day-precise date of the span, resolved forward when
    the act is still to come ("will present its findings on Thursday")."""
    found = []
    start, end = span.evidence.start, span.evidence.end
    for mention in span.index.mentions:
        if mention.label != "DATE" or not (start <= mention.start and mention.end <= end):
            continue
        ids = span.index.span(mention.start, mention.end)
        governor, future = date_governor(span.index, ids[-1]) if ids else (None, False)
        if governor is None or governor in span.setting:
            continue  # the day something was said, or a date with no act
        day = resolve_day(mention.text, span.published, future)
        if day is not None:
            found.extend((act, (day, mention.text)) for act in _act_stems(span, governor))
    return found


def _act_stems(span: _Span, governor: int) -> set[str]:
    """The dated act's stems: the word the date hangs on and the act it takes as object
    ("forced the evacuation on Tuesday" is dated like "evacuated on Tuesday")."""
    tokens = span.index.tokens
    objects = [c for c in span.index.children.get(governor, []) if tokens[c].dep in {"dobj", "nsubjpass"}
               and tokens[c].pos == "NOUN"]
    return {_stem(tokens[i].lemma) for i in [governor, *objects]}


# ------------------------------------------------------------------------------ shared


def _values(ctx: StoryContext, observations: Iterable[tuple[str, str, Evidence]]) -> list[DiscrepancyValue]:
    """Group (shown value, comparison key, evidence) by key; an article under two keys is
    contradicting itself (or the parse is unsure) and is left out."""
    keys_of: dict[str, set[str]] = defaultdict(set)
    observations = list(observations)
    for _, key, evidence in observations:
        keys_of[evidence.article].add(key)
    grouped: dict[str, list[tuple[str, Evidence]]] = defaultdict(list)
    for shown, key, evidence in observations:
        if len(keys_of[evidence.article]) == 1:
            grouped[key].append((shown, evidence))
    values = []
    for found in grouped.values():
        evidence = list({e.article: e for _, e in found}.values())
        values.append(DiscrepancyValue(found[0][0], ctx.order_sources(e.article for e in evidence), evidence))
    return _ordered(values)


def _independent_disagreement(ctx: StoryContext, values: list[DiscrepancyValue]) -> bool:
    """At least two values held by different independent sources."""
    if len(values) < 2:
        return False
    owners = [{ctx.article(a).independent_id for a in v.sources} for v in values]
    return len(set().union(*owners)) >= 2 and not all(o == owners[0] and len(o) == 1 for o in owners)


def _ordered(values: list[DiscrepancyValue]) -> list[DiscrepancyValue]:
    """Most sources first, so the majority reading leads."""
    return sorted(values, key=lambda v: (-len(v.sources), v.value))


def _unique(found: list[Discrepancy]) -> list[Discrepancy]:
    """One report per (kind, values): the same difference seen through two facts is one."""
    seen: set[tuple] = set()
    result = []
    for discrepancy in found:
        key = (discrepancy.kind, tuple((v.value, tuple(v.sources)) for v in discrepancy.values))
        if key not in seen:
            seen.add(key)
            result.append(discrepancy)
    return result
