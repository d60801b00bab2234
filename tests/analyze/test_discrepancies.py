"""Discrepancies: independent outlets disagreeing on a name, a number, a hedge, a status or a date."""

from __future__ import annotations

import pytest

from storyfold.analyze.discrepancies import find_discrepancies
from storyfold.analyze.entities import find_entities
from storyfold.analyze.facts import align_facts
from storyfold.analyze.relevance import mark_on_topic
from storyfold.model import Discrepancy
from tests.analyze.test_facts import flood_context, seed_context
from tests.conftest import make_article, make_context

# A fictional deployment told by three outlets: a bound dropped and a figure against "thousands"
# (both agree with the bare figure), opposite status claims, and agreements that must not be reported.
LEDGER = """The government deployed up to 12,000 soldiers to the northern border last month, the defence ministry said.

The defence ministry denied that its soldiers had crossed the border into Varnia.

Officials in Varnia gave no response to requests for comment on the deployment.

About 200 refugees arrived at the Dorsk crossing on Sunday, aid workers said.
"""

CHRONICLE = """The government deployed 12,000 soldiers to the northern border last month.

The defence ministry confirmed that its soldiers had crossed the border into Varnia.

Officials in Varnia responded to requests for comment on the deployment within hours.

Aid workers said 200 refugees arrived at the Dorsk crossing on Sunday.
"""

GAZETTE = """Thousands of soldiers were deployed to the northern border last month, according to the defence ministry.

Aid workers counted 200 refugees at the Dorsk crossing on Sunday, and 35 more arrived on Monday.
"""


def _analyse(articles, settings=None):
    ctx = make_context(articles, settings)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    ctx.facts = align_facts(ctx)
    return ctx, find_discrepancies(ctx)


@pytest.fixture(scope="module")
def flood():
    ctx = flood_context()
    return ctx, find_discrepancies(ctx)


@pytest.fixture(scope="module")
def border():
    return _analyse([
        make_article(LEDGER, outlet="Ledger", published="2026-05-06"),
        make_article(CHRONICLE, outlet="Chronicle", published="2026-05-06"),
        make_article(GAZETTE, outlet="Gazette", published="2026-05-06"),
    ])


def _readings(found: list[Discrepancy], kind: str, about: str | None = None) -> list[dict[str, list[str]]]:
    return [{v.value: v.sources for v in d.values} for d in found if d.kind == kind and about in (None, d.about)]


def _ids(ctx):
    return [a.id for a in ctx.articles]


def test_spelling_of_a_person(flood):
    ctx, found = flood
    herald, post, _ = _ids(ctx)
    assert {"Irena Dobrova": [herald], "Irina Dobrova": [post]} in _readings(found, "spelling")


def test_different_figures_and_a_vague_amount_for_one_count(flood):
    ctx, found = flood
    herald, post, times = _ids(ctx)
    assert _readings(found, "number") == [{"40": [herald], "42": [post], "Dozens": [times]}]
    number = next(d for d in found if d.kind == "number")
    assert number.about == "families (displacement)"
    for value in number.values:
        for evidence in value.evidence:
            assert ctx.article(evidence.article).text[evidence.start : evidence.end] == evidence.text


def test_same_figure_is_not_a_discrepancy(flood):
    _, found = flood
    assert not any("12" in v.value for d in found for v in d.values)


def test_weekdays_resolved_against_publication_dates(flood):
    ctx, found = flood
    herald, post, times = _ids(ctx)
    assert _readings(found, "date") == [
        {"2026-03-10 (Tuesday)": [herald, times], "2026-03-09 (Monday)": [post]}
    ]


def test_opposite_status_claims(flood):
    ctx, found = flood
    herald, post, times = _ids(ctx)
    assert _readings(found, "claim") == [{"reopened": [herald, times], "remains closed": [post]}]


def test_hedge_and_quantifier_changes(flood):
    ctx, found = flood
    herald, post, times = _ids(ctx)
    wording = _readings(found, "wording")
    # each value is the outlet's own words for the claim, hedge included
    assert {"was likely damaged by the surge": [herald], "damaged the dam upstream": [post, times]} in wording
    assert {"all": [herald], "some": [post]} in wording
    assert len(wording) == 2


def test_a_dropped_bound_and_thousands_agree_with_the_figure(border):
    """"up to 12,000", "12,000" and "thousands of soldiers" all fit one deployment."""
    _, found = border
    about = "soldiers (deployment)"
    assert not _readings(found, "wording", about)
    assert not _readings(found, "number", about)


def _evacuation(first: str, second: str, third: str):
    return _analyse([
        make_article(f"{first} from the hills above Torvane on Friday as the wildfire spread, the fire service said.",
                     source="a.txt", outlet="Torvane Post", published="2026-08-14"),
        make_article(f"{second} from the hills above Torvane on Friday as the wildfire spread.",
                     source="b.txt", outlet="Valley Courier", published="2026-08-14"),
        make_article(f"{third} from the hills above Torvane on Friday, officials said.",
                     source="c.txt", outlet="Regional Wire", published="2026-08-14"),
    ])


@pytest.mark.parametrize(
    ("first", "second", "third"),
    [
        ("Firefighters evacuated 14,500 residents", "Firefighters evacuated thousands of residents",
         "Firefighters evacuated as many as 14,500 residents"),
        ("Crews evacuated 450 residents", "Crews evacuated hundreds of residents",
         "Crews evacuated more than 450 residents"),
        ("Crews evacuated 130 residents", "Crews evacuated dozens of residents", "Crews evacuated about 130 residents"),
        ("Crews evacuated 450 residents", "Crews evacuated scores of residents", "Crews evacuated many residents"),
        ("Crews evacuated 450 residents", "Crews evacuated several residents", "Crews evacuated nearly 450 residents"),
    ],
)
def test_a_magnitude_word_or_a_bound_agrees_with_a_figure_it_fits(first, second, third):
    _, found = _evacuation(first, second, third)
    assert not [d for d in found if d.kind in {"number", "wording"}]


def test_a_figure_outside_a_magnitude_word_still_disagrees():
    """"Hundreds" cannot be 14,500: that pair is listed, the bounded figure beside it is not."""
    ctx, found = _evacuation("Firefighters evacuated 14,500 residents", "Firefighters evacuated hundreds of residents",
                             "Firefighters evacuated up to 14,500 residents")
    post, courier, wire = _ids(ctx)
    numbers = _readings(found, "number")
    assert len(numbers) == 1 and numbers[0]["hundreds"] == [courier] and numbers[0]["14,500"] == [post, wire]
    assert not _readings(found, "wording")


def test_bounds_that_leave_no_common_value_are_a_wording_difference():
    ctx, found = _evacuation("Firefighters evacuated more than 14,500 residents",
                             "Firefighters evacuated up to 14,500 residents",
                             "Firefighters evacuated 14,500 residents")
    post, courier, _ = _ids(ctx)
    assert _readings(found, "wording") == [{"more than 14,500": [post], "up to 14,500": [courier]}]


def test_a_label_is_cut_between_words():
    from storyfold.analyze.discrepancies.disagreement import shorten_at_word

    claim = "The fire service said the blaze near Torvane had been contained along its southern flank"
    label = shorten_at_word(claim, 40)
    assert label == "The fire service said the blaze near…"
    assert shorten_at_word(claim, len(claim)) == claim
    assert shorten_at_word("Torvane-Ellersby-Kildare", 10) == "Torvane-El…"  # one long word: cut inside it


def test_confirmed_against_denied_and_no_response_against_responded(border):
    ctx, found = border
    ledger, chronicle, _ = _ids(ctx)
    claims = _readings(found, "claim")
    assert {"confirmed": [chronicle], "denied": [ledger]} in claims
    assert {"no response": [ledger], "responded": [chronicle]} in claims
    assert len(claims) == 2


def test_approximation_and_a_second_count_are_not_discrepancies(border):
    _, found = border
    mentioned = [v.value for d in found for v in d.values]
    assert not any("200" in value or "35" in value for value in mentioned)
    assert {d.kind for d in found} == {"claim"}


def test_a_wire_copy_never_disagrees_with_its_original():
    original = make_article(CHRONICLE, outlet="Chronicle", published="2026-05-06")
    altered = CHRONICLE.replace("12,000 soldiers", "12,500 soldiers")
    copy = make_article(altered, source="copy.txt", outlet="Copy", duplicate_of=original.id)
    _, found = _analyse([original, copy])
    assert not [d for d in found if d.kind == "number"]
    independent = make_article(altered, source="other.txt", outlet="Other")
    _, found = _analyse([original, independent])
    assert _readings(found, "number") == [{"12,000": [original.id], "12,500": [independent.id]}]


@pytest.fixture(scope="module")
def seeds(seeds_dir, test_settings):
    ctx = seed_context(seeds_dir, test_settings)
    return ctx, find_discrepancies(ctx)


def test_seeds_spellings_of_minister_and_village(seeds):
    ctx, found = seeds
    by_outlet = {a.source[:3]: a.id for a in ctx.articles}
    spellings = {d.about: {v.value: set(v.sources) for v in d.values} for d in found if d.kind == "spelling"}
    minister = next(v for about, v in spellings.items() if "Sybiha" in about)
    assert minister["Andrii Sybiha"] == {by_outlet["000"], by_outlet["001"]}
    assert minister["Andriy Sybiga"] == {by_outlet["003"], by_outlet["004"]}
    assert minister["Andriy Sybiha"] == {by_outlet["002"]}
    assert spellings["Bilohorivka"]["Belohorivka"] == {by_outlet["002"]}


def test_seeds_comparatives_are_not_counts(seeds):
    _, found = seeds
    values = [v.value.casefold() for d in found if d.kind in {"number", "wording"} for v in d.values]
    assert not any("more" in value for value in values)


def test_counts_of_different_acts_are_not_compared():
    first = make_article(
        "Border guards fought nine smugglers near the Orlen crossing and detained three of them, "
        "the border service said.",
        outlet="One",
    )
    second = make_article(
        "Border guards detained three smugglers near the Orlen crossing after a fight, the border service said.",
        outlet="Two",
    )
    third = make_article(
        "Border guards detained four smugglers near the Orlen crossing, the border service said.",
        outlet="Three",
    )
    _, found = _analyse([first, second, third])
    # "nine" counts the smugglers fought, not those detained; "three of them" names no noun
    assert _readings(found, "number") == [{"three": [second.id], "four": [third.id]}]


def test_dates_need_a_year_or_a_publication_date():
    from storyfold.analyze.discrepancies.claim_dates import resolve_day

    assert resolve_day("April 8", None) is None
    assert str(resolve_day("April 8", "2025-04-09")) == "2025-04-08"
    assert str(resolve_day("Tuesday", "2025-04-09")) == "2025-04-08"  # a Wednesday paper
    assert str(resolve_day("Tuesday", "2025-04-08")) == "2025-04-08"  # published that Tuesday
    assert resolve_day("February 2022", "2025-04-09") is None  # not day-precise


# A fictional mine collapse told by three outlets whose sentences do not align as one fact:
# counts with different verbs, a current state against a same-day event, a hedged cause,
# and the look-alikes that must stay quiet (a sequence, a later extra count, a label, a plan).
COURIER = """A roof collapse at the Dravik coal mine in the town of Selno injured 30 miners on Monday \
and forced 2,000 residents to leave their homes, the regional mining authority said.

The Selno road tunnel, closed on Monday as rescuers moved in, reopened to traffic on Tuesday morning.

Officials said the collapse may have been caused by a weakened support beam.

Prosecutors opened a criminal case into suspected breaches of mining safety rules.

A state inquiry will publish its first findings on Friday, the ministry said.
"""

MONITOR = """Thirty-four miners were taken to hospital after part of the Dravik mine in Selno caved in on Monday. \
Nine of them remain in intensive care.

Hundreds of residents fled their homes near the mine as cracks spread through the streets.

The Selno road tunnel remains closed to traffic, police said on Tuesday.

The collapse was caused by a weakened support beam, the mining authority said.

Prosecutors opened a criminal case into suspected breaches of mining safety rules.

The state inquiry is expected to publish its first findings on Friday.
"""

DISPATCH = """Rescuers pulled survivors from the Dravik mine in Selno on Monday after a roof collapse.

Police closed the Selno road tunnel on Monday as a precaution.

Another 200 miners were sent home from neighbouring pits on Tuesday.

The mining authority said the collapse was caused by a weakened support beam.
"""


@pytest.fixture(scope="module")
def mine():
    return _analyse([
        make_article(COURIER, outlet="Courier", published="2026-09-08"),
        make_article(MONITOR, outlet="Monitor", published="2026-09-08"),
        make_article(DISPATCH, outlet="Dispatch", published="2026-09-09"),
    ])


def test_counts_with_different_verbs_are_compared_by_what_they_count(mine):
    ctx, found = mine
    courier, monitor, _ = _ids(ctx)
    numbers = _readings(found, "number")
    assert {"30": [courier], "Thirty-four": [monitor]} in numbers  # injured / taken to hospital
    assert {"2,000": [courier], "Hundreds": [monitor]} in numbers  # left their homes / fled
    assert len(numbers) == 2  # "nine of them", "another 200" and "sent home" are other counts


def test_current_state_against_a_same_day_event_is_a_claim(mine):
    ctx, found = mine
    courier, monitor, dispatch = _ids(ctx)
    claims = [d for d in found if d.kind == "claim"]
    assert len(claims) == 1
    assert "tunnel" in claims[0].about
    assert {v.value: v.sources for v in claims[0].values} == {"reopened": [courier], "remains closed": [monitor]}
    # the Monday closure reported by the third outlet is the start of the sequence, not a side
    assert dispatch not in claims[0].values[0].sources + claims[0].values[1].sources


def test_hedge_values_are_the_outlets_words_and_labels_are_no_hedge(mine):
    ctx, found = mine
    courier, monitor, dispatch = _ids(ctx)
    wording = _readings(found, "wording")
    assert {"may have been caused by a weakened support beam": [courier],
            "was caused by a weakened support beam": [monitor, dispatch]} in wording
    assert not any("suspected" in value for reading in wording for value in reading)


def test_a_planned_weekday_resolves_forward_and_agrees(mine):
    _, found = mine
    assert not [d for d in found if d.kind == "date"]  # "will publish on Friday" / "expected ... on Friday"


def test_counts_of_one_article_and_of_other_groups_are_never_compared():
    first = make_article(
        "The army deployed 5,000 Norlandic troops to the Vesk valley on Monday. "
        "Later it deployed 2,000 Norlandic troops to the Vesk valley as reserves.",
        outlet="One",
    )
    second = make_article(
        "The army deployed 3,000 Osterian troops to the Vesk valley on Monday, the ministry said.",
        outlet="Two",
    )
    _, found = _analyse([first, second])
    # one article giving two figures is left out; Norlandic and Osterian troops are different counts
    assert not [d for d in found if d.kind == "number"]


def test_seeds_a_figure_its_bound_and_thousands_are_one_count(seeds):
    """The seeds give one troop figure bare, bounded and as "thousands": no disagreement."""
    _, found = seeds
    assert not [d for d in found if d.kind in {"number", "wording"} and "Korean" in d.about]
    # the later "additional 3,000 soldiers" is another count, never a value here
    assert not any("3,000" in v.value for d in found for v in d.values)


# A fictional council story in three house styles: titles, middle initials, a father and his son,
# and one outlet misspelling the town.
REGISTER = """Representative Mary J. Tallent said the council of Brackwater would close the ferry terminal \
on February 28.

Tallent said the decision followed a safety review. Her father, Owen Pardee, praised the review.

Owen Pardee Jr., the ferry operator, said the company would appeal the closure.
"""

BULLETIN = """Mary Tallent said the council of Brackwater would close the ferry terminal on February 28.

The ferry operator Owen Pardee Jr. said his company would appeal the closure.

The former harbour master Owen Pardee said the review was overdue.
"""

SENTINEL = """Rep. Mary Tallent said the council of Brackwatter would close the ferry terminal on January 1.

Owen Pardee Jr. said the company would appeal the closure of the terminal.
"""


@pytest.fixture(scope="module")
def council():
    return _analyse([
        make_article(REGISTER, outlet="Register", published="2026-11-20"),
        make_article(BULLETIN, outlet="Bulletin", published="2026-11-20"),
        make_article(SENTINEL, outlet="Sentinel", published="2026-11-21"),
    ])


def test_house_style_forms_of_a_name_are_not_spellings(council):
    _, found = council
    values = [v.value for d in found if d.kind == "spelling" for v in d.values]
    assert not any("Tallent" in value for value in values), values


def test_a_father_and_his_son_are_never_paired(council):
    _, found = council
    for d in found:
        shown = [v.value for v in d.values]
        assert not (any("Jr" in v for v in shown) and any("Pardee" in v and "Jr" not in v for v in shown)), shown


def test_identical_values_are_never_a_discrepancy(council):
    _, found = council
    for d in found:
        shown = [" ".join(v.value.casefold().split()) for v in d.values]
        assert len(set(shown)) == len(shown), shown


def test_town_names_one_letter_apart_are_a_spelling(council):
    ctx, found = council
    register, bulletin, sentinel = _ids(ctx)
    spellings = [{value.split()[-1]: ids for value, ids in r.items()} for r in _readings(found, "spelling")]
    assert {"Brackwater": [register, bulletin], "Brackwatter": [sentinel]} in spellings


def test_a_departure_date_one_outlet_gives_differently(council):
    ctx, found = council
    register, bulletin, sentinel = _ids(ctx)
    dates = _readings(found, "date")
    assert any(sorted(reading.values()) == sorted([[register, bulletin], [sentinel]]) for reading in dates), dates


def test_house_style_name_cores():
    from storyfold.analyze.discrepancies.spellings import generation, name_core
    assert name_core("Representative Mary J. Smith") == name_core("Mary Smith") == "mary smith"
    assert name_core("Dr. Ana Ruiz, PhD") == "ana ruiz"
    assert generation("John Smith Jr.") == "jr" and generation("John Smith") == ""


# ------------------------------------------- longer and shorter names, vague amounts, views

@pytest.mark.parametrize(
    ("forms", "merged"),
    [
        ({"Mark Jay Heller": ["a"], "Mark Heller": ["b"]}, True),  # a middle name
        ({"Cheryl Boone Isaacs": ["a"], "Boone Isaacs": ["b"]}, True),  # the given name dropped
        ({"GM Theo Epstein": ["a"], "Theo Epstein": ["b"]}, True),  # a title the lexicon lacks
        ({"John Smith": ["a"], "John Smith Jr.": ["b"]}, False),  # a father and his son
        ({"Heidar Alishvandi": ["a"], "Heydar Alishvandi": ["b"]}, False),  # a real spelling difference
    ],
)
def test_longer_and_shorter_forms_of_one_name_are_house_style(forms, merged):
    from storyfold.analyze.discrepancies.spellings import _merge_house_styles

    assert (len(_merge_house_styles(forms)) == 1) is merged


def test_a_magnitude_word_agrees_with_a_figure_in_its_range():
    from storyfold.analyze.discrepancies.counts import MAGNITUDE_RANGES, _interval
    from storyfold.analyze.quantities import Quantity

    low, high = MAGNITUDE_RANGES["dozens"]
    assert low <= 80 <= high and not low <= 400 <= high
    vague = Quantity(text="dozens", value=None, head="injure", bound=None, start=0, end=6)
    assert _interval(vague) == (low, high)


def test_a_negated_view_is_not_a_denial_of_the_act(test_settings):
    """"The toll rose to 10" and "the governor did not expect the toll to rise" do not
    disagree: one is what happened, the other what someone expected."""
    rose = make_article("The death toll from the earthquake on Qeshm island rose to 10 on Monday, officials said.",
                        source="wire.txt", outlet="Wire")
    view = make_article("The governor of Qeshm island said he did not expect the death toll from the earthquake "
                        "to rise on Monday.", source="paper.txt", outlet="Paper")
    _, found = _analyse([rose, view], test_settings)
    assert not any(d.kind == "claim" for d in found)


def test_two_actors_figures_are_not_one_count(test_settings):
    orioles = make_article("The Orioles have offered the first baseman a seven-year deal worth $150 million, "
                           "reports said.", source="sun.txt", outlet="Sun")
    red_sox = make_article("The Red Sox offered the first baseman an eight-year deal worth $184 million, "
                           "reports said.", source="globe.txt", outlet="Globe")
    _, found = _analyse([orioles, red_sox], test_settings)
    assert not any(d.kind == "number" for d in found)


def test_a_scheduled_event_is_dated_ahead_whatever_verb_schedules_it():
    """"has scheduled a hearing for March 27" in a March 19 paper is this year's March 27, as in the
    outlet that writes "will hold a hearing on March 27": no date disagreement."""
    early = make_article("Parliament's safety committee has scheduled a hearing on the Selno mine collapse for "
                         "March 27. Prosecutors opened a criminal case on Monday.", source="ledger.txt",
                         outlet="Ledger", published="2025-03-19")
    later = make_article("Parliament's safety committee will hold a hearing on the Selno mine collapse on "
                         "March 27. Prosecutors opened a criminal case on Monday.", source="post.txt",
                         outlet="Post", published="2025-03-20")
    _, found = _analyse([early, later])
    assert _readings(found, "date") == []


def test_a_weekday_on_an_event_noun_agrees_with_the_same_weekday_on_a_past_verb():
    noun = make_article("Police arrested two men after the raid on Tuesday in the port of Selno, the prosecutor said.",
                        source="a.txt", outlet="A", published="2025-03-20")
    verb = make_article("Police raided a warehouse in the port of Selno on Tuesday and arrested two men, the "
                        "prosecutor said.", source="b.txt", outlet="B", published="2025-03-20")
    _, found = _analyse([noun, verb])
    assert _readings(found, "date") == []
