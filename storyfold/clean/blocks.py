"""Split a plain-text capture into blocks that keep their offsets into the raw text.

A scraped page arrives as lines: one line per paragraph, per menu, per caption.
Each block remembers where it sits in ``Article.raw`` so that everything the
cleaner removes can be reported as ``raw[start:end]``.  Two capture habits are
undone here: hard-wrapped text (paragraphs broken at a fixed width, separated by
blank lines) is read paragraph by paragraph, and a line that visibly runs on into
the next (a dangling dash or comma, a next line starting in lower case) is
joined to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Hard-wrapped captures break lines at a fixed width, usually 60-80 characters;
# a capture is taken as wrapped when most of its lines end inside this band and
# none is much longer (a scraped page has many lines far longer than any wrap width).
WRAP_MIN_CHARS = 50
WRAP_MAX_CHARS = 100
WRAPPED_LINE_SHARE = 0.6
# A line may only continue into the next one when it is short enough to be a
# visual fragment; a full paragraph ending without punctuation is its own block.
MAX_FRAGMENT_CHARS = 200

LINE = re.compile(r"[^\n]+")
PARAGRAPH = re.compile(r"\S(?:[^\n]|\n(?![ \t\r\f\v]*\n))*")  # lines up to the next blank line
# A line ending like this runs on into the next: an em/en dash, a hyphen or a comma.
DANGLING_END = re.compile(r"[—–,-]$")
LOWER_START = re.compile(r"^[a-z]")
INNER_BREAKS = re.compile(r"\s*\n\s*")


@dataclass(slots=True)
class Block:
    """A stretch of ``raw[start:end]`` that is classified as a whole (``reason`` None: body)."""

    start: int
    end: int
    text: str
    reason: str | None = None
    group: int | None = None  # the run-on line a unit was cut from (storyfold.clean.runon); None: a whole line

    @property
    def flat(self) -> str:
        """The block on one line: inner line breaks of a joined or wrapped block become spaces."""
        return INNER_BREAKS.sub(" ", self.text)

    def piece(self, start: int, end: int) -> Block:
        """``text[start:end]`` as a block of its own, stripped, still with raw offsets (a glued part split off)."""
        return stripped_block(self.text, start, end, offset=self.start)


def split_blocks(raw: str, begin: int = 0) -> list[Block]:
    """The blocks of ``raw[begin:]``, each stripped of surrounding blanks, with raw offsets."""
    if looks_hard_wrapped(raw[begin:]):
        return [stripped_block(raw, m.start() + begin, m.end() + begin) for m in PARAGRAPH.finditer(raw[begin:])]
    lines = [stripped_block(raw, m.start() + begin, m.end() + begin) for m in LINE.finditer(raw[begin:])]
    return join_fragments(raw, [line for line in lines if line.text])


def looks_hard_wrapped(text: str) -> bool:
    """True when the text's lines are cut at a fixed width rather than at paragraph ends."""
    lengths = [len(line.strip()) for line in text.splitlines() if line.strip()]
    if len(lengths) < 3 or max(lengths) > WRAP_MAX_CHARS * 1.2:
        return False
    in_band = sum(WRAP_MIN_CHARS <= n <= WRAP_MAX_CHARS for n in lengths)
    return in_band / len(lengths) >= WRAPPED_LINE_SHARE


def join_fragments(raw: str, lines: list[Block]) -> list[Block]:
    """Join a line to the next when it visibly runs on (dangling dash or comma, lower-case follow-up)."""
    blocks: list[Block] = []
    for line in lines:
        previous = blocks[-1] if blocks else None
        if previous is not None and runs_on(previous.text, line.text) and _adjacent(raw, previous, line):
            blocks[-1] = Block(previous.start, line.end, raw[previous.start:line.end])
        else:
            blocks.append(line)
    return blocks


def runs_on(line: str, following: str) -> bool:
    """True when ``line`` is a fragment that ``following`` completes."""
    if len(line) > MAX_FRAGMENT_CHARS:
        return False
    return bool(DANGLING_END.search(line) or LOWER_START.match(following))


def _adjacent(raw: str, first: Block, second: Block) -> bool:
    """Only lines separated by a single line break belong together (a blank line ends a paragraph)."""
    return raw.count("\n", first.end, second.start) == 1


def stripped_block(text: str, start: int, end: int, offset: int = 0) -> Block:
    """``text[start:end]`` without its surrounding blanks, as a block whose offsets point into the raw capture.

    ``offset`` is where ``text`` starts in the raw capture (0 when ``text`` is the capture
    itself), so a line of the page and a piece cut from a block are both reported as ``raw[start:end]``.
    """
    window = text[start:end]
    left = len(window) - len(window.lstrip())
    right = len(window.rstrip())
    if right <= left:
        return Block(offset + start, offset + start, "")
    return Block(offset + start + left, offset + start + right, window[left:right])
