"""The sales math for one rep from their store: what `repdash math` and the math screens show."""

from __future__ import annotations

from repdash.core import salesmath as sm


def report_for(store, now, cached_only: bool = False) -> dict:
    """Read what the math needs from the store (history since the oldest date used) and compute it."""
    config = store.require()
    today = store.today(now)
    off = store.off_days
    since = sm.daily_window_start(today, config.get("period") or "month", off)
    daily = store.daily_counts(since=since, until=today)
    report = sm.math_report(config, daily, today, off, store.team_cache())
    from repdash.sync.standard import current_standard

    report["standard"] = current_standard(store, cached_only=cached_only)
    return report
