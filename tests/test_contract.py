"""End to end: the analysis JSON keeps the contract's promises on realistic inputs.

Every `sources` list names articles that exist; every summary sentence, fact, quote and
timeline entry has a source; every evidence span's offsets point at exactly its text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyfold.api import analyze
from storyfold.report.json import analysis_to_dict
from tests.mini_corpus import write_mini_corpus


def _check_contract(data: dict) -> None:
    texts = {a["id"]: a["text"] for a in data["articles"]}
    assert len(texts) == len(data["articles"]), "article ids must be unique"
    for story in data["stories"]:
        assert set(story["articles"]) <= set(texts)
        for section in ("summary", "facts", "quotes", "timeline"):
            for item in story[section]:
                assert item["sources"], f"{section} item without a source: {item}"
                assert set(item["sources"]) <= set(story["articles"]), item
        for entity in story["entities"]:
            assert set(entity["sources"]) <= set(texts)
        for discrepancy in story["discrepancies"]:
            for value in discrepancy["values"]:
                assert set(value["sources"]) <= set(texts)
        for section in ("facts", "quotes", "timeline", "summary"):
            for item in story[section]:
                for ev in item.get("evidence", []):
                    assert texts[ev["article"]][ev["start"] : ev["end"]] == ev["text"], ev
        for exclusive in story["exclusives"]:
            assert exclusive["article"] in texts


def _check_removed_offsets(data: dict, raw_by_source: dict[str, str]) -> None:
    for article in data["articles"]:
        raw = raw_by_source.get(article["source"])
        if raw is None:
            continue
        for span in article["removed"]:
            if span["start"] is not None:
                assert raw[span["start"] : span["end"]] == span["text"], span


def test_mini_corpus_keeps_the_contract(tmp_path: Path, test_settings) -> None:
    files = write_mini_corpus(tmp_path / "c")
    analysis = analyze([str(tmp_path / "c")], test_settings)
    data = analysis_to_dict(analysis)
    _check_contract(data)
    raw = {str(p): p.read_text("utf-8") for p in files.values()}
    _check_removed_offsets(data, raw)
    assert len(data["stories"]) == 1, "three reports of one ferry accident are one story"


def test_ids_are_stable_across_runs(tmp_path: Path, test_settings) -> None:
    write_mini_corpus(tmp_path / "c")
    first = analysis_to_dict(analyze([str(tmp_path / "c")], test_settings))
    second = analysis_to_dict(analyze([str(tmp_path / "c")], test_settings))
    assert [a["id"] for a in first["articles"]] == [a["id"] for a in second["articles"]]
    assert first["stories"] == second["stories"]


def test_seeds_are_one_story_and_keep_the_contract(seeds_dir: Path, test_settings) -> None:
    analysis = analyze([str(seeds_dir)], test_settings)
    data = analysis_to_dict(analysis)
    assert len(data["articles"]) == 5
    assert not data["skipped"]
    _check_contract(data)
    raw = {str(p): p.read_text("utf-8") for p in seeds_dir.glob("*.txt")}
    _check_removed_offsets(data, raw)
    assert len(data["stories"]) == 1
    story = data["stories"][0]
    for section in ("summary", "facts", "discrepancies", "entities", "quotes", "timeline", "exclusives"):
        assert story[section], f"seed story has no {section}"
    assert 3 <= len(story["summary"]) <= 7


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_empty_analysis_renders(fmt: str) -> None:
    from storyfold.model import Analysis
    from storyfold.report import render_json, render_markdown

    text = render_json(Analysis()) if fmt == "json" else render_markdown(Analysis())
    assert text.strip()


def test_ids_do_not_depend_on_how_a_path_is_spelled(tmp_path: Path, test_settings, monkeypatch) -> None:
    write_mini_corpus(tmp_path / "c")
    monkeypatch.chdir(tmp_path)
    plain = analysis_to_dict(analyze(["c/coast-courier.txt"], test_settings))
    dotted = analysis_to_dict(analyze(["./c//coast-courier.txt"], test_settings))
    assert [a["id"] for a in plain["articles"]] == [a["id"] for a in dotted["articles"]]
