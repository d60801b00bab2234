"""One article's dependency parse, indexed for finding who speaks a quote.

Attribution walks the parse by character offset (which token, mention or sentence
holds this offset; is it inside a quote?) and by tree (a token's children).  Building
those lookups once per article, with bisect over sorted starts, keeps every question
logarithmic instead of a scan of the article.
"""

from __future__ import annotations

import bisect

from storyfold.analyze.core.lexicon import SPEECH_LEMMAS
from storyfold.analyze.core.tokens import TokenIndex
from storyfold.analyze.quotes.spans import Segment
from storyfold.model import Article, Mention
from storyfold.nlp import ParsedArticle

__all__ = ["SPEECH_LEMMAS", "SUBJECT_DEPS", "QuoteParse"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# How many mentions before an offset may still reach over it (a nested or overlapping
# entity span); mentions do not stack deeper than this.
MENTION_LOOKBACK = 3


class QuoteParse(TokenIndex):
    """The shared token index, plus what attribution asks: mentions, sentences, quoted regions."""

    def __init__(self, article: Article, parsed: ParsedArticle, segments: list[Segment],
                 types: dict[str, str], places: frozenset[str] = frozenset()) -> None:
        super().__init__(parsed, article.text)
        self.article = article
        self.types = types
        self.places = places  # casefolded names the story puts "in"/"near": places, whatever the tagger says
        self.mentions: list[Mention] = sorted(parsed.mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.sentences = parsed.sentences
        self.sentence_starts = [s.start for s in self.sentences]
        self.quoted = sorted((s.start, s.end) for s in segments)
        self.quoted_starts = [q[0] for q in self.quoted]

    def type_of(self, name: str, label: str) -> str:
        """The entity type the story resolved for ``name`` (it corrects the model), else the label."""
        return self.types.get(name.casefold(), label)

    def sentence_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def in_quote(self, offset: int) -> bool:
        k = bisect.bisect_right(self.quoted_starts, offset) - 1
        return k >= 0 and self.quoted[k][0] <= offset < self.quoted[k][1]

    def mention_at(self, offset: int) -> Mention | None:
        k = bisect.bisect_right(self.mention_starts, offset) - 1
        while k >= 0 and k >= bisect.bisect_right(self.mention_starts, offset) - MENTION_LOOKBACK:
            mention = self.mentions[k]
            if mention.start <= offset < mention.end:
                return mention
            k -= 1
        return None

    def has_verb(self, start: int, end: int) -> bool:
        return any(self.tokens[i].pos in ("VERB", "AUX") for i in self.token_range(start, end))

    def subjects(self, i: int) -> list[int]:
        """The grammatical subjects hanging on token ``i``."""
        return [c for c in self.children.get(i, []) if self.tokens[c].dep in SUBJECT_DEPS]

    def is_speech_verb(self, i: int) -> bool:
        return self.tokens[i].lemma.casefold() in SPEECH_LEMMAS

    def is_attribution(self, start: int, end: int) -> bool:
        """The words between two quoted halves are only an attribution ("she said", "said the
        mayor on Monday", "he said, adding"): every verb in them reports speech.  "it clicked
        that they were cops, she said" or "Hale said a neighbour heard a guard shout" tell
        something else too, so the quotes around them are two."""
        verbs = [i for i in self.token_range(start, end)
                 if self.tokens[i].pos == "VERB" and not self.in_quote(self.tokens[i].start)
                 and not self._circumstance(i)]
        return bool(verbs) and all(self.is_speech_verb(i) for i in verbs)

    def _circumstance(self, i: int) -> bool:
        """A verb that only describes the speaker or sets the scene of the attribution: "said
        Taras Bilyk, who leads the union", "said in sentencing him"."""
        token = self.tokens[i]
        if token.dep in ("relcl", "acl") and self.tokens[token.head].pos in ("NOUN", "PROPN"):
            return True
        return token.dep == "pcomp" and self.word(i).casefold().endswith("ing")

    def reports_speech(self, start: int, end: int) -> bool:
        """A speech verb (or "according to") outside quotes in ``[start, end)``: words that attribute."""
        for i in self.token_range(start, end):
            token = self.tokens[i]
            if self.in_quote(token.start):
                continue
            if (self.is_speech_verb(i) and token.pos in ("VERB", "AUX")) or self.word(i).casefold() == "according":
                return True
        return False

    def subtree_tokens(self, i: int) -> list[int]:
        todo, seen = [i], []
        while todo:
            node = todo.pop()
            seen.append(node)
            todo.extend(self.children.get(node, []))
        return seen
