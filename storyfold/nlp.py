"""Per-article NLP: sentences, tokens with their parse, and entity mentions.

This is the expensive step (spaCy's small English model runs at a few thousand
words a second per core), so it runs once per article and its results are
cached on disk keyed by article id and model.  Every analysis component reads
these offsets instead of re-parsing text.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyfold.model import Article, ArticleNLP, Mention, Sentence, stable_id
from storyfold.settings import Settings

log = logging.getLogger(__name__)

CACHE_VERSION = "2"  # bump when the cached record's shape or meaning changes
FALLBACK_MODEL = "regex-fallback"
# spaCy refuses texts over its max_length (1M chars by default); news articles are far
# shorter, so anything this long is junk that slipped through and is cut, not parsed whole.
MAX_NLP_CHARS = 200_000
PIPE_BATCH_SIZE = 16


@dataclass(slots=True)
class Token:
    """One token with its parse, offsets into ``Article.text``."""

    start: int
    end: int
    lemma: str
    pos: str
    dep: str
    head: int  # index of the head token within the article


@dataclass(slots=True)
class ParsedArticle:
    """:class:`ArticleNLP` plus tokens: what analysis components consume."""

    nlp: ArticleNLP
    tokens: list[Token] = field(default_factory=list)

    @property
    def sentences(self) -> list[Sentence]:
        return self.nlp.sentences

    @property
    def mentions(self) -> list[Mention]:
        return self.nlp.mentions


@lru_cache(maxsize=4)
def load_model(name: str) -> Any:
    """Load a spaCy pipeline once per process; ``None`` when it is not installed."""
    try:
        import spacy

        return spacy.load(name)
    except (ImportError, OSError) as exc:
        log.warning("spaCy model %r unavailable (%s); using the regex fallback", name, exc)
        return None


def model_id(name: str) -> str:
    nlp = load_model(name)
    if nlp is None:
        return FALLBACK_MODEL
    return f"{nlp.meta.get('name', name)}-{nlp.meta.get('version', '?')}"


def cache_path(settings: Settings) -> Path:
    base = settings.cache_dir or os.environ.get("STORYFOLD_CACHE") or Path.home() / ".cache" / "storyfold"
    return Path(base) / "nlp"


def parse_articles(
    articles: Iterable[Article],
    settings: Settings | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, ParsedArticle]:
    """Parse every article, reading and writing the per-article cache."""
    settings = settings or Settings()
    articles = list(articles)
    model_name = model_id(settings.spacy_model)
    cache = _Cache(cache_path(settings) / model_name, enabled=settings.use_cache)
    parsed: dict[str, ParsedArticle] = {}
    todo: list[Article] = []
    for article in articles:
        hit = cache.get(article)
        if hit is not None:
            parsed[article.id] = hit
        else:
            todo.append(article)
    for done, (article, result) in enumerate(zip(todo, _parse(todo, settings.spacy_model, model_name), strict=True)):
        parsed[article.id] = result
        cache.put(article, result)
        if progress:
            progress("nlp", done + 1, len(todo))
    return parsed


def _parse(articles: list[Article], model_name: str, model_label: str) -> Iterator[ParsedArticle]:
    nlp = load_model(model_name)
    if nlp is None:
        for article in articles:
            yield _parse_fallback(article)
        return
    texts = (a.text[:MAX_NLP_CHARS] for a in articles)
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE), strict=True):
        yield _from_doc(article.id, doc, model_label)


def _from_doc(article_id: str, doc: Any, model_label: str) -> ParsedArticle:
    sentences = [Sentence(s.start_char, s.end_char) for s in doc.sents]
    mentions = [Mention(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
    tokens = [
        Token(t.idx, t.idx + len(t.text), t.lemma_, t.pos_, t.dep_, t.head.i) for t in doc
    ]
    return ParsedArticle(ArticleNLP(article_id, sentences, mentions, model_label), tokens)


_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def _parse_fallback(article: Article) -> ParsedArticle:
    """Sentences only, from punctuation: keeps the core usable without spaCy."""
    sentences: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(article.text):
        if article.text[start : match.start()].strip():
            sentences.append(Sentence(start, match.start()))
        start = match.end()
    if article.text[start:].strip():
        sentences.append(Sentence(start, len(article.text.rstrip())))
    return ParsedArticle(ArticleNLP(article.id, sentences, [], FALLBACK_MODEL))


class _Cache:
    """One JSON file per parsed text under ``<cache_dir>/nlp/<model>/``.

    Keyed by a hash of the cleaned text, not the article id: the same input can clean
    differently in another batch (per-outlet repeated blocks), and offsets are only valid
    for the exact text they were computed on.
    """

    def __init__(self, root: Path, enabled: bool) -> None:
        self.root = root
        self.enabled = enabled

    def _file(self, article: Article) -> Path:
        key = stable_id(CACHE_VERSION, article.text, length=20)
        return self.root / key[:2] / f"{key}.json"

    def get(self, article: Article) -> ParsedArticle | None:
        if not self.enabled:
            return None
        path = self._file(article)
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("v") != CACHE_VERSION:
                return None
            return ParsedArticle(
                ArticleNLP(
                    article.id,
                    [Sentence(*s) for s in data["sentences"]],
                    [Mention(*m) for m in data["mentions"]],
                    data["model"],
                ),
                [Token(*t) for t in data["tokens"]],
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing or damaged entry: parse again

    def put(self, article: Article, parsed: ParsedArticle) -> None:
        if not self.enabled:
            return
        nlp = parsed.nlp
        data = {
            "v": CACHE_VERSION,
            "model": nlp.model,
            "sentences": [[s.start, s.end] for s in nlp.sentences],
            "mentions": [[m.start, m.end, m.text, m.label] for m in nlp.mentions],
            "tokens": [[t.start, t.end, t.lemma, t.pos, t.dep, t.head] for t in parsed.tokens],
        }
        path = self._file(article)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
            tmp.replace(path)  # atomic: a crash never leaves a half-written cache entry
        except OSError as exc:
            log.warning("cannot write NLP cache %s: %s", path, exc)
