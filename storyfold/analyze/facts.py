"""(being written by a helper)"""

from __future__ import annotations

def align_facts(ctx) -> list:
    return []
