"""Facts: one fact per claim told by several outlets in their own words, with exact evidence."""

from __future__ import annotations

import re

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
        # the wording is one outlet's words: its evidence, widened only to a whole quotation
        assert any(e.text in fact.text for e in fact.evidence)
        assert any(fact.text in flood.article(e.article).text for e in fact.evidence)


def test_different_claims_about_the_same_person_stay_apart(flood):
    moved = _fact_with(flood.facts, "some residents of the old quarter")
    visit = _fact_with(flood.facts, "visited the sports hall")
    assert moved is not visit
    assert visit.independent_sources == 1


def test_single_source_claims_are_facts_ranked_after_corroborated_ones(flood):
    facts = flood.facts
    assert len({f.id for f in facts}) == len(facts)
    assert all(re.fullmatch(r"f[0-9a-f]{10}(-\d+)?", f.id) for f in facts)
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


def _balanced(text: str) -> bool:
    """Every quotation mark paired (outlets mix straight and curly marks)."""
    return (text.count('"') + text.count("“") + text.count("”")) % 2 == 0


def test_fact_text_never_starts_or_ends_inside_a_quotation():
    first = make_article(
        'The Marta ferry sank off Kelby island on Sunday. "Water poured in through the car deck. '
        'We lost the engine within minutes," the captain told reporters in Kelby.',
        outlet="One",
    )
    second = make_article(
        "The Marta ferry went down off Kelby island on Sunday. The captain said: \"We lost the engine "
        'within minutes. Water poured in through the car deck."',
        outlet="Two",
    )
    ctx = make_context([first, second])
    mark_on_topic(ctx)
    facts = align_facts(ctx)
    # both outlets' sentences are pieces of a two-sentence quotation
    flooding = _fact_with(facts, "poured in through the car deck")
    assert flooding.independent_sources == 2
    assert all(not _balanced(e.text) for e in flooding.evidence)
    assert _balanced(flooding.text), flooding.text
    assert "We lost the engine within minutes" in flooding.text  # widened to the whole quotation
    assert any(flooding.text in a.text for a in ctx.articles)  # still one outlet's own words
    assert all(_balanced(f.text) for f in facts)


def test_a_complete_statement_is_preferred_to_a_quote_fragment():
    quoted = make_article(
        '"Water poured in through the car deck. The Marta ferry lost its engine within minutes off Kelby '
        'island," the captain told reporters.',
        outlet="One",
    )
    plain = make_article(
        "The Marta ferry lost its engine within minutes off Kelby island on Sunday, the coastguard said.",
        outlet="Two",
    )
    ctx = make_context([quoted, plain])
    mark_on_topic(ctx)
    engine = _fact_with(align_facts(ctx), "lost its engine within minutes")
    assert engine.independent_sources == 2
    assert engine.text == plain.text


def test_seeds_fact_texts_are_whole_statements(seeds):
    for fact in seeds.facts:
        article = next(seeds.article(e.article) for e in fact.evidence if fact.text in seeds.article(e.article).text)
        end = article.text.index(fact.text) + len(fact.text)
        runs_on = article.text[end:].startswith("\n")  # a quote continued in the next paragraph
        assert _balanced(fact.text) or runs_on, fact.text


# A fictional border story told by three outlets: the same words around different claims.
LEDGER = """Border guards in Velmora detained two Chinese nationals who were fighting alongside the rebels, \
the interior ministry said.

Defence Minister Anton Revik said the army had evidence that many more Chinese citizens were fighting \
for the rebels.

President Ilse Varga ended the state of emergency in the eastern province on Monday.

The Chinese foreign ministry condemned the detention of its citizens and demanded consular access.
"""

COURIER = """Two Chinese nationals fighting for the rebels were captured by border guards in Velmora, \
according to the interior ministry.

The government has yet to provide evidence that more Chinese citizens are fighting for the rebels.

President Ilse Varga wants to end the state of emergency in the eastern province, analysts said.

Border guards also detained three North Korean nationals fighting for the rebels last month.
"""

GAZETTE = """The interior ministry said border guards in Velmora had detained two Chinese nationals \
fighting with the rebels.

A spokesperson for the Chinese embassy said it was checking reports that its citizens had been detained.
"""


@pytest.fixture(scope="module")
def border():
    articles = [make_article(LEDGER, outlet="Ledger", published="2026-05-04"),
                make_article(COURIER, outlet="Courier", published="2026-05-04"),
                make_article(GAZETTE, outlet="Gazette", published="2026-05-05")]
    ctx = make_context(articles)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    ctx.facts = align_facts(ctx)
    return ctx


def _evidence_texts(fact: Fact) -> str:
    return " | ".join(e.text for e in fact.evidence)


def test_the_capture_is_corroborated_by_every_outlet_with_its_attribution(border):
    capture = _fact_with(border.facts, "two Chinese nationals")
    assert len(capture.sources) == 3
    attributions = [e.attribution or "" for e in capture.evidence]
    assert any("according to the interior ministry" in a for a in attributions)
    assert any("ministry said" in a for a in attributions)
    assert "said" not in capture.claim and "according" not in capture.claim


def test_the_opposite_claim_does_not_corroborate_and_is_kept_opposed(border):
    """Kept apart by alignment (no fact), though no claim disagreement: having evidence is not
    providing it (tests/analyze/test_discrepancy_frames.py)."""
    for fact in border.facts:
        words = _evidence_texts(fact)
        assert not ("had evidence" in words and "yet to provide evidence" in words), words
    opposed = [(a.text, b.text) for a, b in border.opposed_claims]
    assert any("had evidence" in a + b and "yet to provide" in a + b for a, b in opposed)


def test_an_analysts_view_does_not_corroborate_the_act(border):
    for fact in border.facts:
        words = _evidence_texts(fact)
        assert not ("ended the state" in words and "wants to end" in words), words


def test_north_korean_prisoners_do_not_corroborate_chinese_ones(border):
    for fact in border.facts:
        words = _evidence_texts(fact)
        assert not ("North Korean" in words and "two Chinese" in words), words


def test_a_reaction_does_not_corroborate_the_event(border):
    for fact in border.facts:
        words = _evidence_texts(fact)
        assert not ("condemned the detention" in words and "detained two" in words), words
        assert not ("checking reports" in words and "detained two" in words), words


def test_fact_ids_come_from_the_claim_and_survive_a_reorder(border):
    reordered = make_context(list(reversed(border.articles)))
    mark_on_topic(reordered)
    reordered.entities = find_entities(reordered)
    again = {f.claim: f.id for f in align_facts(reordered)}
    shared = [f for f in border.facts if f.claim in again]
    assert shared and all(again[f.claim] == f.id for f in shared)


def test_a_figure_in_a_compound_modifier_is_not_a_count(test_settings):
    from storyfold.analyze.claims import ArticleTokens
    from storyfold.analyze.quantities import claim_quantities

    text = ("The suspect turned toward officers with a loaded . 38 - caliber revolver . The 30 - year - old "
            "sergeant fired 11 shots - the most in years - while 10 - 12 people watched .")
    article = make_article(text, source="shooting.txt")
    ctx = make_context([article], test_settings)
    index = ArticleTokens(ctx.parsed[article.id])
    assert [q.text for q in claim_quantities(index, text, list(range(len(index.tokens))))] == ["11", "10", "12"]


def test_a_subjectless_half_is_never_a_fact_of_its_own(test_settings):
    """"The plant ... is one of the region's largest producers and employs about 2,300
    people": the second half has no subject of its own, so it never stands as a fact."""
    one = make_article("The Varne chemical plant is one of the largest producers of fertiliser in the region and "
                       "employs about 2,300 people, the company said.", source="a.txt", outlet="A")
    two = make_article("The Varne chemical plant employs about 2,300 people and is one of the largest producers of "
                       "fertiliser in the region.", source="b.txt", outlet="B")
    ctx = make_context([one, two], test_settings)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    facts = align_facts(ctx)
    assert facts and all(not f.text[:1].islower() for f in facts)


def test_a_claims_centrality_is_its_mean_similarity_to_the_other_articles_claims() -> None:
    """The sparse sums that replace the members' square similarity matrix give the same means."""
    from types import SimpleNamespace

    import numpy as np
    from scipy import sparse
    from sklearn.preprocessing import normalize

    from storyfold.analyze.facts import _centrality

    rng = np.random.default_rng(7)
    matrix = sparse.csr_matrix(normalize(sparse.random(200, 60, density=0.1, random_state=3, format="csr")))
    group = sorted(rng.choice(200, 90, replace=False).tolist())
    articles = [f"a{rng.integers(0, 12)}" for _ in group]
    articles[0] = "alone"  # an article with one member
    dense = (matrix[group] @ matrix[group].T).toarray()
    expected = [dense[n, [m for m, other in enumerate(articles) if other != articles[n]]].mean()
                for n in range(len(group))]
    assert np.allclose(_centrality(SimpleNamespace(matrix=matrix), group, articles), expected)
    assert _centrality(SimpleNamespace(matrix=matrix), group[:3], ["same"] * 3).tolist() == [0.0, 0.0, 0.0]


def _claim(text: str, *, quote: bool) -> object:
    from types import SimpleNamespace

    article = SimpleNamespace(duplicate_of=None)
    return SimpleNamespace(text=text, is_quote=quote, article=article, subjectless=False, whole_sentence=True)


def test_a_fact_is_worded_by_what_its_outlets_share_when_the_plain_wording_says_much_more():
    """Two outlets quote the mayor's words; the third puts them in a long sentence of its own with a
    video and a recount: the fact is worded by a quote the outlets share, not by the outlier."""
    from storyfold.analyze.facts import _clearest

    claims = [_claim('"We have the ballots of every district," the mayor said on Tuesday.', quote=True),
              _claim('"We have the ballots of every district," the mayor told reporters.', quote=True),
              _claim("Posting a video of the count, the mayor said ballots recovered from every district "
                     "suggested a recount in the northern wards was needed.", quote=False)]
    assert _clearest(None, claims, [0.82, 0.82, 0.65]) is claims[1]
    # a plain wording about as central as the quotes is still preferred to them
    assert _clearest(None, claims, [0.82, 0.82, 0.75]) is claims[2]
    # and so is a paraphrase of about the quote's length, however less central: it is another fact's wording
    paraphrase = _claim("The mayor said the ballots of every district were in hand.", quote=False)
    assert _clearest(None, [*claims[:2], paraphrase], [0.9, 0.9, 0.7]) is paraphrase
