"""Entities whose own words contradict the model's label: known places, roads and buildings,
titles alone, plurals, sports shorthand, names cut in pieces or joining two people.

The small model's errors are simulated by giving chosen surfaces the label it gets wrong on
real news (judged sample: samples/judged/entities_ecbplus.json); every other mention is the
model's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from storyfold.analyze.discrepancies.spellings import _merge_house_styles
from storyfold.analyze.entities import find_entities
from storyfold.analyze.entities.gazetteer import known_place
from storyfold.model import Entity, Mention
from tests.conftest import make_article, make_context


def _entities(texts: list[str], labels: Mapping[str, str | Sequence[str]]) -> list[Entity]:
    """Entities of a story whose every whole-word occurrence of a surface in ``labels`` the model
    tagged so; a list of labels gives the n-th occurrence in an article its n-th label (the last repeats)."""
    articles = [make_article(text, outlet=f"Outlet {i}") for i, text in enumerate(texts)]
    ctx = make_context(articles)
    for article in articles:
        forced = []
        for surface, kinds in labels.items():
            kinds = [kinds] if isinstance(kinds, str) else list(kinds)
            for n, m in enumerate(re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", article.text)):
                forced.append(Mention(m.start(), m.end(), m.group(), kinds[min(n, len(kinds) - 1)]))
        kept = [m for m in ctx.parsed[article.id].mentions
                if not any(f.start < m.end and m.start < f.end for f in forced)]
        ctx.parsed[article.id].nlp.mentions[:] = sorted(kept + forced, key=lambda m: m.start)
    return find_entities(ctx)


def _typed(entities: list[Entity], variant: str) -> str | None:
    """The type of the entity naming ``variant``; None when no entity does."""
    found = [e.type for e in entities if variant in e.variants]
    assert len(found) <= 1, found
    return found[0] if found else None


CABLE = ("Internet users in Egypt saw slower connections on Tuesday after a fault on the Marrowind cable. "
         "Services were disrupted in parts of Suez, the operator Kestrelnet said. Engineer Dalia Farouk said "
         "repairs would take a week. Kestrelnet said traffic from Suez had been moved to a second cable.")


def test_a_known_place_the_model_calls_an_organisation_is_a_place():
    entities = _entities([CABLE], {"Suez": "ORG", "Egypt": "GPE"})
    assert _typed(entities, "Suez") == "GPE"
    assert _typed(entities, "Dalia Farouk") == "PERSON"


def test_a_known_place_with_a_persons_signs_stays_a_person():
    text = ("Coach Jordan Pell said the squad would travel on Friday. Pell said two players were injured, "
            "and Jordan added that the trip had been planned for months.")
    assert _typed(_entities([text], {"Jordan Pell": "PERSON", "Jordan": "PERSON"}), "Jordan Pell") == "PERSON"
    assert known_place("jordan") and known_place("uae") and not known_place("brackwater")


def test_a_company_word_before_a_country_is_no_title():
    """ "Lusonet Portugal said": the story's company before a country gives it no person's title."""
    text = ("Lusonet said on Monday that its network in Portugal was working again. Customers across Portugal "
            "had lost service, and Portugal's regulator asked for a report. Lusonet Portugal said the fault was "
            "in a cable near Lisbon. In Portugal, shops had closed early. Lusonet Portugal said it would pay "
            "refunds, and Portugal would review the case.")
    articles = [make_article(text)]
    ctx = make_context(articles)
    mentions = [Mention(m.start(), m.end(), "Lusonet", "ORG") for m in re.finditer(r"Lusonet(?= said)", text)]
    for m in re.finditer("Portugal", text):
        label = "PERSON" if text[m.start() - 8 : m.start()] == "Lusonet " else "GPE"
        mentions.append(Mention(m.start(), m.end(), "Portugal", label))
    ctx.parsed[articles[0].id].nlp.mentions[:] = sorted(mentions, key=lambda m: m.start)
    assert _typed(find_entities(ctx), "Portugal") == "GPE"


def test_roads_buildings_and_mountains_are_places_whatever_the_model_says():
    text = ("Fire crews were called to the Brannock Warehouse on Harlow Road at dawn. Climber Ines Moro, 41, "
            "was found near the Tavish Saddle Hut below Mount Ketter on Sunday. Police closed Harlow Road "
            "for three hours, said Sergeant Owen Tullis.")
    entities = _entities([text], {"Brannock Warehouse": "PERSON", "Harlow Road": "PERSON",
                                  "Tavish Saddle Hut": "ORG", "Mount Ketter": "ORG", "Ines Moro": "PERSON"})
    assert _typed(entities, "Brannock Warehouse") == "FAC"
    assert _typed(entities, "Harlow Road") == "FAC"
    assert _typed(entities, "Tavish Saddle Hut") == "FAC"
    assert _typed(entities, "Mount Ketter") == "LOC"
    assert _typed(entities, "Ines Moro") == "PERSON"


def test_a_mountain_name_that_shortens_an_organisation_is_not_retyped():
    text = ("Mount Orrin Hospital treated four climbers on Sunday. A Mount Orrin spokesman said two were "
            "in a serious condition, and Mount Orrin said it had called in extra staff.")
    entities = _entities([text], {"Mount Orrin Hospital": "ORG", "Mount Orrin": "ORG"})
    assert _typed(entities, "Mount Orrin") == "ORG"


def test_titles_alone_are_no_people_but_a_surname_that_is_a_title_stays():
    text = ("The State Fire Marshall's office is investigating the blaze. Anyone with information should call "
            "Sgt. Pia Laine. Outfielder Mara Judge, who lives nearby, said the smoke was thick. Judge said "
            "she had called the fire department.")
    entities = _entities([text], {"Fire Marshall": "PERSON", "Sgt": "PERSON", "Mara Judge": "PERSON",
                                  "Judge": "PERSON"})
    assert _typed(entities, "Fire Marshall") is None
    assert _typed(entities, "Sgt") is None
    assert _typed(entities, "Mara Judge") == "PERSON"
    assert "Judge" in next(e for e in entities if "Mara Judge" in e.variants).variants


def test_credentials_and_an_office_alone_are_no_entities():
    text = ("On behalf of Ivo Brandt, Esq. posted in Crash Claims. Deputy Lena Voss was a member of the "
            "Sheriff's department for ten years, and the Sheriff's department said she earned a PhD in 2009. "
            "The Marrow County Sheriff's Department opened an inquiry.")
    entities = _entities([text], {"Esq": "GPE", "Sheriff": "ORG", "PhD": "ORG", "Ivo Brandt": "PERSON",
                                  "Marrow County Sheriff's Department": "ORG"})
    assert {_typed(entities, v) for v in ("Esq", "Sheriff", "PhD")} == {None}
    assert _typed(entities, "Ivo Brandt") == "PERSON"
    assert _typed(entities, "Marrow County Sheriff's Department") == "ORG"  # the body with its office word


def test_plurals_of_peoples_names_and_teams_after_the_are_not_people():
    text = ("Ewa Halvorsen said she had dinner with the Halvorsens every week. Among those named as a possible "
            "Silent Partner was Ivo Brandt; other Silent Partners were never found. The Kestrels lost to "
            "the Harriers, and the Kestrels now face the Otters at home.")
    entities = _entities([text], {"Halvorsens": "ORG", "Silent Partner": "PERSON", "Silent Partners": "PERSON",
                                  "Harriers": "PERSON", "Otters": "PERSON", "Kestrels": "ORG"})
    assert _typed(entities, "Halvorsens") is None  # a family
    assert _typed(entities, "Silent Partners") is None
    assert _typed(entities, "Harriers") is None  # a team the model only ever calls a person
    assert _typed(entities, "Ewa Halvorsen") == "PERSON"


def test_a_team_after_the_that_the_model_also_calls_an_organisation_is_one():
    text = ("The fans cheered the Varne Harriers on Saturday. Coach Lena Voss said the Varne Harriers had earned "
            "the win, and the Varne Harriers will play again on Friday.")
    team = "Varne Harriers"
    articles = [make_article(text)]
    ctx = make_context(articles)
    starts = [m.start() for m in re.finditer(team, text)]
    ctx.parsed[articles[0].id].nlp.mentions[:] = [
        Mention(start, start + len(team), team, label) for start, label in zip(starts, ["PERSON", "PERSON", "ORG"],
                                                                               strict=True)
    ]
    assert _typed(find_entities(ctx), team) == "ORG"


def test_sports_shorthand_is_no_entity():
    text = ("Dario Venn threw for 300 yards and a TD on Sunday. No QB in the league has done it twice, and the "
            "Kestrels placed their kicker on IR after the game.")
    entities = _entities([text], {"TD": "ORG", "QB": "GPE", "IR": "ORG", "Dario Venn": "PERSON"})
    assert {_typed(entities, v) for v in ("TD", "QB", "IR")} == {None}
    assert _typed(entities, "Dario Venn") == "PERSON"


def test_a_name_joining_two_people_is_no_organisation():
    text = ("Interior Secretary Hana Varga and Trade Secretary Olaf Lindqvist signed the order. Varga and "
            "Lindqvist said the rule would be reviewed.")
    entities = _entities([text], {"Varga and Lindqvist": "ORG", "Hana Varga": "PERSON", "Olaf Lindqvist": "PERSON"})
    assert _typed(entities, "Varga and Lindqvist") is None
    assert _typed(entities, "Hana Varga") == "PERSON"


def test_pieces_of_one_name_the_model_cut_are_not_entities():
    text = ("Customers faced problems due to damage in Telecom Varnia's cables near Orlan. Orlan residents "
            "lost service for a day, and Telecom Varnia said repairs had begun.")
    entities = _entities([text], {"Telecom": "GPE", "Varnia": "GPE", "Orlan": "GPE"})
    assert _typed(entities, "Telecom") is None
    assert _typed(entities, "Varnia") is None
    assert _typed(entities, "Orlan") == "GPE"


def test_a_name_cut_at_its_and_is_not_a_variant_of_the_whole():
    text = ("The Varnia Fish and Wildlife Service said the cable crossed a reserve. Scientists from Varnia Fish "
            "and Wildlife Service said no animals were hurt.")
    articles = [make_article(text)]
    ctx = make_context(articles)
    first = text.index("Varnia Fish and Wildlife Service")
    second = text.index("Varnia Fish", first + 10)
    whole = "Varnia Fish and Wildlife Service"
    ctx.parsed[articles[0].id].nlp.mentions[:] = [
        Mention(first, first + len(whole), whole, "ORG"),
        Mention(second, second + len("Varnia Fish"), "Varnia Fish", "ORG"),
        Mention(second + len("Varnia Fish and "), second + len(whole), "Wildlife Service", "ORG"),
    ]
    service = next(e for e in find_entities(ctx) if whole in e.variants)
    assert service.variants == [whole]


def test_british_and_american_spellings_of_a_building_are_one_spelling():
    spellings = {"Orlen Theatre": ["a1"], "Orlen Theater": ["a2"]}
    assert len(_merge_house_styles(spellings, regional=True)) == 1
    assert len(_merge_house_styles(spellings)) == 2  # a person's name keeps its letters


def test_a_city_name_the_model_never_calls_a_place_keeps_its_type():
    """Clubs, firms and people named like a large city: without a single place label or place
    cue in the story, the gazetteer does not make them places."""
    text = ("Leeds beat Orlan Rovers 2-1 on Saturday, and Hamilton finished second at the Varna Grand Prix. "
            "Home Depot said its shares rose after the results.")
    entities = _entities([text], {"Leeds": "ORG", "Hamilton": "PERSON", "Home Depot": "ORG"})
    assert _typed(entities, "Leeds") in {"ORG", None}
    assert _typed(entities, "Hamilton") in {"PERSON", None}
    assert _typed(entities, "Home Depot") == "ORG"


def test_two_known_places_side_by_side_are_two_names_not_pieces_of_one():
    """"the Russia Ukraine war": two countries one space apart; "Telecom Egypt" stays one name cut in two."""
    text = ("Talks on the Russia Ukraine war resumed in Geneva on Monday. Ukraine said prisoners would be "
            "exchanged, and Russia confirmed the date.")
    entities = _entities([text], {"Russia": "GPE", "Ukraine": "GPE"})
    assert _typed(entities, "Russia") == "GPE" and _typed(entities, "Ukraine") == "GPE"
    assert all(len(e.mentions) >= 2 for e in entities if e.name in {"Russia", "Ukraine"})


def test_a_full_name_after_to_or_from_stays_a_person():
    """"assistant to X", "a letter from X" name people as often as places: only "in X" / "near X" makes
    a full name with no other sign of a person a place (or junk)."""
    text = ("Dana Whitlow served for six years as chief of staff to Arvid Lenner, the former governor. "
            "A letter from Arvid Lenner was read at the funeral on Friday.")
    entities = _entities([text], {"Arvid Lenner": "PERSON", "Dana Whitlow": "PERSON"})
    assert _typed(entities, "Arvid Lenner") == "PERSON"
    placed = "The delegation spent the night in Arvid Lenner before the talks."
    assert _typed(_entities([placed], {"Arvid Lenner": "PERSON"}), "Arvid Lenner") is None


def test_a_bare_surname_in_a_family_is_the_person_the_article_introduced_first():
    """Writers name a story's relatives in full or by first name; "Tamsin" after the deputy, his mother
    and his brother are introduced is the deputy, not whoever was named last."""
    text = ("Deputy Jerry Tamsin was shot during a traffic stop in May. His mother, Rosa Tamsin, sat in the "
            "front row every day of the trial. Outside the courtroom she hugged her eldest son, Art Tamsin. "
            "Tamsin had served nine years with the sheriff's department, prosecutors said.")
    entities = _entities([text], {"Jerry Tamsin": "PERSON", "Rosa Tamsin": "PERSON", "Art Tamsin": "PERSON",
                                  "Tamsin": "PERSON"})
    by_name = {e.name: e for e in entities if e.type == "PERSON"}
    assert "Tamsin" in by_name["Jerry Tamsin"].variants
    assert by_name["Rosa Tamsin"].variants == ["Rosa Tamsin"] and by_name["Art Tamsin"].variants == ["Art Tamsin"]


def test_a_name_only_ever_seen_inside_a_longer_name_is_no_entity():
    """The model cut "Marlow Gardens" and "Secretary for Waterways": the pieces alone are fragments."""
    text = ("Deputies were called to a shooting in the Marlow Gardens area on Friday. The Marlow Gardens "
            "council met the next day with the Assistant Secretary for Waterways.")
    entities = _entities([text], {"Marlow": "NORP", "Waterways": "ORG"})
    assert _typed(entities, "Marlow") is None and _typed(entities, "Waterways") is None


def test_a_name_before_a_title_a_weekday_or_after_of_a_known_place_stays():
    text = ("Velorian President Ana Ruiz spoke to reporters in Kyiv Monday. The President of Ukraine "
            "thanked her.")
    entities = _entities([text], {"Velorian": "NORP", "Kyiv": "GPE", "Ukraine": "GPE", "Ana Ruiz": "PERSON"})
    assert _typed(entities, "Velorian") == "NORP"
    assert _typed(entities, "Kyiv") == "GPE" and _typed(entities, "Ukraine") == "GPE"


def test_a_large_city_the_model_always_calls_a_person_is_a_place():
    """The small model tags a capital PERSON in every article ("Kyiv" once was): nothing in the text
    points at a person, "in X" points at a place, and the gazetteer knows the city."""
    texts = ["Protesters gathered in Lagos on Monday after the fuel price rose again.",
             "Police in Lagos said 40 people were detained near the governor's office."]
    entities = _entities(texts, {"Lagos": "PERSON"})
    assert _typed(entities, "Lagos") == "GPE"


def test_a_name_followed_by_another_name_is_not_a_piece_of_it():
    """"Mayor of Dravik Ilse Marten": the capitalised word after the town starts a person's name."""
    text = "The mayor of Dravik Ilse Marten opened the new bridge on Friday. Marten said it cost 4 million euros."
    entities = _entities([text], {"Dravik": "GPE", "Ilse Marten": "PERSON"})
    assert _typed(entities, "Dravik") == "GPE" and _typed(entities, "Ilse Marten") == "PERSON"


def test_a_capital_that_opens_a_sentence_joins_no_name():
    """"Most of Velgard ...": "Most" is capitalised because it opens the sentence, not a name's word."""
    text = "Heavy rain fell overnight. Most of Velgard was without power on Monday, the utility said."
    assert _typed(_entities([text], {"Velgard": "GPE"}), "Velgard") == "GPE"


def test_a_first_name_two_people_share_is_left_unresolved():
    """Two men called Jerry in one article are rarely family: "Jerry" alone is tied to neither."""
    text = ("Deputy Jerry Tamsin stopped the van on Route 9. Jerry Holm, who owns the garage nearby, heard "
            "the shots. Jerry ran outside, neighbours said.")
    entities = _entities([text], {"Jerry Tamsin": "PERSON", "Jerry Holm": "PERSON", "Jerry": "PERSON"})
    people = {e.name: e.variants for e in entities if e.type == "PERSON"}
    assert "Jerry" not in people.get("Jerry Tamsin", []) and "Jerry" not in people.get("Jerry Holm", [])
