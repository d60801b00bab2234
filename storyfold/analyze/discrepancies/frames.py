"""Whether two outlets' sentences state the same act, and whether one of them denies it.

A disagreement needs one claim told two ways: the same act (one predicate on both sides:
the same verb, or a light verb's noun naming the other side's verb, "gave no response" /
"responded"), done by the same named participants, and said at about the same time.
Having evidence and not yet providing it share a noun, not a predicate: no disagreement.
Two sentences that merely share words ("Klitschko put
Thompson down" / "Thompson never recovered") or give different clubs' offers ("the Red Sox
offer" / "none of the other offers") are not one claim, so they cannot disagree; nor can
a February report and an April one about a test result that came out in between.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storyfold.analyze.claims import LIGHT_LEMMAS, ArticleTokens, normal_form, speech_setting
from storyfold.analyze.core.lexicon import (
    DENYING_GOVERNORS,
    NEG_RAISING_VERBS,
    NOT_YET_WORDS,
    REPORTING_SPEECH_LEMMAS,
    SPLIT_CONTRACTIONS,
    UNTIL_WORDS,
    VERB_NEGATORS,
)
from storyfold.analyze.discrepancies.count_keys import named_dependents
from storyfold.analyze.discrepancies.predicates import stem
from storyfold.dates import parse_iso_date
from storyfold.model import Article

# Links from a verb to the thing it acts on, which names the act as well as the verb does
# ("provide evidence" / "had evidence", "gave no response" / "responded").
OBJECT_DEPS = frozenset({"dobj", "attr", "acomp", "oprd"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Named participants of an act: two different ones make two acts ("the Orioles offered" /
# "the Red Sox offered").
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Reports this many days apart tell a story at two moments: the later one updates the earlier
# ("results have not been released" in February, "were released Wednesday" in April), it does
# not contradict it.  Two days leave room for a morning and an evening edition.
UPDATE_WINDOW_DAYS = 2
APOSTROPHES = frozenset({"'", "’", "‘", "`"})
# Subjects that stand for a person: "he was released on bail" is not about "the results".
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "who", "i", "we", "you"})
PERSON = "person"


@dataclass(frozen=True, slots=True)
class Act:
    """One act of a sentence: its stems (verb and object), whether it is denied, who does it."""

    stems: frozenset[str]
    denied: bool
    actors: frozenset[str]
    subject: str | None = None  # the subject's noun stem, PERSON for "he"/"who", None when unknown
    so_far: bool = False  # denied as of writing ("have not been released", "has yet to"): a state that ends
    verb: str | None = None  # the verb's stem; None for a light verb ("had evidence": the object names the act)
    light: str | None = None  # the light verb's lemma ("have" of "had evidence"), None for a full verb


def sentence_acts(index: ArticleTokens, token_ids: list[int], canonical: Callable[[str], str]) -> list[Act]:
    """Every act of ``token_ids`` outside its attribution ("officials said")."""
    setting = speech_setting(index, token_ids)
    inside = set(token_ids) - setting
    acts = []
    for i in sorted(inside):
        token = index.tokens[i]
        if token.pos not in {"VERB", "AUX"} or index.lemma(i) in REPORTING_SPEECH_LEMMAS:
            continue
        stems = _act_stems(index, i, inside)
        if stems:
            denied = is_denied(index, i)
            light = index.lemma(i) if index.lemma(i) in LIGHT_LEMMAS else None
            verb = None if light else stem(index.lemma(i))
            acts.append(Act(frozenset(stems), denied, _actors(index, i, canonical), _subject(index, i),
                            denied and _so_far(index, i), verb, light))
    return acts


def _act_stems(index: ArticleTokens, verb: int, inside: set[int]) -> set[str]:
    """The verb's stem (unless a light verb, "be", "have", "give") and its objects' stems."""
    stems = set() if index.lemma(verb) in LIGHT_LEMMAS else {stem(index.lemma(verb))}
    for c in index.children.get(verb, []):
        if c in inside and index.tokens[c].dep in OBJECT_DEPS and index.tokens[c].pos in {"NOUN", "ADJ", "VERB"}:
            stems.add(stem(index.lemma(c)))
    return {s for s in stems if s}


def is_denied(index: ArticleTokens, verb: int) -> bool:
    """The verb is denied (its own denial, or one raised from an opinion verb above it: "I
    didn't feel we were executing" denies the executing, not the feeling)."""
    token = index.tokens[verb]
    if index.lemma(verb) in NEG_RAISING_VERBS and any(
            index.tokens[c].dep == "ccomp" for c in index.children.get(verb, [])):
        return False  # the denial is its clause's
    own = _own_denial(index, verb)
    if token.dep == "ccomp" and token.head != verb and index.lemma(token.head) in NEG_RAISING_VERBS:
        return own != _own_denial(index, token.head)
    return own


def _own_denial(index: ArticleTokens, verb: int) -> bool:
    """"not"/"never" on the verb or its auxiliaries ("had not yet regained" once, not twice),
    a split contraction ("didn ’ t"), "no" on its object ("gave no response"), or a governor
    that says it did not happen ("refused to name", "had yet to regain"); "did not take the
    lead until the interception" is no denial: it says when."""
    kids = index.children.get(verb, [])
    if any(index.lemma(c) in UNTIL_WORDS or (index.tokens[c].dep == "advcl" and any(
            index.lemma(g) in UNTIL_WORDS for g in index.children.get(c, []))) for c in kids):
        return False
    if any(_negator(index, c) for c in kids):
        return True
    if any(index.tokens[c].dep in OBJECT_DEPS and any(index.lemma(g) == "no" for g in index.children.get(c, []))
           for c in kids):
        return True
    token = index.tokens[verb]
    if token.dep == "xcomp" and token.head != verb:
        governor = token.head
        if index.lemma(governor) in DENYING_GOVERNORS:
            return True
        return any(index.lemma(c) in NOT_YET_WORDS for c in index.children.get(governor, []))
    return False


def _so_far(index: ArticleTokens, verb: int) -> bool:
    """A denial in the present perfect or with "yet": true until the act happens."""
    heads = [verb, index.tokens[verb].head]
    return any(index.lemma(c) in NOT_YET_WORDS or (index.tokens[c].dep == "aux" and index.lemma(c) == "have"
               and index.tokens[c].start < index.tokens[verb].start) for h in heads for c in index.children.get(h, []))


def _negator(index: ArticleTokens, i: int) -> bool:
    token = index.tokens[i]
    if token.dep == "neg" or index.lemma(i) in VERB_NEGATORS - {"no"}:
        return True
    if token.dep in {"aux", "auxpass"} and normal_form(token.lemma) in SPLIT_CONTRACTIONS:
        return True  # "didn" of "didn ’ t": the "t" is often parsed apart
    return normal_form(token.lemma) == "t" and i > 0 and index.tokens[i - 1].lemma in APOSTROPHES


def _actors(index: ArticleTokens, verb: int, canonical: Callable[[str], str]) -> frozenset[str]:
    """Named participants in the verb's subject ("the Red Sox" of "the Red Sox offered")."""
    return named_dependents(index, [verb], SUBJECT_DEPS, ACTOR_LABELS, canonical)


def _subject(index: ArticleTokens, verb: int) -> str | None:
    """What the verb's subject is, as far as a common noun, a pronoun or a person's name says:
    the noun's stem ("results"), PERSON ("he", "who", "Jamal Marsh"), or None ("it", "they",
    another name, no subject)."""
    for c in index.children.get(verb, []):
        token = index.tokens[c]
        if token.dep not in SUBJECT_DEPS:
            continue
        if token.pos == "NOUN":
            return stem(index.lemma(c))
        if token.pos == "PRON" and index.lemma(c) in PERSON_PRONOUNS:
            return PERSON
        mention = index.mention_at(token.start)
        return PERSON if mention is not None and mention.label == "PERSON" else None
    token = index.tokens[verb]
    if token.dep == "conj" and token.head != verb:  # "he was booked and later released"
        return _subject(index, token.head)
    return None


def shared_act(one: list[Act], two: list[Act]) -> list[tuple[Act, Act]]:
    """Pairs of acts, one from each sentence, with a stem in common and no clash of
    participants: the acts two outlets may be telling differently ("he was released on bail"
    and "the results have not been released" share a verb, not an act)."""
    return [(a, b) for a in one for b in two if _one_predicate(a, b) and actors_compatible(a.actors, b.actors)
            and (a.subject is None or b.subject is None or a.subject == b.subject)]


def _one_predicate(a: Act, b: Act) -> bool:
    """The acts have one predicate: the same verb ("released" / "not released"), the same light
    verb with the same object ("was a success" / "was not a success"), or a light verb whose
    object is the other side's verb ("gave no response" / "responded").  A shared object under
    two verbs is two acts: "had evidence" / "has yet to provide evidence" (having is not
    providing), "require a unanimous decision" / "failed to reach a unanimous decision"."""
    if not a.stems & b.stems:
        return False
    if a.verb is not None and b.verb is not None:
        return a.verb == b.verb
    if a.verb is None and b.verb is None:
        return a.light == b.light
    full, light = (a, b) if a.verb is not None else (b, a)
    return full.verb in light.stems


def actors_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Named participants that can be the same: none named on a side, or a name in common
    (a word of one name within the other, "Red Sox" / "Boston Red Sox")."""
    if not a or not b:
        return True
    return any(set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split()) for x in a for y in b)


def opposite_polarity(one: list[Act], two: list[Act]) -> bool:
    """One sentence denies an act the other states, and neither both states and denies it."""
    for a, b in shared_act(one, two):
        if a.denied == b.denied:
            continue
        shared = a.stems & b.stems
        one_ways = {x.denied for x in one if x.stems & shared}
        two_ways = {x.denied for x in two if x.stems & shared}
        if len(one_ways) == 1 and len(two_ways) == 1:
            return True
    return False


def dated(one: Article, two: Article) -> bool:
    """Both reports carry a publication date."""
    return bool(one.published and two.published)


def same_moment(one: Article, two: Article) -> bool:
    """Two reports published within :data:`UPDATE_WINDOW_DAYS` of each other (or undated):
    further apart, a difference is the story moving on, not outlets disagreeing."""
    first, second = parse_iso_date(one.published), parse_iso_date(two.published)
    if first is None or second is None:
        return True
    return abs((first - second).days) <= UPDATE_WINDOW_DAYS


def same_words(one: str, two: str) -> bool:
    """The same sentence, whatever its quotation marks, apostrophes and spacing."""
    def letters(text: str) -> str:
        return "".join(ch for ch in normal_form(text.replace("’", "'")) if ch.isalnum())
    return letters(one) == letters(two)
