"""Incremental stories and copy detection over a pluggable index backend (INTERFACES §3).

How to use::

    import sqlite3
    from storyfold.stories import DedupIndex, MemorySource, SqliteIndexBackend, StoryIndex

    conn = sqlite3.connect("store.db", isolation_level=None)
    for statement in SqliteIndexBackend.SCHEMA:       # the store's migrations run these
        conn.execute(statement)
    backend = SqliteIndexBackend(conn)                # never commits: wrap calls in your transaction
    source = MemorySource()                           # or anything with load(ids) and recent_texts(n)
    dedup, stories = DedupIndex(backend, settings), StoryIndex(backend, source, settings)
    conn.execute("BEGIN")                             # one transaction per batch
    for article in articles:                          # cleaned + metadata'd
        dedup.add(article)                            # sets article.duplicate_of / duplicate_reason
    source.put(articles, parsed)
    for change in stories.add(articles, parsed):      # the stories whose members changed
        change.story_id, change.article_ids, change.title, change.created, change.merged
    conn.execute("COMMIT")
    stories.remove([article_id]); dedup.remove(article_id)
    stories.resolve(old_id)  # follows merges; stories.members(sid) oldest first; stories.story_of(aid)

``MemoryIndexBackend()`` is the same in memory (tests, benchmarks).  Copies are assigned
to stories like any article (they are the same event).  Story ids are
``"s" + stable_id(founding article id, length=10)``.
"""

from storyfold.stories.backend import MemoryIndexBackend, SqliteIndexBackend
from storyfold.stories.dedup import DedupIndex
from storyfold.stories.index import ArticleSource, MemorySource, StoryChange, StoryIndex

__all__ = ["ArticleSource", "DedupIndex", "MemoryIndexBackend", "MemorySource", "SqliteIndexBackend", "StoryChange",
           "StoryIndex"]
