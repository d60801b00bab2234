"""Whether a date tells when an act happened or when someone told of it.

News relays most of what it knows, and dates the relaying: "Troops had captured two men,
the president said on Tuesday" says when the president spoke, and the capture may be days
older.  A timeline that printed the capture on Tuesday would state what no source says.
So a date that hangs on the telling is read for what it is:

* on a speech verb that reports a clause (a "that" clause, the sentence it closes: "...,
  X said on Tuesday", a quote), it dates the **statement**: the timeline keeps the entry
  as the day it was said (``date_of`` = ``"statement"``), and the act it tells goes undated;
* when the teller is the news media ("X, the AP reported on Tuesday", "local media said",
  an outlet of the story, "according to a report published on Monday"), it is the day
  another outlet printed the story: a fact about the coverage, not a day of the story, so
  the timeline leaves it out (``"report"``).

Anything else dates the act itself (``"event"``).  A speech verb with no reported clause
("called for calm on Monday", "announced a ceasefire on Friday") is that act: an event.
"""

from __future__ import annotations

from storyfold.analyze.core.lexicon import (
    MASTHEAD_WORDS,
    MEDIA_COMPOUND_HEADS,
    MEDIA_NOUNS,
    NEWS_AGENCY_NAMES,
    PUBLICATION_WORDS,
    PUBLISHING_LEMMAS,
    SPEECH_LEMMAS,
)
from storyfold.analyze.core.tokens import TokenIndex

EVENT, STATEMENT, REPORT = "event", "statement", "report"
# Links from a speech verb to the clause it reports ("said that ...", "..., she said": the
# parse puts the reported clause under the verb, or the verb beside the clause).
REPORTED_CLAUSE_DEPS = frozenset({"ccomp", "parataxis"})
# Links from a date's speech verb to the speech verb one step up that it is part of: "Responding
# to the claim on Wednesday, the spokesman denied that ..." (the response is the denial).  Only a
# speech verb climbs: "After meeting him on Monday, she said that ..." dates the meeting.
SPEECH_PART_DEPS = frozenset({"advcl"})
# What sets off an attribution after the clause it reports: "..., the president said", "...,” she said".
ATTRIBUTION_OPENERS = frozenset({",", "”", "\"", "’", "'", "—", "–"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Inside a teller's name, the words that make it one phrase ("The Orlan Herald", "state media").
NAME_PART_DEPS = frozenset({"compound", "amod", "flat", "det", "poss"})


def date_of(tokens: TokenIndex, verb: int | None, outlets: frozenset[str] = frozenset()) -> str:
    """``"event"``, ``"statement"`` or ``"report"`` for a date whose verb is ``verb`` (see the module).

    ``outlets`` are the story's outlet names, casefolded: an outlet named as the teller is the media."""
    if verb is None:
        return EVENT
    if _publishes_a_report(tokens, verb):
        return REPORT
    speech = _telling_verb(tokens, verb)
    if speech is None:
        return EVENT
    teller = _teller(tokens, speech)
    if teller is None:
        # "it was reported on Monday that ...": nobody is named, and reporting is what outlets do
        return REPORT if tokens.tokens[speech].lemma.casefold() == "report" else STATEMENT
    return REPORT if _is_media(tokens, teller, outlets) else STATEMENT


def _publishes_a_report(tokens: TokenIndex, verb: int) -> bool:
    """"a report published on Monday", "an article released Friday": the report's own date."""
    token = tokens.tokens[verb]
    if token.lemma.casefold() not in PUBLISHING_LEMMAS or token.dep not in ("acl", "relcl") or token.head == verb:
        return False
    return tokens.word(token.head).casefold() in MEDIA_NOUNS


def _telling_verb(tokens: TokenIndex, verb: int) -> int | None:
    """The speech verb that reports a clause and whose act the date is: ``verb`` itself, an
    "according to" it hangs on, or the speech verb one step up ("Responding ..., she denied that")."""
    candidates = [verb]
    token = tokens.tokens[verb]
    if token.dep in SPEECH_PART_DEPS and token.head != verb and token.lemma.casefold() in SPEECH_LEMMAS:
        candidates.append(token.head)
    for candidate in candidates:
        if _is_according(tokens, candidate):
            return candidate
        if tokens.tokens[candidate].lemma.casefold() in SPEECH_LEMMAS and _reports_a_clause(tokens, candidate):
            return candidate
    return None


def _is_according(tokens: TokenIndex, i: int) -> bool:
    return tokens.word(i).casefold() == "according"


def _reports_a_clause(tokens: TokenIndex, verb: int) -> bool:
    """The verb has the clause it reports below it ("said that ...") or closes it as an
    attribution set off by a comma, with a subject of its own ("Troops captured two men, the
    president said"), which the parse may hang below the clause.  A clause reported after "said"
    ("Smith said he had been denied a permit") is no attribution, even when its verb is "deny"."""
    children = tokens.children.get(verb, [])
    if any(tokens.tokens[c].dep in REPORTED_CLAUSE_DEPS for c in children):
        return True
    token = tokens.tokens[verb]
    if token.dep not in REPORTED_CLAUSE_DEPS or token.head > verb:
        return False
    if not any(tokens.tokens[c].dep == "nsubj" for c in children) or any(tokens.tokens[c].dep == "mark"
                                                                         for c in children):
        return False
    first = tokens.subtree(verb)[0]
    return first > 0 and tokens.word(first - 1) in ATTRIBUTION_OPENERS


def _teller(tokens: TokenIndex, speech: int) -> int | None:
    """Who tells: the subject of the speech verb, or the object of "according to"; None when
    the sentence names nobody (a passive "it was reported", an expletive "it")."""
    children = tokens.children.get(speech, [])
    if _is_according(tokens, speech):
        to = [c for c in children if tokens.word(c).casefold() == "to"]
        objects = [g for c in to for g in tokens.children.get(c, []) if tokens.tokens[g].dep == "pobj"]
        return objects[0] if objects else None
    subjects = [c for c in children if tokens.tokens[c].dep in SUBJECT_DEPS]
    if not subjects or tokens.tokens[subjects[0]].pos == "PRON":
        return None
    return subjects[0]


def _is_media(tokens: TokenIndex, teller: int, outlets: frozenset[str]) -> bool:
    """A news outlet or a report as the teller (see :func:`_is_outlet_name`, :func:`_is_media_noun`)."""
    parts, todo = [teller], [teller]
    while todo:  # "The New York Times": "New" hangs on "York", "York" on "Times"
        children = [c for c in tokens.children.get(todo.pop(), []) if tokens.tokens[c].dep in NAME_PART_DEPS]
        parts += children
        todo += children
    words = [tokens.word(i).casefold() for i in sorted(parts)]
    if tokens.tokens[teller].pos == "PROPN":
        return _is_outlet_name(words, outlets)
    return _is_media_noun(words)


def _is_outlet_name(words: list[str], outlets: frozenset[str]) -> bool:
    """An outlet of the story, a masthead ("The Orlan Herald", "Varne News"), a publication word
    after "the" ("the Post"), or a news agency named by one word ("Reuters", "the AP")."""
    name = [w for w in words if w != "the"]
    if not name:
        return False
    if " ".join(name) in outlets or " ".join(words) in outlets or name[-1] in MASTHEAD_WORDS:
        return True
    if words[0] == "the" and name[-1] in PUBLICATION_WORDS:
        return True
    alpha = [w for w in name if w.isalpha()]
    return bool(alpha) and all(w in NEWS_AGENCY_NAMES for w in alpha)  # "Reuters", "ITAR-TASS"


def _is_media_noun(words: list[str]) -> bool:
    """"local media", "the newspaper", "a report", "state television", "the news agency"."""
    if words[-1] in MEDIA_NOUNS:
        return True
    return words[-1] in MEDIA_COMPOUND_HEADS and any(w in PUBLICATION_WORDS for w in words[:-1])
