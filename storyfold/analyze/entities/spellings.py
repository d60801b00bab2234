"""How the outlets spell one entity's name, for the discrepancies component.

Two outlets writing one name two ways is a disagreement a reader should see; shortenings,
case, dots and descriptions are not spellings and are left out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from storyfold.analyze.entities.names import _norm
from storyfold.analyze.entities.short_forms import _is_short_form
from storyfold.model import Entity, Evidence


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
