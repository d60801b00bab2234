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
    assert result.exit_code == 1, result.output  # some inputs skipped, the result still written
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


# ----------------------------------------------------------------- exit codes, errors, safe output

ARTICLE_TEXT = (
    "Regional councillors in Ostberg approved a new tram line on Tuesday, a decision that affects about "
    "40,000 residents of the northern districts. The project had been discussed for nine months before the "
    "vote, the council's transport chair, Clara Novak, said."
)


def test_bad_setting_value_is_misuse(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(app, ["analyze", str(corpus), "--no-progress", "--set", "summary_sentences=0"])
    assert result.exit_code == 2


def test_unexpected_failure_is_one_line_and_exit_3(runner: CliRunner, corpus: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import storyfold.api

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index file vanished")

    monkeypatch.setattr(storyfold.api, "analyze", broken)
    result = _analyze(runner, str(corpus))
    assert result.exit_code == 3
    assert "RuntimeError: index file vanished" in result.stderr
    assert "Traceback" not in result.stderr and "--debug" in result.stderr
    debug = runner.invoke(app, ["--debug", "analyze", str(corpus), "--no-progress"])
    assert debug.exit_code == 3 and "Traceback" in debug.stderr


def test_logged_soft_failures_print_one_line_and_a_traceback_only_in_debug(capsys: pytest.CaptureFixture) -> None:
    import logging

    from storyfold.cli.common import configure_logging

    def log_failure() -> None:
        try:
            raise OverflowError("date value out of range")
        except OverflowError:
            logging.getLogger("storyfold.pipeline").exception("timeline failed; going on without it")

    try:
        configure_logging(debug=False)
        log_failure()
        quiet = capsys.readouterr().err
        configure_logging(debug=True)
        log_failure()
        loud = capsys.readouterr().err
    finally:
        configure_logging(debug=False)
    assert quiet == "error: timeline failed; going on without it (OverflowError: date value out of range)\n"
    assert "Traceback" in loud


def test_lone_surrogate_in_input_never_fails_the_final_write(runner: CliRunner, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"text": ARTICLE_TEXT + " \ud800", "title": "Tram \udfff"}) + "\n", "ascii")
    out = tmp_path / "out.json"
    result = _analyze(runner, str(dump), "-o", str(out))
    assert result.exit_code == 0, result.output
    [article] = json.loads(out.read_text("utf-8"))["articles"]
    assert article["title"] == "Tram \ufffd"


def test_a_failed_write_says_where_the_result_was_saved(runner: CliRunner, corpus: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import storyfold.cli.common as common

    real_write = common.atomic_write
    fallback = tmp_path / "fallback"
    fallback.mkdir()
    monkeypatch.setattr(common.tempfile, "gettempdir", lambda: str(fallback))

    def disk_full(output: Path, text: str) -> None:
        if output.parent != fallback:
            raise OSError(28, "No space left on device")
        real_write(output, text)

    monkeypatch.setattr(common, "atomic_write", disk_full)
    out = tmp_path / "report.json"
    result = _analyze(runner, str(corpus), "-o", str(out))
    assert result.exit_code == 3
    assert "No space left on device" in result.stderr and str(fallback) in result.stderr
    [saved] = list(fallback.iterdir())
    assert len(json.loads(saved.read_text("utf-8"))["articles"]) == 3
    assert not out.exists() and not list(tmp_path.glob(".report.json.*"))  # no half-written file left


def test_untrusted_file_names_are_printed_literally(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "[bold red]fake\u202etxt.exe").write_bytes(b"")
    (folder / "real.txt").write_text(ARTICLE_TEXT)
    result = _analyze(runner, str(folder), "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 1
    assert "[bold red]fake\\u202etxt.exe: empty file" in result.stderr  # markup and bidi override shown as text


def test_entry_point_turns_any_escaped_exception_into_one_line_and_exit_3(capsys: pytest.CaptureFixture) -> None:
    from storyfold.cli.common import run_guarded

    def command_without_error_handling(**options: object) -> None:
        raise ValueError("kaput")

    with pytest.raises(SystemExit) as stopped:
        run_guarded(command_without_error_handling)
    assert stopped.value.code == 3
    err = capsys.readouterr().err
    assert "ValueError: kaput" in err and "Traceback" not in err


def test_add_report_names_every_input_with_its_outcome(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write_mini_corpus(folder)
    write_bad_inputs(folder)
    db, report = tmp_path / "store.db", tmp_path / "add.json"
    result = runner.invoke(app, ["add", str(folder), "--db", str(db), "--no-progress", "--report", str(report),
                                 "--set", "add_batch_documents=2"])
    assert result.exit_code == 1, result.output  # two inputs skipped; the rest stored
    data = json.loads(report.read_text("utf-8"))
    outcome = {Path(f["source"]).name: f for f in data["files"]}
    assert {outcome["photo.jpg"]["status"], outcome["empty.txt"]["status"]} == {"skipped"}
    assert "binary" in outcome["photo.jpg"]["reason"].lower()
    stored = [f for f in data["files"] if f["status"] in ("added", "duplicate")]
    assert len(stored) == 3 == data["added"] + data["duplicates"] and all(f["story"] for f in stored)
    again = runner.invoke(app, ["add", str(folder), "--db", str(db), "--no-progress", "--report", str(report)])
    assert again.exit_code == 1 and json.loads(report.read_text("utf-8"))["unchanged"] == 3
