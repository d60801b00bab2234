"""Plain-text block classifier: article text kept, every chrome block removed with a reason, offsets exact."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfold.clean import reasons
from storyfold.clean.blocks import looks_hard_wrapped, split_blocks
from storyfold.clean.sections import content_stems, topic_overlap
from storyfold.clean.shape import is_byline, is_name_line, looks_like_headline
from storyfold.clean.text import clean_text, glued_chrome_end
from storyfold.clean.wording import menu_reason, wording_reason
from storyfold.ingest import read_inputs
from storyfold.model import Article, RawDocument
from storyfold.settings import Settings


def cleaned(raw: str, **fields: object) -> Article:
    article = Article(id="a1", source="inline/a1.txt", raw=raw, fields=dict(fields))
    clean_text(article)
    assert_offsets_exact(article)
    return article


def assert_offsets_exact(article: Article) -> None:
    """Every removed span is the raw text at its offsets, and spans never overlap."""
    previous_end = 0
    for span in sorted(article.removed, key=lambda s: s.start or 0):
        assert span.start is not None and span.end is not None
        assert article.raw[span.start:span.end] == span.text
        assert span.start >= previous_end
        previous_end = span.end


def reason_of(article: Article, fragment: str) -> str | None:
    """The reason the span holding ``fragment`` was removed for (None: it was kept or is absent)."""
    for span in article.removed:
        if fragment in " ".join(span.text.split()):
            return span.reason
    return None


def assert_kept(article: Article, *fragments: str) -> None:
    for fragment in fragments:
        assert fragment in article.text, f"lost article text: {fragment!r}"
        assert reason_of(article, fragment) is None


def assert_removed(article: Article, expected: dict[str, str | set[str]]) -> None:
    for fragment, reason in expected.items():
        assert fragment not in article.text, f"chrome kept: {fragment!r}"
        allowed = reason if isinstance(reason, set) else {reason}
        assert reason_of(article, fragment) in allowed, f"{fragment!r}: {reason_of(article, fragment)}"


# ------------------------------------------------------------------------ a fictional outlet, all chrome kinds

BRIDGE_PAGE = """\
This site uses cookies so that we can remember you and understand how you use our site. Accept | Reject | Settings
THE ALDERMOOR COURIER
News  Sport  Opinion  Weather  Obituaries  Shop
Sign in

Transport
Aldermoor footbridge closed after cracks found in main girder

By Priya Castellano and Ben Oduya
Thursday 6 February 2025, 09:12 · 3 min read

Facebook | WhatsApp | Copy link | Print this article
Advertisement
Council engineers closed the Kettle Lane footbridge over the Aldermoor railway on Wednesday evening after an \
inspection found cracks up to 40 centimetres long in its main steel girder.

The bridge, which carries about 6,000 pedestrians a day between the station and the Westfield estate, will stay \
shut for at least three weeks while specialists decide whether it can be repaired, the council said.

The cracks were found by a contractor during a routine survey. Rail services below the bridge were halted for two \
hours while engineers checked that no debris could fall onto the track.

Engineers inspect the underside of the Kettle Lane bridge on Wednesday (Photo: Marta Llewellyn/Courier)

"Nobody was ever in danger, but we are not taking any chances with a structure this old," said Hamid Qureshi, \
the council's head of highways.

"We know this is a huge inconvenience."

Residents of the Westfield estate now face a detour of almost two kilometres. Shopkeeper Dolores Finch said her \
takings had halved overnight. "People simply will not walk that far for a pint of milk," she said.

Keep up with Aldermoor: get our free Morning Bulletin delivered to your inbox every weekday.
Your email address
Sign me up
You can unsubscribe at any time.

- Repairs could take months -

A report presented to the council in 2021 warned that the 1960s bridge needed new bearings and a protective coat \
for its girders, but the work was postponed twice to save money, council minutes show.

Opposition councillor Ruth Abernethy said the closure of the bridge was the price of years of delay. "We were told \
the girders had another decade in them," she said.

Read more:
Westfield estate residents fight closure of last bus route
Council tax to rise by 4.9% in April

Quality local journalism costs money. If you value our reporting on Aldermoor, please consider a contribution \
from as little as £2 a month. Every penny goes to our newsroom.

Priya Castellano is the Courier's transport correspondent, covering roads, rail and buses across the district.

Copyright © 2025 Aldermoor Courier Ltd. All rights reserved.
"""

BRIDGE_BODY = (
    "Council engineers closed the Kettle Lane footbridge over the Aldermoor railway on Wednesday evening",
    "The bridge, which carries about 6,000 pedestrians a day",
    "The cracks were found by a contractor during a routine survey.",
    '"Nobody was ever in danger, but we are not taking any chances with a structure this old,"',
    '"We know this is a huge inconvenience."',
    "People simply will not walk that far for a pint of milk",
    "- Repairs could take months -",
    "A report presented to the council in 2021 warned",
    "Opposition councillor Ruth Abernethy said the closure",
)

BRIDGE_CHROME = {
    "This site uses cookies": reasons.COOKIE,
    "THE ALDERMOOR COURIER": reasons.NAVIGATION,
    "News Sport Opinion Weather": reasons.NAVIGATION,
    "Sign in": reasons.NAVIGATION,
    "Aldermoor footbridge closed after cracks found in main girder": reasons.TITLE,
    "By Priya Castellano and Ben Oduya": reasons.BYLINE,
    "Thursday 6 February 2025, 09:12": reasons.BYLINE,
    "Facebook | WhatsApp | Copy link": reasons.SHARE,
    "Advertisement": reasons.ADVERTISEMENT,
    "Engineers inspect the underside": reasons.CAPTION,
    "get our free Morning Bulletin": reasons.NEWSLETTER,
    "Your email address": {reasons.FORM, reasons.NEWSLETTER},
    "Sign me up": reasons.NEWSLETTER,
    "You can unsubscribe at any time.": reasons.NEWSLETTER,
    "Read more:": reasons.RELATED,
    "Westfield estate residents fight closure": reasons.RELATED,
    "Council tax to rise by 4.9% in April": reasons.RELATED,
    "Quality local journalism costs money.": reasons.DONATION,
    "Priya Castellano is the Courier's transport correspondent": reasons.AUTHOR_BIO,
    "All rights reserved.": reasons.FOOTER,
}


def test_fictional_page_keeps_every_article_paragraph() -> None:
    article = cleaned(BRIDGE_PAGE)
    assert_kept(article, *BRIDGE_BODY)
    assert article.text.startswith("Council engineers closed")


def test_fictional_page_removes_every_chrome_block_with_its_reason() -> None:
    assert_removed(cleaned(BRIDGE_PAGE), BRIDGE_CHROME)


def test_cleaned_text_is_paragraphs_joined_by_blank_lines() -> None:
    article = cleaned(BRIDGE_PAGE)
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == len(BRIDGE_BODY)
    assert all(p == p.strip() and "\n" not in p for p in paragraphs)


def test_container_title_is_found_even_when_it_is_not_the_last_headline_line() -> None:
    page = BRIDGE_PAGE.replace("Transport\n", "Bridge works update due today\n")
    article = cleaned(page, title="Aldermoor footbridge closed after cracks found in main girder")
    assert reason_of(article, "Aldermoor footbridge closed") == reasons.TITLE


WIRE_PAGE = """\
World
Markets
Business

Zarvian central bank raises rates to 9% as inflation bites
By Lena Moritz
4 minute read
Updated 2 hours ago

OSLAVA, March 3 (Meridian Wire) - Zarvia's central bank raised its main interest rate by 75 basis points to 9% \
on Monday, its biggest increase in two decades, as inflation climbed to its highest level since 1998.

Governor Teodor Ilic said the bank was ready to act again. "We will not let inflation become entrenched," he said.

The zarv strengthened 1.2% against the euro after the announcement.

Reporting by Lena Moritz; Editing by Paul Brandt

Our Standards: The Meridian Wire Trust Principles.

Suggested Topics:
Economy
Central Banks

Get weekly news and analysis on the economy delivered to your inbox
Sign up here.
"""

BLOG_PAGE = """\
Menu
Search for:

Posted on 12/03/2025 by admin

Heatwave closes schools across the lowlands

Schools across the lowland provinces will close on Thursday and Friday as temperatures are forecast to reach 41C, \
the education ministry announced on Wednesday.

"Children's safety comes first. No classroom in this country is built for this heat," Minister Sabine Okoro said.

Tags: heatwave, schools, education
Leave a Reply
Your email address will not be published. Required fields are marked *
Name *
Save my name, email, and website in this browser for the next time I comment.
Post Comment
"""


def test_wire_capture_with_topic_list_and_standards_footer() -> None:
    article = cleaned(WIRE_PAGE)
    assert_kept(article, "OSLAVA, March 3 (Meridian Wire) - Zarvia's central bank", '"We will not let inflation',
                "The zarv strengthened", "Reporting by Lena Moritz; Editing by Paul Brandt")
    assert_removed(article, {
        "World": reasons.NAVIGATION,
        "Zarvian central bank raises rates": reasons.TITLE,
        "By Lena Moritz": reasons.BYLINE,
        "Updated 2 hours ago": reasons.BYLINE,
        "Our Standards:": reasons.FOOTER,
        "Suggested Topics:": reasons.NAVIGATION,
        "Central Banks": reasons.NAVIGATION,
        "delivered to your inbox": reasons.NEWSLETTER,
    })


def test_blog_capture_with_comment_form() -> None:
    article = cleaned(BLOG_PAGE)
    assert article.text.split("\n\n")[0].startswith("Schools across the lowland provinces")
    assert article.text.split("\n\n")[-1].startswith('"Children')
    assert_removed(article, {
        "Search for:": reasons.NAVIGATION,
        "Posted on 12/03/2025 by admin": reasons.BYLINE,
        "Heatwave closes schools": reasons.TITLE,
        "Tags: heatwave": reasons.NAVIGATION,
        "Leave a Reply": reasons.COMMENTS,
        "will not be published": reasons.FORM,
        "Save my name": reasons.FORM,
        "Post Comment": reasons.COMMENTS,
    })


GERMAN_PAGE = """\
Zum Inhalt springen
Politik  Wirtschaft  Sport  Kultur  Wissen
Jetzt abonnieren

Brücke in Altenhain nach Rissen gesperrt

Von Jana Berger
14.03.2025, 18:05 Uhr

Die Stadt Altenhain hat die Fußgängerbrücke über die Bahnlinie am Mittwochabend gesperrt, nachdem Prüfer Risse \
von bis zu 40 Zentimetern im Hauptträger entdeckt hatten.

„Niemand war in Gefahr, aber wir gehen bei einem so alten Bauwerk kein Risiko ein", sagte Amtsleiter Hamid Kurt.

Die Brücke wird nach Angaben der Stadt mindestens drei Wochen gesperrt bleiben.

Mehr zum Thema
Neue Buslinie für das Westend ab April
Grundsteuer steigt um 4,9 Prozent

Newsletter abonnieren
Ihre E-Mail-Adresse
© 2025 Altenhainer Anzeiger
"""


def test_chrome_in_an_unseen_language_goes_by_shape_and_position() -> None:
    article = cleaned(GERMAN_PAGE)
    assert article.text.count("\n\n") == 2  # the three article paragraphs and nothing else
    assert_kept(article, "Die Stadt Altenhain hat", "„Niemand war in Gefahr", "mindestens drei Wochen")
    assert_removed(article, {
        "Politik Wirtschaft Sport": reasons.NAVIGATION,
        "Jetzt abonnieren": reasons.NAVIGATION,
        "Brücke in Altenhain nach Rissen gesperrt": reasons.TITLE,
        "14.03.2025, 18:05 Uhr": reasons.BYLINE,
        "Mehr zum Thema": reasons.RELATED,
        "Grundsteuer steigt": reasons.RELATED,
        "© 2025 Altenhainer Anzeiger": reasons.FOOTER,
    })


# ------------------------------------------------------------------------ round-ups and sub-headings

FLOOD_STORY = """\
Floodwater forced the evacuation of 300 homes in the river town of Brenmoor on Saturday after the Lissom burst \
its banks following three days of heavy rain, the county fire service said.

Fire crews used boats to reach elderly residents trapped on upper floors in the streets nearest the river, and \
an emergency shelter was opened at Brenmoor leisure centre.

"The river rose faster than anyone here has ever seen," said parish councillor Alma Reyes.

- Flood defences under scrutiny -

Residents questioned why flood barriers promised for Brenmoor after the 2019 floods had not been built. The \
county council said the river barriers were due to be finished next year.

The Environment Agency said river levels on the Lissom would stay high until Monday, and flood warnings remain \
in place for the town and for two villages downstream.

- Museum reopens after refit -

The county museum in Hartsfield reopened its doors on Saturday after an eighteen-month refit that cost 12 million \
pounds, with a new gallery devoted to Roman coins found by metal detectorists.

Visitor numbers are expected to double, the museum's director told a press conference, praising the architects.
"""


def test_trailing_offtopic_section_is_a_roundup_and_the_ontopic_section_stays() -> None:
    article = cleaned(FLOOD_STORY)
    assert_kept(article, "- Flood defences under scrutiny -", "Residents questioned why flood barriers")
    assert_kept(article, "river levels on the Lissom would stay high")
    assert_removed(article, {
        "- Museum reopens after refit -": reasons.ROUNDUP,
        "The county museum in Hartsfield": reasons.ROUNDUP,
        "Visitor numbers are expected to double": reasons.ROUNDUP,
    })


def test_article_ending_in_an_ontopic_section_loses_nothing() -> None:
    story = FLOOD_STORY.split("- Museum")[0]
    article = cleaned(story)
    assert article.removed == []
    assert article.text.count("\n\n") == 5


def test_a_long_section_after_a_short_opening_is_never_a_roundup() -> None:
    """A misread lead (a gallery line) must not get the whole body judged against one line."""
    opening = "Photographers gathered outside the court in Lennart on Monday morning as the hearing began."
    body = FLOOD_STORY.split("- Flood defences")[0]
    article = cleaned(f"{opening}\n\nView all (4)\n\n{body}")
    assert_kept(article, "Floodwater forced the evacuation", "The river rose faster")


def test_headline_over_the_byline_wins_over_a_later_credit_line() -> None:
    page = (
        "Harbour tunnel to reopen after six-month refit\nBy Ana Petrova\nKESTREL NEWS AGENCY\n\n"
        + FEED_TAIL.split("Port operator")[0]
    )
    article = cleaned(page)
    assert reason_of(article, "Harbour tunnel to reopen") == reasons.TITLE
    assert reason_of(article, "KESTREL NEWS AGENCY") in {reasons.BYLINE, reasons.NAVIGATION}  # an agency credit


def test_link_lines_are_not_menus() -> None:
    assert wording_reason("http://example.org/shop/item-42") is None
    assert menu_reason("http://example.org/shop/item-42") is None
    assert menu_reason("World / Europe / Business") == reasons.NAVIGATION


def test_topic_overlap_separates_follow_up_from_other_news() -> None:
    reference = content_stems(["Floodwater forced the evacuation of homes after the river burst its banks"])
    follow_up = content_stems(["Residents said the river floods every winter and evacuation plans are old"])
    other = content_stems(["The museum reopened after a refit with a gallery of Roman coins"])
    assert topic_overlap(follow_up, reference) > topic_overlap(other, reference)


# ------------------------------------------------------------------------ feeds and teasers after the article

FEED_TAIL = """\
Harbour pilots in Vellmouth went on strike on Monday over a new shift pattern, leaving eleven cargo ships \
waiting at anchor outside the port, the port authority said.

The pilots' union said the new rota would leave crews working fourteen-hour days. "Tired pilots make mistakes, and \
mistakes in a harbour cost lives," union secretary Colm Aherne said.

Talks between the union and the port authority are due to resume on Wednesday under an independent mediator.

Port operator shares slump as strike enters second day
Shares in Vellmouth Port Holdings fell 6% on Tuesday as investors weighed the cost of the pilots' walkout.

We rely on readers, not billionaires. Support our journalism today.

Live updates

10:42 AM

Ferry timetable changes for the spring season.

Operators on the island routes confirmed the new timetable, which adds two evening sailings on Fridays.

TOP STORIES
"""


def test_teaser_before_closing_chrome_and_feed_items_are_related_stories() -> None:
    article = cleaned(FEED_TAIL)
    assert_kept(article, "Harbour pilots in Vellmouth", "Tired pilots make mistakes", "independent mediator.")
    assert_removed(article, {
        "Port operator shares slump as strike enters second day": reasons.RELATED,
        "Shares in Vellmouth Port Holdings fell": reasons.RELATED,
        "Support our journalism today.": reasons.DONATION,
        "Live updates": reasons.RELATED,
        "10:42 AM": reasons.RELATED,
        "Ferry timetable changes": reasons.RELATED,
        "Operators on the island routes": reasons.RELATED,
        "TOP STORIES": reasons.RELATED,
    })


def test_subheading_and_last_paragraph_before_a_footer_are_kept_in_a_short_article() -> None:
    ending = "What happens next\nThe mediator will report by Friday.\n© Vellmouth Post"
    page = FEED_TAIL.split("Port operator")[0] + ending
    article = cleaned(page)
    assert_kept(article, "What happens next", "The mediator will report by Friday.")


def test_inline_teaser_link_inside_the_article_takes_nothing_after_it() -> None:
    page = FEED_TAIL.split("Port operator")[0].replace(
        "Talks between",
        "Read more:\nWhy harbour pilots are so hard to replace\n\nThe dispute\n"
        "The union and the port authority have disagreed about rotas since the new port director arrived in 2023.\n\n"
        "Talks between",
    )
    article = cleaned(page)
    assert_removed(article, {"Read more:": reasons.RELATED, "Why harbour pilots are so hard": reasons.RELATED})
    assert_kept(article, "The dispute", "The union and the port authority have disagreed", "Talks between")


# ------------------------------------------------------------------------ splitting and shapes


def test_chrome_glued_to_the_lead_on_one_line_is_split_off() -> None:
    lead = "Three climbers were rescued from the north face of Mount Ossery on Sunday after a storm trapped them."
    article = cleaned(f"Advertisement {lead}\n\nRescuers said all three were unhurt but very cold.")
    assert article.text.startswith("Three climbers")
    assert reason_of(article, "Advertisement") == reasons.ADVERTISEMENT
    glued = f"Sign up for our weekly newsletter. {lead}"
    assert glued[glued_chrome_end(glued):] == lead


def test_hard_wrapped_capture_is_read_paragraph_by_paragraph() -> None:
    wrapped = (
        "The regional parliament approved a new budget on Thursday after a\n"
        "marathon session that ran past midnight, with 61 votes in favour and\n"
        "48 against.\n\n"
        "Opposition members walked out before the final vote, saying they had\n"
        "not been given time to read the last-minute amendments tabled.\n"
    )
    assert looks_hard_wrapped(wrapped)
    blocks = split_blocks(wrapped)
    assert len(blocks) == 2
    assert blocks[0].flat.endswith("48 against.")


def test_a_piece_cut_from_a_block_keeps_its_raw_offsets() -> None:
    raw = "Menu\n  Advertisement   Three climbers were rescued on Sunday.  \n"
    block = split_blocks(raw)[1]
    cut = block.text.index("Three")
    marker, lead = block.piece(0, cut), block.piece(cut, len(block.text))
    assert raw[marker.start:marker.end] == marker.text == "Advertisement"
    assert raw[lead.start:lead.end] == lead.text == "Three climbers were rescued on Sunday."


def test_line_broken_appeal_is_one_block() -> None:
    blocks = split_blocks("Reporting that answers to readers —\nnot to owners.\nNext line")
    assert [b.flat for b in blocks] == ["Reporting that answers to readers — not to owners.", "Next line"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("We use cookies to personalise content. By clicking Accept you agree.", reasons.COOKIE),
        ("Share this story: Facebook Twitter Email", reasons.SHARE),
        ("Story continues below advertisement", reasons.ADVERTISEMENT),
        ("Listen to this article · 6 min", reasons.MEDIA),
        ("Please enter a valid email address", reasons.FORM),
        ("* Required field", reasons.FORM),
        ("Thanks for subscribing! Check your inbox to confirm.", reasons.NEWSLETTER),
        ("Unlimited access from 99p a week. Already a subscriber? Log in", reasons.SUBSCRIPTION),
        ("Become a supporter and help us keep our reporting free for everyone.", reasons.DONATION),
        ("Protesters gathered in the square on Monday evening (Reuters/Ana Petrova)", reasons.CAPTION),
        ("View gallery: scenes from the carnival parade", reasons.CAPTION),
        ("Most viewed", reasons.RELATED),
        ("Related: How the city budget is spent", reasons.RELATED),
        ("Skip to navigation", reasons.NAVIGATION),
        ("12 comments", reasons.COMMENTS),
        ("SEE MORE: Harbour tolls rise for the third year running", reasons.RELATED),
        ("Tell us what you think...", reasons.COMMENTS),
        ("Copyright Coastal Media Group 2024 - ISSN 1234-5678", reasons.FOOTER),
        ("Lena Moritz can be reached at lmoritz@example.org.", reasons.AUTHOR_BIO),
        ("Email Lena Moritz at lmoritz@example.org or follow her @lenamoritz.", reasons.AUTHOR_BIO),
        ("Get Coastal Weekly delivered through your letterbox every month. 12 issues for 9.99.", reasons.SUBSCRIPTION),
        (
            "Start every weekday with the Harbour Brief, the five stories our editors think matter before the "
            "markets open and the ferries sail. Sign up for the free morning newsletter.",
            reasons.NEWSLETTER,
        ),
    ],
)
def test_wording_families(line: str, reason: str) -> None:
    assert wording_reason(line) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "The newspaper said it would put its archive behind a paywall from next year, ending free access for readers.",
        "Few residents signed up for the scheme, officials said.",
        "Air raid alerts sounded across the region for three hours.",
        '"We need your support to rebuild the school," the headmaster told parents.',
        "The photo agency said its photographer had been detained at the border on Monday.",
        "Members of the committee voted against the plan by seven votes to two.",
        "Police said the man was arrested after he was seen near the station (Ukraine's rail hub).",
        "He is being held by the SBU (Ukraine's Security Service).",
        "Copyright lawyers said the ruling would be appealed.",
        "Readers could post comments anonymously until 2019, the editor said.",
        "Elsewhere in the city, police arrested two men.",
        "The island can be reached at low tide by a narrow causeway, the ferry operator said.",
        "Copyright Office officials in Washington said the rules would change in 2026.",
        "Officials urged residents to sign up for flood alerts, the council said.",
        "Subscribers to the newsletter received the warning a day earlier, the company said.",
    ],
)
def test_news_sentences_are_not_chrome(sentence: str) -> None:
    assert wording_reason(sentence) is None


def test_shapes() -> None:
    assert looks_like_headline("Ferry timetable changes for the spring season")
    assert not looks_like_headline("The ferry left at noon.")
    assert is_byline("By Ana Petrova")
    assert is_byline("Updated 14:05 GMT, Tue 4 March 2025")
    assert is_byline("Metro · 2 min read")
    assert not is_byline("By Tuesday evening the fire had been put out.")
    assert is_name_line("Ana Petrova and Li Wei")
    assert not is_name_line("Talks resume on Wednesday.")


# ------------------------------------------------------------------------ the real seeds

SEED_BODY = {
    "000": (
        "Two Chinese soldiers have been captured inside Ukraine",
        "Mr Zelensky said the clash with the Chinese soldiers occurred near the villages of Tarasivka",
        '"However, that would be slightly high risk by Russia, as Trump does not like the Chinese."',
        "China has provided strong diplomatic support for Russia since it invaded Ukraine in February 2022",
    ),
    "001": (
        "Ukrainian troops have captured two Chinese nationals who were fighting in the ranks",
        '"We definitely need a reaction to this.',
        "In response, Pyongyang reportedly transferred an additional 3,000 soldiers",
    ),
    "002": (
        "Ukrainian President Volodymyr Zelensky revealed on Tuesday",
        "Beijing, however, positions itself as a neutral party in the conflict",
    ),
    "003": (
        "President Volodymyr Zelensky said Tuesday that Ukrainian troops had captured two Chinese citizens",
        'At one point he is heard saying the word "commander".',
        "- US says capture 'disturbing' -",
        "Washington voiced alarm at the capture of two Chinese citizens",
        "Ukraine has been urging its Western partners to respond",
    ),
    "004": (
        "Kyiv, Ukraine — The Ukrainian military has captured two Chinese men",
        "with the latter even providing troops",
        "He didn't elaborate what the talks would be about",
    ),
}

SEED_CHROME: dict[str, dict[str, str | set[str]]] = {
    "000": {
        "Your support helps us to tell the story": reasons.DONATION,
        "Your support makes all the difference.": reasons.DONATION,
        "open image in gallery The Ukrainian president said": reasons.CAPTION,
        "( Korean Central News Agency/Korea News Service )": reasons.CAPTION,
    },
    "001": {
        "Stand behind Ukrainian independent journalism": {reasons.DONATION, reasons.SUBSCRIPTION},
        "Skip to content": reasons.NAVIGATION,
        "Edit post": reasons.NAVIGATION,
        "Ukraine captured 2 Chinese nationals fighting for Russia, Zelensky says": reasons.TITLE,
        "by Tim Zadorozhnyy and Kateryna Denisova": reasons.BYLINE,
        "A screenshot from a video purporting to show": reasons.CAPTION,
        "This audio is created with AI assistance": reasons.MEDIA,
        "Trump ‘not happy’ with Russian bombing": reasons.RELATED,
        "Trump has expressed frustration": reasons.RELATED,
        "Independent journalism needs a community": {reasons.DONATION, reasons.SUBSCRIPTION},
        "We’re working hard to show the world": reasons.DONATION,
        "Can we reach 20,000 members?": reasons.DONATION,
        "News Feed": reasons.RELATED,
        "7:04 PM": reasons.RELATED,
        "Ultimate guide on how drones changed warfare": reasons.RELATED,
        "Francis Farrel provides an ultimate guide": reasons.RELATED,
        "MORE NEWS": reasons.RELATED,
        "Editors' Picks": reasons.RELATED,
        "Enter your email to subscribe": {reasons.FORM, reasons.NEWSLETTER},
        "* indicates required": reasons.FORM,
        "Explaining Ukraine with Kate Tsurkan": {reasons.FORM, reasons.NEWSLETTER},
        "Thank you for signing up for this newsletter.": reasons.NEWSLETTER,
    },
    "002": {"Photo: EPA-EFE / SERGEY DOLZHENKO": reasons.CAPTION},
    "003": {
        "- 20 injured in drone strikes -": reasons.ROUNDUP,
        "Dnipropetrovsk regional governor Sergiy Lysak": reasons.ROUNDUP,
        "impacting confectionery and paint manufacturers": reasons.ROUNDUP,
    },
    "004": {},
}


def seed_article(seeds_dir: Path, prefix: str) -> Article:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    (doc,) = [d for d in read_inputs([str(path)], Settings()) if isinstance(d, RawDocument)]
    article = Article.from_raw(doc)
    clean_text(article)
    assert_offsets_exact(article)
    return article


@pytest.mark.parametrize("prefix", sorted(SEED_BODY))
def test_seed_keeps_its_article(seeds_dir: Path, prefix: str) -> None:
    article = seed_article(seeds_dir, prefix)
    assert_kept(article, *SEED_BODY[prefix])


@pytest.mark.parametrize("prefix", sorted(SEED_CHROME))
def test_seed_chrome_is_removed_with_reasons(seeds_dir: Path, prefix: str) -> None:
    article = seed_article(seeds_dir, prefix)
    assert_removed(article, SEED_CHROME[prefix])
    kept_paragraphs = article.text.split("\n\n")
    assert all(wording_reason(p) is None for p in kept_paragraphs)


@pytest.mark.parametrize("prefix", sorted(SEED_BODY))
def test_seed_loses_no_sentence_of_the_article(seeds_dir: Path, prefix: str) -> None:
    """Everything removed is a known chrome reason, and removed prose is only teaser, appeal or round-up text."""
    article = seed_article(seeds_dir, prefix)
    prose_reasons = {reasons.RELATED, reasons.DONATION, reasons.SUBSCRIPTION, reasons.ROUNDUP, reasons.CAPTION,
                     reasons.NEWSLETTER}
    for span in article.removed:
        if len(span.text.split()) > 25:
            assert span.reason in prose_reasons, span
    header = [s for s in article.removed if s.reason == reasons.CAPTURE_HEADER]
    assert all(s.start == 0 for s in header)
