"""History events: what changed in a story, computed by diffing its previous stored analysis with the new one."""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]


def story_events(old: JSON | None, new: JSON) -> list[tuple[str, JSON]]:
    """``(kind, detail)`` pairs, oldest-first order of importance: created, joins, removals, facts, figures."""
    if old is None:
        return [("created", {"title": new["title"], "articles": list(new["articles"])})]
    events: list[tuple[str, JSON]] = []
    before, after = set(old["articles"]), set(new["articles"])
    events += [("article_joined", {"article": a}) for a in new["articles"] if a not in before]
    events += [("article_removed", {"article": a}) for a in old["articles"] if a not in after]
    events += _facts_grew(old, new)
    events += _new_discrepancies(old, new)
    return events


def _facts_grew(old: JSON, new: JSON) -> list[tuple[str, JSON]]:
    previous = {f["id"]: f for f in old.get("facts", [])}
    events = []
    for fact in new.get("facts", []):
        was = previous.get(fact["id"])
        if was is not None and fact["independent_sources"] > was["independent_sources"]:
            events.append(("fact_sources_grew", {
                "fact": fact["id"], "text": fact["text"], "from": was["independent_sources"],
                "to": fact["independent_sources"],
                "new_sources": sorted(set(fact["sources"]) - set(was["sources"]))}))
    return events


def _discrepancy_key(d: JSON) -> tuple[str, str]:
    return d["kind"], d["about"]


def _new_discrepancies(old: JSON, new: JSON) -> list[tuple[str, JSON]]:
    """New discrepancies; a known number discrepancy whose set of values changed is a revised figure."""
    previous = {_discrepancy_key(d): d for d in old.get("discrepancies", [])}
    events = []
    for disc in new.get("discrepancies", []):
        was = previous.get(_discrepancy_key(disc))
        values = sorted(v["value"] for v in disc["values"])
        if was is None:
            events.append(("discrepancy_new", {"about": disc["about"], "kind": disc["kind"], "values": values}))
        elif values != sorted(v["value"] for v in was["values"]) and disc["kind"] == "number":
            events.append(("figure_revised", {"about": disc["about"], "values": values}))
    return events

