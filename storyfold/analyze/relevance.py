"""Which sentences are about the story: the second guard against round-ups.

The cleaner removes most "in other news" blocks, but some survive: a sub-headed
section at the end of a wire story about an unrelated strike, a "meanwhile"
paragraph about another event.  Facts, quotes and the timeline must not be fed
by them, so each article is cut into *sections* (at sub-heading-like short lines
and at sentences that open with a change-of-subject marker) and every section
after the lead is compared with the rest of the story: TF-IDF over words plus
the section's named entities, against the other independent articles (wire
copies of the same text cannot vouch for each other).  A section is dropped only
when it is clearly further from the story than the article's own lead is, so
anything related is kept.  A one-article story has nothing to compare with; it
keeps its lead and body and loses only a marked section that shares nothing
with what came before.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from storyfold.analyze.context import StoryContext
from storyfold.model import Article
from storyfold.nlp import ParsedArticle

# A sub-heading is a short line standing alone; news sub-heads run 3-12 words, and
# an ordinary sentence on its own line ends in terminal punctuation, which heads lack.
HEADING_MAX_WORDS = 16
# Openers that announce a change of subject in news prose (English discourse markers).
SHIFT_MARKER = re.compile(
    r"^\W*(?:meanwhile|in other news|elsewhere|separately|in an unrelated|in a separate|"
    r"also on \w+day|in other developments)\b",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?:;,][\"'”’)\]]*\s*$")
_DASHES = ("-", "–", "—")  # "- Sub-head -" is a wire-agency heading style
_LINE = re.compile(r"[^\n]+")
# Entity labels whose names say what a section is about (numbers and dates do not).
TOPICAL_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"})
# A section is off the story when its similarity to the rest of the story is below this
# share of the lead's similarity: leads are the most on-topic part of any article, and
# related sections in real stories sit at a third or more of the lead's score.
RELATIVE_FLOOR = 0.25
# Below this cosine a section shares essentially nothing but stop-word-like terms.
ABSOLUTE_FLOOR = 0.04
# With no other article to compare with, only a marked section this far from the text
# before it is dropped (cosine over the article's own sections): a follow-up section on the
# same subject scores 0.1 or more, a round-up of unrelated items a few hundredths.
SINGLE_ARTICLE_FLOOR = 0.06
# A section opened only by a discourse marker ("Meanwhile, ...") and no sub-heading is kept,
# whatever its cosine, when the other articles use at least this share of its words (weighted
# by rarity): news "meanwhile" paragraphs often carry the story on (a related meeting, the other
# side's reply) in few words, whose cosine with the whole story is low; a paragraph on another
# subject shares next to nothing (measured: about 0.34 against 0.0-0.04).
MARKER_COVERAGE_FLOOR = 0.25


@dataclass(slots=True)
class _Section:
    article: Article
    sentences: list[int]
    text: str
    marked: bool  # opened by a sub-heading or a change-of-subject marker
    headed: bool = False  # opened by a sub-heading (a stronger cut than a marker alone)


def mark_on_topic(ctx: StoryContext) -> None:
    """Fill ``ctx.on_topic[article.id]`` with the indices of sentences about the story."""
    sections = [s for article in ctx.articles for s in _sections(article, ctx.parsed.get(article.id))]
    ctx.on_topic = {a.id: set() for a in ctx.articles}
    if not sections:
        return
    keep = _judge(ctx, sections)
    for section, kept in zip(sections, keep, strict=True):
        if kept:
            ctx.on_topic[section.article.id].update(section.sentences)


def _sections(article: Article, parsed: ParsedArticle | None) -> list[_Section]:
    """Cut the article's sentences into sections at sub-heads and change-of-subject openers."""
    if parsed is None or not parsed.sentences:
        return []
    starts = [s.start for s in parsed.sentences]
    boundaries = {bisect.bisect_left(starts, start) for start, _ in heading_lines(article.text)}
    groups: list[list[int]] = []
    marked: list[bool] = []
    headed: list[bool] = []
    for i, sentence in enumerate(parsed.sentences):
        text = article.text[sentence.start : sentence.end]
        starts_section = i in boundaries or bool(SHIFT_MARKER.match(text))
        if not groups or (starts_section and groups[-1]):
            groups.append([])
            marked.append(bool(groups[:-1]) and starts_section)
            headed.append(bool(groups[:-1]) and i in boundaries)
        groups[-1].append(i)
    entity_terms = _entity_terms(article, parsed)
    return [
        _Section(article, group, _section_text(article, parsed, group, entity_terms), flag, head)
        for group, flag, head in zip(groups, marked, headed, strict=True)
    ]


def heading_lines(text: str) -> list[tuple[int, int]]:
    """Offsets of sub-heading-like lines: short, alone on their line, no terminal punctuation."""
    found: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        line = match.group().strip()
        if not line or len(line.split()) > HEADING_MAX_WORDS:
            continue
        if _TERMINAL.search(line) and not line.endswith(_DASHES):
            continue
        lead = len(match.group()) - len(match.group().lstrip())
        found.append((match.start() + lead, match.end()))
    return found


def _entity_terms(article: Article, parsed: ParsedArticle) -> list[tuple[int, str]]:
    """Entity mentions as single tokens (``ent_vladimir_putin``) so names weigh as names."""
    return [
        (m.start, "ent_" + re.sub(r"\W+", "_", m.text.casefold()).strip("_"))
        for m in parsed.mentions
        if m.label in TOPICAL_LABELS
    ]


def _section_text(article: Article, parsed: ParsedArticle, group: list[int], terms: list[tuple[int, str]]) -> str:
    start, end = parsed.sentences[group[0]].start, parsed.sentences[group[-1]].end
    names = [term for offset, term in terms if start <= offset < end]
    return " ".join([article.text[start:end], *names])


def _judge(ctx: StoryContext, sections: list[_Section]) -> list[bool]:
    """Keep or drop each section by its similarity to the rest of the story."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    try:
        matrix = vectorizer.fit_transform(s.text for s in sections)
    except ValueError:  # only stop words anywhere: nothing to judge on, keep everything
        return [True] * len(sections)
    groups = [s.article.independent_id for s in sections]
    if len(set(groups)) < 2:
        return _judge_single(sections, matrix)
    keep = _keep_by_lead(sections, _similarity_to_others(matrix, groups))
    coverage = _coverage_by_others(matrix, groups, vectorizer.idf_)
    return [kept or (s.marked and not s.headed and bool(c >= MARKER_COVERAGE_FLOOR))
            for kept, s, c in zip(keep, sections, coverage, strict=True)]


def _similarity_to_others(matrix: sparse.csr_matrix, groups: list[str]) -> np.ndarray:
    """Cosine of each section with the summed vector of every *other* independent article.

    Computed as ``s·(T - g) / |T - g|`` from sparse products (T the story total, g the
    section's own article), so the cost stays linear in the story's size.
    """
    names = sorted(set(groups))
    lookup = {g: i for i, g in enumerate(names)}
    index = np.array([lookup[g] for g in groups])
    owner = sparse.csr_matrix((np.ones(len(groups)), (np.arange(len(groups)), index)), shape=(len(groups), len(names)))
    per_group = (owner.T @ matrix).tocsr()  # one summed vector per independent article
    total = sparse.csr_matrix(per_group.sum(axis=0))
    group_dot_total = np.asarray((per_group @ total.T).todense()).ravel()
    group_norm2 = np.asarray(per_group.multiply(per_group).sum(axis=1)).ravel()
    total_norm2 = float(total.multiply(total).sum())
    others_norm = np.sqrt(np.maximum(total_norm2 - 2 * group_dot_total + group_norm2, 0.0))[index]
    own = np.asarray(matrix.multiply(per_group[index]).sum(axis=1)).ravel()
    with_total = np.asarray((matrix @ total.T).todense()).ravel()
    others_norm[others_norm == 0] = 1.0
    return (with_total - own) / others_norm


def _coverage_by_others(matrix: sparse.csr_matrix, groups: list[str], idf: np.ndarray) -> np.ndarray:
    """Share of each section's words (weighted by idf) that another independent article uses.

    A term used by the section's own article and one other is used by at least two articles,
    so one count of articles per term answers for every section (linear in the story's size).
    """
    present = (matrix > 0).astype(np.float64).tocsr()
    names = sorted(set(groups))
    lookup = {g: i for i, g in enumerate(names)}
    owner = sparse.csr_matrix((np.ones(len(groups)), ([lookup[g] for g in groups], np.arange(len(groups)))),
                              shape=(len(names), len(groups)))
    articles_per_term = np.asarray(((owner @ present) > 0).sum(axis=0)).ravel()
    shared = present @ (idf * (articles_per_term >= 2))
    total = present @ idf
    total[total == 0] = 1.0
    return np.asarray(shared).ravel() / np.asarray(total).ravel()


def _keep_by_lead(sections: list[_Section], scores: np.ndarray) -> list[bool]:
    """Each article's first section is kept; later ones must reach a share of its best score.

    The best section (not the first) is the yardstick: a capture may open with a caption
    or a line of chrome that scores low without saying anything about the story.
    """
    best: dict[str, float] = {}
    for section, score in zip(sections, scores, strict=True):
        best[section.article.id] = max(best.get(section.article.id, 0.0), float(score))
    keep: list[bool] = []
    previous: Article | None = None
    for section, score in zip(sections, scores, strict=True):
        floor = max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * best[section.article.id])
        keep.append(section.article is not previous or bool(score >= floor))
        previous = section.article
    return keep


def _judge_single(sections: list[_Section], matrix: sparse.csr_matrix) -> list[bool]:
    """One independent article: drop only a marked section unrelated to everything before it."""
    keep: list[bool] = []
    for row, section in enumerate(sections):
        first = row == 0 or section.article is not sections[row - 1].article
        if first:
            start = row
        if first or not section.marked:
            keep.append(True)
            continue
        before = sparse.csr_matrix(matrix[start:row].sum(axis=0))
        norm = np.sqrt(before.multiply(before).sum()) or 1.0
        keep.append(bool(matrix[row].multiply(before).sum() / norm >= SINGLE_ARTICLE_FLOOR))
    return keep
