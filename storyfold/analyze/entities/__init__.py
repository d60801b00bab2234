"""Entities of one story, with each outlet's spelling resolved to one name.

spaCy's small model gives mentions; on top of them this package does what a
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
  article first; when several share the surname, the one the article introduced first) and
  descriptions such as "the foreign minister" to the person the story
  introduced with that title ("Foreign Minister <Name>").

Two full names with different first names are never merged, and a person is
never merged with a place or an organisation.

The modules, in the order :func:`find_entities` uses them: ``names`` (when two
spellings are one name), ``mentions`` (cleaned mentions and their cues),
``acronyms``, ``entity_types`` (one type per surface form, then ``name_shapes``: what the
name's words say, with the ``gazetteer`` of known places, and ``described``: what the text calls
the name, read from the parse by ``appositions``, and storms, ceremonies and awards), ``clusters`` (the merge
order, with ``linkage``, ``surnames``, ``short_forms``, ``qualifiers`` (whose body a
name says it is) and ``forms`` ("US" / "United States": one entity written two ways)), ``descriptions``,
``records`` (the :class:`Entity` records) and ``spellings`` (for discrepancies).
"""

from __future__ import annotations

from storyfold.analyze.context import StoryContext
from storyfold.analyze.entities.acronyms import _acronym_definitions, _missed_acronyms, acronym_of
from storyfold.analyze.entities.clusters import _build_clusters
from storyfold.analyze.entities.descriptions import _attach_descriptions
from storyfold.analyze.entities.entity_types import _type_scores
from storyfold.analyze.entities.mentions import _occurrences
from storyfold.analyze.entities.names import phonetic_key, same_name
from storyfold.analyze.entities.qualifiers import join_owners
from storyfold.analyze.entities.records import _canonical_names, _to_entity
from storyfold.analyze.entities.spellings import spelling_variants
from storyfold.model import Entity

__all__ = ["acronym_of", "find_entities", "phonetic_key", "same_name", "spelling_variants"]


def find_entities(ctx: StoryContext) -> list[Entity]:
    """The story's entities, variants resolved, ranked by independent sources then mentions."""
    occurrences = join_owners(_occurrences(ctx))  # "Chinese" + "Foreign Ministry": one name
    acronyms = _acronym_definitions(occurrences)
    occurrences.extend(_missed_acronyms(ctx, occurrences, acronyms))
    clusters = _build_clusters(occurrences, _type_scores(occurrences), acronyms)
    _attach_descriptions(ctx, clusters)
    built = [(c, _to_entity(ctx, c)) for c in clusters if c.occurrences]
    ctx.set_canonical_names(_canonical_names(built))
    entities = [entity for _, entity in built]
    entities.sort(key=lambda e: (-ctx.independent_count(e.sources), -len(e.mentions), e.name))
    return entities
