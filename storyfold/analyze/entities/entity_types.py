"""One type per surface form, from evidence pooled over the whole story.

The small model labels the same name differently from sentence to sentence and repeats
its own errors; votes from every mention plus the text's cues (and the type of the full
name a single word belongs to) settle the type once for the story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from storyfold.analyze.entities.described import described_type
from storyfold.analyze.entities.gazetteer import known_place
from storyfold.analyze.entities.mentions import PLACE_NOUNS, STRONG_CUE, _Occurrence
from storyfold.analyze.entities.name_shapes import PLACE, StoryNames, shape_type
from storyfold.analyze.entities.names import _last_word_block, _name_words, _norm, _same_person, phonetic_key

# spaCy's place labels: the model mixes them up for one place, so they vote as one class.
PLACE_LABELS = ("GPE", "LOC", "FAC")


def _type_scores(occurrences: list[_Occurrence]) -> dict[str, Counter]:
    """Surface key -> pooled type evidence (model labels and text cues) over the story."""
    by_key: dict[str, list[_Occurrence]] = defaultdict(list)
    for occ in occurrences:
        by_key[_norm(occ.text)].append(occ)
    scores = {key: _scores(group) for key, group in by_key.items()}
    _add_name_part_cues(scores)
    return scores


def _resolve_types(scores: dict[str, Counter]) -> dict[str, str]:
    """Surface key -> resolved type class (PERSON, PLACE, ORG, NORP, ...) or "" for junk: the votes
    and cues first, then what the name's own words say (:func:`~.name_shapes.shape_type`), then what the
    text calls it and what its head word names (:func:`~.described.described_type`)."""
    types = {key: _pick_type(score) for key, score in scores.items()}
    _retype_titled_name_variants(scores, types)
    names = StoryNames.of(types)
    for key, score in scores.items():
        shaped = shape_type(key, types[key] or _dropped_place_name(key, score), score, names)
        if shaped is not None and (types[key] or shaped):
            types[key] = shaped
        described = described_type(key, types[key], score)
        if described is not None:
            types[key] = described
    return types


def _dropped_place_name(key: str, score: Counter) -> str:
    """"PERSON" for a known place's name that :func:`_pick_type` dropped as a person without signs
    ("Kyiv" tagged PERSON in every article), so the name's words may still say it is a place; ""
    for a name dropped for anything else (a fragment, a common word)."""
    best = _best_kind(score)
    if not known_place(key) or not _person_without_signs(best, score) or _used_as_no_name(best, score):
        return ""
    return "PERSON"


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
    for usage in ("thing", "common-word", "adjective", "fragment", "honorific", "after-the", "org-context",
                  "title", "open-role", "ship", "described-company", "in-longer-name"):
        score["cue:" + usage] = cues[usage]
    score["cue:mentions"] = len(group)
    score["cue:one-word"] = int(len(group[0].words) == 1)
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
            score["cue:name-part"] += 1
            score["PERSON"] += STRONG_CUE
            score["cue:person"] += STRONG_CUE
            if phonetic_key(key) not in surnames:  # only ever a first word: maybe a word glued to a name
                score["cue:first-word"] += STRONG_CUE
            score["cue:person-strong"] += STRONG_CUE
        if phonetic_key(key) in place_parts:
            score[PLACE] += STRONG_CUE


def _best_kind(score: Counter) -> str:
    """The type most votes and cues support ("" when none)."""
    kinds = {k: v for k, v in score.items() if ":" not in k and v > 0}
    return max(sorted(kinds), key=lambda k: kinds[k]) if kinds else ""


def _person_without_signs(best: str, score: Counter) -> bool:
    """A "person" only the model says is one: no title, honorific or speech verb in the text."""
    return best == "PERSON" and not score["cue:person"]


def _pick_type(score: Counter) -> str:
    """The best-supported type; a "person" seen only as a model label after "in" is junk."""
    best = _best_kind(score)
    if not best or _used_as_no_name(best, score):
        return ""
    if _person_without_signs(best, score) and score["cue:one-word"]:
        # One word the model alone calls a person: no title, honorific or speech verb, and no full
        # name in the story it belongs to.  The model tags places, teams, brands and ships this way
        # ("Sukanya was escorting", "beat the Rams"); a person the story is about gets a cue.
        return PLACE if score[PLACE] > 0 else ""
    # "to X", "from X", "at X" place one word ("from Kherson"), but name people as often as places
    # ("assistant to John Mitchell", "a letter from Jana Kovac"): a full name needs "in X", "near X".
    placed = score["cue:locative"] if score["cue:one-word"] else score["cue:place-preposition"]
    if _person_without_signs(best, score) and placed:
        # Used as "in X" and nothing in the text points at a person: a city the model
        # keeps tagging PERSON when the story also knows it as a place, else junk ("in Cantonese").
        return PLACE if score[PLACE] > 0 else ""
    return best


def _used_as_no_name(best: str, score: Counter) -> bool:
    """Junk by usage: a fragment, or a name only ever seen inside a longer one; a "place" used as a
    thing or a team; a word that is only ever a capitalised common noun or an adjective ("Farmers",
    "Islamic") outside a nationality."""
    every = score["cue:mentions"] or 1
    if score["cue:fragment"]:
        return True
    if best != "PERSON" and score["cue:in-longer-name"] >= every:
        return True  # every mention is a piece of a longer name ("Spring" of "Spring Training")
    if best == PLACE and 2 * score["cue:thing"] > every and not score["cue:locative"]:
        return True
    if best == "NORP":
        return False  # "Ukrainian soldiers": an adjective is how nationalities are named
    return score["cue:common-word"] + score["cue:adjective"] >= every and not score["cue:person-strong"]


def _final_type(kind: str, occurrences: Iterable[_Occurrence]) -> str:
    """Turn the PLACE class back into the model's most used place label (GPE by default)."""
    if kind != PLACE:
        return kind
    votes = Counter(o.label for o in occurrences if o.label in PLACE_LABELS)
    return votes.most_common(1)[0][0] if votes else "GPE"


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
