"""Sales math core: a hand-worked example, edge cases, calendars, zones and DST days."""

from __future__ import annotations

from datetime import date, timedelta

import pendulum
import pytest

from repdash.core import salesmath as sm
from repdash.core.workdays import local_date

RATES = {"pitch_per_call": 0.2, "commit_per_pitch": 0.4, "deal_per_commit": 0.25}


def weekdays(start: date, end: date, counts: dict) -> dict:
    out, d = {}, start
    while d <= end:
        if d.weekday() < 5:
            out[d] = dict(counts)
        d += timedelta(days=1)
    return out


def test_hand_worked_reverse_funnel():
    """The issue's example: 18 more deals in 9 working days at 1 in 4 / 2 in 5 / 1 in 5."""
    assert sm.needed_per_day(18, 9, RATES) == {"call": 100, "pitch": 20, "commit": 8, "deal": 2}


def test_each_step_rounds_up_from_the_exact_chain():
    # 18 / 8 = 2.25 deals -> 9 commits -> 22.5 pitches -> 112.5 calls
    assert sm.needed_per_day(18, 8, RATES) == {"call": 113, "pitch": 23, "commit": 9, "deal": 3}


def test_hand_worked_report():
    """Mon 2 Nov .. Thu 26 Nov 2026: 19 working days of 100/20/8/2; quota 60 deals; month has 21."""
    daily = weekdays(date(2026, 11, 2), date(2026, 11, 26), {"call": 100, "pitch": 20, "commit": 8, "deal": 2})
    config = {"quota": 60, "period": "month", "targets": {"call": 80, "pitch": 16, "commit": 6, "deal": 1}}
    r = sm.math_report(config, daily, date(2026, 11, 26))
    assert r["rates"] == {"pitch_per_call": 0.2, "commit_per_pitch": 0.4, "deal_per_commit": 0.25}
    assert r["rate_sources"] == dict.fromkeys(sm.RATE_NAMES, "own") and r["low_data"] is False
    assert (r["quota"], r["deals_so_far"], r["deals_needed"]) == (60, 38, 22)
    assert (r["working_days_in_period"], r["working_days_elapsed"], r["working_days_left"]) == (21, 19, 3)
    # 22 deals / 3 days = 7.33 -> 29.3 commits -> 73.3 pitches -> 366.7 calls
    assert r["needed_per_day"] == {"call": 367, "pitch": 74, "commit": 30, "deal": 8}
    # 100 calls a day x 0.02 deals per call x 21 working days
    assert r["projected_deals"] == 42
    # targets: the bottleneck (issue 20) min(80 x .02, 16 x .1, 6 x .25, 1) = 1 deal a day; 38 + 3 x 1 = 41
    assert r["targets_land"] == 41
    assert r["pace"] == "behind"


def test_pace_words():
    assert sm.pace_status(30, 10, 20) == "behind"
    assert sm.pace_status(30, 10, 31) == "on pace"
    assert sm.pace_status(30, 10, 40) == "ahead"
    assert sm.pace_status(30, 30, 30) == "met"
    assert sm.pace_status(0, 3, 3) == "no quota"


def test_money_quota_is_in_deals():
    assert sm.quota_in_deals(150_000, 5_000) == 30
    assert sm.quota_in_deals(150_001, 5_000) == 31
    assert sm.quota_in_deals(0.3, 0.1) == 3  # float noise must not add a deal
    assert sm.quota_in_deals(20, None) == 20
    assert sm.quota_in_deals(None, None) == 0
    assert sm.quota_in_deals("junk", 3) == 0


def test_no_history_falls_back_to_defaults():
    r = sm.math_report({"quota": 20, "period": "month"}, {}, date(2026, 11, 26))
    assert r["low_data"] is True
    assert set(r["rate_sources"].values()) == {"default"}
    assert r["rates"] == sm.BUILTIN_RATES
    assert r["projected_deals"] == 0 and r["deals_so_far"] == 0
    assert all(isinstance(v, int) and v > 0 for v in r["needed_per_day"].values())


def test_low_data_falls_back_per_rate_team_first():
    # plenty of calls and pitches, only 3 commits: the close rate is borrowed.
    daily = weekdays(date(2026, 11, 2), date(2026, 11, 26), {"call": 50, "pitch": 10})
    daily[date(2026, 11, 20)]["commit"] = 3
    own = sm.rates(daily, date(2026, 11, 26))
    assert own.values["pitch_per_call"] == 0.2 and own.values["deal_per_commit"] is None
    rates, sources = sm.resolve_rates(own, {"deal_per_commit": 0.3}, {"deal_per_commit": 0.5})
    assert rates["deal_per_commit"] == 0.3 and sources["deal_per_commit"] == "team"
    assert sources["pitch_per_call"] == "own"
    rates, sources = sm.resolve_rates(own, None, {"deal_per_commit": 0.5})
    assert rates["deal_per_commit"] == 0.5 and sources["deal_per_commit"] == "default"


def test_zero_rates_never_divide_by_zero():
    """Many commits, no deals: a zero own rate is not planned with; broken defaults fall through."""
    daily = weekdays(date(2026, 11, 2), date(2026, 11, 26), {"call": 50, "pitch": 10, "commit": 3})
    config = {"quota": 10, "period": "month", "default_rates": {"deal_per_commit": 0, "pitch_per_call": float("nan")}}
    r = sm.math_report(config, daily, date(2026, 11, 26))
    assert r["rate_sources"]["deal_per_commit"] == "default"
    assert r["rates"]["deal_per_commit"] == sm.BUILTIN_RATES["deal_per_commit"]
    assert r["own_rates"]["deal_per_commit"] == 0.0
    assert all(isinstance(v, int) for v in r["needed_per_day"].values())


def test_team_median_from_cached_team_excludes_self_and_junk():
    team = {
        "reps": [
            {"id": "me", "rates": {"deal_per_commit": 0.9}},
            {"id": "a", "rates": {"deal_per_commit": 0.2}},
            {"id": "b", "rates": {"deal_per_commit": 0.4, "pitch_per_call": "x"}},
            {"id": "c", "rates": {"deal_per_commit": None}},
            "not a rep",
        ],
        "standard": None,
    }
    r = sm.math_report({"quota": 5, "rep_id": "me"}, {}, date(2026, 11, 26), team=team)
    assert r["rates"]["deal_per_commit"] == pytest.approx(0.3)
    assert r["rate_sources"]["deal_per_commit"] == "team"
    assert r["rate_sources"]["pitch_per_call"] == "default"
    assert r["tiers"]["top"]["reps"] + r["tiers"]["middle"]["reps"] + r["tiers"]["bottom"]["reps"] == 4


def test_quota_met():
    daily = {date(2026, 11, 3): {"deal": 25, "commit": 30}}
    r = sm.math_report({"quota": 20}, daily, date(2026, 11, 26))
    assert r["quota_met"] and r["pace"] == "met"
    assert r["needed_per_day"] == {"call": 0, "pitch": 0, "commit": 0, "deal": 0}
    assert r["projected_deals"] >= 25


def test_last_working_day_of_period_and_none_left():
    # Mon 30 Nov 2026 is the last working day of November: everything lands today.
    r = sm.math_report({"quota": 3}, {}, date(2026, 11, 30))
    assert r["working_days_left"] == 1 and r["needed_per_day"]["deal"] == 3
    # Sat 31 Oct 2026: no working day left in October.
    r = sm.math_report({"quota": 3}, {}, date(2026, 10, 31))
    assert r["working_days_left"] == 0 and r["no_working_days_left"] is True
    assert r["needed_per_day"] == {"call": 0, "pitch": 0, "commit": 0, "deal": 0}


def test_a_period_of_nothing_but_holidays():
    off = frozenset(date(2026, 11, 23) + timedelta(days=i) for i in range(7))
    r = sm.math_report({"quota": 2, "period": "week"}, {}, date(2026, 11, 26), off=off)
    assert r["working_days_in_period"] == 0 and r["no_working_days_left"]
    assert r["projected_deals"] == 0 and r["pace"] == "behind"


def test_quarter_end_and_month_end():
    cal = sm.calendar(date(2026, 12, 31), "quarter")
    assert (cal.start, cal.end, cal.left) == (date(2026, 10, 1), date(2026, 12, 31), 1)
    assert cal.total == 66  # Oct 22 + Nov 21 + Dec 23 weekdays
    cal = sm.calendar(date(2026, 3, 31), "month")
    assert (cal.start, cal.end, cal.elapsed, cal.left) == (date(2026, 3, 1), date(2026, 3, 31), 22, 1)


def test_holiday_removes_a_working_day():
    plain = sm.calendar(date(2026, 12, 21), "month")
    xmas = sm.calendar(date(2026, 12, 21), "month", frozenset({date(2026, 12, 24), date(2026, 12, 25)}))
    assert plain.left - xmas.left == 2 and plain.total - xmas.total == 2
    # A holiday today: today is not a working day left.
    assert sm.calendar(date(2026, 12, 24), "month", {date(2026, 12, 24)}).left == 5  # 25, 28-31


@pytest.mark.parametrize(
    ("tz", "instant", "local_day"),
    [
        # 23:30 UTC on Mon 30 Nov is already Tue 1 Dec in Berlin, still Mon 30 Nov in Los Angeles.
        ("Europe/Berlin", "2026-11-30T23:30:00Z", date(2026, 12, 1)),
        ("America/Los_Angeles", "2026-11-30T23:30:00Z", date(2026, 11, 30)),
        # Quarter end seen from LA: 07:30 UTC on 1 Jan is 23:30 on 31 Dec.
        ("America/Los_Angeles", "2027-01-01T07:30:00Z", date(2026, 12, 31)),
        # DST days: the local date is right on both sides of the jump.
        ("Europe/Berlin", "2026-03-29T00:30:00Z", date(2026, 3, 29)),
        ("Europe/Berlin", "2026-03-29T22:30:00Z", date(2026, 3, 30)),
        ("Europe/Berlin", "2026-10-25T22:30:00Z", date(2026, 10, 25)),
        ("Europe/Berlin", "2026-10-25T23:30:00Z", date(2026, 10, 26)),
        ("America/Los_Angeles", "2026-03-08T09:30:00Z", date(2026, 3, 8)),
        ("America/Los_Angeles", "2026-03-09T06:30:00Z", date(2026, 3, 8)),
        ("America/Los_Angeles", "2026-11-01T08:30:00Z", date(2026, 11, 1)),
        ("America/Los_Angeles", "2026-11-02T07:30:00Z", date(2026, 11, 1)),
    ],
)
def test_local_date_drives_the_period(tz, instant, local_day):
    today = local_date(tz, pendulum.parse(instant))
    assert today == local_day
    r = sm.math_report({"quota": 10, "period": "month"}, {}, today)
    assert r["period_start"] == local_day.replace(day=1).isoformat()


def test_dst_sundays_are_not_working_days_and_the_next_monday_is():
    for sunday in (date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1)):
        cal = sm.calendar(sunday, "week")
        assert cal.left == 0 and cal.elapsed == 5
        assert sm.calendar(sunday + timedelta(days=1), "week").left == 5


def test_rates_window_is_20_working_days_including_today():
    today = date(2026, 11, 26)
    daily = {today - timedelta(days=i): {"call": 100, "pitch": 10} for i in range(60)}
    own = sm.rates(daily, today)
    assert own.working_days == 20 and own.first_day == date(2026, 10, 30)
    # 28 calendar days (weekends inside count too): 30 Oct .. 26 Nov
    assert own.totals["call"] == 2800
    assert own.values["pitch_per_call"] == pytest.approx(0.1)


def test_inbound_pitches_cap_the_rate_at_one():
    own = sm.rates({date(2026, 11, 26): {"call": 50, "pitch": 80}}, date(2026, 11, 26))
    assert own.values["pitch_per_call"] == 1.0


def test_tiers_split_in_thirds_best_first():
    reps = [{"name": str(i), "period": {"deal": i}} for i in range(7)]
    t = sm.tiers(reps)
    assert [len(t[k]) for k in ("top", "middle", "bottom")] == [3, 2, 2]
    assert [r["name"] for r in t["top"]] == ["6", "5", "4"]
    assert [len(sm.tiers(reps[:n])[k]) for n in (1, 2) for k in ("top", "middle", "bottom")] == [1, 0, 0, 1, 0, 1]
    assert sm.tiers([]) == {"top": [], "middle": [], "bottom": []}
    # An explicit pace wins over raw deals; quota-relative attainment when a quota is known.
    assert (
        sm.tiers([{"name": "a", "pace": 0.5, "period": {"deal": 9}}, {"name": "b", "pace": 1.2}])["top"][0]["name"]
        == "b"
    )
    assert (
        sm.tiers(
            [{"name": "a", "quota": 20, "period": {"deal": 10}}, {"name": "b", "quota": 5, "period": {"deal": 4}}]
        )["top"][0]["name"]
        == "b"
    )


def test_median_rates_ignores_untrusted_junk():
    got = sm.median_rates(
        [
            {"pitch_per_call": 0.1},
            {"pitch_per_call": 0.3},
            {"pitch_per_call": True},
            {"pitch_per_call": float("inf")},
            None,
            "x",
            {"pitch_per_call": 0.2},
        ]
    )
    assert got == {"pitch_per_call": 0.2}


def test_odds_reads_like_a_coach():
    assert [sm.odds(x) for x in (0.25, 0.4, 0.2, 1.0, 0.0)] == ["1 in 4", "2 in 5", "1 in 5", "every", "none"]
