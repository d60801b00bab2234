"""Entities the text itself describes against the model's label: a company in an apposition, a
ship by its prefix or its noun, villages in a list, storms, awards ceremonies and awards.

The model's errors are simulated by giving chosen mentions the label it gets wrong on real news
(judged samples: samples/judged/entities_ecbplus*.json); every other mention is the model's own.
"""

from __future__ import annotations

from storyfold.model import Entity
from tests.analyze.test_entity_shapes import _entities as forced_entities
from tests.analyze.test_entity_shapes import _typed


def _entities(text: str, labels: dict[str, list[str]]) -> list[Entity]:
    """Entities of a one-article story (see :func:`tests.analyze.test_entity_shapes._entities`)."""
    return forced_entities([text], labels)


def test_a_company_the_text_calls_an_operator_is_an_organisation():
    """A company that "said" things, which the model mostly calls a person."""
    text = ("Subsea cable operator, Orvanet, said on Monday that it had restored service to all of its customers. "
            "Orvanet said a repair vessel was on its way to the damaged cable off Port Aleth. "
            "Orvanet said the repair would take ten days. Engineer Lina Moss said traffic had been rerouted.")
    entities = _entities(text, {"Orvanet": ["ORG", "PERSON"], "Lina Moss": ["PERSON"]})
    assert _typed(entities, "Orvanet") == "ORG"
    assert _typed(entities, "Lina Moss") == "PERSON"


def test_a_person_described_by_a_job_noun_stays_a_person():
    """ "Marta Pell, the operator of the crane": a surname of a full name is never made a company."""
    text = ("Marta Pell, the operator of the crane, said the load had slipped on Tuesday. "
            "Pell said the site at Verrin Quay had been closed. Pell said nobody was hurt.")
    entities = _entities(text, {"Pell": ["ORG", "PERSON"], "Marta Pell": ["PERSON"]})
    assert _typed(entities, "Marta Pell") == "PERSON"
    assert _typed(entities, "Pell") == "PERSON"


def test_a_ship_with_a_navy_prefix_is_no_person_or_place():
    text = ("Patrol vessel INS Tarangiri was escorting four merchant ships through the gulf on Thursday when "
            "pirates approached. Tarangiri intercepted three skiffs and seized rifles. This was the third "
            "operation by INS Tarangiri this month, the navy's spokesman Commander Ravi Menon said.")
    entities = _entities(text, {"Tarangiri": ["PERSON", "GPE"]})
    assert _typed(entities, "Tarangiri") == "PRODUCT"
    assert _typed(entities, "Ravi Menon") == "PERSON"


def test_a_person_in_an_apposition_with_a_ship_word_stays_a_person():
    """ "Arlo, an immigration hard-liner": a word ending like a ship's noun makes no ship of a person."""
    text = ("A judge ruled on Sunday that the appointment of Ken Arlo to lead the agency was unlawful. "
            "Arlo, an immigration hard-liner, has led the agency since June. Arlo did not comment.")
    entities = _entities(text, {"Arlo": ["PERSON", "ORG"], "Ken Arlo": ["PERSON"]})
    assert _typed(entities, "Ken Arlo") == "PERSON"
    assert _typed(entities, "Arlo") in {"PERSON", None}


def test_villages_named_in_a_list_are_places():
    text = ("The earthquake struck the island of Qorvan on Sunday. A relief official said the hardest-hit "
            "villages were Dorvan, Kelmiz and Sarukh, where dozens of homes collapsed.")
    entities = _entities(text, {"Dorvan": ["ORG"], "Kelmiz": ["PERSON"], "Sarukh": ["NORP"]})
    assert {_typed(entities, name) for name in ("Dorvan", "Kelmiz", "Sarukh")} == {"GPE"}


def test_a_place_noun_alone_is_no_name_but_a_plural_may_be():
    text = ("Fire destroyed a dairy warehouse in the Marrow Valley on Tuesday. For decades Valley farmers sold "
            "their milk there. Many of them later retired to The Villages, a retirement town near Orlano.")
    entities = _entities(text, {"Valley": ["GPE"], "Villages": ["GPE"], "Marrow Valley": ["LOC"]})
    assert _typed(entities, "Valley") is None
    assert _typed(entities, "Marrow Valley") == "LOC"
    assert _typed(entities, "Villages") == "GPE"


def test_storms_ceremonies_and_awards_are_no_organisations():
    text = ("Her clinic in Maren Bay was battered by Hurricane Delmar in 1998, and she rebuilt it. "
            "The comedian will host the Oscars in March, after hosting the 81st Academy Awards in 2009 and "
            "earning an Emmy nomination for it. The Delmar Relief Fund raised money for the clinic.")
    labels = {"Hurricane Delmar": ["ORG"], "Oscars": ["ORG"], "81st Academy Awards": ["ORG"], "Emmy": ["NORP"],
              "Delmar Relief Fund": ["ORG"]}
    entities = _entities(text, labels)
    assert _typed(entities, "Hurricane Delmar") == "EVENT"
    assert _typed(entities, "Oscars") == "EVENT"
    assert _typed(entities, "81st Academy Awards") == "EVENT"
    assert _typed(entities, "Emmy") == "WORK_OF_ART"
    assert _typed(entities, "Delmar Relief Fund") == "ORG"


def test_a_first_name_that_is_also_an_award_stays_a_person():
    text = ("Emmy Larkin, a producer at the studio, said filming would resume in May. "
            "Emmy said the crew had been paid, and Larkin added that the set in Ostrava was ready.")
    entities = _entities(text, {"Emmy Larkin": ["PERSON"], "Emmy": ["PERSON"]})
    assert _typed(entities, "Emmy Larkin") == "PERSON"
    assert _typed(entities, "Emmy") in {"PERSON", None}
