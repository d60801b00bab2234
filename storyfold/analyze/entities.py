"""(being written by a helper)"""

from __future__ import annotations

def find_entities(ctx) -> list:
    return []
