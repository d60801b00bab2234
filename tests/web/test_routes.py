"""Every route of the web UI and the JSON API, in process, over the sample corpus."""

from __future__ import annotations

import re

import pytest

from storyfold.corpus import CorpusReader


def test_the_batch_reader_implements_the_protocol(sample_corpus) -> None:
    assert isinstance(sample_corpus, CorpusReader)


def test_list_page_shows_every_story_with_counts_and_a_coverage_bar(client, sample_analysis) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for story in sample_analysis.stories:
        assert f'href="/stories/{story.id}"' in page.text
    assert page.text.count('<meter class="bar"') == len(sample_analysis.stories)


def test_list_filters_by_outlet_min_sources_and_dates(client, sample_corpus) -> None:
    biggest = max(sample_corpus.list_stories(limit=100), key=lambda r: r["independent_sources"])
    page = client.get("/", params={"min_sources": biggest["independent_sources"]})
    assert f'/stories/{biggest["id"]}"' in page.text
    assert page.text.count('class="story-row"') == sum(
        r["independent_sources"] >= biggest["independent_sources"] for r in sample_corpus.list_stories(limit=100))
    outlet = biggest["outlets"][0]
    rows = client.get("/api/stories", params={"outlet": outlet}).json()["stories"]
    assert rows and all(outlet in r["outlets"] for r in rows)
    late = client.get("/api/stories", params={"since": "2099-01-01"}).json()
    assert late["total"] == 0
    assert client.get("/", params={"since": "not-a-date"}).status_code == 422


def test_search_finds_stories_by_words_of_their_articles(client) -> None:
    data = client.get("/api/search", params={"q": "ammonia"}).json()
    assert data["hits"] and all("\x02" in h["snippet"] for h in data["hits"])
    page = client.get("/", params={"q": "ammonia"})
    assert "<mark>" in page.text.lower() or "<mark>" in page.text
    assert client.get("/api/search", params={"q": "zzqxnotaword"}).json()["hits"] == []


def test_pagination_splits_the_list(sample_corpus) -> None:
    from tests.web.conftest import make_client

    client = make_client(sample_corpus)
    import storyfold.web.stories as stories

    original = stories.PAGE_SIZE
    stories.PAGE_SIZE = 2
    try:
        first, second = client.get("/?page=1").text, client.get("/?page=2").text
    finally:
        stories.PAGE_SIZE = original
    ids = lambda text: set(re.findall(r'data-story="(s\w+)"', text))  # noqa: E731
    assert ids(first) and ids(second) and not ids(first) & ids(second)
    assert 'page=2' in first


def test_story_page_has_every_section(client, sample_analysis) -> None:
    story = max(sample_analysis.stories, key=lambda s: len(s.articles))
    page = client.get(f"/stories/{story.id}").text
    for section in ("summary", "matrix", "discrepancies", "quotes", "timeline", "entities", "outlets", "history"):
        assert f'<section class="{section}"' in page, section
    assert page.count('class="cite"') >= len(story.summary)
    for fact in story.facts[:5]:
        assert f'data-fact="{fact.id}"' in page


def test_coverage_matrix_cells_are_the_facts_sources(client, sample_analysis) -> None:
    story = max(sample_analysis.stories, key=lambda s: len(s.articles))
    page = client.get(f"/stories/{story.id}").text
    for fact in story.facts[:10]:
        row = re.search(rf'<tr data-fact="{fact.id}".*?</tr>', page, re.S).group(0)
        marked = set(re.findall(r'<td class="yes" data-article="(\w+)"', row))
        assert marked == set(fact.sources) & set(story.articles)
        assert ("single source" in row) == (fact.independent_sources < 2)


def test_citations_point_at_the_exact_cited_words(client, sample_analysis) -> None:
    story = sample_analysis.stories[0]
    page = client.get(f"/stories/{story.id}").text
    by_id = {a.id: a for a in sample_analysis.articles}
    cites = re.findall(r'class="cite" data-article="(\w+)" data-start="(\d+)" data-end="(\d+)"', page)
    assert cites
    for article_id, start, end in cites:
        assert by_id[article_id].text[int(start):int(end)].strip()


def test_article_page_shows_text_removed_spans_and_story(client, sample_analysis) -> None:
    article = next(a for a in sample_analysis.articles if a.removed and not a.is_html)
    page = client.get(f"/articles/{article.id}").text
    assert 'id="cleaned-text"' in page
    assert page.count('class="removed-reason"') == len(article.removed)
    story = next(s for s in sample_analysis.stories if article.id in s.articles)
    assert f'href="/stories/{story.id}"' in page


def test_article_page_links_copies_both_ways(client, sample_analysis) -> None:
    copy = next(a for a in sample_analysis.articles if a.duplicate_of)
    assert f'href="/articles/{copy.duplicate_of}"' in client.get(f"/articles/{copy.id}").text
    assert f'href="/articles/{copy.id}"' in client.get(f"/articles/{copy.duplicate_of}").text


def test_api_story_is_the_contract_shape(client, sample_analysis) -> None:
    story = sample_analysis.stories[0]
    data = client.get(f"/api/stories/{story.id}").json()
    assert {"id", "title", "articles", "summary", "facts", "discrepancies", "entities", "quotes", "timeline",
            "exclusives"} <= set(data)
    assert data["articles"] == story.articles
    article = client.get(f"/api/articles/{story.articles[0]}").json()
    assert article["story"] == story.id and "copied_by" in article


@pytest.mark.parametrize("path", ["/stories/nope", "/articles/nope", "/api/stories/nope", "/api/articles/nope"])
def test_unknown_ids_are_404(client, path) -> None:
    assert client.get(path).status_code == 404


def test_outlets_page_and_api(client, sample_analysis) -> None:
    names = {a.outlet for a in sample_analysis.articles if a.outlet}
    page = client.get("/outlets").text
    assert all(name in page for name in names)
    assert {o["name"] for o in client.get("/api/outlets").json()} >= names


def test_docs_page_is_local_and_lists_the_api(client) -> None:
    page = client.get("/docs").text
    assert "/api/stories/{story_id}" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # no asset or link off this server
    schema = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/search"} <= set(
        schema["paths"])


def test_static_assets_ship_in_the_package(client) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")


class _MergedAlias:
    """A reader where story ``sold1`` was merged into ``s1`` (as a store records a merge)."""

    def __init__(self, inner) -> None:
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def resolve_story_id(self, story_id):
        return "s1" if story_id == "sold1" else self._inner.resolve_story_id(story_id)


def test_a_merged_away_story_id_redirects_to_the_survivor(sample_corpus) -> None:
    from tests.web.conftest import make_client

    client = make_client(_MergedAlias(sample_corpus))
    page = client.get("/stories/sold1", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"] == "/stories/s1"
    api = client.get("/api/stories/sold1", follow_redirects=False)
    assert api.status_code == 307 and api.headers["location"] == "/api/stories/s1"
    assert client.get("/api/stories/sold1").json()["id"] == "s1"
