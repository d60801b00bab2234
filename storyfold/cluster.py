"""Group articles into stories: one real-world event per group.

Two articles belong together when they describe the same event, which shows in
more than shared vocabulary: two earthquakes share "magnitude", "rubble" and
"rescue teams", but not the place names, the death toll or the week.  So the
similarity of two articles is a weighted sum of three cosines, each on sparse
TF-IDF vectors (rare terms weigh most):

* text: words of the whole text plus, weighted up, the title and lead (the
  lead names the event; later paragraphs drift into background),
* entities: the named people, places and organisations spaCy found,
* numbers: the figures the article states (tolls, magnitudes, amounts),

damped when both publication dates are known and far apart.

Linking is average-linkage agglomerative clustering cut at
``settings.story_similarity_threshold``: a group must be similar *on average*,
so one article that mentions two events cannot chain them into one story.
Because an average above the threshold needs at least one pair above it, the
clusters lie inside the connected components of the thresholded similarity
graph; those components are the blocks, computed with chunked sparse products,
and the dense linkage only ever runs inside one block.

Grouping reads articles only through a :class:`ClusterRecord` each (word counts, entity keys, figures,
day, title candidate): an engine whose articles live on other machines (Spark) collects those records
alone and calls :func:`group_records`; :func:`cluster_stories` goes through the same records, so both
group alike by construction.

Why the default threshold is 0.15: on ECB+ (benchmarks/clustering.py) B-cubed F1
is flat, 0.88-0.89, from 0.15 to 0.20; coverage from several angles (a follow-up,
an explainer) averages near 0.2 with the breaking reports, so the low end of the
plateau keeps it together, and real publication dates (which ECB+ lacks) damp
the unrelated pairs that a lower threshold would otherwise let in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from unidecode import unidecode

from storyfold.dates import parse_iso_date
from storyfold.model import Article
from storyfold.nlp import ParsedArticle
from storyfold.settings import Settings

# Weights of the three cosines (sum 1), tuned on ECB+ with benchmarks/clustering.py: the
# text carries most; entities add precision between twin events; figures are sparse and
# noisy (ages, counts) so they only tip close calls.
TEXT_WEIGHT = 0.75
ENTITY_WEIGHT = 0.2
NUMBER_WEIGHT = 0.05
# Distinct entities from which an article's entity cosine counts in full; below, it counts
# names / ENTITY_EVIDENCE (per side) and the text cosine the rest: a short lead naming one senator
# shares a topic, not an event, with another lead naming him (B-cubed F1: NeuS leads 0.787 -> 0.824,
# ECB+ 0.889 -> 0.893).
ENTITY_EVIDENCE = 8.0
# The title and first sentences say which event this is; count them this many times over the body
# (ECB+ B-cubed F1 rises from 0.85 with no lead weight to 0.89 at 3, flat beyond).
LEAD_WEIGHT = 3.0
LEAD_SENTENCES = 3
LEAD_CHARS = 600  # lead when an article has no sentence split
# Entity types that name an event's who and where; dates and counts are handled as numbers.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
# Coverage of one event runs for days; beyond this gap the similarity decays ...
DATE_GRACE_DAYS = 3
DATE_DECAY_DAYS = 7.0
# ... but never below this share: a follow-up weeks later can still be the same story.
DATE_FLOOR = 0.4
# Figures each lead must state before their disagreement counts (one stray age is no conflict), and the
# damping of a pair whose key figures share nothing (another week's report, another quake): strong, because
# a template-identical weekly report otherwise scores like a follow-up.
MIN_KEY_FIGURES = 2
CONFLICT_FACTOR = 0.25
# Rows per block of the sparse similarity product: bounds memory at CHUNK_ROWS x n.
CHUNK_ROWS = 2000
# Largest block given to the dense average linkage (its distance matrix is the block's square: 2,000
# articles are 32 MB and well under a second); a larger connected block is cut with stronger links
# first (see _linkage_blocks), in steps of LINK_STEP.
MAX_LINKAGE_BLOCK = 2000
LINK_STEP = 0.05
# Distinctive figures: decimals and numbers of two or more digits, not years (every story has those).
_NUMBER = re.compile(r"(?<![\w.])(?!(?:19|20)\d\d\b)\d{2,}(?:[.,]\d+)*|(?<![\w.])\d+[.,]\d+")
_ENTITY_NOISE = re.compile(r"^(the|a|an)\s+|['’]s$")


@dataclass
class StoryGroup:
    """Articles of one story, in a stable order, and the story's title."""

    articles: list[Article] = field(default_factory=list)
    title: str = ""


def cluster_stories(
    articles: list[Article], parsed: dict[str, ParsedArticle], settings: Settings | None = None,
    background: Sequence[str] = (),
) -> list[StoryGroup]:
    """Group ``articles`` into stories, largest first; deterministic for the same input.

    ``background``: texts of other articles that only set the word weights (see ``article_features``).
    """
    records = [cluster_record(article, parsed.get(article.id)) for article in articles]
    groups = group_records(records, settings, [_term_counts(text) for text in background])
    return [StoryGroup([articles[i] for i in group.members], group.title) for group in groups]


@dataclass(slots=True)
class ClusterRecord:
    """What grouping needs of one article: a few kilobytes of counts and keys, not its page or parse."""

    article_id: str
    order_key: tuple  # _article_key: published, outlet, source, id
    body_terms: dict[str, int]  # word counts of the text, tokenised as the TF-IDF vectoriser does
    lead_terms: dict[str, int]  # the same for the title and lead
    entities: list[str]  # _entity_keys
    figures: list[str]  # _NUMBER matches of the text
    lead_figures: list[str]  # _NUMBER matches of the title and lead
    day: float  # _day: NaN when unknown
    title: str  # story_title: the story's title when this article is the most central


@dataclass(slots=True)
class RecordGroup:
    """One story as :func:`group_records` finds it: positions in the given records, and its title."""

    members: list[int]
    title: str


def cluster_record(article: Article, parsed: ParsedArticle | None) -> ClusterRecord:
    """The article's :class:`ClusterRecord` (cheap: run it where the article and its parse are)."""
    lead = _lead(article, parsed)
    return ClusterRecord(article.id, _article_key(article), _term_counts(article.text), _term_counts(lead),
                         _entity_keys(parsed), _NUMBER.findall(article.text), _NUMBER.findall(lead),
                         _day(article.published), story_title(article, parsed))


def group_records(
    records: Sequence[ClusterRecord], settings: Settings | None = None,
    background: Sequence[dict[str, int]] = (),
) -> list[RecordGroup]:
    """:func:`cluster_stories` on records: groups largest first, members in a stable order.

    ``background``: word counts (``cluster_record(...).body_terms``) of texts that only set the word weights.
    """
    settings = settings or Settings()
    if not records:
        return []
    order = sorted(range(len(records)), key=lambda i: records[i].order_key)
    ordered = [records[i] for i in order]
    features = record_features(ordered, background)
    labels = _cluster(features, ordered, settings.story_similarity_threshold)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(label, []).append(index)
    stories = [RecordGroup([order[i] for i in members], _central_title(members, ordered, features))
               for members in groups.values()]
    return sorted(stories, key=lambda g: (-len(g.members), records[g.members[0]].order_key))


@dataclass(slots=True)
class Features:
    """Row-normalised sparse feature matrices, one row per article, plus day numbers."""

    text: csr_matrix
    entities: csr_matrix
    numbers: csr_matrix
    days: np.ndarray  # publication day ordinal, NaN when unknown
    key_figures: csr_matrix  # binary: figures of the title and lead (the event's key figures)
    all_figures: csr_matrix  # binary: every figure of the article, same columns

    def rows(self, index: np.ndarray | slice) -> Features:
        return Features(self.text[index], self.entities[index], self.numbers[index], self.days[index],
                        self.key_figures[index], self.all_figures[index])


def article_features(
    articles: list[Article], parsed: dict[str, ParsedArticle], background: Sequence[str] = ()
) -> Features:
    """The three TF-IDF views of every article (see the module docstring).

    ``background``: texts of other articles that only inform the word weights.  The incremental
    index clusters a small region of related articles, where every topic word looks rare; recent
    stored articles give the words their corpus-wide weight back.
    """
    return record_features([cluster_record(a, parsed.get(a.id)) for a in articles],
                           [_term_counts(text) for text in background])


def record_features(records: Sequence[ClusterRecord], background: Sequence[dict[str, int]] = ()) -> Features:
    """:func:`article_features` from records; ``background``: word counts that only inform the weights."""
    bodies = [r.body_terms for r in records]
    leads = [r.lead_terms for r in records]
    words = _vectorizer(analyzer=_counted_terms).fit(bodies + leads + list(background))
    text = normalize(words.transform(bodies) + LEAD_WEIGHT * words.transform(leads))
    entities = _tfidf([r.entities for r in records])
    numbers = _tfidf([r.figures for r in records])
    days = np.array([r.day for r in records], dtype=float)
    key_figures, all_figures = _figure_sets([r.lead_figures for r in records], [r.figures for r in records])
    return Features(csr_matrix(text), entities, numbers, days, key_figures, all_figures)


@lru_cache(maxsize=1)
def _word_analyzer() -> Callable[[str], list[str]]:
    """The word vectoriser's own tokeniser (lower case, its token pattern, English stop words)."""
    return _vectorizer(stop_words="english").build_analyzer()


def _term_counts(text: str) -> dict[str, int]:
    """Word counts of ``text``: all the TF-IDF text view needs of it (far smaller than the text with a parse)."""
    return dict(Counter(_word_analyzer()(text)))


def _counted_terms(counts: dict[str, int]) -> Iterator[str]:
    """Counts back into tokens for the vectoriser: it counts them again into the same matrix row."""
    for term, count in counts.items():
        for _ in range(count):
            yield term


def similarity(left: Features, right: Features) -> np.ndarray:
    """Dense combined similarity of every left row with every right row."""
    combined = _view_similarity(left, right).toarray()
    combined[_figures_conflict(left, right)] *= CONFLICT_FACTOR
    return combined * _date_factors(left.days, right.days)


def _view_similarity(left: Features, right: Features) -> csr_matrix:
    """The weighted sum of the three views' cosines, sparse, before the date and figure factors."""
    text = csr_matrix(left.text @ right.text.T)
    return csr_matrix(
        TEXT_WEIGHT * text
        + ENTITY_WEIGHT * _entity_similarity(left.entities, right.entities, text)
        + NUMBER_WEIGHT * (left.numbers @ right.numbers.T)
    )


def _entity_similarity(left: csr_matrix, right: csr_matrix, text: csr_matrix) -> csr_matrix:
    """Entity cosines in proportion to the names each side gives, the text's cosine for the rest.

    Each side counts min(1, names / ENTITY_EVIDENCE): two short leads that each name only "the
    Senate" have an entity cosine of 1 while saying little about being one event, so their entity
    view leans on their words instead; a full article names enough people and places to count in
    full.  Identical articles still score 1.
    """
    left_weight, right_weight = _entity_evidence(left)[:, None], _entity_evidence(right)[None, :]

    def weighted(pairs: csr_matrix) -> csr_matrix:  # row and column factors one after the other: stays sparse
        return csr_matrix(pairs.multiply(left_weight).multiply(right_weight))

    return csr_matrix(weighted(csr_matrix(left @ right.T)) + text - weighted(text))


def _entity_evidence(entities: csr_matrix) -> np.ndarray:
    """How far each article's entity cosines count: its distinct entities over ENTITY_EVIDENCE, at most 1."""
    return np.minimum(1.0, entities.getnnz(axis=1) / ENTITY_EVIDENCE)


def _linked_pairs(left: Features, right: Features, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, columns, scores) of the pairs whose :func:`similarity` reaches ``threshold``, without the
    dense block: the date and figure factors only lower a score (neither exceeds 1), so only the
    pairs whose view similarity reaches the threshold are scored in full, with the same values."""
    views = _view_similarity(left, right)
    kept = np.flatnonzero(views.data >= threshold)
    rows = np.searchsorted(views.indptr, kept, side="right") - 1
    cols, scores = views.indices[kept], views.data[kept]
    scores[_pair_conflicts(left, right, rows, cols)] *= CONFLICT_FACTOR
    scores = scores * _date_factor(left.days[rows], right.days[cols])
    linked = scores >= threshold
    return rows[linked], cols[linked], scores[linked]


def _pair_conflicts(left: Features, right: Features, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """:func:`_figures_conflict` of the listed pairs only (row ``rows[k]`` with column ``cols[k]``)."""
    left_keys = np.asarray(left.key_figures.sum(axis=1)).ravel()
    right_keys = np.asarray(right.key_figures.sum(axis=1)).ravel()
    stated = (left_keys[rows] >= MIN_KEY_FIGURES) & (right_keys[cols] >= MIN_KEY_FIGURES)
    if not stated.any():
        return stated
    shared = csr_matrix(left.key_figures @ right.all_figures.T + left.all_figures @ right.key_figures.T)
    return stated & (np.asarray(shared[rows, cols]).ravel() == 0)


def _figures_conflict(left: Features, right: Features) -> np.ndarray:
    """Pairs whose leads each state key figures and neither repeats any of the other's.

    Another week's jobless claims, another earthquake's toll: the template is the same, the
    figures are not.  A follow-up repeats at least one key figure (the magnitude, the old toll).
    """
    left_keys = np.asarray(left.key_figures.sum(axis=1)).ravel()
    right_keys = np.asarray(right.key_figures.sum(axis=1)).ravel()
    stated = (left_keys >= MIN_KEY_FIGURES)[:, None] & (right_keys >= MIN_KEY_FIGURES)[None, :]
    shared = (left.key_figures @ right.all_figures.T + left.all_figures @ right.key_figures.T).toarray()
    return stated & (shared == 0)


def _figure_sets(key_lists: list[list[str]], all_lists: list[list[str]]) -> tuple[csr_matrix, csr_matrix]:
    """Binary figure matrices over one shared column space ("20,000" and "20000" are one figure)."""
    columns: dict[str, int] = {}
    coords = []
    for lists in (key_lists, all_lists):
        rows, cols = [], []
        for row, values in enumerate(lists):
            for value in sorted({v.replace(",", "") for v in values}):
                rows.append(row)
                cols.append(columns.setdefault(value, len(columns)))
        coords.append((rows, cols))
    shape = (len(key_lists), max(len(columns), 1))
    key_figures, all_figures = (csr_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=shape)
                                for r, c in coords)
    return key_figures, all_figures


def _cluster(features: Features, articles: Sequence[object], threshold: float) -> np.ndarray:
    """Blocks from the thresholded graph, then average linkage inside each block."""
    labels = np.empty(len(articles), dtype=int)
    next_label = 0
    for members in _linkage_blocks(features, threshold):
        sub_labels = _average_linkage(features.rows(members), threshold)
        labels[members] = sub_labels + next_label
        next_label += int(sub_labels.max()) + 1
    return labels


def _linkage_blocks(features: Features, link_threshold: float) -> list[np.ndarray]:
    """The connected blocks of the rows of ``features`` linked at ``link_threshold``, each at most
    MAX_LINKAGE_BLOCK long, in input order.

    Average linkage is dense in its block, so a block that chains thousands of articles (many
    look-alike events of one kind, pair by pair just above the threshold) would cost its square in
    time and memory.  Such a block is cut again with links LINK_STEP stronger, until each piece
    fits: the weakest chains break first, and average linkage still decides at the story
    threshold inside each piece.  Only articles that near-duplicates join beyond a link of 1 are cut by
    reading order.  The pairs are scored once; stronger cuts only filter them (a stronger link is
    among the weaker ones, with the same score)."""
    n = features.days.shape[0]
    rows, cols, scores = _scored_pairs(features, link_threshold)
    return _cut_blocks(np.arange(n), rows, cols, scores, link_threshold, n)


def _cut_blocks(positions: np.ndarray, rows: np.ndarray, cols: np.ndarray, scores: np.ndarray,
                link_threshold: float, n: int) -> list[np.ndarray]:
    """:func:`_linkage_blocks` of the rows ``positions`` (of ``n``), from their scored pairs."""
    index = np.full(n, -1)
    index[positions] = np.arange(len(positions))
    strong = (scores >= link_threshold) & (index[rows] >= 0) & (index[cols] >= 0)
    rows, cols, scores = rows[strong], cols[strong], scores[strong]
    graph = csr_matrix((np.ones(len(rows), dtype=bool), (index[rows], index[cols])),
                       shape=(len(positions), len(positions)))
    count, block_of = connected_components(graph, directed=False)
    order = np.argsort(block_of, kind="stable")  # members of each block, in input order
    bounds = np.cumsum(np.bincount(block_of, minlength=count))[:-1]
    blocks: list[np.ndarray] = []
    for block in np.split(positions[order], bounds):
        if len(block) <= MAX_LINKAGE_BLOCK:
            blocks.append(block)
        elif link_threshold + LINK_STEP <= 1.0:
            blocks.extend(_cut_blocks(block, rows, cols, scores, link_threshold + LINK_STEP, n))
        else:
            blocks.extend(np.array_split(block, -(-len(block) // MAX_LINKAGE_BLOCK)))
    return sorted(blocks, key=lambda b: int(b[0]))


def _scored_pairs(features: Features, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, columns, scores) of every pair whose :func:`similarity` reaches ``threshold``, scored
    CHUNK_ROWS rows at a time (memory stays at a chunk's row of candidate pairs)."""
    rows, cols, scores = [np.zeros(0, dtype=np.int32)], [np.zeros(0, dtype=np.int32)], [np.zeros(0)]
    for start in range(0, features.days.shape[0], CHUNK_ROWS):
        chunk_rows, chunk_cols, chunk_scores = _linked_pairs(features.rows(slice(start, start + CHUNK_ROWS)),
                                                             features, threshold)
        rows.append((chunk_rows + start).astype(np.int32))  # 4 bytes an index: a region holds millions of pairs
        cols.append(chunk_cols.astype(np.int32))
        scores.append(chunk_scores)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)


def _average_linkage(features: Features, threshold: float) -> np.ndarray:
    """Cluster labels 0..k-1 of one block; merges only while the average similarity holds."""
    n = features.days.shape[0]
    if n == 1:
        return np.zeros(1, dtype=int)
    distance = 1.0 - similarity(features, features)
    np.fill_diagonal(distance, 0.0)
    distance = np.clip((distance + distance.T) / 2, 0.0, None)
    tree = linkage(squareform(distance, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    _, labels = np.unique(raw, return_inverse=True)  # first-seen order is fixed by the input order
    return labels


def _central_title(members: list[int], records: list[ClusterRecord], features: Features) -> str:
    """The title of the group's most central article (highest mean similarity to the others)."""
    sims = similarity(features.rows(np.array(members)), features.rows(np.array(members)))
    return records[members[int(np.argmax(sims.mean(axis=1)))]].title


def story_title(article: Article, parsed: ParsedArticle | None) -> str:
    """The article's title, else its first sentence, else its source."""
    if article.title and article.title.strip():
        return article.title.strip()
    if parsed and parsed.sentences:
        first = parsed.sentences[0]
        return " ".join(article.text[first.start : first.end].split())  # one line, whatever the layout
    return article.text.strip().split("\n", 1)[0][:LEAD_CHARS] or article.source


def _article_key(article: Article) -> tuple:
    """Published date, then outlet, then source and id: a stable reading order."""
    return (article.published is None, article.published or "", article.outlet or "", article.source, article.id)


def _lead(article: Article, parsed: ParsedArticle | None) -> str:
    if parsed and parsed.sentences:
        end = parsed.sentences[min(LEAD_SENTENCES, len(parsed.sentences)) - 1].end
        lead = article.text[:end]
    else:
        lead = article.text[:LEAD_CHARS]
    return f"{article.title or ''}\n{lead}"


def _entity_keys(parsed: ParsedArticle | None) -> list[str]:
    """Normalised entity names; people also by surname, so "Ana Kovic" meets "Kovic"."""
    if parsed is None:
        return []
    keys: list[str] = []
    for mention in parsed.mentions:
        if mention.label not in ENTITY_LABELS:
            continue
        key = _ENTITY_NOISE.sub("", unidecode(mention.text).casefold().strip())
        if not key:
            continue
        keys.append(key)
        if mention.label == "PERSON" and " " in key:
            keys.append(key.rsplit(" ", 1)[1])
    return keys


def _vectorizer(**options: object) -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, dtype=np.float32, **options)


def _tfidf(token_lists: list[list[str]]) -> csr_matrix:
    """Cosine-ready TF-IDF rows of pre-tokenised lists (all-zero rows when nothing to count)."""
    n = len(token_lists)
    if not any(token_lists):
        return csr_matrix((n, 1), dtype=np.float32)
    vectorizer = TfidfVectorizer(analyzer=lambda tokens: tokens, sublinear_tf=True, dtype=np.float32)
    return csr_matrix(vectorizer.fit_transform(token_lists))


def _day(published: str | None) -> float:
    """Day number of the publication date; NaN when unknown (the date factor then stays neutral)."""
    day = parse_iso_date(published)
    return float(day.toordinal()) if day else float("nan")


def _date_factors(left_days: np.ndarray, right_days: np.ndarray) -> np.ndarray:
    """:func:`_date_factor` of every left day with every right day, computed once per pair of
    distinct days (a region spans a few hundred days at most) and spread to the rows: the dense
    exponential over every article pair was a fifth of the story index's time."""
    left_values, left_rows = np.unique(left_days, return_inverse=True)
    right_values, right_rows = np.unique(right_days, return_inverse=True)
    table = _date_factor(left_values[:, None], right_values[None, :])
    return table[left_rows.reshape(-1)[:, None], right_rows.reshape(-1)[None, :]]


def _date_factor(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """1 within the grace period or when a date is unknown, decaying to DATE_FLOOR beyond it."""
    gap = np.nan_to_num(np.abs(left - right), nan=0.0)
    decay = np.exp(-np.clip(gap - DATE_GRACE_DAYS, 0.0, None) / DATE_DECAY_DAYS)
    return DATE_FLOOR + (1.0 - DATE_FLOOR) * decay
