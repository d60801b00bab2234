"""The block classifier for plain-text captures: which lines are the article, and why the rest is not.

A scraped page without markup still has the page's shape: chrome before the
article (menus, appeals, the headline and byline, a photo caption), the article
(paragraphs, quotes, sub-headings, the odd inline caption or advert), and chrome
after it (teasers for other stories, news feeds, newsletter forms, footers).
Classification runs in passes:

1. wording (:mod:`storyfold.clean.wording`): widget and appeal wording families;
2. repetition: blocks the same outlet printed on other pages of this run;
3. the lead: the first real paragraph, which splits the page into head and rest;
4. the head: the headline (TITLE) and byline (BYLINE) are kept for the metadata
   stage as removed spans; menus and section labels before them go;
5. the tail: items after "Related"/"Most read" labels and timestamps, headline +
   standfirst teasers that run into the closing chrome, appeals after the end;
6. off-topic round-up sections at the end (:mod:`storyfold.clean.sections`).

Every removed block keeps its raw offsets, so ``article.raw[start:end]`` is the
removed text.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from storyfold.clean import reasons
from storyfold.clean.blocks import Block, split_blocks
from storyfold.clean.runon import rejoin_kept, segment_long_lines
from storyfold.clean.sections import followed_by_body, mark_roundups
from storyfold.clean.shape import (
    MIN_HEADLINE_WORDS,
    MIN_LEAD_WORDS,
    is_body_paragraph,
    is_byline,
    is_marked_heading,
    is_name_line,
    is_timestamp,
    looks_like_headline,
)
from storyfold.clean.wording import (
    ADDRESS,
    LIST_ITEM,
    MAX_WIDGET_WORDS,
    has_appeal_wording,
    is_bare_label,
    is_sentence,
    menu_reason,
    unquoted,
    wording_reason,
    words,
)
from storyfold.model import Article, RemovedSpan

# A teaser's standfirst is one or two sentences; an article paragraph after a
# "Read more" link is usually longer, and is only taken in the page's tail anyway.
MAX_STANDFIRST_CHARS = 500
# The page's tail starts where little article-like prose is left: at most this share
# of the prose before it, and at most this many characters.
TAIL_SHARE = 0.2
MAX_TAIL_CHARS = 800
# A teaser pair (headline + standfirst) before the closing chrome is only taken when
# the article before it has at least this many paragraphs: a short article's own
# sub-heading and last paragraph must not be mistaken for one.
MIN_PARAGRAPHS_BEFORE_TEASER = 3
# A teaser's title is a full headline (who did what); an article's own closing
# sub-heading is often a short phrase ("What happens next"), which this keeps apart.
MIN_TEASER_HEADLINE_WORDS = 6
# Headline-shaped lines in a row after the article's last paragraph: a label and two
# teasers, or three teasers.  Fewer could be the article's own closing lines.
MIN_TEASER_RUN = 3
# The byline sits right under the headline: within this many blocks of it.
TITLE_BYLINE_DISTANCE = 2
# A title given by the container (JSONL key, capture header) matches its line loosely.
MIN_TITLE_SIMILARITY = 90
# Chrome that follows a teaser (headline + standfirst) in a page's closing widgets.
TEASER_FOLLOWERS = frozenset({
    reasons.RELATED, reasons.DONATION, reasons.SUBSCRIPTION, reasons.NEWSLETTER, reasons.FORM, reasons.REPEATED,
})
# Closing chrome: once one of these has started in the page's tail, the article is over.
END_REASONS = TEASER_FOLLOWERS | {reasons.FOOTER, reasons.COMMENTS, reasons.AUTHOR_BIO, reasons.NAVIGATION}
# Leading widget markers that a capture may glue to the first words of a paragraph.
GLUED_MARKER = re.compile(
    r"^\W*(?:advertisement|skip to (?:main )?content|listen to (?:this|the) (?:article|story)(?:\W+\d+\s*min\w*)?)"
    r"\W+(?=[A-Z\"“])",
    re.IGNORECASE,
)
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
KEY_NOISE = re.compile(r"[\W_]+")
DIGITS = re.compile(r"\d")


def clean_text(article: Article, repeated: frozenset[str] = frozenset(), blocks: list[Block] | None = None) -> None:
    """Set ``article.text`` and ``article.removed`` for a plain-text capture."""
    begin = header_end(article)
    removed = [RemovedSpan(article.raw[:begin], reasons.CAPTURE_HEADER, 0, begin)] if begin else []
    blocks = text_blocks(article) if blocks is None else blocks
    title = article.fields.get("title")
    classify_blocks(blocks, repeated=repeated, title_hint=title if isinstance(title, str) else None)
    article.text = "\n\n".join(rejoin_kept(article.raw, blocks))
    article.removed = removed + removed_spans(article.raw, blocks)


def header_end(article: Article) -> int:
    """Where the page starts after the capture header that ingest found (0: none)."""
    end = article.fields.get("header_end")
    return end if isinstance(end, int) and 0 < end <= len(article.raw) else 0


def text_blocks(article: Article) -> list[Block]:
    """The article's blocks after its capture header, unclassified (run-on lines cut into units)."""
    return segment_long_lines(article.raw, split_blocks(article.raw, header_end(article)))


def block_key(text: str) -> str:
    """A block's identity across pages: case, digits, punctuation and spacing do not count."""
    return KEY_NOISE.sub(" ", DIGITS.sub("0", text.lower())).strip()


def classify_blocks(
    blocks: list[Block], *, repeated: frozenset[str] = frozenset(), title_hint: str | None = None
) -> None:
    """Give every chrome block its reason in place; blocks left with ``None`` are the article."""
    blocks[:] = split_glued_chrome(blocks)
    for block in blocks:
        shaped = None if is_byline(block.flat) else menu_reason(block.flat)
        block.reason = block.reason or wording_reason(block.flat) or shaped  # (a run-on unit may come judged)
        if block.reason is None and repeated and block_key(block.flat) in repeated:
            block.reason = reasons.REPEATED
    lead = find_lead(blocks)
    if lead is None:
        return
    title = classify_head(blocks, lead, title_hint)
    classify_tail(blocks, lead)
    mark_roundups(blocks, lead, title)


def find_lead(blocks: list[Block]) -> int | None:
    """Index of the article's first paragraph: the first unclaimed block of real prose."""
    for index, block in enumerate(blocks):
        if block.reason is None and is_body_paragraph(block.flat):
            return index
    return None


# ----------------------------------------------------------------------------- splitting


def split_glued_chrome(blocks: list[Block]) -> list[Block]:
    """Split blocks where a capture glued chrome (a marker, a promo sentence) to the lead's first words."""
    result: list[Block] = []
    for block in blocks:
        cut = glued_chrome_end(block.text)
        if cut:
            result += [block.piece(0, cut), block.piece(cut, len(block.text))]
        else:
            result.append(block)
    return result


def glued_chrome_end(text: str) -> int:
    """Offset in ``text`` where glued leading chrome ends and prose begins (0: nothing glued)."""
    marker = GLUED_MARKER.match(text)
    if marker and len(words(text[marker.end():])) >= MIN_LEAD_WORDS:
        return marker.end()
    cut = 0
    for boundary in SENTENCE_BREAK.finditer(text):
        if wording_reason(text[cut:boundary.start()]) is None:
            break
        cut = boundary.end()
    rest = text[cut:]
    clean_prose = is_body_paragraph(rest) and wording_reason(rest) is None and not has_appeal_wording(rest)
    return cut if cut and clean_prose else 0


# ----------------------------------------------------------------------------- head


def classify_head(blocks: list[Block], lead: int, title_hint: str | None) -> str | None:
    """Headline, byline and the chrome before the lead; returns the headline's text, if found."""
    head = blocks[:lead]
    for block in head:
        if block.reason is None and is_byline(block.flat):
            block.reason = reasons.BYLINE
    title_index = find_title(head, title_hint)
    if title_index is not None:
        head[title_index].reason = reasons.TITLE
        mark_author_lines(head, title_index)
    for index, block in enumerate(head):
        if block.reason is not None or is_sentence(block.flat):
            continue  # a short sentence before the lead (a standfirst) is the article's
        before_title = title_index is None or index < title_index
        if before_title or len(words(block.flat)) < MIN_HEADLINE_WORDS:
            block.reason = reasons.NAVIGATION  # mastheads, menus, section labels
    return head[title_index].flat if title_index is not None else title_hint


def find_title(head: list[Block], title_hint: str | None) -> int | None:
    """The headline: the line the container names, else the last headline-shaped line before the lead."""
    if title_hint:
        for index, block in enumerate(head):
            if fuzz.ratio(block.flat.lower(), title_hint.lower()) >= MIN_TITLE_SIMILARITY:
                return index
    candidates = [
        index for index in range(len(head) - 1, -1, -1)
        if head[index].reason is None and looks_like_headline(head[index].flat) and not is_name_line(head[index].flat)
    ]
    over_byline = [index for index in candidates if _byline_follows(head, index)]
    plain_case = [index for index in candidates if not head[index].flat.isupper()]
    return (over_byline or plain_case or candidates or [None])[0]


def _byline_follows(head: list[Block], index: int) -> bool:
    """A headline is usually directly followed by its byline or date line (or by author names)."""
    following = head[index + 1:index + 1 + TITLE_BYLINE_DISTANCE]
    return any(b.reason == reasons.BYLINE or (b.reason is None and is_name_line(b.flat)) for b in following)


def mark_author_lines(head: list[Block], title_index: int) -> None:
    """Name lines right after the headline (before the lead) are the byline."""
    for block in head[title_index + 1:]:
        if block.reason is None and is_name_line(block.flat):
            block.reason = reasons.BYLINE


# ----------------------------------------------------------------------------- tail


def classify_tail(blocks: list[Block], lead: int) -> None:
    """Teasers, feeds and appeals after the article."""
    mark_listed_teasers(blocks, lead)
    mark_teasers_before_closing(blocks, lead)
    mark_headline_runs(blocks, lead)
    mark_after_closing(blocks, lead)


def prose_chars(blocks: list[Block], start: int, end: int) -> int:
    """Characters of unclaimed prose in ``blocks[start:end]``: how much article is there."""
    return sum(_prose_size(b) for b in blocks[start:end])


def _prose_size(block: Block) -> int:
    return len(block.text) if block.reason is None and is_sentence(block.flat) else 0


def prose_prefix(blocks: list[Block]) -> list[int]:
    """Running prose characters (``prefix[i]``: prose in ``blocks[:i]``), so each tail test is O(1).

    A pass takes one snapshot at its start: a run-on capture cut into tens of thousands
    of units would make a fresh sum per block quadratic.
    """
    prefix = [0]
    for block in blocks:
        prefix.append(prefix[-1] + _prose_size(block))
    return prefix


def in_tail(blocks: list[Block], index: int, prefix: list[int] | None = None) -> bool:
    """True when little prose follows ``index`` compared with what came before it."""
    prefix = prefix if prefix is not None else prose_prefix(blocks)
    after = prefix[len(blocks)] - prefix[index + 1]
    return after <= MAX_TAIL_CHARS and after <= TAIL_SHARE * prefix[index]


def mark_listed_teasers(blocks: list[Block], lead: int) -> None:
    """Items under a "Related"/"Most read" label or a feed timestamp: headlines, list items, standfirsts."""
    prefix = prose_prefix(blocks)
    for index in range(lead, len(blocks)):
        block = blocks[index]
        if block.reason is None and is_timestamp(block.flat):
            block.reason = reasons.RELATED
        if block.reason == reasons.RELATED and (is_bare_label(block.flat) or is_timestamp(block.flat)):
            _take_teaser_items(blocks, index, after_timestamp=is_timestamp(block.flat), prefix=prefix)


def _take_teaser_items(blocks: list[Block], label: int, *, after_timestamp: bool, prefix: list[int]) -> None:
    """Take headline, list-item and standfirst blocks after ``label`` until something else comes.

    A standfirst (a sentence under a teaser headline) is only taken in the page's tail
    or in a timestamped feed: elsewhere the sentence may be the article going on.
    """
    tail = in_tail(blocks, label, prefix)
    expect_headline, had_headline, dated = after_timestamp, False, after_timestamp
    for index in range(label + 1, len(blocks)):
        block, text = blocks[index], blocks[index].flat
        if is_timestamp(text):
            dated = True
        if block.reason is not None or (not tail and not dated and followed_by_body(blocks, index)):
            return  # inside the article, a heading over a paragraph is the article's own sub-heading
        if is_timestamp(text):
            expect_headline, had_headline = True, False
        elif looks_like_headline(text) or LIST_ITEM.match(text) or (expect_headline and _is_short(text)):
            expect_headline, had_headline = False, True
        elif had_headline and (tail or dated) and len(text) <= MAX_STANDFIRST_CHARS:
            had_headline = False
        else:
            return
        block.reason = reasons.RELATED


def _is_short(text: str) -> bool:
    return len(words(text)) <= MAX_WIDGET_WORDS


def mark_teasers_before_closing(blocks: list[Block], lead: int) -> None:
    """Headline + standfirst pairs that run straight into the closing chrome are teasers."""
    prefix = prose_prefix(blocks)
    for index in range(len(blocks) - 1, lead, -1):
        if blocks[index].reason not in TEASER_FOLLOWERS or not in_tail(blocks, index, prefix):
            continue
        pair_end = index
        while _is_teaser_pair(blocks, pair_end - 2, lead):
            blocks[pair_end - 2].reason = blocks[pair_end - 1].reason = reasons.RELATED
            pair_end -= 2


def _is_teaser_pair(blocks: list[Block], start: int, lead: int) -> bool:
    if start - lead < MIN_PARAGRAPHS_BEFORE_TEASER:
        return False
    headline, standfirst = blocks[start], blocks[start + 1]
    return (
        len(words(headline.flat)) >= MIN_TEASER_HEADLINE_WORDS
        and headline.reason is None
        and standfirst.reason is None
        and looks_like_headline(headline.flat)
        and not is_marked_heading(headline.flat)
        and is_sentence(standfirst.flat)
        and len(standfirst.text) <= MAX_STANDFIRST_CHARS
    )


def mark_headline_runs(blocks: list[Block], lead: int) -> None:
    """A run of headline-shaped lines after the last paragraph, running into closing chrome, is a teaser list.

    This needs no label wording, so it holds for lists introduced in any language.
    """
    last_paragraph = max((i for i in range(lead, len(blocks)) if _is_article_paragraph(blocks[i])), default=lead)
    run: list[Block] = []
    for block in blocks[last_paragraph + 1:]:
        if block.reason is None and not is_sentence(block.flat) and looks_like_headline(block.flat):
            run.append(block)
            continue
        if block.reason in END_REASONS and len(run) >= MIN_TEASER_RUN:
            for teaser in run:
                teaser.reason = reasons.RELATED
        run = []


def _is_article_paragraph(block: Block) -> bool:
    return block.reason is None and is_body_paragraph(block.flat)


def mark_after_closing(blocks: list[Block], lead: int) -> None:
    """After the closing chrome starts: the outlet's own voice is an appeal, stray labels take their neighbours' reason.

    Prose that does not address the reader is kept: an article may go on after an
    inline newsletter box, and losing its last paragraph costs more than a stray line.
    """
    prefix = prose_prefix(blocks)
    ends = (i for i in range(lead, len(blocks)) if blocks[i].reason in END_REASONS and in_tail(blocks, i, prefix))
    closing = next(ends, None)
    if closing is None:
        return
    previous = blocks[closing].reason
    for block in blocks[closing + 1:]:
        if block.reason is not None:
            previous = block.reason
        elif ADDRESS.search(unquoted(block.flat)):
            block.reason = reasons.DONATION
        elif not is_sentence(block.flat):
            block.reason = previous


# ----------------------------------------------------------------------------- spans


def removed_spans(raw: str, blocks: list[Block]) -> list[RemovedSpan]:
    """One span per run of neighbouring blocks removed for the same reason, with raw offsets."""
    spans: list[RemovedSpan] = []
    run: list[Block] = []
    for block in [*blocks, None]:
        if run and (block is None or block.reason != run[0].reason):
            start, end = run[0].start, run[-1].end
            spans.append(RemovedSpan(raw[start:end], run[0].reason or "", start, end))
            run = []
        if block is not None and block.reason is not None:
            run.append(block)
    return spans
