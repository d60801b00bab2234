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
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from storyfold.model import Article, ArticleNLP, Mention, Sentence, stable_id
from storyfold.settings import Settings

log = logging.getLogger(__name__)

CACHE_VERSION = "2"  # bump when the cached record's shape or meaning changes
FALLBACK_MODEL = "regex-fallback"
# spaCy refuses texts over its max_length (1M chars by default); news articles are far
# shorter, so anything this long is junk that slipped through and is cut, not parsed whole.
MAX_NLP_CHARS = 200_000
# Larger batches amortise spaCy's per-batch overhead; 64 news articles stay well under 100 MB.
PIPE_BATCH_SIZE = 64
# Below this many articles a second process costs more to start (model load) than it saves.
MULTIPROCESS_MIN_ARTICLES = 200
PIPE_PROCESSES = 2  # the target machine has two cores
# Components whose output no storyfold step reads (lemmas, tags, parse and NER are read).
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker", "spancat", "trainable_lemmatizer_unused")
BYTES_VERSION = 1  # first byte of parsed_to_bytes; bump when the layout changes
_FIELD_SEP = "\x1f"  # between the string columns of parsed_to_bytes
_ITEM_SEP = "\x1e"  # between the values of one column
_SEPARATORS_TO_SPACE = str.maketrans({_FIELD_SEP: " ", _ITEM_SEP: " "})


class NLPCache(Protocol):
    """Where parse results are kept between runs (the file cache, or the store's table)."""

    def get(self, article: Article) -> ParsedArticle | None: ...

    def put(self, article: Article, parsed: ParsedArticle) -> None: ...


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
    *,
    cache: NLPCache | None = None,
) -> dict[str, ParsedArticle]:
    """Parse every article, reading and writing ``cache`` (the file cache when None)."""
    settings = settings or Settings()
    articles = list(articles)
    model_name = model_id(settings.spacy_model)
    if cache is None:
        cache = _Cache(cache_path(settings) / model_name, enabled=settings.use_cache)
    parsed, todo = _cache_hits(articles, cache)
    for done, (article, result) in enumerate(zip(todo, _parse(todo, settings.spacy_model, model_name), strict=True)):
        parsed[article.id] = result
        cache.put(article, result)
        if progress:
            progress("nlp", done + 1, len(todo))
    return parsed


def _cache_hits(articles: list[Article], cache: NLPCache) -> tuple[dict[str, ParsedArticle], list[Article]]:
    """The parses the cache holds, and the articles still to parse."""
    parsed: dict[str, ParsedArticle] = {}
    todo: list[Article] = []
    for article in articles:
        hit = cache.get(article)
        if hit is not None:
            parsed[article.id] = hit
        else:
            todo.append(article)
    return parsed, todo


class ParsePool:
    """spaCy in worker processes that outlive one batch, so the next batch parses while this one is stored.

    :func:`parse_articles` starts spaCy's workers per call and waits for them: a long add then alternates
    between both cores parsing and one core indexing and analysing stories.  Workers that live for the
    whole add load the model once, take the next batch as soon as it is submitted, and keep both cores
    busy while the caller stores the previous one.  Use as a context manager; without spaCy it parses
    in the caller (the regex fallback is cheap).
    """

    def __init__(self, settings: Settings | None = None, *, cache: NLPCache | None = None,
                 processes: int = PIPE_PROCESSES) -> None:
        self.settings = settings or Settings()
        self.model_label = model_id(self.settings.spacy_model)
        self.cache = cache or _Cache(cache_path(self.settings) / self.model_label, enabled=self.settings.use_cache)
        self.processes = processes
        self._executor: Any = None

    def __enter__(self) -> ParsePool:
        if load_model(self.settings.spacy_model) is not None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # fork, as spaCy's own n_process does: workers share the loaded model's pages and start at once, and
            # no ``if __name__ == "__main__"`` guard is asked of a caller's script.  A forked worker never touches
            # the caller's SQLite connection and leaves with os._exit (no finalisers).
            self._executor = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_start_worker, initargs=(self.settings.spacy_model,))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def submit(self, articles: Iterable[Article]) -> PendingParse:
        """Start parsing ``articles`` (cache hits are answered at once); collect with PendingParse.result."""
        parsed, todo = _cache_hits(list(articles), self.cache)
        if self._executor is None:  # no spaCy: _parse falls back to the regex splitter, in this process
            parsed.update((a.id, p) for a, p in zip(todo, _parse(todo, self.settings.spacy_model, self.model_label),
                                                    strict=True))
            return PendingParse(parsed, [], self.cache, {})
        by_id = {a.id: a for a in todo}
        futures = [self._executor.submit(_parse_in_worker, self.settings.spacy_model, self.model_label,
                                         [(a.id, a.text[:MAX_NLP_CHARS]) for a in todo[i:i + POOL_TASK_ARTICLES]])
                   for i in range(0, len(todo), POOL_TASK_ARTICLES)]
        return PendingParse(parsed, futures, self.cache, by_id)


# Articles per worker task: small enough that both workers share a batch evenly, large enough that
# spaCy's own batching (PIPE_BATCH_SIZE) and the task round trip stay cheap next to the parse.
POOL_TASK_ARTICLES = 32


@dataclass
class PendingParse:
    """A batch being parsed by a :class:`ParsePool`."""

    parsed: dict[str, ParsedArticle]
    futures: list[Any]
    cache: NLPCache
    articles: dict[str, Article]

    def result(self, progress: Callable[[str, int, int], None] | None = None) -> dict[str, ParsedArticle]:
        """Every article's parse (waits for the workers); new parses go to the cache."""
        done, total = 0, len(self.articles)
        for future in self.futures:
            for blob in future.result():
                parsed = parsed_from_bytes(blob)
                self.parsed[parsed.nlp.article_id] = parsed
                self.cache.put(self.articles[parsed.nlp.article_id], parsed)
                done += 1
            if progress:
                progress("nlp", done, total)
        self.futures = []
        return self.parsed


def _start_worker(model_name: str) -> None:
    """A ParsePool worker: Ctrl-C is the caller's to handle (no traceback per worker); load the model once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_model(model_name)


def _parse_in_worker(model_name: str, model_label: str, items: list[tuple[str, str]]) -> list[bytes]:
    """One ParsePool task: parse (id, text) pairs in this worker, as compact bytes (cheap to send back)."""
    docs = _pipe(load_model(model_name), (text for _, text in items))
    return [parsed_to_bytes(_from_doc(article_id, doc, model_label))
            for (article_id, _), doc in zip(items, docs, strict=True)]


def _parse(articles: list[Article], model_name: str, model_label: str) -> Iterator[ParsedArticle]:
    nlp = load_model(model_name)
    if nlp is None:
        for article in articles:
            yield _parse_fallback(article)
        return
    processes = PIPE_PROCESSES if len(articles) >= MULTIPROCESS_MIN_ARTICLES else 1
    docs = _pipe(nlp, (a.text[:MAX_NLP_CHARS] for a in articles), processes)
    for article, doc in zip(articles, docs, strict=True):
        yield _from_doc(article.id, doc, model_label)


def _pipe(nlp: Any, texts: Iterable[str], processes: int = 1) -> Iterator[Any]:
    """spaCy docs for ``texts``, in batches, with the components no storyfold step reads turned off."""
    disable = [name for name in UNUSED_COMPONENTS if name in nlp.pipe_names]
    return nlp.pipe(texts, batch_size=PIPE_BATCH_SIZE, n_process=processes, disable=disable)


def parsed_to_bytes(parsed: ParsedArticle) -> bytes:
    """Compact columnar encoding: int columns as packed arrays, string columns joined, zlib'd.

    About ten times smaller and several times faster to load than the JSON token cache,
    because the bulk (tokens) becomes four int arrays and three joined strings.
    """
    nlp = parsed.nlp
    tokens = parsed.tokens
    ints = array("i", [len(tokens), len(nlp.sentences), len(nlp.mentions)])
    for column in (
        [t.start for t in tokens], [t.end for t in tokens], [t.head for t in tokens],
        [v for s in nlp.sentences for v in (s.start, s.end)],
        [v for m in nlp.mentions for v in (m.start, m.end)],
    ):
        ints.extend(column)
    strings = _FIELD_SEP.join([
        nlp.article_id, nlp.model,
        _joined(t.lemma for t in tokens), _joined(t.pos for t in tokens), _joined(t.dep for t in tokens),
        _joined(m.text for m in nlp.mentions), _joined(m.label for m in nlp.mentions),
    ]).encode("utf-8", "surrogatepass")
    body = len(ints).to_bytes(4, "little") + ints.tobytes() + strings
    return bytes([BYTES_VERSION]) + zlib.compress(body, 1)


def _joined(values: Iterable[str]) -> str:
    """One string column, its values joined by the record separator.

    Article text can hold the separators themselves (control characters survive cleaning, and spaCy makes a
    token, lemma and all, of a lone ``\x1e``): they become spaces inside a value, so the column always splits
    back into as many values as it had.
    """
    return _ITEM_SEP.join(v.translate(_SEPARATORS_TO_SPACE) for v in values)


def _split(joined: str, count: int) -> list[str]:
    return joined.split(_ITEM_SEP) if count else []


def parsed_from_bytes(data: bytes) -> ParsedArticle:
    """Inverse of :func:`parsed_to_bytes`; ValueError on another version or damaged data."""
    if not data or data[0] != BYTES_VERSION:
        raise ValueError("parsed NLP record of an unknown version")
    try:
        body = zlib.decompress(data[1:])
    except zlib.error as exc:
        raise ValueError(f"damaged parsed NLP record: {exc}") from exc
    count = int.from_bytes(body[:4], "little")
    ints = array("i")
    ints.frombytes(body[4 : 4 + 4 * count])
    fields = body[4 + 4 * count :].decode("utf-8", "surrogatepass").split(_FIELD_SEP)
    article_id, model, lemmas, poses, deps, texts, labels = fields
    n_tok, n_sent, n_ment = ints[0], ints[1], ints[2]
    pos = 3
    starts, ends, heads = (ints[pos + i * n_tok : pos + (i + 1) * n_tok] for i in range(3))
    pos += 3 * n_tok
    sent = ints[pos : pos + 2 * n_sent]
    ment = ints[pos + 2 * n_sent : pos + 2 * n_sent + 2 * n_ment]
    tokens = [
        Token(s, e, lemma, p, d, h)
        for s, e, h, lemma, p, d in zip(starts, ends, heads, _split(lemmas, n_tok), _split(poses, n_tok),
                                         _split(deps, n_tok), strict=True)
    ]
    sentences = [Sentence(sent[2 * i], sent[2 * i + 1]) for i in range(n_sent)]
    mentions = [
        Mention(ment[2 * i], ment[2 * i + 1], text, label)
        for i, (text, label) in enumerate(zip(_split(texts, n_ment), _split(labels, n_ment), strict=True))
    ]
    return ParsedArticle(ArticleNLP(article_id, sentences, mentions, model), tokens)


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
