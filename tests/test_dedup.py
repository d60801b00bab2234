"""Dedup: wire copies and near-duplicates are marked, independent reports are not."""

from __future__ import annotations

import re

from storyfold.dedup import DedupStage, normalise_words, overlap, shingles
from storyfold.settings import Settings
from tests.conftest import make_article

AGENCY = """A magnitude 6.1 earthquake struck the mountain province of Orvana early on Sunday, \
collapsing at least 40 homes and killing 12 people, the regional emergency office said.

The quake hit at 04:17 local time at a depth of 10 kilometres, about 30 kilometres north of the \
provincial capital Daresk, according to the national seismological institute.

Rescue teams were still searching the rubble of two apartment blocks in the town of Miret, where \
most of the victims lived, emergency office spokesman Tomas Helvik told reporters.

"We are working through the night and we will not stop while there is any chance of finding people \
alive," Helvik said. Hospitals in Daresk treated 85 people for injuries, most of them minor.

Power was cut to about 20,000 households and the main road into the valley was blocked by a \
landslide, the regional governor said, adding that army engineers had been sent to clear it.

The area was last hit by a strong earthquake in 1998, when a magnitude 5.8 tremor damaged \
hundreds of buildings but caused no deaths.

Aftershocks continued through the morning, and residents were told to stay out of damaged buildings \
until engineers had inspected them."""

# The same agency story re-published: different opening words, a respelt name, the last paragraph
# trimmed and an own paragraph added.
WIRE_COPY = AGENCY.replace("Helvik", "Hellwig").replace("early on Sunday", "on Sunday morning").rsplit(
    "\n\n", 1
)[0] + """

Local officials in the neighbouring district said they had opened two schools as shelters for \
families whose homes were damaged."""

# An outlet that ran only the first three paragraphs of the wire story.
TRIMMED = "\n\n".join(AGENCY.split("\n\n")[:3])

# House style all through the text: respelt names and another reporting verb.
RESPELT = AGENCY.replace(" said", " stated").replace("Helvik", "Hellwig").replace("Daresk", "Darresk")

# An independent report of the same event, written by its own reporter, sharing one quote.
INDEPENDENT = """Twelve people died when a strong earthquake shook Orvana province before dawn on \
Sunday, and dozens of houses in the mountain villages were reduced to rubble.

Our correspondent in Miret saw residents digging with their hands through what was left of two \
apartment buildings while soldiers set up tents in the town square.

"We are working through the night and we will not stop while there is any chance of finding people \
alive," Helvik said.

The seismological institute measured the tremor at 6.1 and placed its centre north of Daresk. \
Doctors at the city's main hospital said they had seen more than 80 injured, mostly with cuts and \
broken bones.

Many families spent the night in their cars, afraid of aftershocks, and the governor promised \
emergency payments for those who had lost their homes."""

UNRELATED = """The city council of Lunby approved a new budget on Tuesday that raises spending on \
public transport by 15 percent and freezes property taxes for a second year.

Mayor Ana Kovic said the extra money would pay for three new tram lines and longer night services, \
which commuters had demanded for years. The opposition said the plan relied on optimistic forecasts \
of tourism revenue and would leave the city exposed if visitor numbers fell."""


def run_dedup(articles, **settings):
    return DedupStage(Settings(**settings)).apply(articles, [])


def test_wire_copy_and_trimmed_copy_point_to_the_original():
    original = make_article(AGENCY, source="agency.txt", outlet="Wire Agency", published="2024-03-03")
    copy = make_article(WIRE_COPY, source="copy.txt", outlet="Valley Post", published="2024-03-03")
    trimmed = make_article(TRIMMED, source="trimmed.txt", outlet="Metro Daily", published="2024-03-04")
    kept = run_dedup([copy, trimmed, original])
    assert len(kept) == 3  # nothing dropped
    assert original.duplicate_of is None
    assert copy.duplicate_of == original.id  # same day: the longer text is the original
    assert trimmed.duplicate_of == original.id
    assert "Wire Agency" in copy.duplicate_reason
    assert re.search(r"Jaccard 0\.\d\d", copy.duplicate_reason)
    assert "containment" in trimmed.duplicate_reason


def test_independent_report_sharing_a_quote_is_not_a_duplicate():
    original = make_article(AGENCY, source="agency.txt", outlet="Wire Agency")
    independent = make_article(INDEPENDENT, source="own.txt", outlet="Daresk Herald")
    unrelated = make_article(UNRELATED, source="council.txt", outlet="Lunby News")
    run_dedup([original, independent, unrelated])
    assert [a.duplicate_of for a in (original, independent, unrelated)] == [None, None, None]
    jaccard, containment = overlap(shingles(normalise_words(AGENCY)), shingles(normalise_words(INDEPENDENT)))
    assert jaccard < 0.15 and containment < 0.3


def test_exact_duplicate_ignores_case_punctuation_and_accents():
    first = make_article(AGENCY, source="a.txt")
    second = make_article(AGENCY.upper().replace(",", "").replace("Orvana", "Órvana"), source="b.txt")
    run_dedup([first, second])
    assert second.duplicate_of == first.id
    assert second.duplicate_reason == "exact duplicate of a.txt"


def test_canonical_is_earliest_published_and_stable_across_input_order():
    early = make_article(TRIMMED, source="early.txt", published="2024-03-02")
    late = make_article(AGENCY, source="late.txt", published="2024-03-05")
    undated = make_article(WIRE_COPY, source="undated.txt")
    for order in ([early, late, undated], [undated, late, early], [late, early, undated]):
        run_dedup(list(order))
        assert early.duplicate_of is None
        assert late.duplicate_of == early.id
        assert undated.duplicate_of == early.id


def test_respelt_copy_is_a_near_duplicate_and_the_threshold_governs_it():
    original = make_article(AGENCY, source="agency.txt", published="2024-03-03")
    respelt = make_article(RESPELT, source="respelt.txt", published="2024-03-04")
    run_dedup([original, respelt])
    assert respelt.duplicate_of == original.id
    assert respelt.duplicate_reason.startswith("near-duplicate of agency.txt (Jaccard 0.7")
    run_dedup([original, respelt], near_duplicate_threshold=0.9)
    assert respelt.duplicate_of is None  # edits all through: neither 0.9 Jaccard nor contained


def test_rerun_clears_stale_marks():
    original = make_article(AGENCY, source="agency.txt")
    other = make_article(UNRELATED, source="council.txt", duplicate_of="stale")
    run_dedup([original, other])
    assert other.duplicate_of is None and other.duplicate_reason is None


def test_seed_captures_of_one_event_are_not_copies_of_each_other(seeds_dir):
    articles = [make_article(p.read_text("utf-8"), source=p.name) for p in sorted(seeds_dir.glob("*.txt"))]
    run_dedup(articles)
    assert all(a.duplicate_of is None for a in articles)
    # ... but a seed re-published with its first paragraph dropped is recognised.
    body = articles[1].text
    copy = make_article(body[len(body) // 5 :], source="republished.txt")
    run_dedup([*articles, copy])
    assert copy.duplicate_of == articles[1].id
