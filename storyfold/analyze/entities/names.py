"""Whether two written names are one name: transliterations, spellings, people's full names.

Outlets spell one person or place their own way (Kharchenko/Harchenko, Andrii/Andriy,
Centre/Center, "Mark Felt"/"W. Mark Felt"); every later step compares names through these
functions, so what counts as "the same name" is decided in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

from storyfold.analyze.core.lexicon import NICKNAMES

# rapidfuzz ratio (0-100) above which two phonetic keys are one transliterated name: one
# vowel differing in a ten-letter name scores ~90; Biden/Boden (a different name) scores 80.
SAME_NAME_RATIO = 85
# A first name may vary more than a surname between outlets (Andrii/Andriy, Dmitry/Dmitri).
SAME_FIRST_NAME_RATIO = 80
# Keys this short differ in too few letters for fuzzy matching to mean anything.
MIN_FUZZY_LENGTH = 5
# Letter pairs that romanisations of one name write either way (Kharkiv/Harkiv, Serhiy/Sergiy).
_TRANSLITERATION = (("kh", "h"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("w", "v"), ("g", "h"), ("y", "i"))


# Word endings British and American spelling (and pet-name spelling) write differently:
# Centre/Center, Theatre/Theater, Harbour/Harbor, Bettie/Betty (y is folded to i first).
# Anchored at the word's end, so "Trent" or "Tourist" keep their letters.
_SPELLING_ENDINGS = ((re.compile(r"([bt])re$"), r"\1er"), (re.compile(r"our$"), "or"), (re.compile(r"ie$"), "i"))


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """Fold a name so transliterations and spellings of one name meet: Kharchenko/Harchenko,
    Andrii/Andriy, Serhiy/Sergiy, Centre/Center, Bettie/Betty, Philipps/Philips."""
    return "".join(_fold_word(w) for w in re.findall(r"[a-z]+", unidecode(word).casefold()))


def _fold_word(key: str) -> str:
    for old, new in _TRANSLITERATION:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    for ending, replacement in _SPELLING_ENDINGS:
        key = ending.sub(replacement, key)
    return key


def _skeleton(key: str) -> str:
    """The consonants: the blocking key that vowel variants (Oleksandr/Aleksandr) share."""
    return re.sub(r"[aeiou]", "", key)


def same_name(a: str, b: str, ratio: int = SAME_NAME_RATIO) -> bool:
    """Two name words that are one name in different transliterations or spellings."""
    ka, kb = phonetic_key(a), phonetic_key(b)
    if ka == kb:
        return bool(ka)
    if min(len(ka), len(kb)) < MIN_FUZZY_LENGTH or _skeleton(ka) != _skeleton(kb):
        return False
    return fuzz.ratio(ka, kb) >= ratio


def _norm(text: str) -> str:
    """Surface key: case, accents, dots and apostrophes do not make a different name; a
    nickname's quote marks part words ('Vincent "The Chin"Gigante' ends in "gigante")."""
    spaced = re.sub(r"[\"“”]", " ", unidecode(text))
    return " ".join(re.sub(r"[.'’]", "", spaced).casefold().replace("-", " ").split())


def _same_words(a: str, b: str) -> bool:
    """Two non-person names, word for word the same name (Khrestivka/Hrestivka)."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(same_name(x, y) for x, y in zip(wa, wb, strict=True))


# Generational suffixes after a surname: "W. Mark Felt Sr." is "Mark Felt".
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _name_words(key: str) -> list[str]:
    words = key.split()
    return words[:-1] if len(words) > 2 and words[-1] in NAME_SUFFIXES else words


def _same_person(a: str, b: str) -> bool:
    """Full names of one person: same surname and compatible first names.

    A leading given name the other form leaves out ("W Mark Felt", "William Mark Felt" /
    "Mark Felt": people go by their middle name) is skipped: the shorter form's first name
    must then be one of the longer form's middle names.  "Jr" and "Sr" are two people.
    """
    wa, wb = _name_words(a), _name_words(b)
    if not same_name(wa[-1], wb[-1]) or _generations_differ(a, b):
        return False
    if _compatible_first(wa[0], wb[0]):
        return True
    longer, shorter = (wa, wb) if len(wa) > len(wb) else (wb, wa)
    return len(shorter) == 2 and any(_compatible_first(given, shorter[0]) for given in longer[1:-1])


def _generations_differ(a: str, b: str) -> bool:
    """"Mark Felt Sr" and "Mark Felt Jr" are father and son (a form without a suffix fits either)."""
    ga, gb = a.split()[-1], b.split()[-1]
    return ga in NAME_SUFFIXES and gb in NAME_SUFFIXES and ga != gb


def _compatible_first(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:  # an initial ("J Smith" after dots are dropped)
        return a[0] == b[0]
    if _given_name(a) == _given_name(b):
        return True  # "Liz"/"Elizabeth", "Chuck"/"Charles": callers check the surname agrees
    return same_name(a, b, SAME_FIRST_NAME_RATIO)


def _given_name(word: str) -> str:
    """The full given name a nickname or short form stands for ("chuck" -> "charles")."""
    folded = word.casefold()
    return NICKNAMES.get(folded, folded)


def _last_word_block(key: str) -> str:
    return _skeleton(phonetic_key(_name_words(key)[-1]))


def _whole_block(key: str) -> str:
    return f"{len(key.split())}:{_skeleton(phonetic_key(key))}"
