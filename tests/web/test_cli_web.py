"""The web commands: report (HTML and Markdown), analyze --format html, outlets load, serve's app."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyfold.cli import app
from tests.conftest import SAMPLES

CORPUS = str(SAMPLES / "corpus")
HAS_STORE = importlib.util.find_spec("storyfold.store") is not None


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_report_html_is_one_offline_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s1.html"
    result = runner.invoke(app, ["report", "s1", "--format", "html", "-o", str(out), "--corpus", CORPUS])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert html.startswith("<!doctype html>") and html.count('<article class="story"') == 1
    assert 'src="' not in html and 'href="' not in html
    assert 'class="cite" data-article=' in html


def test_report_md_and_unknown_story(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "s1.md"
    result = runner.invoke(app, ["report", "s1", "--format", "md", "-o", str(out), "--corpus", CORPUS])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("# storyfold report") and "## Story 1:" in out.read_text("utf-8")
    missing = runner.invoke(app, ["report", "snope", "--corpus", CORPUS])
    assert missing.exit_code == 2 and "snope" in missing.output


def test_analyze_format_html(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "all.html"
    result = runner.invoke(app, ["analyze", CORPUS, "--format", "html", "-o", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").count('<article class="story"') >= 2


def test_serve_without_a_store_builds_the_app_over_a_batch_analysis() -> None:
    from fastapi.testclient import TestClient

    from storyfold.cli.web import build_app

    web, close = build_app(None, [CORPUS], host="127.0.0.1", allow_uploads=False)
    try:
        assert web.state.uploads_enabled  # loopback: uploads on
        assert TestClient(web).get("/stories/s1").status_code == 200
    finally:
        close()
    exposed, _ = build_app(None, [CORPUS], host="0.0.0.0", allow_uploads=False)
    assert not exposed.state.uploads_enabled


@pytest.mark.skipif(not HAS_STORE, reason="storyfold.store is not in this checkout yet (store workstream)")
def test_outlets_load_into_a_store(runner: CliRunner, tmp_path: Path) -> None:
    outlets = tmp_path / "outlets.csv"
    outlets.write_text("name,lean\nDaily Courant,left\n", "utf-8")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["outlets", "load", str(outlets), "--db", str(db)])
    assert result.exit_code == 0, result.output
    from storyfold.store import Store

    with Store.open(db, readonly=True) as store:
        assert any(o["attributes"].get("lean") == "left" for o in store.outlets())


def test_outlets_load_bad_file_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "outlets.csv"
    bad.write_text("name,lean\n,left\n", "utf-8")
    result = runner.invoke(app, ["outlets", "load", str(bad), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "row 1" in result.output


def test_serve_workers_needs_a_store(runner: CliRunner) -> None:
    result = runner.invoke(app, ["serve", "--workers", "2", "--corpus", CORPUS])
    assert result.exit_code == 2 and "--workers needs a store" in result.output


@pytest.mark.slow
@pytest.mark.skipif(not HAS_STORE, reason="the store is not installed")
def test_serve_workers_serve_one_store_from_several_processes(sample_store: Path) -> None:
    """Two worker processes over the sample store: every page answers, from processes other than the parent."""
    import http.client
    import os
    import signal
    import subprocess
    import sys
    import time

    import psutil

    from tests.web.browser import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "from storyfold.cli import main; main()", "serve", "--db",
                               str(sample_store), "--port", str(port), "--workers", "2"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ})
    try:
        statuses = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not statuses:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                for path in ("/", "/api/stories", "/stories/not-a-story-id"):
                    connection.request("GET", path)
                    response = connection.getresponse()
                    response.read()
                    statuses.append(response.status)
            except OSError:
                statuses = []
                time.sleep(0.5)
        assert statuses == [200, 200, 404]
        assert len(psutil.Process(server.pid).children()) >= 2  # the workers (uvicorn's supervisor is the parent)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
