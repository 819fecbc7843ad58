"""Calendar rules: local business dates, working days, sales periods.

Dates are plain `datetime.date` (pendulum.Date is a subclass, both work).
Working days are Monday-Friday minus holidays and the rep's own days off.

These rules run on the dashboard's start path, before its first frame, so they use the
standard library only (`zoneinfo`, the same IANA data pendulum 3 reads): importing pendulum
costs more than the whole calendar arithmetic of a start. Elsewhere pendulum stays the
project's calendar library, and a `pendulum.DateTime` is a `datetime`: both work here.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import pendulum

PERIODS = ("week", "month", "quarter")
DEFAULT_PERIOD = "month"


def local_date(tz: str, now: datetime) -> date:
    """The business date in `tz` at the moment `now` (from repdash.clock; memoised: the board asks per rep)."""
    return _local_date(tz, now)


@lru_cache(maxsize=1024)
def _local_date(tz: str, now: datetime) -> date:
    d = now.astimezone(ZoneInfo(tz))
    return date(d.year, d.month, d.day)


DEFAULT_WORKING_HOURS = "09:00-17:00"


def working_hours(text: str | None) -> tuple[int, int]:
    """ "09:00-17:00" -> (540, 1020) minutes after midnight; anything else the default."""
    try:
        start, end = (str(text or DEFAULT_WORKING_HOURS)).split("-")
        a, b = (int(p[:2]) * 60 + int(p[3:5]) for p in (start.strip(), end.strip()))
        if 0 <= a < b <= 24 * 60:
            return a, b
    except (ValueError, TypeError):
        pass
    return working_hours(DEFAULT_WORKING_HOURS)


def elapsed_fraction(local: datetime, hours: str | None = None) -> float:
    """The part of the working day passed at the local moment `local`: 0 before the start, 1 after
    the end, linear in between (issue 20: pace counts today only this far)."""
    a, b = working_hours(hours)
    minute = local.hour * 60 + local.minute + local.second / 60
    return min(max((minute - a) / (b - a), 0.0), 1.0)


class Proration(NamedTuple):
    """A rep's share of a period (issue 19: proration once, one record). `start` is where counting
    begins: max(period start, start date); `days` the working days from it to the period's end;
    `of` the working days of the whole period; `prorated` when the start date falls after the
    period's first day (inside it); `week_from` this week's first counted date (the start date in
    the rep's first week)."""

    start: date
    end: date
    days: int
    of: int
    prorated: bool
    week_from: date

    def share(self, whole: int) -> int:
        """ceil(whole x days / of): the prorated quota (the whole of it outside the start's period)."""
        if whole <= 0:
            return 0
        if not self.prorated or self.of <= 0:
            return whole
        return math.ceil(whole * self.days / self.of - 1e-9)


def proration(
    today: date, period_start: date, period_end: date, start_date: date | None, off: Collection[date] = ()
) -> Proration:
    """The one proration rule: pace, projection, the prorated quota and the week count from it."""
    start = max(period_start, start_date) if start_date is not None else period_start
    prorated = start_date is not None and period_start < start_date <= period_end
    wk = today - timedelta(days=today.weekday())
    week_from = max(wk, start_date) if start_date is not None and start_date <= today else wk
    return Proration(
        start,
        period_end,
        count_working_days(start, period_end, off),
        count_working_days(period_start, period_end, off),
        prorated,
        week_from,
    )


def start_date_of(configured: date | None, first_entry: date | None) -> date | None:
    """The rep's start date: the configured one (`init --start`), or the first logged entry if earlier."""
    given = [d for d in (configured, first_entry) if d is not None]
    return min(given) if given else None


def is_working_day(day: date, off: Collection[date] = ()) -> bool:
    return day.weekday() < 5 and day not in off


def days(start: date, end: date) -> Iterator[date]:
    """Every date from start to end, both inclusive."""
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def working_days(start: date, end: date, off: Collection[date] = ()) -> list[date]:
    return [d for d in days(start, end) if is_working_day(d, off)]


# The board asks the same calendar questions for every rep of a team (hundreds per sync):
# these pure functions are memoised on hashable arguments.


def count_working_days(start: date, end: date, off: Collection[date] = ()) -> int:
    return _count_working_days(start, end, frozenset(off))


@lru_cache(maxsize=4096)
def _count_working_days(start: date, end: date, off: frozenset[date]) -> int:
    return len(working_days(start, end, off))


def previous_working_days(day: date, n: int, off: Collection[date] = (), include: bool = True) -> list[date]:
    """The n working days ending at `day` (included when it is one and include=True), oldest first."""
    return list(_previous_working_days(day, n, frozenset(off), include))


@lru_cache(maxsize=4096)
def _previous_working_days(day: date, n: int, off: frozenset[date], include: bool) -> tuple[date, ...]:
    out: list[date] = []
    d = day if include else day - timedelta(days=1)
    # A bound keeps a calendar of nothing but holidays from looping forever.
    for _ in range(n * 7 + 366):
        if len(out) == n:
            break
        if is_working_day(d, off):
            out.append(d)
        d -= timedelta(days=1)
    return tuple(reversed(out))


@lru_cache(maxsize=4096)
def period_bounds(day: date, period: str) -> tuple[date, date]:
    """First and last date of the week (Mon-Sun), month or quarter holding `day`."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    if period == "week":
        start = date(day.year, day.month, day.day) - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    first_month = day.month if period == "month" else 3 * ((day.month - 1) // 3) + 1
    last_month = day.month if period == "month" else first_month + 2
    after = date(day.year + 1, 1, 1) if last_month == 12 else date(day.year, last_month + 1, 1)
    return date(day.year, first_month, 1), after - timedelta(days=1)


def week_bounds(day: date) -> tuple[date, date]:
    return period_bounds(day, "week")


def parse_dates(values: Collection[str]) -> frozenset[date]:
    return frozenset(date.fromisoformat(v) for v in values)


def human_when(iso: str | None, now: pendulum.DateTime, tz: str) -> str:
    """A stored moment as a person reads it, in `tz`: "today 21:27", or "Fri 27 Nov, 21:27"
    (with the year when it is not this year). Never the raw ISO string; "–" when unknown."""
    if not iso:
        return "–"
    import pendulum  # here, not at the top: the dashboard's start path imports this module

    try:
        parsed = pendulum.parse(iso)
    except Exception:
        return "–"
    if not isinstance(parsed, pendulum.DateTime):  # a bare time or duration names no moment
        return "–"
    at = parsed.in_timezone(tz)
    today = now.in_timezone(tz).date()
    day = at.date()
    clock = f"{at.hour:02d}:{at.minute:02d}"
    if day == today:
        return f"today {clock}"
    # strftime for the names: pendulum's format() loads locale data on first use.
    year = "" if day.year == today.year else f" {day.year}"
    return f"{day:%a} {day.day} {day:%b}{year}, {clock}"
