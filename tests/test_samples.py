"""The bundled corpus: it parses into the expected articles, and its gold agrees with its text.

The gold checks read the raw records directly (not through storyfold), so a broken
annotation is caught even while the pipeline is still being built.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from lxml import html as lxml_html
from warcio.archiveiterator import ArchiveIterator

from storyfold.api import load_articles
from storyfold.evaluate import all_keywords_match, evaluate, load_gold, normalize
from storyfold.settings import Settings
from tests.conftest import SAMPLES

CORPUS = SAMPLES / "corpus"
GOLD = load_gold(SAMPLES / "gold.json")
MIN_BODY_WORDS = 250  # the corpus doubles as the demo: articles of realistic length
MAX_CAPTURE_WORDS = 800  # a 600-word body plus its page chrome


def read_record(key: str) -> str:
    """The raw content of one gold article: a file, a JSONL line, or the N-th HTML response of a WARC."""
    name, _, record = key.partition("#")
    path = CORPUS / name
    if name.endswith(".jsonl"):
        line = path.read_text("utf-8").splitlines()[int(record) - 1]
        data = json.loads(line)
        return data.get("text") or data["html"]
    if name.endswith(".warc.gz"):
        with path.open("rb") as stream:
            pages = [r.content_stream().read().decode("utf-8") for r in ArchiveIterator(stream)
                     if r.rec_type == "response" and "html" in (r.http_headers.get_header("Content-Type") or "")]
        return pages[int(record) - 1]
    return path.read_text("utf-8")


def visible_text(key: str) -> str:
    """Normalized words a reader sees: markup stripped for HTML, the capture as is for plain text."""
    raw = read_record(key)
    if raw.lstrip().startswith("<"):
        raw = lxml_html.fromstring(raw).text_content()
    return normalize(raw)


@pytest.mark.parametrize("key", sorted(GOLD["articles"]))
def test_gold_strings_are_in_their_article(key: str) -> None:
    gold = GOLD["articles"][key]
    text = visible_text(key)
    missing = [s for s in gold["keep"] + gold["remove"] if normalize(s) not in text]
    assert not missing, f"{key}: gold strings not in the source: {missing}"
    assert gold["keep"], f"{key}: every article needs sentences that cleaning must keep"


def stated_date_forms(iso: str) -> list[str]:
    """How a page may state a date: ISO (meta tags, headers), "19 Mar", "Mar 19", "19.03.2025"."""
    day = date.fromisoformat(iso)
    month = day.strftime("%b")
    return [iso, f"{day.day} {month}", f"{month} {day.day}", day.strftime("%d.%m.%Y")]


@pytest.mark.parametrize("key", sorted(GOLD["articles"]))
def test_article_reads_like_real_news(key: str) -> None:
    """Every article states its date and has a body of realistic length."""
    gold = GOLD["articles"][key]
    words = len(visible_text(key).split())
    assert MIN_BODY_WORDS <= words <= MAX_CAPTURE_WORDS, f"{key}: {words} words"
    name, _, record = key.partition("#")
    raw = read_record(key)
    if name.endswith(".jsonl"):
        raw += json.loads((CORPUS / name).read_text("utf-8").splitlines()[int(record) - 1])["published"]
    assert any(form in raw for form in stated_date_forms(gold["published"])), f"{key}: no stated date"


def story_members(story: str) -> set[str]:
    return {k for k, a in GOLD["articles"].items() if a["story"] == story}


@pytest.mark.parametrize("story", sorted(GOLD["stories"]))
def test_gold_facts_and_quotes_are_in_the_articles_they_cite(story: str) -> None:
    annotations = GOLD["stories"][story]
    members = story_members(story)
    for fact in annotations["facts"]:
        assert set(fact["articles"]) <= members
        for key in fact["articles"]:
            assert all_keywords_match(fact["keywords"], visible_text(key)), f"{fact['text']!r} not in {key}"
    for quote in annotations["quotes"]:
        for key in quote["articles"]:
            assert normalize(quote["fragment"]) in visible_text(key), f"{quote['fragment']!r} not in {key}"
    for entity in annotations["entities"]:
        assert any(normalize(entity["name"]) in visible_text(k) for k in members), entity["name"]


def test_corpus_covers_the_required_shapes() -> None:
    """Story A has 7+ articles in every input format, story B 3+, plus two singletons and one wire copy."""
    sizes = {s: len(story_members(s)) for s in GOLD["stories"]}
    assert sorted(sizes.values()) == [1, 1, 3, 9]
    big = max(sizes, key=sizes.get)
    suffixes = {Path(k.partition("#")[0]).suffix for k in story_members(big)}
    assert suffixes == {".txt", ".html", ".jsonl", ".gz"}
    copies = [(k, a["duplicate_of"]) for k, a in GOLD["articles"].items() if a["duplicate_of"]]
    assert len(copies) == 1 and copies[0][1] in GOLD["articles"]
    kinds = {d["kind"] for d in GOLD["stories"][big]["discrepancies"]}
    assert {"spelling", "number", "claim"} <= kinds


def test_warc_build_is_deterministic(tmp_path: Path) -> None:
    """Rebuilding the committed WARC from warc_src/ gives the same bytes."""
    script = SAMPLES / "build_warc.py"
    code = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('b', sys.argv[1]); "
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
            "sys.stdout.buffer.write(m.build())")
    built = subprocess.run([sys.executable, "-c", code, str(script)], capture_output=True, check=True).stdout
    assert built == (CORPUS / "archive.warc.gz").read_bytes()


@pytest.fixture(scope="module")
def loaded(test_settings: Settings):
    return load_articles([str(CORPUS)], test_settings)


def test_corpus_loads_without_skips(loaded) -> None:
    assert not loaded.skipped, [f"{s.source}: {s.reason}" for s in loaded.skipped]
    assert len(loaded.articles) == len(GOLD["articles"])


def test_every_loaded_article_matches_a_gold_entry(loaded) -> None:
    from storyfold.report.json import analysis_to_dict

    scores = evaluate(analysis_to_dict(loaded), GOLD, str(CORPUS))
    assert scores["articles"].recall == 1.0
    assert scores["articles"].precision == 1.0
