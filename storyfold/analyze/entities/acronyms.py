"""Acronyms and the organisation names they stand for ("SES" for "State Emergency Service").

The text defines an acronym once, in brackets after the name, and uses it alone after;
the model often misses all-capital tokens, so the defined ones are looked for again.
"""

from __future__ import annotations

import re
from collections import defaultdict

from storyfold.analyze.context import StoryContext
from storyfold.analyze.entities.mentions import ORG_NOUNS, _Occurrence
from storyfold.analyze.entities.names import _norm

# Function words an acronym skips: "Ministry of Defence" -> "MoD", "Food and Drug Administration" -> "FDA".
ACRONYM_SKIP_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "de", "du", "der", "&"})
# "State Emergency Service (SES)": the acronym in brackets right after the name it stands for.
_ACRONYM_AFTER = re.compile(r"[ \t]*\(([A-Z][A-Za-z&]{1,9})\)")
# An acronym as written: capitals (a lowercase joining letter allowed: "MoD"), at least two capitals.
_ACRONYM_FORM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&]*$")


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

    An acronym two organisations in the story define differently is left out rather than guessed.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for occ in occurrences:
        if occ.label != "ORG" and not {w.casefold() for w in occ.words} & ORG_NOUNS:
            continue
        bracket = _ACRONYM_AFTER.match(occ.article.text, occ.end)
        if bracket is not None and acronym_of(bracket.group(1), occ.text):
            found[_norm(bracket.group(1))].add(_norm(occ.text))
    return {acronym: next(iter(names)) for acronym, names in found.items() if len(names) == 1}


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
