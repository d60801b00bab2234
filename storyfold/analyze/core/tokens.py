"""One token index on a parsed article: lookups by offset and by tree, built once.

Every analysis question is asked by character offset ("which token starts here, what
lies in this span") or by tree ("its children, its subtree, the verb it hangs on");
bisect over sorted starts keeps each one logarithmic instead of a scan of the article.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from storyfold.nlp import ParsedArticle, Token

VERB_POS = frozenset({"VERB", "AUX"})
# How far up the parse a token's governing verb is looked for.
MAX_HEAD_HOPS = 4


class TokenIndex:
    """Token lookups for one article: by offset, children, subtree and governing verb."""

    def __init__(self, parsed: ParsedArticle, text: str = "") -> None:
        self.text = text
        self.tokens: list[Token] = parsed.tokens
        self.starts = [t.start for t in self.tokens]
        self.by_start = {t.start: i for i, t in enumerate(self.tokens)}
        self.children: dict[int, list[int]] = defaultdict(list)
        for i, token in enumerate(self.tokens):
            if token.head != i:
                self.children[token.head].append(i)

    def at(self, offset: int) -> int | None:
        """The token starting exactly at ``offset``."""
        return self.by_start.get(offset)

    def word(self, i: int) -> str:
        token = self.tokens[i]
        return self.text[token.start : token.end]

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens starting in ``[start, end)``."""
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))

    def head_chain(self, i: int, hops: int = MAX_HEAD_HOPS) -> list[int]:
        """``i``'s heads, nearest first, up to the root or ``hops`` steps."""
        chain: list[int] = []
        for _ in range(hops):
            head = self.tokens[i].head
            if head == i:
                break
            chain.append(head)
            i = head
        return chain

    def governing_verb(self, i: int) -> int | None:
        """The nearest verb above ``i`` (``i`` itself when it is a root verb)."""
        if self.tokens[i].head == i:
            return i if self.tokens[i].pos in VERB_POS else None
        return next((h for h in self.head_chain(i) if self.tokens[h].pos in VERB_POS), None)

    def subtree(self, i: int) -> tuple[int, int]:
        """First and last token index of ``i``'s subtree (contiguous in a projective parse)."""
        todo, low, high = [i], i, i
        while todo:
            node = todo.pop()
            low, high = min(low, node), max(high, node)
            todo.extend(self.children.get(node, []))
        return low, high
