"""Names that independent outlets spell differently ("Volodymyr" / "Wolodymyr").

Entity resolution already groups a person's or a place's variant spellings under one
name; a variant is a discrepancy a reader should see only when independent outlets use
different forms, and forms that differ only in dots and spaces ("U.S." / "US") are one.
"""

from __future__ import annotations

from storyfold.analyze.claims import normal_form
from storyfold.analyze.context import StoryContext
from storyfold.analyze.discrepancies.disagreement import independent_disagreement, ordered
from storyfold.analyze.entities import spelling_variants
from storyfold.model import Discrepancy, DiscrepancyValue, Evidence

# People and places: a misspelt organisation name is rarer and usually an abbreviation.
SPELLING_TYPES = frozenset({"PERSON", "GPE", "LOC", "FAC"})


def spelling_discrepancies(ctx: StoryContext) -> list[Discrepancy]:
    """One discrepancy per person or place whose spellings differ between independent outlets."""
    found: list[Discrepancy] = []
    for entity in ctx.entities:
        if entity.type not in SPELLING_TYPES:
            continue
        spellings = _merge_punctuation_forms(spelling_variants(entity))
        if len(spellings) < 2:
            continue
        values = [
            DiscrepancyValue(
                spelling,
                ctx.order_sources(articles),
                _first_mentions(entity.mentions, spelling, articles),
            )
            for spelling, articles in spellings.items()
        ]
        if independent_disagreement(ctx, values):
            found.append(Discrepancy(entity.name, "spelling", ordered(values)))
    return found


def _letters(text: str) -> str:
    return "".join(ch for ch in normal_form(text) if ch.isalnum())


def _merge_punctuation_forms(spellings: dict[str, list[str]]) -> dict[str, list[str]]:
    """"U.S." and "US" are one spelling: forms equal once dots and spaces go are merged,
    shown in the form more articles use."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for spelling, articles in sorted(spellings.items(), key=lambda kv: -len(kv[1])):
        key = _letters(spelling)
        if key in merged:
            merged[key][1].extend(a for a in articles if a not in merged[key][1])
        else:
            merged[key] = (spelling, list(articles))
    return dict(merged.values())


def _first_mentions(mentions: list[Evidence], spelling: str, articles: list[str]) -> list[Evidence]:
    """Each article's first mention in this spelling: the evidence a reader can check."""
    key = _letters(spelling)
    first: dict[str, Evidence] = {}
    for mention in mentions:
        if mention.article in articles and mention.article not in first and _letters(mention.text) == key:
            first[mention.article] = mention
    return [first[a] for a in articles if a in first]
