"""One aligned fact as each outlet words it, with the parse of those words.

The checks that compare outlets within one fact (figures, hedges, quantifiers,
stances, dates) all need the same view of each outlet's sentence: its tokens, minus
the words that only say who reported it ("the ministry said"), because attribution
differs between outlets without the claim differing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyfold.analyze.claims import ArticleTokens, normal_form, speech_setting
from storyfold.analyze.context import StoryContext
from storyfold.analyze.discrepancies.disagreement import shorten_at_word
from storyfold.analyze.discrepancies.predicates import stem
from storyfold.analyze.discrepancies.story_tokens import TokenIndexes, cached_index
from storyfold.analyze.quantities import VAGUE_WORDS
from storyfold.model import Evidence, Fact

KEY_PHRASE_FALLBACK_CHARS = 60  # a fact with no noun is labelled by its opening words
# Dependencies that make a noun what a fact is about, best first; any other ranks after.
SUBJECT_RANK = {"nsubj": 0, "nsubjpass": 0, "dobj": 1}


@dataclass(slots=True)
class FactSpan:
    """One fact's evidence in one article, with its parse."""

    evidence: Evidence
    independent: str
    published: str | None
    index: ArticleTokens
    token_ids: list[int]
    setting: set[int] = field(default_factory=set)
    text: str = ""  # the article's text, for the words of a token

    def words(self) -> list[int]:
        """Tokens that carry the claim, not who reported it."""
        return [i for i in self.token_ids if i not in self.setting]

    def word(self, i: int) -> str:
        """Token ``i`` as written, in normal form ("May" the month stays "may", unlemmatised)."""
        token = self.index.tokens[i]
        return normal_form(self.text[token.start : token.end])

    def stems(self) -> set[str]:
        """Stems of the claim's words, to find the act another outlet names too."""
        return {stem(self.index.tokens[i].lemma) for i in self.words()}


def fact_spans(ctx: StoryContext, fact: Fact, indexes: TokenIndexes) -> list[FactSpan]:
    """Each outlet's wording of ``fact`` with its parse and its attribution words."""
    spans: list[FactSpan] = []
    for evidence in fact.evidence:
        article = ctx.article(evidence.article)
        index = cached_index(ctx, indexes, article.id)
        ids = index.span(evidence.start, evidence.end)
        spans.append(FactSpan(evidence, article.independent_id, article.published, index, ids,
                              speech_setting(index, ids), article.text))
    return spans


def others_words(per_article: dict[str, set[str]], article: str) -> set[str]:
    """The words every other article of the fact uses: what a qualifier must be about to
    qualify the shared claim."""
    return set().union(*(words for other, words in per_article.items() if other != article))


def key_phrase(spans: list[FactSpan], fact: Fact) -> str:
    """A short label for the fact: the subject (or object) of its clearest wording, with its
    modifiers, skipping amounts ("dozens of families" -> "families")."""
    span = next((s for s in spans if s.evidence.text == fact.text), spans[0])
    tokens = span.index.tokens
    nouns = [i for i in span.words() if tokens[i].pos in {"NOUN", "PROPN"} and not _is_amount(span, i)]
    if not nouns:
        return shorten_at_word(fact.text, KEY_PHRASE_FALLBACK_CHARS)
    core = min(nouns, key=lambda i: (SUBJECT_RANK.get(tokens[i].dep, len(SUBJECT_RANK)), i))
    modifiers = [c for c in span.index.children.get(core, []) if tokens[c].dep in {"compound", "amod"}]
    first = min([core, *modifiers])
    return span.text[tokens[first].start : tokens[core].end]


def _is_amount(span: FactSpan, i: int) -> bool:
    return span.word(i) in VAGUE_WORDS or span.index.tokens[i].pos == "NUM"
