"""Fictional dated coverage for the time-blocked grouping: events near a block edge, far apart, and long running.

Four events, each covered by several outlets:

* a road bridge closed in Valmont (days 0-2 from an even day number: with 4-day windows it crosses a home edge),
* a rail bridge shut in Rivermouth on days 1-2: the same kind of event at the same time, other place and figures,
* a warehouse fire in Kessel two months later,
* a dam inquiry reported every other day over eight days: longer than a window, so only stitching keeps it whole.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from storyfold.model import Article

# (story, day offset, outlet, title, text)
COVERAGE = [
    ("valmont", 0, "Valmont Gazette", "Orrin Street bridge in Valmont closed after crack found in girder",
     "Engineers closed the Orrin Street bridge in Valmont on Monday after finding a 40-centimetre crack in one of "
     "its steel girders, the city transport office said. About 14,000 vehicles cross the bridge each day and "
     "traffic was diverted over the Kessel crossing. Transport chief Marta Ilic said inspectors would decide "
     "within 48 hours whether the span could reopen to buses."),
    ("valmont", 1, "Northern Ledger", "Valmont's Orrin Street bridge to stay shut for three weeks",
     "The Orrin Street bridge in Valmont will stay closed for at least three weeks while the cracked steel girder "
     "is replaced, transport chief Marta Ilic said on Tuesday. The 40-centimetre crack was found during a routine "
     "inspection; the 14,000 vehicles that use the bridge each day are being sent over the Kessel crossing, where "
     "queues stretched for two kilometres at rush hour."),
    ("valmont", 2, "Eastern Lens", "Valmont shops count cost of Orrin Street bridge closure",
     "Shopkeepers on both banks of the river in Valmont said trade had fallen since the Orrin Street bridge was "
     "closed after engineers found a 40-centimetre crack in a steel girder. The transport office said repairs to "
     "the girder would begin on Thursday and that the diversion over the Kessel crossing would stay until the "
     "bridge reopens; about 14,000 vehicles a day normally use it."),
    ("rivermouth", 1, "Harbourline", "Rivermouth rail bridge shut after flood damage to pier",
     "Rail operator Lakeline suspended trains over the Sable river bridge at Rivermouth on Tuesday after flood "
     "water scoured the base of one of its stone piers. Around 9,500 passengers a day use the line; replacement "
     "buses will run between Rivermouth and Dunmore, the company said. Divers will examine the pier once the "
     "river level falls below 3.2 metres."),
    ("rivermouth", 2, "Meridian Post", "Divers to inspect damaged Sable river rail bridge",
     "Divers will inspect the scoured pier of the Sable river rail bridge at Rivermouth as soon as the water drops "
     "below 3.2 metres, Lakeline said on Wednesday. Trains between Rivermouth and Dunmore remain suspended and the "
     "9,500 daily passengers are travelling on replacement buses."),
    ("kessel", 60, "Valmont Gazette", "Fire destroys furniture warehouse in Kessel industrial park",
     "A fire destroyed a furniture warehouse in the Kessel industrial park overnight, and 60 firefighters worked "
     "until dawn to stop it spreading to a neighbouring paint depot, the regional fire service said on Friday. "
     "Nobody was hurt. The owner, Brandt Interiors, said 120 staff would move to its other site while "
     "investigators look for the cause."),
    ("kessel", 61, "Eastern Lens", "Investigators examine wiring after Kessel warehouse fire",
     "Fire investigators are examining the electrical wiring of the Brandt Interiors warehouse in the Kessel "
     "industrial park, which burned down on Thursday night. The fire service said 60 firefighters had kept the "
     "blaze away from a paint depot next door. The company has moved its 120 staff to its second site."),
    ("orlan", 20, "Northern Ledger", "Orlan dam inquiry opens with account of spillway failure",
     "The public inquiry into the flooding below the Orlan dam opened on Monday with engineers describing how two "
     "of the dam's spillway gates jammed as the reservoir rose. The flood reached 312 homes in the villages of "
     "Tarn and Mesk. Inquiry chair Judge Helen Okafor said hearings would run for two weeks."),
    ("orlan", 22, "Harbourline", "Orlan dam operator knew of gate faults, inquiry told",
     "The operator of the Orlan dam had been warned that its spillway gates were corroded, the inquiry into the "
     "flood that reached 312 homes in Tarn and Mesk heard on Wednesday. A former maintenance manager told Judge "
     "Helen Okafor that repairs to the gates had been postponed twice."),
    ("orlan", 24, "Meridian Post", "Regulator questioned at Orlan dam inquiry",
     "The head of the national dam regulator was questioned at the Orlan dam inquiry on Friday about why the "
     "corroded spillway gates had passed inspection. Judge Helen Okafor asked why the reservoir was kept so high "
     "before the flood that reached 312 homes in Tarn and Mesk."),
    ("orlan", 26, "Eastern Lens", "Tarn residents describe night of Orlan dam flood",
     "Residents of Tarn and Mesk told the Orlan dam inquiry on Sunday how water from the reservoir reached their "
     "homes within an hour after the spillway gates jammed. The flood damaged 312 homes. Judge Helen Okafor "
     "thanked them for their evidence."),
    ("orlan", 28, "Valmont Gazette", "Orlan dam inquiry closes with report due in spring",
     "The Orlan dam inquiry closed on Tuesday after two weeks of hearings on the jammed spillway gates and the "
     "flood that reached 312 homes in Tarn and Mesk. Judge Helen Okafor said her report on the dam would be "
     "published in the spring."),
]
WINDOW_DAYS = 4  # spark_block_days for these tests: two-day strides, so every event above meets a block edge


def first_day() -> dt.date:
    """A day with an even day number: with 4-day windows, its home block differs from the next day's."""
    day = dt.date(2025, 3, 10)
    return day if day.toordinal() % 2 == 0 else day + dt.timedelta(days=1)


def coverage_articles(dated: bool = True) -> list[Article]:
    """The coverage as cleaned articles (no parse: the tests that use them need no spaCy)."""
    start = first_day()
    articles = []
    for n, (story, offset, outlet, title, text) in enumerate(COVERAGE):
        published = (start + dt.timedelta(days=offset)).isoformat() if dated else None
        articles.append(Article(id=f"{story}-{n}", source=f"{story}-{n}.txt", raw=text, text=text, title=title,
                                outlet=outlet, published=published))
    return articles


def expected_stories() -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for article in coverage_articles():
        groups.setdefault(article.id.rsplit("-", 1)[0], set()).add(article.id)
    return {frozenset(group) for group in groups.values()}


def write_coverage_jsonl(path: Path, dated: bool = True) -> Path:
    """The coverage as one JSONL dump (what the Spark engine and the local engine both read)."""
    start = first_day()
    lines = [json.dumps({"url": f"https://{outlet.lower().replace(' ', '-')}.example/{story}-{n}", "title": title,
                         "outlet": outlet, "text": text,
                         **({"published": (start + dt.timedelta(days=offset)).isoformat()} if dated else {})})
             for n, (story, offset, outlet, title, text) in enumerate(COVERAGE)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
