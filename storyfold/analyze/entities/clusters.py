"""Surface forms merged into entities, in the order that keeps merges safe.

Full names and non-person names first (so two different first names never merge), then
single names onto those full names, then short forms (and bare branch names: "State
Department" for the story's one "US State Department") onto their organisations.  Before any
of that, the forms of one name that spelling cannot tie are put under one key: an owner said
two ways ("Ukraine's Security Service" / "Security Service of Ukraine"), a country's short and
full names, a region with and without its region word, a people's plural (``forms``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from storyfold.analyze.entities.entity_types import _drop_leading_non_names, _resolve_types
from storyfold.analyze.entities.forms import form_homes
from storyfold.analyze.entities.linkage import _Cluster, _complete_link, _position
from storyfold.analyze.entities.mentions import _Occurrence
from storyfold.analyze.entities.names import _last_word_block, _norm, _same_person, _same_words, _whole_block
from storyfold.analyze.entities.qualifiers import bare_branch_homes, owner_homes
from storyfold.analyze.entities.short_forms import _attach_short_forms, _org_short_forms
from storyfold.analyze.entities.surnames import _attach_single_names, _surnames_typed_org


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
    shorts.update(bare_branch_homes(by_key, types, shorts))  # "State Department" -> "US State Department"
    short_occurrences = {key: by_key.pop(key) for key in shorts}
    _fold(by_key, owner_homes(by_key, types))
    _fold(by_key, form_homes(by_key, types))
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


def _fold(by_key: dict[str, list[_Occurrence]], homes: dict[str, str]) -> None:
    """Move each key's occurrences to the key of the form it is another writing of."""
    for key, home in homes.items():
        while home in homes and homes[home] != key:  # a home that is itself folded (never a cycle)
            home = homes[home]
        if key in by_key and home in by_key and home != key:
            by_key[home].extend(by_key.pop(key))
