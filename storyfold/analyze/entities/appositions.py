"""What the text itself calls a name: the common nouns its parse ties to the name.

"Subsea cable operator, Seacom, said", "Seacom, a telecom operator", "the hardest-hit villages were
A, B and C", "villages such as A", "A is a village": an apposition, a copula or a "such as" list
says what kind of thing a name is, in the story's own words, which outweighs the small model's
label for a name it has never seen.  Only the parse is read here; the type rules weigh the nouns.
"""

from __future__ import annotations

from storyfold.nlp import Token

# How far (in tokens) a describing noun may stand from the name it describes: an apposition or a
# copula's subject sits within one clause, and scanning further only finds other clauses' nouns.
DESCRIPTION_WINDOW = 40
# Conjuncts followed up a list to its first member ("A, B, C and D"): lists of places rarely run
# longer, and the bound keeps a bad parse from looping.
MAX_CONJUNCTS = 12
# Prepositions and verbs that list members of a described set: "villages such as A", "firms like A",
# "towns including A".
LISTING_HEADS = frozenset({"as", "like", "include", "including"})


def describing_nouns(tokens: list[Token], head: int) -> frozenset[str]:
    """Lemmas of the common nouns the parse makes a description of the name headed by token ``head``:
    its apposition (either way round), the other side of an "is", or the set a "such as" list names.
    A conjunct shares its list's description ("villages were A, B and C")."""
    i = _first_conjunct(tokens, head)
    tok = tokens[i]
    found: set[str] = set()
    if tok.dep == "appos":
        found.add(_noun(tokens, tok.head))
    found.update(_noun(tokens, j) for j in _children(tokens, i, {"appos"}))
    governor = tokens[tok.head]
    if governor.lemma == "be" and tok.dep == "attr":
        found.update(_noun(tokens, j) for j in _children(tokens, tok.head, {"nsubj", "nsubjpass"}))
    elif governor.lemma == "be" and tok.dep.startswith("nsubj"):
        found.update(_noun(tokens, j) for j in _children(tokens, tok.head, {"attr"}))
    elif tok.dep == "pobj" and governor.lemma.casefold() in LISTING_HEADS:
        found.add(_noun(tokens, governor.head))
    elif tok.dep == "dobj" and governor.lemma.casefold() in LISTING_HEADS:
        found.add(_noun(tokens, governor.head))  # "firms including A": the verb-like "including"
    found.discard("")
    return frozenset(found)


def _first_conjunct(tokens: list[Token], i: int) -> int:
    """The first member of the list token ``i`` is in (itself when in none)."""
    for _ in range(MAX_CONJUNCTS):
        if tokens[i].dep != "conj" or tokens[i].head == i:
            break
        i = tokens[i].head
    return i


def _children(tokens: list[Token], i: int, deps: set[str]) -> list[int]:
    """Tokens near ``i`` attached to it by one of ``deps``."""
    lo, hi = max(0, i - DESCRIPTION_WINDOW), min(len(tokens), i + DESCRIPTION_WINDOW + 1)
    return [j for j in range(lo, hi) if j != i and tokens[j].head == i and tokens[j].dep in deps]


def _noun(tokens: list[Token], i: int) -> str:
    """The lemma of token ``i`` when it is a common noun (a name or a pronoun describes nothing)."""
    tok = tokens[i]
    return tok.lemma.casefold() if tok.pos == "NOUN" else ""
