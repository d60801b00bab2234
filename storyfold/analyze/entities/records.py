"""Finished clusters turned into :class:`Entity` records and the story's name lookup.

The entity's name is the full form most independent outlets use; every surface that names
only one entity is registered with the context so quotes and facts use the same name.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from storyfold.analyze.context import StoryContext
from storyfold.analyze.entities.entity_types import _final_type
from storyfold.analyze.entities.linkage import _Cluster
from storyfold.analyze.entities.names import _norm
from storyfold.model import Entity, Evidence


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
