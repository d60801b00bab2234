"""Whose body an organisation's name says it is, and when a name that does not say is that one.

Outlets name one country's body with and without its country: "US State Department" and
"State Department", "Security Service of Ukraine" and "Ukraine's security service".  Two
things follow, each with a guard, because the bare form fits every country's body:

* an owner said by the words ("X's body", "body of X") is compared as owner and body, so a
  description in brackets ("the SBU (Ukraine's security service)") finds the organisation
  the story names in full (:func:`same_body`, used by ``acronyms``);
* a bare branch name ("State Department", "Foreign Ministry") is folded into the one
  country-qualified form of it the story names ("US State Department") only when nothing in
  the story names another owner's body of that branch: no "Russian Foreign Ministry" beside a
  "Chinese Foreign Ministry", no "Orlan's foreign minister" beside the "Vessian Foreign
  Ministry" (:func:`bare_branch_homes`).  A reader cannot tell such a story's bare form apart;
* an owner the model tagged apart ("the [Chinese] [Foreign Ministry]", "[Ukraine]'s [Foreign
  Ministry]") is put back in the name (:func:`join_owners`), so one country's ministry is never
  the bare form of another's, and the owner's forms of one body are one organisation ("Ukraine's
  Security Service" / "Security Service of Ukraine", :func:`owner_homes`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from storyfold.analyze.core.lexicon import (
    DEMONYM_ENDINGS,
    INSTITUTION_BRANCH_WORDS,
    PERSON_TITLE_WORDS,
    TITLE_MODIFIERS,
    TITLE_NOUNS,
)
from storyfold.analyze.entities.entity_types import PLACE, PLACE_LABELS
from storyfold.analyze.entities.gazetteer import known_countries, known_place
from storyfold.analyze.entities.mentions import ORG_NOUNS, _Occurrence
from storyfold.analyze.entities.names import _norm
from storyfold.model import Article

# Types of a first word that says whose a body is: "Russian Foreign Ministry", "Kyiv City Council".
WHOSE_TYPES = frozenset({"NORP", PLACE, *PLACE_LABELS})

# A capitalised owner of up to three words ("Ukraine", "South Korea", "the United States").
_OWNER = r"[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}"
# "Ukraine's security service", "the United States' State Department".
_POSSESSIVE = re.compile(r"^(?:[Tt]he\s+)?(?P<owner>" + _OWNER + r")['’]s?\s+(?P<body>\S.*)$")
# "Security Service of Ukraine".
_OF_OWNER = re.compile(r"^(?:[Tt]he\s+)?(?P<body>.+?)\s+of\s+(?:the\s+)?(?P<owner>" + _OWNER + r")$")
# How many words before a branch name are read for whose it is ("the South Korean foreign minister").
MAX_OWNER_WORDS = 3
# How far before a branch name its owner is looked for, in characters.
OWNER_WINDOW_CHARS = 60
_POSSESSIVE_END = re.compile(r"['’]s?$")
# Labels of a name that says whose a body is when it stands right before the body's name.
OWNER_LABELS = frozenset({"NORP", "GPE", "LOC"})
# What stands between an owner and the body's name: a space, or a possessive and a space.
_OWNER_GAP = re.compile(r"(?:['’]s?)?[ \t]")
# Longest such gap, in characters ("'s " is three).
MAX_OWNER_GAP = 3
# A country's people's adjective starts with at least this much of the country's name
# ("chin" of "china" / "chinese"): shorter stems join unrelated names.
MIN_OWNER_STEM = 4


def owner_and_body(surface: str) -> tuple[str | None, str]:
    """``(owner key, body key)`` as the words say it: "Ukraine's security service" and "Security
    Service of Ukraine" are ``("ukraine", "security service")``; any other name has no owner."""
    text = surface.strip()
    found = _POSSESSIVE.match(text)
    if found is None:
        found = _OF_OWNER.match(text)
    if found is None:
        return None, _norm(text)
    return _norm(found["owner"]), _norm(found["body"])


def same_body(a: str, b: str) -> bool:
    """Two names of one body: the same words, the same owner and body ("Ukraine's security
    service" / "Security Service of Ukraine"), or an owner said once with "'s" or "of" and once
    in front ("Ukraine's security service" / "Ukraine Security Service", "Ukrainian Security
    Service"): an owner is a country or its people's adjective (:func:`same_owner`)."""
    if _norm(a) == _norm(b):
        return True
    (owner_a, body_a), (owner_b, body_b) = owner_and_body(a), owner_and_body(b)
    if owner_a is None:
        owner_a, body_a = _front_owner(body_a, body_b)
    if owner_b is None:
        owner_b, body_b = _front_owner(body_b, body_a)
    return bool(owner_a and owner_b) and body_a == body_b and same_owner(owner_a, owner_b)


def _front_owner(key: str, body: str) -> tuple[str | None, str]:
    """``key`` as an owner in front of ``body`` ("ukrainian security service" -> ("ukrainian",
    "security service")), or no owner."""
    if key.endswith(" " + body):
        return key[: -len(body) - 1], body
    return None, key


def bare_branch_homes(by_key: dict[str, list[_Occurrence]], types: dict[str, str], taken: Iterable[str]
                      ) -> dict[str, str]:
    """Bare branch key -> the one owner-qualified organisation key it stands for ("state
    department" -> "us state department"), when the story names no other owner's body of that
    branch (see the module).  Keys in ``taken`` already have a home."""
    owned = _owned_forms(by_key, types)
    texts = list({o.article.id: o.article for occs in by_key.values() for o in occs}.values())
    skip = set(taken)
    homes: dict[str, str] = {}
    for key, occurrences in by_key.items():
        owners = owned.get(key, {})
        if key in skip or types.get(key) != "ORG" or len(owners) != 1 or not _branch_words(key):
            continue
        if any(o.label in PLACE_LABELS for o in occurrences):
            continue  # the story also uses the words as a place
        owner, home = next(iter(owners.items()))
        if not _other_owner_named(texts, key, owner, types):
            homes[key] = home
    return homes


def _owned_forms(by_key: dict[str, list[_Occurrence]], types: dict[str, str]) -> dict[str, dict[str, str]]:
    """Body key -> {owner key: organisation key} for the organisations whose first words are a
    place or a nationality ("us state department", "north korean foreign ministry"), that end
    in "of" a place ("security service of ukraine") or that give a place's "'s" ("velmora's
    security service")."""
    owned: dict[str, dict[str, str]] = defaultdict(dict)
    for key in sorted(by_key):
        if types.get(key) != "ORG":
            continue
        owner, body = owner_and_body(by_key[key][0].text)
        if owner is not None and _known_owner(owner, types):
            owned[body].setdefault(owner, key)
            continue
        words = key.split()
        for n in range(min(MAX_OWNER_WORDS, len(words) - 1), 0, -1):
            if _known_owner(" ".join(words[:n]), types):
                owned[" ".join(words[n:])].setdefault(" ".join(words[:n]), key)
                break
    return owned


def _known_owner(key: str, types: dict[str, str]) -> bool:
    """A place or a people the story names, or a place the gazetteer knows ("us" inside "US State
    Department" when the story never names the country alone)."""
    return types.get(key) in WHOSE_TYPES or known_place(key)


def _branch_words(key: str) -> list[str]:
    """The words that say which branch a body is: "state department" -> ["state"]; none for a
    bare institution word ("the Ministry", "Police Department"), which fits any body at all."""
    words = key.split()
    while words and words[-1] in ORG_NOUNS:
        words.pop()
    return words if any(w not in ORG_NOUNS for w in words) else []


def _other_owner_named(texts: list[Article], key: str, owner: str, types: dict[str, str]) -> bool:
    """Somewhere in the story an owner other than ``owner`` stands before the branch and a body or
    an office of it: "the Chinese Foreign Ministry", "Orlan's foreign minister"."""
    branch = _branch_words(key)
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, branch)) + r"\s+([A-Za-z]+)", re.IGNORECASE)
    for article in texts:
        for found in pattern.finditer(article.text):
            if found[1].casefold() not in ORG_NOUNS | TITLE_NOUNS:
                continue
            before = article.text[max(0, found.start() - OWNER_WINDOW_CHARS) : found.start()]
            named = _owner_before(before, types)
            if named is not None and not same_owner(named, owner):
                return True
    return False


def _owner_before(before: str, types: dict[str, str]) -> str | None:
    """The owner that ends ``before``: a place or nationality the story knows ("Chinese", "South
    Korea's"), any capitalised name with "'s" ("Orlan's") or shaped like a people's adjective
    ("Velmoran"); None when the words name no owner."""
    if not before.endswith((" ", "\t")):
        return None
    words = before.split()[-MAX_OWNER_WORDS:]
    possessive = bool(words) and bool(_POSSESSIVE_END.search(words[-1]))
    if possessive:
        words[-1] = _POSSESSIVE_END.sub("", words[-1])
    for n in range(len(words), 0, -1):
        candidate = words[-n:]
        if not all(w[:1].isupper() for w in candidate) or candidate[0].casefold() == "the":
            continue
        key = _norm(" ".join(candidate))
        if _known_owner(key, types) or (n == 1 and (possessive or _people_word(candidate[0]))):
            return key
    return None


def _people_word(word: str) -> bool:
    """A capitalised word shaped like a people's adjective ("Russian", "Velmoran", "Chinese"), not a
    title's word ("Deputy", "Prime"): before a branch name it says whose, even untagged."""
    key = word.casefold()
    return word[:1].isupper() and key.endswith(DEMONYM_ENDINGS) and key not in PERSON_TITLE_WORDS | TITLE_MODIFIERS


def same_owner(a: str, b: str) -> bool:
    """Two owner keys of one country: the same words, or the country and its people's adjective
    ("ukraine" / "ukrainian", "china" / "chinese", "north korea" / "north korean", "germany" /
    "german"): the adjective starts with the country's name less a final vowel and ends as
    adjectives of peoples do.  "Iraqi" is not "Iran"'s, "Austrian" not "Australia"'s."""
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or wa[:-1] != wb[:-1]:
        return False
    return _demonym_of(wa[-1], wb[-1]) or _demonym_of(wb[-1], wa[-1])


def _demonym_of(adjective: str, country: str) -> bool:
    """Whether ``adjective`` is the people's adjective of ``country``; never when it is another
    known place's ("nigerian" is Nigeria's, not Niger's; "indian" India's, not Indiana's)."""
    stem = country[:-1] if country[-1] in "aeiouy" else country
    if not (len(stem) >= MIN_OWNER_STEM and adjective != country and adjective.startswith(stem)
            and adjective.endswith(DEMONYM_ENDINGS)):
        return False
    others = {adjective[:-1], adjective[:-2]} - {country}
    return not others & known_countries()


def _is_bare_branch(text: str) -> bool:
    """A name that says only which branch a body is ("Foreign Ministry", "Security Service")."""
    key = _norm(text)
    return set(key.split()) <= ORG_NOUNS | INSTITUTION_BRANCH_WORDS and bool(_branch_words(key))


def join_owners(occurrences: list[_Occurrence]) -> list[_Occurrence]:
    """Put an owner tagged apart back into the body's name: "Chinese" + "Foreign Ministry" is
    "Chinese Foreign Ministry", "Ukraine" + "'s" + "Security Service" is "Ukraine's Security
    Service".  The owner's own mention goes (it is now a word of the name), as when the model
    tags the whole name; a bare branch name with no owner before it is left as it is."""
    owners = {(o.article.id, o.end): o for o in occurrences if o.label in OWNER_LABELS}
    joined: set[int] = set()
    for occ in occurrences:
        if occ.label != "ORG" or not _is_bare_branch(occ.text):
            continue
        owner = _owner_at(owners, occ)
        if owner is not None:
            occ.start, occ.raw = owner.start, occ.article.text[owner.start : occ.end]
            joined.add(id(owner))
    return [o for o in occurrences if id(o) not in joined]


def _owner_at(owners: dict[tuple[str, int], _Occurrence], occ: _Occurrence) -> _Occurrence | None:
    text = occ.article.text
    for gap in range(1, MAX_OWNER_GAP + 1):
        owner = owners.get((occ.article.id, occ.start - gap))
        if owner is not None and _OWNER_GAP.fullmatch(text, occ.start - gap, occ.start):
            return owner
    return None


def owner_homes(by_key: dict[str, list[_Occurrence]], types: dict[str, str]) -> dict[str, str]:
    """Organisation key -> the key of the same owner's same body written another way ("ukraines
    security service" -> "security service of ukraine"; the owner said with "'s", "of" or in
    front, as a country or its people's adjective: :func:`same_body`)."""
    owned = [k for k in sorted(by_key) if types.get(k) == "ORG" and _has_owner(k, by_key[k][0].text, types)]
    homes: dict[str, str] = {}
    for n, key in enumerate(owned):
        if key in homes:
            continue
        surface = by_key[key][0].text
        for other in owned[n + 1 :]:
            if other not in homes and same_body(surface, by_key[other][0].text):
                homes[other] = key
    return homes


def _has_owner(key: str, surface: str, types: dict[str, str]) -> bool:
    return owner_and_body(surface)[0] is not None or types.get(key.split()[0]) in WHOSE_TYPES
