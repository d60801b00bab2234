"""Types from what the text calls a name and what its head word names, against the model's label.

The small model calls a company it does not know a person when the company "said" things
("Subsea cable operator, Seacom, said"), a navy ship a person or a place ("INS Sukanya"), a
hurricane or an awards ceremony an organisation.  The story itself says what they are: an
apposition or a copula (:mod:`~.appositions`), a ship's prefix, a storm's or a ceremony's word
in the name.  Each rule names the right type or says nothing; a name with a person's signs the
model cannot fake (an honorific, a known title, a full name it is part of) is never retyped away
from a person, since dropping or mistyping a real person costs most.
"""

from __future__ import annotations

import re
from collections import Counter

from storyfold.analyze.core.lexicon import (
    AWARD_NICKNAMES,
    AWARD_PHRASES,
    AWARD_WORDS,
    CEREMONY_NICKNAMES,
    CEREMONY_WORDS,
    STORM_PHRASES,
    STORM_WORDS,
)
from storyfold.analyze.entities.mentions import PLACE_NOUNS

PLACE = "PLACE"  # the class GPE, LOC and FAC share while types are resolved (entity_types.PLACE)
# Types a ship's name gets from the model by mistake ("Sukanya" PERSON, "INS Sukanya" GPE).
MISTAKEN_SHIP_TYPES = frozenset({"PERSON", PLACE, "ORG", "NORP"})
# Types an event or an award is never, when the model gives it one: the body or the place behind it.
NOT_EVENT_TYPES = frozenset({"PERSON", PLACE, "ORG", "NORP", "PRODUCT", "LAW"})
_LETTERS = re.compile(r"[a-z]+")


def described_type(key: str, kind: str, score: Counter) -> str | None:
    """The type the text's description or the name's head word gives, or None when they say nothing."""
    if not kind:
        return None
    for rule in (_place_noun_alone, _storm, _ceremony, _award, _ship, _company):
        found = rule(key, kind, score)
        if found is not None:
            return found
    return None


def _person_signs(score: Counter) -> bool:
    """Signs only a person gets: an honorific, a known title, a full name the word is part of."""
    return bool(score["cue:honorific"] or score["cue:title"] or score["cue:name-part"])


def _place_noun_alone(key: str, kind: str, score: Counter) -> str | None:
    """A capitalised place noun alone ("Valley producers", "Secretary of State", "the tourist Island of
    X") is a common noun or a piece of a longer name: no name of its own.  A plural may be a place's
    own name ("The Villages", a town in Florida) and is kept."""
    return "" if kind == PLACE and key in PLACE_NOUNS and not key.endswith("s") else None


def _storm(key: str, kind: str, score: Counter) -> str | None:
    """"Hurricane Georges", "Typhoon Haiyan": a storm is an event; not "Hurricane Relief Fund" (an
    organisation by its own institution word)."""
    words = key.split()
    if kind not in NOT_EVENT_TYPES or len(words) < 2 or score["cue:org"]:
        return None
    storm = words[0] in STORM_WORDS or any(key.startswith(phrase + " ") for phrase in STORM_PHRASES)
    return "EVENT" if storm else None


def _ceremony(key: str, kind: str, score: Counter) -> str | None:
    """"the 79th Academy Awards", "the Oscars", "the Winter Meetings": a ceremony or a gathering is an
    event, not the body holding it; a name with an institution word ("Awards Committee") is one."""
    if kind not in NOT_EVENT_TYPES or score["cue:org"]:
        return None
    words = key.split()
    last = _LETTERS.match(words[-1])
    ceremony = len(words) > 1 and last is not None and last.group() in CEREMONY_WORDS
    return "EVENT" if ceremony or key in CEREMONY_NICKNAMES else None


def _award(key: str, kind: str, score: Counter) -> str | None:
    """"Nobel Prize", "an Emmy", "American League Most Valuable Player": a prize, typed as a work
    (WORK_OF_ART, spaCy's label for prizes), not an organisation, a group or a place.  "Emmy" or
    "Oscar" the model calls a person may be one, and a person keeps their type."""
    if kind not in NOT_EVENT_TYPES or score["cue:org"] or (kind == "PERSON" and _person_signs(score)):
        return None
    words = key.split()
    if len(words) > 1 and words[-1] in AWARD_WORDS:
        return "WORK_OF_ART"
    if kind != "PERSON" and (key in AWARD_NICKNAMES or any(phrase in key for phrase in AWARD_PHRASES)):
        return "WORK_OF_ART"
    return None


def _ship(key: str, kind: str, score: Counter) -> str | None:
    """A name the text gives a ship's prefix or calls a vessel ("INS Sukanya", "the frigate Sukanya")
    is a ship: spaCy's PRODUCT (vehicles), not a person or a place; a surname of one of the story's
    full names never is, whatever a misread apposition says."""
    if kind not in MISTAKEN_SHIP_TYPES or not score["cue:ship"] or _person_signs(score):
        return None
    return "PRODUCT"


def _company(key: str, kind: str, score: Counter) -> str | None:
    """One word the model calls a person, that the text calls a business ("cable operator, Seacom")
    at least as often as it puts a job noun before it, and that the model also labelled an
    organisation: a company that "said" things.  A surname, a titled name or one with an honorific
    stays a person."""
    if kind != "PERSON" or " " in key or _person_signs(score) or not score["label:ORG"]:
        return None
    described = score["cue:described-company"]
    return "ORG" if described and described >= score["cue:open-role"] else None
