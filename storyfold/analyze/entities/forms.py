"""Two written forms of one entity that spelling cannot tie: "US" / "United States", "Donetsk" /
"Donetsk Oblast", "North Korean" / "North Koreans".

The spelling rules (``names``) compare names word for word, so a country's short form and its
full name, a region's name with and without its administrative word, and a people's singular
and plural stay apart; a reader takes each pair for one thing.  Each fold has its guard:

* a country's forms are one only as places, by a kept list (``COUNTRY_FORMS``): the initials
  alone would join "SA" to "South Africa" or "South Australia";
* a region's bare name joins its one qualified form ("Donetsk Oblast") only when the story also
  uses the bare name as the region ("the Donetsk region", "the region of Donetsk") and never as a
  city ("the city of Donetsk", "Donetsk's mayor"): many regions share their name with their
  capital, and a story about both lists both;
* a people's plural joins its singular only when both are nationalities or groups (NORP).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from storyfold.analyze.core.lexicon import CITY_CUE_WORDS, COUNTRY_FORMS, REGION_WORDS
from storyfold.analyze.entities.mentions import _Occurrence
from storyfold.analyze.entities.name_shapes import PLACE
from storyfold.model import Article

# Words allowed between a bare region name and its region word ("the Kursk border region").
MAX_WORDS_BEFORE_REGION_WORD = 1


def form_homes(by_key: dict[str, list[_Occurrence]], types: dict[str, str]) -> dict[str, str]:
    """Key -> the key of the same entity's other form that it joins (see the module)."""
    homes = _country_homes(by_key, types)
    homes.update(_plural_homes(by_key, types))
    homes.update({k: v for k, v in _region_homes(by_key, types).items() if k not in homes})
    return homes


def _country_homes(by_key: dict[str, list[_Occurrence]], types: dict[str, str]) -> dict[str, str]:
    """Every place form of a country -> its longest form in the story ("us" -> "united states")."""
    forms: dict[str, list[str]] = {}
    for key in by_key:
        if types.get(key) == PLACE and key in COUNTRY_FORMS:
            forms.setdefault(COUNTRY_FORMS[key], []).append(key)
    homes = {}
    for keys in forms.values():
        home = max(keys, key=lambda k: (len(k.split()), len(by_key[k]), k))
        homes.update({k: home for k in keys if k != home})
    return homes


def _plural_homes(by_key: dict[str, list[_Occurrence]], types: dict[str, str]) -> dict[str, str]:
    """A people's plural -> its singular ("north koreans" -> "north korean"), both NORP."""
    return {key: key[:-1] for key in by_key
            if key.endswith("s") and types.get(key) == "NORP" and types.get(key[:-1]) == "NORP"
            and key[:-1] in by_key}


def _region_homes(by_key: dict[str, list[_Occurrence]], types: dict[str, str]) -> dict[str, str]:
    """A bare region name -> its one qualified form ("donetsk" -> "donetsk oblast"), when the story
    uses the bare name as the region and never as a city."""
    qualified: dict[str, list[str]] = {}
    for key in by_key:
        words = key.split()
        if len(words) > 1 and words[-1] in REGION_WORDS and types.get(key) == PLACE:
            qualified.setdefault(" ".join(words[:-1]), []).append(key)
    homes = {}
    for bare, keys in qualified.items():
        if bare not in by_key or types.get(bare) != PLACE or len(keys) != 1:
            continue
        texts = _articles(occ for k in (bare, keys[0]) for occ in by_key[k])
        surfaces = {o.text for o in by_key[bare]}
        if _used_as_region(texts, surfaces) and not _used_as_city(texts, surfaces):
            homes[bare] = keys[0]
    return homes


def _articles(occurrences: Iterable[_Occurrence]) -> list[Article]:
    return list({o.article.id: o.article for o in occurrences}.values())


def _name_pattern(surfaces: Iterable[str]) -> str:
    return r"(?:" + "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True)) + r")"


def _used_as_region(texts: list[Article], surfaces: set[str]) -> bool:
    """The bare name with a region word in lower case: "the Donetsk region", "the Kursk border
    region", "the region of Kursk" (a capitalised "Donetsk Oblast" is the qualified form itself)."""
    name, region = _name_pattern(surfaces), "(?:" + "|".join(sorted(REGION_WORDS)) + ")"
    between = rf"(?:\s+[a-z]+){{0,{MAX_WORDS_BEFORE_REGION_WORD}}}"
    pattern = re.compile(rf"\b{name}{between}\s+{region}\b|\b{region}\s+of\s+{name}\b")
    return any(pattern.search(article.text) for article in texts)


def _used_as_city(texts: list[Article], surfaces: set[str]) -> bool:
    """A city word right before or after the bare name ("the city of Donetsk", "downtown Donetsk",
    "Donetsk's mayor", "Donetsk airport") or "Donetsk, the regional capital"."""
    name, city = _name_pattern(surfaces), "(?:" + "|".join(sorted(CITY_CUE_WORDS)) + ")"
    pattern = re.compile(
        rf"\b{city}(?:\s+of)?,?\s+{name}\b|\b{name}(?:['’]s)?\s+{city}\b"
        rf"|\b{name},\s+(?:the|a|its)\s+(?:[a-z]+\s+)?capital\b",
        re.IGNORECASE,
    )
    return any(pattern.search(article.text) for article in texts)
