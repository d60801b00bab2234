"""Quantities in a claim: value, vagueness, bound and the thing counted.

Outlets disagree on numbers in two ways: different figures for the same count
("40 injured" / "42 injured") and a figure outside a vague amount's order of
magnitude ("12,000" / "hundreds"; "thousands" allows it).  Both need the quantity
*and* what it counts (its head noun), so that "six soldiers" is never compared with
"two prisoners".  The parse supplies
the head; this module supplies the reading of number words and modifiers.  Which
figures count the same thing across outlets is :mod:`storyfold.analyze.discrepancies.count_keys`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyfold.analyze.claims import ArticleTokens, normal_form, number_value
from storyfold.analyze.core.lexicon import NUMBER_SCALES

# Amounts stated without a figure: the words outlets use instead of a count.  Each is
# "vague": it can disagree with a figure but never with another vague word.
VAGUE_WORDS = frozenset(
    {"dozens", "hundreds", "thousands", "millions", "billions", "several", "many", "few", "numerous",
     "most", "majority", "scores", "handful", "countless", "more"}
)
# Modifiers that change what a figure claims ("up to 3,000" is not "3,000").
BOUND_MODIFIERS = (
    "up to", "at least", "at most", "more than", "fewer than", "less than", "as many as",
    "no more than", "over", "under", "upwards of",
)
# Modifiers that only soften a figure ("about 200" and "200" agree).
APPROXIMATORS = ("about", "around", "some", "roughly", "approximately", "nearly", "almost", "an estimated", "close to")
# Intensified comparisons ("much more than two") say "many" rather than bound a figure.
# Links of a word that modifies a later noun ("38 - caliber [revolver]").
COMPOUND_MODIFIER_DEPS = frozenset({"compound", "amod", "npadvmod", "nmod"})
_INTENSIFIED = re.compile(r"\b(?:much|many|far|significantly|considerably|substantially)\s+more\s+than\s*$", re.I)
# Words that name a share, not a count: the counted thing is what follows "of".
SHARE_UNITS = frozenset({"percent", "per", "cent", "%", "percentage", "proportion", "share", "third", "half"})
# Entity labels whose numbers are not counts (years, clock times, ordinals, addresses).
NOT_COUNT_LABELS = frozenset({"DATE", "TIME", "ORDINAL"})
PREDICATE_HOPS = 4  # dependency steps from a counted noun up to its verb
# Scale words that are nouns of their own ("thousands of", "a dozen"): an amount, never what is counted.
SCALE_NOUNS = frozenset({"thousand", "hundred", "dozen", "million"})
MODIFIER_WINDOW = 24  # characters before a figure searched for "up to", "more than", ...
# Words that add to a count given elsewhere ("an additional 3,000 soldiers"): not the same count.
# A figure split at its thousands separator by spaced-out punctuation ("1, 400", "200, 000").
_THOUSANDS_LEAD = re.compile(r"[1-9]\d{0,2}")
_THOUSANDS_GROUP = re.compile(r"\d{3}")
_ADDITIVE = re.compile(r"\b(?:additional|another|extra|further|fresh|new)\s*$", re.IGNORECASE)
# Determiners of an "of" object that refers back to people already counted ("three of the injured").
PARTITIVE_DETERMINERS = frozenset({"the", "these", "those", "them", "their", "our", "its", "whom", "which"})
# Nouns that hold a count stated through a preposition ("the number of injured at 40", "the toll to 12").
TALLY_NOUNS = frozenset({"number", "toll", "total", "tally", "figure", "count"})
TALLY_PREPOSITIONS = frozenset({"to", "at"})
TALLY_HOPS = 4  # from the figure's preposition up to the tally noun ("to" -> treated -> people -> of -> number)


@dataclass(slots=True)
class Quantity:
    """One amount in a claim, with what it counts and how it is hedged."""

    text: str  # the words as written ("up to 3,000", "thousands")
    value: float | None  # None for a vague amount
    head: str  # lemma of the counted thing ("troop", "percent:item")
    bound: str | None  # a BOUND_MODIFIERS entry, or None
    start: int
    end: int
    head_text: str = ""  # the counted thing as written ("troops"), for labels
    comparative: bool = False  # "many more", "much more than two": relative to another count
    predicate: str = ""  # lemma of the act or event counted ("evacuate", "evacuation", "capture")
    head_index: int = -1  # token of the counted thing (the figure itself when it names none)
    figure_index: int = -1  # the figure's (last) token
    partitive: bool = False  # "nine of them": a part of a count given elsewhere, not a count

    @property
    def vague(self) -> bool:
        return self.value is None


def number_key(quantity: Quantity) -> str:
    """What a figure is compared by: its value, or one key for every vague amount, since
    "thousands" can disagree with a figure but never with "hundreds"."""
    return "vague" if quantity.vague else f"{quantity.value:g}"


def claim_quantities(index: ArticleTokens, text: str, ids: list[int]) -> list[Quantity]:
    """Every count among tokens ``ids`` of ``text``: figures with their scale words joined,
    and vague amounts."""
    found: list[Quantity] = []
    skip: set[int] = set()
    for pos, i in enumerate(ids):
        if i in skip:
            continue
        hyphenated = _hyphenated_number(index, text, i) or _split_thousands(index, text, i)
        if hyphenated is None and _not_a_count(index, i):
            continue
        token = index.tokens[i]
        word = text[token.start : token.end]
        value = number_value(word) if token.pos == "NUM" else None
        last = i
        if hyphenated is not None:
            value, last = hyphenated
            skip.update(range(i + 1, last + 1))
        if value is not None:
            for j in ids[pos + 1 :]:
                scale = NUMBER_SCALES.get(text[index.tokens[j].start : index.tokens[j].end].casefold())
                if scale is None:
                    break
                value *= scale
                skip.add(j)
                last = j
        elif normal_form(word) not in VAGUE_WORDS or not _counts_something(index, i):
            continue
        found.append(_quantity(index, text, i, last, value))
    return found


def _hyphenated_number(index: ArticleTokens, text: str, i: int) -> tuple[float, int] | None:
    """("Thirty-four" -> 34, its last token): the tokenizer splits a number word at its hyphen."""
    if i + 2 >= len(index.tokens):
        return None
    tens, dash, unit = (text[index.tokens[j].start : index.tokens[j].end] for j in (i, i + 1, i + 2))
    if dash != "-" or index.tokens[i + 1].start != index.tokens[i].end:
        return None
    value = number_value(f"{tens}-{unit}")
    return (value, i + 2) if value is not None else None


def _split_thousands(index: ArticleTokens, text: str, i: int) -> tuple[float, int] | None:
    """("1, 400" -> 1400, its last token): text whose punctuation was spaced out splits a figure
    at its thousands separator; read apart, "more than 1, 400" would be "more than 400"."""
    groups = [text[index.tokens[i].start : index.tokens[i].end]]
    if not _THOUSANDS_LEAD.fullmatch(groups[0]):
        return None
    j = i
    while j + 2 < len(index.tokens):
        comma, group = index.tokens[j + 1], index.tokens[j + 2]
        if text[comma.start : comma.end] != "," or comma.start != index.tokens[j].end or \
                text[comma.end : group.start] != " " or not _THOUSANDS_GROUP.fullmatch(text[group.start : group.end]):
            break
        groups.append(text[group.start : group.end])
        j += 2
    return (float("".join(groups)), j) if j > i else None


def _is_partitive(index: ArticleTokens, i: int) -> bool:
    """"nine of them", "three of their colleagues": a figure heading an "of" phrase about
    people already counted is a subset, never the count itself."""
    token = index.tokens[i]
    if token.pos != "NUM" or normal_form(token.lemma) in SCALE_NOUNS:
        return False
    of_object = _of_object(index, i)
    if of_object is None:
        return False
    obj = index.tokens[of_object]
    determiners = {index.lemma(c) for c in index.children.get(of_object, [])}
    return obj.pos == "PRON" or bool(determiners & PARTITIVE_DETERMINERS)


def _not_a_count(index: ArticleTokens, i: int) -> bool:
    token = index.tokens[i]
    mention = index.mention_at(token.start)
    if mention is not None and mention.label in NOT_COUNT_LABELS:
        # "puts the number of injured at 40": the small model reads "at 40" as an age or a time
        return not (mention.text.isdigit() and _tally_object(index, i) is not None)
    nxt = index.tokens[i + 1] if i + 1 < len(index.tokens) else None
    if nxt is not None and nxt.start == token.end and nxt.lemma in {"-", "–"}:
        return True  # "two-thirds", "11-year-old"
    if i >= 2 and index.tokens[i - 1].lemma in {"-", "–"} and index.tokens[i - 1].end == token.start \
            and index.tokens[i - 2].end == index.tokens[i - 1].start and index.tokens[i - 2].pos == "NUM":
        return True  # the second figure of a score or a record ("a 13-10 loss", "11-4")
    return _spaced_compound_modifier(index, i)


def _spaced_compound_modifier(index: ArticleTokens, i: int) -> bool:
    """"a . 38 - caliber revolver", "a 17 - year - old", "an eight - year deal" in text whose
    hyphens were spaced out: a figure inside a compound modifier describes a noun, it counts
    nothing.  A dash before an article or a figure ("12 - the highest toll", "10 - 12") is not one."""
    if i + 2 >= len(index.tokens) or index.tokens[i + 1].lemma != "-":
        return False
    after = index.tokens[i + 2]
    if not after.lemma.isalpha() or not after.lemma.islower() or after.pos not in {"NOUN", "ADJ"}:
        return False
    again = i + 3 < len(index.tokens) and index.tokens[i + 3].lemma == "-"
    return again or (after.dep in COMPOUND_MODIFIER_DEPS and after.head > i + 2)


def _counts_something(index: ArticleTokens, i: int) -> bool:
    """A vague word counts only when it quantifies a noun ("many troops", "thousands of
    troops", "many more"), not in "many say" or "some of the time"."""
    token = index.tokens[i]
    if token.pos in {"NOUN", "PRON"} and token.lemma.casefold() in {"thousand", "hundred", "dozen", "million"}:
        return True
    head = index.tokens[token.head]
    return token.dep in {"amod", "nummod", "det", "quantmod", "nsubj", "dobj", "attr"} and head.pos in {
        "NOUN", "PROPN", "ADJ", "VERB", "AUX"
    }


def _quantity(index: ArticleTokens, text: str, first: int, last: int, value: float | None) -> Quantity:
    start, end = index.tokens[first].start, index.tokens[last].end
    before = text[max(0, start - MODIFIER_WINDOW) : start]
    comparative = _INTENSIFIED.search(before) is not None or text[start:end].casefold() == "more"
    if comparative:
        value = None  # "much more than two": a vague "many", not a bound on two
    bound, mod_start = _modifier(before, BOUND_MODIFIERS)
    if bound is None:
        _, mod_start = _modifier(before, APPROXIMATORS)
    shown_start = start - len(before) + mod_start if mod_start is not None else start
    comparative = comparative or _ADDITIVE.search(before) is not None
    head, head_i = _counted_head(index, _figure_root(index, first, last))
    head_token = index.tokens[head_i]
    return Quantity(text[shown_start:end], value, head, bound if value is not None else None, shown_start, end,
                    text[head_token.start : head_token.end], comparative, _predicate(index, head_i),
                    head_i, last, _is_partitive(index, last))


def _figure_root(index: ArticleTokens, first: int, last: int) -> int:
    """The figure's token that attaches it to the sentence: its last, unless that hangs on
    another token of the figure ("1, 400" parsed as "400" under "1")."""
    if first <= index.tokens[last].head < last:
        return next((i for i in range(first, last + 1) if not first <= index.tokens[i].head <= last), last)
    return last


def _modifier(before: str, modifiers: tuple[str, ...]) -> tuple[str | None, int | None]:
    for modifier in modifiers:
        match = re.search(rf"\b{re.escape(modifier)}\s*$", before, re.IGNORECASE)
        if match:
            return modifier, match.start()
    return None, None


def _counted_head(index: ArticleTokens, i: int) -> tuple[str, int]:
    """Lemma of the counted thing: the noun a figure modifies, or the object of "of" after
    a share or a vague noun ("80 percent of items" -> "percent:item", "thousands of troops" -> "troop")."""
    token = index.tokens[i]
    tally = _tally_object(index, i)
    if tally is not None:
        return index.lemma(tally), tally
    head_i = token.head if token.dep in {"nummod", "quantmod", "amod", "det", "compound"} else i
    if index.tokens[head_i].dep == "quantmod" or index.tokens[head_i].pos == "NUM":
        head_i = index.tokens[head_i].head
    head = index.tokens[head_i]
    lemma = normal_form(head.lemma)
    counted = _of_object(index, head_i)
    if lemma in SHARE_UNITS:
        return (f"percent:{index.lemma(counted)}", counted) if counted is not None else ("percent", head_i)
    if head_i == i or lemma in VAGUE_WORDS or lemma in {"thousand", "hundred", "dozen", "million"}:
        return (index.lemma(counted), counted) if counted is not None else (lemma, head_i)
    return lemma, head_i


def _tally_object(index: ArticleTokens, i: int) -> int | None:
    """What a figure counts in "raised the number of people treated to 42" or "puts the
    toll at 40": the "of" object of a tally noun the figure's phrase hangs from."""
    token = index.tokens[i]
    if token.dep != "pobj" or index.lemma(token.head) not in TALLY_PREPOSITIONS:
        return None
    j = token.head
    for _ in range(TALLY_HOPS):
        if index.tokens[j].head == j:
            break
        j = index.tokens[j].head
        tallies = [j, *index.children.get(j, [])]
        for k in tallies:
            if index.lemma(k) in TALLY_NOUNS:
                counted = _of_object(index, k)
                return counted if counted is not None else k
    return None


def _predicate(index: ArticleTokens, i: int) -> str:
    """The verb a counted noun belongs to, or the noun it is "of" ("evacuation of 40
    families"): what happened to the counted things."""
    for _ in range(PREDICATE_HOPS):
        token = index.tokens[i]
        if token.head == i:
            break
        head = index.tokens[token.head]
        if head.pos in {"VERB", "AUX"} or (token.dep == "pobj" and head.lemma != "of" and head.pos == "NOUN"):
            return normal_form(head.lemma)
        if token.dep == "pobj" and head.lemma == "of":
            grand = index.tokens[head.head]
            if grand.pos == "NOUN" and normal_form(grand.lemma) not in VAGUE_WORDS | SCALE_NOUNS:
                return normal_form(grand.lemma)
        i = token.head
    return ""



def _of_object(index: ArticleTokens, i: int) -> int | None:
    for child in index.children.get(i, []):
        if index.tokens[child].lemma == "of":
            for grandchild in index.children.get(child, []):
                if index.tokens[grandchild].dep == "pobj":
                    return grandchild
    return None


