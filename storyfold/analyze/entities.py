"""Entities of one story, with each outlet's spelling resolved to one name.

spaCy's small model gives mentions; on top of them this module does what a
reader does across outlets:

* cleans each mention (leading "the", possessive "'s", honorifics, photo-credit
  junk such as ``Name/Agency``, spans that run across a line break);
* corrects the model's type errors by pooling evidence over the whole story:
  every label the model gave a surface form, plus cues in the parse (an honorific
  or a role noun before a name, "X said", "in X", "the village of X", "X region",
  institution words inside an organisation's name, a surname shared with a full
  name);
* merges transliteration variants (unidecode, a phonetic-ish key that folds
  kh/h, g/h, y/i, w/v and doubled letters, then rapidfuzz to confirm) within
  blocks that share a consonant skeleton, so the cost stays near linear;
* ties surname-only mentions to the full name they abbreviate (in the same
  article first, the most recent one when several share the surname) and
  descriptions such as "the foreign minister" to the person the story
  introduced with that title ("Foreign Minister <Name>").

Two full names with different first names are never merged, and a person is
never merged with a place or an organisation.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from unidecode import unidecode

from storyfold.analyze.context import StoryContext
from storyfold.model import Article, Entity, Evidence, Mention
from storyfold.nlp import ParsedArticle, Token

# Labels worth listing as story entities (dates, numbers and money are facts, not entities).
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE = "PLACE"  # the class GPE, LOC and FAC share while types are resolved

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
# Verbs of saying whose subject is normally a person.
SPEECH_LEMMAS = frozenset(
    {"say", "tell", "add", "write", "post", "note", "emphasize", "emphasise", "claim", "warn", "reveal",
     "insist", "deny", "announce", "explain", "argue", "stress", "ask", "urge", "speak"}
)
# Cue weights: a cue in the text (an honorific, "the village of") says more about one
# mention's type than one more vote from a model that repeats its own errors.
STRONG_CUE = 3
ROLE_CUE = 2
WEAK_CUE = 1
# rapidfuzz ratio (0-100) above which two phonetic keys are one transliterated name: one
# vowel differing in a ten-letter name scores ~90; Biden/Boden (a different name) scores 80.
SAME_NAME_RATIO = 85
# A first name may vary more than a surname between outlets (Andrii/Andriy, Dmitry/Dmitri).
SAME_FIRST_NAME_RATIO = 80
# Keys this short differ in too few letters for fuzzy matching to mean anything.
MIN_FUZZY_LENGTH = 5
# A name needs at least two letters: a lone letter is a cut-off initial or a platform ("X").
MIN_NAME_LETTERS = 2
_TRANSLITERATION = (("kh", "h"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("w", "v"), ("g", "h"), ("y", "i"))
_STRIP = " \t\n,;:\"'“”‘’()[]{}*|-–—"
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_JUNK_SPLIT = re.compile(r"[\n/]+")


# Word endings British and American spelling (and pet-name spelling) write differently:
# Centre/Center, Theatre/Theater, Harbour/Harbor, Bettie/Betty (y is folded to i first).
# Anchored at the word's end, so "Trent" or "Tourist" keep their letters.
_SPELLING_ENDINGS = ((re.compile(r"([bt])re$"), r"\1er"), (re.compile(r"our$"), "or"), (re.compile(r"ie$"), "i"))


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """Fold a name so transliterations and spellings of one name meet: Kharchenko/Harchenko,
    Andrii/Andriy, Serhiy/Sergiy, Centre/Center, Bettie/Betty, Philipps/Philips."""
    return "".join(_fold_word(w) for w in re.findall(r"[a-z]+", unidecode(word).casefold()))


def _fold_word(key: str) -> str:
    for old, new in _TRANSLITERATION:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)
    for ending, replacement in _SPELLING_ENDINGS:
        key = ending.sub(replacement, key)
    return key


def _skeleton(key: str) -> str:
    """The consonants: the blocking key that vowel variants (Oleksandr/Aleksandr) share."""
    return re.sub(r"[aeiou]", "", key)


def same_name(a: str, b: str, ratio: int = SAME_NAME_RATIO) -> bool:
    """Two name words that are one name in different transliterations or spellings."""
    ka, kb = phonetic_key(a), phonetic_key(b)
    if ka == kb:
        return bool(ka)
    if min(len(ka), len(kb)) < MIN_FUZZY_LENGTH or _skeleton(ka) != _skeleton(kb):
        return False
    return fuzz.ratio(ka, kb) >= ratio


# ----------------------------------------------------------------------------- mentions


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


def _norm(text: str) -> str:
    """Surface key: case, accents, dots and apostrophes do not make a different name."""
    return " ".join(re.sub(r"[.'’]", "", unidecode(text)).casefold().replace("-", " ").split())


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
    """Strip punctuation, a leading "the", an honorific and a possessive from a span."""
    while start < end and text[start] in _STRIP:
        start += 1
    while start < end and text[end - 1] in _STRIP:
        end -= 1
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
    for article in ctx.articles:
        parsed = ctx.parsed.get(article.id)
        if parsed is None:
            continue
        spans = [(s.start, s.end) for s in ctx.sentences(article)]
        starts = [s for s, _ in spans]
        cues = _Cues(article.text, parsed)
        own_names = _own_names(article.outlet)
        for mention in parsed.mentions:
            if mention.label not in ENTITY_LABELS or not _in_spans(spans, starts, mention.start):
                continue
            if _norm(_LEADING_THE.sub("", mention.text)) in own_names:
                continue  # the outlet naming itself ("told the Herald"): its byline, not the story's
            parts = _clean_parts(article.text, mention)
            junk = len(parts) > 1 or bool(_JUNK_SPLIT.search(article.text[mention.start : mention.end].strip()))
            for start, end, honorific in parts:
                occurrence = _Occurrence(article, start, end, None if junk else mention.label, mention.text)
                cues.annotate(occurrence, honorific)
                found.append(occurrence)
    return found


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


# -------------------------------------------------------------------------------- cues


class _Cues:
    """Reads the parse around a mention for evidence of what kind of name it is."""

    def __init__(self, text: str, parsed: ParsedArticle) -> None:
        self.text = text
        self.tokens: list[Token] = parsed.tokens
        self.starts = [t.start for t in self.tokens]

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
        elif before.rstrip(".") in HONORIFICS and first > 0:  # "Mr" left outside the model's span
            occ.cues["person"] += STRONG_CUE
            occ.raw = self.text[self.tokens[first - 1].start : occ.end]
        if before in LOCATIVE_PREPOSITIONS:
            occ.cues["locative"] += 1
        if before in PLACE_ONLY_PREPOSITIONS:
            occ.cues["place-preposition"] += 1
        if before in ORG_PREPOSITIONS or self._next_word(last) in ORG_CONTEXT_WORDS:
            occ.cues["org-context"] += 1  # "at X", "X Motor", "X's shares": read by the surname rule only
        if words & ORG_NOUNS:  # "City Council": the institution word decides, not the place word
            occ.cues["org"] += STRONG_CUE
        elif after in PLACE_NOUNS or words & PLACE_NOUNS or (
            before == "of" and self._word(first - 2).casefold() in PLACE_NOUNS
        ):
            occ.cues["place"] += STRONG_CUE
        head = self.tokens[last]
        if head.dep.startswith("nsubj") and self.tokens[head.head].lemma in SPEECH_LEMMAS:
            occ.cues["speech"] += WEAK_CUE  # kept apart: companies "say" things too
        occ.role = self._role(first, last)
        if occ.role is not None:
            occ.cues["person"] += ROLE_CUE

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
        modifiers = []
        for j in range(i - 1, -1, -1):
            if self.tokens[j].dep == "case":  # the "'s" of "Ukraine's Foreign Minister"
                continue
            if not (j < self.tokens[j].head <= last and self._word(j)[:1].isalpha()):
                break
            modifiers.append(_modifier(self._word(j)))
        return role, frozenset(modifiers)


# ------------------------------------------------------------------------------- types


def _type_scores(occurrences: list[_Occurrence]) -> dict[str, Counter]:
    """Surface key -> pooled type evidence (model labels and text cues) over the story."""
    by_key: dict[str, list[_Occurrence]] = defaultdict(list)
    for occ in occurrences:
        by_key[_norm(occ.text)].append(occ)
    scores = {key: _scores(group) for key, group in by_key.items()}
    _add_name_part_cues(scores)
    return scores


def _resolve_types(scores: dict[str, Counter]) -> dict[str, str]:
    """Surface key -> resolved type class (PERSON, PLACE, ORG, NORP, ...) or "" for junk."""
    types = {key: _pick_type(score) for key, score in scores.items()}
    _retype_titled_name_variants(scores, types)
    return types


def _retype_titled_name_variants(scores: dict[str, Counter], types: dict[str, str]) -> None:
    """A full name the model calls an organisation is a person when the text gives it an honorific
    or a title of its own and the story spells the same person's name that way too
    ("Ms Betty Dale" / "Bettie Dale"); a name with an institution word never is."""
    persons: dict[str, list[str]] = defaultdict(list)
    for key, kind in types.items():
        if kind == "PERSON" and " " in key:
            persons[_last_word_block(key)].append(key)
    for key, score in scores.items():
        if types[key] != "ORG" or " " not in key or not score["cue:person-strong"] or score["cue:org"]:
            continue
        if any(_same_person(key, other) for other in persons.get(_last_word_block(key), [])):
            types[key] = "PERSON"


def _scores(group: list[_Occurrence]) -> Counter:
    """Pool the model's labels and the text's cues for one surface form over the story."""
    score: Counter = Counter()
    cues: Counter = Counter()
    for occ in group:
        if occ.label is not None:
            score[PLACE if occ.label in PLACE_LABELS else occ.label] += 1
            score["label:" + occ.label] += 1
        cues.update(occ.cues)
    score["PERSON"] += cues["person"] + cues["speech"]
    score[PLACE] += cues["place"]
    score["ORG"] += cues["org"]
    if score[PLACE] > 0:  # "in X" backs a place the model or the text already suggests, no more
        score[PLACE] += cues["locative"]
    score["cue:person"] = cues["person"] + cues["speech"]
    score["cue:person-strong"] = cues["person"]  # honorific or title: never a company's short form
    score["cue:org"] = cues["org"]
    score["cue:place"] = cues["place"]
    score["cue:locative"] = cues["locative"]
    score["cue:place-preposition"] = cues["place-preposition"]
    return score


def _add_name_part_cues(scores: dict[str, Counter]) -> None:
    """A single word that is part of a multi-word person (or place) name shares its type."""
    person_parts: set[str] = set()
    surnames: set[str] = set()
    place_parts: set[str] = set()
    for key, score in scores.items():
        words = key.split()
        if len(words) < 2:
            continue
        kind = _pick_type(score)
        if kind == "PERSON":
            person_parts.update(phonetic_key(w) for w in (words[0], _name_words(key)[-1]))
            surnames.add(phonetic_key(_name_words(key)[-1]))
        elif kind == PLACE and set(words[1:]) <= PLACE_NOUNS:
            place_parts.add(phonetic_key(words[0]))
    for key, score in scores.items():
        if " " in key:
            continue
        if phonetic_key(key) in person_parts:
            score["PERSON"] += STRONG_CUE
            score["cue:person"] += STRONG_CUE
            if phonetic_key(key) not in surnames:  # only ever a first word: maybe a word glued to a name
                score["cue:first-word"] += STRONG_CUE
            score["cue:person-strong"] += STRONG_CUE
        if phonetic_key(key) in place_parts:
            score[PLACE] += STRONG_CUE


def _pick_type(score: Counter) -> str:
    """The best-supported type; a "person" seen only as a model label after "in" is junk."""
    kinds = {k: v for k, v in score.items() if ":" not in k and v > 0}
    if not kinds:
        return ""
    best = max(sorted(kinds), key=lambda k: kinds[k])
    if best == "PERSON" and not score["cue:person"] and score["cue:locative"]:
        # Used as "in X" and nothing in the text points at a person: a city the model
        # keeps tagging PERSON when the story also knows it as a place, else junk ("in Cantonese").
        return PLACE if kinds.get(PLACE) else ""
    return best


def _final_type(kind: str, occurrences: Iterable[_Occurrence]) -> str:
    """Turn the PLACE class back into the model's most used place label (GPE by default)."""
    if kind != PLACE:
        return kind
    votes = Counter(o.label for o in occurrences if o.label in PLACE_LABELS)
    return votes.most_common(1)[0][0] if votes else "GPE"


def _modifier(word: str) -> str:
    """A title's modifier as compared between mentions: "Ukraine's" and "ukraine" are one."""
    return _POSSESSIVE.sub("", word).casefold()


# ---------------------------------------------------------------------------- clusters


@dataclass(slots=True)
class _Cluster:
    """One entity being built: its name mentions and its description mentions."""

    kind: str
    occurrences: list[_Occurrence] = field(default_factory=list)
    descriptions: list[Evidence] = field(default_factory=list)


def _complete_link(
    keys: list[str],
    block: Callable[[str], str],
    same: Callable[[str, str], bool],
    weight: Callable[[str], int] = lambda key: 1,
) -> list[list[str]]:
    """Group keys that are all pairwise the same name, comparing only within a block.

    Complete linkage: "J. Biden" matches both "Joe Biden" and "Jill Biden", and must
    not chain them into one person.  A key that fits several groups ("Mark Felt" for the
    father "Mark Felt Sr." and the son "Mark Felt Jr.") joins the one the story names most.
    """
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        blocks[block(key)].append(key)
    groups: list[list[str]] = []
    for members in blocks.values():
        local: list[list[str]] = []
        for key in members:
            fits = [g for g in local if all(same(key, other) for other in g)]
            home = max(fits, key=lambda g: sum(map(weight, g))) if fits else None
            if home is None:
                local.append([key])
            else:
                home.append(key)
        groups.extend(local)
    return groups


def _same_words(a: str, b: str) -> bool:
    """Two non-person names, word for word the same name (Khrestivka/Hrestivka)."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(same_name(x, y) for x, y in zip(wa, wb, strict=True))


# Generational suffixes after a surname: "W. Mark Felt Sr." is "Mark Felt".
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _name_words(key: str) -> list[str]:
    words = key.split()
    return words[:-1] if len(words) > 2 and words[-1] in NAME_SUFFIXES else words


def _same_person(a: str, b: str) -> bool:
    """Full names of one person: same surname and compatible first names.

    A leading given name the other form leaves out ("W Mark Felt", "William Mark Felt" /
    "Mark Felt": people go by their middle name) is skipped: the shorter form's first name
    must then be one of the longer form's middle names.  "Jr" and "Sr" are two people.
    """
    wa, wb = _name_words(a), _name_words(b)
    if not same_name(wa[-1], wb[-1]) or _generations_differ(a, b):
        return False
    if _compatible_first(wa[0], wb[0]):
        return True
    longer, shorter = (wa, wb) if len(wa) > len(wb) else (wb, wa)
    return len(shorter) == 2 and any(_compatible_first(given, shorter[0]) for given in longer[1:-1])


def _generations_differ(a: str, b: str) -> bool:
    """"Mark Felt Sr" and "Mark Felt Jr" are father and son (a form without a suffix fits either)."""
    ga, gb = a.split()[-1], b.split()[-1]
    return ga in NAME_SUFFIXES and gb in NAME_SUFFIXES and ga != gb


def _compatible_first(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:  # an initial ("J Smith" after dots are dropped)
        return a[0] == b[0]
    return same_name(a, b, SAME_FIRST_NAME_RATIO)


def _last_word_block(key: str) -> str:
    return _skeleton(phonetic_key(_name_words(key)[-1]))


def _whole_block(key: str) -> str:
    return f"{len(key.split())}:{_skeleton(phonetic_key(key))}"


def _build_clusters(
    occurrences: list[_Occurrence], scores: dict[str, Counter], acronyms: dict[str, str]
) -> list[_Cluster]:
    """Merge surface forms into entities: full names and non-person names first, then surnames,
    then organisation short forms and acronyms into the organisation they shorten."""
    types = _resolve_types(scores)
    _drop_leading_non_names(occurrences, types, scores)
    by_key: dict[str, list[_Occurrence]] = defaultdict(list)
    for occ in occurrences:
        if types.get(_norm(occ.text)):
            by_key[_norm(occ.text)].append(occ)
    shorts = _org_short_forms(by_key, types, scores, acronyms)
    short_occurrences = {key: by_key.pop(key) for key in shorts}
    clusters: list[_Cluster] = []
    singles: list[_Occurrence] = _surnames_typed_org(by_key, types)
    for kind in sorted({types[k] for k in by_key}):
        keys = [k for k in by_key if types[k] == kind and not (kind == "PERSON" and " " not in k)]
        person = kind == "PERSON"
        groups = _complete_link(
            keys,
            _last_word_block if person else _whole_block,
            _same_person if person else _same_words,
            lambda key: len(by_key[key]),
        )
        for group in groups:
            clusters.append(_Cluster(kind, sorted((o for k in group for o in by_key[k]), key=_position)))
        if person:
            singles += [o for k in by_key if types[k] == kind and " " not in k for o in by_key[k]]
    clusters.extend(_attach_single_names(sorted(singles, key=_position), clusters))
    _attach_short_forms(clusters, shorts, short_occurrences)
    return clusters


# Types whose name, glued before a person's name by the model, is a team or a nationality
# ("Hawks Ana Ruiz", "Norwegian Ana Ruiz"), not a first name.  Places are left out: many first
# names are place names too (Austin, Georgia, Sydney), and the model tags them as places alone.
NON_PERSON_TYPES = frozenset({"ORG", "NORP"})


def _drop_leading_non_names(occurrences: list[_Occurrence], types: dict[str, str], scores: dict[str, Counter]) -> None:
    """Cut a leading word the story uses as an organisation or a nationality, with no
    person cue of its own, off a person's name (as the model typed it, or a name the story
    gives a person), so "Norwegian Ana Ruiz" is "Ana Ruiz"."""
    for occ in occurrences:
        words = occ.words
        if len(words) < 2 or (first := _norm(words[0])) == _norm(occ.text):
            continue
        rest = _norm(" ".join(words[1:]))
        person = types.get(_norm(occ.text)) == "PERSON" or types.get(rest) == "PERSON"
        person = person and types.get(rest, "PERSON") == "PERSON"
        if person and first in scores and _type_without_name_parts(scores[first]) in NON_PERSON_TYPES:
            occ.start = occ.article.text.index(words[1], occ.start + len(words[0]))
            types[rest] = "PERSON"
            scores.setdefault(rest, Counter(PERSON=1))  # a new surface form: a person's, and nothing else


def _type_without_name_parts(score: Counter) -> str:
    """A word's type from its own uses, not from being part of a person's name (the glued name itself)."""
    own = score.copy()
    for kind in ("PERSON", "cue:person", "cue:person-strong"):
        own[kind] -= score["cue:first-word"]
    return _pick_type(own) if not own["cue:person"] else "PERSON"


def _surnames_typed_org(by_key: dict[str, list[_Occurrence]], types: dict[str, str]) -> list[_Occurrence]:
    """Take out of ``by_key`` the mentions of a one-word "organisation" that is the surname of
    exactly one person in the story ("Ford" after "Phil Ford": the small model often reads a
    surname as a company across a whole story), to be attached to that person.

    Left as they are: mentions with an organisation or place cue of their own ("at X",
    "X's shares", "in X"), every mention when the story names an organisation with the word
    ("X Motor Co", "X Foundation": a body named after a person) or two people share the surname.
    """
    persons = [k for k in by_key if types[k] == "PERSON" and " " in k]
    people = _complete_link(persons, _last_word_block, _same_person)
    organisations = [k.split() for k in by_key if types[k] == "ORG" and " " in k]
    moved: list[_Occurrence] = []
    for key in [k for k in by_key if types[k] == "ORG" and " " not in k]:
        owners = [g for g in people if any(same_name(key, _name_words(k)[-1]) for k in g)]
        if len(owners) != 1 or any(same_name(key, w) for words in organisations for w in words):
            continue
        cued = [o for o in by_key[key] if o.cues["org-context"] or o.cues["org"] or _used_as_place(o)]
        moved += [o for o in by_key[key] if o not in cued]
        if cued:
            by_key[key] = cued
        else:
            del by_key[key]
    return moved


def _used_as_place(occ: _Occurrence) -> bool:
    return bool(occ.cues["place"] or occ.cues["place-preposition"] or occ.label in PLACE_LABELS)


def _position(occ: _Occurrence) -> tuple[str, int]:
    return occ.article.id, occ.start


class _Recency:
    """Where each cluster is mentioned in each article, to pick the most recent one before a point."""

    def __init__(self, clusters: list[_Cluster]) -> None:
        self.seen: dict[tuple[int, str], list[int]] = defaultdict(list)
        for i, cluster in enumerate(clusters):
            for occ in cluster.occurrences:
                self.seen[i, occ.article.id].append(occ.start)
        for starts in self.seen.values():
            starts.sort()

    def last_before(self, cluster: int, article_id: str, offset: int) -> int:
        """Offset of the cluster's last mention before ``offset`` in the article (-1 if none)."""
        starts = self.seen.get((cluster, article_id), [])
        i = bisect.bisect_left(starts, offset)
        return starts[i - 1] if i else -1

    def in_article(self, cluster: int, article_id: str) -> bool:
        return (cluster, article_id) in self.seen

    def pick(self, candidates: list[int], article_id: str, offset: int) -> int | None:
        """The one candidate the text points to: alone, or named last before ``offset``."""
        local = [c for c in candidates if self.in_article(c, article_id)]
        if not local:
            return candidates[0] if len(candidates) == 1 else None
        if len(local) == 1:
            return local[0]
        ranked = sorted(local, key=lambda c: self.last_before(c, article_id, offset), reverse=True)
        if self.last_before(ranked[0], article_id, offset) < 0:
            return None
        return ranked[0]


def _attach_single_names(singles: list[_Occurrence], clusters: list[_Cluster]) -> list[_Cluster]:
    """Tie "Varga", "Mr Varga" (or "Wang" for "Wang Lei") to the full name the story gives; the rest stand alone."""
    persons = [i for i, c in enumerate(clusters) if c.kind == "PERSON"]
    by_last: dict[str, set[int]] = defaultdict(set)
    by_first: dict[str, set[int]] = defaultdict(set)
    for i in persons:
        for occ in clusters[i].occurrences:
            by_last[_skeleton(phonetic_key(_name_words(_norm(occ.text))[-1]))].add(i)
            by_first[_skeleton(phonetic_key(occ.words[0]))].add(i)
    recency = _Recency(clusters)
    unresolved: list[_Occurrence] = []
    for occ in singles:
        target = _single_target(occ, clusters, recency, by_last)
        if target is None:  # cluster 0 is a valid target: test for None, not falsiness
            target = _single_target(occ, clusters, recency, by_first, position=0)
        if target is None:
            unresolved.append(occ)
        else:
            clusters[target].occurrences.append(occ)
    by_key: dict[str, list[_Occurrence]] = defaultdict(list)
    for occ in unresolved:
        by_key[_norm(occ.text)].append(occ)
    groups = _complete_link(list(by_key), _whole_block, _same_words)
    return [_Cluster("PERSON", [o for k in group for o in by_key[k]]) for group in groups]


def _names_part(word: str, occ: _Occurrence, position: int) -> bool:
    """``word`` is the surname (position -1) or first name (0) of a full-name mention."""
    return len(occ.words) > 1 and same_name(word, _name_words(_norm(occ.text))[position])


def _single_target(
    occ: _Occurrence, clusters: list[_Cluster], recency: _Recency, index: dict[str, set[int]], position: int = -1
) -> int | None:
    word = occ.text
    block = index.get(_skeleton(phonetic_key(word)), set())
    candidates = sorted(i for i in block if any(_names_part(word, o, position) for o in clusters[i].occurrences))
    return recency.pick(candidates, occ.article.id, occ.start) if candidates else None


# ------------------------------------------------------------------------- short forms

# Function words an acronym skips: "Ministry of Defence" -> "MoD", "Food and Drug Administration" -> "FDA".
ACRONYM_SKIP_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "at", "to", "de", "du", "der", "&"})
# Legal-form words a company name ends with: "Harwick Vanadium Corp" is shortened to
# "Vanadium" as "Stavrynsk Azot" is to "Azot", so they are dropped before matching the last words.
CORPORATE_SUFFIXES = frozenset(
    {"corp", "corporation", "inc", "incorporated", "ltd", "limited", "plc", "llc", "llp", "co", "company", "group",
     "holding", "holdings", "sa", "ag", "gmbh", "nv", "bv", "spa", "oy", "ab", "as", "pjsc", "ojsc", "jsc"}
)
# An acronym the text never spells out must have this many letters to be matched on initials
# alone: two letters ("SA", "PM") match too many names by chance, three rarely do.
MIN_UNDEFINED_ACRONYM = 3
# "State Emergency Service (SES)": the acronym in brackets right after the name it stands for.
_ACRONYM_AFTER = re.compile(r"[ \t]*\(([A-Z][A-Za-z&]{1,9})\)")
# An acronym as written: capitals (a lowercase joining letter allowed: "MoD"), at least two capitals.
_ACRONYM_FORM = re.compile(r"^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z&]*$")


def _initials(key: str, skip: frozenset[str] = frozenset()) -> str:
    return "".join(w[0] for w in key.split() if w not in skip)


def acronym_of(acronym: str, name: str) -> bool:
    """Whether ``acronym`` ("SES", "MoD") is built from the initials of ``name``'s words."""
    if not _ACRONYM_FORM.match(acronym) or len(name.split()) < 2:
        return False
    letters = "".join(ch for ch in acronym.casefold() if ch.isalpha())
    key = _norm(name)
    return letters in {_initials(key), _initials(key, ACRONYM_SKIP_WORDS)}


def _acronym_definitions(occurrences: list[_Occurrence]) -> dict[str, str]:
    """Acronym key -> the organisation key the text spells it out as ("ses" -> "state emergency service").

    An acronym two organisations in the story define differently is left out rather than guessed.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for occ in occurrences:
        if occ.label != "ORG" and not {w.casefold() for w in occ.words} & ORG_NOUNS:
            continue
        bracket = _ACRONYM_AFTER.match(occ.article.text, occ.end)
        if bracket is not None and acronym_of(bracket.group(1), occ.text):
            found[_norm(bracket.group(1))].add(_norm(occ.text))
    return {acronym: next(iter(names)) for acronym, names in found.items() if len(names) == 1}


def _missed_acronyms(ctx: StoryContext, occurrences: list[_Occurrence], acronyms: dict[str, str]) -> list[_Occurrence]:
    """Uses of a defined acronym the model did not tag (it often misses all-capital tokens)."""
    if not acronyms:
        return []
    taken = {(o.article.id, o.start) for o in occurrences}
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in sorted(acronyms)) + r")\b", re.IGNORECASE)
    missed = []
    for sentence in ctx.all_sentences():
        for match in pattern.finditer(sentence.text):
            start = sentence.start + match.start()
            if _ACRONYM_FORM.match(match.group()) and (sentence.article.id, start) not in taken:
                missed.append(_Occurrence(sentence.article, start, start + len(match.group()), "ORG", match.group()))
    return missed


def _org_short_forms(
    by_key: dict[str, list[_Occurrence]], types: dict[str, str], scores: dict[str, Counter], acronyms: dict[str, str]
) -> dict[str, str]:
    """Short key -> the organisation key it shortens: "Brightcoat" for "Brightcoat Coatings",
    "Azot" for "Stavrynsk Azot", "SES" for "State Emergency Service".

    Only when the organisations it could shorten are one name ("Northgate" for "Northgate
    Rovers" and "Northgate Rovers FC", not for "Northgate Rovers" and "Northgate Council"),
    then to the longest of them; never a form the story uses as a place or a person (see
    :func:`_may_shorten`).
    """
    organisations = [k for k in by_key if types[k] == "ORG" and " " in k]
    shorts: dict[str, str] = {}
    for key in by_key:
        legal = [org for org in organisations if types[key] == "ORG" and _legal_name_of(key, org)]
        if legal:  # "Acme" for "Acme Corp": the company itself, whatever its divisions are called
            shorts[key] = min(legal)
        elif organisations and _may_shorten(key, types[key], scores[key], by_key[key]):
            surfaces = {o.text for o in by_key[key]}
            longs = [org for org in organisations if org != key and _shortens(key, org, surfaces, acronyms)]
            longs.sort(key=lambda org: (-len(org.split()), org))
            if longs and all(_one_organisation(longs[0], other) for other in longs[1:]):
                shorts[key] = longs[0]
    return shorts


def _legal_name_of(key: str, org: str) -> bool:
    """``org`` is ``key`` with a legal-form suffix ("acme" -> "acme corp")."""
    words = org.split()
    return len(words) > 1 and words[-1] in CORPORATE_SUFFIXES and _same_words(key, " ".join(words[:-1]))


def _one_organisation(longest: str, other: str) -> bool:
    """Two organisation names of one body: spelling variants, or one the first/last words of the other."""
    return _same_words(longest, other) or _shortens(other, longest, [], {})


def _may_shorten(key: str, kind: str, score: Counter, occurrences: list[_Occurrence]) -> bool:
    """A form that can stand for a company: typed ORG, or PERSON on the model's word alone.

    Not a place anywhere in the story (a place label, "X region", "in X"), so the city is
    never folded into the company named after it; not a name with an honorific or a title;
    not a bare institution word ("the Ministry") that fits any ministry.
    """
    if kind == "PERSON" and (" " in key or score["cue:person-strong"]):
        return False
    if kind not in {"ORG", "PERSON"} or score[PLACE] or score["cue:place-preposition"]:
        return False
    if any(o.label in PLACE_LABELS for o in occurrences):
        return False
    return not set(key.split()) <= ORG_NOUNS | PLACE_NOUNS


def _shortens(key: str, org: str, surfaces: Iterable[str], acronyms: dict[str, str]) -> bool:
    """``key`` is the first or last words of ``org``, or its acronym (defined, or long enough)."""
    short, long = key.split(), org.split()
    core = long[:-1] if len(long) > 2 and long[-1] in CORPORATE_SUFFIXES else long
    n = len(short)
    if n < len(long) and (all(map(same_name, short, long[:n])) or all(map(same_name, short, core[-n:]))):
        return True
    if acronyms.get(key) == org:
        return True
    return len(key) >= MIN_UNDEFINED_ACRONYM and any(acronym_of(surface, org) for surface in surfaces)


def _is_short_form(text: str, org: str) -> bool:
    """``text`` shortens the organisation key ``org``: its first or last words, or its acronym."""
    return _shortens(_norm(text), org, [], {}) or acronym_of(text, org)


def _attach_short_forms(
    clusters: list[_Cluster], shorts: dict[str, str], occurrences: dict[str, list[_Occurrence]]
) -> None:
    """Put each short form's mentions in the cluster of the organisation it shortens."""
    home = {_norm(o.text): c for c in clusters if c.kind == "ORG" for o in c.occurrences}
    for key, org in shorts.items():
        while org not in home and org in shorts:  # the long form shortens a longer one (always more words)
            org = shorts[org]
        cluster = home.get(org)
        if cluster is None:
            clusters.append(_Cluster("ORG", sorted(occurrences[key], key=_position)))
        else:
            cluster.occurrences = sorted(cluster.occurrences + occurrences[key], key=_position)


# ------------------------------------------------------------------------ descriptions


def _attach_descriptions(ctx: StoryContext, clusters: list[_Cluster]) -> None:
    """Tie "the foreign minister" to the person the story introduced as "Foreign Minister X"."""
    roles: dict[str, dict[int, set[str]]] = defaultdict(dict)
    for i, cluster in enumerate(clusters):
        for occ in cluster.occurrences:
            if cluster.kind == "PERSON" and occ.role is not None:
                roles[occ.role[0]].setdefault(i, set()).update(occ.role[1])
    if not roles:
        return
    recency = _Recency(clusters)
    name_starts = {(o.article.id, o.start) for c in clusters for o in c.occurrences}
    for sentence in ctx.all_sentences():
        for start, end, role, modifiers in _descriptions(sentence.text, roles):
            a_start, a_end = sentence.start + start, sentence.start + end
            if _names_follow(sentence.article.text, sentence.article.id, a_end, name_starts):
                continue  # "the Interior Minister Oleksandr Kharchenko": the name itself is the mention
            candidates = sorted(i for i, known in roles[role].items() if modifiers <= known)
            target = recency.pick(candidates, sentence.article.id, a_start) if candidates else None
            if target is not None:
                clusters[target].descriptions.append(sentence.evidence(a_start, a_end))


_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")
_DETERMINER = re.compile(r"\b(?:the|his|her|its|their)\s+", re.IGNORECASE)
# "the Ukrainian foreign minister" has at most a few modifiers before the title noun.
MAX_TITLE_WORDS = 4


def _descriptions(text: str, roles: dict[str, dict[int, set[str]]]) -> Iterable[tuple[int, int, str, set[str]]]:
    """``(start, end, role, modifiers)`` for each determiner + title phrase naming a known role."""
    for det in _DETERMINER.finditer(text):
        words = []
        for word in _WORD.finditer(text, det.end()):
            if words and text[words[-1].end() : word.start()].strip():
                break  # punctuation ends the phrase
            words.append(word)
            if len(words) >= MAX_TITLE_WORDS:
                break
        for k, word in enumerate(words):
            role = word.group().casefold()
            if role in roles:
                yield det.start(), word.end(), role, {_modifier(w.group()) for w in words[:k]}
                break


def _names_follow(text: str, article_id: str, end: int, name_starts: set[tuple[str, int]]) -> bool:
    gap = _SPACES.match(text, end)
    return (article_id, gap.end() if gap else end) in name_starts


_SPACES = re.compile(r" +")


# ------------------------------------------------------------------------------ output


def find_entities(ctx: StoryContext) -> list[Entity]:
    """The story's entities, variants resolved, ranked by independent sources then mentions."""
    occurrences = _occurrences(ctx)
    acronyms = _acronym_definitions(occurrences)
    occurrences.extend(_missed_acronyms(ctx, occurrences, acronyms))
    clusters = _build_clusters(occurrences, _type_scores(occurrences), acronyms)
    _attach_descriptions(ctx, clusters)
    built = [(c, _to_entity(ctx, c)) for c in clusters if c.occurrences]
    ctx.set_canonical_names(_canonical_names(built))
    entities = [entity for _, entity in built]
    entities.sort(key=lambda e: (-ctx.independent_count(e.sources), -len(e.mentions), e.name))
    return entities


def _to_entity(ctx: StoryContext, cluster: _Cluster) -> Entity:
    occurrences = cluster.occurrences
    forms = Counter(o.text for o in occurrences)
    mentions = [Evidence(o.article.id, o.text, o.start, o.end) for o in occurrences] + cluster.descriptions
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    mentions.sort(key=lambda m: (order.get(m.article, 0), m.start))
    return Entity(
        name=_best_name(ctx, cluster),
        type=_final_type(cluster.kind, occurrences),
        variants=sorted(forms, key=lambda f: (-forms[f], f)),
        sources=ctx.order_sources(m.article for m in mentions),
        mentions=mentions,
    )


def _best_name(ctx: StoryContext, cluster: _Cluster) -> str:
    """The most common full form: most independent sources, then mentions, then support
    from shorter forms it contains (a surname spelled its way elsewhere)."""
    longest = max(len(o.words) for o in cluster.occurrences)
    full = [o for o in cluster.occurrences if len(o.words) == longest]
    sources: dict[str, set[str]] = defaultdict(set)
    for occ in full:
        sources[occ.text].add(occ.article.id)
    all_words = Counter(w for o in cluster.occurrences for w in o.words)

    def rank(form: str) -> tuple[int, int, int, str]:
        support = sum(all_words[w] for w in form.split())
        return (-ctx.independent_count(sources[form]), -len(sources[form]), -support, form)

    return min(sources, key=rank)


def _canonical_names(built: list[tuple[_Cluster, Entity]]) -> dict[str, str]:
    """Surface -> resolved name, for every surface that names only one entity in the story.

    Keys include the raw mention ("Mr Varga's"), the cleaned form and descriptions
    ("the foreign minister"); a surface shared by two entities ("Biden" for two people,
    "the president" for two presidents) is left out rather than guessed.
    """
    targets: dict[str, set[str]] = defaultdict(set)
    for cluster, entity in built:
        for occ in cluster.occurrences:
            for surface in (occ.text, occ.raw.strip(), _norm(occ.text)):
                targets[surface.casefold()].add(entity.name)
        for evidence in cluster.descriptions:
            targets[evidence.text.casefold()].add(entity.name)
    return {surface: next(iter(found)) for surface, found in targets.items() if len(found) == 1}


def spelling_variants(entity: Entity) -> dict[str, list[str]]:
    """Distinct spellings of the entity's full name -> ids of the articles using each.

    For the discrepancies component: two outlets writing "Oleksandr Kharchenko" and
    "Aleksandr Harchenko" disagree on spelling, which a reader should see.  Only full forms count for
    people (a surname alone is a shortening, not a spelling), and forms differing only in
    case or dots ("U.S."/"US") are one spelling, shown in its most common form.
    Descriptions ("the foreign minister") are not spellings and are left out.  A result
    with fewer than two keys means the outlets agree.
    """
    names = [m for m in entity.mentions if m.text in entity.variants]
    if entity.type == "PERSON":
        names = [m for m in names if len(m.text.split()) > 1]
    else:  # "Brightcoat" and "SES" shorten "Brightcoat Coatings" and "State Emergency Service"
        keys = {_norm(v) for v in entity.variants}
        names = [m for m in names if not any(_is_short_form(m.text, k) for k in keys)]
    by_spelling: dict[str, list[Evidence]] = defaultdict(list)
    for mention in names:
        by_spelling[_spelling_key(mention.text)].append(mention)
    result: dict[str, list[str]] = {}
    for mentions in by_spelling.values():
        shown = Counter(m.text for m in mentions).most_common(1)[0][0]
        result[shown] = list(dict.fromkeys(m.article for m in mentions))
    return result


def _spelling_key(text: str) -> str:
    return re.sub(r"[.'’\s-]+", " ", text.casefold()).strip()
