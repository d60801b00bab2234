"""Store rows: an article read back is the article written, down to where its outlet was read."""

from __future__ import annotations

from storyfold.model import Article, RemovedSpan
from storyfold.store.codec import ARTICLE_COLUMNS, article_from_row, article_row


def test_an_article_row_round_trips_its_outlet_and_where_it_was_read() -> None:
    article = Article(id="a1", source="kestra.txt", raw="KESTRA (AFP) - Ferries stopped.", text="Ferries stopped.",
                      outlet="AFP", outlet_source="agency dateline", title="Ferries stop at Kestra",
                      removed=[RemovedSpan("© 2025 Kestra Ferry News", "site footer", 33, 57)])
    columns = [name.strip() for name in ARTICLE_COLUMNS.split(",")]
    row = dict(zip(columns, article_row(article, "2025-04-09T10:00:00"), strict=True))
    assert article_from_row(row) == article
