"""(being written by a helper)"""

from __future__ import annotations

def mark_on_topic(ctx) -> None:
    return None
