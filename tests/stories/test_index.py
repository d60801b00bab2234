"""Incremental story assignment on realistic fictional coverage."""

from __future__ import annotations

import sqlite3

import pytest

from storyfold.dedup import DedupStage
from storyfold.model import stable_id
from storyfold.nlp import parse_articles, parsed_from_bytes, parsed_to_bytes
from storyfold.settings import Settings
from storyfold.stories import DedupIndex, MemoryIndexBackend, SqliteIndexBackend, StoryIndex
from tests.conftest import make_article

QUAKE_A = [
    ("A magnitude 6.4 earthquake struck near Tarvina in northern Keldor on Monday, killing at least 37 people "
     "and collapsing the old market hall, the Keldor civil protection agency said. Rescue teams from Vessa dug "
     "through rubble overnight as aftershocks shook Tarvina.", "Quake kills 37 in Tarvina", "2026-03-02"),
    ("The death toll from Monday's 6.4 quake in Tarvina rose to 41, Keldor's civil protection agency said on "
     "Tuesday. Mayor Irena Dovic said the market hall of Tarvina was lost and asked Vessa for more rescue teams "
     "and tents.", "Tarvina quake toll rises to 41", "2026-03-03"),
    ("Survivors of the Tarvina earthquake queued for water on Thursday as Keldor opened three camps. Mayor Irena "
     "Dovic said 41 people died in the magnitude 6.4 quake and that rebuilding the market hall would take years.",
     "Tarvina survivors queue for water", "2026-03-05"),
]
QUAKE_B = [
    ("A magnitude 5.1 earthquake hit the coastal city of Porto Lenne in southern Marisca on Saturday, injuring "
     "12 people and cracking the harbour wall, Marisca's seismic institute said. Rescue teams searched the "
     "rubble of two houses.", "Quake injures 12 in Porto Lenne", "2026-04-18"),
    ("Porto Lenne began repairs of its harbour wall on Sunday after the 5.1 quake that injured 12 people, Governor "
     "Tomas Arrieta of Marisca said, adding that rescue teams had finished searching the rubble.",
     "Porto Lenne repairs harbour after quake", "2026-04-19"),
]
CLAIMS = [
    ("Initial claims for state unemployment benefits in Norland fell by 14,000 to 212,000 in the week ended "
     "January 10, the Norland Labour Ministry said on Thursday. Economists had expected 225,000 claims.",
     "Norland jobless claims fall to 212,000", "2026-01-15"),
    ("Initial claims for state unemployment benefits in Norland rose by 19,000 to 231,000 in the week ended "
     "January 17, the Norland Labour Ministry said on Thursday. Economists had expected 218,000 claims.",
     "Norland jobless claims rise to 231,000", "2026-01-22"),
]


def articles(rows, prefix):
    return [make_article(text, title=title, published=day, source=f"{prefix}-{n}.txt", outlet=f"Outlet {n}")
            for n, (text, title, day) in enumerate(rows)]


@pytest.fixture(scope="module")
def coverage():
    quake_a, quake_b, claims = articles(QUAKE_A, "qa"), articles(QUAKE_B, "qb"), articles(CLAIMS, "jc")
    return quake_a, quake_b, claims


def add_all(index, items):
    return [index.add(a, None) for a in items]


def test_two_earthquakes_are_two_stories_and_the_follow_up_joins(coverage):
    quake_a, quake_b, _ = coverage
    index = StoryIndex(MemoryIndexBackend(), Settings())
    first, *_ = add_all(index, [quake_a[0], quake_b[0], quake_a[1], quake_b[1], quake_a[2]])
    assert first.created
    assert index.members(first.story_id) == [a.id for a in quake_a]
    assert index.story_of(quake_b[0].id) == index.story_of(quake_b[1].id) != first.story_id


def test_weekly_reports_with_different_figures_stay_apart(coverage):
    _, _, claims = coverage
    index = StoryIndex(MemoryIndexBackend(), Settings())
    one, two = add_all(index, claims)
    assert one.created and two.created
    assert one.story_id != two.story_id


def test_story_id_comes_from_the_founding_article(coverage):
    quake_a, _, _ = coverage
    index = StoryIndex(MemoryIndexBackend(), Settings())
    assert index.add(quake_a[0]).story_id == "s" + stable_id(quake_a[0].id, length=10)
    assert index.add(quake_a[0]).created is False  # idempotent


def test_article_linking_two_stories_merges_them_older_id_survives(coverage):
    quake_a, _, _ = coverage
    index = StoryIndex(MemoryIndexBackend(), Settings())
    older = index.add(quake_a[0]).story_id
    # force two stories of one event (as if the second came in before any link existed)
    import storyfold.stories.index as module

    saved = module.JOIN_THRESHOLD
    module.JOIN_THRESHOLD = 2.0
    try:
        newer = index.add(quake_a[1]).story_id
    finally:
        module.JOIN_THRESHOLD = saved
    assert newer != older
    saved_merge = module.MERGE_THRESHOLD
    module.MERGE_THRESHOLD = 0.0
    try:
        bridge = index.add(quake_a[2])
    finally:
        module.MERGE_THRESHOLD = saved_merge
    assert bridge.story_id == older and bridge.merged == [newer]
    assert index.resolve(newer) == older
    assert set(index.members(older)) == {a.id for a in quake_a}


def test_remove_shrinks_then_drops_the_story(coverage):
    _, quake_b, _ = coverage
    index = StoryIndex(MemoryIndexBackend(), Settings())
    sid = index.add(quake_b[0]).story_id
    index.add(quake_b[1])
    assert index.remove(quake_b[1].id) == [sid]
    assert index.members(sid) == [quake_b[0].id]
    assert index.remove(quake_b[0].id) == [sid]
    assert index.resolve(sid) is None and index.story_of(quake_b[0].id) is None
    assert index.remove("no-such-article") == []


def test_sqlite_backend_round_trip_and_never_commits(coverage):
    quake_a, quake_b, claims = coverage
    conn = sqlite3.connect(":memory:")
    for statement in SqliteIndexBackend.SCHEMA:
        conn.execute(statement)
    conn.commit()
    assert {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {
        "idx_record", "idx_posting", "idx_counter", "dup_record", "dup_posting", "dup_counter"}
    everything = [*quake_a, *quake_b, *claims]
    memory = StoryIndex(MemoryIndexBackend(), Settings())
    stored = StoryIndex(SqliteIndexBackend(conn), Settings())
    for article in everything:
        assert memory.add(article).story_id == stored.add(article).story_id
    assert conn.in_transaction  # the caller's transaction holds every write
    reopened = StoryIndex(SqliteIndexBackend(conn), Settings())
    assert reopened.members(reopened.story_of(quake_a[0].id)) == memory.members(memory.story_of(quake_a[0].id))
    conn.rollback()
    assert StoryIndex(SqliteIndexBackend(conn), Settings()).story_of(quake_a[0].id) is None


def test_dedup_index_agrees_with_the_batch_stage(coverage):
    quake_a, _, claims = coverage
    original = quake_a[0]
    copy = make_article(original.text + " The agency said more aftershocks were likely.", title="Copy",
                        source="wire-copy.txt", outlet="Wire Daily", published="2026-03-03")
    exact = make_article(original.text, source="exact.txt", outlet="Mirror", published="2026-03-03")
    batch = [original, copy, exact, *claims]
    DedupStage(Settings()).apply([*batch], [])
    expected = [(a.duplicate_of, a.duplicate_reason) for a in batch]
    index = DedupIndex(MemoryIndexBackend(), Settings())
    assert [index.add(a) for a in batch] == expected
    assert expected[1][0] == original.id and expected[2][0] == original.id and expected[3] == (None, None)
    index.remove(copy.id)
    assert index.add(copy) == expected[1]


def test_parsed_bytes_round_trip(test_settings):
    article = make_article("Mayor Irena Dovic said on Tuesday that 41 people died in Tarvina. Rescue teams left.")
    parsed = parse_articles([article], test_settings)[article.id]
    data = parsed_to_bytes(parsed)
    back = parsed_from_bytes(data)
    assert back.nlp == parsed.nlp and back.tokens == parsed.tokens
    with pytest.raises(ValueError):
        parsed_from_bytes(b"\x09" + data[1:])


def test_parse_articles_uses_the_given_cache(test_settings):
    article = make_article("Governor Tomas Arrieta of Marisca visited Porto Lenne on Sunday.")

    class Cache:
        def __init__(self):
            self.stored = {}

        def get(self, a):
            return self.stored.get(a.id)

        def put(self, a, parsed):
            self.stored[a.id] = parsed_to_bytes(parsed)
            self.stored[a.id] = parsed_from_bytes(self.stored[a.id])

    cache = Cache()
    first = parse_articles([article], test_settings, cache=cache)
    assert article.id in cache.stored
    again = parse_articles([article], test_settings, cache=cache)
    assert again[article.id].tokens == first[article.id].tokens


@pytest.mark.slow
def test_incremental_agrees_with_batch_on_the_sample_corpus(test_settings):
    """Pairwise agreement of incremental (shuffled order) and batch stories on samples/corpus."""
    import random

    from storyfold.api import load_articles
    from storyfold.cluster import cluster_stories
    from tests.conftest import SAMPLES

    analysis = load_articles([str(SAMPLES / "corpus")], test_settings)
    items = list(analysis.articles)
    parsed = parse_articles(items, test_settings)
    batch = {a.id: n for n, g in enumerate(cluster_stories(items, parsed, test_settings)) for a in g.articles}
    index = StoryIndex(MemoryIndexBackend(), test_settings)
    for article in random.Random(3).sample(items, len(items)):
        index.add(article, parsed[article.id])
    pairs = [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]
    agree = sum((batch[a.id] == batch[b.id]) == (index.story_of(a.id) == index.story_of(b.id)) for a, b in pairs)
    assert agree / len(pairs) >= 0.9
