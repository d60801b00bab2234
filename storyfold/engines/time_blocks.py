"""Story grouping in overlapping time blocks: each block grouped by the local clustering code, stitched by ids.

Grouping compares articles pairwise, so over a whole archive it is n² scores and every article's counts in
one process.  Coverage of one event, though, runs for days, not years: the Spark engine groups each window
of ``spark_block_days`` days of publication on its own (a task, with :func:`storyfold.cluster.group_records`,
the very code the local engine runs), and the driver only joins the blocks' groups by article ids.

Blocks overlap by half: with a stride S of half a window, block ``b`` holds the days ``[b*S, b*S + 2S)``, so
every article is in two blocks and any two articles less than S days apart share one.  Each article has a
*home* block, the one whose central half holds its day; the blocks' groups cut down to their home members
("home groups") partition the corpus.  A story that crosses from one home to the next is seen by both
blocks that overlap there; its home groups on either side are joined when each is the other's strongest
partner and neither block contradicts the join (see :func:`block_links`).  So a story holds at most one home
group per block: the stitch never joins two events that a block, with the average linkage that keeps one
article from chaining two events, kept apart.  Joins follow each other, so coverage that runs on for weeks
is still one story.

Each block also weighs its words by a fixed sample of the corpus's word counts (``BACKGROUND_ARTICLES``):
on its own, one month sees its events' words as rarer than the whole corpus does.

Undated articles have no day to block by: they are blocked the same way on their rank in reading order
(blocks of at most ``spark_block_undated`` articles), and never meet dated articles once the corpus needs
more than one block.  A corpus whose dates fit one window and whose undated articles fit one block is one
block: exactly the local grouping.

Everything here is plain Python: the Spark engine runs these functions in its tasks and on the driver, and
:func:`group_in_blocks` runs them in one process (the reference the tests compare the engine with).
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from storyfold.cluster import ClusterRecord, group_records
from storyfold.settings import Settings

BlockKey = tuple[str, int]  # (axis, block number): axis "day", "undated", or "all" for the one-block case
GroupKey = tuple[BlockKey, int]  # (block, the group's number within its block)
ONE_BLOCK: BlockKey = ("all", 0)
# Articles from across the corpus whose word counts every block also weighs its words by (as background):
# a block of one month sees its events' words as rarer than the corpus does, and splits stories the whole
# corpus keeps together (on the benchmark corpus, 2,000 articles in 28-day windows: 465 stories against the
# global 439 without background, 442 with it).  Bounded, so the broadcast stays a few MB at any corpus size.
BACKGROUND_ARTICLES = 2000
Background = Sequence[tuple[str, dict[str, int]]]  # (article id, body word counts)


@dataclass(frozen=True, slots=True)
class BlockPlan:
    """How records are blocked: the strides (half a window) of both axes, or one block for everything."""

    day_stride: float
    undated_stride: float
    one_block: bool

    @property
    def windows(self) -> tuple[float, float]:
        return 2 * self.day_stride, 2 * self.undated_stride


@dataclass(frozen=True, slots=True)
class HomeGroup:
    """One block's group cut down to its home members: what the driver stitches (ids and a title, no counts)."""

    key: GroupKey
    size: int  # home members
    first: tuple  # order key of the first home member (stories are ordered by it, as the local engine does)
    title: str  # the block group's title (its most central article's)


@dataclass(frozen=True, slots=True)
class Membership:
    """An article in one block's group; ``order_key`` only on the home membership (positions need it)."""

    article_id: str
    group: GroupKey
    home: bool
    order_key: tuple | None


def plan_blocks(dated: int, first_day: float, last_day: float, undated: int, settings: Settings) -> BlockPlan:
    """One block when the dates fit one window and the undated articles one block (or the window is 0: the
    whole corpus at once); else overlapping blocks."""
    window, undated_block = settings.spark_block_days, settings.spark_block_undated
    one = not window or ((dated == 0 or last_day - first_day < window) and undated <= undated_block)
    return BlockPlan(window / 2, undated_block / 2, one)


def record_blocks(record: ClusterRecord, undated_rank: int | None, plan: BlockPlan) -> list[tuple[BlockKey, bool]]:
    """The blocks a record is grouped in, each with whether it is the record's home block.

    ``undated_rank``: the record's position among the undated records in reading order (None when dated).
    """
    if plan.one_block:
        return [(ONE_BLOCK, True)]
    if math.isnan(record.day):
        axis, position, stride = "undated", float(undated_rank or 0), plan.undated_stride
    else:
        axis, position, stride = "day", record.day, plan.day_stride
    later = math.floor(position / stride)  # the block that starts in this stride; the one before also holds it
    home = later if position - later * stride >= stride / 2 else later - 1
    return [((axis, later - 1), home == later - 1), ((axis, later), home == later)]


def in_background(article_id: str, articles: int) -> bool:
    """Whether the article is in the background sample: a stable hash of its id, so every engine run and
    every task picks the same articles (about BACKGROUND_ARTICLES of ``articles``)."""
    digest = int.from_bytes(hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).digest(), "big")
    return digest < (BACKGROUND_ARTICLES / max(articles, 1)) * 2**64


def group_block(block: BlockKey, members: Iterable[tuple[ClusterRecord, bool]], settings: Settings,
                background: Background = ()) -> Iterator[HomeGroup | Membership]:
    """Group one block with the local clustering code; yield its home groups and every membership.

    ``background``: word counts of articles from across the corpus (the block's own are left out, so none
    counts twice) that set the word weights as the whole corpus would.
    """
    rows = sorted(members, key=lambda member: member[0].order_key)
    records = [record for record, _ in rows]
    own = {record.article_id for record in records}
    weights = [terms for article_id, terms in background if article_id not in own]
    for number, group in enumerate(group_records(records, settings, weights)):
        key = (block, number)
        home = [records[i] for i in group.members if rows[i][1]]  # members come in reading order
        if home:
            yield HomeGroup(key, len(home), home[0].order_key, group.title)
        for i in group.members:
            record, is_home = rows[i]
            yield Membership(record.article_id, key, is_home, record.order_key if is_home else None)


def block_links(counts: Mapping[tuple[GroupKey, GroupKey], int], homes: Iterable[GroupKey]
                ) -> list[tuple[GroupKey, GroupKey]]:
    """Pairs of home groups of adjacent blocks to join into one story.

    ``counts``: (home group X of an article, the group the article's other block put it in) -> how many of
    X's articles it put there.  X and a home group Y of the other block are joined when each is the other's
    strongest partner (most articles placed across, ties to the first key) and neither block contradicts it:
    each block put the other's articles with its own group, or never saw them.  So a story holds at most one
    home group per block, and the stitch never joins what a block that saw both sides kept apart.
    """
    homes = set(homes)
    seen = {(home, group[0]) for home, group in counts}  # home group, a block that saw some of its articles
    score: dict[tuple[GroupKey, GroupKey], int] = {}
    for (home, group), placed in counts.items():
        if group in homes:
            pair = (min(home, group), max(home, group))
            score[pair] = score.get(pair, 0) + placed
    best: dict[tuple[GroupKey, BlockKey], tuple[int, GroupKey]] = {}
    for (left, right), total in score.items():
        for me, other in ((left, right), (right, left)):
            slot = (me, other[0])
            best[slot] = min(best.get(slot, (0, other)), (-total, other))

    def agreed(left: GroupKey, right: GroupKey) -> bool:
        return all((me, other) in counts or (me, other[0]) not in seen for me, other in ((left, right), (right, left)))

    return sorted((left, right) for left, right in score
                  if best[(left, right[0])][1] == right and best[(right, left[0])][1] == left and agreed(left, right))


def stitch_stories(groups: Sequence[HomeGroup], links: Iterable[tuple[GroupKey, GroupKey]]
                   ) -> tuple[dict[GroupKey, int], list[str]]:
    """Stories from the home groups joined by links: each home group's story number (from 1) and the titles.

    Stories are ordered as the local engine orders them (largest first, then by their first article); a
    story of several home groups takes the title of its largest (the earliest of equal ones).
    """
    parent = {group.key: group.key for group in groups}

    def root(key: GroupKey) -> GroupKey:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for left, right in links:
        if left in parent and right in parent:
            parent[root(left)] = root(right)
    parts: dict[GroupKey, list[HomeGroup]] = {}
    for group in groups:
        parts.setdefault(root(group.key), []).append(group)
    stories = sorted(parts.values(), key=lambda part: (-sum(g.size for g in part), min(g.first for g in part)))
    number_of = {group.key: number for number, part in enumerate(stories, start=1) for group in part}
    titles = [min(part, key=lambda g: (-g.size, g.first)).title for part in stories]
    return number_of, titles


def story_positions(story: tuple[int, Iterable[tuple[tuple, str]]]) -> Iterator[tuple[str, tuple[int, int]]]:
    """(article id, (story number, position)) for one story's (order key, article id) members."""
    number, members = story
    for position, (_, article_id) in enumerate(sorted(members)):
        yield article_id, (number, position)


def group_in_blocks(rows: Sequence[tuple[tuple[int, int], ClusterRecord]], settings: Settings
                    ) -> list[tuple[str, list[str]]]:
    """The blocked grouping in one process: (title, article ids in order) per story, in story order.

    ``rows``: (reading order, record) per article.  The Spark engine runs the same steps as tasks.
    """
    dated = [record.day for _, record in rows if not math.isnan(record.day)]
    undated = sorted(((order, record) for order, record in rows if math.isnan(record.day)), key=lambda row: row[0])
    plan = plan_blocks(len(dated), min(dated, default=0.0), max(dated, default=0.0), len(undated), settings)
    rank = {record.article_id: n for n, (_, record) in enumerate(undated)}
    blocks: dict[BlockKey, list[tuple[ClusterRecord, bool]]] = {}
    for _, record in rows:
        for block, home in record_blocks(record, rank.get(record.article_id), plan):
            blocks.setdefault(block, []).append((record, home))
    background = [] if plan.one_block else [(record.article_id, record.body_terms) for _, record in rows
                                            if in_background(record.article_id, len(rows))]
    out = [row for block, members in blocks.items() for row in group_block(block, members, settings, background)]
    groups = [row for row in out if isinstance(row, HomeGroup)]
    members = [row for row in out if isinstance(row, Membership)]
    home_of = {m.article_id: m.group for m in members if m.home}
    counts = Counter((home_of[m.article_id], m.group) for m in members if not m.home)
    number_of, titles = stitch_stories(groups, block_links(counts, (g.key for g in groups)))
    by_story: dict[int, list[tuple[tuple, str]]] = {}
    for m in members:
        if m.home:
            by_story.setdefault(number_of[m.group], []).append((m.order_key, m.article_id))
    placed = dict(pair for number in by_story.items() for pair in story_positions(number))
    stories: list[list[str]] = [[] for _ in titles]
    for article_id, (number, _) in sorted(placed.items(), key=lambda item: item[1]):
        stories[number - 1].append(article_id)
    return list(zip(titles, stories, strict=True))
