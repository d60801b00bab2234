"""Copied wording: one text folded into two outlets' articles is one source, not two.

An outlet often lifts a wire paragraph (background, a location, a figure) into an article it
otherwise wrote itself, so the article is not a wire copy, yet that sentence is the wire's
words.  Two outlets "independently" corroborating a fact in the same long run of words, outside
quotation marks, are one report: the fact's independent count merges them, once the two
articles share such runs in more than one place (one shared phrase can be chance).  Quoted words are
left out because two reporters quoting one speaker print the same words by design.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from itertools import combinations

from spacy.lang.en.stop_words import STOP_WORDS

from storyfold.analyze.core.quote_marks import CLOSING_DOUBLE, OPENING_DOUBLE, STRAIGHT_DOUBLE, straight_quote_opens

# A run of this many words in the same order, outside quotes, is copied text.  Shorter runs
# recur by chance in news phrasing ("said on Tuesday that Ukrainian troops had"); eight words
# with several ordinary content words do not.
COPIED_RUN_WORDS = 8
# ... of which at least this many are lower-case content words (not stop words, names or
# figures): a place list ("near the villages of A and B in C") is formulaic, two reporters
# write it alike, and names are the same in every outlet's copy of an event.
MIN_COPIED_CONTENT_WORDS = 4
# One outlet drew on another when their articles share copied runs in this many sentence pairs: a
# single shared run may be chance, or two reporters copying one press notice word for word.
MIN_BORROWED_PAIRS = 2
# A run printed by more outlets than this is boilerplate of many outlets (a standard legal line), not one
# article's borrowing; skipping it also keeps the pair count small on stories of hundreds of outlets.
MAX_RUN_HOLDERS = 12
_WORD = re.compile(r"[^\W_]+")
_OPENING = frozenset(OPENING_DOUBLE)
_CLOSING = frozenset(CLOSING_DOUBLE)


def unquoted_pieces(text: str) -> list[str]:
    """The stretches of ``text`` outside double quotation marks (a closing mark that never
    opened here ends a quotation begun before the text, so what precedes it is quoted)."""
    pieces: list[str] = []
    inside, start = False, 0
    for i, char in enumerate(text):
        opens = char in _OPENING or (char in STRAIGHT_DOUBLE and not inside and straight_quote_opens(text, i))
        closes = char in _CLOSING or (char in STRAIGHT_DOUBLE and not opens)
        if opens and not inside:
            pieces.append(text[start:i])
            inside = True
        elif closes:
            if not inside:
                pieces = []  # all before this mark was the tail of a quotation
            inside, start = False, i + 1
    if not inside:
        pieces.append(text[start:])
    return [p for p in pieces if p.strip()]


def copied_runs(text: str) -> set[tuple[str, ...]]:
    """Every run of COPIED_RUN_WORDS words outside quotes that holds enough ordinary content words."""
    runs: set[tuple[str, ...]] = set()
    for piece in unquoted_pieces(text):
        words = _WORD.findall(piece)
        for n in range(len(words) - COPIED_RUN_WORDS + 1):
            window = words[n : n + COPIED_RUN_WORDS]
            if sum(_ordinary_content(w) for w in window) >= MIN_COPIED_CONTENT_WORDS:
                runs.add(tuple(w.casefold() for w in window))
    return runs


def _ordinary_content(word: str) -> bool:
    return word.islower() and word not in STOP_WORDS and len(word) > 1


def borrowing_pairs(sentences: Iterable[tuple[str, Hashable, str]]) -> set[frozenset[str]]:
    """Pairs of independent outlets whose articles share copied runs in several sentence pairs.

    ``sentences`` are (independent outlet, sentence key: its article and offset, text).  One shared run can be chance or
    two reporters copying one press notice; runs in MIN_BORROWED_PAIRS sentence pairs show one
    article drew on the other.  An inverted index of runs keeps the cost to the shared runs.
    """
    holders: dict[int, dict[str, Hashable]] = defaultdict(dict)
    for outlet, key, text in sentences:
        for run in copied_runs(text):
            holders[hash(run)].setdefault(outlet, key)  # a wire copy's reprints are one outlet
    linked: dict[frozenset[str], set[tuple[Hashable, Hashable]]] = defaultdict(set)
    for found in holders.values():
        if len(found) < 2 or len(found) > MAX_RUN_HOLDERS:
            continue
        for (a, key_a), (b, key_b) in combinations(sorted(found.items()), 2):
            linked[frozenset((a, b))].add((key_a, key_b))
    return {pair for pair, links in linked.items() if len(links) >= MIN_BORROWED_PAIRS}


def independent_wordings(groups: Sequence[str], texts: Sequence[str], borrowing: set[frozenset[str]]) -> int:
    """How many independent reports: ``groups[i]`` is text i's independent outlet; two outlets
    of a borrowing pair whose texts here share a copied run are merged (union-find)."""
    parent = {g: g for g in groups}

    def root(g: str) -> str:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    runs = [copied_runs(t) if borrowing else set() for t in texts]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            pair = frozenset((groups[i], groups[j]))
            if root(groups[i]) != root(groups[j]) and pair in borrowing and runs[i] & runs[j]:
                parent[root(groups[i])] = root(groups[j])
    return len({root(g) for g in groups})
