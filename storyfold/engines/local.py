"""The local engine: run a declared list of steps in this process, counting and timing each once."""

from __future__ import annotations

import time
from collections.abc import Sequence

from storyfold.errors import StoryfoldError
from storyfold.model import StageStats
from storyfold.pipeline import RunState, Step


class MissingInput(StoryfoldError):
    """A declared step list is wired wrong: a step needs what no earlier step provides."""

    code = "E007"
    exit_code = 3


def check_wiring(steps: Sequence[Step], available: Sequence[str]) -> None:
    """Fail before any work when a step needs something nothing before it provides."""
    have = set(available)
    for step in steps:
        missing = [name for name in step.needs if name not in have]
        if missing:
            raise MissingInput(f"step {step.name!r} needs {', '.join(missing)}, which no earlier step provides",
                               fix="reorder the declared steps")
        have.update(step.provides)


def run_steps(steps: Sequence[Step], state: RunState) -> RunState:
    """Run ``steps`` in order over ``state``; append one StageStats per stats name (consecutive steps that
    share a name, such as cluster + analyze -> "stories", add up into one row)."""
    check_wiring(steps, [name for name in ("paths", "documents", "articles", "parsed", "groups", "stories")
                         if state.has(name) or name == "paths"])
    for step in steps:
        before = len(state.skipped)
        started = time.perf_counter()
        counts = step.run(state)
        seconds = time.perf_counter() - started
        drops_from = before if counts.drops_from is None else counts.drops_from
        _record(state, step.stats_name, counts.seen, counts.kept, seconds, state.skipped[drops_from:])
    return state


def _record(state: RunState, name: str, seen: int, kept: int, seconds: float, dropped: list) -> None:
    last = state.stats[-1] if state.stats else None
    if last is not None and last.name == name:
        last.kept = kept
        last.seconds += seconds
        stats = last
    else:
        stats = StageStats(name, seen=seen, kept=kept, seconds=seconds)
        state.stats.append(stats)
    for entry in dropped:
        stats.dropped[entry.reason] = stats.dropped.get(entry.reason, 0) + 1
