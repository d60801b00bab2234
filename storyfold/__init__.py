"""storyfold: turn raw news pages from many outlets into verified stories.

The public names are imported on first use (PEP 562), so ``import storyfold`` and the CLI's ``--help`` do not
pay for spaCy and scikit-learn before any work.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "analyze": "storyfold.api",
    "analyze_articles": "storyfold.api",
    "load_articles": "storyfold.api",
    "StoryfoldError": "storyfold.errors",
    "Analysis": "storyfold.model",
    "Article": "storyfold.model",
    "Story": "storyfold.model",
    "Settings": "storyfold.settings",
}

if TYPE_CHECKING:
    from storyfold.api import analyze, analyze_articles, load_articles
    from storyfold.errors import StoryfoldError
    from storyfold.model import Analysis, Article, Story
    from storyfold.settings import Settings


class _Package(types.ModuleType):
    """``storyfold.analyze`` is the API function, even after the ``storyfold.analyze`` subpackage is imported.

    Importing a submodule sets it as an attribute of its parent package, which would shadow the function
    of the same name; this property keeps the function and ignores that assignment (the subpackage stays
    importable through ``sys.modules`` as usual).
    """

    @property
    def analyze(self) -> Any:
        from storyfold.api import analyze

        return analyze

    @analyze.setter
    def analyze(self, value: Any) -> None:
        if not isinstance(value, types.ModuleType):
            raise AttributeError("storyfold.analyze is the library's analyze() function")


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'storyfold' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Analysis",
    "Article",
    "Settings",
    "Story",
    "StoryfoldError",
    "__version__",
    "analyze",
    "analyze_articles",
    "load_articles",
]
