"""The report tests use the web tests' sample-corpus fixtures."""

from tests.web.conftest import sample_analysis, sample_corpus  # noqa: F401
