"""A quotation is cited to the outlets that print its words; the others show their own words."""

from __future__ import annotations

from storyfold.model import Analysis, Article, Evidence, Quote, QuoteVariant, Story
from storyfold.report.markdown import render_markdown
from storyfold.report.quote_citations import quote_citations

FULL = "We will not sign any deal that leaves the northern valleys without water. Not this year, not ever."


def _quote() -> Quote:
    # Outlet a prints the whole quote in two sentences, b a punctuation variant, c a short fragment of it,
    # d a paraphrase of one phrase in other words.
    evidence = [
        Evidence("a", "We will not sign any deal that leaves the northern valleys without water.", 10, 84),
        Evidence("a", "Not this year, not ever.", 90, 114),
        Evidence("b", "We will not sign any deal that leaves the northern valleys without water - not this year, "
                      "not ever", 5, 100),
        Evidence("c", "northern valleys without water", 40, 70),
        Evidence("d", "never this year or any other", 12, 40),
    ]
    variant = QuoteVariant("We will not sign any deal that leaves the northern valleys without water - not this year, "
                           "not ever", ["b"])
    return Quote("Ana Rovel", FULL, ["a", "b", "c", "d"], [variant], evidence)


def test_only_outlets_printing_the_words_are_cited_for_them():
    cited = quote_citations(_quote())
    assert cited.printed_by == ["a", "b"]
    assert cited.in_part == [("northern valleys without water", ["c"]), ("never this year or any other", ["d"])]


def test_a_shown_variant_accounts_for_its_outlet():
    quote = _quote()
    quote.variants = [QuoteVariant("northern valleys without water", ["c"])]
    cited = quote_citations(quote)
    assert "c" not in cited.printed_by
    assert [sources for _, sources in cited.in_part] == [["d"]]


def test_without_evidence_every_source_is_cited():
    quote = _quote()
    quote.evidence = []
    assert quote_citations(quote).printed_by == ["a", "b", "c", "d"]


def test_markdown_shows_the_fragment_with_its_outlet():
    articles = [Article(id=x, source=f"{x}.txt", raw="", text="", outlet=f"Outlet {x.upper()}") for x in "abcd"]
    story = Story(id="s", title="Water deal", articles=list("abcd"), quotes=[_quote()])
    text = render_markdown(Analysis(articles=articles, stories=[story]))
    line = next(line for line in text.splitlines() if "Ana Rovel" in line)
    assert line.endswith("\\[Outlet A; Outlet B\\]")
    assert "  - in part: “northern valleys without water” \\[Outlet C\\]" in text


def test_spellings_are_not_listed_as_disagreements():
    from storyfold.model import Discrepancy, DiscrepancyValue

    articles = [Article(id=x, source=f"{x}.txt", raw="", text="", outlet=f"Outlet {x.upper()}") for x in "ab"]
    spelling = Discrepancy("Mira Oleksiv", "spelling", [DiscrepancyValue("Mira Oleksiv", ["a"]),
                                                         DiscrepancyValue("Mira Oleksiyv", ["b"])])
    count = Discrepancy("injured", "number", [DiscrepancyValue("14", ["a"]), DiscrepancyValue("40", ["b"])])
    story = Story(id="s", title="Crash", articles=["a", "b"], discrepancies=[spelling, count])
    text = render_markdown(Analysis(articles=articles, stories=[story]))
    disagree, spelled = text.split("### Where outlets disagree")[1].split("### Names spelled differently")
    assert "injured" in disagree and "Oleksiv" not in disagree
    assert "- Mira Oleksiv: “Mira Oleksiv” (Outlet A); “Mira Oleksiyv” (Outlet B)" in spelled


def test_the_html_page_cites_the_quotation_only_to_the_outlets_printing_it():
    import re

    from storyfold.report.html import render_analysis_html

    articles = [Article(id=x, source=f"{x}.txt", raw="", text="", outlet=f"Outlet {x.upper()}") for x in "abcd"]
    story = Story(id="s", title="Water deal", articles=list("abcd"), quotes=[_quote()])
    page = render_analysis_html(Analysis(articles=articles, stories=[story]))
    block = page[page.index('class="quote"'):page.index("</blockquote>", page.index('class="quote"'))]
    first = block.split("</p>")[0]  # the quotation's own line
    cited = set(re.findall(r'data-article="(\w)"', first))
    assert cited == {"a", "b"}
    assert "in part: “northern valleys without water”" in block and 'data-article="c"' in block


def test_a_variant_is_labelled_by_how_its_words_relate_to_the_quotation():
    from storyfold.report.quote_citations import variant_kind

    quote = "The harbour will reopen once the U.N. inspectors have checked every crane on the north quay"
    assert variant_kind(quote, "The harbour will reopen once the UN inspectors have checked every crane "
                               "on the north quay.") == "same"  # house style of an abbreviation
    assert variant_kind(quote, "once the UN inspectors have checked every crane") == "in part"
    assert variant_kind(quote, "the port opens again after United Nations inspectors check the cranes") == "variant"
    assert variant_kind(quote, "every crane on the south quay") == "variant"  # not the quotation's own run
