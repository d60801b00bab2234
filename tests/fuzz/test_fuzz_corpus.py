"""The whole CLI on a few hundred hostile files: it finishes, loses no valid article, drops nothing silently."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.corpus import build_corpus, check_result

FILES = 300
SEED = 12
CLI = "from storyfold.cli import main; main()"


@pytest.mark.slow
def test_cli_survives_a_hostile_corpus(tmp_path: Path) -> None:
    manifest = build_corpus(tmp_path / "corpus", FILES, seed=SEED)
    out = tmp_path / "result.json"
    run = subprocess.run(
        [sys.executable, "-c", CLI, "analyze", str(manifest.folder), "-o", str(out), "--no-progress",
         "--set", f"cache_dir={tmp_path / 'cache'}"],
        capture_output=True, timeout=1200, env={**os.environ, "STORYFOLD_STRICT": ""},
    )
    stderr = run.stderr.decode("utf-8", "replace")
    assert run.returncode == 1, stderr[-3000:]  # some inputs skipped, the result still written
    assert "Traceback" not in stderr
    result = json.loads(out.read_text("utf-8"))
    problems = check_result(manifest, result)
    assert problems == {"lost": [], "not_skipped": [], "silent": []}
    skipped_lines = [line for line in stderr.splitlines() if line.startswith("skipped ")]
    assert len(skipped_lines) == len(result["skipped"])  # one line per skipped input, nothing folded
    assert all(entry["reason"].strip() for entry in result["skipped"])

