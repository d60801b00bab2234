"""Time-blocked story grouping (what the Spark engine runs on its executors), checked in one process."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from storyfold.api import load_articles
from storyfold.cluster import ClusterRecord, cluster_record, group_records
from storyfold.engines.time_blocks import (
    BlockPlan,
    block_links,
    group_in_blocks,
    plan_blocks,
    record_blocks,
)
from storyfold.settings import Settings
from tests.engines.spark_blocks_corpus import WINDOW_DAYS, coverage_articles, expected_stories

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "corpus"


def rows_of(articles) -> list[tuple[tuple[int, int], ClusterRecord]]:
    return [((0, n), cluster_record(article, None)) for n, article in enumerate(articles)]


def local_grouping(rows) -> list[tuple[str, list[str]]]:
    records = [record for _, record in rows]
    return [(group.title, [records[i].article_id for i in group.members]) for group in group_records(records)]


def test_the_coverage_is_grouped_right_by_the_local_engine() -> None:
    """The fixture is a fair test: grouped at once, each event is its own story (the bridges stay apart)."""
    assert {frozenset(ids) for _, ids in local_grouping(rows_of(coverage_articles()))} == expected_stories()


def test_blocks_cut_every_event_and_the_stitch_rejoins_each_one() -> None:
    rows = rows_of(coverage_articles())
    settings = Settings(spark_block_days=WINDOW_DAYS)
    days = [record.day for _, record in rows]
    plan = plan_blocks(len(days), min(days), max(days), 0, settings)
    homes = {record.article_id: next(block for block, home in record_blocks(record, None, plan) if home)
             for _, record in rows}
    assert not plan.one_block
    assert homes["valmont-0"] != homes["valmont-1"], "the bridge story crosses a home edge"
    assert len({homes[f"orlan-{n}"] for n in range(7, 12)}) == 5, "the inquiry spans five home blocks"

    stories = group_in_blocks(rows, settings)

    assert {frozenset(ids) for _, ids in stories} == expected_stories()
    title_of = {record.article_id: record.title for _, record in rows}
    assert all(title in {title_of[i] for i in ids} for title, ids in stories)
    assert [len(ids) for _, ids in stories] == sorted((len(ids) for _, ids in stories), reverse=True)


def test_one_window_is_one_block_grouped_exactly_as_the_local_engine() -> None:
    sample = rows_of(load_articles([str(SAMPLES)], Settings(progress=False)).articles)
    assert group_in_blocks(sample, Settings()) == local_grouping(sample)
    coverage = rows_of(coverage_articles())
    assert group_in_blocks(coverage, Settings(spark_block_days=62)) == local_grouping(coverage)


def test_undated_articles_are_blocked_by_reading_order() -> None:
    rows = rows_of(coverage_articles(dated=False))
    settings = Settings(spark_block_days=WINDOW_DAYS, spark_block_undated=4)
    plan = plan_blocks(0, 0.0, 0.0, len(rows), settings)
    assert not plan.one_block
    assert all(len(record_blocks(record, n, plan)) == 2 for n, (_, record) in enumerate(rows))
    assert {frozenset(ids) for _, ids in group_in_blocks(rows, settings)} == expected_stories()


X, Y1, Y2, Z = (("day", 0), 0), (("day", 1), 0), (("day", 1), 1), (("day", 0), 1)


def test_a_home_group_joins_at_most_one_group_of_the_next_block() -> None:
    """Block 1 put one article of X with Y1 and two with Y2, which it kept apart: X joins Y2 only."""
    assert block_links({(X, Y1): 1, (X, Y2): 2}, [X, Y1, Y2]) == [(X, Y2)]


def test_no_join_when_the_block_that_saw_both_sides_kept_them_apart() -> None:
    """Block 1 put X's article with Y1; block 0 saw Y1's article too and grouped it with Z, not X."""
    assert block_links({(X, Y1): 1, (Y1, Z): 1}, [X, Y1, Z]) == []
    assert block_links({(X, Y1): 1, (Y1, X): 1}, [X, Y1, Z]) == [(X, Y1)]


@given(st.floats(min_value=700_000, max_value=800_000), st.floats(min_value=0, max_value=13.9),
       st.integers(min_value=2, max_value=60))
def test_articles_less_than_half_a_window_apart_share_a_block(day: float, gap: float, window: int) -> None:
    plan = BlockPlan(window / 2, 5.0, one_block=False)
    gap = min(gap, window / 2 * 0.999)
    first, second = (record_blocks(_dated(d), None, plan) for d in (day, day + gap))
    assert sum(home for _, home in first) == sum(home for _, home in second) == 1
    assert {block for block, _ in first} & {block for block, _ in second}


def _dated(day: float) -> ClusterRecord:
    return ClusterRecord("a", (False, "", "", "", "a"), {}, {}, [], [], [], day, "t")


ROUNDUP = ("Two bridges closed in one week: Valmont's Orrin Street bridge, where engineers found a 40-centimetre "
           "crack in a steel girder used by 14,000 vehicles a day, and the Sable river rail bridge at Rivermouth, "
           "where flood water scoured a pier under a line used by 9,500 passengers a day. Transport chief Marta "
           "Ilic and the rail operator Lakeline both said repairs would take weeks.")


def test_a_roundup_of_two_events_across_a_block_edge_does_not_chain_them() -> None:
    """One article names both bridge closures, on the day after the edge: it is in two blocks, and neither
    block's reading of it may join the two stories (the local engine keeps them apart too)."""
    from storyfold.model import Article

    articles = coverage_articles()
    day = articles[1].published  # the first day past the Valmont story's home edge
    articles.append(Article(id="roundup", source="roundup.txt", raw=ROUNDUP, text=ROUNDUP, published=day,
                            title="Two bridges closed in a week", outlet="Civic Observer"))
    rows = rows_of(articles)

    def bridge_stories(stories: list[tuple[str, list[str]]]) -> list[set[str]]:
        return [{i.split("-")[0] for i in ids} & {"valmont", "rivermouth"} for _, ids in stories]

    local = local_grouping(rows)
    assert {"valmont", "rivermouth"} not in bridge_stories(local)
    blocked = group_in_blocks(rows, Settings(spark_block_days=WINDOW_DAYS))
    assert {"valmont", "rivermouth"} not in bridge_stories(blocked)
    assert {frozenset(ids) for _, ids in blocked} == {frozenset(ids) for _, ids in local}
