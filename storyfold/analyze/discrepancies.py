"""Where independent outlets disagree: spellings, numbers, hedges, status claims, dates.

Every comparison except spelling runs *inside* one aligned fact (see
:mod:`storyfold.analyze.facts`), between spans of different independent sources:
two sentences that say different things are never compared, and a wire copy never
disagrees with its original.  Within a fact, a number is compared only with a
number counting the same thing (the same head noun), and an article that gives two
values for one thing is left out rather than guessed.  Precision over recall: a
difference is reported only when the parse shows what it is about.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS

from storyfold.analyze.claim_dates import resolve_day
from storyfold.analyze.claims import ArticleTokens, normal_form, speech_setting
from storyfold.analyze.context import StoryContext
from storyfold.analyze.entities import spelling_variants
from storyfold.analyze.quantities import VAGUE_WORDS, Quantity, claim_quantities
from storyfold.model import Discrepancy, DiscrepancyValue, Evidence, Fact

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
# Parts of speech a hedge or quantifier takes: "May" the month is no hedge.
MARKER_POS = frozenset({"ADV", "ADJ", "AUX", "VERB", "DET", "PRON", "NOUN"})
# Status words as (concept, sign): two outlets using opposite signs of one concept
# ("reopened" / "remains closed", "confirmed" / "denied") disagree about the state of things.
STATUS_WORDS: dict[str, tuple[str, int]] = {
    "open": ("open", 1), "reopen": ("open", 1), "close": ("open", -1), "closed": ("open", -1),
    "shut": ("open", -1), "confirm": ("confirm", 1), "confirmation": ("confirm", 1), "admit": ("confirm", 1),
    "deny": ("confirm", -1), "denial": ("confirm", -1), "respond": ("respond", 1),
    "response": ("respond", 1), "reply": ("respond", 1),
    "accept": ("accept", 1), "approve": ("accept", 1), "reject": ("accept", -1), "refuse": ("accept", -1),
    "alive": ("alive", 1), "survive": ("alive", 1), "dead": ("alive", -1), "die": ("alive", -1),
    "win": ("win", 1), "lose": ("win", -1), "guilty": ("guilty", 1), "innocent": ("guilty", -1),
    "acquit": ("guilty", -1), "convict": ("guilty", 1), "rise": ("rise", 1), "increase": ("rise", 1),
    "fall": ("rise", -1), "decrease": ("rise", -1), "decline": ("rise", -1),
}
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
    """Disagreements between independent outlets, spellings first, then per fact."""
    found = _spelling(ctx)
    indexes: dict[str, ArticleTokens] = {}
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
            if quantity.comparative:
                continue  # "many more": in addition to a count, not a count of the same thing
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


# ----------------------------------------------------------------------------- wording


def _wording(ctx: StoryContext, spans: list[_Span], about: str) -> list[Discrepancy]:
    found = _bounds(ctx, spans)
    for marker_kind in (HEDGES, UNIVERSAL | PARTIAL):
        marked = _markers(spans, marker_kind)
        if marked:
            found.extend(_marker_discrepancy(ctx, spans, marked, about, marker_kind))
    return found


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
            observations.append((hit[0], _marker_class(hit[0], words), span.evidence))
        elif words is HEDGES:
            observations.append((STATED, STATED, span.evidence))
    values = _values(ctx, observations)
    if len(values) < 2 or not _independent_disagreement(ctx, values):
        return []
    return [Discrepancy(about, "wording", values)]


def _marker_class(word: str, words: frozenset[str]) -> str:
    if words is HEDGES:
        return "hedged"
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
    observations = []
    for span in spans:
        days = _days(span)
        if len(days) == 1:
            (day, text), = days.items()
            observations.append((f"{day.isoformat()} ({text})", day.isoformat(), span.evidence))
    values = _values(ctx, observations)
    if len(values) < 2 or not _independent_disagreement(ctx, values):
        return []
    return [Discrepancy(about, "date", values)]


def _days(span: _Span) -> dict[date, str]:
    found: dict[date, str] = {}
    start, end = span.evidence.start, span.evidence.end
    for mention in span.index.mentions:
        if mention.label == "DATE" and start <= mention.start and mention.end <= end:
            day = resolve_day(mention.text, span.published)
            if day is not None:
                found.setdefault(day, mention.text)
    return found


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
