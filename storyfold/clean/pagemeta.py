"""What an HTML page states about itself, by trafilatura's own metadata extractors, minus the unused ones.

``trafilatura.extract_metadata`` also collects categories, tags and the licence,
which storyfold never reads and which cost about a third of its time (each is a
walk over the whole tree).  This runs the same extractors in the same order for the
fields the metadata stage does read (title, author, URL, date, site name,
description, language), and falls back to the full call if trafilatura's module
layout ever changes.
"""

from __future__ import annotations

import logging
from typing import Any

import trafilatura
from lxml.etree import _Element

log = logging.getLogger(__name__)

try:
    from trafilatura import metadata as _tm

    _PARTS = (_tm.examine_meta, _tm.extract_meta_json, _tm.extract_title, _tm.extract_author, _tm.extract_url,
              _tm.extract_domain, _tm.set_date_params, _tm.find_date, _tm.extract_sitename, _tm.META_URL)
except (ImportError, AttributeError):  # another trafilatura layout: use its public entry point
    _tm = None


def page_metadata(tree: _Element, url: str | None) -> Any:
    """trafilatura's metadata ``Document`` for the fields storyfold reads (None attributes when absent)."""
    if _tm is None:
        return trafilatura.extract_metadata(tree, default_url=url)
    metadata = _tm.examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # one-word "authors" are site names (as trafilatura does)
    try:
        metadata = _tm.extract_meta_json(tree, metadata)
    except Exception as exc:  # trafilatura's JSON-LD reader has bugs of its own on odd pages
        log.info("no JSON-LD metadata: %s", exc)
    metadata.title = metadata.title or _tm.extract_title(tree)
    metadata.author = metadata.author or _tm.extract_author(tree)
    metadata.url = metadata.url or _tm.extract_url(tree, url)
    if metadata.url:
        metadata.hostname = _tm.extract_domain(metadata.url, fast=True)
    date_config = _tm.set_date_params(True)
    date_config["url"] = metadata.url
    metadata.date = _tm.find_date(tree, **date_config)
    metadata.sitename = metadata.sitename or _tm.extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (match := _tm.META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata
