"""The name a speaker token stands for, as the story knows it.

The same person is "Jana Kovac", "Kovac" and "Kovac’s" across outlets, and the small
tagger both splits names over glued lines and calls a one-word town a person.  These
helpers cut a mention down to a plausible name, resolve it to the story's canonical
form, and tell people from places by how the story uses the word ("talks in Vessa").
"""

from __future__ import annotations

import re

from storyfold.analyze.context import StoryContext
from storyfold.analyze.quotes.parse import QuoteParse
from storyfold.model import Mention

# A speaker's name is never longer than this; longer "mentions" are parser accidents.
MAX_SPEAKER_WORDS = 6
# Prepositions that put a name on the map: a name the story puts "in" or "near" is a place.
LOCATIVE_PREPOSITIONS = frozenset({"in", "near", "outside", "inside", "across", "throughout"})
# Mention labels of figures and times: never a name, though the tagger may run one into a name.
NUMERIC_LABELS = frozenset({"DATE", "TIME", "QUANTITY", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})
_NAME_WORD = re.compile(r"[\w’'.-]+")


def clean_name(text: str, mention: Mention, offset: int) -> str | None:
    """The line of a mention holding ``offset``, without a possessive; None if implausible."""
    line_start = text.rfind("\n", mention.start, offset) + 1 or mention.start
    line_start = max(line_start, mention.start)
    line_end = text.find("\n", offset, mention.end)
    name = text[line_start : mention.end if line_end < 0 else line_end].strip()
    name = re.sub(r"^(?:the|The)\s+", "", re.sub(r"[’']s$", "", name)).strip()
    if not name or len(name.split()) > MAX_SPEAKER_WORDS:
        return None
    return name


def token_name(parse: QuoteParse, i: int, ctx: StoryContext) -> tuple[str, str] | None:
    """``(canonical name, label)`` of the name a proper-noun token belongs to."""
    token = parse.tokens[i]
    mention = parse.mention_at(token.start)
    if mention is not None and mention.label in NUMERIC_LABELS:
        mention = None  # "at 9 a.m. Lyons said": a time the tagger ran into the name
    if mention is not None:
        name = clean_name(parse.article.text, mention, token.start)
        return (full_name(ctx, name), mention.label) if name else None
    first = i
    while first > 0 and parse.tokens[first - 1].pos == "PROPN" and parse.tokens[first - 1].head in (i, first):
        first -= 1
    name = parse.article.text[parse.tokens[first].start : token.end]
    return (full_name(ctx, name), "PERSON") if "\n" not in name else None


def full_name(ctx: StoryContext, name: str) -> str:
    """The resolved name; a surname alone ("Lind") goes to the one person of the story it ends."""
    canonical = ctx.canonical_name(name)
    if canonical != name or " " in name:
        return canonical
    # the last word as letters, so a name glued to its nickname ('Vincent "The Chin"Gigante')
    # still counts: two Gigantes (a father and a son) leave "Gigante" as it is
    people = {e.name for e in ctx.entities if e.type == "PERSON" and _last_word(e.name) == name}
    return people.pop() if len(people) == 1 else name


def _last_word(name: str) -> str:
    words = _NAME_WORD.findall(name)
    return words[-1] if words else ""


def is_person(parse: QuoteParse, name: str, label: str) -> bool:
    """A person by the story's types, and never a name the story also puts "in" ("in Vessa"):
    the small model often tags a one-word capital as a person."""
    return parse.type_of(name, label) == "PERSON" and name.split()[-1].casefold() not in parse.places


def story_places(ctx: StoryContext) -> frozenset[str]:
    """Proper nouns the story's articles use after a locative preposition ("talks in Vessa")."""
    found: set[str] = set()
    for article in ctx.articles:
        parsed = ctx.parsed.get(article.id)
        tokens = parsed.tokens if parsed else []
        for token in tokens:
            head = tokens[token.head]
            if token.dep == "pobj" and token.pos == "PROPN" and \
                    article.text[head.start : head.end].casefold() in LOCATIVE_PREPOSITIONS:
                found.add(article.text[token.start : token.end].casefold())
    return frozenset(found)
