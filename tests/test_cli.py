"""The CLI in-process: clean JSON on stdout, readable Markdown, clear errors, cleaning view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyfold.cli import app
from tests.mini_corpus import write_bad_inputs, write_mini_corpus


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write_mini_corpus(tmp_path / "corpus")
    return tmp_path / "corpus"


@pytest.fixture(autouse=True)
def _private_cache(monkeypatch: pytest.MonkeyPatch, test_settings) -> None:
    monkeypatch.setenv("STORYFOLD_CACHE", test_settings.cache_dir)


def _analyze(runner: CliRunner, *args: str):
    return runner.invoke(app, ["analyze", *args, "--no-progress"])


def test_analyze_prints_contract_json_on_stdout(runner: CliRunner, corpus: Path) -> None:
    result = _analyze(runner, str(corpus))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"articles", "stories", "skipped"}
    assert len(data["articles"]) == 3
    ids = {a["id"] for a in data["articles"]}
    for story in data["stories"]:
        assert set(story["articles"]) <= ids
    for article in data["articles"]:
        assert {"id", "source", "outlet", "url", "title", "authors", "published", "language", "text",
                "removed", "duplicate_of"} <= set(article)


def test_bad_files_in_a_folder_are_skipped_with_reasons(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write_mini_corpus(folder)
    write_bad_inputs(folder)
    (folder / "harbour-tribune.txt").rename(folder / "keep.txt")
    (folder / "coast-courier.txt").unlink()
    (folder / "island-daily.html").unlink()
    result = _analyze(runner, str(folder))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [Path(a["source"]).name for a in data["articles"]] == ["keep.txt"]
    reasons = {Path(s["source"]).name: s["reason"] for s in data["skipped"]}
    assert set(reasons) == {"photo.jpg", "empty.txt"}
    assert "binary" in reasons["photo.jpg"].lower()
    assert "empty" in reasons["empty.txt"].lower()


def test_markdown_report_written_to_file(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = _analyze(runner, str(corpus), "--format", "md", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert text.startswith("# storyfold report")
    assert "## Story 1:" in text
    assert "Velmora" in text


def test_missing_path_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "article.txt"
    result = _analyze(runner, str(missing))
    assert result.exit_code == 2
    assert "article.txt" in result.stderr


def test_unknown_setting_is_rejected(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--set", "no_such_knob=1"])
    assert result.exit_code != 0
    assert "no_such_knob" in result.output


def test_clean_marks_removed_spans_with_reasons(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["clean", str(corpus / "harbour-tribune.txt")])
    assert result.exit_code == 0, result.output
    assert "coastguard crews rescued 40 passengers" in result.stdout
    assert "[newsletter]" in result.stdout or "[donation appeal]" in result.stdout


def test_clean_text_only(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["clean", str(corpus / "coast-courier.txt"), "--text"])
    assert result.exit_code == 0, result.output
    assert "rescued 42 passengers" in result.stdout
    assert "All rights reserved" not in result.stdout
    assert "Share this article" not in result.stdout


def test_output_folder_that_does_not_exist_fails_before_the_analysis(runner: CliRunner, corpus: Path,
                                                                     tmp_path: Path) -> None:
    result = _analyze(runner, str(corpus), "-o", str(tmp_path / "missing" / "report.json"))
    assert result.exit_code == 2
    assert "missing" in result.stderr


@pytest.mark.parametrize("pair", ["use_cache=flase", "summary_sentences=0", "near_duplicate_threshold=2"])
def test_bad_setting_values_are_rejected_with_a_reason(runner: CliRunner, corpus: Path, pair: str) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--no-progress", "--set", pair])
    assert result.exit_code != 0
    assert pair.split("=")[0] in result.output


def test_progress_can_be_set_like_any_setting(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--set", "progress=false"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["articles"]
