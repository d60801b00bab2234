"""The table of quotation marks: one place that says which characters open and close a quote.

Scraped news mixes curly, straight, low and guillemet marks; the quote scanner, the
timeline (a stray closing mark left at a sentence start) and claims (quoted passages)
read the same table, so a mark one of them knows is never text to another.
"""

from __future__ import annotations

OPENING_DOUBLE = "“„«"
CLOSING_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
OPENING_SINGLE = "‘‹"
CLOSING_SINGLE = "’›"
STRAIGHT_SINGLE = "'"
ALL_DOUBLE = OPENING_DOUBLE + CLOSING_DOUBLE + STRAIGHT_DOUBLE
ALL_SINGLE = OPENING_SINGLE + CLOSING_SINGLE + STRAIGHT_SINGLE
# Marks that open a quote (either style), for trimming a quote's edge.
OPENING_MARKS = OPENING_DOUBLE + OPENING_SINGLE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
# Marks that, followed by a space at a sentence's start, close the sentence before it.
CLOSING_MARKS = CLOSING_DOUBLE + CLOSING_SINGLE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
# A straight quote mark opens a quote when it follows one of these (or starts the paragraph).
OPENS_AFTER = " \t([{—–-/:"


def straight_quote_opens(text: str, i: int) -> bool:
    """A straight quote mark at ``i`` opens a quotation: at the start, or after a space, bracket or dash."""
    return i == 0 or text[i - 1] in OPENS_AFTER or text[i - 1].isspace()
