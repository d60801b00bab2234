"""storyfold: turn raw news pages from many outlets into verified stories.

The public names are imported on first use (PEP 562), so ``import storyfold`` and the CLI's ``--help`` do not
pay for spaCy and scikit-learn before any work.
"""

from __future__ import annotations

import importlib
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
