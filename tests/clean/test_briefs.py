"""The length gate is a prose test: real briefs are kept, chrome-only pages are skipped with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyfold.clean import CleanStage
from storyfold.clean.prose import has_prose, is_prose_sentence
from storyfold.model import Article, Skipped
from storyfold.settings import Settings

NEUS = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "neus-allsides-val" / "val.source"

# Briefs and leads as wire services and live pages print them: one or two sentences, often under 200 characters.
BRIEFS = (
    "Harbour Point ferry services were suspended on Tuesday after a crew member fell ill.",
    "The Dunmore mayor will not seek a third term.",
    "Police in Lisvane said two men had been arrested over the theft of copper cable from the rail line.",
    "Striking nurses returned to work at Calder General after a 48-hour walkout over staffing.",
    '"We are not going anywhere," the union leader told reporters outside the plant.',
    "Ryvenn oil output rose 3% in March, the statistics office said",  # the scraper cut the final stop
)

# Pages whose cleaned text is chrome only: menus, cookie banners, paywall stubs, error pages, scripts.
CHROME_ONLY = {
    "menu": "Home | News | Sport | Business | Culture\nSign in\nSearch\n© 2025 Harbour Post Ltd",
    "cookie banner": "We use cookies to give you the best experience. By continuing to browse you agree to our use "
    "of cookies.\nAccept all | Manage settings",
    "paywall stub": "Subscribe to continue reading.\nAlready a subscriber? Log in\nGet unlimited access for £1.",
    "error page": "404 error: page not found\nSorry, the page you are looking for does not exist.\nBack to homepage",
    "browser check": "Please enable JavaScript and cookies to continue.",
    "script text": 'window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}'
    ' gtag("config", "G-XYZ");',
    "teaser list": "Most Read\nMayor Quits After Budget Row\nStorm Warning For Coast\nTen Best Beaches Ranked",
}


def clean_stage(raw: str, source: str) -> tuple[list[Article], list[Skipped]]:
    skipped: list[Skipped] = []
    kept = CleanStage(Settings(progress=False)).run([Article(id=source, source=source, raw=raw)], skipped)[0]
    return kept, skipped


@pytest.mark.parametrize("brief", BRIEFS)
def test_a_real_brief_is_kept_whatever_its_length(brief: str) -> None:
    kept, skipped = clean_stage(brief, "wire/brief.txt")
    assert skipped == [] and kept[0].text == brief


@pytest.mark.parametrize("kind", sorted(CHROME_ONLY))
def test_a_chrome_only_page_is_skipped_with_a_clear_reason(kind: str) -> None:
    kept, skipped = clean_stage(CHROME_ONLY[kind], f"site/{kind}.txt")
    assert kept == []
    assert skipped[0].reason.startswith("no article text after cleaning")
    assert "no sentence of prose with a subject" in skipped[0].reason


def test_a_brief_under_a_menu_and_footer_keeps_only_the_brief() -> None:
    page = "Home | News | Sport | Weather\n" + BRIEFS[2] + "\nShare | Tweet | Email\n© 2025 Lisvane Echo"
    kept, _ = clean_stage(page, "echo/brief.txt")
    assert kept[0].text == BRIEFS[2]


def test_prose_sentences_and_their_lookalikes() -> None:
    assert is_prose_sentence("Sean Lowry might outlast him.")
    assert not is_prose_sentence("Click here to read the full story.")  # an order: no subject
    assert not is_prose_sentence("Council Tax Rise Approved By Narrow Vote")  # a title-case headline
    assert not is_prose_sentence("if (a) { b(); } else { c = d; }")
    assert not has_prose("")


@pytest.mark.slow
@pytest.mark.skipif(not NEUS.is_file(), reason="NeuS val set not in ../shared/datasets")
def test_short_real_leads_of_the_neus_val_set_are_kept() -> None:
    leads = [m.group(1).strip() for m in re.finditer(r"ARTICLE=>(.*?)(?:\[SEP\]|$)", NEUS.read_text("utf-8"), re.M)]
    short = [lead for lead in leads if lead and len(lead) < 200]
    assert len(short) > 100
    articles = [Article(id=str(n), source=f"neus/{n}", raw=lead) for n, lead in enumerate(short)]
    skipped: list[Skipped] = []
    kept = CleanStage(Settings(progress=False)).run(articles, skipped)[0]
    assert len(kept) >= 0.97 * len(short), [s.reason for s in skipped][:5]
