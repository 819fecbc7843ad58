"""Game rules: XP per kind, the level curve, the met day, lifetime XP, the working-day streak and its freezes.

Pure functions over *daily counts*: a mapping of local date -> {kind: count}. Each rule has its one
home here (tests/core/test_one_home.py): `met_day`, `lifetime_xp`, `streak_state` / `streak_with_today`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
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
    return base + (XP_TARGETS_MET_BONUS if met_day(counts, targets) else 0)


def lifetime_xp(daily: DailyCounts, targets_on: Callable[[date], Mapping[str, int]]) -> int:
    """All XP ever earned: each day scored with the targets in force on that day."""
    return sum(xp_of_day(c, targets_on(d)) for d, c in daily.items())


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


def met_day(counts: Mapping[str, int], targets: Mapping[str, int]) -> bool:
    """The one "met day" rule: something logged, and every daily target in force that day met.

    A day with nothing logged is never a met day, even with every target 0. (A loop, not generators:
    the streak walks every day of the history once a day, on the dashboard's start path.)"""
    for k, n in targets.items():
        if counts.get(k, 0) < n:
            return False
    for n in counts.values():
        if n > 0:
            return True
    return False


def remaining(counts: Mapping[str, int], targets: Mapping[str, int]) -> dict[str, int]:
    """What is still missing to hit each target today (only kinds still short)."""
    return {k: n - counts.get(k, 0) for k, n in targets.items() if counts.get(k, 0) < n}


# Streak freezes (issue 25): a missed working day, dwelt on, makes people give up; a repairable
# streak keeps them going. One freeze is earned at every 10th day of a streak, at most 2 are held,
# and a missed working day inside a streak uses one automatically (weekends, holidays and days off
# never need one: they never break a streak).
FREEZE_EVERY = 10
FREEZE_MAX = 2


class StreakState(NamedTuple):
    """The streak through a finished day: its length, freezes held, the last day a freeze kept it."""

    days: int
    freezes: int
    freeze_used_on: date | None


NO_STREAK = StreakState(0, 0, None)


def streak_state(
    daily: DailyCounts,
    through: date,
    targets_on: Callable[[date], Mapping[str, int]],
    off: Collection[date] = (),
) -> StreakState:
    """The streak after every day up to `through`, all of them finished days.

    A finished working day that is not a met day breaks the streak that same day (issue 26: the
    next day already shows 0), unless a freeze is held, which is then used. Walks forward from the
    first day of the history: freezes depend on the order of the days.
    """
    if not daily:
        return NO_STREAK
    state = NO_STREAK
    d = min(daily)
    while d <= through:
        state = _finish_day(state, d, daily.get(d, {}), targets_on(d), off)
        d += timedelta(days=1)
    return state


def _finish_day(
    state: StreakState, d: date, counts: Mapping[str, int], targets: Mapping[str, int], off: Collection[date]
) -> StreakState:
    """The streak after day `d` is over."""
    if not is_working_day(d, off):
        return state
    n, held, used = state
    if met_day(counts, targets):
        n += 1
        if n % FREEZE_EVERY == 0:
            held = min(FREEZE_MAX, held + 1)
        return StreakState(n, held, used)
    if n > 0 and held > 0:
        return StreakState(n, held - 1, d)
    return NO_STREAK


def streaks_by_day(
    daily: DailyCounts, targets_on: Callable[[date], Mapping[str, int]], last: date, off: Collection[date] = ()
) -> dict[date, int]:
    """The streak as shown on each day from the first of the history through `last` (one pass)."""
    out: dict[date, int] = {}
    if not daily:
        return out
    state = NO_STREAK
    d = min(daily)
    while d <= last:
        counts, goal = daily.get(d, {}), targets_on(d)
        out[d] = streak_with_today(state, counts, goal, d, off).days
        state = _finish_day(state, d, counts, goal, off)
        d += timedelta(days=1)
    return out


def streak_with_today(
    before: StreakState,
    today_counts: Mapping[str, int],
    targets: Mapping[str, int],
    today: date,
    off: Collection[date] = (),
) -> StreakState:
    """The streak shown today: `before` (through yesterday) plus today once it is a met day.
    An unfinished today never breaks it."""
    if not (is_working_day(today, off) and met_day(today_counts, targets)):
        return before
    return _finish_day(before, today, today_counts, targets, off)


def streak(
    daily: DailyCounts,
    targets: Mapping[str, int],
    today: date,
    off: Collection[date] = (),
    targets_on: Callable[[date], Mapping[str, int]] | None = None,
) -> int:
    """Working days in a row with every daily target met, ending today (freezes included).

    Weekends, holidays and days off are skipped (they never break a streak).
    Today counts when already met; an unfinished today does not break it; a missed working day
    before today breaks it (or uses a freeze). `targets_on(day)` gives the targets in force on a day.
    """
    goal = targets_on or (lambda _d: targets)
    before = {d: c for d, c in daily.items() if d < today}
    state = streak_state(before, today - timedelta(days=1), goal, off)
    return streak_with_today(state, daily.get(today, {}), goal(today), today, off).days
