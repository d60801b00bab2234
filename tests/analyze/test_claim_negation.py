"""A claim's polarity: "not yet" is one denial, "has yet to" is one, "and yet" is none.

Read as two denials, "have not yet been released" turned into a statement that the results
were released, and corroborated an outlet that says they were.  Fictional sentences.
"""

from __future__ import annotations

import pytest

from storyfold.analyze.align import OPPOSED, SAME, agreement
from storyfold.analyze.claims import extract_claims
from tests.conftest import make_article, make_context

SENTENCES = {
    "not yet": "The test results have not yet been released by the Varn county laboratory.",
    "released": "The test results were released by the Varn county laboratory on Monday.",
    "yet to": "The Varn county laboratory has yet to release the test results.",
    "not": "The Varn county laboratory has not released the test results.",
    "and yet": "The Varn county laboratory released the test results, and yet the families were not told.",
    "not yet begun": "The Varn county laboratory had not yet begun to release the test results.",
}


@pytest.fixture(scope="module")
def frames():
    articles = [make_article(text, outlet=name, source=f"{n}.txt") for n, (name, text) in enumerate(SENTENCES.items())]
    ctx = make_context(articles)
    by_article = {a.id: name for name, a in zip(SENTENCES, articles, strict=True)}
    return {by_article[c.article.id]: c for c in extract_claims(ctx) if c.text.startswith("The ")}


@pytest.mark.parametrize(("name", "negated"), [
    ("not yet", True), ("released", False), ("yet to", True), ("not", True), ("and yet", False),
    ("not yet begun", True),
])
def test_not_yet_is_one_denial(frames, name, negated):
    assert frames[name].frame.negated is negated


def test_not_yet_released_opposes_released_and_agrees_with_yet_to_release(frames):
    assert agreement(frames["not yet"], frames["released"]) == OPPOSED
    assert agreement(frames["not yet"], frames["yet to"]) == SAME
    assert agreement(frames["not yet"], frames["not"]) == SAME
