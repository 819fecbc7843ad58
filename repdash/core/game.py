"""Game rules: XP per kind, the level curve, targets met, the working-day streak.

Pure functions over *daily counts*: a mapping of local date -> {kind: count}.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from repdash.core.workdays import is_working_day

DailyCounts = Mapping[date, Mapping[str, int]]

# Deeper funnel stages are rarer and worth more; padding calls pays least.
XP_PER_KIND: dict[str, int] = {
    "call": 5,
    "pitch": 20,
    "commit": 60,
    "deal": 200,
    "one_on_one": 40,
    "coaching": 40,
}
XP_DEFAULT = 10
# Bonus for a day on which every target is met: rewards the whole day, not volume.
XP_TARGETS_MET_BONUS = 100


def xp_for(kind: str, count: int = 1) -> int:
    return XP_PER_KIND.get(kind, XP_DEFAULT) * count


def xp_of_day(counts: Mapping[str, int], targets: Mapping[str, int]) -> int:
    base = sum(xp_for(k, n) for k, n in counts.items() if n > 0)
    return base + (XP_TARGETS_MET_BONUS if targets_met(counts, targets) and any(counts.values()) else 0)


def xp_to_reach(level: int) -> int:
    """Cumulative XP needed to reach `level` (level 1 is free). Grows gently: ~n^1.6."""
    if level <= 1:
        return 0
    return int(250 * (level - 1) ** 1.6)


class Level(NamedTuple):  # a NamedTuple: defined on every start before the first frame, ~6x cheaper than a dataclass
    level: int
    xp: int
    into: int  # XP earned inside this level
    span: int  # XP this level takes from start to the next

    @property
    def progress(self) -> float:
        return self.into / self.span if self.span else 1.0

    @property
    def to_next(self) -> int:
        return self.span - self.into


def level_for(xp: int) -> Level:
    xp = max(0, int(xp))
    # Invert the curve, then correct the float guess by stepping.
    level = max(1, int((xp / 250) ** (1 / 1.6)) + 1) if xp else 1
    while xp_to_reach(level + 1) <= xp:
        level += 1
    while level > 1 and xp_to_reach(level) > xp:
        level -= 1
    lo, hi = xp_to_reach(level), xp_to_reach(level + 1)
    return Level(level=level, xp=xp, into=xp - lo, span=hi - lo)


def targets_met(counts: Mapping[str, int], targets: Mapping[str, int]) -> bool:
    return all(counts.get(k, 0) >= n for k, n in targets.items())


def remaining(counts: Mapping[str, int], targets: Mapping[str, int]) -> dict[str, int]:
    """What is still missing to hit each target today (only kinds still short)."""
    return {k: n - counts.get(k, 0) for k, n in targets.items() if counts.get(k, 0) < n}


def streak(
    daily: DailyCounts,
    targets: Mapping[str, int],
    today: date,
    off: Collection[date] = (),
    targets_on=None,
) -> int:
    """Working days in a row with every daily target met, ending today.

    Weekends, holidays and days off are skipped (they never break a streak).
    Today counts when already met; an unfinished today does not break it.
    `targets_on(day)` may give the targets in force on a past day.
    """
    n = 0
    d = today
    first = True
    # A streak cannot be longer than the history it is built from.
    oldest = min(daily) if daily else today
    while d >= oldest:
        if is_working_day(d, off):
            goal = targets_on(d) if targets_on else targets
            if targets_met(daily.get(d, {}), goal) and any(daily.get(d, {}).values()):
                n += 1
            elif not (first and d == today):
                break
        first = False
        d -= timedelta(days=1)
    return n
