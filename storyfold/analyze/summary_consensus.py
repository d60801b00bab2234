"""What the story's outlets agree on, word by word: the ranking behind the cited summary.

An editor's neutral summary of a story keeps what the outlets have in common and drops
what one outlet alone adds (its framing, its colour, its side detail).  So a candidate
sentence is worth the content words it shares with the *other* independent outlets
(their text, and a little more for their headlines, where each outlet puts what it
thinks matters), and a word once said in the summary is worth nothing the second time:
the greedy choice covers distinct agreed facts and skips restatements by construction.
This is the concept-coverage view of extractive multi-document summarisation, with
concepts = content words weighted by the share of other outlets that use them.

Dividing a sentence's gain by its length to a power below one prefers the sentence
that packs the most agreed words, without always preferring the shortest.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyfold.analyze.context import StoryContext

# A headline word shared with another outlet counts this much beyond its body text:
# headlines carry what each outlet thinks the story is.
HEADLINE_WEIGHT = 1.0
# Gain is divided by (content words) ** this: 1 would rank by share of agreed words alone
# (short sentences win), 0 by their count alone (long run-ons win).
LENGTH_EXPONENT = 0.6
_WORDS = re.compile(r"\w+")


def content_words(text: str) -> Counter[str]:
    """Lower-cased words that carry content (no stop words, no bare single characters)."""
    words = (w for w in _WORDS.findall(text.casefold()) if len(w) > 1 and w not in ENGLISH_STOP_WORDS)
    return Counter(words)


@dataclass(slots=True)
class _Outlet:
    body: Counter[str]
    headline: frozenset[str]


class Consensus:
    """Per independent outlet (wire copies fold into their original), its words and headline words."""

    def __init__(self, ctx: StoryContext) -> None:
        self.outlets: dict[str, _Outlet] = {}
        for article in ctx.articles:
            outlet = self.outlets.setdefault(article.independent_id, _Outlet(Counter(), frozenset()))
            if article.duplicate_of is None:
                outlet.body.update(content_words(article.text))
                outlet.headline = outlet.headline | frozenset(content_words(article.title or ""))

    def weights(self, words: Counter[str], own: str) -> dict[str, float]:
        """How far each word of a sentence from outlet ``own`` is shared, between 0 and 1 + HEADLINE_WEIGHT.

        With no other outlet, agreement is with the rest of the same article: a word the
        article repeats elsewhere (or puts in its headline) is what the article is about.
        """
        others = [o for key, o in self.outlets.items() if key != own]
        if not others:
            outlet = self.outlets.get(own)
            if outlet is None:
                return dict.fromkeys(words, 0.0)
            return {w: float(outlet.body[w] > n) + HEADLINE_WEIGHT * (w in outlet.headline) for w, n in words.items()}
        return {
            w: sum((w in o.body) + HEADLINE_WEIGHT * (w in o.headline) for o in others) / len(others)
            for w in words
        }


@dataclass(slots=True)
class Scored:
    """One candidate's words with their agreement weights, and a multiplier from its wording."""

    weights: dict[str, float]
    words: int  # whitespace words, for the word budget
    factor: float = 1.0

    def gain(self, covered: set[str]) -> float:
        """Agreement the summary gains by adding this sentence, per length (see LENGTH_EXPONENT)."""
        new = sum(weight for word, weight in self.weights.items() if word not in covered)
        return self.factor * new / max(len(self.weights), 1) ** LENGTH_EXPONENT


def cover_greedily(scored: Sequence[Scored], wanted: int, budget: int, min_chosen: int,
                   restates: Callable[[int], Iterable[int]], first_from: frozenset[int] = frozenset(),
                   min_gain: float = 0.0) -> list[int]:
    """Indices picked one by one by marginal gain, within ``wanted`` sentences and ``budget`` words.

    The first ``min_chosen`` picks ignore the word budget and ``min_gain`` (a summary needs a
    second sentence even when the first is long); after them the summary ends once the best
    remaining sentence gains less than ``min_gain``: what is left adds little that the other
    outlets also say, so the story's agreed content, not a fixed count, sets the length.
    ``restates(pick)`` names the candidates that say the same as a pick, which are never
    picked after it.  A non-empty ``first_from`` holds the candidates the summary may open
    with.  Ties go to the earlier candidate.
    """
    available = [True] * len(scored)
    covered: set[str] = set()
    chosen: list[int] = []
    used = 0
    while len(chosen) < wanted:
        fits = [i for i, ok in enumerate(available)
                if ok and (len(chosen) < min_chosen or used + scored[i].words <= budget)
                and (chosen or not first_from or i in first_from)]
        if not fits:
            break
        pick = max(fits, key=lambda i: (scored[i].gain(covered), -i))
        if len(chosen) >= min_chosen and scored[pick].gain(covered) < min_gain:
            break
        chosen.append(pick)
        used += scored[pick].words
        covered |= scored[pick].weights.keys()
        available[pick] = False
        for i in restates(pick):
            available[i] = False
    return chosen
