"""What a name's own words say about its type, against the model's label.

The votes and cues of :mod:`entity_types` cannot see that "Byberry Road" is a road, "Fire
Marshall" a title, "the Mitchells" a family, "QB" a position or "Suez" a city: the words do.
Each rule here is a class of the model's errors, applied after the votes, most precise first;
a rule either names the right type or drops the name ("" type), since a missing entity costs
less than a wrong one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from storyfold.analyze.core.lexicon import (
    BUILDING_WORDS,
    FIRM_NAME_PLACE_WORDS,
    NATURAL_FEATURE_WORDS,
    OFFICE_TITLES,
    PERSON_TITLE_WORDS,
    PLACE_NAMES_ALSO_PERSONS,
    POST_NOMINALS,
    ROAD_WORDS,
    SPORT_ABBREVIATIONS,
    TITLE_MODIFIERS,
)
from storyfold.analyze.entities.gazetteer import known_country, known_place

PLACE = "PLACE"  # the class GPE, LOC and FAC share while types are resolved (entity_types.PLACE)
# Types the model gives a known place by mistake: "Egypt" PERSON, "Suez" ORG, "Israel" NORP.
MISTAKEN_PLACE_TYPES = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "LAW"})
# Types a plural after "the" ("the Steelers", "the Bengals") is never, when the model gives it one
# of them: a team or a group.  EVENT and WORK_OF_ART are left alone ("the Olympics", "the Simpsons").
NOT_PLURAL_TYPES = frozenset({"PERSON", "LAW", "PRODUCT"})
# "Locke and Salazar", "Ortiz, Orozco": the model's one name over two people's.
_JOINED = re.compile(r"\s*(?:,|&|\band\b)\s*")


@dataclass(slots=True)
class StoryNames:
    """The story's surface keys by resolved type, which some rules compare a name with."""

    persons: frozenset[str]
    surnames: frozenset[str]  # last words of multi-word person keys
    organisations: frozenset[str]

    @classmethod
    def of(cls, types: dict[str, str]) -> StoryNames:
        persons = frozenset(k for k, kind in types.items() if kind == "PERSON")
        surnames = frozenset(k.split()[-1] for k in persons if " " in k)
        organisations = frozenset(k for k, kind in types.items() if kind == "ORG" and " " in k)
        return cls(persons, surnames, organisations)


def shape_type(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """The type the name's words give (``""``: not a name), or None when they say nothing."""
    if not kind:
        return None
    rules = (_abbreviation, _post_nominal, _office_alone, _title_alone, _family, _joined_people, _team, _facility,
             _known_place)
    for rule in rules:
        found = rule(key, kind, score, names)
        if found is not None:
            return found
    return None


def _abbreviation(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """Sports shorthand ("a TD", "on IR") is a common noun the model tags as a name."""
    return "" if key in SPORT_ABBREVIATIONS else None


def _post_nominal(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """Letters after a name ("Esq", "PhD") are a credential, not a name of their own."""
    return "" if key in POST_NOMINALS else None


def _office_alone(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """An office typed as an organisation ("Sheriff" of "the Sheriff's department") names no body."""
    return "" if kind == "ORG" and key in OFFICE_TITLES else None


def _title_alone(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """A "person" made only of titles ("Sgt", "Fire Marshall", "Vice President") names no one; a
    title word that is also someone's surname in the story ("Judge" of "Aaron Judge") stays."""
    words = key.split()
    if kind != "PERSON" or words[-1] not in PERSON_TITLE_WORDS or score["cue:name-part"] or score["cue:honorific"]:
        return None
    return "" if all(w in PERSON_TITLE_WORDS or w in TITLE_MODIFIERS for w in words) else None


def _family(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """The plural of a person's name: "the Mitchells" (a family), "possible Deep Throats"."""
    words = key.split()
    if not words[-1].endswith("s") or (key in names.persons and " " not in key):
        return None
    singular = {key[:-1], key[:-2]} if key.endswith("es") else {key[:-1]}
    if singular & {k for k in names.persons if " " in k}:
        return ""  # the full name itself, pluralised
    after_the = score["cue:after-the"] >= score["cue:mentions"]
    return "" if len(words) == 1 and after_the and singular & names.surnames else None


def _joined_people(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """A non-person name that joins two of the story's people ("Locke and Salazar"): no one thing."""
    parts = [p for p in _JOINED.split(key) if p]
    if kind == "PERSON" or len(parts) < 2:
        return None
    return "" if all(p in names.persons or p in names.surnames for p in parts) else None


def _team(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """A plural after a lower-case "the" ("the Steelers", "the Bengals") is a team or a group, not a
    person or a law: an organisation when the model ever said so, a group, else no name."""
    if kind not in NOT_PLURAL_TYPES or (kind != "PERSON" and " " in key):
        return None
    if not key.endswith("s") or key.endswith("ss") or score["cue:after-the"] < score["cue:mentions"]:
        return None
    if known_place(key):
        return None  # "the Philippines", "the Bahamas"
    if score["label:ORG"]:
        return "ORG"
    return "NORP" if score["label:NORP"] else ""


def _facility(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """A road or a building ("Byberry Road", "Tasman Saddle Hut") is a facility and a mountain or a
    lake ("Mount Sefton") a location, whatever the model says; not a short form of an organisation
    the story names ("Mount Sinai" of "Mount Sinai Hospital"), nor a name with an honorific."""
    words = key.split()
    if kind not in {"PERSON", "ORG"} or len(words) < 2 or score["cue:honorific"]:
        return None
    if (kind == "ORG" and score["cue:org"]) or any(org.startswith(key + " ") for org in names.organisations):
        return None
    if kind == "ORG" and (score["cue:org-context"] or (words[-1] in FIRM_NAME_PLACE_WORDS
                                                       and not _place_votes(score))):
        return None  # "Home Depot's shares", "Jane Street": a firm named like a place
    if words[-1] in ROAD_WORDS or words[-1] in BUILDING_WORDS:
        return "FAC"
    return "LOC" if words[0] in NATURAL_FEATURE_WORDS else None


def _known_place(key: str, kind: str, score: Counter, names: StoryNames) -> str | None:
    """A country, a US state or a large city the model types otherwise is a place, unless the text
    gives a person's signs (a title, an honorific, a speech verb, a full name it is part of) or
    an organisation's ("X's shares", "at X")."""
    if kind not in MISTAKEN_PLACE_TYPES or not known_place(key):
        return None
    if score["cue:person"] or score["cue:org"] or score["cue:org-context"]:
        return None
    if kind == "PERSON" and key in PLACE_NAMES_ALSO_PERSONS:
        return None
    if not known_country(key) and not (_place_votes(score) or score["cue:place"] or score["cue:locative"]):
        return None  # a city's name alone: Leeds the club, Carrefour the company, Hamilton the driver
    return PLACE


def _place_votes(score: Counter) -> int:
    """Mentions the model itself labelled a place (GPE, LOC or FAC)."""
    return score["label:GPE"] + score["label:LOC"] + score["label:FAC"]
