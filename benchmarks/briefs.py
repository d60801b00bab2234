"""Brief retention: real short leads kept, chrome-only pages skipped, by the clean stage's gate.

Data: the NeuS val set in ``../shared/datasets/neus-allsides-val`` (real headlines and
leads of three outlets per story, often under 200 characters), read in place.  Each lead
is an article as a JSONL dump gives it (``text`` = the lead, ``title`` = its headline),
cleaned by :class:`storyfold.clean.CleanStage`; peer in the same run: the old fixed
length gate (200 characters).  The chrome-only side is a set of generated pages (menus,
cookie banners, paywall stubs, error pages, script text) that must all be skipped.

    python benchmarks/briefs.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from storyfold.clean import CleanStage
from storyfold.model import Article, Skipped
from storyfold.settings import Settings

DATASET = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "neus-allsides-val" / "val.source"
OLD_MIN_CHARS = 200  # the length gate this replaced
PART = re.compile(r"\s*TITLE=>(.*?)ARTICLE=>(.*)", re.DOTALL)

CHROME_PAGES = (
    "Home | News | Sport | Business | Culture | Opinion\nSign in\nSearch\n© 2025 Harbour Post Ltd",
    "We use cookies to improve your experience on our site. By continuing to browse you agree to our use of "
    "cookies.\nAccept all | Manage preferences",
    "Subscribe to continue reading.\nAlready a subscriber? Log in\nGet unlimited access for £1 a week.",
    "404 error: page not found\nSorry, the page you are looking for does not exist or has been moved.\nGo to homepage",
    "Please enable JavaScript in your browser to view this site.",
    'window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag("js", new Date());',
    "Trending Now Mayor Quits After Row Over Budget Storm Warning For Coast Tonight Ten Best Beaches Ranked",
)


def neus_leads(path: Path) -> list[tuple[str, str]]:
    """(headline, lead) for every outlet of every story line."""
    leads = []
    for line in path.read_text("utf-8").splitlines():
        for part in line.split("[SEP]"):
            match = PART.match(part)
            if match:
                leads.append((match.group(1).strip(), match.group(2).strip()))
    return leads


def kept_by_stage(texts: list[tuple[str, str]]) -> list[bool]:
    articles = [
        Article(id=f"b{n}", source=f"neus/{n}.jsonl", raw=text, fields={"title": title})
        for n, (title, text) in enumerate(texts)
    ]
    skipped: list[Skipped] = []
    kept = CleanStage(Settings(progress=False)).run(articles, skipped)[0]
    kept_ids = {a.id for a in kept}
    return [a.id in kept_ids for a in articles]


def main() -> int:
    if not DATASET.is_file():
        print(f"dataset not found: {DATASET}", file=sys.stderr)
        return 2
    leads = neus_leads(DATASET)
    real = [(t, a) for t, a in leads if a.strip()]
    kept = kept_by_stage(real)
    old = [len(a) >= OLD_MIN_CHARS for _, a in real]
    chrome = kept_by_stage([("", page) for page in CHROME_PAGES])
    print(f"{len(leads)} NeuS leads ({len(leads) - len(real)} empty, left out); {len(CHROME_PAGES)} chrome-only pages")
    print("| gate | real leads kept | short leads (< 200 chars) kept | chrome-only pages skipped |")
    print("|---|---|---|---|")
    short = [i for i, (_, a) in enumerate(real) if len(a) < OLD_MIN_CHARS]
    for name, verdicts, chrome_kept in (
        ("**storyfold** prose gate", kept, chrome),
        (f"fixed length ({OLD_MIN_CHARS} chars)", old, [len(p) >= OLD_MIN_CHARS for p in CHROME_PAGES]),
    ):
        print(f"| {name} | {sum(verdicts)} / {len(real)} | {sum(verdicts[i] for i in short)} / {len(short)} | "
              f"{len(CHROME_PAGES) - sum(chrome_kept)} / {len(CHROME_PAGES)} |")
    lost = [real[i][1] for i, ok in enumerate(kept) if not ok]
    for text in lost[:10]:
        print(f"  dropped: {text[:100]!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
