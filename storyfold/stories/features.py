"""What an article contributes to story matching: its event signature.

An event is named by who, where, which figures and when far more than by topic
words (two earthquakes share "magnitude" and "rubble", not the town or the toll),
so a signature keeps four small sparse views: topic terms of the title and lead
(counted over the body), entity keys, distinctive numbers (and the ones of the lead,
which are the event's key figures), and the publication day.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from unidecode import unidecode

from storyfold.cluster import _NUMBER, LEAD_WEIGHT, _day, _entity_keys, _lead
from storyfold.model import Article
from storyfold.nlp import ParsedArticle

# Terms kept per article: the most frequent after lead weighting; the tail is noise and cost.
MAX_TERMS = 120
_TERM = re.compile(r"[a-z][a-z'-]{2,}")
# Without NER (NLP off), capitalised runs not opening a sentence stand in for entity names.
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "year", "years", "new", "like", "just"}


@dataclass
class Signature:
    """Sparse counts per view; ``lead_numbers`` are the event's key figures."""

    terms: dict[str, float] = field(default_factory=dict)
    entities: dict[str, float] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    lead_numbers: list[str] = field(default_factory=list)
    day: float | None = None

    def to_dict(self) -> dict:
        return {"t": self.terms, "e": self.entities, "n": self.numbers, "l": self.lead_numbers, "d": self.day}

    @classmethod
    def from_dict(cls, data: dict) -> Signature:
        return cls(data["t"], data["e"], data["n"], data["l"], data["d"])


def signature(article: Article, parsed: ParsedArticle | None) -> Signature:
    """The article's signature (see the module docstring)."""
    lead = _lead(article, parsed)
    terms = Counter(_terms(article.text))
    for term in _terms(lead):
        terms[term] += LEAD_WEIGHT
    kept = dict(sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS])
    entities = Counter(_entity_keys(parsed) if parsed and parsed.mentions else _capitalised_keys(article.text))
    numbers = Counter(_normal_number(n) for n in _NUMBER.findall(article.text))
    lead_numbers = sorted({_normal_number(n) for n in _NUMBER.findall(lead)})
    day = _day(article.published)
    return Signature(kept, dict(entities), dict(numbers), lead_numbers, None if day != day else day)


def _terms(text: str) -> list[str]:
    return [t for t in _TERM.findall(unidecode(text).casefold()) if t not in _STOP]


def _capitalised_keys(text: str) -> list[str]:
    keys = []
    for match in _CAPITALISED.finditer(text):
        key = unidecode(match.group(1)).casefold()
        if key not in _STOP:
            keys.append(key)
    return keys


def _normal_number(value: str) -> str:
    """20,000 and 20000 are one figure."""
    return value.replace(",", "")
