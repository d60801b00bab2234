"""Is there an article left after cleaning?  Decided by what the text is, not by its length.

A news brief of one 30-character sentence ("Sean Spicer might outlast him.") is an
article; a page whose cleaned text is a menu, a cookie banner, a paywall stub, an
error message or a script is not, however long.  What the brief has and chrome
lacks is a sentence of prose with a subject: several words, most of them in lower
case (menus and teaser lists are title case), not an order to the reader ("Subscribe
to continue reading", "Please enable JavaScript"), not the page talking about
itself ("This page could not be found"), and not code.
"""

from __future__ import annotations

import re

from storyfold.clean.wording import IMPERATIVE_START, unquoted, words

# The shortest real lead in the NeuS val set is five words ("Sean Spicer might outlast
# him."); a menu item or a button label is one to three.
MIN_PROSE_WORDS = 4
# Prose is mostly lower-case words after the first; title-case teaser runs and menus are not.
MIN_LOWER_SHARE = 0.3
# A sentence without a final stop still counts when it is this long (a lead cut by the
# scraper); shorter unterminated lines are labels and headlines.
MIN_UNTERMINATED_WORDS = 8
# Code has many of these per word; prose almost none.
MAX_CODE_MARKS_PER_WORD = 0.2
# Checking this many sentences is enough to find one of prose in any real article,
# and keeps the gate linear on a huge capture.
MAX_SENTENCES_CHECKED = 200

SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"'”’)\]]*|$)", re.MULTILINE)
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
CODE_MARKS = re.compile(r"[{}();=<>\[\]$#]|=>|&&|\|\|")
# Orders a page gives its reader (a sentence without a subject), beyond the appeal verbs.
UI_ORDER = re.compile(
    r"^\W*(?:please|click|tap|enter|accept|allow|enable|disable|continue|read|watch|listen|see|check|go|return"
    r"|visit|refresh|reload|select|choose|share|log ?in|sign ?in|get|start|buy|try|turn (?:on|off)|update your"
    r"|use (?:a|the|our))\b",
    re.IGNORECASE,
)
# The page talking about itself: error and access pages.
PAGE_ABOUT_ITSELF = re.compile(
    r"\b(?:page|article|content|story|file|url)\b[^.!?]{0,40}\b(?:not (?:be )?found|(?:does|do|could|can) ?n[o']t"
    r" (?:be )?(?:found|exist|available|load\w*)|no longer (?:exists|available)"
    r"|(?:has|have) been (?:moved|removed|deleted))"
    r"|\b(?:404|403|500)\b[^.!?]{0,20}\b(?:error|not found|forbidden)\b|\ban? (?:unexpected )?error (?:has )?occurred\b"
    r"|\bsomething went wrong\b|\baccess (?:denied|to this page)\b"
    r"|\b(?:javascript|cookies) (?:is|are) (?:disabled|required|needed)\b|\bare you a (?:robot|human)\b"
    r"|\bverify (?:that )?you are (?:a )?human\b|\b(?:your|this) browser\b",
    re.IGNORECASE,
)


def has_prose(text: str) -> bool:
    """True when ``text`` holds at least one sentence of prose with a subject."""
    for count, match in enumerate(SENTENCE.finditer(text)):
        if count >= MAX_SENTENCES_CHECKED:
            return False
        if is_prose_sentence(match.group().strip()):
            return True
    return False


def is_prose_sentence(sentence: str) -> bool:
    """A sentence a reporter wrote: long enough, lower-case words, a subject, no code, not about the page."""
    tokens = words(sentence)
    if len(tokens) < MIN_PROSE_WORDS:
        return False
    if not SENTENCE_END.search(sentence) and len(tokens) < MIN_UNTERMINATED_WORDS:
        return False
    lower = sum(1 for token in tokens[1:] if token[:1].islower())
    if lower < MIN_LOWER_SHARE * (len(tokens) - 1):
        return False
    if len(CODE_MARKS.findall(sentence)) > MAX_CODE_MARKS_PER_WORD * len(tokens):
        return False
    own_voice = unquoted(sentence)
    if UI_ORDER.match(own_voice) or IMPERATIVE_START.match(own_voice):
        return False  # an order to the reader has no subject
    return not PAGE_ABOUT_ITSELF.search(own_voice)
