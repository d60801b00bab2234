"""Plain-text cleaning: storyfold's block classifier on scraped text captures, against peers.

Scrapers often keep only a page's visible text, one block per line, with all its
chrome.  To measure the text cleaner on real pages (not our own samples), each page
of the article-extraction-benchmark is rendered that way (its visible blocks, in
order, as storyfold's HTML module sees them) and then cleaned as a text capture.
Scoring is the extraction benchmark's token 4-gram shingle metric against the gold
article body.

Peers in the same run: the capture as it is (no cleaning), and jusText's paragraph
classifier given the same blocks as paragraphs (its stop-word and length rules are the
classic text-only boilerplate test).  Speed is captures per minute (fastest of
``--repeat`` rounds).

The timing table cleans the captures concatenated to 1 MB and 5 MB (``--timing-mb``),
once with their line breaks and once collapsed onto a single line: no stage may be
superlinear on a run-on line.

    python benchmarks/text_cleaning.py [--limit N] [--repeat N] [--timing-mb 1 5]
"""

from __future__ import annotations

import argparse
import html as html_escape
import sys
import time
from pathlib import Path

from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import DATASET, load_pages, run_extractor, score

from storyfold.clean.html import page_blocks
from storyfold.clean.text import clean_text
from storyfold.model import Article

DEFAULT_REPEAT = 3


def capture_of(page_html: str) -> str:
    """The page's visible text blocks, one per line: what a text scraper keeps."""
    try:
        tree = lxml_html.fromstring(page_html)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    return "\n".join(block.text for block in page_blocks(tree))


def storyfold_clean(capture: str) -> str:
    article = Article(id="bench", source="capture.txt", raw=capture)
    clean_text(article)
    return article.text


def no_cleaning(capture: str) -> str:
    return capture


def justext_clean(capture: str) -> str:
    import justext

    paragraphs = "".join(f"<p>{html_escape.escape(line)}</p>" for line in capture.splitlines() if line.strip())
    result = justext.justext(f"<html><body>{paragraphs}</body></html>".encode(), justext.get_stoplist("English"))
    return "\n".join(p.text for p in result if not p.is_boilerplate)


def storyfold_clean_one_line(capture: str) -> str:
    """The same capture collapsed onto one line, as some scrapers leave pages (run-on capture)."""
    return storyfold_clean(" ".join(line.strip() for line in capture.splitlines() if line.strip()))


CLEANERS = {
    "storyfold clean_text": storyfold_clean,
    "storyfold clean_text, capture on one line": storyfold_clean_one_line,
    "no cleaning (capture as is)": no_cleaning,
    "jusText on the same blocks": justext_clean,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="score only the first N pages (by id)")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="timing rounds; the fastest counts")
    parser.add_argument("--timing-mb", type=float, nargs="*", default=[1.0],
                        help="capture sizes in MB for the single-line timing table (none: skip it)")
    args = parser.parse_args(argv)
    if not (DATASET / "ground-truth.json").is_file():
        print(f"dataset not found: {DATASET}; place the article-extraction-benchmark under ../shared/datasets/",
              file=sys.stderr)
        return 2
    gold, pages = load_pages(DATASET, args.limit)
    captures = {key: capture_of(page) for key, page in pages.items()}
    print(f"{len(captures)} pages from {DATASET}, rendered as plain-text captures")
    print("| cleaner | precision | recall | F1 | micro F1 | captures/min |")
    print("|---|---|---|---|---|---|")
    for name, clean in CLEANERS.items():
        outputs, seconds = run_extractor(clean, captures, args.repeat)
        s = score(gold, outputs, seconds)
        speed = "-" if clean is no_cleaning else f"{s.docs_per_second * 60:,.0f}"
        print(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.micro_f1:.3f} | {speed} |")
    if args.timing_mb:
        print_timing(list(captures.values()), args.timing_mb)
    return 0


def print_timing(captures: list[str], sizes_mb: list[float]) -> None:
    """Seconds per MB for one big capture, with line breaks and on a single line, in the same run."""
    print("\n| capture size | with line breaks (s/MB) | single line (s/MB) | ratio |")
    print("|---|---|---|---|")
    corpus = "\n".join(captures)
    for size in sizes_mb:
        chars = int(size * 1_000_000)
        broken = (corpus + "\n") * (chars // len(corpus) + 1)
        broken = broken[:chars]
        per_mb = [_seconds(text) / size for text in (broken, broken.replace("\n", " "))]
        print(f"| {size:g} MB | {per_mb[0]:.2f} | {per_mb[1]:.2f} | {per_mb[1] / per_mb[0]:.2f} |", flush=True)


def _seconds(raw: str) -> float:
    started = time.perf_counter()
    storyfold_clean(raw)
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
