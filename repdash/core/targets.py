"""Targets with effective dates (issue 20): a change applies from the day it is made, never before.

The store keeps every change as a row {"date", "at", "targets"}; `init` writes the targets in force
at the start as a row dated the start date (or the first entry's date, if earlier). Streak, XP,
level, achievements and the season all score a day with `targets_in_force(rows, current)(day)`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

TargetsOn = Callable[[date], dict[str, int]]


def targets_in_force(rows: Iterable[Mapping[str, Any]], current: Mapping[str, int]) -> TargetsOn:
    """day -> the targets in force on that day.

    The newest change dated on or before the day (later `at` wins on the same date). A day before
    the first row gets the first row: the oldest targets we know were in force then, so a change
    never reaches back into imported history. With no rows at all, `current` (stores written
    before targets had dates).
    """
    ordered = sorted(
        (r for r in rows if isinstance(r.get("targets"), Mapping) and isinstance(r.get("date"), str)),
        key=lambda r: (str(r["date"]), str(r.get("at", ""))),
    )
    keys = [str(r["date"]) for r in ordered]
    values = [dict(r["targets"]) for r in ordered]
    fallback = dict(current)

    def on(day: date) -> dict[str, int]:
        if not values:
            return dict(fallback)
        i = bisect_right(keys, day.isoformat())
        return dict(values[i - 1] if i else values[0])

    return on
