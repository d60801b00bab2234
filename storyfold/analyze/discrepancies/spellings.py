"""Names that independent outlets spell differently ("Volodymyr" / "Wolodymyr").

Entity resolution already groups a person's or a place's variant spellings under one
name; a variant is a discrepancy a reader should see only when independent outlets use
different forms, and forms that differ only in dots and spaces ("U.S." / "US") are one.

House styles add or drop titles, middle initials and professional suffixes ("Representative
Mary J. Smith" / "Mary Smith"): those are one name, never a disagreement.  A generational suffix
is not house style: "John Smith" and "John Smith Jr." are a father and a son, two people, so
their forms are never compared.  Forms left that are not near-spellings of each other (an
entity resolution slip pairing two different names) are not listed either.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from storyfold.analyze.claims import normal_form
from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import (
    GENERATIONAL_SUFFIXES,
    GIVEN_NAME_SHORT_FORMS,
    NAME_TITLES,
    PROFESSIONAL_SUFFIXES,
    REGIONAL_SPELLING_ENDINGS,
)
from storyfold.analyze.discrepancies.disagreement import independent_disagreement, ordered
from storyfold.analyze.entities import spelling_variants
from storyfold.model import Discrepancy, DiscrepancyValue, Evidence, Fact

# People and places: a misspelt organisation name is rarer and usually an abbreviation.
SPELLING_TYPES = frozenset({"PERSON", "GPE", "LOC", "FAC"})
# Two forms of one name this similar (rapidfuzz ratio, 0-100) are a spelling difference
# ("Volodymyr" / "Wolodymyr" ~ 89, "Kharchenko" / "Harchenko" ~ 95); below it they are two names
# an entity resolution slip put together, which a reader must not see as a spelling.
MIN_SPELLING_SIMILARITY = 75
# Place names in one aligned fact that differ by one letter ("Kovalino" / "Kovalina") name one
# place spelt two ways; shorter names one letter apart are often two real places ("Ely" / "Eye").
MIN_PLACE_LETTERS = 5
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})  # "the council of Brackwater" is an ORG
# What house styles put around a name that is not its spelling: a quoted nickname
# ('Vincent "The Chin" Gigante') and a possessive ending ("Little Italy's").
_QUOTED_NICKNAME = re.compile(r"[\"“”]\s*[^\"“”]+?\s*[\"“”]")
_POSSESSIVE = re.compile(r"['’`]s?$")


def spelling_discrepancies(ctx: StoryContext) -> list[Discrepancy]:
    """One discrepancy per person or place whose spellings differ between independent outlets."""
    found: list[Discrepancy] = []
    for entity in ctx.entities:
        if entity.type not in SPELLING_TYPES:
            continue
        spellings = _merge_punctuation_forms(spelling_variants(entity))
        spellings = _near_spellings(_merge_house_styles(spellings, regional=entity.type != "PERSON"))
        if len(spellings) < 2:
            continue
        values = [
            DiscrepancyValue(
                spelling,
                ctx.order_sources(articles),
                _first_mentions(entity.mentions, spelling, articles),
            )
            for spelling, articles in spellings.items()
        ]
        if independent_disagreement(ctx, values):
            found.append(Discrepancy(entity.name, "spelling", ordered(values)))
    return found


def _letters(text: str) -> str:
    return "".join(ch for ch in normal_form(text) if ch.isalnum())


def _merge_punctuation_forms(spellings: dict[str, list[str]]) -> dict[str, list[str]]:
    """"U.S." and "US" are one spelling: forms equal once dots and spaces go are merged,
    shown in the form more articles use."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for spelling, articles in sorted(spellings.items(), key=lambda kv: -len(kv[1])):
        key = _letters(spelling)
        if key in merged:
            merged[key][1].extend(a for a in articles if a not in merged[key][1])
        else:
            merged[key] = (spelling, list(articles))
    return dict(merged.values())


def name_core(name: str) -> str:
    """A name without what house styles add or drop: titles, middle initials, professional
    suffixes ("Rep. Mary J. Smith, PhD" -> "mary smith"); a generational suffix stays."""
    bare = _POSSESSIVE.sub("", _QUOTED_NICKNAME.sub(" ", name).strip())
    words = [w.strip(".,") for w in normal_form(bare).replace(",", " ").split()]
    while len(words) > 1 and words[0] in NAME_TITLES:
        words = words[1:]
    # "Bill Ingaldson" / "William Ingaldson": a given name's short form (never the surname)
    words = [GIVEN_NAME_SHORT_FORMS.get(w, w) for w in words[:-1]] + words[-1:]
    words = [w for w in words if w and w not in PROFESSIONAL_SUFFIXES]
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return " ".join(words)


def generation(name: str) -> str:
    """The generational suffix of a name ("jr"), or "" when it has none."""
    words = name_core(name).split()
    return words[-1] if words and words[-1] in GENERATIONAL_SUFFIXES else ""


def _merge_house_styles(spellings: dict[str, list[str]], regional: bool = False) -> dict[str, list[str]]:
    """Forms equal once titles, initials and suffixes go are one spelling (the commonest shown),
    and so are a name's longer and shorter forms: "Mark Jay Heller" / "Mark Heller" (a middle
    name), "Cheryl Boone Isaacs" / "Boone Isaacs" (the given name dropped), "GM Theo Epstein" /
    "Theo Epstein" (a title the lexicon does not know).  Same last word, every word of the
    shorter form in the longer one, in order: house style, not a spelling.  With ``regional`` (a
    place's or a building's name), British and American spellings are one too ("Kodak Theatre" /
    "Kodak Theater"); a person's name keeps its letters ("Seymour" / "Seymor" differ)."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for spelling, articles in sorted(spellings.items(), key=lambda kv: -len(kv[1])):
        key = _letters(_regional_spelling(name_core(spelling)) if regional else name_core(spelling))
        key = next((k for k, (form, _) in merged.items() if _longer_or_shorter_form(spelling, form)), key)
        if key in merged:
            merged[key][1].extend(a for a in articles if a not in merged[key][1])
        else:
            merged[key] = (spelling, list(articles))
    return dict(merged.values())


def _regional_spelling(name: str) -> str:
    """Each word's British ending in its American form: "kodak theatre" -> "kodak theater"."""
    words = []
    for word in name.split():
        for british, american in REGIONAL_SPELLING_ENDINGS:
            if word.endswith(british) and len(word) > len(british) + 1:
                word = word[: -len(british)] + american
        words.append(word)
    return " ".join(words)


def _longer_or_shorter_form(one: str, two: str) -> bool:
    """One name written longer or shorter: same last word (so "Jr." keeps a son apart from
    his father), the shorter form's words all in the longer one, in order."""
    a, b = sorted((_name_words(one), _name_words(two)), key=len)
    if not a or a[-1] != b[-1]:
        return False
    if len(a) == len(b):  # "W. Mark Felt" / "William Mark Felt": a given name's initial written out
        return a != b and all(x == y or _initial_of(x, y) for x, y in zip(a[:-1], b[:-1], strict=True))
    rest = iter(b)
    return all(word in rest for word in a)  # an ordered subsequence


def _name_words(name: str) -> list[str]:
    """A name's words in house-style-free form, a double surname split ("Maurice Jones-Drew"
    holds "Maurice Drew", the form an outlet may use)."""
    return name_core(name).replace("-", " ").split()


def _initial_of(one: str, two: str) -> bool:
    """One word is the other's initial ("w" / "william")."""
    short, long = sorted((one.strip("."), two.strip(".")), key=len)
    return len(short) == 1 and len(long) > 1 and long.startswith(short)


def _near_spellings(spellings: dict[str, list[str]]) -> dict[str, list[str]]:
    """Keep the forms that spell the majority form's name differently: same generation (a
    father is not his son) and close enough to be one name misspelt."""
    if len(spellings) < 2:
        return spellings
    lead = max(spellings, key=lambda k: len(spellings[k]))
    kept = {lead: spellings[lead]}
    for form, articles in spellings.items():
        if form == lead or generation(form) != generation(lead) or _numbers(form) != _numbers(lead):
            continue  # a father and his son; "117th Street" and "115th Street", two streets
        if fuzz.ratio(name_core(form), name_core(lead)) >= MIN_SPELLING_SIMILARITY:
            kept[form] = articles
    return kept


def _numbers(name: str) -> list[str]:
    """The figures a name carries ("117th Street" -> ["117"]): names with different ones differ."""
    return re.findall(r"\d+", name)


def _first_mentions(mentions: list[Evidence], spelling: str, articles: list[str]) -> list[Evidence]:
    """Each article's first mention in this spelling: the evidence a reader can check."""
    key = _letters(spelling)
    first: dict[str, Evidence] = {}
    for mention in mentions:
        if mention.article in articles and mention.article not in first and _letters(mention.text) == key:
            first[mention.article] = mention
    return [first[a] for a in articles if a in first]


def place_spelling_discrepancies(ctx: StoryContext, facts: list[Fact]) -> list[Discrepancy]:
    """Place names one letter apart in the same aligned fact (or contrasted claims) of
    independent outlets, where no article uses both (then they are two places)."""
    found: list[Discrepancy] = []
    for fact in facts:
        places = _fact_places(ctx, fact.evidence)
        used = {a: {_place_key(m.text) for m in ms} for a, ms in places.items()}
        forms: dict[str, list[Evidence]] = {}
        for mentions in places.values():
            for mention in mentions:
                forms.setdefault(_place_key(mention.text), []).append(mention)
        for one, two in _one_letter_pairs(sorted(forms)):
            if any(one in names and two in names for names in used.values()) or _numbers(one) != _numbers(two):
                continue  # two places of one article; "117th" and "115th" Street, two streets
            values = [DiscrepancyValue(forms[k][0].text, ctx.order_sources(e.article for e in forms[k]),
                                       list({e.article: e for e in forms[k]}.values())) for k in (one, two)]
            if independent_disagreement(ctx, values):
                found.append(Discrepancy(values[0].value, "spelling", ordered(values)))
    return found


def _place_key(text: str) -> str:
    """A place name's letters without a possessive ending ("Little Italy's" is "Little Italy")."""
    return _letters(_POSSESSIVE.sub("", text.strip()))


def _fact_places(ctx: StoryContext, evidence: list[Evidence]) -> dict[str, list[Evidence]]:
    """Per article, the place mentions inside its evidence span."""
    places: dict[str, list[Evidence]] = {}
    for item in evidence:
        parsed = ctx.parsed.get(item.article)
        if parsed is None:
            continue
        text = ctx.article(item.article).text
        places[item.article] = [Evidence(item.article, text[m.start:m.end], m.start, m.end)
                                for m in parsed.mentions
                                if m.label in PLACE_LABELS and item.start <= m.start and m.end <= item.end]
    return places


def _one_letter_pairs(keys: list[str]) -> list[tuple[str, str]]:
    return [(a, b) for n, a in enumerate(keys) for b in keys[n + 1:]
            if min(len(a), len(b)) >= MIN_PLACE_LETTERS and Levenshtein.distance(a, b) == 1]
