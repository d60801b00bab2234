"""Direct quotes of one story, each tied to its speaker and merged across outlets.

Reading a quote the way an editor does takes three steps, one module each; this
module runs them over the story's articles and turns each merged group into a
:class:`Quote` with its variants and exact evidence:

* **find the quoted words** (:mod:`quote_spans`): curly, straight and low double
  quotes, top-level single quotes (British style), a quote split by its
  attribution (``"A," she said. "B."``), and a quote running over several
  paragraphs; :mod:`quote_occurrences` keeps the statements and attributed
  partial quotes, not scare quotes or titles;
* **name the speaker** (:mod:`speakers`) from the dependency parse
  (:mod:`quote_parse`): the subject of a speech verb or the object of "according
  to", in the quote's own sentence, the sentence before it when that ends with a
  colon, or inherited from the quote it continues.  Pronouns and descriptions
  ("the minister") resolve to the person they stand for
  (:mod:`speaker_antecedents`); names to the story's canonical form
  (:mod:`speaker_names`);
* **merge** the same quote across outlets (:mod:`quote_merge`): truncations,
  punctuation, spelling and translations, when the speakers agree.

Quotes without any attribution are left out: a quote nobody is said to have
spoken cannot be checked.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from storyfold.analyze.context import StoryContext
from storyfold.analyze.quotes.merge import content_words, group_occurrences, partial_match, same_quote
from storyfold.analyze.quotes.names import story_places
from storyfold.analyze.quotes.occurrences import Occurrence, article_occurrences, normalize_quote
from storyfold.analyze.quotes.spans import quote_spans
from storyfold.model import Evidence, Quote, QuoteVariant

__all__ = ["find_quotes", "normalize_quote", "partial_match", "quote_spans", "renders", "same_quote"]

# Share of the quote's content words a phrase must repeat to be shown as a rendering of it when
# it is no statement of its own: "many more" or "a clear signal" tie an outlet to the quote (it
# stays among the quote's sources and evidence) but is no wording of it an editor could sign.
VARIANT_MIN_SHARE = 0.5


def find_quotes(ctx: StoryContext) -> list[Quote]:
    """Direct quotes with speakers, the same quote across outlets merged, most-reported first."""
    places = story_places(ctx)
    occurrences = [o for article in ctx.articles for o in article_occurrences(ctx, article, places)]
    quotes = [_to_quote(ctx, group) for group in group_occurrences(occurrences)]
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    quotes.sort(key=lambda q: (-ctx.independent_count(q.sources), order[q.evidence[0].article], q.evidence[0].start))
    return quotes


def _to_quote(ctx: StoryContext, group: list[Occurrence]) -> Quote:
    full = [o for o in group if not o.partial] or group
    main = max(full, key=lambda o: (len(o.key), -group.index(o)))
    by_wording: dict[str, list[Occurrence]] = defaultdict(list)
    for occurrence in group:
        by_wording[occurrence.key].append(occurrence)
    variants = [  # the other wordings: the main one's sources are the quote's own
        QuoteVariant(members[0].text, ctx.order_sources(o.article.id for o in members))
        for key, members in sorted(by_wording.items(), key=lambda kv: (-len(kv[1]), group.index(kv[1][0])))
        if key != main.key and renders(members[0], main)
    ]
    evidence = [
        Evidence(o.article.id, o.article.text[s.start : s.end], s.start, s.end) for o in group for s in o.segments
    ]
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    evidence.sort(key=lambda e: (order[e.article], e.start))
    return Quote(
        speaker=_group_speaker(group),
        text=main.text,
        sources=ctx.order_sources(o.article.id for o in group),
        variants=variants,
        evidence=evidence,
    )


def renders(wording: Occurrence, quote: Occurrence) -> bool:
    """``wording`` is a real rendering of ``quote``, to show as its variant: a statement (a clause,
    or a long list; see :mod:`occurrences`), or a phrase repeating at least
    :data:`VARIANT_MIN_SHARE` of the quote's content words."""
    if not wording.partial:
        return True
    words = content_words(quote.text)
    return bool(words) and len(words & content_words(wording.text)) / len(words) >= VARIANT_MIN_SHARE


def _group_speaker(group: list[Occurrence]) -> str | None:
    """The most common named speaker; a description only when nobody is named."""
    named = Counter(o.speaker for o in group if o.named and o.speaker)
    if named:
        return named.most_common(1)[0][0]
    described = Counter(o.speaker for o in group if o.speaker)
    return described.most_common(1)[0][0] if described else None
