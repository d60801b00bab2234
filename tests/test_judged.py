"""The judged samples (samples/judged/*.json): well formed, scored the way storyfold.judged says,
and, on the real ECB+ texts (slow, read from ../shared/datasets), above their pinned floors."""

from __future__ import annotations

import json
import re

import pytest

from storyfold.judged import (
    DEFAULT_STORY_KINDS,
    FLOORS,
    JUDGED_KINDS,
    judged_precision,
    load_judgements,
    stamp_date,
    text_sha,
)
from storyfold.settings import Settings
from tests.conftest import SAMPLES

JUDGED_DIR = SAMPLES / "judged"
JUDGED_FILES = sorted(JUDGED_DIR.glob("*.json"))
ECBPLUS = SAMPLES.resolve().parent.parent / "shared" / "datasets" / "ecbplus" / "topics"


@pytest.mark.parametrize("path", JUDGED_FILES, ids=lambda p: p.name)
def test_judged_file_is_well_formed(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["about"] and data["stories"] and data["judgements"]
    stories = {s["id"] for s in data["stories"]}
    for judgement in data["judgements"]:
        assert judgement["kind"] in JUDGED_KINDS
        assert judgement["story"] in stories
        assert isinstance(judgement["right"], bool)
        assert "text" not in judgement  # the article's words stay in ../shared/datasets
        for evidence in judgement["evidence"]:
            assert 0 <= evidence["start"] < evidence["end"]
            assert re.fullmatch(r"[0-9a-f]{12}", evidence["sha"])
        if judgement["kind"] in ("timeline", "quote", "entity"):
            assert judgement["value"] and len(judgement["evidence"]) == 1


def test_every_judged_kind_has_a_floor():
    assert set(FLOORS) == set(JUDGED_KINDS)


def test_a_known_correction_counts_as_right(tmp_path):
    """A judge who wrote down the right speaker has judged that speaker too: storyfold naming
    them later scores as right, while the value judged wrong stays wrong."""
    span = {"doc": "a.json.gz", "start": 10, "end": 40, "sha": text_sha("x")}
    judged = {"about": "test", "stories": [{"id": "s", "docs": ["a.json.gz"]}], "judgements": [
        {"kind": "quote", "story": "s", "evidence": [span], "value": "Louis Vance", "right": False,
         "correct": "Vincent Vance"},
        {"kind": "quote", "story": "s", "evidence": [span], "value": "Vance", "right": True},
    ]}
    (tmp_path / "j.json").write_text(json.dumps(judged), encoding="utf-8")
    _, verdicts = load_judgements([tmp_path / "j.json"])
    key = ("a.json.gz", 10, 40, span["sha"])
    assert verdicts[("quote", (key, "Louis Vance"))] is False
    assert verdicts[("quote", (key, "Vincent Vance"))] is True
    assert verdicts[("quote", (key, "Vance"))] is True


@pytest.mark.parametrize(
    ("stamp", "url", "published"),
    [
        ("Thursday, March 4, 2010", "", "2010-03-04"),
        ("Posted : Oct 2, 2008 He had coached the team since 2001.", "", "2008-10-02"),  # prose run on
        ("Posted 4 / 17 / 2011 6 : 02 PM", "", "2011-04-17"),  # tokenised spacing, a day above 12
        ("First posted 09 : 15 23 / 06 / 2012 Updated 25 / 06 / 2012", "", "2012-06-23"),
        ("Saturday, Oct 6, 2012 | Updated 7 : 12 PM EDT", "", "2012-10-06"),  # the day, then the update's time
        ("Last updated at 10 : 02, Friday, 14 June 2013", "", None),  # only the last edit's day
        ("Updated 4 / 17 / 2011 6 : 02 PM", "", None),
        ("Published : 2009.11.05 10 : 30 AM", "", "2009-11-05"),  # year first
        ("2011 - 02 - 14 The plant employs 300 people.", "", "2011-02-14"),
        ("06 / 07 / 12 04 : 10 PM ET", "", "2012-06-07"),  # a US time zone: month first
        ("7 : 40am UK, 06 / 07 / 2012", "", "2012-07-06"),  # a British one: day first
        ("06 / 07 / 2012", "http : / / news.example.org / 2012 / 07 / plant - fire. html", "2012-07-06"),
        ("06 / 07 / 2012", "http : / / news.example.org / story? id=4417", None),  # which way: unknown
        ("Mar. 8 5 : 46 PM EST", "", None),  # no year: never completed from today
        ("She was 83.", "", None),
        # prose, not a stamp: a full date past the stamp's head is the article's words
        ("The club was founded in 1901 by dock workers and won its first league title on May 3, 1998.", "", None),
        ("Posted on January 9, 2999", "", None),  # far future
        ("1 / 1 / 0001", "", None),
        ("Febuary 31, 2011", "", None),
        # the address gives the next day: a print date or a time zone, and "Tuesday" counts from which?
        ("POSTED : 04 / 11 / 09, 9 : 00 PM PDT |", "http : / / news.example.com / local / 20090412 / fire", None),
        ("Published : June 3, 2009", "http : / / news.example.com / 2009 / 06 / 03 / fire", "2009-06-03"),
        ("Published : June 3, 2009", "http : / / archive.example.com / 2012 / 08 / 30 / fire", "2009-06-03"),
    ],
)
def test_a_publication_stamp_is_read_or_refused(stamp, url, published):
    assert stamp_date(stamp, url) == published


@pytest.fixture(scope="module")
def judged_scores():
    if not ECBPLUS.is_dir():
        pytest.skip(f"{ECBPLUS} is absent: judged precision reads the ECB+ texts from there")
    return judged_precision(ECBPLUS, JUDGED_DIR, Settings(progress=False))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["timeline", "quote"])  # fact_pair, discrepancy: tests/test_quality.py
def test_judged_dates_and_speakers_meet_their_floor(judged_scores, kind):
    score = judged_scores[kind]
    assert score.judged >= 30
    assert score.precision >= FLOORS[kind], score.as_dict()
    assert score.unjudged <= score.judged // 4, score.as_dict()  # a score over leftovers says nothing


@pytest.mark.slow
def test_judged_entities_meet_their_floor(judged_scores):
    """Every entity storyfold lists on the judged stories, clean or junk (a fragment, a common noun,
    a wrong type, two things merged): the share of clean ones stays at or above its floor."""
    score = judged_scores["entity"]
    assert score.judged >= 150
    assert score.precision >= FLOORS["entity"], score.as_dict()
    assert score.unjudged <= score.judged // 4, score.as_dict()


def test_entities_are_judged_only_where_a_story_says_so():
    """Files judged before entities were (no ``kinds``) are not scored for entities: hundreds of
    entities nobody looked at would count as unjudged."""
    assert "entity" in JUDGED_KINDS and "entity" not in DEFAULT_STORY_KINDS
    entity_stories = [s for path in JUDGED_FILES for s in json.loads(path.read_text(encoding="utf-8"))["stories"]
                      if "entity" in s.get("kinds", DEFAULT_STORY_KINDS)]
    assert len(entity_stories) >= 10

