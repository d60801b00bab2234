"""Copied wording: a wire paragraph lifted into two outlets' articles is one source for a fact."""

from __future__ import annotations

from storyfold.analyze.copied_wording import borrowing_pairs, copied_runs, independent_wordings, unquoted_pieces
from storyfold.analyze.facts import align_facts
from storyfold.analyze.relevance import mark_on_topic
from tests.conftest import make_article, make_context

WIRE = (
    "Floodwater swept through the river town of Maresk on Saturday, forcing 3,000 people from their homes, "
    "regional officials said. "
    "The regional government has provided emergency shelters for displaced families since the dam at Lake Oster "
    "failed last spring. "
    "Rescue crews in boats searched the lower districts through the night."
)
# An outlet that wrote its own story but folded the wire's background sentence (and a line more) into it.
BORROWER = (
    "Three thousand residents of Maresk had to leave their homes on Saturday as the river burst its banks, "
    "the regional governor said. "
    "The regional government has provided emergency shelters for displaced families since the dam at Lake Oster "
    "failed last spring, and schools have been turned into dormitories. "
    "Volunteers handed out blankets at the railway station, and rescue crews in boats searched the lower "
    "districts through the night."
)
OWN_WORDS = (
    "About 3,000 people were evacuated from Maresk on Saturday after the river flooded, officials said. "
    "Families displaced when the Lake Oster dam gave way last spring have been housed in shelters run by the "
    "regional government ever since. "
    "The mayor asked for army help to reinforce the embankments."
)


def _fact_with(facts, words):
    found = [f for f in facts if any(words in e.text for e in f.evidence)]
    assert len(found) == 1, [f.text for f in found]
    return found[0]


def _facts(*texts):
    articles = [make_article(t, outlet=f"Outlet {n}", published="2026-05-10") for n, t in enumerate(texts)]
    ctx = make_context(articles)
    mark_on_topic(ctx)
    return align_facts(ctx)


def test_a_lifted_wire_sentence_does_not_corroborate_itself():
    facts = _facts(WIRE, BORROWER)
    shelters = _fact_with(facts, "emergency shelters for displaced families")
    assert len(shelters.sources) == 2
    assert shelters.independent_sources == 1


def test_an_outlet_in_its_own_words_still_corroborates():
    facts = _facts(WIRE, BORROWER, OWN_WORDS)
    evacuation = _fact_with(facts, "3,000 people from their homes")
    assert evacuation.independent_sources == len(evacuation.sources)
    shelters = [f for f in facts if any("emergency shelters" in e.text for e in f.evidence)]
    assert all(f.independent_sources < len(f.sources) for f in shelters if len(f.sources) > 1)


def test_a_quotation_printed_by_two_outlets_is_not_copied_wording():
    quote = '"We will rebuild every house the water took from us before the winter comes," the mayor said.'
    other = 'The mayor told residents: "We will rebuild every house the water took from us before the winter comes."'
    assert not copied_runs(quote) & copied_runs(other)


def test_a_formulaic_place_list_is_not_copied_wording():
    a = "Police clashed with protesters near the villages of Orvia and Tennek in the Saldo district."
    b = "Protesters were dispersed near the villages of Orvia and Tennek in the Saldo district on Friday."
    assert not copied_runs(a) & copied_runs(b)


def test_copied_runs_merge_transitively_and_only_borrowing_outlets():
    shared = "has provided emergency shelters for displaced families since the dam failed"
    texts = [f"The government {shared}.", f"Officials say it {shared} in spring.", "Families were housed."]
    assert independent_wordings(["a", "b", "c"], texts, {frozenset("ab")}) == 2
    assert independent_wordings(["a", "b", "c"], texts, set()) == 3
    assert independent_wordings(["a", "b", "c"], texts, {frozenset("bc")}) == 3


def test_one_shared_phrase_is_not_borrowing_two_are():
    sentences = [
        ("a", 0, "Police said the main road to the plant remains closed to traffic until further notice."),
        ("b", 0, "Officials said the main road to the plant remains closed to traffic, and trains are delayed."),
        ("a", 90, "The company has promised to compensate every family whose home was damaged by the blast."),
        ("b", 95, "Workers were sent home early."),
    ]
    assert borrowing_pairs(sentences) == set()
    sentences[3] = ("b", 95, "It has promised to compensate every family whose home was damaged by the blast.")
    assert borrowing_pairs(sentences) == {frozenset("ab")}


def test_unquoted_pieces_drop_quotations_and_a_quotation_tail():
    assert unquoted_pieces('He said "the water is rising fast" and left.') == ["He said ", " and left."]
    assert unquoted_pieces('rising fast," he said.') == [" he said."]
