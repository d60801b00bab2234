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
  Ministry" (:func:`bare_branch_homes`).  A reader cannot tell such a story's bare form apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from storyfold.analyze.core.lexicon import TITLE_NOUNS
from storyfold.analyze.entities.entity_types import PLACE, PLACE_LABELS
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
    in front ("Ukraine's security service" / "Ukraine Security Service")."""
    if _norm(a) == _norm(b):
        return True
    (owner_a, body_a), (owner_b, body_b) = owner_and_body(a), owner_and_body(b)
    if owner_a and owner_b:
        return (owner_a, body_a) == (owner_b, body_b)
    if owner_a:
        return _norm(b) == f"{owner_a} {body_a}"
    return bool(owner_b) and _norm(a) == f"{owner_b} {body_b}"


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
    place or a nationality ("us state department", "north korean foreign ministry") or that end
    in "of" a place ("security service of ukraine")."""
    owned: dict[str, dict[str, str]] = defaultdict(dict)
    for key in sorted(by_key):
        if types.get(key) != "ORG":
            continue
        words = key.split()
        for n in range(min(MAX_OWNER_WORDS, len(words) - 1), 0, -1):
            if types.get(" ".join(words[:n])) in WHOSE_TYPES:
                owned[" ".join(words[n:])].setdefault(" ".join(words[:n]), key)
                break
            if len(words) > n + 1 and words[-n - 1] == "of" and types.get(" ".join(words[-n:])) in WHOSE_TYPES:
                owned[" ".join(words[: -n - 1])].setdefault(" ".join(words[-n:]), key)
                break
    return owned


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
            if named is not None and named != owner:
                return True
    return False


def _owner_before(before: str, types: dict[str, str]) -> str | None:
    """The owner that ends ``before``: a place or nationality the story knows ("Chinese", "South
    Korea's"), or any capitalised name with "'s" ("Orlan's"); None when the words name no owner."""
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
        if types.get(key) in WHOSE_TYPES or (possessive and n == 1):
            return key
    return None
