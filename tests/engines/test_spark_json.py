"""The streamed contract JSON of ``analyze --engine spark``, without Spark: same text, a file whole or nowhere."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

import pytest

from storyfold.api import load_articles
from storyfold.cli.spark import StreamedFile
from storyfold.engines.spark import contract_json, nested_json
from storyfold.errors import OutputError
from storyfold.model import Analysis, Evidence, Fact, Quote, Story, SummarySentence
from storyfold.report import render_json
from storyfold.report.json import article_to_dict, story_to_dict
from storyfold.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "corpus"


def streamed(analysis: Analysis) -> str:
    return "".join(contract_json([
        ("articles", lambda: (nested_json(article_to_dict(a)) for a in analysis.articles)),
        ("stories", lambda: (nested_json(story_to_dict(s)) for s in analysis.stories)),
        ("skipped", lambda: (nested_json(asdict(s)) for s in analysis.skipped)),
        ("stats", lambda: (nested_json(asdict(s)) for s in analysis.stats)),
    ]))


def sample_analysis() -> Analysis:
    """The sample corpus read (articles, skipped, stats) plus a story with nested, empty and non-ASCII parts."""
    analysis = load_articles([str(SAMPLES)], Settings(progress=False))
    first, second = analysis.articles[0], analysis.articles[1]
    evidence = Evidence(first.id, first.text[:40], 0, 40, attribution="said the mayor")
    analysis.stories = [
        Story("s1", "Brücke in Valmont gesperrt — “crack” found", [first.id, second.id],
              summary=[SummarySentence(first.text[:40], [first.id], [evidence])],
              facts=[Fact("f1", first.text[:40], [first.id, second.id], 2, [evidence])],
              quotes=[Quote("Marta Ilic", "We will decide within 48 hours.", [second.id])]),
        Story("s2", "Empty story", [second.id]),
    ]
    return analysis


def test_the_stream_is_render_json_to_the_byte() -> None:
    analysis = sample_analysis()
    assert analysis.articles and analysis.stats
    assert streamed(analysis) == render_json(analysis)
    assert streamed(Analysis()) == render_json(Analysis())


def test_a_streamed_file_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    sink = StreamedFile(output)
    sink.write('{"articles": [')
    assert not output.exists(), "a reader never sees half a report"
    sink.write("]}\n")
    sink.close()
    assert output.read_text("utf-8") == '{"articles": []}\n'
    assert list(tmp_path.iterdir()) == [output]

    failed = StreamedFile(tmp_path / "failed.json")
    failed.write("{")
    failed.abort()
    assert list(tmp_path.iterdir()) == [output]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full to simulate a full disk")
def test_a_full_disk_moves_the_stream_to_a_fallback_file_with_nothing_lost(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "fallback").mkdir()
    sink = StreamedFile(tmp_path / "out" / "report.json")
    sink._fallbacks = [tmp_path / "fallback" / "saved.json"]
    sink.write('{"articles": [\n')
    os.close(sink.fd)
    sink.fd = os.open("/dev/full", os.O_WRONLY)  # every write from now on fails: no space left on device
    sink.write('  {"id": "a1"}\n]}\n')
    with pytest.raises(OutputError, match=r"saved to .*saved\.json"):
        sink.close()
    assert (tmp_path / "fallback" / "saved.json").read_text("utf-8") == '{"articles": [\n  {"id": "a1"}\n]}\n'
    assert list((tmp_path / "out").iterdir()) == [], "neither the report nor its partial file is left"
