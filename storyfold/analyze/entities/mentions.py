"""The story's entity mentions, cleaned, with the cues in the text around each.

spaCy's spans carry page junk (a leading "the", a possessive, an honorific, ``Name/Agency``
photo credits, spans across a line break), and its labels are often wrong; the words around
a mention (an honorific or a title before it, "X said", "in X", "the village of X") are the
evidence the type rules weigh against the model's labels.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from storyfold.analyze.context import StoryContext
from storyfold.analyze.core.lexicon import (
    CALENDAR_WORDS,
    COMPANY_NOUNS,
    FRAGMENT_END_WORDS,
    NAME_TRAILING_FUNCTION_WORDS,
    PERSON_TITLE_WORDS,
    PERSONAL_SPEECH_LEMMAS,
    SETTLEMENT_NOUNS,
    SHIP_PREFIXES,
    THING_VERBS,
    VESSEL_NOUNS,
)
from storyfold.analyze.entities.appositions import describing_nouns
from storyfold.analyze.entities.gazetteer import known_place
from storyfold.analyze.entities.names import _norm
from storyfold.model import Article, Mention
from storyfold.nlp import ParsedArticle, Token

# Labels worth listing as story entities (dates, numbers and money are facts, not entities).
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
# Labels of names that are not a person's: a word the story uses as one is no title before a name.
NON_PERSON_LABELS = ENTITY_LABELS - {"PERSON"}
# Courtesy titles that precede surnames in English news style.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "professor", "mx", "lord", "lady"})
# Prepositions that put the next name in a place role ("in X", "near X").
LOCATIVE_PREPOSITIONS = frozenset(
    {"in", "near", "at", "from", "to", "outside", "across", "around", "towards", "toward", "into", "inside"}
)
# The subset that puts a name in a place and almost never in a company ("worked at X" and
# "a letter from X" fit a company; "in X" and "near X" do not): guards organisation short forms.
PLACE_ONLY_PREPOSITIONS = frozenset({"in", "near", "outside", "across", "around", "towards", "toward", "inside"})
# Generic nouns for administrative units and settlements: "X region", "the village of X".
PLACE_NOUNS = frozenset(
    {"region", "regions", "oblast", "province", "county", "district", "city", "town", "village", "villages",
     "state", "border", "front", "frontline", "area", "raion", "krai", "prefecture", "municipality", "island",
     "port", "capital", "republic", "valley", "river", "settlement", "settlements", "direction", "territory"}
)
# Head nouns of institution names: a name containing one is an organisation, never a person.
ORG_NOUNS = frozenset(
    {"ministry", "department", "council", "agency", "service", "committee", "commission", "party", "bank",
     "university", "company", "corporation", "inc", "ltd", "llc", "group", "army", "forces", "brigade", "guard",
     "office", "court", "parliament", "centre", "center", "institute", "association", "union", "organisation",
     "organization", "news", "press", "times", "foundation", "fund", "police", "administration", "house",
     "network", "authority", "board", "federation", "club", "school", "hospital", "church", "airlines"}
)
# "worked at X", "a job at X": a name after "at" that the model calls an organisation is a workplace.
ORG_PREPOSITIONS = frozenset({"at"})
# Words after a name (or its "'s") that make it a company or body: "X Motor", "X's shares", "the X plant".
ORG_CONTEXT_WORDS = ORG_NOUNS | frozenset(
    {"motor", "motors", "corp", "inc", "ltd", "co", "plc", "llc", "shares", "stock", "plant", "factory",
     "spokesman", "spokeswoman", "spokesperson", "executives", "employees", "workers", "brand", "headquarters",
     "subsidiary", "dealers", "dealership", "products", "ceo", "chairman", "board", "stores", "store"}
)
POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
# Cue weights: a cue in the text (an honorific, "the village of") says more about one
# mention's type than one more vote from a model that repeats its own errors.
STRONG_CUE = 3
ROLE_CUE = 2
WEAK_CUE = 1
# A name needs at least two letters: a lone letter is a cut-off initial or a platform ("X").
MIN_NAME_LETTERS = 2
_STRIP = " \t\n,;:\"'“”‘’()[]{}*|-–—"
# A score after a name ("Springfield 3, Millbrook 1"): a team, not a place.
_SCORE_AFTER = re.compile(r"\s+\d{1,3}\s*(?:[,;:–-]|$)")
# A capitalised word right after a name (one space or a slash between): the name may go on.
_NEXT_CAPITALISED = re.compile(r"(?: | ?/ ?)([A-Z][\w'’.-]*)")
# "<Capitalised word> of|for " right before a name: the name ends a longer one ("Secretary for Health").
_JOINED_BEFORE = re.compile(r"\b([A-Z][\w'’-]*) (?:of|for) $")
JOINED_LOOKBACK_CHARS = 40
SENTENCE_LOOKBACK_CHARS = 8  # enough to see past the quote marks and spaces before a word
# A count or a score run on after a name across a spaced dash: a results table's "Lorvan province - 31"
# or "Harriers 21 - 17" (the model takes the figures into the name).  Only after a word ending in a
# lower-case letter: "AK - 47" or "F - 16" (a code, upper case) keeps its number.
_RUN_ON_FIGURES = re.compile(r"(?<=[a-z])(?:\s+\d{1,4})?\s+[-–—]\s+\d{1,4}$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_JUNK_SPLIT = re.compile(r"[\n/]+")


@dataclass(slots=True)
class _Occurrence:
    """One cleaned mention and the cues around it."""

    article: Article
    start: int
    end: int
    label: str | None  # None when cut out of a junk span: it casts no vote
    raw: str
    cues: Counter = field(default_factory=Counter)
    role: tuple[str, frozenset[str]] | None = None  # ("minister", {"foreign"}) from "Foreign Minister X"

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    @property
    def words(self) -> list[str]:
        return self.text.split()


def _clean_parts(text: str, mention: Mention) -> list[tuple[int, int, bool]]:
    """The usable sub-spans of a mention: ``(start, end, honorific_removed)``."""
    raw = text[mention.start : mention.end]
    parts = [(mention.start + m.start(), mention.start + m.end()) for m in re.finditer(r"[^\n/]+", raw)]
    cleaned = []
    for start, end in parts:
        span = _trim(text, start, end)
        if span is not None:
            cleaned.append(span)
    return cleaned


def _trim(text: str, start: int, end: int) -> tuple[int, int, bool] | None:
    """Strip punctuation, figures run on after a name, a leading "the", an honorific and a possessive."""
    while start < end and text[start] in _STRIP:
        start += 1
    while start < end and text[end - 1] in _STRIP:
        end -= 1
    if (figures := _RUN_ON_FIGURES.search(text, start, end)) is not None:
        end = figures.start()
    while (last := text.rfind(" ", start, end)) > start and text[last + 1 : end] in NAME_TRAILING_FUNCTION_WORDS:
        end = start + len(text[start:last].rstrip(_STRIP))  # "X Park on": the name is "X Park"
    if (possessive := _POSSESSIVE.search(text[start:end])) is not None:
        end = start + possessive.start()
    if (the := _LEADING_THE.match(text[start:end])) is not None:
        start += the.end()
    honorific = False
    first, _, rest = text[start:end].partition(" ")
    if rest and first.rstrip(".").casefold() in HONORIFICS:
        start, honorific = end - len(rest), True
    if text[end - 1 : end] == "." and "." not in text[start : end - 1]:
        end -= 1  # a sentence's full stop, not an abbreviation like "U.S."
    letters = sum(ch.isalpha() for ch in text[start:end])
    if letters < MIN_NAME_LETTERS or not any(ch.isupper() for ch in text[start:end]):
        return None
    return start, end, honorific


def _in_spans(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


def _occurrences(ctx: StoryContext) -> list[_Occurrence]:
    """Every cleaned entity mention in the story's on-topic sentences, with its cues."""
    found: list[_Occurrence] = []
    whole_names = {_bare(m.text) for p in ctx.parsed.values() for m in p.mentions if m.label in ENTITY_LABELS}
    other_names = frozenset(_norm(m.text) for p in ctx.parsed.values() for m in p.mentions
                            if m.label in NON_PERSON_LABELS and " " not in m.text.strip())
    for article in ctx.articles:
        parsed = ctx.parsed.get(article.id)
        if parsed is None:
            continue
        spans = [(s.start, s.end) for s in ctx.sentences(article)]
        starts = [s for s, _ in spans]
        cues = _Cues(article.text, parsed, other_names)
        own_names = _own_names(article.outlet)
        pieces = _name_pieces(article.text, parsed.mentions, whole_names)
        for mention in parsed.mentions:
            if mention.label not in ENTITY_LABELS or not _in_spans(spans, starts, mention.start):
                continue
            if mention.start in pieces:
                continue  # "Telecom" + "Egypt" of "Telecom Egypt": a piece of one name the model cut
            if _norm(_LEADING_THE.sub("", mention.text)) in own_names:
                continue  # the outlet naming itself ("told the Herald"): its byline, not the story's
            parts = _clean_parts(article.text, mention)
            junk = len(parts) > 1 or bool(_JUNK_SPLIT.search(article.text[mention.start : mention.end].strip()))
            for start, end, honorific in parts:
                occurrence = _Occurrence(article, start, end, None if junk else mention.label, mention.text)
                cues.annotate(occurrence, honorific)
                found.append(occurrence)
    return found


# Labels of mentions that may be pieces of one name the model cut in two: a nationality or a
# person beside another name is two names ("Norwegian Ana Ruiz", "Ana Ruiz Foundation" aside).
PIECE_LABELS = ENTITY_LABELS - {"PERSON", "NORP"}
# What stands between the pieces of a name cut at its "and": "U.S. Fish" and "Wildlife Service".
_PIECE_JOINS = frozenset({" and ", " & "})


def _name_pieces(text: str, mentions: list[Mention], whole_names: set[str]) -> set[int]:
    """Starts of mentions that are pieces of one name: two names one space apart ("Telecom" and
    "Egypt" of "Telecom Egypt's cables", "Vodafone" and "Egypt"), or joined by "and" where the
    story writes the joined name whole ("U.S. Fish" and "Wildlife Service").  Each piece alone
    is a fragment; the name they make is a third thing the model did not see.  Two known places side
    by side ("the Russia Ukraine war") are two names, not pieces of one."""
    pieces: set[int] = set()
    ordered = sorted((m for m in mentions if m.label in ENTITY_LABELS), key=lambda m: m.start)
    for one, two in itertools.pairwise(ordered):
        gap = text[one.end : two.start]
        cut = (gap == " " and _runs_on(one.text) and one.label in PIECE_LABELS and two.label in PIECE_LABELS
               and not (known_place(_bare(one.text)) and known_place(_bare(two.text))))  # "Russia Ukraine war"
        if cut or (gap in _PIECE_JOINS and _bare(text[one.start : two.end]) in whole_names):
            pieces.update((one.start, two.start))
    return pieces


def _runs_on(name: str) -> bool:
    """A name whose last word could go on into the next name: not "National Park on" (+ "New
    Zealand"), "Little Italy's" (+ "San Gennaro Festival") or "University of Alabama," (+ "Birmingham")."""
    last = name.split()[-1]
    return last[:1].isupper() and (last[-1].isalnum() or last[-1] == ".") and not _POSSESSIVE.search(last)


def _bare(name: str) -> str:
    """A mention's text as names are compared ("the U.S. Fish Service" -> "us fish service")."""
    return _norm(_LEADING_THE.sub("", name.strip(_STRIP)))


def _own_names(outlet: str | None) -> frozenset[str]:
    """How an outlet refers to itself in its own copy: its name, without "The", and its last word
    when that word is the masthead noun ("the Herald" for "Vessa Valley Herald")."""
    if not outlet:
        return frozenset()
    name = _LEADING_THE.sub("", outlet).strip()
    words = name.split()
    forms = {name}
    if len(words) > 1:
        forms.add(words[-1])
    return frozenset(_norm(form) for form in forms)


def _opens_sentence(text: str, offset: int) -> bool:
    """The word at ``offset`` starts its line or follows a sentence end (its capital says nothing)."""
    before = text[max(0, offset - SENTENCE_LOOKBACK_CHARS) : offset].rstrip(" \"'“‘(")
    return not before or before.endswith(("\n", ".", "!", "?", ":"))


class _Cues:
    """Reads the parse around a mention for evidence of what kind of name it is."""

    def __init__(self, text: str, parsed: ParsedArticle, other_names: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.tokens: list[Token] = parsed.tokens
        self.other_names = other_names  # the story's one-word names of things other than people
        self.starts = [t.start for t in self.tokens]
        self.person_starts = frozenset(m.start for m in parsed.mentions if m.label == "PERSON")

    def _index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def _word(self, i: int) -> str:
        if 0 <= i < len(self.tokens):
            return self.text[self.tokens[i].start : self.tokens[i].end]
        return ""

    def annotate(self, occ: _Occurrence, honorific: bool) -> None:
        """Fill ``occ.cues`` (person / place / org evidence) and ``occ.role``."""
        if not self.tokens:
            return
        first, last = self._index(occ.start), self._index(occ.end - 1)
        before, after = self._word(first - 1).casefold(), self._word(last + 1).casefold()
        words = {w.casefold() for w in occ.words}
        if honorific:
            occ.cues["person"] += STRONG_CUE
            occ.cues["honorific"] += 1
        elif before.rstrip(".") in HONORIFICS and first > 0:  # "Mr" left outside the model's span
            occ.cues["person"] += STRONG_CUE
            occ.cues["honorific"] += 1
            occ.raw = self.text[self.tokens[first - 1].start : occ.end]
        if self._word(first - 1) == "the":  # lower case: "the Steelers", "the Mitchells" (not a sentence's "The")
            occ.cues["after-the"] += 1
        if before in LOCATIVE_PREPOSITIONS:
            occ.cues["locative"] += 1
        if before in PLACE_ONLY_PREPOSITIONS:
            occ.cues["place-preposition"] += 1
        if before in ORG_PREPOSITIONS or self._next_word(last) in ORG_CONTEXT_WORDS:
            occ.cues["org-context"] += 1  # "at X", "X Motor", "X's shares": read by the surname rule only
        described = describing_nouns(self.tokens, last)
        if words & ORG_NOUNS:  # "City Council": the institution word decides, not the place word
            occ.cues["org"] += STRONG_CUE
        elif after in PLACE_NOUNS or words & PLACE_NOUNS or described & SETTLEMENT_NOUNS or (
            before == "of" and self._word(first - 2).casefold() in PLACE_NOUNS
        ):
            occ.cues["place"] += STRONG_CUE
        self._description_cues(occ, first, described)
        self._usage_cues(occ, first, last)
        head = self.tokens[last]
        if head.dep.startswith("nsubj") and self.tokens[head.head].lemma in PERSONAL_SPEECH_LEMMAS:
            occ.cues["speech"] += WEAK_CUE  # kept apart: companies "say" things too
        occ.role = self._role(first, last)
        if occ.role is not None:
            occ.cues["person"] += ROLE_CUE
            occ.cues["title" if occ.role[0] in PERSON_TITLE_WORDS else "open-role"] += 1

    def _description_cues(self, occ: _Occurrence, first: int, described: frozenset[str]) -> None:
        """What the text calls the name besides a place: a ship ("INS Sukanya", "the frigate
        Sukanya", a ship's prefix inside the name) or a business ("cable operator, Seacom")."""
        before = self._word(first - 1)
        if before in SHIP_PREFIXES or before in VESSEL_NOUNS or described & VESSEL_NOUNS or (
            len(occ.words) > 1 and occ.words[0] in SHIP_PREFIXES
        ):
            occ.cues["ship"] += 1
        if described & COMPANY_NOUNS:
            occ.cues["described-company"] += 1

    def _usage_cues(self, occ: _Occurrence, first: int, last: int) -> None:
        """How the name is used, against its type: the object of "spilled" or a name followed by
        a score is no place, a capitalised common noun ("Farmers said") or an adjective
        ("Islamic leaders") no name, a name ending in a cut abbreviation ("School No") a fragment."""
        head = self.tokens[last]
        if head.dep in ("dobj", "nsubjpass") and self.tokens[head.head].lemma.casefold() in THING_VERBS:
            occ.cues["thing"] += 1
        if _SCORE_AFTER.match(self.text, occ.end):
            occ.cues["thing"] += 1
        if first == last and head.pos in ("NOUN", "ADJ") and occ.text[:1].isupper():
            occ.cues["common-word"] += 1
        if first == last and head.dep == "amod":
            occ.cues["adjective"] += 1
        if occ.words and occ.words[-1].casefold().rstrip(".") in FRAGMENT_END_WORDS:
            occ.cues["fragment"] += 1
        if self._inside_longer_name(occ):
            occ.cues["in-longer-name"] += 1

    def _inside_longer_name(self, occ: _Occurrence) -> bool:
        """The mention is a piece of a longer capitalised name the model cut: a capitalised word
        follows it with nothing between ("Spring" of "Spring Training", "Hawaiian" of "Hawaiian
        Gardens"), or, one word, it ends a name joined by "of"/"for" ("Health" of "Assistant Secretary
        for Health").  A title ("Ukrainian President"), a weekday or month ("in Kyiv Monday") or a
        person's name ("Mayor of Dravik Ilse Marten") after it, a known place after "of" ("President
        of Ukraine") or a capital that only opens a sentence ("Most of X") is no longer name."""
        following = _NEXT_CAPITALISED.match(self.text, occ.end)
        if following is not None:
            word = following.group(1).casefold().rstrip(".")
            a_person = following.start(1) in self.person_starts  # "Mayor of Dravik Ilse Marten": two names
            return not a_person and word not in PERSON_TITLE_WORDS and word not in CALENDAR_WORDS
        if len(occ.words) > 1:
            return False  # "Secretary of Health and Human Services": a name of its own after "of"
        joined = _JOINED_BEFORE.search(self.text, max(0, occ.start - JOINED_LOOKBACK_CHARS), occ.start)
        return (joined is not None and not _opens_sentence(self.text, joined.start(1))
                and not known_place(_bare(occ.text)))  # "Most of Ukraine", "President of Ukraine"

    def _next_word(self, last: int) -> str:
        """The word after a name, past a possessive: "X's shares" -> "shares"."""
        following = self._word(last + 1).casefold()
        return self._word(last + 2).casefold() if following in POSSESSIVE_TOKENS else following

    def _role(self, first: int, last: int) -> tuple[str, frozenset[str]] | None:
        """The title directly before a name, "Foreign Minister X" -> ("minister", {"foreign"})."""
        i = first - 1
        if i < 0 or self.tokens[i].pos not in {"NOUN", "PROPN"} or not first <= self.tokens[i].head <= last:
            return None
        role = self._word(i).casefold()
        if not role.isalpha() or role in PLACE_NOUNS or role in ORG_NOUNS or role in HONORIFICS:
            return None
        if self._word(i) in SHIP_PREFIXES or role in VESSEL_NOUNS or role in COMPANY_NOUNS:
            return None  # "INS Sukanya", "the frigate Sukanya", "the cable company Seacom": no title
        if self._word(i)[:1].isupper() and role not in PERSON_TITLE_WORDS and role in self.other_names:
            return None  # "Vodafone Egypt said": the story's company, not a title ("Seahawk Julius Jones" is one)
        modifiers = []
        for j in range(i - 1, -1, -1):
            if self.tokens[j].dep == "case":  # the "'s" of "Ukraine's Foreign Minister"
                continue
            if not (j < self.tokens[j].head <= last and self._word(j)[:1].isalpha()):
                break
            modifiers.append(_modifier(self._word(j)))
        return role, frozenset(modifiers)


def _modifier(word: str) -> str:
    """A title's modifier as compared between mentions: "Ukraine's" and "ukraine" are one."""
    return _POSSESSIVE.sub("", word).casefold()
