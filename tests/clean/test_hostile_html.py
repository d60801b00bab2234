"""Hostile HTML: script-only pages are no articles; odd characters inside a tag never swallow the page."""

from __future__ import annotations

import random

import pytest

from storyfold.clean import CleanStage
from storyfold.clean.html import clean_html, prepared_html
from storyfold.model import Article, Skipped
from storyfold.settings import Settings

PARAGRAPHS = (
    "The Marlow port authority said on Friday that container traffic had fallen by a fifth since the new tolls "
    "came into force in January, the steepest drop in a decade.",
    "Shipping firms have moved about forty weekly calls to the rival terminal at Greyhaven, according to figures "
    "published by the authority, which had forecast a fall of no more than five percent.",
    '"We misjudged how quickly the lines would react," the authority\'s chief executive, Ines Vandermeer, said.',
)
SCRIPT_TEXT = (
    "var _q = window._q || []; function track(e){ _q.push({event: e, ts: Date.now()}); } track('view');",
    "You need to enable JavaScript to run this app.",
    "if (!window.fetch) { document.write('<p>Please update your browser.</p>'); }",
)
# Characters that are never part of a tag name: controls, zero-width spaces and joiners, the BOM.
ODD_CHARS = ("\x00", "\x01", "\x0b", "\x1f", "\u200b", "\u200c", "\u200d", "\ufeff")


def page(body: str, head: str = "<title>Marlow port traffic falls</title>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def script_only_page(rng: random.Random) -> str:
    """A single-page-app shell: all its text sits in script, noscript, template and svg elements."""
    parts = [
        f"<script>{rng.choice(SCRIPT_TEXT)}</script>",
        f"<noscript>{rng.choice(SCRIPT_TEXT)}</noscript>",
        f"<template><div class='card'>{rng.choice(SCRIPT_TEXT)}</div></template>",
        f"<svg viewBox='0 0 10 10'><text>{rng.choice(SCRIPT_TEXT)}</text><style>.a{{fill:red}}</style></svg>",
        "<div id='root'></div>",
    ]
    rng.shuffle(parts)
    return page("".join(parts))


def html_article(raw: str, source: str = "site/page.html") -> Article:
    return Article(id=source, source=source, raw=raw, format="html", is_html=True)


@pytest.mark.parametrize("seed", range(12))
def test_a_script_only_page_is_skipped_not_turned_into_an_article_of_javascript(seed: int) -> None:
    article = html_article(script_only_page(random.Random(seed)), f"spa/{seed}.html")
    skipped: list[Skipped] = []
    kept = CleanStage(Settings(progress=False)).run([article], skipped)[0]
    assert kept == [], article.text
    assert skipped[0].reason.startswith("no article text after cleaning")


def test_script_text_beside_a_real_article_stays_out_of_it() -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = html_article(page(f"<noscript>{SCRIPT_TEXT[1]}</noscript><article>{body}</article>"
                                f"<template><p>{SCRIPT_TEXT[0]}</p></template>"))
    clean_html(article)
    assert PARAGRAPHS[0] in article.text and "JavaScript" not in article.text and "_q.push" not in article.text


@pytest.mark.parametrize("seed", range(16))
def test_an_odd_character_inside_a_tag_does_not_swallow_the_page(seed: int) -> None:
    rng = random.Random(seed)
    char = rng.choice(ODD_CHARS)
    tag = rng.choice(["</script>", "</style>", "</title>", "<p>", "</div>", "<div class='lead'>"])
    at = rng.randrange(1, len(tag) - 1)
    broken = tag[:at] + char + tag[at:]
    head = "<title>Marlow port traffic falls</title><script>var a = 1;</script><style>p{margin:0}</style>"
    head = head.replace(tag, broken, 1) if tag in head else head
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    body = f"<div class='lead'>{body}</div>".replace(tag, broken, 1) if tag not in ("</script>", "</style>",
                                                                                   "</title>") else body
    article = html_article(page(body, head))
    clean_html(article)
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text, (repr(broken), article.text[:200])


def test_the_pre_pass_repairs_tags_and_leaves_text_characters_alone() -> None:
    raw = page("<p>Caf\u00e9 owners met in Marlow\u200b today.</p><script>x()</script\u200b><p>Second.</p>")
    prepared = prepared_html(raw)
    assert "x()" not in prepared and "Marlow\u200b today" in prepared and "Second." in prepared
