"""Calendar rules (repdash/core/workdays.py): local dates, working days, period bounds."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from repdash.core import workdays as wd

dates = st.dates(date(2000, 1, 1), date(2099, 12, 31))


@given(dates)
def test_week_is_monday_to_sunday(day):
    start, end = wd.period_bounds(day, "week")
    assert start.weekday() == 0 and end - start == timedelta(days=6)
    assert start <= day <= end
    assert wd.week_bounds(day) == (start, end)
    assert type(start) is date and type(end) is date


@given(dates)
def test_month_is_first_to_last_day(day):
    start, end = wd.period_bounds(day, "month")
    assert start == day.replace(day=1)
    assert end == day.replace(day=calendar.monthrange(day.year, day.month)[1])


@given(dates)
def test_quarter_is_three_whole_months(day):
    start, end = wd.period_bounds(day, "quarter")
    assert start.day == 1 and start.month in (1, 4, 7, 10) and start.year == day.year
    assert start <= day <= end
    assert end.month == start.month + 2 and (end + timedelta(days=1)).day == 1


@pytest.mark.parametrize(
    "day,period,bounds",
    [
        (date(2026, 11, 26), "week", (date(2026, 11, 23), date(2026, 11, 29))),
        (date(2026, 11, 29), "week", (date(2026, 11, 23), date(2026, 11, 29))),
        (date(2026, 11, 30), "week", (date(2026, 11, 30), date(2026, 12, 6))),
        (date(2028, 2, 10), "month", (date(2028, 2, 1), date(2028, 2, 29))),
        (date(2026, 12, 31), "quarter", (date(2026, 10, 1), date(2026, 12, 31))),
        (date(2026, 4, 1), "quarter", (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 3, 31), "quarter", (date(2026, 1, 1), date(2026, 3, 31))),
    ],
)
def test_period_bounds_examples(day, period, bounds):
    assert wd.period_bounds(day, period) == bounds


def test_unknown_period_is_an_error():
    with pytest.raises(ValueError):
        wd.period_bounds(date(2026, 1, 1), "fortnight")


def test_working_days_in_a_month():
    # November 2026 starts on a Sunday: 21 weekdays
    assert wd.count_working_days(date(2026, 11, 1), date(2026, 11, 30)) == 21
    holidays = {date(2026, 11, 26), date(2026, 11, 28)}  # a Thursday and a Saturday
    assert wd.count_working_days(date(2026, 11, 1), date(2026, 11, 30), holidays) == 20
    assert wd.working_days(date(2026, 11, 27), date(2026, 11, 30)) == [date(2026, 11, 27), date(2026, 11, 30)]
    assert wd.working_days(date(2026, 11, 28), date(2026, 11, 29)) == []
    assert wd.working_days(date(2026, 11, 30), date(2026, 11, 27)) == []


@given(dates, st.integers(0, 60), st.sets(dates, max_size=10))
def test_working_days_are_weekdays_not_off(start, length, off):
    end = start + timedelta(days=length)
    got = wd.working_days(start, end, off)
    assert got == sorted(got)
    assert all(start <= d <= end and d.weekday() < 5 and d not in off for d in got)
    everything = list(wd.days(start, end))
    assert len(everything) == length + 1  # both ends included
    assert len(got) == sum(1 for d in everything if d.weekday() < 5 and d not in off)


@given(dates, st.integers(1, 30), st.sets(dates, max_size=10), st.booleans())
def test_previous_working_days(day, n, off, include):
    got = wd.previous_working_days(day, n, off, include=include)
    assert len(got) == n
    assert got == sorted(got) and len(set(got)) == n
    assert all(wd.is_working_day(d, off) for d in got)
    assert all(d < day for d in got) if not include else all(d <= day for d in got)
    if include and wd.is_working_day(day, off):
        assert got[-1] == day
    # no working day is skipped between the first one and `day`
    last = day if include else day - timedelta(days=1)
    assert got == wd.working_days(got[0], last, off)


def test_previous_working_days_examples():
    thu = date(2026, 11, 26)
    assert wd.previous_working_days(thu, 3) == [date(2026, 11, 24), date(2026, 11, 25), thu]
    assert wd.previous_working_days(date(2026, 11, 29), 2) == [date(2026, 11, 26), date(2026, 11, 27)]
    assert wd.previous_working_days(date(2026, 11, 23), 1, include=False) == [date(2026, 11, 20)]
    assert wd.previous_working_days(thu, 0) == []


def test_previous_working_days_terminates_on_a_calendar_of_holidays():
    day = date(2026, 11, 26)
    off = set(wd.days(day - timedelta(days=2000), day))
    assert wd.previous_working_days(day, 5, off) == []


def test_local_date_follows_the_reps_zone():
    moment = pendulum.parse("2026-11-26T23:30:00+00:00")
    assert wd.local_date("Europe/Berlin", moment) == date(2026, 11, 27)
    assert wd.local_date("America/New_York", moment) == date(2026, 11, 26)
    assert wd.local_date("Pacific/Auckland", pendulum.parse("2026-11-26T11:00:00+00:00")) == date(2026, 11, 27)
    assert type(wd.local_date("UTC", moment)) is date


def test_local_date_across_dst_changes():
    # Berlin springs forward at 01:00 UTC on 29 March 2026 and falls back at 01:00 UTC on 25 October.
    assert wd.local_date("Europe/Berlin", pendulum.parse("2026-03-28T22:59:00+00:00")) == date(2026, 3, 28)
    assert wd.local_date("Europe/Berlin", pendulum.parse("2026-03-28T23:00:00+00:00")) == date(2026, 3, 29)
    assert wd.local_date("Europe/Berlin", pendulum.parse("2026-03-29T21:59:00+00:00")) == date(2026, 3, 29)
    assert wd.local_date("Europe/Berlin", pendulum.parse("2026-03-29T22:00:00+00:00")) == date(2026, 3, 30)
    assert wd.local_date("Europe/Berlin", pendulum.parse("2026-10-25T22:59:00+00:00")) == date(2026, 10, 25)
    assert wd.local_date("Europe/Berlin", pendulum.parse("2026-10-25T23:00:00+00:00")) == date(2026, 10, 26)


def test_parse_dates():
    assert wd.parse_dates(["2026-12-24", "2026-12-25"]) == frozenset({date(2026, 12, 24), date(2026, 12, 25)})
    with pytest.raises(ValueError):
        wd.parse_dates(["24.12.2026"])
