"""The web UI in a real browser (Debian's headless Chromium, driven by Playwright), over live servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfold.report.memory import AnalysisCorpus
from tests.conftest import REPO
from tests.web.browser import chromium_browser, chromium_path, live_server
from tests.web.hostile import hostile_analysis

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(chromium_path() is None, reason="Chromium is not installed (apt-get install -y chromium)"),
]
SCREENSHOTS = REPO / "docs" / "screenshots"
SHOT_HEIGHT = 900  # pixels: a screen's worth of a long section is enough for the README

# A new, fictional wire-style report on the sample corpus's plant explosion, as a reader would upload it.
UPLOADED_ARTICLE = """title Ammonia leak: Stavrynsk families return after fertiliser plant explosion
date 2025-03-20

Families began returning to their homes in western Stavrynsk on Thursday, two days after an explosion at the
Stavrynsk Azot fertiliser plant killed three workers and released a cloud of ammonia over the city.

Regional governor Serhiy Pryhoda said air measurements around the plant had been normal since Wednesday
evening and that the evacuation order for the districts nearest the plant had been lifted.

The blast tore through the ammonia compressor unit of the plant early on Tuesday. Forty-two people were
treated in hospital, most of them for breathing problems, and more than three thousand residents spent the
night in school gyms and sports halls.

Prosecutors have opened an investigation into safety violations at the plant. Union representatives said
workers had complained for months about corroded valves in the compressor unit.
"""


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture(scope="module")
def sample_server(sample_corpus):
    from storyfold.web.app import create_app

    with live_server(create_app(sample_corpus)) as url:
        yield url


def _page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return page, errors


def test_clicking_a_citation_highlights_exactly_the_cited_words(browser, sample_server, sample_analysis) -> None:
    story = sample_analysis.stories[0]
    page, errors = _page(browser)
    page.goto(f"{sample_server}/stories/{story.id}")
    texts = {a.id: a.text for a in sample_analysis.articles}
    buttons = page.locator(".summary button.cite")
    assert buttons.count() >= 2
    for index in (0, buttons.count() - 1):
        button = buttons.nth(index)
        button.click()
        article = button.get_attribute("data-article")
        first = "-".join(button.get_attribute(k) for k in ("data-start", "data-end"))
        spans = button.get_attribute("data-spans") or first
        cited = [texts[article][int(a):int(b)] for a, b in (piece.split("-") for piece in spans.split(","))]
        highlighted = page.locator(f"#story-{story.id} .passage-viewer mark.passage").all_inner_texts()
        assert highlighted == cited  # every piece of a compressed sentence, and nothing else
        assert all(h.strip() for h in highlighted) and button.evaluate("b => b.classList.contains('active')")
    assert errors == []


def test_coverage_matrix_matches_the_story_facts(browser, sample_server, sample_analysis) -> None:
    story = max(sample_analysis.stories, key=lambda s: len(s.articles))
    page, _ = _page(browser)
    page.goto(f"{sample_server}/stories/{story.id}")
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('.coverage-matrix tbody tr')).map(tr => ({
        fact: tr.dataset.fact, single: tr.classList.contains('single-source'),
        yes: Array.from(tr.querySelectorAll('td.yes')).map(td => td.dataset.article)}))""")
    assert [row["fact"] for row in shown] == [f.id for f in story.facts][:len(shown)]
    for row, fact in zip(shown, story.facts, strict=False):
        assert set(row["yes"]) == set(fact.sources) & set(story.articles)
        assert row["single"] == (fact.independent_sources < 2)


def test_an_injected_script_never_runs(browser) -> None:
    from storyfold.web.app import create_app

    with live_server(create_app(AnalysisCorpus(hostile_analysis()))) as url:
        page, errors = _page(browser)
        for path in ("/", "/stories/shostile01", "/articles/a1hostile", "/?q=reader"):
            page.goto(url + path)
            page.wait_for_load_state("load")
            assert page.evaluate("() => window.__pwned") is None, path
        page.goto(url + "/stories/shostile01")
        assert "<script>window.__pwned" in page.locator(".summary").inner_text()  # shown as text
        page.locator(".summary button.cite").first.click()
        assert page.evaluate("() => window.__pwned") is None
        assert not [e for e in errors if "dialog" in e]


def test_an_uploaded_article_joins_its_story(browser, sample_store: Path, test_settings, monkeypatch) -> None:
    """Over a store, as ``storyfold serve --db`` serves it: upload a file, follow the result to its story."""
    from storyfold.cli.web import build_app
    from storyfold.store import Store

    monkeypatch.setenv("STORYFOLD_CACHE", test_settings.cache_dir)  # the upload's parse stays in the test cache
    with Store.open(sample_store, readonly=True) as store:
        explosion = next(r for r in store.list_stories(limit=100)
                         if "xplosion" in r["title"] and len(r["articles"]) > 3)
    upload = sample_store.parent.parent / "wire-families-return.txt"
    upload.write_text(UPLOADED_ARTICLE, "utf-8")
    app, close = build_app(sample_store, None, host="127.0.0.1", allow_uploads=False)  # loopback: uploads on
    try:
        with live_server(app) as url:
            page, errors = _page(browser)
            page.goto(f"{url}/upload")
            page.set_input_files("input[type=file]", str(upload))
            page.click("#upload-form button[type=submit]")
            page.wait_for_selector("#upload-form[data-done='1']", timeout=120_000)
            row = page.locator("#upload-results tr").first.inner_text()
            assert "wire-families-return.txt" in row and "added" in row
            page.locator("#upload-results a").first.click()
            page.wait_for_load_state("load")
            assert page.url.endswith(f"/stories/{explosion['id']}")
            assert page.locator(".sources table.articles tbody tr").count() == len(explosion["articles"]) + 1
            with Store.open(sample_store, readonly=True) as store:
                [added] = [a for a in store.story_articles(explosion["id"]) if a["id"] not in explosion["articles"]]
            assert Path(added["source"]).name.endswith("wire-families-return.txt")
            assert Path(added["source"]).resolve().is_relative_to(sample_store.parent.resolve())  # inside the store
            assert page.locator(f'.sources a[href="/articles/{added["id"]}"]').count() == 1
            assert errors == []
    finally:
        close()


def test_screenshots_of_the_main_pages(browser, sample_server, sample_analysis, sample_corpus) -> None:
    """Write the README's screenshots (docs/screenshots/*.png) with the same browser code."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    story = max(sample_analysis.stories, key=lambda s: len(s.articles))
    article = next(a for a in sample_analysis.articles if a.removed and not a.is_html)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    shots = {"story-list": "/", "article": f"/articles/{article.id}", "api-docs": "/docs"}
    for name, path in shots.items():
        page.goto(sample_server + path)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=name == "article")
    page.goto(f"{sample_server}/stories/{story.id}")
    page.locator(".summary button.cite").first.click()
    page.screenshot(path=str(SCREENSHOTS / "story-citation.png"))
    box = page.locator("section.matrix").bounding_box()
    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], SHOT_HEIGHT)}
    page.screenshot(path=str(SCREENSHOTS / "coverage-matrix.png"), clip=clip, full_page=True)
    assert all((SCREENSHOTS / f"{n}.png").stat().st_size > 5_000 for n in [*shots, "story-citation"])


def test_screenshot_of_outlet_lenses(browser, sample_analysis) -> None:
    from storyfold.lenses import parse_outlets
    from storyfold.web.app import create_app

    corpus = AnalysisCorpus(sample_analysis)
    corpus.set_outlets(parse_outlets(LENS_CSV))
    story = max(sample_analysis.stories, key=lambda s: len(s.articles))
    with live_server(create_app(corpus)) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}/stories/{story.id}")
        box = page.locator("section.lenses").bounding_box()
        clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], SHOT_HEIGHT)}
        page.screenshot(path=str(SCREENSHOTS / "outlet-lenses.png"), clip=clip, full_page=True)
        cells = page.locator("table.lens[data-attribute='lean'] tr[data-value] td.num").all_inner_texts()
        independent = len({a.duplicate_of or a.id for a in sample_analysis.articles if a.id in story.articles})
        assert sum(int(c) for c in cells[0::2]) == independent
        page.goto(f"{url}/outlets")
        page.screenshot(path=str(SCREENSHOTS / "outlets.png"))


# Example user data for the screenshots: fictional attributes of the sample corpus's fictional outlets.
LENS_CSV = """name,country,lean
Daily Courant,Norland,left
Rivertown Gazette,Norland,left
Meridian Post,Ostmark,right
The Northern Ledger,Ostmark,centre
The Lowland Chronicle,Norland,centre
Stavryn Today,Stavryn,centre
Vessa Valley Herald,Stavryn,right
"""


def test_the_html_report_works_offline_as_one_file(browser, sample_analysis, tmp_path: Path) -> None:
    from storyfold.report.html import render_analysis_html

    report = tmp_path / "report.html"
    report.write_text(render_analysis_html(sample_analysis), "utf-8")
    context = browser.new_context(offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    button = page.locator("button.cite").first
    button.click()
    article, start, end = (button.get_attribute(k) for k in ("data-article", "data-start", "data-end"))
    texts = {a.id: a.text for a in sample_analysis.articles}
    assert page.locator("mark.passage").first.inner_text() == texts[article][int(start):int(end)]
    assert requests == [report.as_uri()]  # nothing but the file itself
    context.close()


def test_a_citation_in_pieces_highlights_every_piece_and_nothing_between(browser) -> None:
    """A compressed summary sentence cites the pieces of one article's sentence that it keeps: the passage
    viewer marks each of them (code-point offsets, an emoji before them included) and leaves the words cut out
    unmarked."""
    from storyfold.report.html import cite_buttons
    from storyfold.report.labels import ArticleLabels

    text = "🚢 The ferry, which left Velmora at dawn, sank near the harbour wall on Tuesday."
    pieces = [(2, 11), (40, 79)]  # "The ferry" and "sank near the harbour wall on Tuesday."
    evidence = [{"article": "a1", "text": text[a:b], "start": a, "end": b} for a, b in pieces]
    buttons = cite_buttons(evidence, ["a1"], labels=ArticleLabels([{"id": "a1", "outlet": "Harbour Gazette"}]))
    script = (Path(__file__).resolve().parents[2] / "storyfold" / "web" / "static" / "app.js").read_text("utf-8")
    page, errors = _page(browser)
    page.set_content(f'<article class="story"><p class="summary">{buttons}</p><div class="passage-viewer"></div>'
                     f'<div class="source-text" data-article="a1" data-label="Harbour Gazette" hidden>{text}</div>'
                     "</article>")
    page.add_script_tag(content=script)
    page.locator("button.cite").click()
    assert page.locator(".passage-viewer mark.passage").all_inner_texts() == [text[a:b] for a, b in pieces]
    assert page.locator(".passage-viewer .passage-text").inner_text() == text
    assert errors == []
