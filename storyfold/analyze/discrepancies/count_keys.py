"""What a figure counts: the key two outlets' figures must share to count one thing.

Outlets report one count with different verbs and nouns ("40 were injured" / "42 people
taken to hospital"; "3,000 Varnians assisted" / "3,000 troops deployed"), so a
figure is keyed by the family of its act (a small general news lexicon), the family of
the counted noun, and the modifiers that narrow it ("Varnian").  The places a count
is tied to keep counts of different places apart.  Reading the figure itself is
:mod:`storyfold.analyze.quantities`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storyfold.analyze.claims import ArticleTokens, normal_form, subtree
from storyfold.analyze.quantities import PREDICATE_HOPS, SCALE_NOUNS, VAGUE_WORDS, Quantity

# What happened to the counted things, as families of a small general news lexicon: outlets
# report one count with different verbs ("40 were injured" / "42 taken to hospital"), so the
# family, not the verb, says two figures count the same thing.  A cue is a set of lemmas that
# must all be among the act's words ("leave" + "home").  Order is precedence: "died in
# hospital" is a death, not an injury.
ACT_FAMILIES: tuple[tuple[str, tuple[frozenset[str], ...]], ...] = tuple(
    (family, tuple(frozenset(cue.split("+")) for cue in cues.split()))
    for family, cues in (
        ("deaths", "kill killed die dead death toll fatality fatal"),
        ("detention", "arrest detain capture captured prisoner custody detention captive"),
        ("displacement", "evacuate evacuated evacuation evacuee flee displace displaced refugee "
                         "leave+home abandon+home"),
        ("casualties", "injure injured injury hurt wound wounded hospitalise hospitalize hospitalised "
                       "hospitalized hospital treat casualty patient"),
        ("deployment", "deploy deployment send dispatch assist fight station reinforce reinforcement"),
    )
)
# Nouns naming the same kind of counted person, by family: "40 people" and "40 residents"
# count the same evacuees, "40 workers" do not.  A noun outside these counts only itself.
PERSON_FAMILIES: dict[str, str] = {
    **dict.fromkeys(("person", "people", "resident", "civilian", "inhabitant", "citizen", "individual",
                     "local", "patient", "victim", "injured", "injure", "wounded", "wound", "casualty",
                     "evacuee", "dead"), "people"),
    **dict.fromkeys(("troop", "soldier", "fighter", "serviceman", "servicemen", "personnel", "mercenary",
                     "combatant", "recruit", "conscript"), "troops"),
    **dict.fromkeys(("worker", "employee", "staff", "labourer", "laborer", "miner"), "workers"),
    **dict.fromkeys(("child", "kid", "minor"), "children"),
}
# People deployed are troops whatever the noun: "3,000 Varnians assisted" / "3,000 troops".
DEPLOYED_AS_TROOPS = frozenset({"people", "man", "troops"})
# Person nouns stand for people counted by a bare figure ("40 were injured").
DEFAULT_COUNTED = "people"
# Dependencies from an act word to the words that complete it ("taken to hospital", "leave homes").
ACT_DEPS = frozenset({"prt", "dobj", "oprd", "xcomp", "acomp", "attr", "agent", "acl"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Named subjects that make a count someone's own (an offer, a pledge): two actors, two counts.
ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
GROUP_LABELS = frozenset({"NORP", "GPE"})  # "Varnian troops", "Ostrian soldiers"
# Adjectives that describe a count rather than narrow what is counted.
NEUTRAL_MODIFIERS = frozenset({"other", "total", "estimated", "more", "many", "several", "first", "last"})


@dataclass(frozen=True, slots=True)
class CountKey:
    """What a figure counts, strictly: act family, kind of thing, and its specific modifiers."""

    act: str
    counted: str
    modifiers: frozenset[str]


def count_key(
    index: ArticleTokens, text: str, quantity: Quantity, canonical: Callable[[str], str]
) -> CountKey | None:
    """The key two outlets' figures must share to count the same thing; None when the act
    is not one the lexicon knows (the figure is then only compared within an aligned fact)."""
    head = quantity.head_index
    if index.tokens[head].pos in {"VERB", "AUX"} and index.tokens[quantity.figure_index].head == head:
        head = quantity.figure_index  # "40 were injured": the figure is the counted thing
    act = act_family(index, head)
    if act is None:
        return None
    noun, modifiers = _counted_kind(index, text, quantity, canonical)
    if act == "deployment" and noun in DEPLOYED_AS_TROOPS:
        noun = "troops"
    return CountKey(act, noun, modifiers)


def act_family(index: ArticleTokens, head: int) -> str | None:
    words = _act_words(index, head)
    for family, cues in ACT_FAMILIES:
        if any(cue <= words for cue in cues):
            return family
    return None


def _act_words(index: ArticleTokens, head: int) -> set[str]:
    """Lemmas saying what happened to the counted thing: the noun itself, its verb (or the
    noun it is "of") with that word's completions, and clauses attached to the noun."""
    words = {index.lemma(head)}
    words |= {index.lemma(c) for c in index.children.get(head, []) if index.tokens[c].dep == "acl"}
    for c in index.children.get(head, []):
        if index.tokens[c].dep == "acl":
            words |= _completions(index, c)
    predicate = _predicate_index(index, head)
    if predicate is not None:
        words.add(index.lemma(predicate))
        words |= _completions(index, predicate)
    return words


def _completions(index: ArticleTokens, i: int) -> set[str]:
    """Particles, objects and prepositional objects of ``i`` and of its open clauses."""
    found: set[str] = set()
    for c in index.children.get(i, []):
        dep = index.tokens[c].dep
        if dep == "prep":
            found |= {index.lemma(g) for g in index.children.get(c, []) if index.tokens[g].dep == "pobj"}
        elif dep in ACT_DEPS:
            found.add(index.lemma(c))
            if dep == "xcomp":
                found |= {index.lemma(g) for g in index.children.get(c, [])
                          if index.tokens[g].dep in {"dobj", "prt"}}
    return found


def _predicate_index(index: ArticleTokens, i: int) -> int | None:
    """Index of the word a :class:`Quantity`'s ``predicate`` names (the verb, or the noun the
    thing is "of")."""
    for _ in range(PREDICATE_HOPS):
        token = index.tokens[i]
        if token.head == i:
            return i if token.pos in {"VERB", "AUX", "ADJ"} else None
        head = index.tokens[token.head]
        if head.pos in {"VERB", "AUX", "ADJ"} and head.lemma != "of":
            return token.head
        if token.dep == "pobj" and head.lemma == "of":
            grand = index.tokens[head.head]
            if grand.pos == "NOUN" and normal_form(grand.lemma) not in VAGUE_WORDS | SCALE_NOUNS:
                return head.head
        i = token.head
    return None


def _counted_kind(
    index: ArticleTokens, text: str, quantity: Quantity, canonical: Callable[[str], str]
) -> tuple[str, frozenset[str]]:
    """(noun family, specific modifiers) of the counted thing: "Varnian troops" ->
    ("troops", {"varnian"}); a bare figure counts people."""
    head = quantity.head_index
    token = index.tokens[head]
    if head == quantity.figure_index or token.pos in {"NUM", "VERB", "AUX"}:
        return DEFAULT_COUNTED, frozenset()
    modifiers: set[str] = set()
    own = index.mention_at(token.start)
    if own is not None and own.label in GROUP_LABELS:
        modifiers.add(group_name(canonical(own.text)))
        return "people", frozenset(modifiers)
    lemma = index.lemma(head)
    for c in index.children.get(head, []):
        child = index.tokens[c]
        if child.dep not in {"amod", "compound", "nmod", "poss"} or c == quantity.figure_index:
            continue
        mention = index.mention_at(child.start)
        if mention is not None and mention.label in GROUP_LABELS:
            modifiers.add(group_name(canonical(mention.text)))
        elif child.pos in {"ADJ", "NOUN"} and index.lemma(c) not in NEUTRAL_MODIFIERS | VAGUE_WORDS:
            modifiers.add(index.lemma(c))
    return PERSON_FAMILIES.get(lemma, lemma), frozenset(modifiers)


def group_name(name: str) -> str:
    """"Varnians" and "Varnian" name one group: plural endings dropped per word."""
    return " ".join(word[:-1] if word.endswith("s") and len(word) > 3 else word
                    for word in normal_form(name).split())


def count_places(index: ArticleTokens, quantity: Quantity, canonical: Callable[[str], str]) -> frozenset[str]:
    """Places the count is tied to ("troops to Dorsk", "evacuated from Kovalino"): prepositional
    objects of the counted noun and of its act word that name a place."""
    anchors = [quantity.head_index]
    predicate = _predicate_index(index, quantity.head_index)
    if predicate is not None:
        anchors.append(predicate)
    return named_dependents(index, anchors, frozenset({"prep"}), PLACE_LABELS, canonical)


def named_dependents(index: ArticleTokens, heads: list[int], deps: frozenset[str], labels: frozenset[str] | set[str],
                     canonical: Callable[[str], str]) -> frozenset[str]:
    """Normal forms of the named mentions (of ``labels``) inside the ``deps`` dependents of ``heads``."""
    names: set[str] = set()
    for head in heads:
        for c in index.children.get(head, []):
            if index.tokens[c].dep not in deps:
                continue
            for g in subtree(index, c):
                mention = index.mention_at(index.tokens[g].start)
                if mention is not None and mention.label in labels:
                    names.add(normal_form(canonical(mention.text)))
    return frozenset(names)


def count_actors(index: ArticleTokens, quantity: Quantity, canonical: Callable[[str], str]) -> frozenset[str]:
    """Who the count's act is by, when the text names them: the subject of its predicate
    ("The Orioles offered a $150 million deal" / "the Red Sox offered $184 million" are two
    offers, not one figure told two ways)."""
    clause = _predicate_index(index, quantity.head_index)
    for _ in range(PREDICATE_HOPS):  # "a deal worth $184 million": up from "worth" to "offered"
        if clause is None:
            return frozenset()
        subjects = [c for c in index.children.get(clause, []) if index.tokens[c].dep == "nsubj"] or \
            _object_read_as_subject(index, clause)
        if subjects:
            words = subtree(index, subjects[0])
            if quantity.figure_index in words:
                return frozenset()  # "12,000 North Koreans assisted": the subject is what is counted
            return frozenset(normal_form(canonical(m.text)) for g in words
                             if (m := index.mention_at(index.tokens[g].start)) is not None
                             and m.label in ACTOR_LABELS)
        if index.tokens[clause].pos == "VERB":
            return frozenset()  # the count's own clause names no actor: never one of another clause
        head = index.tokens[clause].head
        clause = None if head == clause else head
    return frozenset()


def _object_read_as_subject(index: ArticleTokens, clause: int) -> list[int]:
    """"Lynch reported the Red Sox team offered ...": the parse made "team" the object of
    "reported" and left "offered" without a subject; the object just before the reported
    verb is its subject."""
    token = index.tokens[clause]
    if token.dep != "ccomp" or token.pos != "VERB":
        return []
    return [c for c in index.children.get(token.head, []) if index.tokens[c].dep == "dobj" and c < clause]


def places_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two counts tied to places can be one count only if a place of one names a place of
    the other ("Dorsk" within "Dorsk Oblast"); a count with no place fits any."""
    if not a or not b:
        return True
    return any(set(x.split()) <= set(y.split()) or set(y.split()) <= set(x.split()) for x in a for y in b)
