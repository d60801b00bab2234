"""Organisation short forms folded into the organisation they shorten.

Outlets write "Brightcoat" for "Brightcoat Coatings", "Azot" for "Stavrynsk Azot" and an
acronym for a long name; a short form is merged only when it can stand for one organisation
and the story never uses it as a place or a person.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from storyfold.analyze.core.lexicon import INSTITUTION_BRANCH_WORDS
from storyfold.analyze.entities.acronyms import acronym_of
from storyfold.analyze.entities.entity_types import PLACE, PLACE_LABELS
from storyfold.analyze.entities.linkage import _Cluster, _position
from storyfold.analyze.entities.mentions import ORG_NOUNS, PLACE_NOUNS, _Occurrence
from storyfold.analyze.entities.names import _norm, _same_words, same_name

# Legal-form words a company name ends with: "Harwick Vanadium Corp" is shortened to
# "Vanadium" as "Stavrynsk Azot" is to "Azot", so they are dropped before matching the last words.
CORPORATE_SUFFIXES = frozenset(
    {"corp", "corporation", "inc", "incorporated", "ltd", "limited", "plc", "llc", "llp", "co", "company", "group",
     "holding", "holdings", "sa", "ag", "gmbh", "nv", "bv", "spa", "oy", "ab", "as", "pjsc", "ojsc", "jsc"}
)
# An acronym the text never spells out must have this many letters to be matched on initials
# alone: two letters ("SA", "PM") match too many names by chance, three rarely do.
MIN_UNDEFINED_ACRONYM = 3


def _org_short_forms(
    by_key: dict[str, list[_Occurrence]], types: dict[str, str], scores: dict[str, Counter], acronyms: dict[str, str]
) -> dict[str, str]:
    """Short key -> the organisation key it shortens: "Brightcoat" for "Brightcoat Coatings",
    "Azot" for "Stavrynsk Azot", "SES" for "State Emergency Service".

    Only when the organisations it could shorten are one name ("Northgate" for "Northgate
    Rovers" and "Northgate Rovers FC", not for "Northgate Rovers" and "Northgate Council"),
    then to the longest of them; never a form the story uses as a place or a person (see
    :func:`_may_shorten`).
    """
    organisations = [k for k in by_key if types[k] == "ORG" and " " in k]
    shorts: dict[str, str] = {}
    for key in by_key:
        legal = [org for org in organisations if types[key] == "ORG" and _legal_name_of(key, org)]
        if legal:  # "Acme" for "Acme Corp": the company itself, whatever its divisions are called
            shorts[key] = min(legal)
        elif organisations and _may_shorten(key, types[key], scores[key], by_key[key]):
            surfaces = {o.text for o in by_key[key]}
            longs = [org for org in organisations if org != key and _shortens(key, org, surfaces, acronyms)
                     and not _bare_branch_of_qualified(key, org)]
            longs.sort(key=lambda org: (-len(org.split()), org))
            if longs and all(_one_organisation(longs[0], other) for other in longs[1:]):
                shorts[key] = longs[0]
    return shorts


def _bare_branch_of_qualified(key: str, org: str) -> bool:
    """``key`` names only a branch ("foreign ministry") and ``org`` adds words that say more than
    the branch ("russian foreign ministry", "foreign ministry of velmora"; not "interior" /
    "interior department"): the bare form fits any country's ministry (the summoning country's, in
    a story about two), so its words alone never make it that one's; the story's other names may
    (:func:`~.qualifiers.bare_branch_homes`)."""
    branch_words = ORG_NOUNS | INSTITUTION_BRANCH_WORDS
    return set(key.split()) <= branch_words and not set(org.split()) - set(key.split()) <= branch_words


def _legal_name_of(key: str, org: str) -> bool:
    """``org`` is ``key`` with a legal-form suffix ("acme" -> "acme corp")."""
    words = org.split()
    return len(words) > 1 and words[-1] in CORPORATE_SUFFIXES and _same_words(key, " ".join(words[:-1]))


def _one_organisation(longest: str, other: str) -> bool:
    """Two organisation names of one body: spelling variants, or one the first/last words of the other."""
    return _same_words(longest, other) or _shortens(other, longest, [], {})


def _may_shorten(key: str, kind: str, score: Counter, occurrences: list[_Occurrence]) -> bool:
    """A form that can stand for a company: typed ORG, or PERSON on the model's word alone.

    Not a place anywhere in the story (a place label, "X region", "in X"), so the city is
    never folded into the company named after it; not a name with an honorific or a title;
    not a bare institution word ("the Ministry") that fits any ministry.
    """
    if kind == "PERSON" and (" " in key or score["cue:person-strong"]):
        return False
    if kind not in {"ORG", "PERSON"} or score[PLACE] or score["cue:place-preposition"]:
        return False
    if any(o.label in PLACE_LABELS for o in occurrences):
        return False
    return not set(key.split()) <= ORG_NOUNS | PLACE_NOUNS


def _shortens(key: str, org: str, surfaces: Iterable[str], acronyms: dict[str, str]) -> bool:
    """``key`` is the first or last words of ``org``, or its acronym (defined, or long enough)."""
    short, long = key.split(), org.split()
    core = long[:-1] if len(long) > 2 and long[-1] in CORPORATE_SUFFIXES else long
    n = len(short)
    if n < len(long) and (all(map(same_name, short, long[:n])) or all(map(same_name, short, core[-n:]))):
        return True
    if acronyms.get(key) == org:
        return True
    return len(key) >= MIN_UNDEFINED_ACRONYM and any(acronym_of(surface, org) for surface in surfaces)


def _is_short_form(text: str, org: str) -> bool:
    """``text`` shortens the organisation key ``org``: its first or last words, or its acronym."""
    return _shortens(_norm(text), org, [], {}) or acronym_of(text, org)


def _attach_short_forms(
    clusters: list[_Cluster], shorts: dict[str, str], occurrences: dict[str, list[_Occurrence]]
) -> None:
    """Put each short form's mentions in the cluster of the organisation it shortens."""
    home = {_norm(o.text): c for c in clusters if c.kind == "ORG" for o in c.occurrences}
    for key, org in shorts.items():
        while org not in home and org in shorts:  # the long form shortens a longer one (always more words)
            org = shorts[org]
        cluster = home.get(org)
        if cluster is None:
            clusters.append(_Cluster("ORG", sorted(occurrences[key], key=_position)))
        else:
            cluster.occurrences = sorted(cluster.occurrences + occurrences[key], key=_position)
