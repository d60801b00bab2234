"""Incremental stories and copy detection over a pluggable index backend (INTERFACES §3).

How to use::

    import sqlite3
    from storyfold.stories import StoryIndex, DedupIndex, SqliteIndexBackend, MemoryIndexBackend

    conn = sqlite3.connect("store.db")
    for statement in SqliteIndexBackend.SCHEMA:       # the store's migrations run these
        conn.execute(statement)
    backend = SqliteIndexBackend(conn)                # never commits: wrap calls in your transaction
    dedup, stories = DedupIndex(backend, settings), StoryIndex(backend, settings)
    with conn:                                        # one transaction per batch
        for article in articles:                      # cleaned + metadata'd
            duplicate_of, reason = dedup.add(article) # also sets article.duplicate_of / duplicate_reason
            assignment = stories.add(article, parsed.get(article.id))
            # assignment.story_id, .created, .merged (ids folded into story_id; older id survives)
    stories.remove(article_id); dedup.remove(article_id)   # remove returns the story ids that changed
    stories.resolve(old_id)  # follows merges; stories.members(sid) in join order; stories.story_of(aid)

``MemoryIndexBackend()`` is the same in memory (tests, batch).  Copies are assigned
to stories like any article (they are the same event); callers that want only
independent articles in a story may skip ``stories.add`` for copies.  Story ids are
``"s" + stable_id(founding article id, length=10)``.
"""

from storyfold.stories.backend import MemoryIndexBackend, SqliteIndexBackend
from storyfold.stories.dedup import DedupIndex
from storyfold.stories.index import ArticleSource, MemorySource, StoryChange, StoryIndex

__all__ = ["ArticleSource", "DedupIndex", "MemoryIndexBackend", "MemorySource", "SqliteIndexBackend", "StoryChange",
           "StoryIndex"]
