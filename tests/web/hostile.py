"""A small, realistic story whose article text, title and outlet carry XSS and Markdown-injection payloads."""

from __future__ import annotations

from storyfold.model import (
    Analysis,
    Article,
    Discrepancy,
    DiscrepancyValue,
    Evidence,
    Fact,
    Quote,
    Story,
    SummarySentence,
    TimelineEvent,
)

SCRIPT = "<script>window.__pwned = 1; alert('pwned')</script>"
IMG = '<img src=x onerror="window.__pwned = 2">'
MD_LINK = "[click here](javascript:alert(1)) and ![tracker](https://evil.example/pixel.png)"
RAW_HTML = "<iframe src=https://evil.example></iframe>"

FIRST = (
    "Flooding closed the Marrow Bridge on Sunday after the river rose 2.4 metres overnight, the county said. "
    f"A reader comment pasted into the page read {SCRIPT} and {IMG}. "
    f"Residents were told to read {MD_LINK} for updates, or visit www.evil.example today."
)
SECOND = (
    "The Marrow Bridge was shut on Sunday after the river rose 2.5 metres overnight, county officials said. "
    f"Engineer Dana Holt said the deck was sound {RAW_HTML}."
)


def _evidence(article: Article, words: str) -> Evidence:
    start = article.text.index(words)
    return Evidence(article.id, words, start, start + len(words))


def hostile_analysis() -> Analysis:
    """Two outlets, one story; every untrusted field (title, outlet, text, quote, value) carries a payload."""
    one = Article(id="a1hostile", source="uploads/<b>bad</b>.txt", raw=FIRST, text=FIRST,
                  outlet=f"Gazette {IMG}", title=f"Bridge closed {SCRIPT}", published="2025-05-04")
    two = Article(id="a2hostile", source="feeds/two.txt", raw=SECOND, text=SECOND, outlet="Valley Post",
                  url="https://valleypost.example/bridge", title="Marrow Bridge shut", published="2025-05-04")
    pasted = FIRST[FIRST.index("A reader"):FIRST.index(". Residents") + 1]
    fact_words = [("Flooding closed the Marrow Bridge on Sunday", one), ("The Marrow Bridge was shut on Sunday", two)]
    story = Story(
        id="shostile01", title=f"Marrow Bridge closed {SCRIPT}", articles=[one.id, two.id],
        summary=[
            SummarySentence(pasted, [one.id], [_evidence(one, pasted)]),
            SummarySentence("The Marrow Bridge was shut on Sunday.", [one.id, two.id],
                            [_evidence(w[1], w[0]) for w in fact_words]),
        ],
        facts=[
            Fact("fbridge001", "The Marrow Bridge closed on Sunday", [one.id, two.id], 2,
                 [_evidence(w[1], w[0]) for w in fact_words]),
            Fact("fcomment01", f"Comment: {MD_LINK}", [one.id], 1, [_evidence(one, "Residents were told to read")]),
        ],
        discrepancies=[Discrepancy("river rise", "number", [
            DiscrepancyValue("2.4 metres", [one.id], [_evidence(one, "2.4 metres")]),
            DiscrepancyValue(f"2.5 metres {IMG}", [two.id], [_evidence(two, "2.5 metres")]),
        ])],
        quotes=[Quote(f"Dana Holt {SCRIPT}", f"the deck was sound {RAW_HTML}", [two.id], [],
                      [_evidence(two, "the deck was sound")])],
        timeline=[TimelineEvent("2025-05-04", f"Bridge closed {MD_LINK}", [one.id, two.id])],
    )
    return Analysis(articles=[one, two], stories=[story])
