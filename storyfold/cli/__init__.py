"""The `storyfold` command: parses options and hands over to the library API.

Nothing here decides anything about articles or stories; each command module only reads options, calls the
library, and writes what comes back.  stdout carries the result (clean JSON with ``--format json``); progress
and errors go to stderr.  Heavy libraries (spaCy, scikit-learn) are imported inside commands, never at module
level, so ``--help`` and store queries answer at once.

Command modules, one per group; each registers its commands on :data:`storyfold.cli.app.app` when imported.
"""

from __future__ import annotations

from storyfold.cli import (
    batch,  # noqa: F401  (registers analyze, clean, eval, settings, version)
    imports,  # noqa: F401  (registers import)
    spark,  # noqa: F401  (registers analyze-spark)
    store,  # noqa: F401  (registers add, stories, show, search, history, remove, check, export)
    web,  # noqa: F401  (registers serve, report, outlets)
)
from storyfold.cli.app import app


def main() -> None:
    from storyfold.cli.common import run_guarded

    run_guarded(app)  # no command, whoever wrote it, ends in a raw traceback


__all__ = ["app", "main"]

if __name__ == "__main__":
    main()
