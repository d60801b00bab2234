"""`storyfold check`: SQLite's own integrity check plus storyfold's invariants."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any


def problems(conn: sqlite3.Connection) -> list[str]:
    """Every problem found; [] when the store is clean."""
    found = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    found += [f"story_members: article {a} points at missing story {s}" for a, s in conn.execute(
        "SELECT article_id, story_id FROM story_members WHERE story_id NOT IN (SELECT id FROM stories)")]
    found += [f"story_members: story {s} lists missing article {a}" for a, s in conn.execute(
        "SELECT article_id, story_id FROM story_members WHERE article_id NOT IN (SELECT id FROM articles)")]
    found += [f"story_aliases: {o} resolves to missing story {s}" for o, s in conn.execute(
        "SELECT old_id, story_id FROM story_aliases WHERE story_id NOT IN (SELECT id FROM stories)")]
    found += _index_problems(conn)
    texts = dict(conn.execute("SELECT id, text FROM articles").fetchall())
    for story_id, analysis in conn.execute("SELECT id, analysis FROM stories"):
        found += _story_problems(story_id, json.loads(analysis), texts, conn)
    return found


def _index_problems(conn: sqlite3.Connection) -> list[str]:
    """The story index (which places new articles) must agree with the stories the store shows."""
    if conn.execute("SELECT 1 FROM meta WHERE key = 'story_index'").fetchone() is None:
        return []  # a store from before the index: it is built on the next add
    indexed = {key: json.loads(value)["story"] for key, value in conn.execute(
        "SELECT key, value FROM idx_record WHERE kind = 'a'")}
    found = []
    for article_id, story_id in conn.execute("SELECT article_id, story_id FROM story_members"):
        if indexed.get(article_id) != story_id:
            found.append(f"story index: article {article_id} is in story {story_id} but indexed under "
                         f"{indexed.get(article_id)}")
    found += [f"story index: article {a} is indexed but in no story" for a in indexed.keys() - {
        r[0] for r in conn.execute("SELECT article_id FROM story_members")}]
    return found


def _story_problems(story_id: str, story: dict, texts: dict[str, str], conn: sqlite3.Connection) -> list[str]:
    found = []
    members = [r[0] for r in conn.execute(
        "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY position", (story_id,))]
    if sorted(members) != sorted(story["articles"]):
        found.append(f"story {story_id}: members differ from its analysis' article list")
    for where, evidence in _evidence(story):
        text = texts.get(evidence["article"])
        if text is None:
            found.append(f"story {story_id} {where}: source article {evidence['article']} is missing")
        elif text[evidence["start"]:evidence["end"]] != evidence["text"]:
            found.append(f"story {story_id} {where}: evidence offset {evidence['start']}-{evidence['end']} "
                         f"does not match article {evidence['article']}")
    for where, source in _sources(story):
        if source not in texts:
            found.append(f"story {story_id} {where}: source id {source} does not exist")
    return found


def _evidence(node: Any, where: str = "") -> Iterator[tuple[str, dict]]:
    """Every evidence-shaped dict (article, text, start, end) anywhere in the analysis."""
    if isinstance(node, dict):
        if {"article", "text", "start", "end"} <= node.keys() and isinstance(node.get("start"), int):
            yield where, node
        for key, value in node.items():
            yield from _evidence(value, f"{where}.{key}" if where else key)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _evidence(value, f"{where}[{n}]")


def _sources(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{where}.{key}" if where else key
            if key == "sources" and isinstance(value, list):
                yield from ((path, s) for s in value if isinstance(s, str))
            else:
                yield from _sources(value, path)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _sources(value, f"{where}[{n}]")
