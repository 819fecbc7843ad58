"""The rep's day in one dict: what `status`, the dashboard and `sync` all show.

A thin service over the store and the pure game rules (no Textual here).
It is split in two so a keystroke stays cheap: `History` holds everything
before today (XP, streak so far, week/period totals, sparkline days) and is
built once per day; `rep_summary` adds today's counts on top.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from repdash.core import game
from repdash.core.workdays import (
    count_working_days,
    period_bounds,
    previous_working_days,
    proration,
    start_date_of,
    week_bounds,
)
from repdash.store.local import LocalStore

if TYPE_CHECKING:
    from repdash.services.shapes import RepDay

SPARK_DAYS = 10


def sum_counts(daily, start: date, end: date, kinds) -> dict[str, int]:
    out = {k: 0 for k in kinds}
    for d, counts in daily.items():
        if start <= d <= end:
            for k, n in counts.items():
                out[k] = out.get(k, 0) + n
    return out


class History(NamedTuple):  # a NamedTuple: defined on every start before the first frame, ~6x cheaper than a dataclass
    """Everything that does not change when a key is pressed today."""

    today: date
    xp: int
    streak_before: game.StreakState  # through yesterday, a finished day (core.game.streak_state)
    week: dict[str, int]  # this week before today
    period: dict[str, int]  # this period before today
    spark_days: list[date]
    spark: dict[str, list[int]]  # per kind, counts on spark_days (today's slot filled later)
    targets_on: Callable[[date], dict[str, int]]
    week_from: date  # this week's first working date for this rep: the start date in their first week
    crm_week: tuple[int, int] | None = None  # (CRM-backed, total) this week before today; None: no CRM import


def build_history(store: LocalStore, today: date) -> History:
    config = store.require()
    kinds = store.kinds
    off = store.off_days
    daily = {d: c for d, c in store.daily_counts().items() if d != today}
    targets_on = store.targets_on_factory()
    yesterday = today - timedelta(days=1)
    wk_start, _ = week_bounds(today)
    p_start, _ = period_bounds(today, config.period)
    spark_days = previous_working_days(today, SPARK_DAYS, off)
    return History(
        today=today,
        xp=game.lifetime_xp(daily, targets_on),
        streak_before=game.streak_state(daily, yesterday, targets_on, off),
        week=sum_counts(daily, wk_start, yesterday, kinds),
        period=sum_counts(daily, p_start, yesterday, kinds),
        spark_days=spark_days,
        spark={k: [daily.get(d, {}).get(k, 0) for d in spark_days] for k in kinds},
        targets_on=targets_on,
        week_from=proration(today, p_start, today, _start(config.start, daily), off).week_from,
        crm_week=_crm_before(store, wk_start, yesterday),
    )


def _start(configured: date | None, daily) -> date | None:
    """The rep's start date (core.workdays.start_date_of): configured, or the first entry if earlier."""
    first = next((d for d in sorted(daily) if any(daily[d].values())), None)
    return start_date_of(configured, first)


def _crm_before(store: LocalStore, start: date, end: date) -> tuple[int, int] | None:
    """The CRM-backed share of start..end; None (and nothing read) before the rep's first CRM import."""
    if not store.config.crm.get("last_import"):
        return None
    from repdash.core.crm.reconcile import backed_share

    return backed_share((e.ref, e.count) for e in store.entries(start, end) if start <= e.day <= end)


def _crm_pct(history: History, store: LocalStore, today: date) -> int | None:
    """This week's CRM-backed share in percent ("82 % CRM-backed this week"), or None."""
    if history.crm_week is None:
        return None
    from repdash.core.crm.reconcile import backed_share

    backed, total = backed_share((e.ref, e.count) for e in store.day_entries(today))
    backed, total = backed + history.crm_week[0], total + history.crm_week[1]
    return round(100 * backed / total) if total else None


def rep_summary(
    store: LocalStore, now: datetime, standard: dict[str, int] | None = None, history: History | None = None
) -> RepDay:
    config = store.require()
    kinds = store.kinds
    today = store.today(now)
    if history is None or history.today != today:
        history = build_history(store, today)
    off = store.off_days
    targets = store.targets
    raw_today = store.day_counts(today)
    today_counts = {k: raw_today.get(k, 0) for k in kinds}
    for k, n in raw_today.items():
        today_counts.setdefault(k, n)
    xp = history.xp + game.xp_of_day(today_counts, targets)
    level = game.level_for(xp)
    streak = game.streak_with_today(history.streak_before, today_counts, targets, today, off)
    # "streak kept (freeze used)" once: on the first working day after the day a freeze covered.
    last_done = previous_working_days(today, 1, off, include=False)
    freeze_used = streak.freeze_used_on is not None and bool(last_done) and streak.freeze_used_on == last_done[-1]
    wk_start, _ = week_bounds(today)

    def plus_today(counts: dict[str, int]) -> dict[str, int]:
        out = dict(counts)
        for k, n in today_counts.items():
            out[k] = out.get(k, 0) + n
        return out

    spark = {}
    for k in kinds:
        values = list(history.spark.get(k, [0] * len(history.spark_days)))
        if history.spark_days and history.spark_days[-1] == today:
            values[-1] = today_counts.get(k, 0)
        spark[k] = values
    return {
        "date": today.isoformat(),
        "rep": config.name,
        "rep_id": config.rep_id,
        "tz": store.tz,
        "today": today_counts,
        "targets": targets,
        "standard": standard,
        "streak": streak.days,
        "streak_freezes": streak.freezes,
        "streak_freeze_used": streak.freeze_used_on.isoformat() if freeze_used and streak.freeze_used_on else None,
        "level": level.level,
        "xp": xp,
        "level_progress": round(level.progress, 4),
        "xp_to_next": level.to_next,
        "remaining": game.remaining(today_counts, targets),
        "targets_met": game.targets_met(today_counts, targets),
        "week": plus_today(history.week),
        # Counted from the start date in a rep's first week (issue 20): the board and the TV agree.
        "week_working_days_so_far": count_working_days(history.week_from, today, off),
        "period": plus_today(history.period),
        "spark": spark,
        "spark_days": [d.isoformat() for d in history.spark_days],
        "crm_backed_week_pct": _crm_pct(history, store, today),
    }
