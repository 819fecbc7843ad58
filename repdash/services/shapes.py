"""The rep's day (`services.summary.rep_summary`) as a TypedDict, for the type checker only.

At runtime it stays a plain dict (`status --json` prints it: a contract in SPEC.md). Imported under
`TYPE_CHECKING` only: `rep_summary` is on the dashboard's start path, and this costs it nothing.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from repdash.core.shapes import Counts


class RepDay(TypedDict):
    """What `status`, the dashboard and `sync` all show of the rep's day."""

    date: str
    rep: str
    rep_id: str
    tz: str
    today: Counts
    targets: Counts
    standard: Counts | None
    streak: int
    streak_freezes: int
    streak_freeze_used: str | None  # the day a freeze kept the streak, said once
    level: int
    xp: int
    level_progress: float
    xp_to_next: int
    remaining: Counts
    targets_met: bool
    week: Counts
    week_working_days_so_far: int
    period: Counts
    spark: dict[str, list[int]]
    spark_days: list[str]
    crm_backed_week_pct: int | None
    notify: NotRequired[str]  # `status` adds the notices' mode: off | terminal | desktop
