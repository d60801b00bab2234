"""The public package surface: lazy imports and names that submodules cannot shadow."""

from __future__ import annotations

import subprocess
import sys


def test_analyze_stays_the_function_after_the_analyze_subpackage_is_imported() -> None:
    import storyfold
    import storyfold.analyze.summary
    from storyfold.api import analyze

    assert storyfold.analyze is analyze
    assert callable(storyfold.analyze)


def test_importing_the_cli_does_not_load_spacy_or_sklearn() -> None:
    """`storyfold --help` must answer at once: heavy libraries load only inside commands."""
    code = "import sys, storyfold.cli; print(sorted(m for m in ('spacy', 'sklearn', 'scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
