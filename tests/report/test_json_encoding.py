"""The article's encoding decision and warnings reach the analysis JSON (docs/contract.md), on real-looking pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyfold.api import load_articles
from storyfold.cli import app
from storyfold.report.json import analysis_to_dict
from storyfold.settings import Settings

# A regional paper's page saved by an old CMS: declared ISO-8859-1, with accented names and a pound sign.
LATIN1_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="iso-8859-1">
<title>Caf\u00e9 owners oppose Rue Sainte-H\u00e9l\u00e8ne closure</title>
</head><body><nav>Home | Local | Business</nav><article>
<h1>Caf\u00e9 owners oppose Rue Sainte-H\u00e9l\u00e8ne closure</h1>
<p>Owners of eleven caf\u00e9s on Rue Sainte-H\u00e9l\u00e8ne in Marlowe told the borough council on Monday that a
six-month closure of the street for drainage works would cost them about \u00a3400,000 in lost trade.</p>
<p>Ren\u00e9e Fran\u00e7ois, who runs the Brasserie du Coin, said the council had not consulted traders before
approving the plan in March. The borough's works director, Jos\u00e9 Ib\u00e1\u00f1ez, said the drains date from
1890 and that the closure could not be shortened.</p>
<p>The council will hear the traders' petition again at its meeting on 14 May.</p>
</article><footer>\u00a9 Marlowe Gazette</footer></body></html>
"""
# The same kind of story exported by a Windows tool as UTF-16 without a byte-order mark.
UTF16_TEXT = """Ferry services to Velmora resume after sandbank grounding

Northline Ferries restarted its crossings between Carrow and Velmora on Friday, three days after the
Saint Brendan ran aground on a sandbank with 40 passengers on board.

The company said every vessel in its fleet had been inspected by divers and that the Saint Brendan
would stay in dry dock in Carrow for at least two weeks while its hull is repaired.

Coastguard commander Ilse Varga said the cause of the grounding was still under investigation.
"""
# A capture whose header states a publication date no article can have.
FUTURE_DATED = """date 9999-12-31
title: Harbour board approves new breakwater

The Carrow harbour board approved a 300-metre breakwater on Wednesday to shelter the ferry berths from
winter storms, after two years of studies and a public consultation that drew 600 responses.

The board's chair, Martin Osei, said construction would begin next spring and take about eighteen months.
"""


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "gazette.html").write_bytes(LATIN1_PAGE.encode("latin-1"))
    (folder / "ferries.txt").write_bytes(UTF16_TEXT.encode("utf-16-le"))
    (folder / "breakwater.txt").write_text(FUTURE_DATED, "utf-8")
    return folder


def _by_name(data: dict) -> dict[str, dict]:
    return {Path(a["source"]).name: a for a in data["articles"]}


def test_encoding_confidence_and_warnings_are_written_per_article(pages: Path) -> None:
    data = analysis_to_dict(load_articles([str(pages)], Settings(progress=False)))
    articles = _by_name(data)
    assert set(articles) == {"gazette.html", "ferries.txt", "breakwater.txt"}, data["skipped"]

    gazette = articles["gazette.html"]
    assert gazette["encoding"] == "cp1252"  # Latin-1 as browsers read it (WHATWG)
    assert 0 < gazette["encoding_confidence"] < 1  # stated by the page, not proven by the bytes
    assert "Ren\u00e9e Fran\u00e7ois" in gazette["text"] and "\u00a3400,000" in gazette["text"]

    ferries = articles["ferries.txt"]
    assert ferries["encoding"] == "utf-16"
    assert 0.5 < ferries["encoding_confidence"] <= 1
    assert "Saint Brendan" in ferries["text"] and "\x00" not in ferries["text"]

    breakwater = articles["breakwater.txt"]
    assert breakwater["encoding"] == "utf-8" and breakwater["encoding_confidence"] == 1.0  # pure ASCII
    assert breakwater["published"] is None
    assert any("9999-12-31" in w and "rejected" in w for w in breakwater["warnings"])
    assert gazette["warnings"] == [] and ferries["warnings"] == []


def test_jsonl_records_carry_how_their_file_was_decoded(tmp_path: Path) -> None:
    record = {"title": "Ferry services resume", "text": UTF16_TEXT, "outlet": "Harbour Tribune"}
    (tmp_path / "dump.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
    (tmp_path / "export.json").write_bytes(json.dumps([record], ensure_ascii=False).encode("utf-16-le"))
    articles = _by_name(analysis_to_dict(load_articles([str(tmp_path)], Settings(progress=False))))
    assert (articles["dump.jsonl#1"]["encoding"], articles["dump.jsonl#1"]["encoding_confidence"]) == ("utf-8", 1.0)
    assert articles["export.json#1"]["encoding"] == "utf-16"


@pytest.mark.slow
def test_cli_json_output_has_the_new_fields(pages: Path, monkeypatch: pytest.MonkeyPatch, test_settings) -> None:
    monkeypatch.setenv("STORYFOLD_CACHE", test_settings.cache_dir)
    result = CliRunner().invoke(app, ["analyze", str(pages), "--no-progress"])
    assert result.exit_code == 0, result.output
    articles = _by_name(json.loads(result.stdout))
    assert articles["gazette.html"]["encoding"] == "cp1252"
    assert articles["ferries.txt"]["encoding"] == "utf-16"
    assert articles["breakwater.txt"]["warnings"]
