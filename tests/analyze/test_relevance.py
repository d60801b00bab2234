"""On-topic sentences: round-ups and change-of-subject blocks must not feed the analysis."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from storyfold.analyze.relevance import _coverage_by_others, heading_lines, mark_on_topic
from storyfold.settings import Settings
from tests.conftest import make_article, make_context

DAM_TRIBUNE = """Engineers began releasing water from the cracked Sorvik dam on Thursday after inspectors found a \
widening fissure in its eastern wall, the regional water authority said.

About 3,000 residents of the villages below the dam were moved to schools in the town of Varnes overnight as a \
precaution, according to the authority's director, Helga Strand.

"The dam is not about to fail, but we will not take chances with people's lives," Strand told reporters at the \
site.

Inspectors will lower the reservoir by four metres before divers examine the fissure, which was first reported \
by a maintenance crew on Monday.

Elsewhere in the region

A new ferry timetable for the northern fjord routes comes into force next month, with two extra sailings on \
weekdays and a later last departure on Saturdays.

The annual herring festival in the harbour town of Ostvik drew a record 40,000 visitors, organisers said, with \
the cooking contest won by a local school team.
"""

DAM_HERALD = """The regional water authority has started to drain the Sorvik reservoir after a crack was found in \
the wall of the dam, officials said on Thursday.

Around 3,000 people living downstream were evacuated to Varnes as engineers assessed the fissure, which a \
maintenance crew spotted on Monday.

Director Helga Strand said the dam was not about to fail. Divers are due to examine the crack once the \
water level has dropped by four metres.

Meanwhile, the city council voted to rename the old market square after a nineteenth-century poet, ending a \
debate that had run for two years. The square will be repaved in the spring.
"""

DAM_POST = """Residents evacuated from villages below the Sorvik dam may be able to return home next week, the \
regional water authority said, as engineers lowered the reservoir to relieve pressure on a cracked wall.

Helga Strand, the authority's director, said the fissure had been spotted by a maintenance crew and that \
inspectors were taking no chances.

What the inspectors found

The crack in the eastern wall of the dam widened by several centimetres between Monday and Wednesday, according \
to the inspection report seen by the Post. Divers will examine the fissure once the reservoir is four metres lower.
"""


def _text_of(ctx, article, kept: bool) -> str:
    sentences = ctx.parsed[article.id].sentences
    wanted = ctx.on_topic[article.id]
    return " ".join(article.text[s.start : s.end] for i, s in enumerate(sentences) if (i in wanted) == kept)


@pytest.fixture(scope="module")
def dam_story():
    articles = [
        make_article(DAM_TRIBUNE, outlet="Tribune"),
        make_article(DAM_HERALD, outlet="Herald"),
        make_article(DAM_POST, outlet="Post"),
    ]
    ctx = make_context(articles)
    mark_on_topic(ctx)
    return ctx


def test_sub_headed_round_up_is_off_topic(dam_story):
    tribune = dam_story.articles[0]
    dropped = _text_of(dam_story, tribune, kept=False)
    assert "herring festival" in dropped
    assert "ferry timetable" in dropped
    kept = _text_of(dam_story, tribune, kept=True)
    assert "releasing water" in kept and "Inspectors will lower the reservoir" in kept


def test_meanwhile_block_is_off_topic(dam_story):
    herald = dam_story.articles[1]
    assert "market square" in _text_of(dam_story, herald, kept=False)
    assert "Helga Strand" in _text_of(dam_story, herald, kept=True)


def test_related_sub_headed_section_is_kept(dam_story):
    post = dam_story.articles[2]
    assert _text_of(dam_story, post, kept=False) == ""
    assert "widened by several centimetres" in _text_of(dam_story, post, kept=True)


def test_context_sentences_follow_the_verdict(dam_story):
    texts = " ".join(s.text for s in dam_story.all_sentences())
    assert "herring" not in texts and "market square" not in texts
    assert len(list(dam_story.all_sentences(on_topic_only=False))) > len(list(dam_story.all_sentences()))


def test_one_article_story_keeps_lead_and_body():
    article = make_article(DAM_POST + "\nMore on the inspection\n\nThe report said the dam's concrete was sound.\n")
    ctx = make_context([article])
    mark_on_topic(ctx)
    assert ctx.on_topic[article.id] == set(range(len(ctx.parsed[article.id].sentences)))


def test_one_article_story_drops_only_an_unrelated_marked_section():
    article = make_article(DAM_TRIBUNE)
    ctx = make_context([article])
    mark_on_topic(ctx)
    assert "herring festival" in _text_of(ctx, article, kept=False)
    assert "Helga Strand" in _text_of(ctx, article, kept=True)


def test_wire_copies_cannot_vouch_for_their_shared_round_up():
    original = make_article(DAM_TRIBUNE, source="wire-a.txt")
    copy = make_article(DAM_TRIBUNE.replace("Thursday", "Thursday morning"), source="wire-b.txt",
                        duplicate_of=original.id)
    ctx = make_context([original, copy, make_article(DAM_HERALD), make_article(DAM_POST)])
    mark_on_topic(ctx)
    assert "herring festival" in _text_of(ctx, copy, kept=False)


def test_heading_lines_are_short_standalone_lines_without_terminal_punctuation():
    text = "A full sentence ends here.\n\n- Rescue crews reach the valley -\n\nAnother sentence follows.\nWhat next"
    found = [text[s:e] for s, e in heading_lines(text)]
    assert found == ["- Rescue crews reach the valley -", "What next"]


def _seed_body(path: Path) -> str:
    """The body paragraphs of a raw seed capture (the cleaner's job, done crudely here)."""
    lines = []
    for line in path.read_text("utf-8").splitlines():
        line = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", line)
        if "Your support" in line or "Stand behind" in line:
            continue
        if len(line.split()) >= 12 or (lines and line.startswith("- ") and len(line.split()) >= 3):
            lines.append(line)
    return "\n\n".join(lines)


def test_seeds_round_up_dropped_related_section_kept(seeds_dir, test_settings):
    articles = [make_article(_seed_body(p), source=p.name) for p in sorted(seeds_dir.glob("*.txt"))]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    wire = next(a for a in articles if "drone strikes" in a.text)
    dropped, kept = _text_of(ctx, wire, kept=False), _text_of(ctx, wire, kept=True)
    assert "injured in Dnipro" in dropped and "Kramatorsk" in dropped
    assert "Tammy Bruce" in kept and "major enabler" in kept
    for article in articles:
        assert 0 in ctx.on_topic[article.id]


# ------------------------------------------------ a "meanwhile" paragraph that carries the story on

DAM_COURIER = """Engineers lowered the Sorvik reservoir by two metres on Friday to ease pressure on the cracked dam \
wall, the regional water authority said.

Helga Strand, the authority's director, said divers would examine the fissure next week.

Meanwhile, Nils Aune, a spokesman for Nordkraft, the state grid company, said that Nordkraft engineers and \
two officials from the energy ministry will take part in talks with the authority in Varnes planned for Monday.

He did not say what the talks would cover, but the ministry's presence suggests another round of haggling over \
export tariffs and compensation for lost hydropower output.
"""


DAM_GAZETTE = """About 3,000 residents remain in schools in Varnes after a crack was found in the wall of the Sorvik \
dam, and the regional water authority said they could not go home before divers had examined the fissure.

Director Helga Strand said the reservoir would be lowered by four metres first. The authority will also hold \
talks with Nordkraft, the state grid company, in Varnes on Monday about the power station below the dam.
"""


def test_meanwhile_paragraph_sharing_the_story_is_kept():
    articles = [make_article(DAM_COURIER, outlet="Courier"), make_article(DAM_GAZETTE, outlet="Gazette"),
                make_article(DAM_HERALD, outlet="Herald"), make_article(DAM_TRIBUNE, outlet="Tribune"),
                make_article(DAM_POST, outlet="Post")]
    ctx = make_context(articles)
    mark_on_topic(ctx)
    assert "planned for Monday" in _text_of(ctx, articles[0], kept=True)
    assert "market square" in _text_of(ctx, articles[2], kept=False)  # a "meanwhile" on another subject still goes


def test_seeds_meanwhile_paragraph_on_the_same_talks_is_kept(seeds_dir, test_settings):
    articles = [make_article(_seed_body(p), source=p.name) for p in sorted(seeds_dir.glob("*.txt"))]
    ctx = make_context(articles, Settings(cache_dir=test_settings.cache_dir, progress=False))
    mark_on_topic(ctx)
    talks = next(a for a in articles if "Meanwhile, Kremlin" in a.text)
    assert "Istanbul planned for Thursday" in _text_of(ctx, talks, kept=True)


def test_coverage_counts_only_words_another_article_uses():
    matrix = sparse.csr_matrix(np.array([[1.0, 1.0, 0.0, 0.0], [0.0, 1.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]]))
    idf = np.array([1.0, 1.0, 1.0, 3.0])
    coverage = _coverage_by_others(matrix, ["a", "b", "a"], idf)
    # section 0 (article a): term 1 is also in b, term 0 only in a -> 1/2; section 2: term 0 only in a -> 0
    assert coverage.tolist() == [0.5, 0.5, 0.0]
