"""The words around a predicate that change what it claims.

Several discrepancy checks read a verb the same way: its auxiliaries carry tense and
mood ("may have been", "has reopened"), a negating child flips it ("did not confirm"),
and its first letters tie it to the noun of the same act ("evacuate" / "evacuation"),
since outlets name one act with either.
"""

from __future__ import annotations

from storyfold.analyze.claims import ArticleTokens, normal_form

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
# Leading letters that tie a verb to its noun ("evacuate" / "evacuation", "capture" / "captured").
STEM_CHARS = 5


def stem(lemma: str) -> str:
    """The part of a lemma a verb shares with its noun."""
    return normal_form(lemma)[:STEM_CHARS]


def aux_children(index: ArticleTokens, verb: int) -> list[int]:
    """Auxiliaries before ``verb`` ("may have been caused"), where tense and mood are said."""
    return [c for c in index.children.get(verb, []) if index.tokens[c].dep in {"aux", "auxpass"} and c < verb]


def negating_children(index: ArticleTokens, *heads: int) -> list[int]:
    """Negating words attached to any of ``heads`` ("not", "never", "n't")."""
    return [c for head in heads for c in index.children.get(head, [])
            if index.lemma(c) in NEGATORS]
