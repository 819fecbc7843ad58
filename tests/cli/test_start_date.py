"""Start date and prorated quota (SPEC "Start date"): fair from day one."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from repdash.core import salesmath as sm
from repdash.core.workdays import PERIODS, period_bounds, start_date_of

NOV_START, NOV_END = date(2026, 11, 1), date(2026, 11, 30)
WED_18 = date(2026, 11, 18)


def test_quota_this_period_prorates_by_working_days():
    # November 2026 has 21 working days; 18-30 Nov holds 9 of them: ceil(15 x 9 / 21) = ceil(6.43) = 7.
    assert sm.quota_this_period(15, WED_18, NOV_START, NOV_END) == 7
    assert sm.quota_this_period(15, date(2026, 10, 5), NOV_START, NOV_END) == 15
    assert sm.quota_this_period(15, None, NOV_START, NOV_END) == 15


def test_a_rep_starting_wednesday_18_november_needs_one_deal_a_day():
    config = {"quota": 15, "period": "month", "targets": {}}
    r = sm.math_report(config, {}, WED_18, start_date=WED_18)
    assert r["quota"] == 15 and r["quota_this_period"] == 7
    assert r["start_date"] == "2026-11-18"
    assert r["prorated"] == {"working_days": 9, "of": 21}
    assert r["working_days_left"] == 9
    assert r["needed_per_day"]["deal"] == 1  # 7 deals over 9 days, not 15 over 9
    # Pace counts only from the start date: one working day elapsed, not twelve.
    assert r["working_days_elapsed"] == 1
    assert r["pace"] == "starting"  # her first working day: never "behind" (issue 20), and against 7, not 15


def test_gaps_and_projection_count_only_from_the_start_date():
    config = {"quota": 15, "period": "month", "targets": {}}
    today = date(2026, 11, 20)  # Friday: 18, 19, 20 elapsed since the start
    daily = {d: {"call": 100, "pitch": 20, "commit": 8, "deal": 1} for d in (WED_18, date(2026, 11, 19), today)}
    fair = sm.math_report(config, daily, today, start_date=WED_18)
    # 3 elapsed days of pace x 9 working days from the start: 300 calls -> 300/3 x 9 x rates.
    assert fair["working_days_elapsed"] == 3
    unfair = sm.math_report(config, daily, today, start_date=None)
    assert unfair["working_days_elapsed"] == 15
    assert fair["pace"] != "behind"  # 3 deals in 3 days against 7 over 9: fine
    assert unfair["pace"] == "behind"
    # The week's gap against plan counts from the start date (Wed), not Monday.
    assert all(n <= 0 for n in fair["gaps"]["week"].values())


def test_no_proration_in_later_periods():
    config = {"quota": 15, "period": "month", "targets": {}}
    r = sm.math_report(config, {}, date(2026, 12, 2), start_date=WED_18)
    assert r["quota_this_period"] == 15 and r["prorated"] is None


def test_start_date_is_the_first_entry_when_that_is_earlier():
    assert start_date_of(WED_18, date(2026, 10, 5)) == date(2026, 10, 5)
    assert start_date_of(WED_18, date(2026, 11, 20)) == WED_18
    assert start_date_of(None, None) is None


starts = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
quotas = st.integers(min_value=0, max_value=10_000)


@given(quotas, starts, st.sampled_from(PERIODS), starts)
def test_quota_this_period_properties(quota, start, period, day):
    p_start, p_end = period_bounds(day, period)
    q = sm.quota_this_period(quota, start, p_start, p_end)
    assert 0 <= q <= quota
    if start <= p_start:
        assert q == quota
    # Monotone inside the period: a later start never raises the quota.
    if start < p_end:
        later = sm.quota_this_period(quota, start + timedelta(days=1), p_start, p_end)
        assert later <= q


# ---- as a user meets it ---------------------------------------------------
def test_init_start_prorates_math_json(run_cli):
    res = run_cli(
        "init",
        "--name",
        "Nia",
        "--quota",
        "15",
        "--start",
        "2026-11-18",
        "--tz",
        "Europe/Berlin",
        now="2026-11-18T09:00:00+01:00",
    )
    assert res.code == 0, res.err
    assert "prorated: 9 of 21 working days" in res.out
    res = run_cli("math", "--json", now="2026-11-18T09:00:00+01:00")
    data = json.loads(res.out)
    assert (data["quota"], data["quota_this_period"], data["start_date"]) == (15, 7, "2026-11-18")
    assert data["needed_per_day"]["deal"] == 1
    text = run_cli("math", now="2026-11-18T09:00:00+01:00").out
    assert "7 deals of 15 (prorated: 9 of 21 working days)" in text


def test_init_defaults_the_start_to_today(run_cli):
    assert run_cli("init", "--name", "Nia", "--quota", "15", now="2026-11-18T09:00:00+01:00").code == 0
    data = json.loads(run_cli("math", "--json", now="2026-11-18T09:00:00+01:00").out)
    assert data["start_date"] == "2026-11-18" and data["quota_this_period"] == 7


def test_a_rep_with_history_from_october_is_not_prorated(run_cli, home):
    assert run_cli("init", "--name", "Old Hand", "--quota", "15", "--tz", "Europe/Berlin").code == 0
    from repdash.store.local import LocalStore

    store = LocalStore(home)
    at = pendulum.parse("2026-10-14T11:00:00", tz="Europe/Berlin")
    store.log("call", 30, at=at, now=at)
    data = json.loads(run_cli("math", "--json").out)
    assert data["start_date"] == "2026-10-14"
    assert data["quota_this_period"] == 15 and data["prorated"] is None


def test_init_start_must_be_a_date(run_cli, home):
    res = run_cli("init", "--name", "Nia", "--start", "18/11/2026")
    assert res.code == 2 and res.err.count("\n") == 1 and "--start" in res.err
    assert not (home / "repdash.json").exists()


async def test_the_math_screen_says_the_quota_is_prorated(home):
    from repdash.store.local import LocalStore
    from repdash.ui.app import RepdashApp

    now = pendulum.parse("2026-11-18T09:00:00+01:00")
    store = LocalStore(home)
    store.init("Nia", tz="Europe/Berlin", quota=15, now=now)
    app = RepdashApp(store, clock=lambda: now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        header = str(app.screen.query_one("#math-period").render())
        assert "0 of 7 deals · prorated 9/21 days" in header
