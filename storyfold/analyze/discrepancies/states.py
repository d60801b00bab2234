"""Conflicting statements of the state of a thing ("reopened" / "remains closed").

A state word is compared story-wide by its subject, since outlets state a state in
sentences that rarely align as one fact.  Only stated, real states count ("would stay
shut until ..." states nothing), and two states conflict only for the same day with
one of them current: "closed on Tuesday ... reopened on Wednesday" is a sequence, not a
disagreement, so each article's latest word on a subject is what is compared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from storyfold.analyze.claims import NAME_LABELS, ArticleTokens, normal_form, speech_setting, subtree
from storyfold.analyze.context import StoryContext, StorySentence
from storyfold.analyze.core.lexicon import CUSTODY_PERSON_NOUNS
from storyfold.analyze.discrepancies.claim_dates import resolve_day
from storyfold.analyze.discrepancies.disagreement import disagreement
from storyfold.analyze.discrepancies.predicates import aux_children, negating_children
from storyfold.analyze.discrepancies.story_tokens import TokenIndexes, parsed_sentences
from storyfold.dates import parse_iso_date
from storyfold.model import Discrepancy, Evidence

# States of a thing as (concept, sign), compared story-wide by subject: "reopened" in one
# outlet and "remains closed" in another, about one bridge on one day, cannot both hold.
STATE_WORDS: dict[str, tuple[str, int]] = {
    "open": ("open", 1), "reopen": ("open", 1), "close": ("open", -1), "closed": ("open", -1),
    "shut": ("open", -1), "alive": ("alive", 1), "survive": ("alive", 1), "dead": ("alive", -1),
    "die": ("alive", -1), "resume": ("operating", 1), "restart": ("operating", 1),
    "suspend": ("operating", -1), "halt": ("operating", -1), "arrest": ("custody", 1),
    "detain": ("custody", 1), "release": ("custody", -1),
}
CUSTODY = "custody"
# Auxiliaries and clause markers of a possible, future or conditional state, not a stated one.
IRREALIS_AUX = frozenset(
    {"may", "might", "could", "would", "should", "will", "shall", "can", "must", "'ll", "wo", "ca"}
)
IRREALIS_MARKS = frozenset({"if", "until", "unless", "whether", "when", "once", "before", "till"})
# Finite forms that state a current state ("remains closed", "has reopened").
PRESENT_FINITE = frozenset({"is", "are", "am", "'s", "'re", "remains", "remain", "stays", "stay", "has", "have"})


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


def story_state_discrepancies(ctx: StoryContext, indexes: TokenIndexes) -> list[Discrepancy]:
    """States of the same subject indexed story-wide; two independent outlets disagree when they
    state opposite states for the same day (see :func:`_states_conflict`)."""
    by_key: dict[tuple[str, str], dict[str, list[_State]]] = defaultdict(lambda: defaultdict(list))
    for article, index, sentence in parsed_sentences(ctx, indexes):
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
    if subject is None or (entry[0] == CUSTODY and not _is_person(index, subject)):
        return None  # "the results were released": a custody state is a person's
    negators = negating_children(index, i, verb)
    sign = -entry[1] if negators else entry[1]
    present = token.dep != "acl" and _is_present(index, text, verb)
    published = parse_iso_date(sentence.article.published)
    when = published if present else (_event_day(index, sentence, verb) or published)
    first = min([i, verb, *negators, *aux_children(index, verb)])
    specifiers, about = _subject_words(ctx, index, text, subject)
    return _State(entry[0], sign, present, when, text[index.tokens[first].start : token.end],
                  sentence.evidence(), index.lemma(subject), specifiers, about)


def _is_person(index: ArticleTokens, subject: int) -> bool:
    """A named person or a noun for people (see ``CUSTODY_PERSON_NOUNS``)."""
    mention = index.mention_at(index.tokens[subject].start)
    return (mention is not None and mention.label == "PERSON") or index.lemma(subject) in CUSTODY_PERSON_NOUNS


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


def _is_present(index: ArticleTokens, text: str, verb: int) -> bool:
    """Present tense or present perfect: "remains closed", "is shut", "has reopened"."""
    auxiliaries = aux_children(index, verb)
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
    """The states of one subject that conflict with another independent outlet's."""
    owners = [ctx.article(s.evidence.article).independent_id for s in states]
    involved: dict[int, _State] = {}
    for a, first in enumerate(states):
        for b in range(a + 1, len(states)):  # one statement per article and subject: a handful
            if owners[a] != owners[b] and _states_conflict(first, states[b]):
                involved[a], involved[b] = first, states[b]
    if not involved:
        return []
    chosen = [involved[n] for n in sorted(involved)]
    return disagreement(ctx, chosen[0].about, "claim", [(s.label, str(s.sign), s.evidence) for s in chosen])
