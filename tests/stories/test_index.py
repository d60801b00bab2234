"""Incremental story assignment on realistic fictional coverage."""

from __future__ import annotations

import sqlite3

import pytest

from storyfold.dedup import DedupStage
from storyfold.model import stable_id
from storyfold.nlp import parse_articles, parsed_from_bytes, parsed_to_bytes
from storyfold.settings import Settings
from storyfold.stories import DedupIndex, MemoryIndexBackend, MemorySource, SqliteIndexBackend, StoryIndex
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


def new_index(settings=None, backend=None):
    source = MemorySource()
    return StoryIndex(backend or MemoryIndexBackend(), source, settings or Settings()), source


def add_one(index, source, article, settings=None):
    """Add one article as a store does: it is readable from the source, then indexed."""
    source.put([article], {})
    if settings is not None:
        index.settings = settings
    return index.add([article])


def add_all(index, source, items):
    return [add_one(index, source, a) for a in items]


def test_two_earthquakes_are_two_stories_and_the_follow_up_joins(coverage):
    quake_a, quake_b, _ = coverage
    index, source = new_index()
    first, *_ = add_all(index, source, [quake_a[0], quake_b[0], quake_a[1], quake_b[1], quake_a[2]])
    assert first[0].created
    story = first[0].story_id
    assert sorted(index.members(story)) == sorted(a.id for a in quake_a)
    assert index.story_of(quake_b[0].id) == index.story_of(quake_b[1].id) != story


def test_weekly_reports_with_different_figures_stay_apart(coverage):
    _, _, claims = coverage
    index, source = new_index()
    one, two = add_all(index, source, claims)
    assert one[0].created and two[0].created
    assert index.story_of(claims[0].id) != index.story_of(claims[1].id)


def test_story_id_comes_from_the_founding_article_and_adds_are_idempotent(coverage):
    quake_a, _, _ = coverage
    index, source = new_index()
    (change,) = add_one(index, source, quake_a[0])
    assert change.story_id == "s" + stable_id(quake_a[0].id, length=10) and change.created
    assert add_one(index, source, quake_a[0]) == []


def test_an_article_close_to_two_stories_of_one_event_merges_them_older_id_survives(coverage):
    quake_a, _, _ = coverage
    index, source = new_index()
    strict = Settings(story_similarity_threshold=0.99)  # as if the second report came before any link
    older = add_one(index, source, quake_a[0], strict)[0].story_id
    newer = add_one(index, source, quake_a[1], strict)[0].story_id
    assert newer != older
    changes = add_one(index, source, quake_a[2], Settings())
    assert [(c.story_id, c.merged) for c in changes] == [(older, [newer])]
    assert index.resolve(newer) == older and index.story_of(quake_a[1].id) == older
    assert set(index.members(older)) == {a.id for a in quake_a}


def test_a_stored_story_is_never_split_by_a_later_add(coverage):
    quake_a, quake_b, _ = coverage
    index, source = new_index()
    add_all(index, source, quake_a)
    before = sorted(index.members(index.story_of(quake_a[0].id)))
    add_all(index, source, quake_b)
    assert sorted(index.members(index.story_of(quake_a[0].id))) == before


def test_remove_shrinks_then_drops_the_story(coverage):
    _, quake_b, _ = coverage
    index, source = new_index()
    sid = add_all(index, source, quake_b)[0][0].story_id
    assert [(c.story_id, c.article_ids) for c in index.remove([quake_b[1].id])] == [(sid, [quake_b[0].id])]
    assert [(c.story_id, c.article_ids) for c in index.remove([quake_b[0].id])] == [(sid, [])]
    assert index.resolve(sid) is None and index.story_of(quake_b[0].id) is None
    assert index.remove(["no-such-article"]) == []


def test_sqlite_backend_round_trip_and_never_commits(coverage):
    quake_a, quake_b, claims = coverage
    conn = sqlite3.connect(":memory:")
    for statement in SqliteIndexBackend.SCHEMA:
        conn.execute(statement)
    conn.commit()
    assert {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {
        "idx_record", "idx_posting", "idx_counter", "dup_record", "dup_posting", "dup_counter"}
    everything = [*quake_a, *quake_b, *claims]
    memory, memory_source = new_index()
    stored, stored_source = new_index(backend=SqliteIndexBackend(conn))
    for article in everything:
        assert add_one(memory, memory_source, article) == add_one(stored, stored_source, article)
    assert conn.in_transaction  # the caller's transaction holds every write
    reopened = StoryIndex(SqliteIndexBackend(conn), stored_source, Settings())
    assert reopened.members(reopened.story_of(quake_a[0].id)) == memory.members(memory.story_of(quake_a[0].id))
    conn.rollback()
    assert StoryIndex(SqliteIndexBackend(conn), stored_source, Settings()).story_of(quake_a[0].id) is None


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
    source = MemorySource()
    index = StoryIndex(MemoryIndexBackend(), source, test_settings)
    for article in random.Random(3).sample(items, len(items)):
        source.put([article], parsed)
        index.add([article], parsed)
    pairs = [(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]
    agree = sum((batch[a.id] == batch[b.id]) == (index.story_of(a.id) == index.story_of(b.id)) for a, b in pairs)
    assert agree / len(pairs) >= 0.9


def test_a_merge_takes_the_older_members_beyond_the_region_too(coverage, monkeypatch):
    quake_a, _, _ = coverage
    index, source = new_index()
    strict = Settings(story_similarity_threshold=0.99)
    echo = make_article(quake_a[1].text, title=quake_a[1].title, published=quake_a[1].published,
                        source="qa-echo.txt", outlet="Outlet 9")
    older = add_one(index, source, quake_a[0], strict)[0].story_id
    newer = add_one(index, source, quake_a[1], strict)[0].story_id
    add_one(index, source, echo, Settings(story_similarity_threshold=0.7))  # the echo alone is that close
    assert newer != older and index.story_of(echo.id) == newer
    monkeypatch.setattr("storyfold.stories.index.MAX_REGION_MEMBERS", 1)  # only the echo enters the region
    changes = add_one(index, source, quake_a[2], Settings())
    assert [(c.story_id, c.merged) for c in changes] == [(older, [newer])]
    assert index.story_of(quake_a[1].id) == older and index.resolve(newer) == older
    assert set(index.members(older)) == {a.id for a in quake_a} | {echo.id}
