"""Run-on captures: a page collapsed onto one or a few very long lines, cut into sentence-like units.

Some scrapers join a whole page with spaces, so the menu, the headline, the byline,
the article, the "Also read" teasers, the newsletter box and the footer share one
line, and a line-based classifier has nothing to split.  Page chrome has shapes of
its own even without line breaks, and those are where a long line is cut:

* sentence ends (a full stop, then a capital);
* menus: items of one to three capitalised words set apart by bars, dots or chevrons;
* chrome openers: the first words widgets start with ("Follow us", "Also read",
  "Advertisement", "Sign up", "Comments", "©", "By Name", "Published");
* after a menu or an opener, a run of capitalised words (a title-case headline, an
  author's name) or of date words ends where lower-case prose starts: the last
  capital before the first lower-case word opens the sentence.

Each unit is a :class:`~storyfold.clean.blocks.Block` with raw offsets and the
index of the line it came from (``group``), so the classifier judges units like
lines, and neighbouring kept units of one line are joined back into one paragraph.
Every pattern is a single left-to-right regex pass: cost is linear in the line.
"""

from __future__ import annotations

import re

from storyfold.clean import reasons
from storyfold.clean.blocks import Block

# A line longer than any news paragraph (they rarely pass 1,000 characters) is a run-on
# capture; shorter lines are left to the line classifier as they are.
RUNON_LINE_CHARS = 1200
# A menu item is one to three words; a menu has at least three items.
MENU_ITEM = r"[A-Z0-9][\w&'’.-]*(?: [A-Z0-9&][\w&'’.-]*){0,2}"
MENU_RUN = re.compile(rf"{MENU_ITEM}(?:\s*[|·•»›]\s*{MENU_ITEM}){{2,}}")
# A full stop, or a closing parenthesis (a caption's credit), then a capital or an opening quote.
SENTENCE_CUT = re.compile(r"(?:(?<=[.!?…])[\"'”’)\]]*|(?<=\)))\s+(?=[\"“‘(]?[A-Z0-9])")
# Words that open a widget; a capitalised one mid-line (not after a full stop) starts chrome.
CHROME_OPENER = re.compile(
    r"(?<=\s)(?=(?:Follow us|Also read|Read (?:more|also|next)|See also|Related(?: stories| articles)?\b|More from\b"
    r"|Most (?:read|popular|viewed)|Trending|Recommended|Advertisement|Sponsored|Sign up|Subscribe|Newsletter"
    r"|Share (?:this|on)|Comments?\b|Leave a (?:comment|reply)|Join the (?:conversation|discussion)|Copyright\b|©"
    r"|All rights reserved|Privacy Policy|Terms of|Skip to|Tags:|Topics:|Photo:|Image:|Listen to"
    r"|Your e-?mail|E-?mail address|Enter your e-?mail|Sign me up|You can unsubscribe"
    r"|~?\d+ (?:minutes?|mins?|hours?|days?) ago\b|By [A-Z][\w'’.-]+ [A-Z]|Published\b|Updated\b|Posted\b"
    r"|We use cookies|This site uses cookies))"
)
# A run of capitalised tokens this long is a menu or a teaser soup, not a name in a sentence
# ("New York Police Commissioner Ray Kelly" is six): it is cut out as a unit of its own.
MIN_TITLE_RUN_TOKENS = 7
TITLE_RUN = re.compile(rf"(?:(?:[A-Z0-9][\w&'’.:/+-]*|[&|·•»›/+-])\s+){{{MIN_TITLE_RUN_TOKENS},}}")
# How far back to look for the word before a run (longer words are not words).
MAX_WORD_CHARS = 40
# Longer than any headline: such a capitalised unit can only be a menu.
MIN_MENU_SOUP_TOKENS = 16
# Tokens that may follow a byline's name: dates, times, "Published".
DATE_TOKEN = re.compile(
    r"^(?:\d[\d:./,-]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?|(?:mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*,?|published|updated|posted|on|at|am|pm|gmt|utc|bst|cet|est|edt|pst|[·|-])$",
    re.IGNORECASE,
)
# Small words inside a title-case run ("Council Of The North").
TITLE_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "at", "with", "after", "over", "&"})
# A chrome head is looked for in this many leading tokens of a unit (bounded work per unit).
MAX_HEAD_TOKENS = 30
# What is left after a head is cut must be a sentence start, not a stray word.
MIN_REST_TOKENS = 3
TOKEN = re.compile(r"\S+")


def is_run_on(block: Block) -> bool:
    return len(block.text) >= RUNON_LINE_CHARS


def segment(raw: str, block: Block, group: int) -> list[Block]:
    """The sentence-like units of a run-on line, with raw offsets, tagged with the line's ``group``."""
    text = block.text
    cuts: dict[int, bool] = {0: True}  # offset -> whether the unit there may start with a chrome head
    for match in SENTENCE_CUT.finditer(text):
        cuts.setdefault(match.end(), False)
    for match in CHROME_OPENER.finditer(text):
        cuts[match.start()] = True
    for match in MENU_RUN.finditer(text):
        cuts[match.start()] = True
        cuts[_menu_end(text, match)] = True
    for match in TITLE_RUN.finditer(text):
        cuts[_run_start(text, match)] = True
        cuts[_run_end(text, match)] = False
    units: list[Block] = []
    ordered = sorted(cuts)
    for start, end in zip(ordered, [*ordered[1:], len(text)], strict=True):
        head = _chrome_head_end(text, start, end) if cuts[start] else start
        for piece_start, piece_end in ((start, head), (head, end)):
            piece = block.piece(piece_start, piece_end)
            if piece.text:
                piece.group = group
                piece.reason = reasons.NAVIGATION if is_menu_soup(piece.text) else None
                units.append(piece)
    return units


def is_menu_soup(text: str) -> bool:
    """Many capitalised tokens and not one lower-case word: menu items that lost their line breaks."""
    tokens = text.split()
    return len(tokens) >= MIN_MENU_SOUP_TOKENS and not any(token[:1].islower() for token in tokens)


def _run_start(text: str, match: re.Match[str]) -> int:
    """Where a capitalised run starts: after its first word when that word ends a lower-case phrase ("in Oakhurst")."""
    before = text[max(0, match.start() - MAX_WORD_CHARS):match.start()].split()
    if before and before[-1][:1].islower():
        first_space = text.find(" ", match.start(), match.end())
        return first_space + 1 if first_space > 0 else match.start()
    return match.start()


def _run_end(text: str, match: re.Match[str]) -> int:
    """Where a capitalised run ends: before its last word when lower-case prose follows (that word opens it)."""
    end = match.end()
    if end < len(text) and text[end:end + 1].islower():
        last_space = text.rfind(" ", match.start(), end - 1)
        return last_space + 1 if last_space > match.start() else end
    return end


def _menu_end(text: str, match: re.Match[str]) -> int:
    """Where a menu ends: its last item gives back a final capitalised word that opens lower-case prose."""
    end = match.end()
    following = TOKEN.match(text, end + 1) if end < len(text) and text[end] == " " else None
    last_item = re.split(r"\s*[|·•»›]\s*", match.group())[-1]
    if following and following.group()[:1].islower() and " " in last_item:
        return match.start() + match.group().rindex(" ")
    return end


def _chrome_head_end(text: str, start: int, end: int) -> int:
    """Where a leading capitalised or date run (a headline, a name, a date line) gives way to prose."""
    tokens = []
    for token in TOKEN.finditer(text, start, end):
        tokens.append(token)
        if len(tokens) > MAX_HEAD_TOKENS:
            return start
        word = token.group()
        if word[:1].islower() and word.lower() not in TITLE_SMALL_WORDS and not DATE_TOKEN.match(word):
            break
    else:
        return start  # the whole unit is one run: nothing to cut
    if len(tokens) < 2:
        return start
    first_prose = len(tokens) - 1
    opener = first_prose - 1 if tokens[first_prose - 1].group()[:1].isupper() else first_prose
    if opener < 1 or len(list(TOKEN.finditer(text, tokens[opener].start(), end))) < MIN_REST_TOKENS:
        return start
    return tokens[opener].start()


def segment_long_lines(raw: str, blocks: list[Block]) -> list[Block]:
    """``blocks`` with each run-on line replaced by its units (other lines as they are)."""
    if not any(is_run_on(block) for block in blocks):
        return blocks
    result: list[Block] = []
    for index, block in enumerate(blocks):
        result.extend(segment(raw, block, index) if is_run_on(block) else [block])
    return result


def rejoin_kept(raw: str, blocks: list[Block]) -> list[str]:
    """The kept text as paragraphs: neighbouring kept units of one run-on line are one paragraph again."""
    paragraphs: list[str] = []
    previous: Block | None = None
    for block in blocks:
        if block.reason is not None:
            previous = None
            continue
        if previous is not None and block.group is not None and block.group == previous.group:
            paragraphs[-1] = paragraphs[-1] + raw[previous.end:block.start] + block.flat
        else:
            paragraphs.append(block.flat)
        previous = block
    return paragraphs
