"""Score an analysis (the contract JSON) against hand-made gold annotations.

The gold format is documented in ``samples/README.md``.  Every component gets
precision, recall and F1 so a regression in any stage shows up as a number.
Matching rules are deliberately simple, so a score can be explained by reading
the gold file:

* Articles are matched to gold by source path relative to ``corpus_root``
  (``file.jsonl#N`` for container records); when a record number differs, the
  article's URL is used instead.
* Text comparisons are case-insensitive, with whitespace collapsed, curly quotes
  straightened and digit-group commas dropped (``12,000`` == ``12000``).
* A gold *keyword* such as ``"killed|died"`` lists alternatives: it matches when
  any alternative is a substring.  A gold item with several keywords needs all.
* Gold lists of entities, facts, quotes and timeline events are partial (the
  notable items, not every one), so their precision is a lower bound: it counts
  predicted items that match some gold item over all predicted items.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from storyfold.errors import InputError

METADATA_FIELDS = ("outlet", "title", "authors", "published")
STORY_COMPONENTS = ("entities", "facts", "discrepancies", "quotes", "timeline")
ALTERNATIVE_SEPARATOR = "|"
# Outlet names are written with and without a leading article ("The Northern Ledger").
OUTLET_ARTICLE = re.compile(r"^the\s+")
# "12,000" and "12000" are the same number; commas between digit groups are formatting.
DIGIT_GROUP_COMMA = re.compile(r"(?<=\d),(?=\d{3}\b)")
QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "′": "'"})
WHITESPACE = re.compile(r"\s+")
# A predicted speaker may be a bare surname ("Kowal"); shorter tokens ("he", "Mr") are not names.
MIN_SURNAME_CHARS = 3


@dataclass(slots=True)
class Score:
    """Precision, recall and F1 of one component, with the counts behind them."""

    name: str
    precision: float
    recall: float
    support: int  # how many gold items were scored
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "support": self.support, **self.details}


# ----------------------------------------------------------------------------- text helpers


def normalize(text: str | None) -> str:
    """Comparable form of a string: casefolded, straight quotes, single spaces, plain digit groups."""
    if not text:
        return ""
    text = DIGIT_GROUP_COMMA.sub("", text.translate(QUOTE_CHARS))
    return WHITESPACE.sub(" ", text).strip().casefold()


def keyword_matches(keyword: str, text: str) -> bool:
    """Whether any ``|``-separated alternative of ``keyword`` occurs in ``text`` (already normalized).

    A number must match a whole number: gold "40" is not found in "400".
    """
    for alt in (normalize(a) for a in keyword.split(ALTERNATIVE_SEPARATOR)):
        if not alt:
            continue
        if alt.isdigit():
            if re.search(rf"(?<!\d){alt}(?!\d)", text):
                return True
        elif alt in text:
            return True
    return False


def all_keywords_match(keywords: Iterable[str], text: str) -> bool:
    return all(keyword_matches(k, text) for k in keywords)


def ratio(hits: int, total: int, empty: float = 1.0) -> float:
    """``hits / total``, or ``empty`` when there is nothing to count (nothing expected, nothing wrong)."""
    return hits / total if total else empty


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read a gold file and check it has the two sections the scorer needs."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read gold file ({exc.strerror})", source=str(path),
                         fix="pass --gold with the path of a gold.json (see samples/README.md)") from exc
    except ValueError as exc:
        raise InputError(f"gold file is not valid JSON: {exc}", source=str(path), fix="fix the JSON syntax") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("articles"), dict) or "stories" not in gold:
        raise InputError("gold file needs 'articles' and 'stories' objects", source=str(path),
                         fix="follow the schema in samples/README.md")
    return gold


# ---------------------------------------------------------------------------- article matching


def source_key(source: str, corpus_root: str) -> str:
    """The article's source relative to the corpus root, in the ``file#N`` form gold uses."""
    path, sep, record = source.partition("#")
    given = (PurePosixPath(Path(path).as_posix()), PurePosixPath(Path(corpus_root).as_posix()))
    resolved = (PurePosixPath(Path(path).resolve().as_posix()), PurePosixPath(Path(corpus_root).resolve().as_posix()))
    for candidate, root in (given, resolved):
        if candidate.is_relative_to(root):
            return str(candidate.relative_to(root)) + sep + record
    return source


def match_articles(predicted: list[dict[str, Any]], gold_articles: dict[str, Any], corpus_root: str) -> dict[str, str]:
    """Map predicted article id -> gold key: by relative source path, then by path suffix, then by URL."""
    by_url = {normalize(g["url"]): key for key, g in gold_articles.items() if g.get("url")}
    mapping: dict[str, str] = {}
    for article in predicted:
        key = source_key(article.get("source") or "", corpus_root)
        if key not in gold_articles:
            key = next((k for k in gold_articles if (article.get("source") or "").endswith("/" + k)), key)
        if key not in gold_articles:
            key = by_url.get(normalize(article.get("url")), key)
        if key in gold_articles and key not in mapping.values():
            mapping[article["id"]] = key
    return mapping


# ----------------------------------------------------------------------------- article scores


def score_cleaning(articles: dict[str, dict[str, Any]], gold: dict[str, Any]) -> Score:
    """Removal as the positive class: a chrome string gone is a hit, a kept sentence gone is a false alarm."""
    removed_ok = removed_total = kept_ok = kept_total = 0
    for key, article in articles.items():
        text = normalize(article.get("text"))
        expected = gold[key]
        removed_total += len(expected.get("remove", []))
        removed_ok += sum(normalize(s) not in text for s in expected.get("remove", []))
        kept_total += len(expected.get("keep", []))
        kept_ok += sum(normalize(s) in text for s in expected.get("keep", []))
    wrongly_removed = kept_total - kept_ok
    return Score(
        "cleaning",
        precision=ratio(removed_ok, removed_ok + wrongly_removed, empty=0.0 if removed_total else 1.0),
        recall=ratio(removed_ok, removed_total),
        support=removed_total + kept_total,
        details={"kept": f"{kept_ok}/{kept_total}", "removed": f"{removed_ok}/{removed_total}"},
    )


def _field_equal(name: str, predicted: Any, expected: Any) -> bool:
    if name == "authors":
        return {normalize(a) for a in predicted or []} == {normalize(a) for a in expected or []}
    if name == "outlet":
        return OUTLET_ARTICLE.sub("", normalize(predicted)) == OUTLET_ARTICLE.sub("", normalize(expected))
    if name == "published":
        return (predicted or "")[:10] == (expected or "")
    return normalize(predicted) == normalize(expected)


def score_metadata(articles: dict[str, dict[str, Any]], gold: dict[str, Any]) -> Score:
    """Per-field accuracy; precision over the fields the pipeline filled, recall over the gold fields."""
    correct: Counter[str] = Counter()
    expected_per_field: Counter[str] = Counter()
    filled = 0
    for key, article in articles.items():
        for name in METADATA_FIELDS:
            expected = gold[key].get(name)
            if expected in (None, []):
                continue
            expected_per_field[name] += 1
            predicted = article.get(name)
            filled += predicted not in (None, [], "")
            correct[name] += _field_equal(name, predicted, expected)
    hits, expected_total = sum(correct.values()), sum(expected_per_field.values())
    per_field = {name: round(ratio(correct[name], expected_per_field[name]), 4) for name in METADATA_FIELDS}
    return Score("metadata", ratio(hits, filled, 0.0), ratio(hits, expected_total), expected_total, per_field)


def _pairs(links: Iterable[tuple[str, str | None]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for a, b in links if b and a != b}


def score_dedup(analysis: dict[str, Any], mapping: dict[str, str], gold: dict[str, Any]) -> Score:
    """Duplicate links as unordered article pairs (which copy counts as the original does not matter)."""
    predicted = _pairs((mapping[a["id"]], mapping.get(a.get("duplicate_of") or ""))
                       for a in analysis["articles"] if a["id"] in mapping)
    expected = _pairs((key, g.get("duplicate_of")) for key, g in gold.items() if key in mapping.values())
    hits = len(predicted & expected)
    # Marking nothing is only perfectly precise when nothing was there to mark.
    precision = ratio(hits, len(predicted), empty=0.0 if expected else 1.0)
    return Score("dedup", precision, ratio(hits, len(expected)), len(expected),
                 {"predicted_pairs": len(predicted)})


def bcubed(gold_labels: dict[str, str], predicted_labels: dict[str, str]) -> tuple[float, float]:
    """B-cubed precision and recall over the items both labelings share."""
    items = [i for i in gold_labels if i in predicted_labels]
    if not items:
        return 0.0, 0.0
    pairs = Counter((gold_labels[i], predicted_labels[i]) for i in items)
    gold_size = Counter(gold_labels[i] for i in items)
    predicted_size = Counter(predicted_labels[i] for i in items)
    precision = sum(n * n / predicted_size[p] for (_, p), n in pairs.items()) / len(items)
    recall = sum(n * n / gold_size[g] for (g, _), n in pairs.items()) / len(items)
    return precision, recall


def predicted_story_labels(analysis: dict[str, Any], mapping: dict[str, str]) -> dict[str, str]:
    """Gold key -> predicted story id; an article in no story is a story of its own."""
    labels = {key: f"alone:{key}" for key in mapping.values()}
    for story in analysis.get("stories", []):
        for article_id in story.get("articles", []):
            if article_id in mapping:
                labels[mapping[article_id]] = story["id"]
    return labels


def score_clustering(analysis: dict[str, Any], mapping: dict[str, str], gold: dict[str, Any]) -> Score:
    gold_labels = {key: g["story"] for key, g in gold.items() if key in mapping.values()}
    predicted = predicted_story_labels(analysis, mapping)
    precision, recall = bcubed(gold_labels, predicted)
    gold_count, predicted_count = len(set(gold_labels.values())), len(set(predicted.values()))
    return Score("clustering (B-cubed)", precision, recall, len(gold_labels),
                 {"story_count_match": gold_count == predicted_count,
                  "stories": f"{predicted_count} predicted / {gold_count} gold"})


# ------------------------------------------------------------------------------ story scores


@dataclass(slots=True)
class StoryMatch:
    """One gold story and the predicted story that holds most of its articles."""

    gold: dict[str, Any]
    predicted: dict[str, Any]
    to_key: dict[str, str]  # predicted article id -> gold key

    def keys(self, article_ids: Iterable[str]) -> set[str]:
        return {self.to_key[a] for a in article_ids if a in self.to_key}


def match_stories(analysis: dict[str, Any], mapping: dict[str, str], gold: dict[str, Any]) -> list[StoryMatch]:
    """Pair each annotated gold story with the predicted story sharing most of its articles."""
    matches = []
    for story_key, gold_story in gold["stories"].items():
        members = {key for key, g in gold["articles"].items() if g.get("story") == story_key}

        def overlap(story: dict[str, Any], members: set[str] = members) -> int:
            return len(members & {mapping.get(a) for a in story.get("articles", [])})

        best = max(analysis.get("stories", []), key=overlap, default=None)
        chosen = best if best is not None and overlap(best) else {c: [] for c in STORY_COMPONENTS}
        matches.append(StoryMatch(gold_story, chosen, mapping))
    return matches


def surface_forms(entity: dict[str, Any]) -> set[str]:
    return {normalize(entity.get("name"))} | {normalize(v) for v in entity.get("variants", [])}


def _entity_hits(match: StoryMatch) -> tuple[int, int, int, int, set[int]]:
    """(gold matched, gold total, gold variants found, gold variants total, indices of used predictions)."""
    predicted = [surface_forms(e) for e in match.predicted.get("entities", [])]
    hits = variant_hits = variant_total = 0
    used: set[int] = set()
    for entity in match.gold.get("entities", []):
        found = [i for i, forms in enumerate(predicted) if normalize(entity["name"]) in forms]
        variants = [normalize(v) for v in entity.get("variants", [])]
        variant_total += len(variants)
        if found:
            hits += 1
            used.update(found)
            variant_hits += max(sum(v in predicted[i] for v in variants) for i in found)
    return hits, len(match.gold.get("entities", [])), variant_hits, variant_total, used


def score_entities(matches: list[StoryMatch]) -> Score:
    hits = total = variant_hits = variant_total = used_total = predicted_total = 0
    for match in matches:
        h, t, vh, vt, used = _entity_hits(match)
        hits, total, variant_hits, variant_total = hits + h, total + t, variant_hits + vh, variant_total + vt
        used_total += len(used)
        predicted_total += len(match.predicted.get("entities", [])) if match.gold.get("entities") else 0
    return Score("entities", ratio(used_total, predicted_total, 0.0), ratio(hits, total), total,
                 {"variant_recall": round(ratio(variant_hits, variant_total), 4)})


def fact_text(fact: dict[str, Any]) -> str:
    """A predicted fact's statement plus its evidence, so a light compression still matches its keywords."""
    return normalize(" ".join([fact.get("text", ""), *(e.get("text", "") for e in fact.get("evidence", []))]))


def score_facts(matches: list[StoryMatch]) -> Score:
    """A gold fact is found when one predicted fact carries all its keywords; then its sources are compared."""
    hits = total = source_hits = source_total = 0
    used: set[tuple[int, int]] = set()
    predicted_total = 0
    for m_index, match in enumerate(matches):
        predicted = match.predicted.get("facts", [])
        predicted_total += len(predicted) if match.gold.get("facts") else 0
        for fact in match.gold.get("facts", []):
            total += 1
            source_total += len(fact.get("articles", []))
            found = [i for i, p in enumerate(predicted) if all_keywords_match(fact["keywords"], fact_text(p))]
            if not found:
                continue
            hits += 1
            used.update((m_index, i) for i in found)
            wanted = set(fact.get("articles", []))
            source_hits += max(len(wanted & match.keys(predicted[i].get("sources", []))) for i in found)
    return Score("facts", ratio(len(used), predicted_total, 0.0), ratio(hits, total), total,
                 {"source_recall": round(ratio(source_hits, source_total), 4)})


def _discrepancy_matches(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    kinds = {k.strip() for k in gold["kind"].split(ALTERNATIVE_SEPARATOR)}
    if predicted.get("kind") not in kinds:
        return False
    values = [normalize(v.get("value")) for v in predicted.get("values", [])]
    return all(any(keyword_matches(g, v) for v in values) for g in gold.get("values", []))


def score_discrepancies(matches: list[StoryMatch]) -> Score:
    """Same kind, and every gold value found within some predicted value."""
    return _score_by_predicate("discrepancies", matches, _discrepancy_matches)


def speaker_forms(name: str, gold_story: dict[str, Any]) -> set[str]:
    """The gold speaker's name, its entity variants, and the surname of each (outlets often use it alone)."""
    forms = {normalize(name)}
    for entity in gold_story.get("entities", []):
        if normalize(name) in surface_forms(entity):
            forms |= surface_forms(entity)
    return forms | {f.split(" ")[-1] for f in forms if len(f.split(" ")[-1]) >= MIN_SURNAME_CHARS}


def speaker_matches(predicted: str | None, forms: set[str]) -> bool:
    """A predicted speaker matches when it is, or ends with, one of the gold speaker's forms."""
    said = normalize(predicted)
    return bool(said) and any(said == f or said.endswith(" " + f) for f in forms)


def _quote_matches(gold: dict[str, Any], predicted: dict[str, Any], story: dict[str, Any]) -> bool:
    texts = [predicted.get("text", ""), *(v.get("text", "") for v in predicted.get("variants", []))]
    fragment = normalize(gold["fragment"])
    return any(fragment in normalize(t) for t in texts) and speaker_matches(
        predicted.get("speaker"), speaker_forms(gold["speaker"], story))


def score_quotes(matches: list[StoryMatch]) -> Score:
    """The fragment inside the quote (or one of its variants) and the speaker named."""
    return _score_by_predicate("quotes", matches, _quote_matches, with_story=True)


def _timeline_matches(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    same_date = predicted.get("date") == gold["date"]
    return same_date and all_keywords_match(gold["keywords"], normalize(predicted.get("text")))


def score_timeline(matches: list[StoryMatch]) -> Score:
    """The same date, and the event's text carries the gold keywords."""
    return _score_by_predicate("timeline", matches, _timeline_matches)


def _score_by_predicate(component: str, matches: list[StoryMatch], predicate: Callable[..., bool],
                        with_story: bool = False) -> Score:
    """Recall over gold items; precision over predicted items (in annotated stories) that match some gold item."""
    hits = total = used = predicted_total = 0
    for match in matches:
        gold_items = match.gold.get(component, [])
        predicted = match.predicted.get(component, [])
        extra = (match.gold,) if with_story else ()
        if gold_items:
            predicted_total += len(predicted)
            used += sum(any(predicate(g, p, *extra) for g in gold_items) for p in predicted)
        total += len(gold_items)
        hits += sum(any(predicate(g, p, *extra) for p in predicted) for g in gold_items)
    return Score(component, ratio(used, predicted_total, 0.0), ratio(hits, total), total)


# ------------------------------------------------------------------------------------ public


def evaluate(analysis: dict[str, Any], gold: dict[str, Any], corpus_root: str) -> dict[str, Score]:
    """Score every component of ``analysis`` (contract JSON) against ``gold``; keys are component names."""
    mapping = match_articles(analysis.get("articles", []), gold["articles"], corpus_root)
    matched = {mapping[a["id"]]: a for a in analysis.get("articles", []) if a["id"] in mapping}
    stories = match_stories(analysis, mapping, gold)
    scores = {
        "articles": Score("articles found", ratio(len(matched), len(analysis.get("articles", [])), 0.0),
                          ratio(len(matched), len(gold["articles"])), len(gold["articles"])),
        "cleaning": score_cleaning(matched, gold["articles"]),
        "metadata": score_metadata(matched, gold["articles"]),
        "dedup": score_dedup(analysis, mapping, gold["articles"]),
        "clustering": score_clustering(analysis, mapping, gold["articles"]),
        "entities": score_entities(stories),
        "facts": score_facts(stories),
        "discrepancies": score_discrepancies(stories),
        "quotes": score_quotes(stories),
        "timeline": score_timeline(stories),
    }
    return scores


def format_table(scores: dict[str, Score]) -> str:
    """A Markdown table: one row per component, details in the last column."""
    lines = ["| component | precision | recall | F1 | support | details |", "|---|---:|---:|---:|---:|---|"]
    for score in scores.values():
        details = ", ".join(f"{k}={v}" for k, v in score.details.items())
        lines.append(f"| {score.name} | {score.precision:.3f} | {score.recall:.3f} | {score.f1:.3f} "
                     f"| {score.support} | {details} |")
    return "\n".join(lines)
