"""Hostile-input benchmark: `storyfold analyze` and `storyfold add` on thousands of mixed malformed files.

Builds the fuzz corpus of tests/fuzz/corpus.py (fixed seed: valid articles in every format, truncated,
mutated, binary, nested JSON, bad encodings, symlink loops, odd file names) in a temporary folder, runs
the real CLI on it in a subprocess, and prints files/s, peak memory, crashes, silent drops and lost
articles.  The peer, measured in the same run, is the same command on the valid files alone: the ratio
shows what the hostile files cost.  The machine is shared, so absolute times are noisy.

    python benchmarks/fuzz.py            # 3,000 files
    python benchmarks/fuzz.py --files 300
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz.corpus import Manifest, build_corpus, check_result

CLI = "from storyfold.cli import main; main()"
SEED = 12


@dataclass
class Run:
    name: str
    files: int
    seconds: float
    peak_mb: float
    exit_code: int
    crashes: int
    problems: dict[str, list[str]]


def run_cli(name: str, folder: Path, files: int, manifest: Manifest, work: Path, *, store: bool = False) -> Run:
    """One `storyfold analyze` subprocess (or, ``store``, `storyfold add` into a new store, in batches),
    with its peak resident memory (from wait4: the largest of the process and its parse workers)."""
    out = work / f"{name}.json"
    err_path = work / f"{name}.stderr"
    command = (["add", str(folder), "--db", str(work / f"{name}.db"), "--report", str(out)] if store
               else ["analyze", str(folder), "-o", str(out)])
    started = time.perf_counter()
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", CLI, *command, "--no-progress", "--set", f"cache_dir={work / ('cache-' + name)}"],
            stdout=subprocess.DEVNULL, stderr=err, env={**os.environ, "STORYFOLD_STRICT": ""},
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak memory (KiB on Linux)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    peak_mb = usage.ru_maxrss / 1024  # Linux: the largest of the child and the workers it waited for
    stderr = err_path.read_text("utf-8", "replace")
    crashes = stderr.count("Traceback") + (proc.returncode not in (0, 1))
    if out.exists():
        result = json.loads(out.read_text("utf-8"))
        problems = check_result(manifest, _as_analysis(result) if store else result)
    else:
        problems = {"lost": sorted(manifest.articles), "not_skipped": [], "silent": sorted(manifest.files)}
        print(stderr[-2000:], file=sys.stderr)
    return Run(name, files, seconds, peak_mb, proc.returncode, crashes, problems)


def _as_analysis(report: dict) -> dict:
    """An add's --report in the shape check_result reads: stored articles and skipped inputs."""
    files = report["files"]
    return {"articles": [{"source": f["source"]} for f in files if f["status"] != "skipped"],
            "skipped": [{"source": f["source"], "reason": f["reason"]} for f in files if f["status"] == "skipped"]}


def valid_only(manifest: Manifest, folder: Path) -> tuple[Manifest, int]:
    """The peer corpus: copies of the files that hold only valid articles."""
    folder.mkdir()
    peer = Manifest(folder)
    files = {a.rsplit("#", 1)[0] if "#" in a else a for a in manifest.articles} - manifest.must_skip
    for source in sorted(files):
        path = Path(source)
        if "\\x" in source or not path.is_file():
            continue  # escaped (undecodable) names cannot be opened by their shown form
        shutil.copyfile(path, folder / path.name)
        new = str(folder / path.name)
        peer.files.add(new)
        peer.articles |= {a.replace(source, new, 1) for a in manifest.articles
                          if a == source or a.startswith(source + "#")}
    return peer, len(peer.files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="storyfold-fuzz-") as tmp:
        work = Path(tmp)
        manifest = build_corpus(work / "hostile", args.files, seed=SEED)
        peer_manifest, peer_files = valid_only(manifest, work / "valid")
        print(f"corpus: {len(manifest.files)} files, {len(manifest.articles)} valid articles, "
              f"{len(manifest.must_skip)} files that must be skipped (seed {SEED})")
        peer = run_cli("valid", peer_manifest.folder, peer_files, peer_manifest, work)
        hostile = run_cli("hostile", manifest.folder, len(manifest.files), manifest, work)
        stored = run_cli("hostile, storyfold add", manifest.folder, len(manifest.files), manifest, work, store=True)
    print()
    print("| corpus | files | seconds | files/s | peak memory | exit | crashes | silent drops | not skipped "
          "| valid articles lost |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run in (hostile, stored, peer):
        print(f"| {run.name} | {run.files:,} | {run.seconds:.1f} | {run.files / run.seconds:.1f} | "
              f"{run.peak_mb:,.0f} MB | {run.exit_code} | {run.crashes} | {len(run.problems['silent'])} | "
              f"{len(run.problems['not_skipped'])} | {len(run.problems['lost'])} |")
    ratio = (hostile.seconds / hostile.files) / (peer.seconds / peer.files)
    print(f"\nhostile / valid-only time per file: {ratio:.2f}x"
          " (same machine, same run; absolute times are noisy on the shared 2 cores)")
    for run in (hostile, stored):
        for key in ("lost", "not_skipped", "silent"):
            for line in run.problems[key][:10]:
                print(f"{run.name}: {key}: {line}")


if __name__ == "__main__":
    main()
