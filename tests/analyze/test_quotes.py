"""Quotes on a fictional ferry accident told by three outlets, and on the seeds."""

from __future__ import annotations

import pytest

from storyfold.analyze.entities import find_entities
from storyfold.analyze.quotes import find_quotes, normalize_quote, quote_spans, renders
from storyfold.analyze.quotes.merge import group_occurrences, same_quote
from storyfold.analyze.quotes.occurrences import Occurrence
from storyfold.analyze.quotes.spans import Segment, chain_text, quote_chains, quote_segments
from storyfold.analyze.relevance import mark_on_topic
from storyfold.model import Quote
from storyfold.settings import Settings
from tests.analyze.test_relevance import _seed_body
from tests.conftest import make_article, make_context

GAZETTE = """A passenger ferry ran aground off the island of Veslo on Tuesday, leaving 14 people injured, \
the coastguard said.

"The crew followed every procedure we have, and the passengers were evacuated within forty minutes," \
Port Director Marta Ilves told reporters. "We will publish the full log."

Captain Oskar Brenn, who commanded the vessel, said the steering failed minutes before the impact. \
“I felt the wheel go loose in my hands,” he said.

According to Transport Minister Hanna Lind, "the ferry had passed its last inspection in the spring and was \
considered fully seaworthy".

The vessel, nicknamed the "Grey Lady" by islanders, was built in a shipyard on the mainland.

The minister wrote on social media: "Every passenger deserves answers, and they will get them."

Nordline, the operator, said in a statement: "We apologize to every passenger and we will compensate them in full."

"It was chaos on the lower deck. People were screaming and the lights went out.

"Then the crew came down with torches and led us up the stairs one by one," said Petra Sand, a passenger.
"""

COURIER = """Fourteen people were hurt when a ferry hit rocks near Veslo island on Tuesday afternoon.

Marta Ilves, the port director, said the crew "followed every procedure we have".

‘I felt the wheel go loose in my hands,’ the ship’s captain, Oskar Brenn, told the Courier.

Hanna Lind wrote on Telegram that "every passenger deserves answers, and they will get them".

Islanders gathered at the harbour in the evening, and one fisherman called the rescue a "small miracle".
"""

TIMES = """The ferry that ran aground near Veslo yesterday had been inspected in April, officials said.

A spokesman for the operator said: "We apologise to every passenger and we will compensate them in full."

Lind said the ministry had opened an inquiry into the accident. "Every passenger deserves answers, and they will \
get them," she added.
"""


@pytest.fixture(scope="module")
def ferry(test_settings):
    gazette = make_article(GAZETTE, source="gazette.txt", outlet="Harbour Gazette", published="2024-10-16")
    courier = make_article(COURIER, source="courier.txt", outlet="Island Courier", published="2024-10-15")
    times = make_article(TIMES, source="times.txt", outlet="Coastal Times", published="2024-10-16")
    ctx = make_context([gazette, courier, times], Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    return ctx, gazette, courier, times, find_quotes(ctx)


def quote_with(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if any(words in v for v in [q.text, *(x.text for x in q.variants)])]
    assert len(found) == 1, f"expected one quote with {words!r}, got {[q.text for q in found]}"
    return found[0]


def test_quote_spans_handle_every_mark_style():
    text = ("“Curly,” she said. \"Straight with ‘inner’ words.\"\n"
            "‘Single top level,’ he said, and Ukraine’s officials' view stayed.\n"
            "\"An open paragraph\n\"continued here.\" Done.")
    spans = [(text[s:e], open_end, continues) for s, e, open_end, continues in quote_spans(text)]
    assert spans == [
        ("Curly", False, False),
        ("Straight with ‘inner’ words.", False, False),
        ("Single top level", False, False),
        ("An open paragraph", True, False),
        ("continued here.", False, True),
    ]


def test_speakers_from_said_told_according_to_and_statement(ferry):
    _, _, _, _, quotes = ferry
    assert quote_with(quotes, "publish the full log").speaker == "Marta Ilves"  # "X told reporters" + split quote
    assert quote_with(quotes, "fully seaworthy").speaker == "Hanna Lind"  # "according to X"
    assert quote_with(quotes, "compensate them in full").speaker == "Nordline"  # "X said in a statement:"


def test_split_quote_is_one_quote_with_both_halves(ferry):
    _, gazette, _, _, quotes = ferry
    crew = quote_with(quotes, "publish the full log")
    assert "evacuated within forty minutes. We will publish the full log." in crew.text
    halves = [e for e in crew.evidence if e.article == gazette.id]
    assert len(halves) == 2


def test_pronoun_resolves_to_the_person_named_before(ferry):
    _, gazette, courier, _, quotes = ferry
    wheel = quote_with(quotes, "wheel go loose")
    assert wheel.speaker == "Oskar Brenn"
    assert set(wheel.sources) == {gazette.id, courier.id}  # curly double and single quotes, one quote


def test_description_resolves_to_the_titled_person_and_outlets_merge(ferry):
    _, gazette, courier, times, quotes = ferry
    answers = quote_with(quotes, "deserves answers")
    assert answers.speaker == "Hanna Lind"  # "the minister wrote" (colon), "Lind wrote on Telegram", "she added"
    assert answers.sources == [gazette.id, courier.id, times.id]
    assert answers.text.startswith("Every passenger")


def test_truncated_and_british_spellings_are_variants_of_one_quote(ferry):
    _, gazette, courier, times, quotes = ferry
    crew = quote_with(quotes, "followed every procedure")
    assert set(crew.sources) == {gazette.id, courier.id}
    assert any(v.text == "followed every procedure we have" and v.sources == [courier.id] for v in crew.variants)
    apology = quote_with(quotes, "compensate them in full")
    assert apology.sources == [gazette.id, times.id]  # apologize / apologise; the unnamed spokesman's is merged
    assert apology.variants == []  # one wording once spelling is folded


def test_multi_paragraph_quote_is_attributed_at_its_end(ferry):
    _, _, _, _, quotes = ferry
    deck = quote_with(quotes, "chaos on the lower deck")
    assert deck.speaker == "Petra Sand"
    assert "led us up the stairs one by one" in deck.text
    assert len(deck.evidence) == 2


def test_scare_quotes_are_not_quotes(ferry):
    _, _, _, _, quotes = ferry
    texts = " ".join(q.text for q in quotes)
    assert "Grey Lady" not in texts  # a nickname, no speech verb
    assert "small miracle" in texts  # a short phrase a speech verb attributes ("called")
    assert all(q.speaker for q in quotes)


def test_evidence_is_exact_and_sources_cited(ferry):
    ctx, *_, quotes = ferry
    assert quotes
    for quote in quotes:
        assert quote.sources == ctx.order_sources(quote.sources)
        for evidence in quote.evidence:
            assert ctx.article(evidence.article).text[evidence.start : evidence.end] == evidence.text
            assert evidence.article in quote.sources


def test_off_topic_sentences_give_no_quotes(ferry):
    ctx, gazette, *_ = ferry
    ctx.on_topic[gazette.id] = set()
    try:
        assert all(gazette.id not in q.sources for q in find_quotes(ctx))
    finally:
        mark_on_topic(ctx)


# ------------------------------------------------------------------------------ seeds

SEED_PUBLISHED = {"000": "2025-04-09", "001": "2025-04-08", "002": None, "003": "2025-04-09", "004": "2025-04-08"}


def seed_context(seeds_dir, test_settings):
    """The seeds cut to their bodies, with the publication dates the task states."""
    articles = [make_article(_seed_body(p), source=p.name, published=SEED_PUBLISHED.get(p.name[:3]))
                for p in sorted(seeds_dir.glob("*.txt"))]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    return ctx


@pytest.fixture(scope="module")
def seed_quotes(seeds_dir, test_settings):
    ctx = seed_context(seeds_dir, test_settings)
    return ctx, find_quotes(ctx)


def test_seeds_minister_statement_merges_across_spellings(seed_quotes):
    ctx, quotes = seed_quotes
    statement = quote_with(quotes, "undermines Beijing")
    assert "Sybiha" in statement.speaker
    assert ctx.independent_count(statement.sources) == 5  # incl. "the minister posted on X" and "Sybiga said"


def test_seeds_translated_partial_quote_joins_the_full_one_but_is_no_variant(seed_quotes):
    ctx, quotes = seed_quotes
    much_more = quote_with(quotes, "much more than two such Chinese citizens")
    assert "Zelensky" in much_more.speaker
    fourth = next(a.id for a in ctx.articles if a.source.startswith("004"))
    assert fourth in much_more.sources  # its "significantly more" ties the outlet to the statement
    assert all(len(v.text.split()) > 3 for v in much_more.variants)  # ... but is no wording of it to show


def test_seeds_multi_paragraph_and_pronoun_speakers(seed_quotes):
    _, quotes = seed_quotes
    tusa = quote_with(quotes, "slightly high risk")
    assert tusa.speaker == "Francis Tusa" and "partial conscription" in tusa.text
    assert "Zelensky" in quote_with(quotes, "We definitely need a reaction").speaker
    # "the source" is the unnamed official introduced before, never an invented name
    assert quote_with(quotes, "Nothing is completely clear yet").speaker == "A senior Ukrainian official"
    assert not any("no limits" in q.text for q in quotes)


# ------------------------------------------------------------- pronouns and variants

DAM_LEDGER = """Governor Anton Pilar said Varnholm had evidence that the dam operator ignored warnings about the \
spillway for years.

He said the cracks were "a clear warning" that the operator "cannot be trusted with the reservoir".

The operator's chief executive, Lena Strom, wrote on social media that repairs would begin on Monday. \
"We will pay for every repair and every night in a hotel," she wrote.

Marta Holm, whose son Tomas works at the pumping station, said she had been afraid for months. \
"He told me the wall was weeping water in the spring," she said.

The Valley Post obtained letters in which engineers asked managers to replace pumps they described as \
"worn out and unsafe".

Residents were moved to schools in Varnholm overnight.
"""

DAM_BEACON = """Lena Strom, who runs the dam operator, said on Tuesday: "We will pay for every repair and every night \
in a hotel."

Governor Anton Pilar called the cracks "a clear warning" that the operator "cannot be trusted with the reservoir".
"""

DAM_WIRE = """The dam operator will cover the cost of the repairs, its chief executive Lena Strom said. \
"We will pay for every repair," Strom said.
"""


@pytest.fixture(scope="module")
def dam(test_settings):
    articles = [make_article(DAM_LEDGER, source="ledger.txt", published="2024-05-07"),
                make_article(DAM_BEACON, source="beacon.txt", published="2024-05-07"),
                make_article(DAM_WIRE, source="wire.txt", published="2024-05-07")]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    return articles, find_quotes(ctx)


def test_pronoun_skips_the_subject_a_speaker_reports(dam):
    _, quotes = dam
    warning = quote_with(quotes, "cannot be trusted with the reservoir")
    assert warning.speaker == "Anton Pilar"  # "He" after "Pilar said Varnholm had ...": never the place


def test_pronoun_takes_a_comma_set_appositive_subject(dam):
    _, quotes = dam
    assert quote_with(quotes, "every night in a hotel").speaker == "Lena Strom"  # "the chief executive, Lena Strom,"


def test_pronoun_skips_a_name_inside_a_relative_clause(dam):
    _, quotes = dam
    assert quote_with(quotes, "weeping water").speaker == "Marta Holm"  # not her son Tomas


def test_group_pronoun_never_becomes_the_outlet(dam):
    _, quotes = dam
    assert all(q.speaker != "Valley Post" for q in quotes)
    assert all(q.speaker != "Varnholm" for q in quotes)


def test_variants_are_the_other_wordings_only(dam):
    ledger, beacon, wire = dam[0]
    repair = quote_with(dam[1], "pay for every repair")
    assert repair.sources == [ledger.id, beacon.id, wire.id]
    assert [(v.text, v.sources) for v in repair.variants] == [("We will pay for every repair", [wire.id])]
    for quote in dam[1]:
        assert all(normalize_quote(v.text) != normalize_quote(quote.text) for v in quote.variants)


def test_seeds_pronoun_after_a_reported_place_is_the_president(seed_quotes):
    _, quotes = seed_quotes
    signal = quote_with(quotes, "is going to do anything but end the war")
    assert "Zelensky" in signal.speaker
    assert all(q.speaker != "Kyiv" for q in quotes)


# ------------------------------------------------------------- the split modules' seams

def test_chains_join_split_and_continued_quotes_but_not_neighbours():
    text = ("“The pier will be rebuilt,” the mayor said on Monday. “It will take a year.”\n"
            "“The money is there,” she said.\n"
            "“We lost the harbour wall in one night.\n"
            "“Nobody here had seen a storm like it,” a fisherman said.")
    chains = quote_chains(text, quote_segments(text))
    assert [chain_text(text, chain) for chain in chains] == [
        "The pier will be rebuilt. It will take a year.",  # halves around a short attribution
        "The money is there",  # its own line: a new quote, though the same speaker goes on
        "We lost the harbour wall in one night. Nobody here had seen a storm like it",  # two paragraphs
    ]


def test_long_gap_between_quotes_is_not_an_attribution():
    text = ("“The pier will be rebuilt,” the mayor said at a meeting with residents, business owners and "
            "the regional transport board on Monday evening. “It will take a year.”")
    assert len(quote_chains(text, quote_segments(text))) == 2


def _occurrence(text: str, speaker: str | None, named: bool = True, partial: bool = False,
                source: str = "a.txt") -> Occurrence:
    article = make_article(f"{speaker} said: “{text}”", source=source)
    start = article.text.index(text)
    return Occurrence(article, [Segment(start, start + len(text))], speaker, named, partial,
                      context=normalize_quote(text), text=text, key=normalize_quote(text))


def test_two_named_speakers_never_share_a_quote():
    words = "We will not close the school while children still live in the valley"
    kovac, hlad = _occurrence(words, "Jana Kovac"), _occurrence(words, "Petr Hlad", source="b.txt")
    assert not same_quote(kovac, hlad)
    assert sorted(len(g) for g in group_occurrences([kovac, hlad])) == [1, 1]


def test_truncated_british_spelling_and_unnamed_copy_merge():
    full = _occurrence("We will organise the repairs and the defence of the dyke before winter", "Jana Kovac")
    cut = _occurrence("We will organize the repairs", "Jana Kovac", source="b.txt")
    copy = _occurrence("We will organise the repairs and the defence of the dyke before winter",
                       "a spokesperson", named=False, source="c.txt")
    other = _occurrence("The dyke was last inspected in 2019 by a private firm", "Jana Kovac", source="d.txt")
    groups = sorted(group_occurrences([full, cut, copy, other]), key=len)
    assert [len(g) for g in groups] == [1, 3]
    assert groups[0] == [other]


# A fictional dyke story: one outlet quotes the mayor in full, two quote a few of her words.
DYKE_HERALD = """Mayor Jana Kovac said the repairs to the Orlen dyke would take all winter. \
"We have found far more damage than the engineers expected, and the east wall will have to be rebuilt \
before the spring floods," Kovac said.
"""
DYKE_POST = """The mayor of Orlen, Jana Kovac, said engineers had found "far more damage" in the dyke \
than they expected.
"""
DYKE_COURIER = """Kovac said the east wall "will have to be rebuilt before the spring floods" and that the \
work would take all winter.
"""


def test_a_few_quoted_words_are_a_source_of_the_quote_but_not_a_variant(test_settings):
    articles = [make_article(DYKE_HERALD, outlet="Herald"), make_article(DYKE_POST, outlet="Post"),
                make_article(DYKE_COURIER, outlet="Courier")]
    ctx = make_context(articles, test_settings)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    quote = quote_with(find_quotes(ctx), "far more damage than the engineers expected")
    assert articles[1].id in quote.sources  # the Post quoted two words of it
    assert "far more damage" not in [v.text for v in quote.variants]
    assert any("rebuilt before the spring floods" in v.text for v in quote.variants)  # a clause of it is one


def test_a_phrase_renders_a_quote_when_a_statement_or_most_of_its_words():
    quote = _occurrence("The repairs to the dyke will cost far more than anyone expected", "Jana Kovac")
    clause = _occurrence("will cost far more than anyone expected", "Jana Kovac", source="b.txt")
    fragment = _occurrence("far more", "Jana Kovac", partial=True, source="c.txt")
    most = _occurrence("repairs to the dyke will cost far more", "Jana Kovac", partial=True, source="d.txt")
    assert renders(clause, quote) and renders(most, quote)
    assert not renders(fragment, quote)


def test_partial_quote_attaches_to_one_statement_only():
    repairs = _occurrence("The repairs to the dyke will cost far more than anyone expected", "Jana Kovac")
    school = _occurrence("The school will cost far more to heat this winter", "Jana Kovac", source="b.txt")
    partial = _occurrence("far more than anyone expected", "Jana Kovac", partial=True, source="c.txt")
    groups = group_occurrences([repairs, school, partial])
    assert sorted(len(g) for g in groups) == [1, 2]
    assert next(g for g in groups if partial in g) == [repairs, partial]


def test_they_skips_the_subject_of_a_reported_clause(test_settings) -> None:
    text = (
        "Shift supervisors at the mill said the sirens never sounded during the night. "
        "\"We only knew something was wrong when the windows shook,\" they said. "
        "The company did not respond to a request for comment."
    )
    ctx = make_context([make_article(text, source="mill.txt", outlet="Valley Post")], test_settings)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    quote = next(q for q in find_quotes(ctx) if "windows shook" in q.text)
    assert quote.speaker is not None and "supervisors" in quote.speaker.lower()


# ------------------------------------------------------------- speakers and shapes

LIBRARY = """AMHERST — The town's school board voted 5-2 on Monday to close the Elm Street library branch.

"We did not take this lightly," board chair Rosa Delgado said. "And it is going to be hard for families who rely \
on it."

Superintendent Mark Ellison wrote in a statement: "Our students will still have access to every title through the \
central library."

Delgado tweeted: "Thank you to everyone who came to speak tonight."

According to The Hill, Senator Joan Marsh was asked about the decision. "I think the board made a mistake," she said.

Ellison urged parents not to "give in to fear" about the change.

A poll asked residents whether "the library should stay open no matter the cost," and 61 percent agreed.

"The library is the heart of this town. We will keep fighting to save it," said Lena Brooks, who organised the protest.

Pike's son, Jordan Pike, posted on social media about his father: "My dad fought for this branch for twenty years."

The Daily Courier quoted Mayor Ellen Vance as saying "we will not raise property taxes again."
"""
NOT_SPEAKERS = """MILLBROOK — The candidate's apology, issued after days of pressure, stressed that "mistakes were \
made on my watch and I own them."

It was no surprise, the editorial noted, that "voters have long memories in this district."

The core of the dispute, the memo said, was whether "the county can afford another delay this year."

Sources said "the deal is all but done and will be signed next week."

"We are confident in the numbers," the campaign said in a statement.

A senior official, speaking on condition of anonymity, said "the talks have stalled over the budget."
"""


@pytest.fixture(scope="module")
def library(test_settings):
    articles = [make_article(LIBRARY, source="library.txt", published="2026-10-14"),
                make_article(NOT_SPEAKERS, source="millbrook.txt", published="2026-10-14")]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    return find_quotes(ctx)


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        ("And it is going to be hard", "Rosa Delgado"),  # continues after the attribution sentence
        ("every title through the central library", "Mark Ellison"),  # "wrote in a statement:"
        ("Thank you to everyone", "Rosa Delgado"),  # "tweeted:"
        ("the board made a mistake", "Joan Marsh"),  # "according to The Hill ... she said"
        ("give in to fear", "Mark Ellison"),  # a partial quote inside reported speech
        ("We will keep fighting", "Lena Brooks"),  # named after the first sentence
        ("My dad fought for this branch", "Jordan Pike"),  # the son who posts, not the father
        ("raise property taxes", "Ellen Vance"),  # the paper quotes her: she speaks
        ("confident in the numbers", "the campaign"),  # a described group
        ("talks have stalled", "A senior official"),
    ],
)
def test_quote_shapes_get_their_speaker(library, words, speaker):
    assert quote_with(library, words).speaker == speaker


def test_things_polls_and_datelines_never_speak(library):
    speakers = {q.speaker.casefold() for q in library}
    for word in ("apology", "surprise", "editorial", "core", "memo", "sources", "poll", "amherst", "millbrook",
                 "the hill", "daily courier"):
        assert not any(word in s for s in speakers), word
    assert not any("stay open no matter the cost" in q.text for q in library)  # a poll's wording


def test_nicknames_inside_names_are_not_quotes(test_settings):
    text = ('Salvatore Moretti, the reputed boss of the harbour crew, was sentenced on Friday, prosecutors said.\n\n'
            'Witnesses said Salvatore "Big Sal" Moretti described "Uncle Vito\'s" crew as loyal to the end.\n\n'
            '"I have nothing to say to this court," Moretti said.\n')
    ctx = make_context([make_article(text, source="court.txt", published="2026-03-06")],
                       Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    quotes = find_quotes(ctx)
    assert not any("Big Sal" in q.text or "Uncle Vito" in q.text for q in quotes)
    assert quote_with(quotes, "nothing to say to this court").speaker == "Salvatore Moretti"


def test_detokenized_quote_marks_close_after_punctuation():
    text = 'The plan "will not work, "Okafor said. "We need more time. "'
    spans = [text[s:e] for s, e, _, _ in quote_spans(text)]
    assert spans[0].startswith("will not work")
    assert not any("Okafor" in span for span in spans)  # the attribution is never inside a quote


# ------------------------------------------------------- speakers in run-on captures
# Scraped pages often lose their paragraph breaks: a speaker must then be read from the
# sentence and the parse, never from "the last person quoted somewhere before".

RUN_ON = (
    "The Harrow Dairy cooperative told regulators on Friday that it would stop repaying its state loans. "
    "\"We will be making no further payments until we can secure a steady supply of raw milk,\" Dana Whitlock, "
    "chief executive of Harrow Dairy, notified the loan board on Aug. 1. \"Every attempt to settle has only bought "
    "us a few weeks.\" The dairy was founded by farmers after the war and struggled for decades. "
    "Agriculture officials have long defended the loans. \"The cooperative has operated without fresh state money "
    "since 1988,\" argued a white paper produced for the agriculture department in 2006. "
    "A local historian, Ruth Okafor, studied the loans in a 2007 thesis. "
    "Okafor found that about $70 million had been spent on the projects over three decades. "
    "\"Even more was lost on loans that were never repaid.\" "
    "\"By closing the plant today, we protect the farmers who are left,\" board chair Tom Reyes said. "
    "\"Nobody wanted this outcome,\" he said. \"The valley deserves a straight answer,\" said Mayor Lena Brooks. "
    "\"I had to read that letter twice.\" The Whitlock family, however, disagreed. "
    "\"We are relieved it is finally over,\" said 17-year-old Jordan Whitlock, the chief executive's son. "
    "A board official downplayed the dispute, saying that \"every dairy in the state has borrowed from this fund "
    "at some point.\" Chief Inspector Marco Hale said a neighbour heard a guard shout, \"Get away from the gate!\" "
    "before the lights went out. The owner was described by the Harbor Gazette as \"the last honest broker in the "
    "valley,\" and his rivals as \"Sunday farmers.\""
)


@pytest.fixture(scope="module")
def run_on(test_settings):
    ctx = make_context([make_article(RUN_ON, source="harrow.txt", published="2026-08-07")],
                       Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    return find_quotes(ctx)


def speaker_of(quotes: list[Quote], words: str) -> str | None:
    """The speaker storyfold gives the quote holding ``words``; None when it left the quote out."""
    found = [q for q in quotes if words in q.text]
    return found[0].speaker if found else None


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        ("no further payments", "Dana Whitlock"),  # "notified the board": a speech verb
        ("bought us a few weeks", "Dana Whitlock"),  # continues her letter in the next sentence
        ("Nobody wanted this outcome", "Tom Reyes"),  # a second quote with its own "he said"
        ("The valley deserves a straight answer", "Lena Brooks"),  # not one quote with Reyes's
        ("I had to read that letter twice", "Lena Brooks"),  # "“A,” said X. “B.”": B is X's too
        ("relieved it is finally over", "Jordan Whitlock"),  # "the family disagreed" is no attribution
        ("every dairy in the state", "A board official"),  # not "the dispute" the participle hangs on
    ],
)
def test_run_on_capture_speakers(run_on, words, speaker):
    assert speaker_of(run_on, words) == speaker


@pytest.mark.parametrize(
    ("words", "not_speaker"),
    [
        ("without fresh state money", "Dana Whitlock"),  # a white paper argued it: not the last speaker
        ("Even more was lost", "Dana Whitlock"),  # three sentences and another person later
        ("Get away from the gate", "Marco Hale"),  # the guard's words, heard by a neighbour
        ("last honest broker", "the owner"),  # described by a paper, not speaking
        ("Sunday farmers", "the owner"),
    ],
)
def test_run_on_capture_never_borrows_a_speaker(run_on, words, not_speaker):
    speaker = speaker_of(run_on, words)
    assert speaker is None or not_speaker.casefold() not in speaker.casefold()


def test_quote_split_by_one_attribution_only():
    text = '"We act now," Salazar said. "The law is clear," he said. "It has worked for decades," said Locke.'
    chains = quote_chains(text, quote_segments(text))
    assert [chain_text(text, c) for c in chains] == ["We act now. The law is clear", "It has worked for decades"]


def test_closing_mark_after_a_space_closes_the_quote():
    text = 'The police "patrol these streets like soldiers . ” “ They have a hard job , ” a local barber said.'
    spans = [text[s:e] for s, e, _, _ in quote_spans(text)]
    assert spans == ["patrol these streets like soldiers .", "They have a hard job"]


def test_titles_joined_to_a_name_describe_that_person(test_settings):
    text = ('The county sold the creamery at a loss in July. "In July alone, they lost $300,000," said Halden '
            'businessman and blogger Marcus Teller, a frequent critic of the county board.')
    ctx = make_context([make_article(text, source="teller.txt", published="2026-08-07")], test_settings)
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    assert speaker_of(find_quotes(ctx), "they lost $300,000") == "Marcus Teller"



HIKERS = """Two hikers missing on Mount Orrel were found alive, park ranger Tomas Verlin said on Friday.

The pair had set out "four days ago", Verlin said, and the search had been due to end "within hours".

Verlin called their survival "a small miracle" and said "more than 200 volunteers" had joined the search.
"""


def test_a_quoted_time_phrase_is_not_a_quote(test_settings):
    """"set out 'four days ago', Verlin said": the marks say whose timing it is, but a time
    phrase is nobody's statement; a short phrase with content ("a small miracle") stays."""
    ctx = make_context([make_article(HIKERS, source="orrel.txt", published="2026-07-10")],
                       Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    texts = [q.text for q in find_quotes(ctx)]
    assert not [t for t in texts if "days ago" in t or "within hours" in t]
    assert any("small miracle" in t for t in texts)
    assert any("more than 200 volunteers" in t for t in texts)  # a figure is a claim, not a time


CRANE_REPORT = """A senior port official told the Coast Courier that the crane cable had been worn for months. \
The cable was last replaced in 2019, the source said.

"Nobody checked the second crane either. We will know more after the inspection," the source added.

A ferry company official told the Courier the terminal would stay shut. Harbour master Ivo Brandt said the quay \
would reopen on Friday. "The quay is safe for ferries," the official said.

Port officials said the cranes would be tested. "We will publish every result," the source said.
"""


@pytest.fixture(scope="module")
def crane(test_settings):
    article = make_article(CRANE_REPORT, source="courier.txt", published="2024-05-07")
    ctx = make_context([article], Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    ctx.entities = find_entities(ctx)
    return find_quotes(ctx)


def test_the_source_is_the_unnamed_speaker_introduced_before(crane):
    """"A senior official told X ... the source said ... the source added": one unnamed official, not "the source"."""
    assert quote_with(crane, "Nobody checked the second crane").speaker == "A senior port official"


def test_a_back_reference_past_a_named_speaker_is_not_taken_back(crane):
    """After the harbour master speaks, "the official said" may be him: it is not given to the ferry
    company's official named just before him."""
    assert quote_with(crane, "The quay is safe for ferries").speaker not in ("A ferry company official",
                                                                             "A senior port official")


def test_the_source_is_never_a_group(crane):
    """"Port officials said": a group speaking; "the source" after it is not the officials."""
    assert quote_with(crane, "We will publish every result").speaker != "Port officials"
