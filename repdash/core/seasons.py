"""Quarterly seasons and prestige: XP keeps meaning something after level 25 (level titles: core/titles.py).

Pure functions over daily counts (no Textual, no I/O).

- The lifetime level never resets (game.level_for over all XP) and carries a title.
- Each calendar quarter is a season: season XP starts at zero, earns a season tier
  (Bronze .. Diamond) paced against the season's working days, and ends with a summary.
  A veteran and a newcomer start every season level, so the board of a new quarter
  is not decided by who joined first.
- Past level 25 ("Legend") every further 5 levels add a rank (Legend II, III, ...)
  and every 25,000 XP past level 25 adds a prestige star.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date

from repdash.core import game
from repdash.core.titles import LEGEND_LEVEL, title_for
from repdash.core.workdays import count_working_days, period_bounds

DailyCounts = game.DailyCounts
TargetsOn = Callable[[date], Mapping[str, int]]

PRESTIGE_XP = 25_000

SEASON_NAMES = {1: "Fresh Start", 2: "Spring Sprint", 3: "Summer Push", 4: "Year-End Rally"}
# Season tiers by average XP per working day of the season (a day exactly at default
# targets is 840 XP), so a tier means the same in a short quarter as in a long one.
TIERS: tuple[tuple[int, str, str], ...] = (
    (0, "Bronze", "▰"),
    (400, "Silver", "▰▰"),
    (700, "Gold", "▰▰▰"),
    (1000, "Platinum", "▰▰▰▰"),
    (1300, "Diamond", "▰▰▰▰▰"),
)


def prestige_stars(xp: int) -> int:
    """One star per PRESTIGE_XP earned past level 25."""
    past = xp - game.xp_to_reach(LEGEND_LEVEL)
    return max(0, past // PRESTIGE_XP)


@dataclass(frozen=True)
class Lifetime:
    xp: int
    level: int
    title: str
    stars: int
    progress: float
    to_next: int

    @property
    def label(self) -> str:
        stars = f" {'✦' * min(self.stars, 5)}{'+' if self.stars > 5 else ''}" if self.stars else ""
        return f"Level {self.level} · {self.title}{stars}"


def day_xp(history: DailyCounts, targets_on: TargetsOn | Mapping[str, int]) -> dict[date, int]:
    def t(d: date) -> Mapping[str, int]:
        return targets_on(d) if callable(targets_on) else targets_on

    return {d: game.xp_of_day(c, t(d)) for d, c in history.items() if any(v > 0 for v in c.values())}


def lifetime(history: DailyCounts, targets_on: TargetsOn | Mapping[str, int]) -> Lifetime:
    xp = game.lifetime_xp(history, targets_on if callable(targets_on) else (lambda _d: targets_on))
    lv = game.level_for(xp)
    return Lifetime(xp, lv.level, title_for(lv.level), prestige_stars(xp), lv.progress, lv.to_next)


# ---------------------------------------------------------------- seasons


def season_of(day: date) -> tuple[str, date, date]:
    """('2026-Q4', first day, last day) of the quarter holding `day`."""
    start, end = period_bounds(day, "quarter")
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}", start, end


def tier_for(xp_per_day: float) -> tuple[str, str]:
    name, bar = TIERS[0][1], TIERS[0][2]
    for at, n, b in TIERS:
        if xp_per_day >= at:
            name, bar = n, b
    return name, bar


@dataclass(frozen=True)
class SeasonSummary:
    id: str  # 2026-Q4
    name: str  # "Q4 2026 · Year-End Rally"
    start: date
    end: date
    finished: bool
    xp: int
    level: int  # the season level: the same curve as lifetime, from zero each quarter
    tier: str
    tier_bar: str
    working_days: int
    working_days_done: int
    active_days: int
    target_days: int  # days with every target met
    best_day: date | None
    best_day_xp: int
    best_streak: int
    totals: dict[str, int]

    @property
    def xp_per_day(self) -> float:
        return self.xp / self.working_days_done if self.working_days_done else 0.0

    def lines(self) -> list[str]:
        """A short, plain-text season summary (for the trophy screen and season end)."""
        out = [f"{self.name}: {self.tier} tier, season level {self.level}, {self.xp:,} XP"]
        out.append(
            f"{self.target_days} of {self.working_days_done} working days on target"
            + (f", best streak {self.best_streak}" if self.best_streak else "")
        )
        if self.best_day:
            out.append(f"Best day {self.best_day.isoformat()} ({self.best_day_xp:,} XP)")
        deals = self.totals.get("deal", 0)
        commits = self.totals.get("commit", 0)
        out.append(f"{deals} deal{'s' if deals != 1 else ''}, {commits} commitment{'s' if commits != 1 else ''}")
        return out


def season_summary(
    history: DailyCounts,
    targets_on: TargetsOn | Mapping[str, int],
    day: date,
    off: Collection[date] = (),
    today: date | None = None,
) -> SeasonSummary:
    """The season holding `day`, counted up to `today` (default: `day`)."""
    today = today or day
    sid, start, end = season_of(day)
    upto = min(end, today)

    def t(d: date) -> Mapping[str, int]:
        return targets_on(d) if callable(targets_on) else targets_on

    inside = {d: c for d, c in history.items() if start <= d <= upto}
    xps = day_xp(inside, targets_on)
    xp = sum(xps.values())
    done = count_working_days(start, upto, off) if upto >= start else 0
    tier, bar = tier_for(xp / done if done else 0)
    best = max(xps, key=lambda d: (xps[d], d), default=None)
    target_days = sum(1 for d, c in inside.items() if game.met_day(c, t(d)))
    totals: dict[str, int] = {}
    for c in inside.values():
        for k, n in c.items():
            totals[k] = totals.get(k, 0) + n
    best_streak = 0
    if inside:
        # The longest run inside the season, from the streak at each day (holidays skipped).
        best_streak = max(game.streaks_by_day(inside, t, max(inside), off).values())
    q = int(sid[-1])
    return SeasonSummary(
        id=sid,
        name=f"Q{q} {day.year} · {SEASON_NAMES[q]}",
        start=start,
        end=end,
        finished=today > end,
        xp=xp,
        level=game.level_for(xp).level,
        tier=tier,
        tier_bar=bar,
        working_days=count_working_days(start, end, off),
        working_days_done=done,
        active_days=len(xps),
        target_days=target_days,
        best_day=best,
        best_day_xp=xps.get(best, 0) if best else 0,
        best_streak=best_streak,
        totals=totals,
    )
