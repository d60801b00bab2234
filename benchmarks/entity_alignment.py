"""Cross-document entity alignment on ECB+: storyfold against two string baselines, in one run.

Each ECB+ folder (``topics/<T>ecb``, ``topics/<T>ecbplus``) is one real event covered by
several outlets, so it is one storyfold story.  Per folder the articles (title + text) are
parsed with :func:`storyfold.nlp.parse_articles` (cached), put in a ``StoryContext`` and
resolved by :func:`storyfold.analyze.entities.find_entities`.

Scoring follows the usual cross-document coreference setup on the mentions storyfold
produces (named entities, plus the role descriptions it ties to people):

* gold mentions are the annotated participants (``HUM``, ``LOC``, ``NON``) of the
  sentences ECB+ annotates (``orig_ECBplus_coreference_sentences.csv``); the CoNLL
  tokens are aligned to character offsets in the article text;
* each predicted mention inside an annotated sentence is matched one-to-one to the gold
  mention of the same document it overlaps most (character Jaccard, greedy best first);
* MUC, B-cubed and CEAF-e are computed on the matched mentions (gold chains against
  predicted entities), and CoNLL F1 is their mean;
* mention detection precision = matched / predicted mentions in annotated sentences,
  recall = matched / gold mentions, for all gold participants and for the *named* ones
  (a capitalised word that does not open the sentence, or a proper-noun head).

Peers, on the very same predicted mentions: (a) mentions with the same normalised text
corefer, (b) mentions with the same last word corefer.

    python benchmarks/entity_alignment.py [--topics N] [--errors N]

``--errors N`` then lists storyfold's N most frequent wrong merges (two gold chains in one
predicted entity) and missed links (one gold chain split over two predicted entities),
weighted by the mention pairs they cost, with the mention texts on each side.

The default scores every topic present (1-35, 66 folders, ~770 articles, ~250k words:
about 90 s of spaCy parsing on one core the first time, seconds once cached).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from unidecode import unidecode

from storyfold.analyze.context import StoryContext
from storyfold.analyze.entities import find_entities
from storyfold.model import Article, stable_id
from storyfold.nlp import parse_articles
from storyfold.settings import Settings

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ecbplus"
TOPICS = ECBPLUS / "topics"
SENTENCE_INDEX = ECBPLUS / "orig_ECBplus_coreference_sentences.csv"
# A cache outside the user's, so benchmark runs never mix with real analyses.
CACHE_DIR = "/tmp/storyfold-bench-cache"
# Entity participants: humans (people, organisations), locations, non-human participants.
# Times (TIM) and actions (ACT, NEG) are events and dates, which storyfold does not list as entities.
ENTITY_TYPES = frozenset({"HUM", "LOC", "NON"})
# How far ahead (characters) a CoNLL token may sit from the previous one in the raw text:
# the gap is whitespace or a dropped character or two, never a paragraph.
ALIGN_WINDOW = 40
# The title is sentence 0 of every ECB+ document; the body follows on the next line.
TITLE_SEPARATOR = "\n"
# CoNLL writes straight double quotes as two apostrophes or backticks.
QUOTE_TOKENS = {"''": '"', "``": '"', "-LRB-": "(", "-RRB-": ")"}


# ------------------------------------------------------------------------------ loading


@dataclass(slots=True)
class GoldMention:
    doc: str
    start: int
    end: int
    chain: str
    named: bool


@dataclass(slots=True)
class Folder:
    """One gold story: its articles, gold mentions and annotated sentence spans."""

    name: str
    articles: dict[str, Article]  # ECB+ doc id -> article
    gold: list[GoldMention]
    annotated: dict[str, list[tuple[int, int]]]  # doc id -> character spans of annotated sentences


def _doc_id(conll_key: str) -> str:
    """``1/1ecb/10`` (CoNLL) -> ``1_10ecb`` (the JSON file and mention ``doc_id``)."""
    topic, subtopic, number = conll_key.strip("()").split("/")
    return f"{topic}_{number}{subtopic[len(topic):]}"


def _read_gz_json(path: Path) -> object:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _conll_tokens(path: Path) -> dict[str, dict[tuple[int, int], str]]:
    """doc id -> {(sentence, token): token text}, in document order."""
    docs: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 4 and not line.startswith("#"):
                docs[_doc_id(cols[0])][int(cols[1]), int(cols[2])] = cols[3]
    return docs


def _align(text: str, tokens: dict[tuple[int, int], str]) -> dict[tuple[int, int], tuple[int, int]]:
    """Character span of each CoNLL token in ``text``; tokens not found nearby are left out."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    cursor = 0
    for key, token in tokens.items():
        for form in dict.fromkeys((token, QUOTE_TOKENS.get(token, token), "'" if token == "''" else token)):
            at = text.find(form, cursor, cursor + ALIGN_WINDOW + len(form))
            if at >= 0:
                spans[key] = (at, at + len(form))
                cursor = at + len(form)
                break
    return spans


def _annotated_sentences() -> dict[str, set[int]]:
    """doc id -> sentence numbers ECB+ annotated with coreference."""
    wanted: dict[str, set[int]] = defaultdict(set)
    with SENTENCE_INDEX.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            wanted[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return wanted


def _is_named(record: dict) -> bool:
    """A gold mention that names something: a proper-noun head or a capitalised inner word."""
    if record["mention_head_pos"] == "PROPN":
        return True
    return any(word[:1].isupper() for number, word in zip(record["tokens_number"], record["tokens_text"], strict=False)
               if number > 0)


def load_folder(folder: Path, wanted: dict[str, set[int]]) -> Folder:
    """Articles, aligned gold mentions and annotated sentence spans of one ECB+ folder."""
    tokens = _conll_tokens(folder / f"{folder.name}.conll.gz")
    articles: dict[str, Article] = {}
    offsets: dict[str, dict[tuple[int, int], tuple[int, int]]] = {}
    for path in sorted(folder.glob("*.json.gz")):
        if "mentions" in path.name:
            continue
        doc = path.name.removesuffix(".json.gz")
        record = _read_gz_json(path)
        text = f"{record['title'].strip()}{TITLE_SEPARATOR}{record['text'].strip()}"
        source = f"ecbplus/{folder.name}/{path.name}"
        articles[doc] = Article(id=stable_id(source, text), source=source, raw=text, text=text,
                                title=record["title"].strip() or None, language="en")
        offsets[doc] = _align(text, tokens.get(doc, {}))
    annotated = {doc: _sentence_spans(offsets[doc], wanted.get(doc, set())) for doc in articles}
    gold = [m for r in _read_gz_json(folder / f"entity_mentions_{folder.name}.json.gz")
            if (m := _gold_mention(r, offsets, wanted)) is not None]
    return Folder(folder.name, articles, gold, annotated)


def _sentence_spans(offsets: dict[tuple[int, int], tuple[int, int]], sentences: set[int]) -> list[tuple[int, int]]:
    spans = []
    for sentence in sorted(sentences):
        inside = [span for (s, _), span in offsets.items() if s == sentence]
        if inside:
            spans.append((inside[0][0], inside[-1][1]))
    return spans


def _gold_mention(record: dict, offsets: dict, wanted: dict[str, set[int]]) -> GoldMention | None:
    doc, sentence = record["doc_id"], record["sent_id"]
    if record["mention_type"] not in ENTITY_TYPES or sentence not in wanted.get(doc, set()):
        return None
    spans = [offsets.get(doc, {}).get((sentence, n)) for n in record["tokens_number"]]
    spans = [s for s in spans if s is not None]
    if not spans:
        return None
    return GoldMention(doc, spans[0][0], spans[-1][1], record["coref_chain"], _is_named(record))


def _topic(folder: Path) -> int:
    return int(re.match(r"\d+", folder.name)[0])


def folders(limit_topics: int | None) -> list[Path]:
    """The story folders in topic order, topics 1..N when limited."""
    found = sorted((p for p in TOPICS.iterdir() if p.is_dir()), key=lambda p: (_topic(p), p.name))
    return [p for p in found if not limit_topics or _topic(p) <= limit_topics]


# ------------------------------------------------------------------------------ metrics


def muc(key: list[set], response: list[set]) -> tuple[float, float]:
    """MUC (Vilain et al. 1995): links kept, counted as partitions a chain is cut into."""

    def score(chains: list[set], other: list[set]) -> float:
        owner = {m: i for i, chain in enumerate(other) for m in chain}
        num = sum(len(c) - len({owner.get(m, ("alone", m)) for m in c}) for c in chains)
        den = sum(len(c) - 1 for c in chains)
        return num / den if den else 0.0

    return score(key, response), score(response, key)


def b_cubed(key: list[set], response: list[set]) -> tuple[float, float]:
    """B-cubed (Bagga & Baldwin 1998): per-mention overlap of its gold and predicted chain."""
    key_of = {m: c for c in key for m in c}
    response_of = {m: c for c in response for m in c}
    mentions = list(key_of)
    recall = sum(len(key_of[m] & response_of[m]) / len(key_of[m]) for m in mentions) / len(mentions)
    precision = sum(len(key_of[m] & response_of[m]) / len(response_of[m]) for m in mentions) / len(mentions)
    return recall, precision


def ceaf_e(key: list[set], response: list[set]) -> tuple[float, float]:
    """Entity-based CEAF (Luo 2005): best one-to-one chain alignment under phi4 = Dice.

    Mentions are ``(story, n)`` and chains never cross stories, so the alignment is solved
    story by story (the same optimum as one big matrix, at a fraction of the cost).
    """
    total = 0.0
    responses = _by_story(response)
    for story, story_key in _by_story(key).items():
        story_response = responses.get(story, [])
        if story_response:
            similarity = np.array([[2 * len(k & r) / (len(k) + len(r)) for r in story_response] for k in story_key])
            rows, cols = linear_sum_assignment(-similarity)
            total += similarity[rows, cols].sum()
    return total / len(key), total / len(response)


def _by_story(chain_list: list[set]) -> dict[Hashable, list[set]]:
    grouped: dict[Hashable, list[set]] = defaultdict(list)
    for chain in chain_list:
        grouped[next(iter(chain))[0]].append(chain)
    return grouped


def f1(recall: float, precision: float) -> float:
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def conll_scores(key: list[set], response: list[set]) -> dict[str, float]:
    """MUC, B-cubed and CEAF-e F1 and their mean, the CoNLL F1."""
    scores = {name: f1(*metric(key, response)) for name, metric in
              (("MUC", muc), ("B3", b_cubed), ("CEAF-e", ceaf_e))}
    scores["CoNLL"] = sum(scores.values()) / 3
    return scores


# ----------------------------------------------------------------------------- matching


@dataclass(slots=True)
class Predicted:
    doc: str
    start: int
    end: int
    text: str
    entity: int  # index of the storyfold entity it belongs to


def predict(folder: Folder, parsed: dict, settings: Settings) -> list[Predicted]:
    """storyfold's entity mentions in one story, with the entity each belongs to."""
    doc_of = {a.id: doc for doc, a in folder.articles.items()}
    articles = list(folder.articles.values())
    ctx = StoryContext(folder.name, articles, {a.id: parsed[a.id] for a in articles}, settings)
    return [Predicted(doc_of[m.article], m.start, m.end, m.text, n)
            for n, entity in enumerate(find_entities(ctx)) for m in entity.mentions]


def _inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(s <= start < e for s, e in spans)


def match(folder: Folder, predicted: list[Predicted]) -> dict[int, int]:
    """Predicted index -> gold index, one-to-one, by character Jaccard within a document."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for g, mention in enumerate(folder.gold):
        by_doc[mention.doc].append(g)
    candidates = []
    for p, mention in enumerate(predicted):
        for g in by_doc[mention.doc]:
            gold = folder.gold[g]
            overlap = min(mention.end, gold.end) - max(mention.start, gold.start)
            if overlap > 0:
                union = max(mention.end, gold.end) - min(mention.start, gold.start)
                candidates.append((overlap / union, p, g))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, p, g in sorted(candidates, reverse=True):
        if p not in pairs and g not in used:
            pairs[p] = g
            used.add(g)
    return pairs


def _norm(text: str) -> str:
    text = re.sub(r"^the\s+|['’]s?$", "", unidecode(text).strip(), flags=re.IGNORECASE)
    return " ".join(re.sub(r"[^\w\s]", "", text).casefold().split())


BASELINES: dict[str, Callable[[Predicted], Hashable]] = {
    "storyfold find_entities": lambda m: m.entity,
    "baseline: same normalised text": lambda m: _norm(m.text),
    "baseline: same last word": lambda m: (_norm(m.text).split() or [""])[-1],
}


def chains(items: Iterable[tuple[Hashable, int]]) -> list[set]:
    grouped: dict[Hashable, set] = defaultdict(set)
    for label, mention in items:
        grouped[label].add(mention)
    return list(grouped.values())


# --------------------------------------------------------------------------------- main


@dataclass(slots=True)
class Tally:
    predicted: int = 0
    matched: int = 0
    gold: int = 0
    gold_named: int = 0
    matched_named: int = 0


def score_folder(folder: Folder, predicted: list[Predicted], tally: Tally,
                 keys: dict[str, list[set]], responses: dict[str, dict[str, list[set]]]) -> list[Link]:
    """Add one story's mentions to the run's counts and chains (metrics are micro over stories);
    return storyfold's linking errors in it."""
    predicted = [p for p in predicted if _inside(folder.annotated.get(p.doc, []), p.start)]
    pairs = match(folder, predicted)
    tally.predicted += len(predicted)
    tally.matched += len(pairs)
    tally.gold += len(folder.gold)
    tally.gold_named += sum(g.named for g in folder.gold)
    tally.matched_named += sum(folder.gold[g].named for g in pairs.values())
    # Mention ids are (folder, gold index): chains never cross stories.
    keys["all"].extend(chains(((folder.name, folder.gold[g].chain), (folder.name, g)) for g in pairs.values()))
    for name, label in BASELINES.items():
        responses[name]["all"].extend(
            chains(((folder.name, label(predicted[p])), (folder.name, g)) for p, g in pairs.items()))
    return linking_errors(folder, predicted, pairs)


# ------------------------------------------------------------------------------- errors


@dataclass(slots=True)
class Link:
    """One linking error: two groups of mentions that should (missed) or should not (wrong) be one entity."""

    kind: str  # "wrong merge" or "missed link"
    folder: str
    pairs: int  # mention pairs it costs
    left: Counter
    right: Counter


def linking_errors(folder: Folder, predicted: list[Predicted], pairs: dict[int, int]) -> list[Link]:
    """Wrong merges (gold chains sharing a predicted entity) and missed links (a chain split over entities)."""
    by_entity: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    by_chain: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for p, g in pairs.items():
        mention, chain = predicted[p], folder.gold[g].chain
        by_entity[mention.entity][chain].append(mention.text)
        by_chain[chain][mention.entity].append(mention.text)
    found = [_link("wrong merge", folder.name, a, b) for groups in by_entity.values()
             for a, b in combinations(groups.values(), 2)]
    found += [_link("missed link", folder.name, a, b) for groups in by_chain.values()
              for a, b in combinations(groups.values(), 2)]
    return found


def _link(kind: str, folder: str, left: list[str], right: list[str]) -> Link:
    return Link(kind, folder, len(left) * len(right), Counter(left), Counter(right))


def _print_errors(errors: list[Link], limit: int) -> None:
    for kind in ("wrong merge", "missed link"):
        ranked = sorted((e for e in errors if e.kind == kind), key=lambda e: -e.pairs)
        total = sum(e.pairs for e in ranked)
        print(f"\n{kind}s: {len(ranked)} ({total} mention pairs); the {min(limit, len(ranked))} costliest")
        for error in ranked[:limit]:
            print(f"  {error.pairs:4d}  {error.folder:<10} {_forms(error.left)}  <->  {_forms(error.right)}")


def _forms(texts: Counter) -> str:
    return "{" + ", ".join(f"{t!r}x{n}" if n > 1 else repr(t) for t, n in texts.most_common()) + "}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", type=int, default=None, help="score topics 1..N only (default: all)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="also list storyfold's N costliest wrong merges and missed links")
    args = parser.parse_args(argv)
    if not TOPICS.is_dir() or not SENTENCE_INDEX.is_file():
        print(f"ECB+ not found at {ECBPLUS}: put the Diverse_CDCR_datasets ECB+ conversion there "
              "(see ../shared/datasets/README.md).", file=sys.stderr)
        return 1
    settings = Settings(cache_dir=CACHE_DIR, progress=False)
    wanted = _annotated_sentences()
    loaded = [load_folder(path, wanted) for path in folders(args.topics)]
    articles = [a for f in loaded for a in f.articles.values()]
    started = time.perf_counter()
    parsed = parse_articles(articles, settings)
    print(f"{len(loaded)} stories, {len(articles)} articles; NLP {time.perf_counter() - started:.1f}s (cached)")
    tally = Tally()
    keys: dict[str, list[set]] = defaultdict(list)
    responses: dict[str, dict[str, list[set]]] = defaultdict(lambda: defaultdict(list))
    started = time.perf_counter()
    errors: list[Link] = []
    for folder in loaded:
        errors += score_folder(folder, predict(folder, parsed, settings), tally, keys, responses)
    print(f"find_entities {time.perf_counter() - started:.1f}s\n")
    _print_detection(tally)
    _print_table(keys["all"], responses)
    if args.errors:
        _print_errors(errors, args.errors)
    return 0


def _print_detection(tally: Tally) -> None:
    print(f"Mention detection: {tally.predicted} predicted in annotated sentences, {tally.matched} matched; "
          f"P {tally.matched / max(tally.predicted, 1):.3f}, "
          f"R {tally.matched / max(tally.gold, 1):.3f} of {tally.gold} gold participants, "
          f"R {tally.matched_named / max(tally.gold_named, 1):.3f} of {tally.gold_named} named ones\n")


def _print_table(key: list[set], responses: dict[str, dict[str, list[set]]]) -> None:
    print(f"Coreference on the {sum(len(c) for c in key)} matched mentions ({len(key)} gold chains)\n")
    print(f"| {'system':<32} | {'MUC':>6} | {'B3':>6} | {'CEAF-e':>6} | {'CoNLL':>6} | {'#chains':>7} |")
    print(f"|{'-' * 34}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 8}|{'-' * 9}|")
    for name, response in responses.items():
        scores = conll_scores(key, response["all"])
        cells = " | ".join(f"{scores[m]:6.3f}" for m in ("MUC", "B3", "CEAF-e", "CoNLL"))
        print(f"| {name:<32} | {cells} | {len(response['all']):7d} |")


if __name__ == "__main__":
    sys.exit(main())
