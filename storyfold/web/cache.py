"""A small cache of rendered story views and API bodies, so a busy story costs one render, not one per request.

The analysis is stored, never recomputed per request; rendering its page still costs milliseconds, which under
20 concurrent readers is the whole latency budget.  Entries are keyed by id and the app's write generation (an
upload or outlet edit through this app bumps it), and expire after a short time so writes by other processes
(``storyfold add`` on the same store) show up soon.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

MAX_ENTRIES = 256  # rendered views of the most-read stories; each is tens of kilobytes
TTL_SECONDS = 10.0  # how stale a page may be after another process writes the store


class ViewCache:
    def __init__(self, max_entries: int = MAX_ENTRIES, ttl: float = TTL_SECONDS) -> None:
        self._entries: OrderedDict[tuple, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries
        self._ttl = ttl
        self.generation = 0

    def bump(self) -> None:
        """Forget everything: called after this app changed the corpus."""
        with self._lock:
            self.generation += 1
            self._entries.clear()

    def get(self, key: tuple, compute: Callable[[], Any]) -> Any:
        full = (*key, self.generation)
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(full)
            if hit and now - hit[0] < self._ttl:
                self._entries.move_to_end(full)
                return hit[1]
        value = compute()
        with self._lock:
            self._entries[full] = (now, value)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return value
