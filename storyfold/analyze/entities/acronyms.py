"""Acronyms and the organisation names they stand for ("SES" for "State Emergency Service").

The text defines an acronym once, in brackets after the name ("the Security Service (SBU)"),
or spells it out in brackets after the acronym ("the SBU (Ukraine's security service)"), and
uses it alone after; the model often misses all-capital tokens, so the defined ones are looked
for again.  An acronym of another language ("SBU", "FSB") does not match the English name's
initials: the brackets are then the only evidence, and enough, since the writer put them there.
"""

from __future__ import annotations

import re
from collections import defaultdict

from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import NEWS_AGENCY_NAMES, PUBLICATION_WORDS
from storyfold.analyze.entities.mentions import ORG_NOUNS, _Occurrence
from storyfold.analyze.entities.names import _norm
from storyfold.analyze.entities.qualifiers import same_body

# Function words an acronym skips: "Ministry of Defence" -> "MoD", "Food and Drug Administration" -> "FDA".
ACRONYM_SKIP_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "de", "du", "der", "&"})
# "State Emergency Service (SES)": the acronym in brackets right after the name it stands for.
_ACRONYM_AFTER = re.compile(r"[ \t]*\(([A-Z][A-Za-z&]{1,9})\)")
# An acronym as written: capitals (a lowercase joining letter allowed: "MoD"), at least two capitals.
_ACRONYM_FORM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&]*$")
# "the SBU (Ukraine's security service)": an acronym, then what it stands for in brackets.
_SPELLED_AFTER = re.compile(r"\b([A-Z][A-Za-z&]{1,9})[ \t]*\(([^()\n]{4,80})\)")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Labels of a form that is no organisation's acronym: "the Home Office (UK)" gives a country, not a name.
NOT_ACRONYM_LABELS = frozenset({"GPE", "LOC", "NORP", "PERSON", "FAC"})


def _initials(key: str, skip: frozenset[str] = frozenset()) -> str:
    return "".join(w[0] for w in key.split() if w not in skip)


def acronym_of(acronym: str, name: str) -> bool:
    """Whether ``acronym`` ("SES", "MoD") is built from the initials of ``name``'s words."""
    if not _ACRONYM_FORM.match(acronym) or len(name.split()) < 2:
        return False
    letters = "".join(ch for ch in acronym.casefold() if ch.isalpha())
    key = _norm(name)
    return letters in {_initials(key), _initials(key, ACRONYM_SKIP_WORDS)}


def _acronym_definitions(occurrences: list[_Occurrence]) -> dict[str, str]:
    """Acronym key -> the organisation key the text spells it out as ("ses" -> "state emergency service").

    A name followed by an acronym in brackets defines it when the letters are the name's initials,
    or whatever they are when the story never uses the acronym as a place, a people or a person
    and it is no news agency's ("the Home Office (UK)", "the ministry (AFP)").  An acronym two
    organisations in the story define differently is left out rather than guessed.
    """
    organisations = [o for o in occurrences if _is_organisation(o)]
    other_uses = {_norm(o.text) for o in occurrences if o.label in NOT_ACRONYM_LABELS}
    found: dict[str, set[str]] = defaultdict(set)
    for occ in organisations:
        bracket = _ACRONYM_AFTER.match(occ.article.text, occ.end)
        if bracket is None:
            continue
        acronym = bracket.group(1)
        if acronym_of(acronym, occ.text) or (_may_be_acronym(acronym, other_uses) and len(occ.words) > 1):
            found[_norm(acronym)].add(_norm(occ.text))
    for acronym, name in _spelled_after(organisations, other_uses):
        found[acronym].add(name)
    return {acronym: next(iter(names)) for acronym, names in found.items() if len(names) == 1}


def _is_organisation(occ: _Occurrence) -> bool:
    return occ.label == "ORG" or bool({w.casefold() for w in occ.words} & ORG_NOUNS)


def _may_be_acronym(form: str, other_uses: set[str]) -> bool:
    """An acronym's shape, not a place, people or person of the story, not a news agency's credit."""
    key = _norm(form)
    credits = PUBLICATION_WORDS | NEWS_AGENCY_NAMES
    return bool(_ACRONYM_FORM.match(form)) and key not in other_uses and key not in credits


def _spelled_after(organisations: list[_Occurrence], other_uses: set[str]) -> list[tuple[str, str]]:
    """``(acronym key, organisation key)`` for "the SBU (Ukraine's security service)": the words in
    brackets name exactly one body of the story (:func:`same_body`), however the story writes it."""
    names = {_norm(o.text): o.text for o in organisations}
    articles = {o.article.id: o.article for o in organisations}.values()
    found = []
    for article in articles:
        for match in _SPELLED_AFTER.finditer(article.text):
            acronym, spelled = match.group(1), _LEADING_ARTICLE.sub("", match.group(2).strip())
            if not _may_be_acronym(acronym, other_uses) or len(spelled.split()) < 2:
                continue
            named = [key for key, surface in names.items() if key != _norm(acronym) and same_body(spelled, surface)]
            if named and all(same_body(names[named[0]], names[key]) for key in named[1:]):
                found.append((_norm(acronym), named[0]))  # one body, however many ways written
    return found


def _missed_acronyms(ctx: StoryContext, occurrences: list[_Occurrence], acronyms: dict[str, str]) -> list[_Occurrence]:
    """Uses of a defined acronym the model did not tag (it often misses all-capital tokens)."""
    if not acronyms:
        return []
    taken = {(o.article.id, o.start) for o in occurrences}
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(acronyms)) + r")\b", re.IGNORECASE)
    missed = []
    for sentence in ctx.all_sentences():
        for match in pattern.finditer(sentence.text):
            start = sentence.start + match.start()
            if _ACRONYM_FORM.match(match.group()) and (sentence.article.id, start) not in taken:
                missed.append(_Occurrence(sentence.article, start, start + len(match.group()), "ORG", match.group()))
    return missed
