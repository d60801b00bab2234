"""Who a quote is attributed to, read from the dependency parse.

A quote's speaker is the subject of a speech verb ("say", "tell", "write", "post",
"add", ...) or the object of "according to", found in the quote's own sentences, or in
the sentence before it when that one ends with a colon ("The minister wrote: ...").
The nearest such speaker wins.  A name resolves to the story's canonical form; a
pronoun or a description goes to :mod:`speaker_antecedents` for the person it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import (
    NON_SPEAKER_NOUNS,
    PERCEPTION_LEMMAS,
    PUBLICATION_WORDS,
    SPEAKER_GROUP_NOUNS,
    TITLE_NOUNS,
)
from storyfold.analyze.quotes.antecedents import resolve_description, resolve_pronoun
from storyfold.analyze.quotes.names import NUMERIC_LABELS, clean_name, full_name, is_person, token_name
from storyfold.analyze.quotes.parse import QuoteParse
from storyfold.analyze.quotes.spans import Segment

NAMED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# How far before a subjectless speech verb its speaker's name may stand ("’ the ship’s
# captain, Jana Kovac, told"): a comma-set appositive is a few tokens long.
MAX_SUBJECT_GAP_TOKENS = 4
# Modifiers that make a common noun a described person or group ("one fisherman", "a local
# driver", "workers at the plant"), where the bare noun ("supervisors") is only a word of the sentence.
DESCRIBING_DEPS = frozenset({"det", "nummod", "amod", "prep", "poss"})
# Clauses that describe a noun ("fears that the crisis was spreading"): a participle hung on
# their verb ("..., insisting") belongs to the sentence's speaker, whom the parse lost.
NOUN_CLAUSE_DEPS = frozenset({"acl", "relcl"})
# What :func:`governing_speech` says of words that another act governs ("heard", "read").
OTHER_ACT = -1
# Links from the top of a quote up to the speech word it hangs on ("yell, “...”" is one; a
# noun between, "heard a cop yell, “...”", two).
MAX_GOVERNOR_HOPS = 3
# Subjects of a relative clause that stand for the noun it describes ("a woman who claims").
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
# Objects a participle can be hung on by the parse ("downplayed the unrest saying"): never its speaker.
OBJECT_DEPS = frozenset({"dobj", "pobj", "attr", "dative"})
# Verbs whose object, not their subject, said the words ("The Hill quoted Marsh as saying").
QUOTING_LEMMAS = frozenset({"quote", "cite"})


@dataclass(slots=True)
class Speaker:
    """Who a quote is attributed to: a canonical name, or a description nobody is named for."""

    name: str
    named: bool
    position: int  # offset of the speech verb, to pick the one nearest the quote
    cited: bool = False  # a publication the words were read in ("according to The Hill")


def attribute(parse: QuoteParse, chain: list[Segment], ctx: StoryContext) -> Speaker | None:
    """The speaker nearest the quote in its own sentences, else in a sentence before it that ends with a colon."""
    first = parse.sentence_index(chain[0].start)
    last = parse.sentence_index(chain[-1].end - 1)
    text = parse.article.text
    span = (max(parse.sentences[first].start, text.rfind("\n", 0, chain[0].start) + 1),
            _paragraph_end(text, chain[-1].end, parse.sentences[last].end))
    found = _speakers_in(parse, *span, ctx)
    if not found and first > 0 and _introduced_by_colon(parse, first, chain[0].start):
        found = _speakers_in(parse, parse.sentences[first - 1].start, parse.sentences[first - 1].end, ctx)
    governor = governing_speech(parse, chain[0])
    if governor is not None:
        # the parse ties the words to one act: a speech act's speaker, or nobody we can name
        # ("Hale said a neighbour heard a guard shout, “...”": the guard's words, not Hale's)
        governed = [s for s in found if governor >= 0 and s.position == parse.tokens[governor].start]
        return governed[0] if governed else None
    if not found:
        return None
    # "According to The Hill, ... 'I think so,' she said": the publication is where the words
    # were read, the person who says them is the speaker.
    speakers = [s for s in found if not s.cited] or found
    return min(speakers, key=lambda s: _distance(s.position, chain))


def governing_speech(parse: QuoteParse, segment: Segment) -> int | None:
    """What the quoted words hang on in the parse, a few links up: the index of a speech word
    outside the quote (a verb, or a noun the tagger made of "yell"); ``OTHER_ACT`` when they
    are the object of another act with a subject of its own ("a neighbour heard ..."); None
    when the parse ties them to nothing."""
    inside = parse.token_range(segment.start, segment.end)
    tops = [i for i in inside if parse.tokens[i].head not in inside and parse.tokens[i].head != i]
    if not tops:
        return None
    i = parse.tokens[tops[0]].head
    for _ in range(MAX_GOVERNOR_HOPS):
        token = parse.tokens[i]
        if "\n" in _between(parse.article.text, token.start, segment.start):
            return None  # a parse across a paragraph break says nothing about this quote
        if not parse.in_quote(token.start):
            if parse.is_speech_verb(i) or token.lemma == "accord":
                return i
            if token.lemma.casefold() in PERCEPTION_LEMMAS and \
                    any(not parse.in_quote(parse.tokens[c].start) for c in parse.subjects(i)):
                return OTHER_ACT
        if token.head == i:
            return None
        i = token.head
    return None


def _between(text: str, a: int, b: int) -> str:
    return text[min(a, b) : max(a, b)]


def _paragraph_end(text: str, offset: int, limit: int) -> int:
    newline = text.find("\n", offset, limit)
    return limit if newline < 0 else newline


def _introduced_by_colon(parse: QuoteParse, sentence: int, quote_start: int) -> bool:
    text = parse.article.text
    before = text[parse.sentences[sentence - 1].start : quote_start].rstrip(" \n\"“'‘")
    return before.endswith(":")


def _distance(position: int, chain: list[Segment]) -> int:
    return min(abs(position - s.start) if position < s.start else abs(position - s.end) for s in chain)


# ------------------------------------------------------------- speech verbs


def _speakers_in(parse: QuoteParse, start: int, end: int, ctx: StoryContext) -> list[Speaker]:
    """Every attributed speaker in ``[start, end)``: subjects of speech verbs outside quotes,
    and objects of "according to"."""
    found: list[Speaker] = []
    for i in parse.token_range(start, end):
        token = parse.tokens[i]
        if parse.in_quote(token.start):
            continue
        subject = _speech_subject(parse, i, ctx)
        if subject is None:
            continue
        speaker = _name_subject(parse, subject, ctx)
        if speaker is not None:
            cited = _is_publication(parse, subject, speaker[0], ctx)
            found.append(Speaker(speaker[0], speaker[1], token.start, cited))
    return found


def _is_publication(parse: QuoteParse, subject: int, name: str, ctx: StoryContext) -> bool:
    """A news outlet cited as the source of the words: an outlet of the story, or a name
    that ends in a publication word ("The Hill", "the Daily Courier", "Reuters")."""
    if parse.tokens[subject].pos != "PROPN":
        return False
    words = name.casefold().removeprefix("the ").split()
    outlets = {(a.outlet or "").casefold() for a in ctx.articles}
    return name.casefold() in outlets or (bool(words) and words[-1] in PUBLICATION_WORDS)


def _speech_subject(parse: QuoteParse, i: int, ctx: StoryContext) -> int | None:
    token = parse.tokens[i]
    if token.lemma == "accord" or parse.word(i).casefold() == "according":
        for child in parse.children.get(i, []):
            if parse.word(child).casefold() == "to":
                objects = [c for c in parse.children.get(child, []) if parse.tokens[c].dep == "pobj"]
                return objects[0] if objects else None
        return None
    if not parse.is_speech_verb(i) or token.pos not in ("VERB", "AUX"):
        return None
    if token.lemma.casefold() in QUOTING_LEMMAS:
        quoted = [c for c in parse.children.get(i, []) if parse.tokens[c].dep == "dobj"
                  and parse.tokens[c].pos in ("PROPN", "NOUN")]
        if quoted:
            return quoted[0]  # "the paper quoted Marsh as saying": Marsh speaks, the paper reports
    return _subject_of(parse, i, ctx)


def _subject_of(parse: QuoteParse, verb: int, ctx: StoryContext) -> int | None:
    """The verb's subject outside quotes; a coordinated or participle verb ("revealed ... and
    warned", "told reporters, noting") shares its head's."""
    subjects = [c for c in parse.subjects(verb)
                if not parse.in_quote(parse.tokens[c].start) and _same_line(parse, c, verb)]
    token = parse.tokens[verb]
    if any(parse.tokens[c].dep == "nsubjpass" for c in subjects) and token.lemma.casefold() not in QUOTING_LEMMAS:
        return None  # "the owner was described as ...", "she was told": who is spoken of or to, not who speaks
    if subjects and parse.word(subjects[0]).casefold() in RELATIVE_PRONOUNS and token.dep == "relcl":
        return token.head  # "a woman who claims she had a “bird's-eye view”": the woman claims
    if subjects:
        return subjects[0]
    head = parse.tokens[token.head]
    if token.dep in ("conj", "advcl") and token.head != verb and head.pos in ("VERB", "AUX"):
        if token.dep == "advcl" and head.dep in NOUN_CLAUSE_DEPS:
            return None  # "fears that the crisis was spreading, insisting ...": not the crisis insisting
        if parse.in_quote(head.start):
            return None  # "he “claimed it was needed” – and added": the quoted verb's subject is not the reporter
        return _subject_of(parse, token.head, ctx)
    if token.dep in ("acl", "relcl") and token.head < verb and head.pos in ("NOUN", "PROPN", "PRON"):
        if any(parse.tokens[c].dep == "agent" for c in parse.children.get(verb, [])):
            return None  # "the man described by the magazine as ...": the man is described, not speaking
        if head.dep in OBJECT_DEPS:
            # "an official downplayed the unrest, saying ...": the object is not who speaks; the
            # participle goes with the clause's subject
            clause = head.head
            return _subject_of(parse, clause, ctx) if head.dep == "dobj" and clause != token.head else None
        return token.head  # "“...,” the minister posted": a parse that hung the verb on its subject
    return _name_before(parse, verb, ctx)


def _name_before(parse: QuoteParse, verb: int, ctx: StoryContext) -> int | None:
    """"’ the ship’s captain, Jana Kovac, told": a name just before a subjectless speech verb."""
    for i in range(verb - 1, max(verb - MAX_SUBJECT_GAP_TOKENS, -1), -1):
        token = parse.tokens[i]
        if parse.in_quote(token.start) or not _same_line(parse, i, verb):
            return None
        if token.pos == "PROPN":
            named = token_name(parse, i, ctx)
            return i if named is not None and is_person(parse, *named) else None
    return None


def _same_line(parse: QuoteParse, a: int, b: int) -> bool:
    """A subject on another line than its verb is a parse across a caption or heading."""
    low, high = sorted((parse.tokens[a].start, parse.tokens[b].start))
    return "\n" not in parse.article.text[low:high]


# ----------------------------------------------------------------- subjects


def _name_subject(parse: QuoteParse, subject: int, ctx: StoryContext) -> tuple[str, bool] | None:
    """``(speaker, named)`` for a subject token: its name, the person a pronoun or a
    description stands for, or the description itself."""
    token = parse.tokens[subject]
    mention = parse.mention_at(token.start)
    if _is_dateline(parse, subject):
        return None  # "AMHERST — ...": the place a story is filed from says nothing
    if mention is not None and mention.label in NAMED_LABELS:
        name = clean_name(parse.article.text, mention, token.start)
        if name:
            return full_name(ctx, name), True
    if token.pos == "PROPN" and (mention is None or mention.label in NUMERIC_LABELS):
        named = token_name(parse, subject, ctx)
        if named is not None:
            return named[0], True
    word = parse.word(subject).casefold()
    if token.pos == "PRON":
        return resolve_pronoun(parse, subject, word, ctx)
    if token.pos not in ("NOUN", "PROPN"):
        return None
    surname = _story_surname(parse, subject, ctx)
    if surname is not None:
        return surname, True
    appositive = _named_appositive(parse, subject, ctx) or _titled_conjunct(parse, subject, ctx)
    if appositive is not None:
        return appositive, True
    if not _can_speak(parse, subject):
        return None  # "no surprise", "the core", "the candidate's apology", "a poll": not a speaker
    name, named = resolve_description(parse, subject, ctx)
    return (name, named) if named or _is_speaker_description(parse, subject) else None


def _can_speak(parse: QuoteParse, subject: int) -> bool:
    """A common noun that can say something: never a thing said, read or counted."""
    return parse.tokens[subject].lemma.casefold() not in NON_SPEAKER_NOUNS and \
        parse.word(subject).casefold() not in NON_SPEAKER_NOUNS


def _is_speaker_description(parse: QuoteParse, subject: int) -> bool:
    """A description that stands for a person or a group: headed by a title or a group word
    ("the foreign minister", "officials", "the campaign"), tied to a name ("Nordline's
    engineers"), or a described individual ("one fisherman", "a local driver"); a bare
    common noun of the sentence ("supervisors") is not."""
    lemma, word = parse.tokens[subject].lemma.casefold(), parse.word(subject).casefold()
    if lemma in TITLE_NOUNS or lemma in SPEAKER_GROUP_NOUNS or word in SPEAKER_GROUP_NOUNS:
        return True
    modifiers = [parse.tokens[c] for c in parse.children.get(subject, [])]
    if any(m.dep in ("poss", "compound") and m.pos == "PROPN" for m in modifiers):
        return True
    return any(m.dep in DESCRIBING_DEPS for m in modifiers)


def _is_dateline(parse: QuoteParse, subject: int) -> bool:
    """An all-capitals word opening its line: the dateline of the story, never a speaker."""
    word = parse.word(subject)
    text = parse.article.text
    line_start = text.rfind("\n", 0, parse.tokens[subject].start) + 1
    return word.isupper() and len(word) > 1 and not text[line_start : parse.tokens[subject].start].strip(" ,.")


def _named_appositive(parse: QuoteParse, subject: int, ctx: StoryContext) -> str | None:
    """"A spokesperson, Jana Kovac, said": the name in apposition to the subject."""
    for child in parse.children.get(subject, []):
        if parse.tokens[child].dep != "appos":
            continue
        mention = parse.mention_at(parse.tokens[child].start)
        if mention is not None and mention.label == "PERSON":
            name = clean_name(parse.article.text, mention, parse.tokens[child].start)
            if name:
                return ctx.canonical_name(name)
    return None


def _story_surname(parse: QuoteParse, subject: int, ctx: StoryContext) -> str | None:
    """"Davies wrote that ...", where the tagger read the capitalised surname as a common
    noun: the one person of the story whose name ends in that word."""
    word = parse.word(subject)
    if parse.tokens[subject].pos != "NOUN" or not word[:1].isupper() or word.isupper():
        return None
    resolved = full_name(ctx, word)
    return resolved if resolved != word else None


def _titled_conjunct(parse: QuoteParse, subject: int, ctx: StoryContext) -> str | None:
    """"said Anchorage businessman and blogger Andrew Halcro": bare titles (no article) joined
    to a person's name describe that one person; "the mayor and Jana Kovac" are two."""
    children = parse.children.get(subject, [])
    if any(parse.tokens[c].dep == "det" for c in children):
        return None
    for child in children:
        if parse.tokens[child].dep != "conj":
            continue
        mention = parse.mention_at(parse.tokens[child].start)
        if mention is not None and mention.label == "PERSON":
            name = clean_name(parse.article.text, mention, parse.tokens[child].start)
            return full_name(ctx, name) if name else None
    return None
