"""Summary and exclusives on a fictional bridge collapse covered by three outlets and a wire copy."""

from __future__ import annotations

import importlib
import re

import pytest

from storyfold.analyze.summary import (
    _word_budget,
    compress,
    find_exclusives,
    quote_share,
    quotes_balanced,
    stands_alone,
    starts_mid_quote,
    summarize,
    trim_heading,
)
from storyfold.analyze.summary_compress import compress_pieces
from storyfold.model import Evidence, Fact
from storyfold.settings import Settings
from tests.conftest import make_article, make_context

VALLEY = (
    "A road bridge over the Sarn river collapsed in the city of Koleva on Monday evening, killing three people "
    "and injuring 14, the city's fire service said. "
    "Two cars and a delivery van fell into the water when the central span gave way during the evening rush. "
    "Meanwhile, the mayor declared three days of mourning and ordered checks on every bridge in the city. "
    "\"We heard a loud crack and then the whole span fell into the water,\" said Irina Dovac, who lives nearby. "
    "Divers from the regional rescue service recovered the last of the bodies shortly after midnight. "
    "Monday evening."
)
HERALD = (
    "Three people died and 14 were injured when the Sarn river bridge in Koleva gave way on Monday evening, "
    "firefighters said. "
    "The mayor declared three days of mourning and ordered inspections of all bridges in Koleva. "
    "Traffic was diverted through the northern ring road, causing long queues on Tuesday morning."
)
NORTHERN = (
    "The Sarn bridge in Koleva collapsed on Monday, killing three people, according to the fire service. "
    "Engineers had warned the council in a 2019 report that two of the bridge's supports were badly corroded, "
    "documents seen by this newspaper show. "
    "\"We heard a loud crack and then the whole span fell into the water,\" one witness told reporters. "
    "The council said it would publish the report in full and asked prosecutors to investigate."
)


@pytest.fixture(scope="module")
def story(test_settings):
    valley = make_article(VALLEY, source="valley.txt", outlet="Valley Post", published="2024-05-06")
    herald = make_article(HERALD, source="herald.txt", outlet="Koleva Herald", published="2024-05-06")
    northern = make_article(NORTHERN, source="northern.txt", outlet="Northern Daily", published="2024-05-07")
    wire = make_article(VALLEY, source="wire.txt", outlet="Lowland Times", published="2024-05-07",
                        duplicate_of=valley.id)
    ctx = make_context([valley, herald, northern, wire], test_settings)
    return ctx, valley, herald, northern, wire


def sentence_evidence(ctx, article, opening: str) -> Evidence:
    """Evidence for the spaCy sentence of ``article`` that starts with ``opening``."""
    sentence = next(s for s in ctx.sentences(article, on_topic_only=False) if s.text.startswith(opening))
    return sentence.evidence()


def fact(ctx, fid: str, *evidence: Evidence) -> Fact:
    sources = ctx.order_sources(e.article for e in evidence)
    return Fact(fid, evidence[0].text, sources, ctx.independent_count(sources), list(evidence))


def facts_for(story):
    ctx, valley, herald, northern, wire = story

    def ev(article, opening):
        return sentence_evidence(ctx, article, opening)

    return [
        fact(ctx, "mayor", ev(valley, "Meanwhile"), ev(herald, "The mayor"), ev(wire, "Meanwhile")),
        fact(ctx, "crack", ev(valley, "\"We heard"), ev(northern, "\"We heard"), ev(wire, "\"We heard")),
        fact(ctx, "collapse", ev(valley, "A road bridge"), ev(herald, "Three people"), ev(northern, "The Sarn"),
             ev(wire, "A road bridge")),
        fact(ctx, "report", ev(northern, "Engineers")),
        fact(ctx, "divers", ev(wire, "Divers"), ev(valley, "Divers")),
        fact(ctx, "traffic", ev(herald, "Traffic")),
        fact(ctx, "fragment", Evidence(valley.id, "Monday evening.", len(VALLEY) - 15, len(VALLEY))),
    ]


def test_summary_leads_with_best_corroborated_fact_and_cites_all_its_sources(story):
    ctx, valley, herald, northern, wire = story
    ctx.facts = facts_for(story)
    summary = summarize(ctx)
    assert summary[0].text.startswith("A road bridge over the Sarn river collapsed")
    assert summary[0].sources == ctx.order_sources([valley.id, herald.id, northern.id, wire.id])
    assert {e.article for e in summary[0].evidence} == set(summary[0].sources)
    # the mayor fact, reported by two independent outlets, comes before single-source facts
    assert summary[1].text.startswith("The mayor declared three days of mourning")


def test_summary_compresses_a_leading_connective_and_keeps_cited_words(story):
    ctx, *_ = story
    ctx.facts = facts_for(story)
    for sentence in summarize(ctx):
        assert sentence.sources and sentence.evidence
        for evidence in sentence.evidence:
            assert ctx.article(evidence.article).text[evidence.start : evidence.end] == evidence.text
        # the shown words are the kept pieces of one article's sentence: compressing that span gives them
        own = [e for e in sentence.evidence if e.article == sentence.evidence[0].article]
        text = ctx.article(own[0].article).text
        assert compress(text[own[0].start : own[-1].end]) == sentence.text
    assert compress("Meanwhile, the mayor declared mourning.") == "The mayor declared mourning."
    assert compress("Meanwhile the river rose.") == "Meanwhile the river rose."  # no comma: part of the clause


def test_quote_ranks_below_an_equally_corroborated_plain_fact(story):
    ctx, *_ = story
    ctx.facts = facts_for(story)
    texts = [s.text for s in summarize(ctx)]
    crack = next(i for i, t in enumerate(texts) if t.startswith("\"We heard"))
    mayor = next(i for i, t in enumerate(texts) if t.startswith("The mayor"))
    assert mayor < crack
    assert quote_share(texts[crack]) > 0.5


@pytest.mark.parametrize("wanted", [3, 5, 7])
def test_summary_length_follows_the_story_within_the_setting(story, wanted):
    ctx, *_ = story
    ctx.facts = facts_for(story)
    ctx.settings = Settings(summary_sentences=wanted, use_cache=False)
    try:
        summary = summarize(ctx)
        words = sum(len(s.text.split()) for s in summary)
        assert 2 <= len(summary) <= wanted
        # beyond the first two sentences the word budget (a share of the story's own words) holds
        assert len(summary) == 2 or words <= _word_budget(ctx)
    finally:
        ctx.settings = Settings(use_cache=False)


def test_the_word_budget_follows_the_story_up_to_the_settings_maximum(story):
    ctx, *_ = story
    own_words = sum(len(a.text.split()) for a in ctx.articles if a.duplicate_of is None)
    try:
        ctx.settings = Settings(summary_max_words=1000, use_cache=False)
        roomy = _word_budget(ctx)
        assert 40 <= roomy < own_words  # a share of what the independent outlets wrote, not all of it
        ctx.settings = Settings(summary_max_words=60, use_cache=False)
        assert _word_budget(ctx) == min(roomy, 60)
        ctx.facts = facts_for(story)
        summary = summarize(ctx)
        assert len(summary) == 2 or sum(len(s.text.split()) for s in summary) <= 60
    finally:
        ctx.settings = Settings(use_cache=False)


@pytest.mark.parametrize("wanted", [1, 20])
def test_summary_length_outside_three_to_seven_is_refused(wanted):
    from storyfold.errors import SettingsError

    with pytest.raises(SettingsError, match="summary_sentences"):
        Settings(summary_sentences=wanted)


def test_exclusives_are_single_source_substantive_facts_credited_to_the_original(story):
    ctx, valley, herald, northern, wire = story
    ctx.facts = facts_for(story)
    exclusives = {(x.article, x.text[:20]) for x in find_exclusives(ctx)}
    # a single-source sentence is either an exclusive or a summary sentence cited to its outlet alone, never both
    alone = {(a, s.text[:20]) for s in summarize(ctx) if ctx.independent_count(s.sources) == 1 for a in s.sources}
    assert not exclusives & alone
    assert (northern.id, "Engineers had warned") in exclusives | alone
    assert (herald.id, "Traffic was diverted") in exclusives | alone
    assert (valley.id, "Divers from the regi") in exclusives | alone  # its wire copy is not a second source
    assert all(article != wire.id for article, _ in exclusives)
    assert not any(text.startswith("Monday evening") for _, text in exclusives)  # fragment
    assert not any(text.startswith("The mayor") for _, text in exclusives)  # two outlets report it
    for x in find_exclusives(ctx):
        assert ctx.article(x.article).text[x.start : x.end] == x.text and x.outlet


def test_without_facts_summary_and_exclusives_align_sentences_themselves(story):
    ctx, *_, wire = story
    ctx.facts = []
    summary = summarize(ctx)
    assert 3 <= len(summary) <= 5
    first = summary[0]
    assert len(first.sources) >= 2  # the lead is echoed by another outlet
    assert {e.article for e in first.evidence} == set(first.sources)
    exclusive_texts = [x.text for x in find_exclusives(ctx)]
    assert any(t.startswith("Engineers had warned") for t in exclusive_texts)
    assert not any(t.startswith("A road bridge") for t in exclusive_texts)
    assert all(x.article != wire.id for x in find_exclusives(ctx))


def test_single_article_story_has_a_summary_and_no_exclusives(test_settings):
    ctx = make_context([make_article(VALLEY, source="only.txt", outlet="Valley Post")], test_settings)
    assert 2 <= len(summarize(ctx)) <= 5
    assert find_exclusives(ctx) == []


def test_quote_share_counts_an_unclosed_quotation():
    assert quote_share("\"We have the documents of these prisoners, bank cards.") > 0.9
    assert quote_share("The mayor said \"no\" and left the building after the vote.") < 0.1
    sentence = "Residents said “the water rose in minutes” and fled."
    assert quote_share(sentence) == pytest.approx(len("the water rose in minutes") / len(sentence))


def test_trim_heading_drops_a_glued_heading_and_keeps_offsets():
    text = "Share this\nRiver rises\nThe river rose two metres overnight, the water agency said.\n\n"
    trimmed = trim_heading(Evidence("a1", text, 10, 10 + len(text)))
    assert trimmed.text == "The river rose two metres overnight, the water agency said."
    assert text[trimmed.start - 10 : trimmed.end - 10] == trimmed.text


def seed_body(text: str) -> str:
    """The seed's article paragraphs: long ones about the event (the raw captures still hold chrome)."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if len(p.split()) >= 20 and re.search(r"Chin|Zelensk", p))


def test_seed_story_summary_and_exclusives(seeds_dir, test_settings):
    articles = [make_article(seed_body(p.read_text("utf-8")), source=p.name, outlet=p.stem)
                for p in sorted(seeds_dir.glob("*.txt"))]
    ctx = make_context(articles, test_settings)
    summary = summarize(ctx)
    assert 3 <= len(summary) <= 5
    assert len(summary[0].sources) >= 2
    assert any("Chinese" in s.text for s in summary[:2])
    exclusives = find_exclusives(ctx)
    assert exclusives
    per_article: dict[str, int] = {}
    for x in exclusives:
        assert ctx.article(x.article).text[x.start : x.end] == x.text == x.text.strip()
        per_article[x.article] = per_article.get(x.article, 0) + 1
    assert max(per_article.values()) <= 3
    leads = {ctx.sentences(a)[0].text.strip() for a in articles}  # every outlet leads with the capture
    assert not leads & {x.text for x in exclusives}


def test_quote_share_counts_the_tail_of_a_split_quotation():
    tail = "It happened in the northern district -- near the bridge,\" the mayor said on the radio."
    assert quote_share(tail) > 0.5
    assert quote_share("The mayor's \"plan\" was 20\" wide, officials said.") < 0.2


def test_byline_and_caption_are_not_exclusives(test_settings):
    byline = "by Lena Ostrova and Piet Maas May 6, 2024 3:35 PM (Updated: ) 2 min read"
    text = HERALD + "\n" + byline
    herald = make_article(text, source="herald-byline.txt", outlet="Koleva Herald")
    northern = make_article(NORTHERN, source="northern.txt", outlet="Northern Daily")
    ctx = make_context([herald, northern], test_settings)
    start = text.index(byline)
    ctx.facts = [Fact("b", byline, [herald.id], 1, [Evidence(herald.id, byline, start, start + len(byline))])]
    assert find_exclusives(ctx) == []


def test_tail_of_a_split_quotation_is_not_a_summary_sentence(test_settings):
    tail = "It all went so fast -- the span just dropped,\" the driver said after the collapse."
    valley = make_article(VALLEY + " " + tail, source="valley-tail.txt", outlet="Valley Post")
    herald = make_article(HERALD + " " + tail, source="herald-tail.txt", outlet="Koleva Herald")
    ctx = make_context([valley, herald], test_settings)

    def at(article, words):
        start = article.text.index(words)
        return Evidence(article.id, words, start, start + len(words))

    lead = ctx.sentences(valley)[0].evidence(), ctx.sentences(herald)[0].evidence()
    ctx.facts = [fact(ctx, "lead", *lead), fact(ctx, "tail", at(valley, tail), at(herald, tail))]
    assert starts_mid_quote(tail) and not starts_mid_quote("\"Go,\" he said.")
    texts = [s.text for s in summarize(ctx)]
    assert texts and not any(t.startswith("It all went") for t in texts)


def _clause_evidence(article, clause: str) -> Evidence:
    start = article.text.index(clause)
    return Evidence(article.id, clause, start, start + len(clause))


@pytest.fixture
def fresh_story(test_settings):
    """The same outlets in a context of its own, so a test may set facts and settings freely."""
    valley = make_article(VALLEY, source="valley.txt", outlet="Valley Post", published="2024-05-06")
    herald = make_article(HERALD, source="herald.txt", outlet="Koleva Herald", published="2024-05-06")
    ctx = make_context([valley, herald], test_settings)
    ctx.settings = Settings(summary_sentences=3)
    return ctx, valley, herald


def test_summary_cites_whole_sentences_never_clauses(test_settings) -> None:
    # one outlet: another outlet's lead (a candidate of its own) would restate the collapse and replace it
    valley = make_article(VALLEY, source="valley.txt", outlet="Valley Post", published="2024-05-06")
    ctx = make_context([valley], test_settings)
    clause = "killing three people and injuring 14, the city's fire service said."
    ctx.facts = [Fact("f1", "Three people were killed.", [valley.id], 1, [_clause_evidence(valley, clause)])]
    texts = [s.text for s in summarize(ctx)]
    assert any(t.startswith("A road bridge over the Sarn river collapsed") for t in texts), texts
    assert not any(t.startswith("killing") for t in texts)


def test_summary_prefers_a_source_whose_whole_sentence_states_the_fact(fresh_story) -> None:
    ctx, valley, herald = fresh_story
    widened = _clause_evidence(valley, "the mayor declared three days of mourning and ordered checks on every bridge")
    whole = sentence_evidence(ctx, herald, "The mayor declared three days of mourning")
    ctx.facts = [Fact("f1", "The mayor declared mourning.", [valley.id, herald.id], 2, [widened, whole])]
    first = next(s for s in summarize(ctx) if "mayor" in s.text)  # the outlets' leads (the collapse) may open
    assert first.text == whole.text
    assert set(first.sources) == {valley.id, herald.id}


def test_exclusives_read_as_sentences_and_never_inflate_a_small_clause(fresh_story) -> None:
    ctx, valley, _ = fresh_story
    small = _clause_evidence(valley, "killing three people and injuring 14")  # a small part of a shared sentence
    most = _clause_evidence(valley, "Two cars and a delivery van fell into the water when the central span gave way")
    ctx.facts = [Fact("f1", "killed three", [valley.id], 1, [small]), Fact("f2", "cars fell", [valley.id], 1, [most])]
    texts = [x.text for x in find_exclusives(ctx)] + [s.text for s in summarize(ctx)]
    assert "Two cars and a delivery van fell into the water when the central span gave way during the " \
           "evening rush." in texts
    assert not any(t.startswith("killing three") for t in texts)


def test_when_outlets_disagree_on_certainty_the_summary_uses_the_cautious_wording(test_settings) -> None:
    sure = make_article("A faulty gas valve caused the explosion at the Orlen bakery on Friday, the fire service "
                        "said. Four workers were treated for burns.", source="sure.txt", outlet="Daily Post")
    hedged = make_article("The explosion at the Orlen bakery on Friday may have been caused by a faulty gas valve, "
                          "the fire service said. Four workers were treated for burns.", source="hedged.txt",
                          outlet="Evening Star")
    ctx = make_context([sure, hedged], test_settings)
    ctx.settings = Settings(summary_sentences=3)
    ctx.facts = [Fact("f1", "valve", [sure.id, hedged.id], 2,
                      [sentence_evidence(ctx, sure, "A faulty gas valve"),
                       sentence_evidence(ctx, hedged, "The explosion at the Orlen bakery")])]
    cause = summarize(ctx)[0]
    assert "may have been caused" in cause.text
    assert set(cause.sources) == {sure.id, hedged.id}


# ------------------------------------------------------------- readability classes (fictional ferry story)

FERRY_A = (
    "The ferry Marisol ran aground off the port of Tessaly on Sunday morning, and all 212 passengers were "
    "brought ashore, the coast guard said.\n\n"
    "He said the crew had reported a steering failure shortly before the grounding. "
    "It was also the second incident involving the vessel this year. "
    "However, the operator Blue Strait Lines said the ship had passed its spring inspection. "
    "\"We felt a jolt and then the lights went out, and nobody told us anything for an hour. "
    "Captain Andrej Novik was praised by passengers for keeping calm on the bridge."
)
FERRY_B = (
    "All 212 passengers of the ferry Marisol were brought ashore after it ran aground off Tessaly on Sunday, "
    "the coast guard said. "
    "Captain Andrej Novik kept the passengers calm, several of them said. "
    "Divers will inspect the hull on Monday before the ship is towed to the Tessaly dry dock."
)
FERRY_C = (
    "The ferry Marisol ran aground off Tessaly on Sunday with 212 passengers on board, all of whom were "
    "brought ashore safely, according to the coast guard. "
    "Captain Andrei Novik was on the bridge when the ship lost steering. "
    "Divers will inspect the hull on Monday, the port authority said."
)


@pytest.fixture()
def ferry(test_settings):
    a = make_article(FERRY_A, source="a.txt", outlet="Tessaly Courier")
    b = make_article(FERRY_B, source="b.txt", outlet="Coastal News")
    c = make_article(FERRY_C, source="c.txt", outlet="Island Daily")
    return make_context([a, b, c], test_settings), a, b, c


def test_summary_sentences_stand_alone(ferry) -> None:
    ctx, *_ = ferry
    summary = summarize(ctx)
    assert summary
    for sentence in summary:
        first = sentence.text.split()[0].casefold()
        assert first not in {"he", "she", "it", "they", "however", "however,"}  # dangling pronoun, connective
        assert "\n" not in sentence.text  # a paragraph break would break the Markdown list
        assert sentence.text.count('"') % 2 == 0 and not starts_mid_quote(sentence.text)  # no open quote
        for e in sentence.evidence:
            assert ctx.article(e.article).text[e.start : e.end] == e.text


def test_stands_alone_rejects_each_readability_class() -> None:
    assert stands_alone("The ferry ran aground off Tessaly on Sunday, the coast guard said.")
    assert not stands_alone("He said the crew had reported a steering failure before the grounding.")
    assert not stands_alone("It was also the second incident involving the vessel this year.")
    assert not stands_alone("\"We felt a jolt and then the lights went out, and nobody told us anything.")
    assert stands_alone("However, the operator said the ship had passed its spring inspection.")  # dropped


def test_a_dropped_connective_keeps_evidence_offsets(test_settings) -> None:
    article = make_article("Meanwhile, the port of Tessaly was closed to traffic for six hours on Sunday.",
                           source="m.txt", outlet="Tessaly Courier")
    kept = compress_pieces(Evidence(article.id, article.text, 0, len(article.text)))
    assert kept.text == "The port of Tessaly was closed to traffic for six hours on Sunday."
    assert [p.text for p in kept.pieces] == ["the port of Tessaly was closed to traffic for six hours on Sunday."]
    assert all(article.text[p.start : p.end] == p.text for p in kept.pieces)


def test_no_fact_is_repeated_in_two_sentences(ferry) -> None:
    ctx, *_ = ferry
    texts = [s.text for s in summarize(ctx)]
    assert sum("212 passengers" in t for t in texts) == 1


def test_a_single_outlet_sentence_is_cited_to_it_alone_and_not_listed_again(ferry) -> None:
    ctx, *_ = ferry
    summary = summarize(ctx)
    exclusives = find_exclusives(ctx)
    for sentence in summary:
        assert sentence.sources == ctx.order_sources(e.article for e in sentence.evidence)
        if len(sentence.sources) == 1:
            e = sentence.evidence[0]
            assert not any(x.article == e.article and x.start < e.end and e.start < x.end for x in exclusives)
    lead = summary[0]
    assert "ran aground" in lead.text or "brought ashore" in lead.text  # the main event first


def test_the_summary_words_a_name_as_most_outlets_spell_it(ferry) -> None:
    ctx, *_ = ferry
    captain = [s for s in summarize(ctx) if "Novik" in s.text]
    for sentence in captain:
        spellings = {ctx.article(e.article).text[e.start : e.end] for e in sentence.evidence}
        if any("Andrej" in t for t in spellings):  # a majority wording was available
            assert "Andrei" not in sentence.text


# ------------------------------------------------- opening, restatements, compression (fictional stories)

BRIDGE_BAN = (
    "The Velmar city council voted on Wednesday to close the Sarn river crossing to lorries. "
    "Councillors said the old stone bridge could no longer carry heavy traffic. "
    "Lorries heading to the port of Velmar will be diverted along the northern ring road from Monday, the council "
    "said, and the port authority warned that deliveries to the port of Velmar would take longer."
)
BRIDGE_BAN_LEDGER = (
    "VELMAR, Norland — Lorries will be banned from the Sarn river bridge in Velmar, the city council (VCC) "
    "decided on Wednesday. "
    "The ban follows an engineers' report on the bridge. "
    "From Monday lorries bound for the port of Velmar must use the northern ring road, and the port authority "
    "said deliveries to the port would take longer."
)
BRIDGE_BAN_HARBOUR = (
    "Heavy goods traffic to the port of Velmar will use the northern ring road from Monday, and the port "
    "authority expects deliveries to the port to take longer, officials said. "
    "Hauliers criticised the short notice."
)


@pytest.fixture()
def bridge_ban(test_settings):
    courier = make_article(BRIDGE_BAN, source="courier.txt", outlet="Velmar Courier")
    ledger = make_article(BRIDGE_BAN_LEDGER, source="ledger.txt", outlet="Coast Ledger")
    harbour = make_article(BRIDGE_BAN_HARBOUR, source="harbour.txt", outlet="Harbour Times")
    ctx = make_context([courier, ledger, harbour], test_settings)
    ctx.facts = [
        fact(ctx, "vote", sentence_evidence(ctx, courier, "The Velmar city council"),
             sentence_evidence(ctx, ledger, "VELMAR")),
        fact(ctx, "ring road", sentence_evidence(ctx, courier, "Lorries heading"),
             sentence_evidence(ctx, ledger, "From Monday"), sentence_evidence(ctx, harbour, "Heavy goods")),
        fact(ctx, "hauliers", sentence_evidence(ctx, harbour, "Hauliers")),
    ]
    return ctx, courier, ledger, harbour


def test_the_summary_opens_with_a_corroborated_lead_not_a_later_sentence_with_more_shared_words(
        bridge_ban, monkeypatch) -> None:
    ctx, courier, ledger, _ = bridge_ban
    summary = summarize(ctx)
    assert summary[0].text.startswith(("The Velmar city council voted", "Lorries will be banned"))
    assert set(summary[0].sources) == {courier.id, ledger.id}
    assert any(s.text.startswith(("Lorries heading", "From Monday", "Heavy goods")) for s in summary[1:])
    # without the rule the ring-road sentence (three outlets, more shared words) would open: the test bites
    summary_module = importlib.import_module("storyfold.analyze.summary")
    monkeypatch.setattr(summary_module, "_openers", lambda _ctx, _candidates: frozenset())
    assert not summarize(ctx)[0].text.startswith(("The Velmar city council voted", "Lorries will be banned"))


def test_a_compressed_sentence_cites_the_exact_words_it_keeps(bridge_ban) -> None:
    ctx, _, ledger, _ = bridge_ban
    lead = sentence_evidence(ctx, ledger, "VELMAR")
    ctx.facts = [fact(ctx, "vote", lead)]
    sentence = next(s for s in summarize(ctx) if s.evidence[0].article == ledger.id)
    assert sentence.text == ("Lorries will be banned from the Sarn river bridge in Velmar, the city council "
                             "decided on Wednesday.")
    assert [e.text for e in sentence.evidence] == [
        "Lorries will be banned from the Sarn river bridge in Velmar, the city council",
        "decided on Wednesday.",
    ]
    for e in sentence.evidence:
        assert ledger.text[e.start : e.end] == e.text
        assert lead.start < e.start and e.end <= lead.end


CLAIMS_TIMES = (
    "Another 41,000 people in Norland applied for unemployment benefits last week, the labour ministry said on "
    "Thursday, as the closure of the Velmar shipyards continued to ripple through the coastal economy."
)
CLAIMS_LEDGER = (
    "Another 41,000 people in Norland filed for unemployment benefits last week, according to figures from the "
    "labour ministry, as shipyard workers and their suppliers faced mass layoffs, furloughs and shorter hours."
)
CLAIMS_OTHER = "Economists had expected about 30,000 new claims, after 38,000 in the week before."


def test_two_leads_with_one_claim_and_different_tails_restate_each_other() -> None:
    """The jobless-claims shape: the same claim before the comma, each outlet's own attribution and context after
    it.  The cosine of the whole sentences stays low, so the claim clause decides."""
    from storyfold.analyze.summary import _contained, _main_clause_words, _sentence_matrix
    from storyfold.analyze.summary_consensus import content_words

    matrix = _sentence_matrix([CLAIMS_TIMES, CLAIMS_LEDGER])
    assert (matrix @ matrix.T).toarray()[0, 1] < importlib.import_module("storyfold.analyze.summary").REDUNDANCY_LIMIT
    chosen = frozenset(content_words(CLAIMS_TIMES))
    assert not _contained(frozenset(content_words(CLAIMS_LEDGER)), chosen)  # whole sentence: tails differ
    assert _contained(_main_clause_words(CLAIMS_LEDGER), chosen)  # the claim: a restatement
    assert not _contained(_main_clause_words(CLAIMS_OTHER), chosen)  # a different figure is news


def test_openers_that_only_look_like_pointers_back_stand_alone() -> None:
    assert stands_alone("Former Mayor Petra Lind announced on Monday that she would run for the regional council.")
    assert stands_alone("Former employees of the Orlen warehouse said fire exits had been blocked for months.")
    assert stands_alone("Another 40 families were evacuated from the riverside district overnight, officials said.")
    assert not stands_alone("Another said the evacuation had come far too late for the riverside district.")
    assert not stands_alone("It was also the third fire at the site in two years.")


def test_a_straight_mark_may_close_a_curly_quotation() -> None:
    assert quotes_balanced("The union called the offer “an insult to every docker\" and walked out on Tuesday.")
    assert quotes_balanced("She said \"no\" twice and “never” once.")
    assert not quotes_balanced("The union called the offer “an insult to every docker and walked out.")
    assert not quotes_balanced("He said \"the span just dropped and left.")


DUNMORE_POST = (
    "Police arrested a 34-year-old man in Dunmore on Sunday after a stabbing outside a nightclub, the force said. "
    "The victim, a 22-year-old student, was taken to Dunmore General Hospital with wounds to his chest. "
    "Officers closed Harbour Street for six hours while forensic teams searched the area."
)
DUNMORE_ECHO = (
    "A man, 34, was arrested in Dunmore on Sunday following a stabbing outside a nightclub. "
    "A student aged 22 was treated for chest wounds at Dunmore General Hospital, police said. "
    "Detectives appealed for witnesses who filmed the fight on their phones to come forward."
)


def test_a_single_source_fact_another_outlet_rewords_is_not_exclusive(test_settings):
    """Fact alignment is strict, so another outlet's rewording can stay a fact of its own; an
    exclusive ("only this outlet reports it") must not be echoed even loosely elsewhere."""
    post = make_article(DUNMORE_POST, source="post.txt", outlet="Dunmore Post", published="2024-09-02")
    echo = make_article(DUNMORE_ECHO, source="echo.txt", outlet="Coastal Echo", published="2024-09-02")
    ctx = make_context([post, echo], test_settings)

    def ev(article, opening):
        return sentence_evidence(ctx, article, opening)

    ctx.facts = [fact(ctx, "arrest", ev(post, "Police arrested"), ev(echo, "A man, 34")),
                 fact(ctx, "victim", ev(post, "The victim")), fact(ctx, "treated", ev(echo, "A student aged")),
                 fact(ctx, "street", ev(post, "Officers closed")), fact(ctx, "appeal", ev(echo, "Detectives"))]
    exclusives = [x.text for x in find_exclusives(ctx, summary=[])]
    assert any(t.startswith("Officers closed") for t in exclusives)
    assert any(t.startswith("Detectives appealed") for t in exclusives)
    assert not any(t.startswith(("The victim", "A student aged")) for t in exclusives)


# Two outlets tell one planned meeting in different words: strict fact alignment keeps them apart,
# the timeline puts the dated act together.  Fictional countries and people.
BORDER_COURIER = (
    "Marnia arrested two Veldran border guards on Monday after they crossed into the Tarsk valley, "
    "the Marnian interior ministry said. "
    "The guards were taken to a military base near the town of Ulm for questioning, officials said. "
    "Meanwhile, Veldran foreign ministry spokesman Oskar Brandt said its officials would take part in talks "
    "with Marnia in Osrin planned for Thursday. "
    "Veldra has denied that the guards were on Marnian soil."
)
BORDER_DAILY = (
    "Two Veldran border guards were detained by Marnian forces in the Tarsk valley on Monday, "
    "according to the Marnian interior ministry. "
    "Marnian envoy Lena Kovic said the two governments will hold talks on Thursday in Osrin on reopening "
    "the consulates both closed last year. "
    "Veldra says its guards never left Veldran territory."
)


def test_a_dated_act_the_timeline_finds_in_two_outlets_is_no_exclusive():
    from storyfold.analyze import analyze_story

    articles = [make_article(BORDER_COURIER, outlet="Tarsk Courier", published="2026-06-09"),
                make_article(BORDER_DAILY, outlet="Osrin Daily", published="2026-06-09")]
    story = analyze_story(make_context(articles), "border")
    talks = [e for e in story.timeline if "Osrin" in e.text and len(e.sources) == 2]
    assert talks, [e.text for e in story.timeline]  # the premise: the timeline has the talks from both
    exclusive = " ".join(x.text for x in story.exclusives)
    assert "Osrin" not in exclusive
    assert "military base near the town of Ulm" in exclusive  # a real exclusive stays


def test_a_source_whose_sentence_cannot_stand_alone_is_still_cited(test_settings):
    """The council's sentence sits inside a quotation (no summary can open with it), yet it states the
    mayor's order: the summary worded by the Herald cites the Council Bulletin too."""
    bulletin_text = ("\"The city is in shock. The mayor declared three days of mourning and ordered checks of all "
                     "bridges in Koleva,\" a council spokesman said on Tuesday.")
    herald = make_article(HERALD, source="herald.txt", outlet="Koleva Herald", published="2024-05-06")
    bulletin = make_article(bulletin_text, source="bulletin.txt", outlet="Council Bulletin", published="2024-05-07")
    ctx = make_context([herald, bulletin], test_settings)
    inside = sentence_evidence(ctx, bulletin, "The mayor")
    ctx.facts = [fact(ctx, "mayor", sentence_evidence(ctx, herald, "The mayor"), inside)]
    mourning = next(s for s in summarize(ctx) if "mourning" in s.text)
    assert mourning.text.startswith("The mayor declared") and mourning.evidence[0].article == herald.id
    assert mourning.sources == ctx.order_sources([herald.id, bulletin.id])


PLANT_ACCUSED = (
    "Regulators accused the Dravik chemical plant of dumping solvent into the Sarn river for months, the "
    "environment agency said on Monday. Fish died along ten kilometres of the river in March. "
    "Inspectors found two open drains behind the plant's storage hall, the agency said."
)
PLANT_ANSWER = (
    "The environment agency said the Dravik chemical plant had dumped solvent into the Sarn river for months. "
    "Fish died along ten kilometres of the river in March, anglers said. "
    "The plant's owner denied dumping any solvent into the Sarn river and said its drains were sealed. "
    "The owner also rejected a request to open its books to the agency."
)


def test_the_summary_gives_the_accused_sides_answer(test_settings):
    """An accusation summarised without the answer reads as taking sides: the owner's denial of the
    dumping is added (cited to its outlet); a rejection about something else is not the answer."""
    agency = make_article(PLANT_ACCUSED, source="ledger.txt", outlet="Sarn Ledger", published="2024-05-06")
    owner = make_article(PLANT_ANSWER, source="post.txt", outlet="Dravik Post", published="2024-05-06")
    ctx = make_context([agency, owner], test_settings)
    ctx.facts = [
        fact(ctx, "dumping", sentence_evidence(ctx, agency, "Regulators"),
             sentence_evidence(ctx, owner, "The environment")),
        fact(ctx, "fish", sentence_evidence(ctx, agency, "Fish"), sentence_evidence(ctx, owner, "Fish")),
        fact(ctx, "drains", sentence_evidence(ctx, agency, "Inspectors")),
        fact(ctx, "denial", sentence_evidence(ctx, owner, "The plant's owner")),
        fact(ctx, "books", sentence_evidence(ctx, owner, "The owner also")),
    ]
    summary = summarize(ctx)
    answer = [s for s in summary if "denied" in s.text]
    assert len(answer) == 1 and answer[0].sources == [owner.id]
    assert not any("rejected a request" in s.text for s in summary)


def test_the_answer_keeps_the_summary_within_its_word_limit(test_settings):
    """Short of room, the answer takes the place of the least corroborated later sentences: the summary
    never grows past the setting's most words for it."""
    agency = make_article(PLANT_ACCUSED, source="ledger.txt", outlet="Sarn Ledger", published="2024-05-06")
    owner = make_article(PLANT_ANSWER, source="post.txt", outlet="Dravik Post", published="2024-05-06")
    ctx = make_context([agency, owner], test_settings.replace(summary_max_words=40))
    ctx.facts = [
        fact(ctx, "dumping", sentence_evidence(ctx, agency, "Regulators"),
             sentence_evidence(ctx, owner, "The environment")),
        fact(ctx, "fish", sentence_evidence(ctx, agency, "Fish"), sentence_evidence(ctx, owner, "Fish")),
        fact(ctx, "denial", sentence_evidence(ctx, owner, "The plant's owner")),
    ]
    summary = summarize(ctx)
    assert sum(len(s.text.split()) for s in summary) <= 40
    assert summary[0].text.startswith("Regulators accused") and "denied" in summary[-1].text
