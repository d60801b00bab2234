"""Judged precision of storyfold's output on real public articles (ECB+), and what to judge next.

The judgements live in ``samples/judged/*.json`` (format: :mod:`storyfold.judged`); the texts stay
in ``../shared/datasets``.  ``storyfold eval --judged`` reports the same table.

    python benchmarks/judged.py            # precision per judged kind (facts, discrepancies, dates, quotes, entities)
    python benchmarks/judged.py --dump     # also every item nobody judged yet, with its context, to judge by hand
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyfold.judged import DEFAULT_DATASET, format_judged_table, judge  # noqa: E402
from storyfold.settings import Settings  # noqa: E402

DATASET = (ROOT / DEFAULT_DATASET).resolve()
JUDGED_DIR = ROOT / "samples" / "judged"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", action="store_true", help="print unjudged items with their context")
    args = parser.parse_args()
    if not DATASET.is_dir():
        raise SystemExit(f"{DATASET} is not present: the ECB+ texts are read from ../shared/datasets")
    scores, unjudged = judge(DATASET, JUDGED_DIR, Settings(progress=False))
    if args.dump:
        for item in unjudged:
            print(json.dumps({"kind": item.kind, "story": item.story, "key": item.key}))
            print("   ", item.text.replace("\n", "\n    "))
    print(format_judged_table(scores))


if __name__ == "__main__":
    main()
