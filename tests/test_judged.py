"""The judged samples (samples/judged/*.json): well formed, scored the way storyfold.judged says,
and, on the real ECB+ texts (slow, read from ../shared/datasets), above their pinned floors."""

from __future__ import annotations

import json
import re

import pytest

from storyfold.judged import FLOORS, JUDGED_KINDS, judged_precision, load_judgements, text_sha
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
        if judgement["kind"] in ("timeline", "quote"):
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
