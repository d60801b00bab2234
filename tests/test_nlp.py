"""Per-article NLP: offsets into the cleaned text, and a cache that returns the same result."""

from __future__ import annotations

from storyfold.nlp import ParsePool, parse_articles
from storyfold.settings import Settings
from tests.conftest import make_article

TEXT = (
    "Coastguard commander Ilse Varga said on Tuesday that 40 passengers were rescued near Velmora. "
    "Northline Ferries will inspect its fleet, the company said in a statement."
)


def test_sentences_and_mentions_are_offsets_into_the_text(tmp_path) -> None:
    article = make_article(TEXT)
    parsed = parse_articles([article], Settings(cache_dir=str(tmp_path)))[article.id]
    assert len(parsed.sentences) == 2
    for sentence in parsed.sentences:
        assert TEXT[sentence.start : sentence.end].strip()
    for mention in parsed.mentions:
        assert TEXT[mention.start : mention.end] == mention.text
    assert any(m.label == "PERSON" and "Varga" in m.text for m in parsed.mentions)


def test_cache_round_trip_gives_the_same_parse(tmp_path) -> None:
    article = make_article(TEXT)
    settings = Settings(cache_dir=str(tmp_path))
    first = parse_articles([article], settings)[article.id]
    assert list(tmp_path.rglob("*.json")), "the parse was cached"
    second = parse_articles([article], settings)[article.id]
    assert first.nlp == second.nlp
    assert first.tokens == second.tokens


def test_corrupt_cache_entry_is_reparsed(tmp_path) -> None:
    article = make_article(TEXT)
    settings = Settings(cache_dir=str(tmp_path))
    parse_articles([article], settings)
    for path in tmp_path.rglob("*.json"):
        path.write_text('{"v": "2", "model": "x"}', "utf-8")  # valid JSON, wrong shape
    again = parse_articles([article], settings)[article.id]
    assert len(again.sentences) == 2


def test_same_article_cleaned_differently_is_parsed_again(tmp_path) -> None:
    """The cache must never hand back offsets computed on another text for the same article id."""
    settings = Settings(cache_dir=str(tmp_path))
    article = make_article(TEXT)
    parse_articles([article], settings)
    shorter = make_article(TEXT)
    shorter.text = TEXT.split(". ")[0] + "."
    parsed = parse_articles([shorter], settings)[shorter.id]
    assert shorter.id == article.id
    assert len(parsed.sentences) == 1
    assert all(s.end <= len(shorter.text) for s in parsed.sentences)


def test_a_parse_pool_gives_the_parses_of_parse_articles_and_fills_the_cache(tmp_path) -> None:
    articles = [make_article(TEXT.replace("40", str(n)), source=f"ferry-{n}.txt") for n in range(40, 75)]
    reference = parse_articles(articles, Settings(use_cache=False))
    settings = Settings(cache_dir=str(tmp_path))
    with ParsePool(settings, processes=2) as pool:
        first, second = pool.submit(articles[:20]), pool.submit(articles[20:])  # both queued before either is read
        seen: list[tuple[int, int]] = []
        parsed = {**first.result(lambda _stage, done, total: seen.append((done, total))), **second.result()}
    assert set(parsed) == {a.id for a in articles}
    assert all(parsed[a.id].nlp == reference[a.id].nlp and parsed[a.id].tokens == reference[a.id].tokens
               for a in articles)
    assert seen and seen[-1] == (20, 20)
    cached = parse_articles(articles, settings)  # every parse is now answered by the cache
    assert all(cached[a.id].tokens == reference[a.id].tokens for a in articles)
    assert len(list(tmp_path.rglob("*.json"))) == len(articles)


def test_the_compact_parse_encoding_survives_separator_characters_in_the_text() -> None:
    """Control characters survive cleaning; spaCy makes tokens (and lemmas, and entity texts) of them, and the
    store's compact encoding uses two of them as separators: the parse must still decode, token for token."""
    from storyfold.nlp import parsed_from_bytes, parsed_to_bytes

    text = TEXT.replace("Ilse Varga", "Ilse\x1eVarga").replace(" the company", " \x1f the company \x1e")
    article = make_article(text)
    parsed = parse_articles([article], Settings(use_cache=False))[article.id]
    back = parsed_from_bytes(parsed_to_bytes(parsed))
    assert len(back.tokens) == len(parsed.tokens) and [t.start for t in back.tokens] == [t.start for t in parsed.tokens]
    assert [(m.start, m.end, m.label) for m in back.mentions] == [(m.start, m.end, m.label) for m in parsed.mentions]
    assert "\x1e" not in "".join(t.lemma for t in back.tokens)
