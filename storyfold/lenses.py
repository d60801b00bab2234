"""Outlet lenses: the user's own attributes of outlets (country, ownership, lean, ...) applied to stories.

storyfold ships no ratings: an outlets file (CSV or JSON) says, per outlet name or domain, whatever attributes
the user cares about.  From it and the read side (:class:`~storyfold.corpus.CorpusReader` records) this module
computes how many *independent* sources of each attribute value report a story and each of its facts, and which
stories one group covers while another ignores (blind spots).  Copies count once, as everywhere in storyfold.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from storyfold.errors import InputError
from storyfold.report.labels import outlet_name, url_domain

JSON = dict[str, Any]
NAME_COLUMNS = ("name", "outlet")  # accepted headers for the outlet's name
DOMAIN_COLUMNS = ("domain", "site", "url")  # accepted headers for its web domain
MAX_OUTLETS_FILE_BYTES = 5_000_000  # an outlets list is a few thousand rows at most; larger is a wrong file


def parse_outlets(text: str, *, source: str = "outlets file") -> list[JSON]:
    """Rows ``{name, domain, attributes}`` from CSV (header row) or JSON (a list, or ``{"outlets": [...]}``)."""
    stripped = text.lstrip("\ufeff").strip()
    if not stripped:
        raise InputError("the outlets file is empty", source=source, fix="give a CSV with a name or domain column")
    records = _json_records(stripped, source) if stripped[0] in "[{" else _csv_records(stripped)
    rows = [_row(record, number, source) for number, record in enumerate(records, start=1)]
    if not rows:
        raise InputError("no outlet rows found", source=source, fix="add one row per outlet under the header")
    return rows


def load_outlets_file(path: str | Path) -> list[JSON]:
    """Read and parse an outlets file; errors name the file and the fix."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", source=str(path), fix="give the path of a CSV or JSON outlets file")
    if path.stat().st_size > MAX_OUTLETS_FILE_BYTES:
        raise InputError("the outlets file is too large", source=str(path), fix="split it or remove unused columns")
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text", source=str(path), fix="save the file as UTF-8") from exc
    return parse_outlets(text, source=str(path))


def _json_records(text: str, source: str) -> list[Mapping[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON ({exc.msg}, line {exc.lineno})", source=source,
                         fix="fix the JSON or use CSV") from exc
    if isinstance(data, dict):
        data = data.get("outlets", [data])
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InputError("expected a list of objects", source=source, fix='use [{"name": "...", "lean": "..."}]')
    return data


def _csv_records(text: str) -> list[Mapping[str, Any]]:
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t") if text else csv.excel
    return list(csv.DictReader(io.StringIO(text), dialect=dialect))


def _row(record: Mapping[str, Any], number: int, source: str) -> JSON:
    fields = {str(k).strip().casefold(): v for k, v in record.items() if k is not None}
    name = next((str(fields[c]).strip() for c in NAME_COLUMNS if fields.get(c)), "")
    domain_raw = next((str(fields[c]).strip() for c in DOMAIN_COLUMNS if fields.get(c)), "")
    domain = url_domain(domain_raw) or (domain_raw.casefold() or None)
    if not name and not domain:
        raise InputError(f"row {number} has neither a name nor a domain", source=source,
                         fix="fill the name or domain column of every row")
    skip = {*NAME_COLUMNS, *DOMAIN_COLUMNS}
    nested = fields.get("attributes") if isinstance(fields.get("attributes"), dict) else {}
    attributes = {str(k): str(v) for k, v in nested.items() if v not in (None, "")}
    attributes |= {k: str(v).strip() for k, v in fields.items()
                   if k not in skip and k != "attributes" and v not in (None, "") and not isinstance(v, dict | list)}
    return {"name": name or domain, "domain": domain, "attributes": attributes}


class OutletLens:
    """Finds the user's attributes of an article's outlet, by outlet name first, then by domain."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self._by_name: dict[str, Mapping[str, str]] = {}
        self._by_domain: dict[str, Mapping[str, str]] = {}
        for row in rows:
            attributes = row.get("attributes") or {}
            if not attributes:
                continue
            self._by_name[str(row["name"]).casefold()] = attributes
            if row.get("domain"):
                self._by_domain[str(row["domain"]).casefold()] = attributes

    def __bool__(self) -> bool:
        return bool(self._by_name or self._by_domain)

    def attributes_of_name(self, name: str | None) -> Mapping[str, str]:
        key = (name or "").casefold()
        return self._by_name.get(key) or self._by_domain.get(key.removeprefix("www.")) or {}

    def attributes(self, article: Mapping[str, Any]) -> Mapping[str, str]:
        found = self.attributes_of_name(article.get("outlet"))
        return found or self._by_domain.get((url_domain(article.get("url")) or "").casefold()) or {}

    def attribute_names(self) -> list[str]:
        return sorted({k for a in [*self._by_name.values(), *self._by_domain.values()] for k in a})


def coverage_by_attribute(story: Mapping[str, Any], articles: Sequence[Mapping[str, Any]],
                          lens: OutletLens) -> JSON:
    """Per attribute and value: independent sources reporting the story, and per fact id.

    ``{attribute: {value: {"sources": n, "facts": {fact_id: n}}}}``; articles whose outlet has no value for an
    attribute are counted under ``"(not set)"`` so the totals add up to the story's independent sources.
    """
    by_id = {a["id"]: a for a in articles}
    result: JSON = {}
    for key in lens.attribute_names():
        values: dict[str, JSON] = {}
        for value, groups in _groups_by_value(articles, lens, key).items():
            facts = {f["id"]: len({_independent(by_id[s]) for s in f["sources"] if s in by_id} & groups)
                     for f in story.get("facts", [])}
            values[value] = {"sources": len(groups), "facts": facts}
        result[key] = dict(sorted(values.items()))
    return result


def _independent(article: Mapping[str, Any]) -> str:
    return article.get("duplicate_of") or article["id"]


def _groups_by_value(articles: Sequence[Mapping[str, Any]], lens: OutletLens, key: str) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = {}
    for article in articles:
        value = lens.attributes(article).get(key) or "(not set)"
        groups.setdefault(value, set()).add(_independent(article))
    return groups


def parse_group(text: str | None) -> tuple[str, str] | None:
    """``"lean=left"`` as ``("lean", "left")``; ``None`` when empty or malformed."""
    key, sep, value = (text or "").partition("=")
    return (key.strip(), value.strip()) if sep and key.strip() and value.strip() else None


def covers(row: Mapping[str, Any], lens: OutletLens, group: tuple[str, str]) -> bool:
    """Whether any outlet of a story summary row has the group's attribute value."""
    key, value = group
    return any(lens.attributes_of_name(o).get(key, "").casefold() == value.casefold() for o in row["outlets"])


def blind_spots(rows: Iterable[Mapping[str, Any]], lens: OutletLens, covered: tuple[str, str],
                ignored: tuple[str, str]) -> list[Mapping[str, Any]]:
    """Story rows that outlets of ``covered`` report and no outlet of ``ignored`` does."""
    return [r for r in rows if covers(r, lens, covered) and not covers(r, lens, ignored)]


def outlet_label(article: Mapping[str, Any]) -> str:
    """The name an outlet is listed under (re-exported for templates)."""
    return outlet_name(article)
