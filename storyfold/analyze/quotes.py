"""(being written by a helper)"""

from __future__ import annotations

def find_quotes(ctx) -> list:
    return []
