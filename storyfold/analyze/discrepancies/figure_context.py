"""Whether a figure counts the story's own event, as a fact: what two outlets' figures must be.

A news story carries figures that are not its count: background on an earlier event ("In
February, a gunman killed three"; "The last major quake was in February. It killed 612"),
what might have been ("there might have been two people killed"), what nearly was ("two
nearly killed"), a part of the count ("the two other victims") or a generic "one" ("when one
is killed, all of us lose").  Compared with the story's count, each reads as outlets
disagreeing when they do not; these figures are left out of every number comparison.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from storyfold.analyze.claims import ArticleTokens, normal_form
from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import (
    CARRYING_DETERMINERS,
    HYPOTHETICAL_AUXILIARIES,
    NEAR_MISS_ADVERBS,
    SPEECH_LEMMAS,
    SUBSET_MODIFIERS,
)
from storyfold.analyze.discrepancies.claim_dates import date_governor
from storyfold.analyze.quantities import Quantity
from storyfold.model import Article

MONTH_NAMES = frozenset(name.casefold() for name in calendar.month_name if name)
# Dates that put an act before the story: another year, "last year", "two years ago".
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PAST_PERIOD = re.compile(r"\b(?:last|past|previous|earlier this)\s+(?:year|decade|season|spring|summer|"
                          r"autumn|fall|winter)\b|\b(?:years?|months?|decades?)\s+ago\b", re.IGNORECASE)
# Pronoun subjects that carry a previous sentence's event on ("It killed 612 people").
CARRIED_SUBJECTS = frozenset({"it", "they", "this", "that"})
# Auxiliaries of the present: "one is killed" states what happens in general, not what happened.
GENERIC_AUXILIARIES = frozenset({"is", "are"})
ANCESTOR_HOPS = 8  # dependency steps from a figure up to its sentence's root


def counts_the_story(ctx: StoryContext, index: ArticleTokens, article: Article, quantity: Quantity,
                     sentence_start: int, sentence_end: int) -> bool:
    """Whether ``quantity`` is a count of the story's event stated as fact (see the module)."""
    chain = _ancestors(index, quantity.figure_index)
    if _is_part_or_generic(index, article.text, quantity) or _unreal(index, chain, quantity):
        return False
    if _dated_before_the_story(index, chain, sentence_start, sentence_end, article.published):
        return False
    if _past_perfect_unreported(index, article.text, chain):
        return False
    return not (_carried_subject(index, chain)
                and _previous_sentence_is_background(ctx, index, article, sentence_start))


def _ancestors(index: ArticleTokens, i: int) -> list[int]:
    chain = [i]
    for _ in range(ANCESTOR_HOPS):
        head = index.tokens[chain[-1]].head
        if head == chain[-1]:
            break
        chain.append(head)
    return chain


def _is_part_or_generic(index: ArticleTokens, text: str, quantity: Quantity) -> bool:
    """"the two other victims", "the remaining 40" (a part), or a bare "one" in the present
    ("when one is killed, all of us lose"): a pronoun of a general truth, not a count."""
    head = quantity.head_index
    if any(index.lemma(c) in SUBSET_MODIFIERS for c in index.children.get(head, [])):
        return True
    figure = index.tokens[quantity.figure_index]
    if normal_form(text[figure.start : figure.end]) != "one" or figure.dep in {"nummod", "quantmod"}:
        return False
    verb = figure.head
    return any(index.tokens[c].dep in {"aux", "auxpass"} and normal_form(text[index.tokens[c].start
               : index.tokens[c].end]) in GENERIC_AUXILIARIES for c in index.children.get(verb, []))


def _unreal(index: ArticleTokens, chain: list[int], quantity: Quantity) -> bool:
    """A verb above the figure, or a clause on what it counts, is hypothetical ("might have
    been killed") or a near miss ("two nearly killed"): nothing of the kind was counted."""
    clauses = [c for i in {quantity.head_index, quantity.figure_index} for c in index.children.get(i, [])
               if index.tokens[c].dep in {"acl", "relcl"}]
    for i in [*clauses, *chain[1:]]:
        if index.tokens[i].pos not in {"VERB", "AUX"}:
            continue
        for c in index.children.get(i, []):
            dep, lemma = index.tokens[c].dep, index.lemma(c)
            if dep == "aux" and lemma in HYPOTHETICAL_AUXILIARIES:
                return True
            if dep == "advmod" and lemma in NEAR_MISS_ADVERBS:
                return True
        if index.lemma(i) in SPEECH_LEMMAS:
            break  # "police said ... could": the speech verb's own modality is not the count's
    return False


def _dated_before_the_story(index: ArticleTokens, chain: list[int], start: int, end: int,
                            published: str | None) -> bool:
    """A date of the figure's own clause puts it before the story ("In February, ... killing three")."""
    above = _with_coordinated(index, chain)
    for mention in index.mentions:
        if mention.label != "DATE" or not (start <= mention.start < end):
            continue
        ids = index.span(mention.start, mention.end)
        governor, _ = date_governor(index, ids[-1]) if ids else (None, False)
        if governor in above and background_date(mention.text, published):
            return True
    return False


def _with_coordinated(index: ArticleTokens, chain: list[int]) -> set[int]:
    """The figure's ancestors and the verbs coordinated with them, which share their time
    ("killed six, injured almost 50 and caused damage in September")."""
    found = set(chain)
    for i in chain:
        if index.tokens[i].pos not in {"VERB", "AUX"}:
            continue
        top = i
        while index.tokens[top].dep == "conj" and index.tokens[top].head != top:
            top = index.tokens[top].head
        todo = [top]
        while todo:
            verb = todo.pop()
            found.add(verb)
            todo.extend(c for c in index.children.get(verb, []) if index.tokens[c].dep == "conj" and c not in found)
    return found


def background_date(text: str, published: str | None) -> bool:
    """A date that names a time before the story: another year than publication's, a past
    period ("last year", "two years ago"), or a month named alone ("in February") that is not
    the publication's month."""
    if _PAST_PERIOD.search(text):
        return True
    pub = _published_day(published)
    years = {int(y) for y in _YEAR.findall(text)}
    if years and pub is not None and pub.year not in years:
        return True
    words = re.findall(r"[a-z]+", text.casefold())
    months = [w for w in words if w in MONTH_NAMES]
    if not months or any(ch.isdigit() for ch in text):
        return False
    return pub is None or calendar.month_name[pub.month].casefold() not in months


def _published_day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _past_perfect_unreported(index: ArticleTokens, text: str, chain: list[int]) -> bool:
    """"had killed three" in the outlet's own voice tells an earlier act; under a speech verb
    ("police said he had killed three") it is only reported speech's tense."""
    verbs = [i for i in chain[1:] if index.tokens[i].pos in {"VERB", "AUX"}]
    if not verbs or any(index.lemma(i) in SPEECH_LEMMAS for i in chain):
        return False
    return any(index.tokens[c].dep == "aux" and text[index.tokens[c].start : index.tokens[c].end].casefold() == "had"
               for c in index.children.get(verbs[0], []))


def _carried_subject(index: ArticleTokens, chain: list[int]) -> bool:
    """The figure's verb has a pronoun subject ("It killed 612 people"): its event is the
    previous sentence's."""
    for i in chain[1:]:
        if index.tokens[i].pos not in {"VERB", "AUX"}:
            continue
        subjects = [c for c in index.children.get(i, []) if index.tokens[c].dep in {"nsubj", "nsubjpass"}]
        if subjects:
            subject = subjects[0]
            return index.lemma(subject) in CARRIED_SUBJECTS or any(
                index.tokens[c].dep == "det" and index.lemma(c) in CARRYING_DETERMINERS
                for c in index.children.get(subject, []))  # "That temblor killed six"
        if index.tokens[i].dep != "conj":  # "It killed 612 and injured 1,400": the subject is the first verb's
            return False
    return False


def _previous_sentence_is_background(ctx: StoryContext, index: ArticleTokens, article: Article,
                                     sentence_start: int) -> bool:
    """The sentence before ``sentence_start`` is dated before the story."""
    before = [s for s in ctx.sentences(article, on_topic_only=False) if s.end <= sentence_start]
    if not before:
        return False
    previous = before[-1]
    return any(m.label == "DATE" and previous.start <= m.start < previous.end
               and background_date(m.text, article.published) for m in index.mentions)
