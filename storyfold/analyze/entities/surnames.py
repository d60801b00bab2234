"""Single-word names tied to the full name they shorten ("Varga" to "Ilona Varga").

Stories name a person in full once and by surname after; the model even reads a surname
as a company ("Ford" after "Phil Ford"), so those mentions are moved to the person too.
"""

from __future__ import annotations

from collections import defaultdict

from storyfold.analyze.entities.entity_types import PLACE_LABELS
from storyfold.analyze.entities.linkage import _Cluster, _complete_link, _Recency
from storyfold.analyze.entities.mentions import _Occurrence
from storyfold.analyze.entities.names import (
    _last_word_block,
    _name_words,
    _norm,
    _same_person,
    _same_words,
    _skeleton,
    _whole_block,
    phonetic_key,
    same_name,
)


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
    if not candidates:
        return None
    if position == 0:  # two people called "Jerry" are rarely family: a shared first name stays unresolved
        local = [c for c in candidates if recency.in_article(c, occ.article.id)]
        return recency.pick(candidates, occ.article.id, occ.start) if len(local) <= 1 else None
    return recency.pick_namesake(candidates, occ.article.id, occ.start)
