"""Outlet lenses: parsing the user's outlets file, coverage by attribute, blind spots."""

from __future__ import annotations

import pytest

from storyfold.errors import InputError
from storyfold.lenses import OutletLens, blind_spots, coverage_by_attribute, load_outlets_file, parse_outlets
from storyfold.report.memory import AnalysisCorpus

OUTLETS_CSV = """name,domain,country,lean
Daily Courant,dailycourant.example,Norland,left
Rivertown Gazette,,Norland,left
,meridianpost.example,Ostmark,right
The Northern Ledger,,Ostmark,centre
"""


def test_csv_rows_by_name_or_domain_with_any_attributes() -> None:
    rows = parse_outlets(OUTLETS_CSV)
    assert rows[0] == {"name": "Daily Courant", "domain": "dailycourant.example",
                       "attributes": {"country": "Norland", "lean": "left"}}
    assert rows[2]["name"] == "meridianpost.example" and rows[2]["attributes"]["lean"] == "right"


def test_json_list_or_object_and_semicolon_csv() -> None:
    rows = parse_outlets('{"outlets": [{"outlet": "Valley Post", "site": "https://www.valleypost.example/",'
                         ' "owner": "co-op"}]}')
    assert rows == [{"name": "Valley Post", "domain": "valleypost.example", "attributes": {"owner": "co-op"}}]
    assert parse_outlets("name;lean\nA;left\n")[0]["attributes"] == {"lean": "left"}


@pytest.mark.parametrize("text, words", [("", "empty"), ("name,lean\n,left\n", "row 1"),
                                         ("[1, 2]", "list of objects"), ("{bad json", "invalid JSON")])
def test_bad_outlets_files_say_what_is_wrong(text, words, tmp_path) -> None:
    path = tmp_path / "outlets.csv"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError, match=words) as error:
        load_outlets_file(path)
    assert str(path) in str(error.value)


def test_coverage_counts_independent_sources_per_value(sample_analysis) -> None:
    corpus = AnalysisCorpus(sample_analysis)
    corpus.set_outlets(parse_outlets(OUTLETS_CSV))
    story = max(sample_analysis.stories, key=lambda s: len(s.articles))
    articles = corpus.story_articles(story.id)
    coverage = coverage_by_attribute(corpus.get_story(story.id), articles, OutletLens(corpus.outlets()))
    independent = len({a["duplicate_of"] or a["id"] for a in articles})
    assert sum(v["sources"] for v in coverage["lean"].values()) == independent
    # Daily Courant and Rivertown Gazette are one wire group in the sample (one copies the other): left counts 1
    courant = {a["id"] for a in articles if a["outlet"] in ("Daily Courant", "Rivertown Gazette")}
    groups = {next(a for a in articles if a["id"] == i)["duplicate_of"] or i for i in courant}
    assert coverage["lean"]["left"]["sources"] == len(groups)
    fact = story.facts[0]
    assert coverage["lean"]["left"]["facts"][fact.id] <= coverage["lean"]["left"]["sources"]


def test_blind_spots_are_stories_one_group_covers_and_the_other_ignores(sample_corpus) -> None:
    lens = OutletLens(parse_outlets(OUTLETS_CSV))
    rows = sample_corpus.list_stories(limit=100)
    spots = blind_spots(rows, lens, ("lean", "left"), ("lean", "right"))
    for row in rows:
        lean = {lens.attributes_of_name(o).get("lean") for o in row["outlets"]}
        assert (row in spots) == ("left" in lean and "right" not in lean)


def test_story_page_and_list_show_lenses(sample_analysis) -> None:
    from tests.web.conftest import make_client

    corpus = AnalysisCorpus(sample_analysis)
    corpus.set_outlets(parse_outlets(OUTLETS_CSV))
    client = make_client(corpus)
    story = max(sample_analysis.stories, key=lambda s: len(s.articles))
    page = client.get(f"/stories/{story.id}").text
    assert 'data-attribute="lean"' in page and 'data-value="left"' in page
    data = client.get("/api/stories", params={"covered": "lean=right", "ignored": "lean=left"}).json()
    assert all("Meridian Post" in r["outlets"] for r in data["stories"])
