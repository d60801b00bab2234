"""Facts: one fact per claim told by several outlets in their own words, with exact evidence."""

from __future__ import annotations

import pytest

from storyfold.analyze.entities import find_entities
from storyfold.analyze.facts import align_facts
from storyfold.analyze.relevance import mark_on_topic
from storyfold.model import Fact
from storyfold.settings import Settings
from tests.analyze.test_relevance import _seed_body
from tests.conftest import make_article, make_context

# A fictional flood told by three outlets in different words (shared with the discrepancy tests).
HERALD = """Floodwater forced the evacuation of 40 families from the riverside district of Kovalino on Tuesday, \
the regional emergency service said.

Rescuers pulled 12 people from submerged cars near the ring road. Three people were taken to hospital with \
hypothermia.

The Brenna bridge reopened to traffic on Wednesday after engineers inspected its pillars.

Mayor Irena Dobrova confirmed that all residents of the old quarter had been moved to the Kovalino sports hall.

The dam upstream was likely damaged by the surge, officials said. The river peaked at six metres overnight.

Mayor Irena Dobrova visited the sports hall on Wednesday evening and thanked the volunteers.
"""

POST = """Emergency crews evacuated 42 families from the riverside district of Kovalino on Monday as the river \
burst its banks.

Rescuers pulled 12 people from cars trapped in the water near the ring road, the fire service said.

The Brenna bridge remains closed to traffic while engineers inspect its pillars, police said.

Mayor Irina Dobrova said some residents of the old quarter had been moved to the Kovalino sports hall.

The surge damaged the dam upstream, according to the regional water authority.

Shops in the town centre stayed open despite the flooding.
"""

TIMES = """Dozens of families were evacuated from the riverside district of Kovalino on Tuesday, emergency \
officials said.

Firefighters rescued 12 people from cars submerged near the ring road.

The Brenna bridge was reopened to traffic on Wednesday.

The regional water authority said the dam upstream had been damaged by the surge.

A local football club offered its stadium as a second shelter.
"""


def flood_context(*, with_wire_copy: bool = False):
    articles = [
        make_article(HERALD, outlet="Herald", published="2026-03-12"),
        make_article(POST, outlet="Post", published="2026-03-11"),
        make_article(TIMES, outlet="Times", published="2026-03-12"),
    ]
    if with_wire_copy:
        copy = make_article(POST, source="copy.txt", outlet="Reprint", duplicate_of=articles[1].id)
        articles.append(copy)
    ctx = make_context(articles)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    ctx.facts = align_facts(ctx)
    return ctx


@pytest.fixture(scope="module")
def flood():
    return flood_context()


def _fact_with(facts: list[Fact], words: str) -> Fact:
    found = [f for f in facts if any(words in e.text for e in f.evidence)]
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def test_same_fact_in_different_words_is_one_fact(flood):
    rescue = _fact_with(flood.facts, "Firefighters rescued 12 people")
    assert "pulled 12 people from submerged cars" in " ".join(e.text for e in rescue.evidence)
    assert rescue.sources == [a.id for a in flood.articles]
    assert rescue.independent_sources == 3
    evacuation = _fact_with(flood.facts, "Emergency crews evacuated 42 families")
    assert {e.article for e in evacuation.evidence} == {a.id for a in flood.articles}


def test_evidence_is_exact_and_one_per_article(flood):
    for fact in flood.facts:
        articles = [e.article for e in fact.evidence]
        assert len(articles) == len(set(articles))
        assert fact.sources == flood.order_sources(articles)
        for evidence in fact.evidence:
            assert flood.article(evidence.article).text[evidence.start : evidence.end] == evidence.text
        assert any(fact.text == e.text for e in fact.evidence)


def test_different_claims_about_the_same_person_stay_apart(flood):
    moved = _fact_with(flood.facts, "some residents of the old quarter")
    visit = _fact_with(flood.facts, "visited the sports hall")
    assert moved is not visit
    assert visit.independent_sources == 1


def test_single_source_claims_are_facts_ranked_after_corroborated_ones(flood):
    facts = flood.facts
    assert [f.id for f in facts] == [f"f{n}" for n in range(1, len(facts) + 1)]
    counts = [f.independent_sources for f in facts]
    assert counts == sorted(counts, reverse=True)
    shelter = _fact_with(facts, "football club offered its stadium")
    assert shelter.sources == [flood.articles[2].id]
    assert facts[0].independent_sources == 3
    assert "families" in facts[0].text  # the lead comes first among equally corroborated facts


def test_clearest_wording_is_a_short_statement_not_an_attribution(flood):
    rescue = _fact_with(flood.facts, "Firefighters rescued 12 people")
    assert len(rescue.text) == min(len(e.text) for e in rescue.evidence)


def test_wire_copy_counts_once():
    ctx = flood_context(with_wire_copy=True)
    rescue = _fact_with(ctx.facts, "Firefighters rescued 12 people")
    assert len(rescue.sources) == 4
    assert rescue.independent_sources == 3
    assert ctx.facts[0].independent_sources == 3  # four articles, three outlets


def test_two_claim_sentence_is_split_at_the_coordinated_clause():
    first = make_article(
        "Forty people were injured in the blast at the Marlow chemical plant and the main road to the plant "
        "remains closed to traffic.",
        outlet="One",
    )
    second = make_article(
        "The blast at the Marlow chemical plant injured forty people, the fire brigade said.\n\n"
        "Police said the main road to the plant remains closed to traffic until further notice.",
        outlet="Two",
    )
    ctx = make_context([first, second])
    mark_on_topic(ctx)
    facts = align_facts(ctx)
    injured = _fact_with(facts, "injured forty people")
    road = _fact_with(facts, "until further notice")
    assert injured is not road
    assert injured.independent_sources == road.independent_sources == 2
    injured_words = next(e.text for e in injured.evidence if e.article == first.id)
    assert injured_words.startswith("Forty people were injured") and "road" not in injured_words


def seed_context(seeds_dir, test_settings):
    """The five seed captures, cut to their body paragraphs, with entities and facts."""
    articles = [make_article(_seed_body(p), source=p.name) for p in sorted(seeds_dir.glob("*.txt"))]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    ctx.facts = align_facts(ctx)
    return ctx


@pytest.fixture(scope="module")
def seeds(seeds_dir, test_settings):
    return seed_context(seeds_dir, test_settings)


def test_seeds_lead_fact_is_told_by_every_outlet(seeds):
    lead = seeds.facts[0]
    assert lead.independent_sources == 5
    assert all("two Chinese" in e.text or "Two Chinese" in e.text for e in lead.evidence)
    assert "captured" in lead.text and not lead.text.startswith(("\"", "“"))


def test_seeds_shared_quote_and_spelling_variants_align(seeds):
    quote = _fact_with(seeds.facts, "Sybiha wrote on X")
    assert quote.independent_sources >= 3
    assert any("Sybiga" in e.text for e in quote.evidence)  # the other spelling of the minister
    credibility = [f for f in seeds.facts if sum("credibility" in e.text for e in f.evidence) >= 4]
    assert credibility, "the minister's quoted statement, carried by four outlets, is one fact"
