"""The clean stage: header removal, the length gate, the batch pre-pass for repeated blocks, HTML delegation."""

from __future__ import annotations

from pathlib import Path

from storyfold.clean import CleanStage, reasons
from storyfold.ingest import read_inputs
from storyfold.model import Article, RawDocument, Skipped
from storyfold.settings import Settings

SETTINGS = Settings(progress=False)

STORIES = [
    (
        "Wexley council approved a plan on Monday to turn the disused gasworks site into 240 homes, ending a "
        "decade-long argument over the future of the riverside land.",
        "The developer, Calder Homes, said a third of the flats would be offered at below-market rents to "
        "families already living in the borough.",
        '"This is the best use of that land we have seen in twenty years," council leader Martin Oyelaran said.',
    ),
    (
        "A fire broke out in the kitchen of the Wexley Arms hotel late on Saturday, forcing forty guests to leave "
        "their rooms in the middle of the night, the fire service said.",
        "Nobody was hurt. Firefighters said the blaze started in an extractor hood above the grill and spread "
        "into the ceiling void before it was put out.",
        "The hotel's owner said the kitchen would stay closed for at least a week while repairs were carried out.",
    ),
    (
        "Wexley Rovers reached the county cup final for the first time since 1987 after beating Haddon Town 2-1 "
        "in a tense semi-final on Tuesday night.",
        "Striker Jonah Ablewhite scored both goals, the second a header in the 88th minute, in front of a crowd "
        "of 3,100 at the Mill Lane ground.",
        "The final will be played at the county ground on the first Saturday of May against either Ashby or Fenn.",
    ),
]
# Chrome in this fictional outlet's own words, which no wording rule knows.
HOUSE_LINES = ("The Wexley Gazette: proudly serving the valley since 1892", "Gazette Radio on 98.4 every weekday")


def page(paragraphs: tuple[str, ...]) -> str:
    return "\n\n".join([HOUSE_LINES[0], *paragraphs, HOUSE_LINES[1]]) + "\n"


def article(raw: str, source: str, **fields: object) -> Article:
    return Article(id=source, source=source, raw=raw, fields=dict(fields))


def run(articles: list[Article]) -> tuple[list[Article], list[Skipped]]:
    skipped: list[Skipped] = []
    kept, stats = CleanStage(SETTINGS).run(articles, skipped)
    assert stats.seen == len(articles) and stats.kept == len(kept)
    return kept, skipped


def test_blocks_one_outlet_repeats_on_different_pages_are_removed_as_repeated() -> None:
    pages = [article(page(story), f"gazette/{n}.txt") for n, story in enumerate(STORIES)]
    kept, skipped = run(pages)
    assert len(kept) == 3 and skipped == []
    for cleaned, story in zip(pages, STORIES, strict=True):
        assert cleaned.text == "\n\n".join(story)
        removed = {span.text: span.reason for span in cleaned.removed}
        assert removed == dict.fromkeys(HOUSE_LINES, reasons.REPEATED)


def test_repetition_needs_two_pages_of_the_same_outlet_or_folder() -> None:
    alone = article(page(STORIES[0]), "gazette/0.txt")
    run([alone])
    assert HOUSE_LINES[1] in alone.text  # (the first line, headline-shaped, is taken as the title)
    apart = [article(page(story), f"folder{n}/page.txt") for n, story in enumerate(STORIES)]
    run(apart)
    assert all(HOUSE_LINES[1] in a.text for a in apart)
    same_outlet = [
        article(page(story), f"folder{n}/page.txt", outlet="Wexley Gazette") for n, story in enumerate(STORIES)
    ]
    run(same_outlet)
    assert all(HOUSE_LINES[1] not in a.text for a in same_outlet)


def test_copies_of_one_article_do_not_make_their_paragraphs_boilerplate() -> None:
    original = "\n\n".join(STORIES[0])
    copy = original + "\n\nThe plan now goes to the regional planning inspector for approval."
    other = "\n\n".join(STORIES[1])
    pages = [article(original, "wire/a.txt"), article(copy, "wire/b.txt"), article(other, "wire/c.txt")]
    run(pages)
    assert pages[0].text == original
    assert pages[1].removed == []


def test_quoted_speech_shared_by_two_outlets_is_kept() -> None:
    quote = '"We will not leave a single family without a roof tonight," the mayor said.'
    first = article("\n\n".join([*STORIES[1], quote]), "mixed/a.txt")
    second = article("\n\n".join([*STORIES[2], quote]), "mixed/b.txt")
    run([first, second])
    assert quote in first.text and quote in second.text


def test_capture_header_is_removed_with_its_reason(tmp_path: Path) -> None:
    body = "\n\n".join(STORIES[2])
    path = tmp_path / "capture.txt"
    path.write_text(f" date 2025-04-09 {body}\n", encoding="utf-8")
    (doc,) = [d for d in read_inputs([str(path)], SETTINGS) if isinstance(d, RawDocument)]
    captured = Article.from_raw(doc)
    run([captured])
    header = captured.removed[0]
    assert header.reason == reasons.CAPTURE_HEADER
    assert (header.start, header.end) == (0, captured.fields["header_end"])
    assert captured.raw[header.start:header.end] == header.text
    assert captured.text == body


def test_chrome_only_page_is_dropped_with_a_reason_naming_what_was_removed() -> None:
    stub = article("Skip to content\nSubscribe\nA short note.\n© 2025 Wexley Gazette", "gazette/stub.txt")
    kept, skipped = run([stub])
    assert kept == []
    assert skipped[0].source == "gazette/stub.txt"
    assert skipped[0].reason.startswith(f"no article text after cleaning ({len(stub.text)} characters left")
    assert "no sentence of prose with a subject" in skipped[0].reason
    assert "site footer" in skipped[0].reason and "navigation" in skipped[0].reason


def test_min_article_chars_is_an_optional_floor_on_top_of_the_prose_test() -> None:
    brief = "Wexley council approved 240 homes on the old gasworks site on Monday."
    kept, _ = run([article(brief, "gazette/brief.txt")])
    assert [a.text for a in kept] == [brief]
    skipped: list[Skipped] = []
    CleanStage(Settings(progress=False, min_article_chars=200)).run([article(brief, "gazette/b2.txt")], skipped)
    assert "min_article_chars is 200" in skipped[0].reason


def test_process_alone_cleans_without_the_batch_pre_pass() -> None:
    single = article(page(STORIES[0]), "gazette/0.txt")
    assert CleanStage(SETTINGS).process(single) is None
    assert single.text.startswith("Wexley council approved")


def test_html_articles_go_to_the_html_cleaner() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORIES[0])
    html = (
        "<html><head><title>Gasworks homes approved</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Gasworks homes approved</h1>{paragraphs}</article>"
        "<footer>© 2025 Wexley Gazette. All rights reserved.</footer></body></html>"
    )
    page_article = Article(id="h", source="gazette/page.html", raw=html, format="html", is_html=True)
    kept, _ = run([page_article])
    assert kept == [page_article]
    assert "Wexley council approved a plan" in page_article.text
    assert "All rights reserved" not in page_article.text


def test_seeds_are_all_kept_with_offsets_into_the_raw_text(seeds_dir: Path) -> None:
    docs = [d for d in read_inputs([str(seeds_dir)], SETTINGS) if isinstance(d, RawDocument)]
    articles = [Article.from_raw(d) for d in docs]
    kept, skipped = run(articles)
    assert skipped == [] and len(kept) == len(docs)
    for cleaned in kept:
        assert all(cleaned.raw[s.start:s.end] == s.text for s in cleaned.removed)
        assert not any(s.reason == reasons.REPEATED for s in cleaned.removed)  # five outlets, nothing shared
