"""Reading the ISO dates storyfold stores, in one place.

Articles carry their publication date as an ISO string (``2026-05-06`` or a full
timestamp); every component that compares days needs the calendar day, and an
unreadable date must read as "unknown", never as an error in the middle of an analysis.
"""

from __future__ import annotations

from datetime import date

ISO_DAY_CHARS = 10  # "YYYY-MM-DD": the day part of a date or a timestamp


def parse_iso_date(value: str | None) -> date | None:
    """The calendar day of an ISO date or timestamp; None when missing or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:ISO_DAY_CHARS])
    except ValueError:
        return None
