"""Descriptions such as "the foreign minister" tied to the person the story gave that title.

After "Foreign Minister <Name>", outlets refer to the person by title alone; those mentions
belong to the person's entity (and let quotes and facts name the speaker).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from storyfold.analyze.context import StoryContext
from storyfold.analyze.entities.linkage import _Cluster, _Recency
from storyfold.analyze.entities.mentions import _modifier


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
            if _heads_another_body(sentence.article.text, a_start, a_end):
                continue  # "the president of the union", "the union's president": another body's head
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


def _heads_another_body(text: str, start: int, end: int) -> bool:
    """"the president of the union", "its president": the holder of another body's title."""
    return bool(_OF_BODY.match(text, end)) or text[start:end].casefold().startswith(ORG_DETERMINERS)


def _names_follow(text: str, article_id: str, end: int, name_starts: set[tuple[str, int]]) -> bool:
    gap = _SPACES.match(text, end)
    return (article_id, gap.end() if gap else end) in name_starts


_SPACES = re.compile(r" +")
# A title with its own body after it ("the president of the farmers' union") or before it
# ("the union's president") names that body's holder, not the story's titled person.
_OF_BODY = re.compile(r"\s+(?:of|at)\s+(?:the\s+|a\s+)?[A-Za-z]")
# "its president", "their chairman": an organisation's holder, never a person's title.
ORG_DETERMINERS = ("its ", "their ")
