"""A story of many near-copies: claim pairs are found in row blocks and capped per claim, same facts.

A crawl that holds one event many times over (syndicated copies, a site republishing its own page)
makes one large story where every claim has a near-copy in every article; the whole pair product
then grew with the square of the story (one 571-article story took 7 GB).  The product now runs in
row blocks and each claim keeps its best partners only; on a story within the cap nothing changes.
"""

from __future__ import annotations

import importlib

import pytest

from storyfold.analyze.claims import extract_claims
from storyfold.analyze.entities import find_entities
from storyfold.analyze.facts import align_facts
from storyfold.analyze.relevance import mark_on_topic
from tests.conftest import make_article, make_context

align = importlib.import_module("storyfold.analyze.align")  # the package re-exports names that hide it

BASE = [
    ("The Velmora Herald",
     "A landslide blocked the mountain road between Orsk and Velmora on Sunday after two days of heavy rain, "
     "the regional roads agency said. About 300 drivers were stranded overnight in the village of Bralin, "
     "where the school gym was opened as a shelter. Agency director Mira Kolar said crews would need at least "
     "four days to clear the road. The rail line through the valley was not affected and extra trains were "
     "added on Monday, the operator said."),
    ("Orsk Evening Post",
     "Heavy rain set off a landslide that cut the road from Orsk to Velmora on Sunday, leaving about 300 "
     "drivers stranded overnight in Bralin, officials said. The school gym in Bralin served as a shelter. "
     "Mira Kolar, who heads the regional roads agency, said clearing the road would take at least four days. "
     "The railway operator added extra trains on Monday because the valley line was not affected."),
    ("Valley Radio News",
     "The road between Orsk and Velmora will stay closed for at least four days after Sunday's landslide, "
     "roads agency director Mira Kolar said. Around 300 drivers spent the night in Bralin after the slope "
     "gave way following two days of rain. Villagers brought food to the school gym, which was used as a "
     "shelter. Extra trains ran on Monday on the valley rail line, which was not affected."),
]
# Light rewording of each copy, so copies are near-duplicates, not identical texts.
SAYS = ("said", "told reporters", "stated")
COPIES = 8  # 3 originals x 8 = 24 articles: a claim then has ~20 near-copies, above the small cap below


def near_copies() -> list:
    articles = []
    for copy in range(COPIES):
        for n, (outlet, text) in enumerate(BASE):
            worded = text.replace(" said", " " + SAYS[copy % len(SAYS)]) if copy else text
            sentences = worded.split(". ")
            if copy and len(sentences) > 3:
                del sentences[copy % len(sentences)]
            articles.append(make_article(". ".join(sentences), source=f"copy{copy}/{n}.txt",
                                         outlet=f"{outlet} {copy}", published="2025-03-09"))
    return articles


@pytest.fixture(scope="module")
def story(test_settings):
    ctx = make_context(near_copies(), test_settings)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    return ctx


def _pairs(ctx) -> dict[tuple[int, int], float]:
    index = align.index_claims(extract_claims(ctx))
    return {(i, j): score for score, i, j in align.candidate_pairs_unchecked(index)}


def _facts(ctx) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((fact.claim, tuple(sorted(fact.sources))) for fact in align_facts(ctx))


def test_pairs_found_in_small_row_blocks_are_the_pairs_of_the_whole_product(story, monkeypatch) -> None:
    whole_pairs, whole_facts = _pairs(story), _facts(story)
    monkeypatch.setattr(align, "PRODUCT_BLOCK_PAIRS", 40)  # a block of a few rows: many blocks
    blocked_pairs, blocked_facts = _pairs(story), _facts(story)
    assert len(whole_pairs) > 100  # the near-copies do pair up
    assert blocked_pairs.keys() == whole_pairs.keys()
    assert all(blocked_pairs[p] == pytest.approx(whole_pairs[p]) for p in whole_pairs)
    assert blocked_facts == whole_facts


def test_each_claim_keeps_only_its_best_partners(story, monkeypatch) -> None:
    every = _pairs(story)
    monkeypatch.setattr(align, "MAX_PARTNERS_PER_CLAIM", 3)
    capped = _pairs(story)
    assert set(capped) < set(every)
    for row in {i for i, _ in every}:
        kept = [score for (i, _), score in capped.items() if i == row]
        dropped = [score for (i, j), score in every.items() if i == row and (i, j) not in capped]
        assert len(kept) <= 3
        if dropped:
            assert min(kept) >= max(dropped) - 1e-9


def test_the_cap_still_joins_the_copies_of_a_claim_into_one_fact(story, monkeypatch) -> None:
    uncapped = sorted((len(fact.sources) for fact in align_facts(story)), reverse=True)
    monkeypatch.setattr(align, "MAX_PARTNERS_PER_CLAIM", 3)
    capped = sorted((len(fact.sources) for fact in align_facts(story)), reverse=True)
    assert uncapped[0] >= len(BASE) * COPIES // 2  # the landslide claim: half the story's articles and more
    assert capped[:LARGEST_FACTS] == uncapped[:LARGEST_FACTS]


LARGEST_FACTS = 4  # the best-corroborated facts, which a reader sees first


def test_quote_pairs_found_in_row_blocks_are_those_of_the_whole_product(monkeypatch) -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    merge = importlib.import_module("storyfold.analyze.quotes.merge")
    quotes = ["The sea was calm and the crew acted quickly", "Every passenger was off the boat within two hours",
              "We will inspect the whole fleet before Friday", "Crews would need at least four days to clear it",
              "The rail line through the valley was not affected"]
    matrix = TfidfVectorizer().fit_transform([q if n % 7 else q.lower() + " again" for n, q in
                                              enumerate(quotes * 40)]).tocsr()  # one quote in many articles

    def ranked() -> list[tuple[int, int]]:
        rows, cols, scores = merge._similar_pairs(matrix)
        order = np.argsort(-scores, kind="stable")
        return list(zip(rows[order].tolist(), cols[order].tolist(), strict=True))

    whole = ranked()
    monkeypatch.setattr(merge, "PRODUCT_BLOCK_PAIRS", 300)  # blocks of one or two rows
    assert len(whole) > 1000 and ranked() == whole
