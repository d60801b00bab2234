"""Grouping from compact records (what the Spark engine collects) is grouping from the articles themselves."""

from __future__ import annotations

import pickle

import pytest

from storyfold.cluster import cluster_record, cluster_stories, group_records
from storyfold.nlp import parse_articles
from tests.test_cluster import BRIDGE, COUNCIL, ORVANA, TESSARA, build


@pytest.fixture(scope="module")
def corpus(test_settings):
    articles = build(ORVANA + TESSARA + COUNCIL + [BRIDGE])
    return articles, parse_articles(articles, test_settings), test_settings


def test_records_group_as_the_articles_do_after_a_trip_through_pickle(corpus) -> None:
    articles, parsed, settings = corpus
    shipped = pickle.loads(pickle.dumps([cluster_record(a, parsed[a.id]) for a in reversed(articles)]))
    from_records = group_records(shipped, settings)
    from_articles = cluster_stories(articles, parsed, settings)
    assert len(from_articles) >= 3, "two quakes and a council vote"
    assert [[shipped[i].article_id for i in g.members] for g in from_records] == \
        [[a.id for a in g.articles] for g in from_articles]
    assert [g.title for g in from_records] == [g.title for g in from_articles]


def test_a_record_is_a_fraction_of_the_article_with_its_parse(corpus) -> None:
    articles, parsed, _ = corpus
    for article in articles:
        record = cluster_record(article, parsed[article.id])
        assert len(pickle.dumps(record)) < len(pickle.dumps((article, parsed[article.id]))) / 2
        assert sum(record.body_terms.values()) > 10 and "earthquake" not in record.entities


def test_background_counts_change_only_the_word_weights(corpus) -> None:
    articles, parsed, settings = corpus
    records = [cluster_record(a, parsed[a.id]) for a in articles]
    background = [cluster_record(a, None).body_terms for a in build(COUNCIL * 3)]
    with_background = group_records(records, settings, background)
    assert all(max(g.members) < len(records) for g in with_background)
    assert [[records[i].article_id for i in g.members] for g in with_background] == \
        [[a.id for a in g.articles]
         for g in cluster_stories(articles, parsed, settings, [a.text for a in build(COUNCIL * 3)])]
