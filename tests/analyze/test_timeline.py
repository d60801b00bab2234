"""Timeline: relative dates resolved against publication, on a fictional ferry accident and the seeds."""

from __future__ import annotations

from datetime import date

import pytest

from storyfold.analyze.core.dates import FUTURE, PAST, PRESENT, UNKNOWN, DateCues, resolve, resolve_day
from storyfold.analyze.relevance import mark_on_topic
from storyfold.analyze.timeline import build_timeline, resolve_date, resolve_period
from storyfold.settings import Settings
from tests.analyze.test_quotes import seed_context
from tests.conftest import make_article, make_context

WEDNESDAY = "2024-10-16"


@pytest.mark.parametrize(
    ("mention", "future", "expected"),
    [
        ("Tuesday", False, (date(2024, 10, 15), "day")),
        ("Wednesday", False, (date(2024, 10, 16), "day")),  # the day of publication itself
        ("Thursday", False, (date(2024, 10, 10), "day")),  # past tense: last week's Thursday
        ("Thursday", True, (date(2024, 10, 17), "day")),  # "will meet on Thursday"
        ("next Monday", False, (date(2024, 10, 21), "day")),
        ("yesterday", False, (date(2024, 10, 15), "day")),
        ("today", False, (date(2024, 10, 16), "day")),
        ("last week", False, (date(2024, 10, 7), "week")),  # the Monday of that week
        ("earlier this month", False, (date(2024, 10, 1), "month")),
        ("last year", False, (date(2023, 1, 1), "year")),
        ("March 27", False, (date(2024, 3, 27), "day")),
        ("December 3", False, (date(2023, 12, 3), "day")),  # past event: back a year, not after publication
        ("in February 2022", False, (date(2022, 2, 1), "month")),
        ("Feb. 24, 2022", False, (date(2022, 2, 24), "day")),
        ("2019-06-30", False, (date(2019, 6, 30), "day")),
        ("three years", False, None),  # a duration
        ("an 11-year-old", False, None),  # an age
    ],
)
def test_resolve_date(mention, future, expected):
    assert resolve_date(mention, WEDNESDAY, future) == expected


def test_relative_dates_need_a_publication_date():
    assert resolve_date("on Tuesday", None) is None
    assert resolve_date("March 27", None) is None
    assert resolve_date("on 12 May 2023", None) == (date(2023, 5, 12), "day")


GAZETTE = """A passenger ferry ran aground off the island of Veslo on Tuesday, leaving 14 people injured, \
the coastguard said.

Divers will inspect the damaged hull on Thursday, the coastguard added.

Captain Oskar Brenn, born on 3 March 1975, has sailed the route for two decades.
"""
COURIER = """Fourteen people were hurt when a ferry hit rocks near Veslo island on Tuesday afternoon.

The transport ministry's inquiry into the accident will report its findings on Friday, the minister said.
"""
TIMES = """The ferry that ran aground near Veslo yesterday had been inspected in April, officials said.

"We will publish the full log today," the port director said on Wednesday.
"""


@pytest.fixture(scope="module")
def ferry(test_settings):
    articles = [
        make_article(GAZETTE, source="gazette.txt", published=WEDNESDAY),
        make_article(COURIER, source="courier.txt", published="2024-10-15"),
        make_article(TIMES, source="times.txt", published=WEDNESDAY),
    ]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    return ctx, articles, build_timeline(ctx)


def test_one_accident_reported_three_ways_is_one_event(ferry):
    _, articles, timeline = ferry
    accident = [e for e in timeline if e.date == "2024-10-15"]
    assert len(accident) == 1  # "on Tuesday" (published Wed), "on Tuesday afternoon" (Tue), "yesterday" (Wed)
    assert accident[0].sources == [a.id for a in articles]
    assert len(accident[0].evidence) == 3


def test_future_events_and_month_precision(ferry):
    _, _, timeline = ferry
    by_date = {(e.date, e.precision): e.text for e in timeline}
    assert "inspect the damaged hull" in by_date[("2024-10-17", "day")]
    assert "report its findings" in by_date[("2024-10-18", "day")]
    assert "inspected in April" in by_date[("2024-04-01", "month")]


def test_birth_dates_durations_and_quoted_relative_dates_are_not_events(ferry):
    _, _, timeline = ferry
    assert not any(e.date.startswith("1975") for e in timeline)
    said = [e for e in timeline if "publish the full log" in e.text]
    assert [e.date for e in said] == ["2024-10-16"]  # "on Wednesday" counts once; "today" in the quote does not


def test_sorted_with_exact_evidence(ferry):
    ctx, _, timeline = ferry
    assert [e.date for e in timeline] == sorted(e.date for e in timeline)
    for event in timeline:
        assert event.sources == ctx.order_sources(event.sources)
        for evidence in event.evidence:
            assert ctx.article(evidence.article).text[evidence.start : evidence.end] == evidence.text


def test_undated_story_keeps_only_absolute_dates(test_settings):
    article = make_article("The council approved the new harbour wall on Monday after a long debate.\n\n"
                           "The old wall was first damaged in a storm on 12 May 2023, engineers said.")
    ctx = make_context([article], Settings(cache_dir=test_settings.cache_dir, progress=False))
    assert [e.date for e in build_timeline(ctx)] == ["2023-05-12"]


def test_seeds_timeline(seeds_dir, test_settings):
    ctx = seed_context(seeds_dir, test_settings)
    timeline = build_timeline(ctx)

    def dated(day: str, words: str) -> bool:
        return any(e.date == day and any(words in v.text for v in e.evidence) for e in timeline)

    assert dated("2025-04-08", "on Tuesday")
    assert dated("2025-04-09", "on Wednesday")  # Lin Jian's response, in the undated article
    assert dated("2025-04-10", "talks on Thursday in Istanbul")
    assert not dated("2025-03-27", "AP reported on March 27")  # the day another outlet printed it
    invasion = [e for e in timeline if e.date.startswith("2022")]  # "in 2022", "in February 2022", "Feb. 24, 2022"
    assert [(e.date, e.precision) for e in invasion] == [("2022-02-24", "day")]
    assert len(invasion[0].sources) == 1 and "Feb. 24, 2022" in invasion[0].text  # the one outlet giving the day
    assert len(invasion[0].coarser) == 3  # the others date it by its month or year
    assert not any(e.date.startswith("1991") for e in timeline)  # a birth date on an ID card
    tuesday = next(e for e in timeline if e.date == "2025-04-08" and ctx.independent_count(e.sources) >= 4)
    assert "captured" in " ".join(v.text for v in tuesday.evidence)
    assert tuesday.date_of == "statement", "Tuesday is when the capture was announced, not when it happened"


# ------------------------------------------------------------ ranges and date-only lines

@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("January and February", (date(2024, 1, 1), "month", date(2024, 2, 1))),
        ("January 14 and February 6", (date(2024, 1, 14), "day", date(2024, 2, 6))),
        ("in January, and again in February", (date(2024, 1, 1), "month", date(2024, 2, 1))),
        ("March 27", (date(2024, 3, 27), "day", None)),
        ("in 2022", (date(2022, 1, 1), "year", None)),
        ("the 1970s", None),  # a decade is an era, not a date
        # a year written once, at the end of a range, is the whole range's year
        ("January and February 2022", (date(2022, 1, 1), "month", date(2022, 2, 1))),
        ("March and April of 2021", (date(2021, 3, 1), "month", date(2021, 4, 1))),
        ("December to February 2023", (date(2022, 12, 1), "month", date(2023, 2, 1))),
        ("March 3 to April 2, 2023", (date(2023, 3, 3), "day", date(2023, 4, 2))),
    ],
)
def test_resolve_period(mention, expected):
    found = resolve_period(mention, WEDNESDAY)
    assert (found and (found.day, found.precision, found.end)) == expected


PLANT = """NORDVIK, October 15 (Baltic Wire) -
A storage tank at the Nordvik chemical plant leaked on Tuesday, forcing the evacuation of 400 homes.

Workers had complained about rusting valves in January and February, the union said.

The inspectorate's records include two warnings, dated March 3 and April 9, about the same valves.

"The tank was fine," the manager said. "  The valves were replaced last year, as they were in 2022.

The plant, built in the 1970s, employs about 900 people. One worker was on his last night shift before retiring.
"""


@pytest.fixture(scope="module")
def plant(test_settings):
    article = make_article(PLANT, source="plant.txt", published=WEDNESDAY)
    ctx = make_context([article], Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    return build_timeline(ctx)


def test_coordinated_dates_are_one_event_with_an_end(plant):
    complaints = [e for e in plant if "rusting valves" in e.text]
    assert [(e.date, e.end, e.precision) for e in complaints] == [("2024-01-01", "2024-02-01", "month")]
    warnings = [e for e in plant if "two warnings" in e.text]
    assert [(e.date, e.end, e.precision) for e in warnings] == [("2024-03-03", "2024-04-09", "day")]
    assert len({(e.text, e.date) for e in plant}) == len(plant)


def test_year_precision_kept(plant):
    replaced = {(e.date, e.precision) for e in plant if "replaced" in e.text}
    assert ("2023-01-01", "year") in replaced  # "last year"
    assert ("2022-01-01", "year") in replaced  # two dates not joined as a range are two events


def test_datelines_decades_and_modifiers_are_not_events(plant):
    assert not any("Baltic Wire" in e.text for e in plant)  # a dateline says nothing happened
    assert not any("1970s" in e.text or "night shift" in e.text for e in plant)
    leak = [e for e in plant if e.date == "2024-10-15"]
    assert [e.text for e in leak] == ["A storage tank at the Nordvik chemical plant leaked on Tuesday, forcing the "
                                      "evacuation of 400 homes."]  # its own line, not the dateline glued to it


def test_stray_closing_quote_is_trimmed(plant):
    assert all(not e.text.startswith(('"', "”")) or e.text[1:2].strip() for e in plant)


def test_seeds_january_and_february_is_one_event(seeds_dir, test_settings):
    timeline = build_timeline(seed_context(seeds_dir, test_settings))
    transfer = [e for e in timeline if "transferred" in e.text and e.precision == "month"]
    assert [(e.date, e.end) for e in transfer] == [("2025-01-01", "2025-02-01")]
    assert dated_with(timeline, "2025-04-10", "Istanbul planned for Thursday")  # the "Meanwhile" paragraph


def dated_with(timeline, day: str, words: str) -> bool:
    return any(e.date == day and any(words in v.text for v in e.evidence) for e in timeline)


def test_relative_clause_event_is_told_by_its_sentence(test_settings) -> None:
    text = ("Prosecutors opened a case on Wednesday into the mill in Varne, where a boiler blast injured "
            "six workers on Monday. The mill's owner said it would cooperate with the inquiry.")
    ctx = make_context([make_article(text, source="varne.txt", published="2024-09-12")], test_settings)
    mark_on_topic(ctx)
    monday = next(e for e in build_timeline(ctx) if e.date == "2024-09-09")
    assert not monday.text.startswith("where")
    assert monday.text.startswith("Prosecutors opened a case")


# ---------------------------------------------------------------- year and tense classes

COUNCIL = """Councilwoman Dana Whitlock announced on Tuesday that she is stepping down, with her resignation \
effective December 31.

Whitlock, who was first elected in the wave of 2010, said she had been proud to serve the district.

Prosecutors said the man had trained alongside the Sept. 11 hijackers before he left the country.

The council will vote on Thursday on who should replace her, the clerk said.

Crime in the district has fallen in the last decade, police said.
"""
PRIMARY = """State Senator Paul Okafor faces two challengers in the June 3 primary, his campaign said on Monday.

Okafor won his first race in November, when turnout was low.

Okafor is holding a rally on Saturday in Millbrook, aides said.
"""


def timeline_of(text: str, published: str, test_settings, *, source: str = "article.txt", on_topic: bool = True):
    """The timeline of a one-article story (``on_topic``: relevance marked first, as the pipeline does)."""
    ctx = make_context([make_article(text, source=source, published=published)],
                       Settings(cache_dir=test_settings.cache_dir, progress=False))
    if on_topic:
        mark_on_topic(ctx)
    return build_timeline(ctx)


@pytest.fixture(scope="module")
def council(test_settings):
    return timeline_of(COUNCIL, "2026-12-02", test_settings, source="council.txt")


@pytest.fixture(scope="module")
def primary(test_settings):
    return timeline_of(PRIMARY, "2026-05-13", test_settings, source="primary.txt")


def test_effective_date_in_the_publication_month_is_ahead(council):
    assert dated_with(council, "2026-12-31", "resignation effective")
    assert not any(e.date.startswith("2025-12") for e in council)


def test_coming_vote_weekday_is_the_next_one(council):
    assert dated_with(council, "2026-12-03", "will vote on Thursday")  # published on a Wednesday
    assert dated_with(council, "2026-12-01", "announced on Tuesday")


def test_side_phrase_date_does_not_date_the_statement(council):
    side = [e for e in council if e.date == "2010-01-01"]
    assert [e.text for e in side] == ["Whitlock, who was first elected in the wave of 2010"]


def test_event_names_and_eras_are_not_dates(council):
    assert not any("hijackers" in e.text for e in council)  # "Sept. 11" names 2001's attacks
    assert not any("decade" in e.text for e in council)


def test_month_day_of_an_upcoming_event_noun_is_this_year(primary):
    assert dated_with(primary, "2026-06-03", "June 3 primary")
    assert dated_with(primary, "2025-11-01", "won his first race")  # past tense: last November
    assert dated_with(primary, "2026-05-16", "holding a rally on Saturday")  # present progressive: ahead


@pytest.mark.parametrize(
    ("mention", "cues", "expected"),
    [
        ("December 31", DateCues(PAST, noun_event=True), date(2026, 12, 31)),  # an event noun: the nearest
        ("June 3", DateCues(PAST), date(2025, 6, 3)),  # "was held on June 3": the last one
        ("June 3", DateCues(FUTURE), date(2026, 6, 3)),
        ("Thursday", DateCues(PRESENT), date(2026, 12, 3)),  # "the Senate votes Thursday"
        ("Sept. 11", DateCues(PAST, noun_event=True), date(2001, 9, 11)),
    ],
)
def test_resolver_cues(mention, cues, expected):
    assert resolve(mention, "2026-12-02" if mention != "June 3" else "2026-05-13", cues).day == expected


def test_far_month_without_tense_says_its_year_is_unknown():
    found = resolve("March 14", "2026-09-20", DateCues(UNKNOWN))
    assert found is not None and not found.year_certain
    assert resolve_day("March 14", "2026-09-20", DateCues(UNKNOWN)) is None  # never compared as a day


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_calendar_edges_never_overflow(published):
    for mention in ("next year", "yesterday", "tomorrow", "next month", "December 31", "Monday", "last week"):
        resolve(mention, published, DateCues(FUTURE))
        resolve(mention, published, DateCues(PAST))


# ------------------------------------------------- side phrases, conditions, infinitives

DAIRY = """Harrow Dairy, a farmers' cooperative founded in 1936, tried to help the valley's growers.

"Had we walked away from the farmers back in 2019, there would be no dairy left in this valley," the \
cooperative's chair wrote to the board.

In the capital, unions marched on parliament, where the government was preparing for the measures to be voted \
on Thursday.

Dana Whitlock became the first woman to be elected to the board in 2018, the cooperative said.
"""


@pytest.fixture(scope="module")
def dairy(test_settings):
    # published on Wednesday 5 May 2010: the vote "to be voted on Thursday" is the next day
    return timeline_of(DAIRY, "2010-05-05", test_settings, source="dairy.txt")


def test_participle_in_apposition_dates_only_its_side_phrase(dairy):
    founded = [e for e in dairy if e.date == "1936-01-01"]
    assert founded and all("tried to help" not in v.text for e in founded for v in e.evidence)


def test_condition_contrary_to_fact_has_no_date(dairy):
    assert not any(e.date.startswith("2019") for e in dairy)


def test_infinitive_on_a_noun_is_still_to_come(dairy):
    assert dated_with(dairy, "2010-05-06", "to be voted")
    assert dated_with(dairy, "2018-01-01", "first woman to be elected")  # "the first ... to": it happened


def test_an_infinitive_takes_the_time_of_the_verb_it_completes(test_settings):
    """"had been able to return home by Wednesday night" in a Thursday paper is last Wednesday."""
    text = ("Governor Tomas Arrieta said most residents had been able to return home by Wednesday night, although "
            "about 400 people were still in shelters near the harbour.")
    assert [e.date for e in timeline_of(text, "2025-03-20", test_settings, on_topic=False)] == ["2025-03-19"]


VIGIL = """The Harwick Rovers have called for a minute's silence before the derby on Saturday, the club said.

The mayor of Harwick asked for calm on Monday after the stadium crush in which 14 fans were hurt.

Police arrested two stewards on Tuesday, a spokeswoman said.
"""


def test_a_weekday_beside_a_request_is_left_undated_not_guessed(test_settings):
    timeline = timeline_of(VIGIL, "2026-12-02", test_settings, source="vigil.txt")  # published on a Wednesday
    assert not any("silence" in e.text or "calm" in e.text for e in timeline)  # the request's day, or the event's?
    assert dated_with(timeline, "2026-12-01", "arrested two stewards")  # a plain past act keeps its weekday


@pytest.mark.parametrize("mention", ["next Saturday", "last Saturday"])
def test_a_request_with_an_explicit_direction_is_dated(mention):
    requested = DateCues(PAST, requested=True)
    assert resolve(mention, "2026-12-02", requested) is not None
    assert resolve("Saturday", "2026-12-02", requested) is None


SENTENCING = """Pike was given a second life sentence on Tuesday after being convicted for stabbing a guard in 2019.

Pike was moved to Calder prison after guards found a blade in his cell in 2021, the warden said.

He was released in 2016 after serving nine years for a robbery in 2007.
"""


def test_a_date_in_an_after_phrase_dates_that_act_not_the_sentence(test_settings):
    timeline = timeline_of(SENTENCING, "2026-12-02", test_settings, source="sentencing.txt")
    dates = {e.date[:4] for e in timeline}
    assert "2007" not in dates and "2019" not in dates  # the robbery and the stabbing, not what the sentence tells
    assert dated_with(timeline, "2026-12-01", "second life sentence on Tuesday")
    assert any(e.date.startswith("2021") and e.text.startswith("guards found a blade") for e in timeline)
    assert any(e.date.startswith("2016") for e in timeline)  # the release keeps its own date


# ------------------------------------ dated captures of real news: classes seen on the judged sample

COACHES = """The Harbor City Sharks hired Tomas Lund on Monday, two years after the club signed its last coach \
on April 21, 2024. Lund, who was fired March 2 as head coach of the Valley Kings, is the club's fourth coach in \
six years.
"""
PATROL = """The coast guard on Thursday stopped a smuggling boat off Kessa point, the fifth interception \
since September, officials said.

Moments after the Saturday raid, one officer put both hands on his head, a witness said.
"""


def test_a_year_that_completes_a_calendar_date_sets_no_narrative_year(test_settings):
    """"signed on April 21, 2024" dates that signing; "fired March 2" after it, in a May 2026
    article, is this year's March 2."""
    timeline = timeline_of(COACHES, "2026-05-20", test_settings, source="coaches.txt")
    assert dated_with(timeline, "2026-03-02", "fired March 2")
    assert not any(e.date == "2024-03-02" for e in timeline)


def test_since_a_month_on_a_noun_bounds_a_count_and_dates_nothing(test_settings):
    timeline = timeline_of(PATROL, "2026-11-18", test_settings, source="patrol.txt")
    assert not any(e.date.startswith("2026-09") for e in timeline)  # "the fifth interception since September"
    assert dated_with(timeline, "2026-11-12", "stopped a smuggling boat")


def test_a_verb_whose_past_is_its_base_form_is_not_read_as_present(test_settings):
    """"one officer put his hands" is past: "the Saturday raid" is the Saturday before, not after."""
    timeline = timeline_of(PATROL, "2026-11-18", test_settings, source="patrol.txt")
    assert dated_with(timeline, "2026-11-14", "Saturday raid")
    assert not any(e.date == "2026-11-21" for e in timeline)
    assert resolve("Saturday", "2026-11-18", DateCues(UNKNOWN)).day == date(2026, 11, 14)


# ------------------------------------------------- the day of the telling, not of the act

# Published on Wednesday 2026-03-18: Tuesday is the 17th, Monday the 16th, Sunday the 15th.
LANDSLIDE = """A landslide buried part of the mountain road above Tessaly, Governor Ilse Marten said on Tuesday \
that rescuers had pulled 40 people from the mud.

Rescuers reached the last trapped bus on Sunday, the regional emergency office said on Monday.

Two more villages were cut off overnight, the Varne Courier reported on Tuesday.

The road had been closed twice before for rockfalls, according to a report published on Monday.

Police arrested two quarry managers on Sunday, local media reported on Tuesday.

Governor Marten announced a state of emergency on Monday.

The transport ministry reported on Tuesday that 12 people had died in the slide.
"""


@pytest.fixture(scope="module")
def landslide(test_settings):
    return timeline_of(LANDSLIDE, "2026-03-18", test_settings, source="landslide.txt")


def _on(timeline, day: str, words: str):
    return [e for e in timeline if e.date == day and any(words in v.text for v in e.evidence)]


def test_a_date_on_what_the_media_reported_is_not_a_day_of_the_story(landslide):
    """"..., the Varne Courier reported on Tuesday", "according to a report published on Monday",
    "local media reported": the day another outlet printed it dates nothing in the story."""
    assert not _on(landslide, "2026-03-17", "cut off overnight")
    assert not _on(landslide, "2026-03-16", "closed twice before")
    assert not _on(landslide, "2026-03-17", "quarry managers")
    arrests = _on(landslide, "2026-03-15", "arrested two quarry managers")  # the act's own date stays
    assert arrests and arrests[0].date_of == "event"


def test_a_date_on_a_statement_dates_the_statement_not_the_act_it_tells(landslide):
    """"Marten said on Tuesday that rescuers had pulled 40 people": Tuesday is when she said it."""
    said = _on(landslide, "2026-03-17", "pulled 40 people")
    assert said and all(e.date_of == "statement" for e in said)
    ministry = _on(landslide, "2026-03-17", "12 people had died")  # a body that reports is not the media
    assert ministry and ministry[0].date_of == "statement"
    reached = _on(landslide, "2026-03-15", "last trapped bus")  # the act's own date in the same sentence
    assert reached and reached[0].date_of == "event"
    assert _on(landslide, "2026-03-16", "emergency office said")[0].date_of == "statement"


def test_an_announcement_with_nothing_reported_is_the_event(landslide):
    announced = _on(landslide, "2026-03-16", "announced a state of emergency")
    assert announced and announced[0].date_of == "event"


def test_a_statement_date_is_shown_as_the_day_it_was_reported():
    from storyfold.model import Analysis, Story, TimelineEvent
    from storyfold.report.markdown import render_markdown

    article = make_article("Governor Ilse Marten said on Tuesday that rescuers had pulled 40 people from the mud.")
    events = [TimelineEvent("2026-03-17", article.text, [article.id], date_of="statement"),
              TimelineEvent("2026-03-15", "Rescuers reached the bus on Sunday", [article.id])]
    report = render_markdown(Analysis(articles=[article], stories=[Story("s1", "Landslide", [article.id],
                                                                           timeline=events)]))
    assert "| reported on 2026\\-03\\-17 |" in report
    assert "| 2026\\-03\\-15 |" in report


SLIDE_FOLLOW_UP = """Inspector Hal Brody said the quarry had been denied a blasting permit in February.

After meeting the families on Monday, Governor Ilse Marten said that the search would go on.

A foreman testified that the slope was unsafe, and the quarry owner was fined in 2019.

The slide killed 12 people, Itar-Tass reported on Tuesday, citing the ministry.
"""


def test_an_act_told_inside_a_statement_keeps_its_own_date(test_settings):
    """A date on the reported act ("had been denied a permit in February"), on an act before the
    statement ("After meeting the families on Monday"), or on an act beside it ("was fined in
    2019") dates that act, not a statement."""
    timeline = timeline_of(SLIDE_FOLLOW_UP, "2026-03-18", test_settings, source="follow-up.txt")
    for day, words in (("2026-02-01", "blasting permit"), ("2019-01-01", "fined in 2019")):
        found = _on(timeline, day, words)
        assert found and found[0].date_of == "event", words
    assert not [e for e in _on(timeline, "2026-03-16", "meeting the families") if e.date_of == "statement"]
    assert not _on(timeline, "2026-03-17", "killed 12 people")  # an agency's report day


# ------------------------------------------------ one event reported at different precisions

HERALD = """Valdora's navy began its blockade of Port Esker on March 14, 2023, cutting the island off from \
grain shipments, harbour officials said.

Ferries to the island now run only twice a month.
"""
POST = """The blockade of Port Esker began in March 2023, and shipping agents say it has cost the island's \
traders millions.

Valdora began talks with Norland over Port Esker in 2023, but they broke down within a month.
"""
LEDGER = """The Esker grain board had signed a new export deal with Norland, just weeks before Valdora launched \
its blockade of Port Esker in 2023.

Bakers on the island now ration flour to two loaves a family.
"""


@pytest.fixture(scope="module")
def blockade(test_settings):
    articles = [make_article(HERALD, source="herald.txt", published="2024-06-10"),
                make_article(POST, source="post.txt", published="2024-06-11"),
                make_article(LEDGER, source="ledger.txt", published="2024-06-12")]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    return articles, build_timeline(ctx)


def test_one_event_at_three_precisions_is_one_entry_with_the_finest_date(blockade):
    """"in 2023", "in March 2023" and "on March 14, 2023" of one blockade: one row, dated by the
    outlet that gave the day and citing it alone for the day; the other two, who date it by its
    month or year, are listed apart (``coarser``), each with its own words."""
    articles, timeline = blockade
    rows = [e for e in timeline if any("blockade" in v.text for v in e.evidence)]
    assert [(e.date, e.precision) for e in rows] == [("2023-03-14", "day")]
    day_outlet = [a.id for a in articles if "March 14" in a.text]
    assert rows[0].sources == day_outlet
    assert sorted(rows[0].coarser) == sorted({a.id for a in articles} - set(day_outlet))
    assert rows[0].text.startswith("Valdora's navy began its blockade")  # the row's words give its date
    assert {v.article for v in rows[0].evidence} == {a.id for a in articles}
    assert any(v.text.startswith("just weeks before Valdora launched") for v in rows[0].evidence)  # the fragment


def test_a_coarse_report_of_another_event_that_year_stays_apart(blockade):
    """"Valdora began talks ... in 2023" shares the country, the port and the verb with the blockade,
    but its act is talks: a year row of its own."""
    _, timeline = blockade
    talks = [e for e in timeline if "talks with Norland" in e.text]
    assert [(e.date, e.precision, len(e.evidence)) for e in talks] == [("2023-01-01", "year", 1)]


KESSEL_A = "The Kessel dam burst on May 3, 2021, flooding the valley town of Orvik and cutting its only road.\n"
KESSEL_B = "The Kessel dam burst on May 5, 2021, flooding the valley town of Orvik within hours.\n"
KESSEL_C = "The Kessel dam burst in 2021 and flooded the valley town of Orvik.\n\nOrvik was rebuilt in 2022.\n"


def test_a_coarse_report_is_not_merged_when_the_finer_dates_conflict(test_settings):
    """Two outlets give two different days for the burst: the year report cannot say which it
    means, so it stays a year row, and the two days stay two rows."""
    articles = [make_article(text, source=f"kessel{i}.txt", published="2024-05-01")
                for i, text in enumerate((KESSEL_A, KESSEL_B, KESSEL_C))]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    burst = [(e.date, e.precision, len(e.sources)) for e in build_timeline(ctx) if "dam burst" in e.text]
    assert sorted(burst) == [("2021-01-01", "year", 1), ("2021-05-03", "day", 1), ("2021-05-05", "day", 1)]


def test_a_month_that_does_not_contain_the_day_is_not_merged(test_settings):
    articles = [make_article(KESSEL_A, source="kessel-a.txt", published="2024-05-01"),
                make_article("The Kessel dam burst in June 2021, flooding the valley town of Orvik.\n",
                             source="kessel-june.txt", published="2024-05-01")]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    burst = sorted((e.date, e.precision) for e in build_timeline(ctx) if "dam burst" in e.text)
    assert burst == [("2021-05-03", "day"), ("2021-06-01", "month")]


def test_a_range_holds_the_days_inside_it(test_settings):
    """"in January and February" spans both months: a day of February inside it is the finer date."""
    articles = [make_article("Dockers at the Orvik grain terminal struck in January and February over unpaid "
                             "overtime, the union said.\n", source="orvik-union.txt", published="2023-04-03"),
                make_article("Dockers at the Orvik grain terminal struck on February 9, halting exports "
                             "for a week.\n", source="orvik-port.txt", published="2023-04-03")]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    strike = [e for e in build_timeline(ctx) if "struck" in e.text]
    assert [(e.date, e.precision, e.end, len(e.sources), len(e.coarser)) for e in strike] == [
        ("2023-02-09", "day", None, 1, 1)]
