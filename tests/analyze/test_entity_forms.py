"""One entity written two ways: a country's short and full names, a region with and without its
region word, a people's singular and plural, an owner tagged apart from its ministry.

Fictional stories (invented towns, regions and people; real countries as owners) told by several
outlets the ways real ones were seen to write one thing twice, and, beside each, the story where
the two forms are two things and must stay apart.
"""

from __future__ import annotations

import pytest

from storyfold.analyze.entities import find_entities
from storyfold.analyze.entities.qualifiers import same_body, same_owner
from storyfold.analyze.relevance import mark_on_topic
from storyfold.model import Entity
from tests.conftest import make_article, make_context


def _entities(*texts: str) -> list[Entity]:
    articles = [make_article(t, outlet=f"Outlet {n}", published="2026-05-04") for n, t in enumerate(texts)]
    ctx = make_context(articles)
    mark_on_topic(ctx)
    return find_entities(ctx)


def _with(entities: list[Entity], variant: str) -> list[Entity]:
    return [e for e in entities if variant in e.variants]


# --- a region with and without its region word

SHELLING = """Rebel artillery shelled the town of Zorivsk in Kharvia Province on Monday, killing three people, \
Governor Petro Hlib said.

Hlib said rescuers were still searching the ruins of two houses.
"""
SHELLING_REGION = """Three people were killed when shells struck Zorivsk, a town in the eastern Kharvia region, \
Governor Petro Hlib said on Monday.

The town lies 20 kilometres from the front line.
"""
SHELLING_BARE = "Shelling killed three civilians in Zorivsk and nearby villages in Kharvia, officials said on Monday.\n"
SHELLING_CITY = """Shelling killed three civilians in Zorivsk on Monday. Hours later a drone hit a market in the \
city of Kharvia, officials said.
"""


def test_a_region_named_with_and_without_its_region_word_is_one_place():
    entities = _entities(SHELLING, SHELLING_REGION, SHELLING_BARE)
    province = _with(entities, "Kharvia Province")
    assert len(province) == 1 and "Kharvia" in province[0].variants
    assert province[0].name == "Kharvia Province"


def test_a_story_with_a_city_of_the_same_name_keeps_the_two_apart():
    entities = _entities(SHELLING, SHELLING_REGION, SHELLING_CITY)
    assert _with(entities, "Kharvia Province") and _with(entities, "Kharvia")
    assert _with(entities, "Kharvia Province") != _with(entities, "Kharvia")


# --- a country's short and full names, a people's singular and plural

CONSULS = """The United States embassy in Orlen asked for consular access to the two detained men on Monday, \
officials said. North Korean diplomats declined to comment.
"""
CONSULS_SHORT = """U.S. officials asked to see the two men held in Orlen, the US embassy said. North Koreans have \
been detained in the country before, police said.
"""


def test_a_countrys_short_and_full_names_and_a_peoples_plural_are_one_entity_each():
    entities = _entities(CONSULS, CONSULS_SHORT)
    country = _with(entities, "United States")
    assert len(country) == 1 and {"U.S.", "US"} & set(country[0].variants)
    assert not [e for e in entities if e is not country[0] and {"U.S.", "US"} & set(e.variants)]
    people = _with(entities, "North Koreans")
    assert len(people) == 1 and "North Korean" in people[0].variants and people[0].type == "NORP"


# --- an owner tagged apart from its ministry: one country's ministry is not another's bare one

SUMMONS = """Foreign Minister Ilse Varga summoned the Chinese envoy to the Foreign Ministry on Tuesday to demand \
an explanation for the detentions.

Responding on Wednesday, Wen Hao, a spokesperson for the Chinese Foreign Ministry denied that Beijing had sent \
anyone to fight.
"""
SUMMONS_MOSCOW = """The Russian Foreign Ministry said its officials would attend the talks on Thursday, \
according to a Kremlin spokesman.

The two detained men are being held by Ukraine's Security Service, according to Varga.
"""
SUMMONS_CUSTODY = "Both men are now in the custody of the Security Service of Ukraine, Varga said on Tuesday.\n"


def test_a_ministry_whose_owner_the_model_tagged_apart_is_that_countrys_own_entity():
    entities = _entities(SUMMONS, SUMMONS_MOSCOW, SUMMONS_CUSTODY)
    chinese = _with(entities, "Chinese Foreign Ministry")
    assert len(chinese) == 1 and chinese[0].variants == ["Chinese Foreign Ministry"]
    for entity in entities:  # the bare form (the summoning country's ministry) joins no other country's
        assert not ("Foreign Ministry" in entity.variants and len(entity.variants) > 1), entity.variants


def test_an_owner_said_with_s_or_with_of_is_one_body():
    entities = _entities(SUMMONS, SUMMONS_MOSCOW, SUMMONS_CUSTODY)
    service = _with(entities, "Security Service of Ukraine")
    assert len(service) == 1 and "Ukraine's Security Service" in service[0].variants


@pytest.mark.parametrize("one, other", [
    ("ukraine", "ukrainian"), ("china", "chinese"), ("north korea", "north korean"), ("germany", "german"),
    ("israel", "israeli"),
])
def test_a_country_and_its_peoples_adjective_are_one_owner(one, other):
    assert same_owner(one, other) and same_owner(other, one)


@pytest.mark.parametrize("one, other", [
    ("iran", "iraqi"), ("australia", "austrian"), ("north korea", "south korean"), ("china", "chile"),
])
def test_different_countries_are_different_owners(one, other):
    assert not same_owner(one, other)


def test_owner_forms_of_one_body():
    assert same_body("Ukraine's Security Service", "Security Service of Ukraine")
    assert same_body("Ukrainian Security Service", "Security Service of Ukraine")
    assert not same_body("Russian Foreign Ministry", "Chinese Foreign Ministry")
    assert not same_body("Foreign Ministry", "Russian Foreign Ministry")


def test_a_peoples_adjective_belongs_to_one_country_only():
    """"Nigerian" is Nigeria's and "Indian" India's: a body qualified by either is never folded
    with Niger's or Indiana's, while "Ukrainian" / "Ukraine" and "Chinese" / "China" stay one owner."""
    from storyfold.analyze.entities.qualifiers import same_owner

    assert not same_owner("niger", "nigerian") and not same_owner("indiana", "indian")
    assert same_owner("nigeria", "nigerian") and same_owner("india", "indian")
    assert same_owner("ukraine", "ukrainian") and same_owner("china", "chinese")
