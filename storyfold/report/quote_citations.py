"""Which outlets print a quotation's words, and what the others print instead.

A quote groups every outlet that reports one statement, in any wording; a quote's sources
therefore include outlets that print only a few of its words ("many more") or another
translation.  Cited after the full quotation, they would be credited with words they never
printed, which a fact-checker cannot sign.  So the report cites a quotation to the outlets
whose evidence holds its words, and shows the other outlets' own words as partial quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyfold.model import Quote

# An outlet prints a quotation when its evidence spans cover this share of the quotation's
# words: an outlet's copy split into two sentences is still the whole quote, and one elided
# word ("[the Kremlin]") does not make it another quotation.
PRINTED_SHARE = 0.9
_NON_WORD = re.compile(r"\W+")
_ABBREVIATION_DOT = re.compile(r"(?<=\b\w)\.(?=\w\.)|(?<=\b\w\.\w)\.")


@dataclass(frozen=True, slots=True)
class QuoteCitations:
    """The outlets that print the quotation as shown, and the rest as (their words, outlets)."""

    printed_by: list[str]
    in_part: list[tuple[str, list[str]]]


def _words(text: str) -> list[str]:
    """Lower-case words; an abbreviation's dots go ("U.N." and "UN" are one word)."""
    return _NON_WORD.sub(" ", _ABBREVIATION_DOT.sub("", text)).casefold().split()


def _covered_share(quote_words: list[str], pieces: list[list[str]]) -> float:
    """Share of ``quote_words`` inside some piece found as a contiguous run of the quotation."""
    covered = [False] * len(quote_words)
    for piece in pieces:
        n = len(piece)
        for start in range(len(quote_words) - n + 1) if n else ():
            if quote_words[start : start + n] == piece:
                covered[start : start + n] = [True] * n
                break
    return sum(covered) / max(len(quote_words), 1)


def variant_kind(quote_text: str, variant_text: str) -> str:
    """How a report labels a quote's variant: "same" when only case, punctuation or an abbreviation's
    dots differ (not shown apart), "in part" for a run of the quotation's own words (a shorter
    excerpt), "variant" for other words (another translation or wording)."""
    words, part = _words(quote_text), _words(variant_text)
    if part == words:
        return "same"
    inside = 0 < len(part) < len(words) and any(
        words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))
    return "in part" if inside else "variant"


def quote_citations(quote: Quote) -> QuoteCitations:
    """Split the quote's sources into those printing its words and those printing other words.

    Outlets named on a variant are accounted for there (a variant differing only in case or
    punctuation is the quotation itself).  Without evidence (an older store), or when no outlet's
    evidence holds the words, every source is cited, as before.
    """
    if not quote.evidence:
        return QuoteCitations(list(quote.sources), [])
    words = _words(quote.text)
    by_source: dict[str, list[list[str]]] = {}
    for e in quote.evidence:
        by_source.setdefault(e.article, []).append(_words(e.text))
    same = {s for v in quote.variants if _words(v.text) == words for s in v.sources}
    printed = [s for s in quote.sources
               if s in same or _covered_share(words, by_source.get(s, [])) >= PRINTED_SHARE]
    if not printed:
        return QuoteCitations(list(quote.sources), [])
    accounted = set(printed) | {s for v in quote.variants for s in v.sources}
    return QuoteCitations(printed, _partial(quote, accounted))


def _partial(quote: Quote, accounted: set[str]) -> list[tuple[str, list[str]]]:
    """The words each remaining outlet prints, one entry per distinct wording, in evidence order."""
    wordings: dict[tuple[str, ...], tuple[str, list[str]]] = {}
    for e in quote.evidence:
        if e.article in accounted:
            continue
        key = tuple(_words(e.text))
        sources = wordings.setdefault(key, (e.text.strip(), []))[1]
        if e.article not in sources:
            sources.append(e.article)
    return list(wordings.values())
