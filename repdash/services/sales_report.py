"""The sales math for one rep from their store: what `repdash math` and the math screens show."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from repdash.core import salesmath as sm
from repdash.core.workdays import start_date_of

if TYPE_CHECKING:
    from repdash.core.shapes import MathReport


def rep_start_date(store) -> date | None:
    """`init --start` (or the day of init), or the first logged entry if that is earlier."""
    configured = store.config.start
    # A day file emptied by undo is not a logged entry.
    first = next((d for d, c in sorted(store.daily_counts().items()) if any(c.values())), None)
    return start_date_of(configured, first)


def report_for(store, now, cached_only: bool = False) -> MathReport:
    """Read what the math needs from the store (history since the oldest date used) and compute it."""
    config = store.require()
    today = store.today(now)
    off = store.off_days
    since = sm.daily_window_start(today, config.period, off)
    daily = store.daily_counts(since=since, until=today)
    from repdash.core.workdays import elapsed_fraction

    fraction = elapsed_fraction(now.in_timezone(config.tz), config.working_hours)
    report = sm.math_report(
        config.as_dict(),
        daily,
        today,
        off,
        store.team_cache(),
        start_date=rep_start_date(store),
        elapsed_fraction_today=fraction,
    )
    from repdash.services.team_standard import current_standard

    report["standard"] = current_standard(store, cached_only=cached_only)
    return report
