"""The rep's day in one dict: what `status`, the dashboard and `sync` all show.

A thin service over the store and the pure game rules (no Textual here).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pendulum

from repdash.core import game
from repdash.core.workdays import count_working_days, period_bounds, previous_working_days, week_bounds
from repdash.store.local import LocalStore

SPARK_DAYS = 10


def sum_counts(daily, start: date, end: date, kinds) -> dict[str, int]:
    out = {k: 0 for k in kinds}
    for d, counts in daily.items():
        if start <= d <= end:
            for k, n in counts.items():
                out[k] = out.get(k, 0) + n
    return out


def rep_summary(store: LocalStore, now: pendulum.DateTime, standard: dict | None = None) -> dict[str, Any]:
    config = store.require()
    kinds = store.kinds
    today = store.today(now)
    off = store.off_days
    targets = store.targets
    daily = store.daily_counts()
    today_counts = {k: daily.get(today, {}).get(k, 0) for k in kinds}
    for k, n in daily.get(today, {}).items():
        today_counts.setdefault(k, n)
    targets_on = store.targets_on_factory()
    xp = sum(game.xp_of_day(c, targets_on(d)) for d, c in daily.items())
    level = game.level_for(xp)
    wk_start, wk_end = week_bounds(today)
    p_start, p_end = period_bounds(today, config.get("period", "month"))
    spark_days = previous_working_days(today, SPARK_DAYS, off)
    return {
        "date": today.isoformat(),
        "rep": config["name"],
        "rep_id": config["rep_id"],
        "tz": store.tz,
        "today": today_counts,
        "targets": targets,
        "standard": standard,
        "streak": game.streak(daily, targets, today, off, targets_on),
        "level": level.level,
        "xp": xp,
        "level_progress": round(level.progress, 4),
        "xp_to_next": level.to_next,
        "remaining": game.remaining(today_counts, targets),
        "targets_met": game.targets_met(today_counts, targets),
        "week": sum_counts(daily, wk_start, min(wk_end, today), kinds),
        "week_working_days_so_far": count_working_days(wk_start, today, off),
        "period": sum_counts(daily, p_start, min(p_end, today), kinds),
        "spark": {k: [daily.get(d, {}).get(k, 0) for d in spark_days] for k in kinds},
        "spark_days": [d.isoformat() for d in spark_days],
        "yesterday": (today - timedelta(days=1)).isoformat(),
    }
