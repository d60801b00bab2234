"""Who "he", "they" or "the minister" is, when one of them is said to have spoken.

A quote attributed to a pronoun or a description cannot be checked or merged across
outlets until it names someone.  Journalists introduce a speaker once ("Transport
Minister Jana Kovac") and refer back ("she", "the minister"), so the person is found
backwards from the reference: he/she is the nearest person who is the subject of a
main clause (not of a clause someone reports, nor a relative clause), it/they/we the
nearest group subject of the right number, a description the person the article
introduced with that title.  What cannot be resolved stays a description.
"""

from __future__ import annotations

import bisect

from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import ANONYMOUS_SOURCE_NOUNS, NON_SPEAKER_NOUNS
from storyfold.analyze.quotes.names import clean_name, is_person, token_name
from storyfold.analyze.quotes.parse import SUBJECT_DEPS, QuoteParse

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "we"})
# What "it", "they" or "we" can stand for as a speaker: never one person.
GROUP_LABELS = frozenset({"ORG", "NORP", "GPE"})
# Clause links between a reported clause's verb and the speech verb reporting it
# ("said [that] X had ...", "said X had ... and that Y would ...").
REPORTED_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "conj", "advcl"})
# A clause that describes a noun ("Kovac, whose son was ...") rather than carrying the story on.
RELATIVE_CLAUSE_DEPS = frozenset({"relcl", "acl"})
# How many such links are followed up to the speech verb: deeper nesting is another sentence's worth.
MAX_REPORTED_HOPS = 3
# A title names its holder when it stands this close before the name ("Foreign Minister
# Jana Kovac", "the ministry's spokesperson, Jana Kovac" counts the appositive instead).
TITLE_WINDOW_TOKENS = 4
# Left modifiers that belong to a description ("the foreign minister", "the ministry's spokesperson").
DESCRIPTION_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case"})
# Determiners that make a description refer back to someone already introduced, and those that
# introduce one person ("a senior official", "one witness").
DEFINITE_DETERMINERS = frozenset({"the", "this", "that"})
ONE_PERSON_DETERMINERS = frozenset({"a", "an", "one", "another"})
# Back-references followed from one to the one before ("the source said ... the source added ...").
MAX_REFERENCE_HOPS = 5


# ------------------------------------------------------------------ pronouns


# Sentences before the pronoun's own searched for the person it stands for.  Quotes from a profile
# ("she told the Times in 2006") pass many other people's names; beyond the previous two sentences a
# guess was wrong more often than right on tokenised ECB+ profiles, so the quote stays unattributed.
ANTECEDENT_SENTENCES = 2


def resolve_pronoun(parse: QuoteParse, subject: int, word: str, ctx: StoryContext) -> tuple[str, bool] | None:
    """He/she -> a person (never a place or an organisation); it/they/we -> an organisation
    or a group; unresolved pronouns name nobody."""
    if word in PERSON_PRONOUNS:
        return _person_antecedent(parse, subject, ctx)
    if word in GROUP_PRONOUNS:
        return _group_antecedent(parse, subject, word, ctx)
    return None


def _person_antecedent(parse: QuoteParse, subject: int, ctx: StoryContext) -> tuple[str, bool] | None:
    """The nearest person before the pronoun who is the subject of a main clause (or of a
    line, where glued lines break the parse), within ANTECEDENT_SENTENCES; else nobody.

    "Kovac said the mayor had resigned. He said ..." means Kovac: the subject of a clause
    reported by a speech verb ("the mayor") is not who the next "he" continues.  A person only
    mentioned ("Ressel's agency", "photographed by Ressel") is not taken: without a subject to
    continue, "she said" is left unattributed rather than guessed."""
    earliest = parse.sentence_index(parse.tokens[subject].start) - ANTECEDENT_SENTENCES
    for i in range(subject - 1, -1, -1):
        token = parse.tokens[i]
        if parse.sentence_index(token.start) < earliest:
            break  # further back, a "she" no longer reliably continues anyone
        if token.pos != "PROPN" or parse.in_quote(token.start):
            continue
        named = token_name(parse, i, ctx)
        if named is None or not is_person(parse, *named):
            continue
        if _subject_role(parse, i) and not _reported_subject(parse, i):
            return named[0], True
    return None


def _subject_role(parse: QuoteParse, i: int) -> bool:
    """A subject, the name in apposition to one ("the plant's director, Jana Kovac, wrote"),
    or a name opening its line."""
    token = parse.tokens[i]
    if token.dep in SUBJECT_DEPS:
        return True
    if token.dep == "poss":
        return False  # "Ressel's agency kept ...": the agency acts, not Ressel (even at a line's start)
    if token.dep == "appos" and parse.tokens[token.head].dep in SUBJECT_DEPS:
        return _comma_set(parse, i)  # "his son Andriy" is a description, not a new subject
    return _opens_line(parse.article.text, token.start)


def _comma_set(parse: QuoteParse, i: int) -> bool:
    """The name a proper-noun token ends is set off by a comma before it ("the director, Jana Kovac")."""
    first = i
    while first > 0 and parse.tokens[first - 1].pos == "PROPN":
        first -= 1
    return first > 0 and parse.word(first - 1) == ","


def _opens_line(text: str, offset: int) -> bool:
    return not text[text.rfind("\n", 0, offset) + 1 : offset].strip()


def _reported_subject(parse: QuoteParse, i: int, *, relative_too: bool = True) -> bool:
    """A subject inside a relative clause ("Kovac, whose son *Andriy* was ...", when
    ``relative_too``) or inside a clause that a speech verb with its own earlier subject
    reports ("Kovac said *Vessa* had")."""
    if parse.tokens[i].dep == "appos":
        i = parse.tokens[i].head
    clause = parse.tokens[i].head
    for _ in range(MAX_REPORTED_HOPS):
        token = parse.tokens[clause]
        if token.dep in RELATIVE_CLAUSE_DEPS:
            return relative_too
        if token.dep not in REPORTED_CLAUSE_DEPS or token.head == clause:
            return False
        clause = token.head
        if parse.is_speech_verb(clause):
            return any(c < i for c in parse.subjects(clause))
    return False


def _group_antecedent(parse: QuoteParse, subject: int, word: str, ctx: StoryContext) -> tuple[str, bool] | None:
    """The nearest main-clause subject before the pronoun, in its sentence or the one before, that can
    stand for a group: an organisation, place or people named, or a description of the
    right number ("they" -> "shift supervisors", "it" -> "the ministry")."""
    sentence = max(parse.sentence_index(parse.tokens[subject].start) - 1, 0)
    floor = parse.sentences[sentence].start
    for i in range(subject - 1, -1, -1):
        token = parse.tokens[i]
        if token.start < floor:
            break
        if token.dep not in SUBJECT_DEPS or token.pos not in ("NOUN", "PROPN") or parse.in_quote(token.start):
            continue
        # "supervisors said [the alarms never sounded]": not who speaks next; a group in a relative
        # clause ("letters in which engineers asked ...") still can be.
        if _reported_subject(parse, i, relative_too=False):
            continue
        if token.pos == "PROPN":
            named = token_name(parse, i, ctx)
            if named is not None and parse.type_of(*named) in GROUP_LABELS:
                return named[0], True
            continue
        if token.lemma.casefold() in NON_SPEAKER_NOUNS:
            continue  # "the poll ... it said": a thing read, not who speaks
        plural = parse.word(i).casefold() != token.lemma.casefold()
        if plural == (word != "it"):
            return resolve_description(parse, i, ctx)
    return None


# -------------------------------------------------------------- descriptions


def resolve_description(parse: QuoteParse, subject: int, ctx: StoryContext) -> tuple[str, bool]:
    """The person the story introduced with this title, when clear; else the description."""
    start, end = _description(parse, subject)
    description = parse.article.text[start:end]
    canonical = ctx.canonical_name(description)
    if canonical != description:
        return canonical, True
    titled = _titled_person(parse, parse.tokens[subject].lemma.casefold(), start)
    if titled is not None:
        return ctx.canonical_name(titled), True
    introduced = _unnamed_speaker_before(parse, subject)
    return (introduced, False) if introduced is not None else (description, False)


def _unnamed_speaker_before(parse: QuoteParse, subject: int) -> str | None:
    """The unnamed speaker a definite back-reference stands for: "A senior official told AFP ... the
    official said" or "... the source said" -> "A senior official".

    Only one person introduced with "a"/"an"/"one"/"another" as the subject of a speech verb,
    within ANTECEDENT_SENTENCES, and only when nothing else could be meant: the same head noun, or
    "the source" for any such speaker ("Port officials said" is a group, not the source); a chain of
    references ("the source said ... the source added") leads back to the same one, at most
    MAX_REFERENCE_HOPS back.  A named person speaking in between leaves the reference as it is."""
    for _ in range(MAX_REFERENCE_HOPS):
        if not _determined_by(parse, subject, DEFINITE_DETERMINERS):
            return None
        earlier = _speaker_subject_before(parse, subject)
        if earlier is None:
            return None
        if not _determined_by(parse, earlier, DEFINITE_DETERMINERS):
            start, end = _description(parse, earlier)
            return parse.article.text[start:end]
        subject = earlier  # "the source said ... the source added": the earlier reference's speaker
    return None


def _speaker_subject_before(parse: QuoteParse, subject: int) -> int | None:
    """The nearest earlier unnamed speaker ``subject`` may refer back to (see above), or None."""
    token = parse.tokens[subject]
    lemma = token.lemma.casefold()
    earliest = parse.sentence_index(token.start) - ANTECEDENT_SENTENCES
    for i in range(subject - 1, -1, -1):
        candidate = parse.tokens[i]
        if parse.sentence_index(candidate.start) < earliest:
            return None
        if candidate.dep not in SUBJECT_DEPS or parse.in_quote(candidate.start):
            continue
        if not parse.is_speech_verb(candidate.head):
            continue
        if candidate.pos == "PROPN":
            return None  # someone named spoke in between: "the source" may be theirs
        same_head = candidate.lemma.casefold() == lemma
        if candidate.pos != "NOUN" or not (same_head or lemma in ANONYMOUS_SOURCE_NOUNS):
            continue
        if _determined_by(parse, i, DEFINITE_DETERMINERS):
            return i if same_head else None
        singular = parse.word(i).casefold() == candidate.lemma.casefold()
        return i if singular and _determined_by(parse, i, ONE_PERSON_DETERMINERS) else None
    return None


def _determined_by(parse: QuoteParse, i: int, determiners: frozenset[str]) -> bool:
    """The noun at ``i`` has one of ``determiners`` before it ("the source", "a senior official")."""
    return any(parse.tokens[c].dep in ("det", "nummod") and parse.word(c).casefold() in determiners
               for c in parse.children.get(i, []) if c < i)


def _description(parse: QuoteParse, subject: int) -> tuple[int, int]:
    """Offsets of "the foreign minister" / "a senior official": the subject's left modifiers and head."""
    left = subject
    for child in sorted(parse.children.get(subject, [])):
        if child < subject and parse.tokens[child].dep in DESCRIPTION_DEPS:
            left = min(left, child)
            break
    text = parse.article.text
    start = parse.tokens[left].start
    while text[start : parse.tokens[subject].end].count("\n"):
        start = text.index("\n", start) + 1
    return start, parse.tokens[subject].end


def _titled_person(parse: QuoteParse, title: str, before: int) -> str | None:
    """The nearest person before ``before`` whose name has ``title`` just before it or in apposition."""
    k = bisect.bisect_left(parse.mention_starts, before) - 1
    while k >= 0:
        mention = parse.mentions[k]
        k -= 1
        if mention.label != "PERSON" or parse.in_quote(mention.start):
            continue
        if title in _title_lemmas(parse, mention.start, mention.end):
            return clean_name(parse.article.text, mention, mention.end - 1)
    return None


def _title_lemmas(parse: QuoteParse, start: int, end: int) -> set[str]:
    """Lemmas that can title the name at ``[start, end)``: the few tokens before it and its appositives."""
    window = parse.token_range(parse.tokens[parse.token_range(start, end)[0]].start, end)
    first = window.start
    nearby = range(max(first - TITLE_WINDOW_TOKENS, 0), first)
    appositives = [c for i in window for c in parse.children.get(i, []) if parse.tokens[c].dep == "appos"]
    lemmas = {parse.tokens[i].lemma.casefold() for i in nearby}
    lemmas |= {parse.tokens[i].lemma.casefold() for a in appositives for i in parse.subtree_tokens(a)}
    return lemmas
