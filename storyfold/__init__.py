"""storyfold: turn raw news pages from many outlets into verified stories."""

from storyfold.api import analyze, analyze_articles, load_articles
from storyfold.errors import StoryfoldError
from storyfold.model import Analysis, Article, Story
from storyfold.settings import Settings

__version__ = "0.1.0"

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
